"""numerical_gradient and gradient_check, including backward passes that are wrong on purpose."""

from __future__ import annotations

import numpy as np
import pytest
import reference as ref

import rnnlib

POINTS = [(-1.5, 2.0), (1.2, 0.9), (0.5, 0.5), (-0.3, -1.1), (1.4, -0.7)]


def test_numerical_gradient_by_hand():
    """ξ = (2 - y)² with y = wx·(x1·wrec² + x2·wrec + x3) for x = (1, 0, 1), t = 2.

    At wx = 2, wrec = 0.5: y = 2.5, ∂ξ/∂wx = 2(y - 2)·1.25 = 1.25, ∂ξ/∂wrec = 2(y - 2)·wx·2wrec = 2.
    """
    g_wx, g_wrec = rnnlib.numerical_gradient([1, 0, 1], [2], 2.0, 0.5)
    assert g_wx == pytest.approx(1.25, rel=1e-8)
    assert g_wrec == pytest.approx(2.0, rel=1e-8)


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_numerical_gradient_equals_the_independent_central_differences(wx, wrec):
    X, t = rnnlib.make_dataset(seed=1)
    ours = rnnlib.numerical_gradient(X, t, wx, wrec, eps=1e-6)
    theirs = ref.numerical_gradient_plain(X, t, wx, wrec, h=1e-6)
    exact = ref.numerical_gradient_exact(X, t, wx, wrec)
    for a, b, c in zip(ours, theirs, exact, strict=True):
        # Two float central differences of the same step differ only by round-off, ~ε·ξ/h.
        assert a == pytest.approx(b, rel=1e-7)
        assert a == pytest.approx(c, rel=1e-6)


def test_numerical_gradient_uses_eps():
    """For w_x the cost is a parabola, so central differences are exact for any step."""
    X, t = rnnlib.make_dataset(seed=1)
    fine = rnnlib.numerical_gradient(X, t, 0.5, 0.25, eps=1e-7)
    coarse = rnnlib.numerical_gradient(X, t, 0.5, 0.25, eps=0.25)
    assert coarse[0] == pytest.approx(fine[0], rel=1e-7)
    assert coarse[1] != pytest.approx(fine[1], rel=1e-3)  # w_rec: the truncation error shows


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_gradient_check_passes_for_the_real_backward_pass(wx, wrec):
    X, t = rnnlib.make_dataset(seed=1)
    result = rnnlib.gradient_check(X, t, wx, wrec)
    assert isinstance(result, rnnlib.GradientCheck)
    assert result.backprop == tuple(rnnlib.gradient(X, t, wx, wrec))
    assert result.numerical == tuple(rnnlib.numerical_gradient(X, t, wx, wrec))
    assert all(0 <= error < 1e-6 for error in result.relative_error)


def test_gradient_check_at_the_solution_where_both_gradients_vanish():
    X, t = rnnlib.make_dataset(seed=1)
    result = rnnlib.gradient_check(X, t, 1.0, 1.0)
    assert result.backprop == (0.0, 0.0)


def test_gradient_check_takes_a_one_dimensional_sequence():
    result = rnnlib.gradient_check([0, 1, 1, 0, 1], [3], 0.8, 1.1)
    assert result == rnnlib.gradient_check([[0, 1, 1, 0, 1]], [3], 0.8, 1.1)
    assert result.backprop == tuple(rnnlib.gradient([[0, 1, 1, 0, 1]], [3], 0.8, 1.1))


# --- wrong backward passes are caught -------------------------------------------------------


def test_pairing_the_gradient_with_the_wrong_input_is_caught():
    """grad_over_time[:, k] with X[:, k] instead of X[:, k-1]: off by a factor w_rec."""
    X, t = rnnlib.make_dataset(seed=1)
    with pytest.raises(ValueError, match=r"gradient check failed for wx .*backprop gives"):
        rnnlib.gradient_check(X, t, 1.2, 0.9, backward=ref.backward_pairs_current_input)


def test_pairing_with_the_produced_state_is_caught_on_wrec():
    X, t = rnnlib.make_dataset(seed=1)
    with pytest.raises(ValueError, match=r"gradient check failed for wrec"):
        rnnlib.gradient_check(X, t, 1.2, 0.9, backward=ref.backward_pairs_produced_state)


def test_forgetting_to_multiply_by_wrec_is_caught():
    X, t = rnnlib.make_dataset(seed=1)
    with pytest.raises(ValueError, match=r"gradient check failed for wx"):
        rnnlib.gradient_check(X, t, 1.2, 0.9, backward=ref.backward_forgets_wrec)


def test_backpropagating_only_one_step_is_caught():
    X, t = rnnlib.make_dataset(seed=1)
    with pytest.raises(ValueError, match=r"gradient check failed for wx"):
        rnnlib.gradient_check(X, t, -0.4, 1.3, backward=ref.backward_only_last_step)


def test_the_message_shows_both_values():
    X, t = rnnlib.make_dataset(seed=1)
    with pytest.raises(ValueError) as caught:
        rnnlib.gradient_check(X, t, 1.2, 0.9, backward=ref.backward_pairs_produced_state)
    S = rnnlib.forward_states(X, 1.2, 0.9)
    grad_out = rnnlib.output_gradient(S[:, -1], t)
    backprop, _ = ref.backward_pairs_produced_state(X, S, grad_out, 0.9)
    numerical = rnnlib.numerical_gradient(X, t, 1.2, 0.9)
    message = str(caught.value)
    assert f"{backprop[1]:.10g}" in message
    assert f"{numerical[1]:.10g}" in message
    assert "(1.2, 0.9)" in message


def test_a_check_at_wrec_1_cannot_see_the_off_by_one():
    """Why a gradient check belongs at a generic point: at w_rec = 1 the slip changes nothing."""
    X, t = rnnlib.make_dataset(seed=1)
    rnnlib.gradient_check(X, t, 1.2, 1.0, backward=ref.backward_pairs_current_input)
    with pytest.raises(ValueError):
        rnnlib.gradient_check(X, t, 1.2, 1.05, backward=ref.backward_pairs_current_input)


def test_a_tighter_rtol_is_honoured():
    """Central differences with a huge step are wrong for w_rec; a tolerance can say so or not."""
    X, t = rnnlib.make_dataset(seed=1)
    rnnlib.gradient_check(X, t, 0.5, 0.25, eps=1e-3, rtol=1e-2)
    with pytest.raises(ValueError, match="wrec"):
        rnnlib.gradient_check(X, t, 0.5, 0.25, eps=1e-3, rtol=1e-9)


def test_relative_error():
    from rnnlib.checking import relative_error

    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(-2.0, 2.0) == 2.0
    assert np.isclose(relative_error(1e-20, 2e-20), 0.5)
