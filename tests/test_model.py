"""The model: update_state, forward_states, cost, output_gradient, backward_gradient, gradient."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import reference as ref

import rnnlib

X_DEMO = np.array([[1, 0, 1], [0, 1, 1]])
T_DEMO = np.array([2, 2])

# The reference's six marked points on the loss surface, plus some generic ones.
POINTS = [(-1.5, 2.0), (1.2, 0.9), (0.5, 0.5), (-0.3, -1.1), (1.0, 1.0), (0.0, 1.3), (1.4, -0.7)]


# --- update_state ---------------------------------------------------------------------------


def test_update_state_is_the_recurrence():
    assert rnnlib.update_state(1.0, 2.0, 3.0, 0.5) == 2.0 * 0.5 + 1.0 * 3.0
    x_k, s_prev = np.array([0.0, 1.0, -0.5]), np.array([1.0, 2.0, 3.0])
    result = rnnlib.update_state(x_k, s_prev, 2.0, -1.0)
    np.testing.assert_array_equal(result, s_prev * -1.0 + x_k * 2.0)
    assert result.shape == (3,)


def test_update_state_leaves_its_arguments_alone():
    x_k, s_prev = np.array([1.0, 0.0]), np.array([0.5, 0.5])
    rnnlib.update_state(x_k, s_prev, 1.0, 2.0)
    np.testing.assert_array_equal(s_prev, [0.5, 0.5])
    np.testing.assert_array_equal(x_k, [1.0, 0.0])


# --- forward_states -------------------------------------------------------------------------


def test_forward_states_by_hand():
    S = rnnlib.forward_states(X_DEMO, 2.0, 0.5)
    # row 0: x = 1, 0, 1 -> s = 2, 1, 2.5; row 1: x = 0, 1, 1 -> s = 0, 2, 3
    np.testing.assert_array_equal(S, [[0, 2, 1, 2.5], [0, 0, 2, 3]])


def test_forward_states_shape_and_initial_state():
    X, _ = rnnlib.make_dataset(7, 13, seed=2)
    S = rnnlib.forward_states(X, 0.7, -1.1)
    assert S.shape == (7, 14)
    assert S.dtype == np.float64
    np.testing.assert_array_equal(S[:, 0], 0.0)


def test_forward_states_columns_are_update_state_steps():
    X, _ = rnnlib.make_dataset(5, 6, seed=4)
    S = rnnlib.forward_states(X, 1.3, 0.8)
    for k in range(6):
        np.testing.assert_array_equal(S[:, k + 1], rnnlib.update_state(X[:, k], S[:, k], 1.3, 0.8))


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_forward_states_equals_the_plain_loop_bit_for_bit(wx, wrec):
    """Same operations in the same order on float64: the results must be identical."""
    X, _ = rnnlib.make_dataset(seed=1)
    assert rnnlib.forward_states(X, wx, wrec).tolist() == ref.forward_plain(X, wx, wrec)


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_output_equals_the_closed_form(wx, wrec):
    X, _ = rnnlib.make_dataset(seed=1)
    y = rnnlib.forward_states(X, wx, wrec)[:, -1]
    for row, y_row in zip(X.tolist(), y, strict=True):
        tolerance = ref.rounding_bound(2 * len(row) + 6, ref.output_magnitude(row, wx, wrec))
        assert abs(y_row - ref.closed_form(row, wx, wrec)) <= tolerance


def test_one_dimensional_input_is_a_batch_of_one():
    x = np.array([0, 1, 1, 0, 1])
    S = rnnlib.forward_states(x, 0.9, 1.1)
    assert S.shape == (1, 6)
    np.testing.assert_array_equal(S, rnnlib.forward_states(x[np.newaxis, :], 0.9, 1.1))


def test_real_valued_lists_and_bools_are_accepted():
    S = rnnlib.forward_states([[0.5, -0.25]], 2.0, 3.0)
    np.testing.assert_array_equal(S, [[0.0, 1.0, 2.5]])
    S_bool = rnnlib.forward_states(np.array([[True, False, True]]), 1.0, 1.0)
    np.testing.assert_array_equal(S_bool, [[0.0, 1.0, 1.0, 2.0]])


def test_forward_states_accepts_numpy_scalar_weights_and_does_not_modify_x():
    X = np.array([[1.0, 0.0, 1.0]])
    S = rnnlib.forward_states(X, np.float32(0.5), np.array(2.0))
    np.testing.assert_array_equal(S, [[0.0, 0.5, 1.0, 2.5]])
    np.testing.assert_array_equal(X, [[1.0, 0.0, 1.0]])


def test_counting_weights_count():
    """w_x = w_rec = 1 makes y the sum of the inputs: the task solved exactly."""
    X, t = rnnlib.make_dataset(seed=1)
    np.testing.assert_array_equal(rnnlib.forward_states(X, 1.0, 1.0)[:, -1], t)


def test_the_published_test_sequence_gives_5_00():
    """The reference's 12-long test sequence with the Rprop-trained weights prints 5.00."""
    X, t = rnnlib.make_dataset(seed=1)
    wx, wrec = rnnlib.rprop(X, t)[-1]
    sequence = np.array([0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1])
    assert sequence.sum() == 5
    y = rnnlib.forward_states(sequence, wx, wrec)[0, -1]
    assert f"{y:.2f}" == "5.00"


