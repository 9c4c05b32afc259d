"""rprop and gradient_descent: the reference's training run, step by step."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import reference as ref

import rnnlib


@pytest.fixture(scope="module")
def data():
    return rnnlib.make_dataset(seed=1)


@pytest.fixture(scope="module")
def trajectory(data):
    return rnnlib.rprop(*data)


# --- rprop ----------------------------------------------------------------------------------


def test_rprop_reaches_the_published_weights(trajectory):
    wx, wrec = trajectory[-1]
    assert (f"{wx:.4f}", f"{wrec:.4f}") == ("1.0014", "0.9997")


def test_rprop_trajectory_shape_and_start(trajectory):
    assert trajectory.shape == (501, 2)
    assert trajectory.dtype == np.float64
    np.testing.assert_array_equal(trajectory[0], [-1.5, 2.0])


def test_rprop_equals_the_plain_reference_step_for_step(data, trajectory):
    np.testing.assert_array_equal(trajectory, ref.rprop_plain(*data, (-1.5, 2.0), 500))


def test_rprop_first_step_halves_delta(data, trajectory):
    """No previous sign (0) differs from the first sign, so Δ shrinks: 0.001·0.5 per weight."""
    step = trajectory[1] - trajectory[0]
    np.testing.assert_allclose(np.abs(step), [0.0005, 0.0005], rtol=1e-9)
    signs = np.sign(rnnlib.gradient(*data, -1.5, 2.0))
    np.testing.assert_array_equal(np.sign(step), -signs)


def test_rprop_step_sizes_follow_the_signs(data, trajectory):
    """Δ grows by 1.2 while a weight's gradient keeps its sign and halves when it flips."""
    delta = np.full(2, 0.001)
    previous = np.zeros(2)
    for i in range(40):
        sign = np.sign(rnnlib.gradient(*data, *trajectory[i]))
        delta = delta * np.where(sign == previous, 1.2, 0.5)
        np.testing.assert_allclose(
            trajectory[i + 1] - trajectory[i], -sign * delta, rtol=1e-9, atol=1e-15
        )
        previous = sign


def test_rprop_with_no_iterations_returns_just_w0(data):
    result = rnnlib.rprop(*data, w0=(0.3, -0.2), n_iter=0)
    assert result.shape == (1, 2)
    np.testing.assert_array_equal(result, [[0.3, -0.2]])


def test_rprop_uses_its_parameters(data):
    one = rnnlib.rprop(*data, w0=(0.5, 0.5), n_iter=1, delta0=0.1, eta_n=0.25)
    np.testing.assert_allclose(np.abs(one[1] - one[0]), [0.025, 0.025], rtol=1e-12)
    mine = rnnlib.rprop(*data, w0=(0.5, 0.5), n_iter=60, delta0=0.01, eta_p=1.5, eta_n=0.3)
    theirs = ref.rprop_plain(*data, (0.5, 0.5), 60, delta0=0.01, eta_p=1.5, eta_n=0.3)
    np.testing.assert_array_equal(mine, theirs)


def test_rprop_leaves_w0_alone(data):
    w0 = np.array([0.1, 0.2])
    rnnlib.rprop(*data, w0=w0, n_iter=5)
    np.testing.assert_array_equal(w0, [0.1, 0.2])


def test_rprop_lowers_the_cost(data, trajectory):
    costs = [rnnlib.cost(rnnlib.forward_states(data[0], *w)[:, -1], data[1]) for w in trajectory]
    assert costs[-1] < 1e-4 * costs[0]


# --- gradient_descent -----------------------------------------------------------------------


def _cost(data, w):
    return rnnlib.cost(rnnlib.forward_states(data[0], *w)[:, -1], data[1])


def test_gradient_descent_steps_against_the_gradient(data):
    trajectory = rnnlib.gradient_descent(*data, (0.5, 0.5), 0.001, 10)
    assert trajectory.shape == (11, 2)
    np.testing.assert_array_equal(trajectory[0], [0.5, 0.5])
    for i in range(10):
        expected = trajectory[i] - 0.001 * np.array(rnnlib.gradient(*data, *trajectory[i]))
        np.testing.assert_array_equal(trajectory[i + 1], expected)


def test_gradient_descent_at_a_small_learning_rate_lowers_the_cost(data):
    trajectory = rnnlib.gradient_descent(*data, (0.5, 0.5), 0.001, 300)
    assert trajectory.shape == (301, 2)
    costs = np.array([_cost(data, w) for w in trajectory])
    assert np.all(np.diff(costs) < 0)
    assert costs[-1] < 0.1 * costs[0]


def test_gradient_descent_with_no_iterations_returns_just_w0(data):
    result = rnnlib.gradient_descent(*data, (0.3, -0.2), 0.01, 0)
    np.testing.assert_array_equal(result, [[0.3, -0.2]])


@pytest.mark.parametrize(
    ("w0", "learning_rate"), [((-1.5, 2.0), 0.05), ((-1.5, 2.0), 1e-6), ((1.2, 1.1), 0.01)]
)
def test_gradient_descent_stops_early_and_quietly_when_it_diverges(data, w0, learning_rate):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (overflow) would fail the test
        trajectory = rnnlib.gradient_descent(*data, w0, learning_rate, 500)
    assert 1 <= trajectory.shape[0] < 501
    assert trajectory.shape[1] == 2
    assert np.all(np.isfinite(trajectory))
    assert all(_fully_finite(data, w) for w in trajectory)
    # It stopped because the next step leaves the finite numbers, not for another reason.
    with np.errstate(over="ignore", invalid="ignore"):
        gradient = np.array(rnnlib.gradient(*data, *trajectory[-1]))
        following = trajectory[-1] - learning_rate * gradient
    assert not _fully_finite(data, following)


def _fully_finite(data, w):
    """Whether the weights, states, cost and gradient at w are all finite numbers.

    Also the state gradients ∂ξ/∂s_k that enter the gradient's sums (k >= 1); ∂ξ/∂s_0, which
    nothing uses, may overflow at a finite point.
    """
    X, t = data
    with np.errstate(over="ignore", invalid="ignore"):
        if not np.all(np.isfinite(w)):
            return False
        S = rnnlib.forward_states(X, *w)
        if not (np.all(np.isfinite(S)) and np.isfinite(np.mean((t - S[:, -1]) ** 2))):
            return False
        grads, over_time = rnnlib.backward_gradient(
            X, S, rnnlib.output_gradient(S[:, -1], t), w[1]
        )
    return bool(np.all(np.isfinite(grads)) and np.all(np.isfinite(over_time[:, 1:])))


def test_gradient_descent_leaves_w0_alone(data):
    w0 = np.array([0.1, 0.2])
    rnnlib.gradient_descent(*data, w0, 0.001, 5)
    np.testing.assert_array_equal(w0, [0.1, 0.2])


def test_rprop_stops_early_and_quietly_when_it_diverges(data):
    """eta_p = 3 grows the steps faster than sign flips shrink them, until the cost overflows."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning (overflow) would fail the test
        trajectory = rnnlib.rprop(*data, eta_p=3, eta_n=0.9)
    assert 2 <= trajectory.shape[0] < 501
    assert all(_fully_finite(data, w) for w in trajectory)
    # Step for step the reference's Rprop, whose next point leaves the finite numbers.
    steps = trajectory.shape[0]
    reference = ref.rprop_plain(*data, (-1.5, 2.0), steps, eta_p=3, eta_n=0.9)
    np.testing.assert_array_equal(trajectory, reference[:steps])
    assert not _fully_finite(data, reference[steps])
