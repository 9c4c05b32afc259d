"""Every public function refuses bad input at the call, with an error naming the argument.

One table of representative cases per public function (each kind of check at least once per
argument it guards), not every bad value against every function: the checks are shared
(rnnlib._validate), so one case per argument and kind shows the boundary is in place. Each case
asserts the error type, that the message starts with the argument's name and says what came,
and that no warning escapes on the way.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_refused

import rnnlib

X, T = rnnlib.make_dataset(n_samples=4, length=5, seed=1)
S = rnnlib.forward_states(X, 1.0, 1.0)
GRAD_OUT = rnnlib.output_gradient(S[:, -1], T)
GRID = np.linspace(-1.0, 1.0, 3)
X_K, S_PREV = X[:, 0].astype(float), np.zeros(4)

# (function, call, exception, the argument the message names, what else it must say)
CASES = [
    # make_dataset: counts
    ("make_dataset", lambda: rnnlib.make_dataset(0), ValueError, "n_samples", "at least 1, got 0"),
    ("make_dataset", lambda: rnnlib.make_dataset(2.5), TypeError, "n_samples", "got float"),
    ("make_dataset", lambda: rnnlib.make_dataset(5, "10"), TypeError, "length", "integer, got str"),
    ("make_dataset", lambda: rnnlib.make_dataset(5, 0), ValueError, "length", "at least 1"),
    ("make_dataset", lambda: rnnlib.make_dataset(5, 10, -1), ValueError, "seed", "at least 0"),
    # update_state: one step's arrays and the weights
    ("update_state", lambda: rnnlib.update_state(np.ones(3), np.zeros((3, 1)), 1.0, 1.0),
     ValueError, "x_k and s_prev", r"same shape.*got \(3,\) and \(3, 1\)"),
    ("update_state", lambda: rnnlib.update_state("1", 0.0, 1.0, 1.0), TypeError, "x_k",
     "array of numbers"),
    ("update_state", lambda: rnnlib.update_state(1.0, None, 1.0, 1.0), TypeError, "s_prev",
     "array of numbers"),
    ("update_state", lambda: rnnlib.update_state(np.nan, 0.0, 1.0, 1.0), ValueError, "x_k",
     "finite"),
    ("update_state", lambda: rnnlib.update_state(X_K, S_PREV, "1", 1.0), TypeError, "wx",
     r"real number \(a scalar\), got str"),
    ("update_state", lambda: rnnlib.update_state(X_K, S_PREV, 1.0, np.nan), ValueError, "wrec",
     "finite, got nan"),
    # forward_states: X of every kind, and the weights
    ("forward_states", lambda: rnnlib.forward_states(np.ones((2, 3, 4)), 1, 1), ValueError, "X",
     r"1-D .* or 2-D .*got 3-D"),
    ("forward_states", lambda: rnnlib.forward_states("0110", 1, 1), TypeError, "X",
     "array of numbers"),
    ("forward_states", lambda: rnnlib.forward_states([[1, 0], [1]], 1, 1), TypeError, "X",
     "array of numbers"),
    ("forward_states", lambda: rnnlib.forward_states(np.ones((2, 3)) + 1j, 1, 1), TypeError, "X",
     "real numbers, got complex"),
    ("forward_states", lambda: rnnlib.forward_states([[1.0, np.inf]], 1, 1), ValueError, "X",
     "finite, got a value of inf"),
    ("forward_states", lambda: rnnlib.forward_states(np.zeros((0, 5)), 1, 1), ValueError, "X",
     r"at least one sample, got shape \(0, 5\)"),
    ("forward_states", lambda: rnnlib.forward_states(np.zeros((4, 0)), 1, 1), ValueError, "X",
     "length at least 1"),
    ("forward_states", lambda: rnnlib.forward_states(X, np.ones(2), 1.0), TypeError, "wx",
     "a scalar"),
    ("forward_states", lambda: rnnlib.forward_states(X, 1.0, True), TypeError, "wrec", "got bool"),
    ("forward_states", lambda: rnnlib.forward_states(X, 1.0, -np.inf), ValueError, "wrec",
     "finite, got -inf"),
    # cost, output_gradient: y against t
    ("cost", lambda: rnnlib.cost(np.ones(3), np.ones(4)), ValueError, "y",
     r"one value per sample of t \(4\), got 3"),
    ("cost", lambda: rnnlib.cost(np.ones(4), [1, np.nan, 2, 3]), ValueError, "t", "finite"),
    ("cost", lambda: rnnlib.cost([], []), ValueError, "t", "at least one sample"),
    ("output_gradient", lambda: rnnlib.output_gradient(np.ones((4, 1)), np.ones(4)), ValueError,
     "y", "1-D"),
    ("output_gradient", lambda: rnnlib.output_gradient(np.ones(4), None), TypeError, "t",
     "array of numbers, got NoneType"),
    # loss, gradient: X, t and the weights
    ("loss", lambda: rnnlib.loss(X, T[:3], 1.0, 1.0), ValueError, "t",
     r"one value per sample of X \(4\), got 3"),
    ("loss", lambda: rnnlib.loss(X, T, None, 1.0), TypeError, "wx", "got NoneType"),
    ("gradient", lambda: rnnlib.gradient(X[0, :, None, None], T, 1, 1), ValueError, "X", "3-D"),
    ("gradient", lambda: rnnlib.gradient(X, T[:, None], 1, 1), ValueError, "t",
     r"1-D \(one value per sample\), got shape \(4, 1\)"),
    ("gradient", lambda: rnnlib.gradient(X, T, 1.0, float("nan")), ValueError, "wrec", "finite"),
    # backward_gradient: S's shape and grad_out
    ("backward_gradient", lambda: rnnlib.backward_gradient(X, S[:, 1:], GRAD_OUT, 1.0),
     ValueError, "S", r"shape \(n, L\+1\) = \(4, 6\) for X of shape \(4, 5\), got \(4, 5\)"),
    ("backward_gradient", lambda: rnnlib.backward_gradient(X, S, GRAD_OUT[:2], 1.0), ValueError,
     "grad_out", r"one value per sample of X \(4\), got 2"),
    ("backward_gradient", lambda: rnnlib.backward_gradient(X, S, GRAD_OUT, "1"), TypeError, "wrec",
     "got str"),
    ("backward_gradient", lambda: rnnlib.backward_gradient([], S, GRAD_OUT, 1.0), ValueError, "X",
     "length at least 1"),
    # checking
    ("numerical_gradient", lambda: rnnlib.numerical_gradient(X, T, 1.0, 1.0, eps=0.0),
     ValueError, "eps", "positive, got 0.0"),
    ("numerical_gradient", lambda: rnnlib.numerical_gradient(X, ["1"] * 4, 1.0, 1.0), TypeError,
     "t", "array of numbers"),
    ("relative_error", lambda: rnnlib.relative_error("a", 1.0), TypeError, "a", "got str"),
    ("relative_error", lambda: rnnlib.relative_error(1.0, np.inf), ValueError, "b", "finite"),
    ("roundoff_floor", lambda: rnnlib.roundoff_floor(-1.0, 1e-7), ValueError, "xi", "at least 0"),
    ("roundoff_floor", lambda: rnnlib.roundoff_floor(1.0, -1e-7), ValueError, "eps", "positive"),
    ("gradient_check", lambda: rnnlib.gradient_check(X, T, 1.0, 1.0, rtol=-1e-5), ValueError,
     "rtol", "positive"),
    ("gradient_check", lambda: rnnlib.gradient_check(X, T, 1.0, 1.0, backward=None), TypeError,
     "backward", "a function, got NoneType"),
    ("gradient_check", lambda: rnnlib.gradient_check(X, T, [1.0], 1.0), TypeError, "wx",
     "a scalar"),
    # optimisers: w0, counts, rates
    ("rprop", lambda: rnnlib.rprop(X, T, w0=(1.0, 2.0, 3.0)), ValueError, "w0",
     r"two numbers \(w_x, w_rec\), got 3 items"),
    ("rprop", lambda: rnnlib.rprop(X, T, w0="ab"), TypeError, "w0", "two numbers .*got str"),
    ("rprop", lambda: rnnlib.rprop(X, T, w0=(1.0, np.nan)), ValueError, r"w0[1] (w_rec)",
     "finite, got nan"),
    ("rprop", lambda: rnnlib.rprop(X, T, n_iter=2.0), TypeError, "n_iter", "integer"),
    ("rprop", lambda: rnnlib.rprop(X, T, delta0=0), ValueError, "delta0", "positive"),
    ("rprop", lambda: rnnlib.rprop(X, T, eta_p=1.0), ValueError, "eta_p", "above 1, got 1.0"),
    ("rprop", lambda: rnnlib.rprop(X, T, eta_n=1.5), ValueError, "eta_n", r"in \(0, 1\)"),
    ("rprop", lambda: rnnlib.rprop(np.zeros((0, 3)), T), ValueError, "X", "at least one sample"),
    ("gradient_descent", lambda: rnnlib.gradient_descent(X, T, ("1", 2), 0.1, 1), TypeError,
     r"w0[0] (w_x)", "real number"),
    ("gradient_descent", lambda: rnnlib.gradient_descent(X, T, (1, 1), 0.0, 5), ValueError,
     "learning_rate", "positive, got 0.0"),
    ("gradient_descent", lambda: rnnlib.gradient_descent(X, T, (1, 1), 0.1, -5), ValueError,
     "n_iter", "at least 0, got -5"),
    ("gradient_descent", lambda: rnnlib.gradient_descent(X, T[:2], (1, 1), 0.1, 1), ValueError,
     "t", "one value per sample"),
    # the loss surface: grids
    ("surface_coefficients", lambda: rnnlib.surface_coefficients(X, T, [[1.0]]), ValueError,
     "wrec_values", r"non-empty 1-D array of values, got shape \(1, 1\)"),
    ("surface_coefficients", lambda: rnnlib.surface_coefficients(X, np.ones(5), GRID),
     ValueError, "t", "one value per sample"),
    ("loss_surface", lambda: rnnlib.loss_surface(X, T, [], GRID), ValueError, "wx_values",
     r"non-empty 1-D .*got shape \(0,\)"),
    ("loss_surface", lambda: rnnlib.loss_surface(X, T, GRID, [0.0, np.nan]), ValueError,
     "wrec_values", "finite, got a value of nan"),
    ("loss_surface", lambda: rnnlib.loss_surface(X, T, GRID, None), TypeError, "wrec_values",
     "array of numbers"),
    ("loss_surface", lambda: rnnlib.loss_surface(np.float64(1.0), T, GRID, GRID), ValueError,
     "X", "0-D"),
]


@pytest.mark.parametrize(
    ("call", "exception", "name", "says"),
    [pytest.param(*case[1:], id=f"{case[0]}-{case[3]}-{index}") for index, case in
     enumerate(CASES)],
)
def test_bad_input_is_refused_at_the_call(call, exception, name, says):
    assert_refused(call, exception, name, says)


def test_the_table_covers_every_public_function():
    functions = {name for name in rnnlib.__all__ if callable(getattr(rnnlib, name))}
    functions -= {"GradientCheck"}  # a result record, not called with the reader's input
    assert functions == {case[0] for case in CASES}


@pytest.mark.parametrize("function", ["forward_states", "gradient", "loss_surface"])
def test_a_one_dimensional_x_is_one_sequence_not_an_error(function):
    """The other side of the boundary: what the checks convert rather than refuse."""
    call = {
        "forward_states": lambda x: rnnlib.forward_states(x, 1.0, 1.0),
        "gradient": lambda x: rnnlib.gradient(x, [3], 1.0, 1.0),
        "loss_surface": lambda x: rnnlib.loss_surface(x, [3], GRID, GRID),
    }[function]
    np.testing.assert_array_equal(call([1, 1, 0, 1]), call([[1, 1, 0, 1]]))