# --- cost and output_gradient ---------------------------------------------------------------


def test_cost_is_the_mean_squared_error():
    assert rnnlib.cost(np.array([1.0, 3.0]), np.array([2.0, 0.0])) == pytest.approx((1 + 9) / 2)
    assert rnnlib.cost([4.0], [4.0]) == 0.0
    assert isinstance(rnnlib.cost(np.array([1.0]), np.array([2.0])), float)


def test_cost_is_symmetric_and_accepts_scalars():
    assert rnnlib.cost(3.0, 5.0) == rnnlib.cost(5.0, 3.0) == 4.0


def test_cost_equals_the_plain_cost():
    X, t = rnnlib.make_dataset(seed=1)
    for wx, wrec in POINTS:
        y = rnnlib.forward_states(X, wx, wrec)[:, -1]
        expected = ref.cost_plain(X, t, wx, wrec)
        assert rnnlib.cost(y, t) == pytest.approx(expected, rel=1e-13, abs=1e-300)


def test_output_gradient():
    y, t = np.array([1.0, 3.0, 2.0]), np.array([2.0, 0.0, 2.0])
    grad = rnnlib.output_gradient(y, t)
    np.testing.assert_allclose(grad, 2 * (y - t) / 3, rtol=0, atol=0)
    assert grad.shape == (3,)


def test_output_gradient_is_the_derivative_of_the_cost():
    y, t = np.array([1.5, -0.5, 2.0, 7.0]), np.array([2.0, 0.0, 3.0, 5.0])
    grad = rnnlib.output_gradient(y, t)
    h = 1e-6
    for i in range(4):
        up, down = y.copy(), y.copy()
        up[i] += h
        down[i] -= h
        fd = (rnnlib.cost(up, t) - rnnlib.cost(down, t)) / (2 * h)
        assert grad[i] == pytest.approx(fd, rel=1e-7, abs=1e-9)


# --- backward_gradient and gradient ---------------------------------------------------------


def _backward(X, t, wx, wrec):
    S = rnnlib.forward_states(X, wx, wrec)
    grad_out = rnnlib.output_gradient(S[:, -1], t)
    return S, grad_out, rnnlib.backward_gradient(X, S, grad_out, wrec)


def test_backward_gradient_shapes():
    X, t = rnnlib.make_dataset(6, 9, seed=3)
    _, _, ((g_wx, g_wrec), grad_over_time) = _backward(X, t, 0.4, 1.2)
    assert isinstance(g_wx, float) and isinstance(g_wrec, float)
    assert grad_over_time.shape == (6, 10)


@pytest.mark.parametrize("wrec", [2.0, 1.0, 0.5, -0.8, 0.0])
def test_grad_over_time_is_grad_out_times_powers_of_wrec(wrec):
    X, t = rnnlib.make_dataset(seed=1)
    _, grad_out, (_, grad_over_time) = _backward(X, t, 0.7, wrec)
    np.testing.assert_array_equal(grad_over_time[:, -1], grad_out)
    for k in range(X.shape[1]):
        np.testing.assert_array_equal(grad_over_time[:, k], grad_over_time[:, k + 1] * wrec)


def test_backward_gradient_by_hand():
    """One sequence x = (1, 0, 1), t = 2, wx = 2, wrec = 0.5: s = 2, 1, 2.5, y = 2.5.

    ∂ξ/∂y = 2·(2.5 - 2) = 1; ∂ξ/∂s_k = 0.5^(3-k) for k = 3, 2, 1, 0 -> 1, 0.5, 0.25, 0.125.
    ∂ξ/∂wx = Σ_k ∂ξ/∂s_k·x_k = 1·1 + 0.5·0 + 0.25·1 = 1.25.
    ∂ξ/∂wrec = Σ_k ∂ξ/∂s_k·s_{k-1} = 1·1 + 0.5·2 + 0.25·0 = 2.
    """
    _, _, ((g_wx, g_wrec), grad_over_time) = _backward([1, 0, 1], [2], 2.0, 0.5)
    assert (g_wx, g_wrec) == (1.25, 2.0)
    np.testing.assert_array_equal(grad_over_time, [[0.125, 0.25, 0.5, 1.0]])


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_backward_gradient_equals_the_plain_loop(wx, wrec):
    X, t = rnnlib.make_dataset(seed=1)
    _, _, ((g_wx, g_wrec), grad_over_time) = _backward(X, t, wx, wrec)
    (p_wx, p_wrec), plain_over_time = ref.bptt_plain(X, t, wx, wrec)
    # Same products in the same order: the state gradients agree bit for bit.
    assert grad_over_time.tolist() == plain_over_time
    # The sums are taken in another order (np.sum versus math.fsum): bound by their magnitude.
    n, length = X.shape
    m_wx, m_wrec = ref.gradient_magnitude(X, t, wx, wrec)
    assert abs(g_wx - p_wx) <= ref.rounding_bound(n + length, m_wx)
    assert abs(g_wrec - p_wrec) <= ref.rounding_bound(n + length, m_wrec)


def test_backward_gradient_one_dimensional_input():
    x, t = np.array([1, 1, 0, 1]), np.array([3])
    S = rnnlib.forward_states(x, 0.8, 1.1)
    grads_1d, over_1d = rnnlib.backward_gradient(x, S, rnnlib.output_gradient(S[:, -1], t), 1.1)
    grads_2d, over_2d = rnnlib.backward_gradient(
        x[np.newaxis], S, rnnlib.output_gradient(S[:, -1], t), 1.1
    )
    assert grads_1d == grads_2d
    np.testing.assert_array_equal(over_1d, over_2d)


def test_gradient_is_forward_then_backward():
    X, t = rnnlib.make_dataset(seed=1)
    for wx, wrec in POINTS:
        _, _, (grads, _) = _backward(X, t, wx, wrec)
        gradient = rnnlib.gradient(X, t, wx, wrec)
        assert gradient.shape == (2,)
        assert tuple(gradient) == grads


def test_gradient_vanishes_at_the_exact_solution():
    X, t = rnnlib.make_dataset(seed=1)
    assert tuple(rnnlib.gradient(X, t, 1.0, 1.0)) == (0.0, 0.0)


def test_gradient_in_wrec_vanishes_when_wx_is_zero():
    """With w_x = 0 every state is 0 whatever w_rec is, so the cost does not depend on w_rec."""
    X, t = rnnlib.make_dataset(seed=1)
    g_wx, g_wrec = rnnlib.gradient(X, t, 0.0, 1.7)
    assert g_wrec == 0.0
    assert g_wx != 0.0


@pytest.mark.parametrize(("wx", "wrec"), POINTS)
def test_gradient_equals_exact_central_differences(wx, wrec):
    X, t = rnnlib.make_dataset(seed=1)
    gradient = rnnlib.gradient(X, t, wx, wrec)
    for error, tolerance in ref.gradient_error_and_tolerance(X, t, wx, wrec, gradient):
        assert error <= tolerance


# --- overflow: the caller hears about the weights it passed, not about y ---------------------


def test_a_gradient_that_overflows_names_the_weights_and_the_length():
    X, t = rnnlib.make_dataset(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        with pytest.raises(OverflowError) as caught:
            rnnlib.gradient(X, t, 1, 1e40)
    message = str(caught.value)
    assert "(wx, wrec) = (1.0, 1e+40)" in message
    assert "length 10" in message
    assert "y must" not in message


def test_the_loss_that_overflows_is_inf_quietly():
    X, t = rnnlib.make_dataset(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rnnlib.loss(X, t, 1, 1e40) == np.inf
        assert rnnlib.loss(X, t, 1e300, 1.0) == np.inf


def test_a_gradient_check_where_the_gradient_overflows_names_the_point():
    X, t = rnnlib.make_dataset(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"at \(wx, wrec\) = \(1.0, 1e\+40\).*gives nan"):
            rnnlib.gradient_check(X, t, 1, 1e40)


def test_loss_is_the_cost_of_the_forward_pass():
    X, t = rnnlib.make_dataset(seed=1)
    for wx, wrec in POINTS:
        y = rnnlib.forward_states(X, wx, wrec)[:, -1]
        assert rnnlib.loss(X, t, wx, wrec) == rnnlib.cost(y, t)


def test_inner_calls_are_not_checked_again(monkeypatch):
    """forward_states checks its arguments once, not at each of its L calls to update_state."""
    from rnnlib import _validate

    calls = []
    original = _validate.PARAMETERS["x_k"]
    monkeypatch.setitem(_validate.PARAMETERS, "x_k", lambda *a: calls.append(1) or original(*a))
    X, t = rnnlib.make_dataset(seed=1)
    rnnlib.gradient(X, t, 1.2, 1.2)
    rnnlib.rprop(X, t, n_iter=5)
    assert calls == []
    rnnlib.update_state(X[:, 0], np.zeros(20), 1.0, 1.0)
    assert calls == [1]
