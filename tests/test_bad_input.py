"""Every public function refuses bad input at the call, naming the argument and what came.

No raw NumPy traceback from deep inside, no silent broadcasting, no NaN further on.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

import rnnlib

X, T = rnnlib.make_dataset(n_samples=4, length=5, seed=1)
S = rnnlib.forward_states(X, 1.0, 1.0)
GRAD_OUT = rnnlib.output_gradient(S[:, -1], T)
GRID = np.linspace(-1.0, 1.0, 3)


def _callers_of_x(bad_x):
    """Every public function that takes input sequences X, called with bad_x."""
    return {
        "forward_states": lambda: rnnlib.forward_states(bad_x, 1.0, 1.0),
        "backward_gradient": lambda: rnnlib.backward_gradient(bad_x, S, GRAD_OUT, 1.0),
        "gradient": lambda: rnnlib.gradient(bad_x, T, 1.0, 1.0),
        "numerical_gradient": lambda: rnnlib.numerical_gradient(bad_x, T, 1.0, 1.0),
        "gradient_check": lambda: rnnlib.gradient_check(bad_x, T, 1.0, 1.0),
        "rprop": lambda: rnnlib.rprop(bad_x, T, n_iter=1),
        "gradient_descent": lambda: rnnlib.gradient_descent(bad_x, T, (1.0, 1.0), 0.1, 1),
        "loss_surface": lambda: rnnlib.loss_surface(bad_x, T, GRID, GRID),
    }


def _callers_of_t(bad_t):
    return {
        "cost": lambda: rnnlib.cost(S[:, -1], bad_t),
        "output_gradient": lambda: rnnlib.output_gradient(S[:, -1], bad_t),
        "gradient": lambda: rnnlib.gradient(X, bad_t, 1.0, 1.0),
        "numerical_gradient": lambda: rnnlib.numerical_gradient(X, bad_t, 1.0, 1.0),
        "gradient_check": lambda: rnnlib.gradient_check(X, bad_t, 1.0, 1.0),
        "rprop": lambda: rnnlib.rprop(X, bad_t, n_iter=1),
        "gradient_descent": lambda: rnnlib.gradient_descent(X, bad_t, (1.0, 1.0), 0.1, 1),
        "loss_surface": lambda: rnnlib.loss_surface(X, bad_t, GRID, GRID),
    }


def _callers_of_weights(bad):
    """Every function taking a scalar weight, called with bad for that weight."""
    x_k, s_prev = X[:, 0].astype(float), np.zeros(4)
    return {
        "update_state wx": (lambda: rnnlib.update_state(x_k, s_prev, bad, 1.0), "wx"),
        "update_state wrec": (lambda: rnnlib.update_state(x_k, s_prev, 1.0, bad), "wrec"),
        "forward_states wx": (lambda: rnnlib.forward_states(X, bad, 1.0), "wx"),
        "forward_states wrec": (lambda: rnnlib.forward_states(X, 1.0, bad), "wrec"),
        "backward_gradient wrec": (lambda: rnnlib.backward_gradient(X, S, GRAD_OUT, bad), "wrec"),
        "gradient wx": (lambda: rnnlib.gradient(X, T, bad, 1.0), "wx"),
        "gradient wrec": (lambda: rnnlib.gradient(X, T, 1.0, bad), "wrec"),
        "numerical_gradient wx": (lambda: rnnlib.numerical_gradient(X, T, bad, 1.0), "wx"),
        "numerical_gradient wrec": (lambda: rnnlib.numerical_gradient(X, T, 1.0, bad), "wrec"),
        "numerical_gradient eps": (lambda: rnnlib.numerical_gradient(X, T, 1.0, 1.0, bad), "eps"),
        "gradient_check wx": (lambda: rnnlib.gradient_check(X, T, bad, 1.0), "wx"),
        "gradient_check wrec": (lambda: rnnlib.gradient_check(X, T, 1.0, bad), "wrec"),
        "gradient_check rtol": (lambda: rnnlib.gradient_check(X, T, 1.0, 1.0, rtol=bad), "rtol"),
        "rprop w0[0]": (lambda: rnnlib.rprop(X, T, w0=(bad, 1.0), n_iter=1), r"w0\[0\]"),
        "rprop w0[1]": (lambda: rnnlib.rprop(X, T, w0=(1.0, bad), n_iter=1), r"w0\[1\]"),
        "rprop delta0": (lambda: rnnlib.rprop(X, T, n_iter=1, delta0=bad), "delta0"),
        "rprop eta_p": (lambda: rnnlib.rprop(X, T, n_iter=1, eta_p=bad), "eta_p"),
        "rprop eta_n": (lambda: rnnlib.rprop(X, T, n_iter=1, eta_n=bad), "eta_n"),
        "gradient_descent w0[0]": (
            lambda: rnnlib.gradient_descent(X, T, (bad, 1.0), 0.1, 1),
            r"w0\[0\]",
        ),
        "gradient_descent learning_rate": (
            lambda: rnnlib.gradient_descent(X, T, (1.0, 1.0), bad, 1),
            "learning_rate",
        ),
    }


def _cases(factory, bad_values):
    """pytest params: (call, bad value's id) for every caller and every bad value."""
    params = []
    for value_id, value in bad_values.items():
        for caller_id, call in factory(value).items():
            params.append(pytest.param(call, id=f"{caller_id}-{value_id}"))
    return params


def _weight_cases(bad_values):
    params = []
    for value_id, value in bad_values.items():
        for caller_id, (call, name) in _callers_of_weights(value).items():
            params.append(pytest.param(call, name, id=f"{caller_id}-{value_id}"))
    return params


def _raises(call, exception, pattern):
    """call() raises `exception` matching `pattern`, and no warning escapes on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(exception, match=pattern):
            call()


# --- X --------------------------------------------------------------------------------------

X_WRONG_DIMENSIONS = {"3-D": np.ones((2, 3, 4)), "0-D": np.float64(1.0)}
X_NOT_NUMBERS = {
    "string": "0110",
    "strings": np.array([["0", "1"], ["1", "0"]]),
    "None": None,
    "object array": np.array([[1, None]], dtype=object),
    "ragged": [[1, 0], [1]],
    "complex": np.ones((2, 3)) + 1j,
}
X_NOT_FINITE = {"nan": np.array([[1.0, np.nan]]), "inf": np.array([[np.inf, 0.0]])}


@pytest.mark.parametrize("call", _cases(_callers_of_x, X_WRONG_DIMENSIONS))
def test_x_must_be_one_or_two_dimensional(call):
    _raises(call, ValueError, r"X must be 1-D .* or 2-D .*got [03]-D")


@pytest.mark.parametrize("call", _cases(_callers_of_x, X_NOT_NUMBERS))
def test_x_must_hold_numbers(call):
    _raises(call, TypeError, r"X must (be an array of numbers|hold real numbers), got ")


@pytest.mark.parametrize("call", _cases(_callers_of_x, X_NOT_FINITE))
def test_x_must_be_finite(call):
    _raises(call, ValueError, r"X must be finite, got a value of (nan|inf)")


@pytest.mark.parametrize("call", _cases(_callers_of_x, {"no samples": np.zeros((0, 5))}))
def test_x_needs_a_sample(call):
    _raises(call, ValueError, r"X must hold at least one sample, got shape \(0, 5\)")


@pytest.mark.parametrize(
    "call", _cases(_callers_of_x, {"length 0": np.zeros((4, 0)), "empty": []})
)
def test_x_needs_a_time_step(call):
    _raises(call, ValueError, r"X must hold sequences of length at least 1, got shape")


# --- t and y: sample counts -----------------------------------------------------------------

T_BAD = {
    "too few": (ValueError, r"t must have one value per sample of X \(4\), got 3", T[:3]),
    "too many": (ValueError, r"t must have one value per sample of X \(4\), got 5", np.ones(5)),
    "2-D": (ValueError, r"t must be 1-D \(one value per sample\), got shape \(4, 1\)", T[:, None]),
    "empty": (ValueError, r"t must hold at least one sample, got none", np.array([])),
    "strings": (TypeError, r"t must be an array of numbers, got", ["1", "2", "3", "4"]),
    "None": (TypeError, r"t must be an array of numbers, got NoneType None", None),
    "object": (TypeError, r"t must be an array of numbers", np.array([1, 2, None, 3])),
    "nan": (ValueError, r"t must be finite, got a value of nan", np.array([1, np.nan, 2, 3])),
    "inf": (ValueError, r"t must be finite, got a value of -inf", np.array([1, 2, 3, -np.inf])),
}


@pytest.mark.parametrize(
    ("call", "exception", "pattern"),
    [
        pytest.param(call, exception, pattern, id=f"{caller}-{value_id}")
        for value_id, (exception, pattern, value) in T_BAD.items()
        for caller, call in _callers_of_t(value).items()
        # cost and output_gradient check t alone first, then y against t.
        if not (caller in ("cost", "output_gradient") and value_id in ("too few", "too many"))
    ],
)
def test_bad_targets(call, exception, pattern):
    _raises(call, exception, pattern)


@pytest.mark.parametrize("function", [rnnlib.cost, rnnlib.output_gradient])
def test_y_and_t_must_have_the_same_sample_count(function):
    _raises(
        lambda: function(np.ones(3), np.ones(4)),
        ValueError,
        r"y must have one value per sample of t \(4\), got 3",
    )
    _raises(lambda: function(np.ones((4, 1)), np.ones(4)), ValueError, r"y must be 1-D")
    _raises(lambda: function(np.array([1, np.nan]), np.ones(2)), ValueError, "y must be finite")
    _raises(lambda: function("ab", np.ones(2)), TypeError, "y must be an array of numbers")


def test_cost_has_no_samples():
    _raises(lambda: rnnlib.cost([], []), ValueError, "must hold at least one sample")


# --- weights and other scalars --------------------------------------------------------------

WEIGHTS_NOT_SCALARS = {
    "array": np.array([1.0, 2.0]),
    "1-element array": np.array([1.0]),
    "list": [1.0],
    "tuple": (1.0, 2.0),
}
WEIGHTS_NOT_NUMBERS = {"string": "1.0", "None": None, "complex": 1 + 2j, "bool": True}
WEIGHTS_NOT_FINITE = {"nan": float("nan"), "inf": float("inf"), "-inf": -np.inf}


@pytest.mark.parametrize(("call", "name"), _weight_cases(WEIGHTS_NOT_SCALARS))
def test_weights_must_be_scalars(call, name):
    _raises(call, TypeError, rf"{name}.* must be a real number \(a scalar\), got (an arr|list|tup)")


@pytest.mark.parametrize(("call", "name"), _weight_cases(WEIGHTS_NOT_NUMBERS))
def test_weights_must_be_numbers(call, name):
    pattern = rf"{name}.* must be a real number \(a scalar\), got (str|NoneType|complex|bool)"
    _raises(call, TypeError, pattern)


@pytest.mark.parametrize(("call", "name"), _weight_cases(WEIGHTS_NOT_FINITE))
def test_weights_must_be_finite(call, name):
    _raises(call, ValueError, rf"{name}.* must be finite, got (nan|inf|-inf)")


# --- update_state ---------------------------------------------------------------------------


def test_update_state_refuses_to_broadcast():
    _raises(
        lambda: rnnlib.update_state(np.ones(3), np.zeros((3, 1)), 1.0, 1.0),
        ValueError,
        r"x_k and s_prev must have the same shape.*got \(3,\) and \(3, 1\)",
    )
    _raises(
        lambda: rnnlib.update_state(np.ones(3), np.zeros(4), 1.0, 1.0),
        ValueError,
        r"got \(3,\) and \(4,\)",
    )
    _raises(
        lambda: rnnlib.update_state(np.ones((2, 2)), np.zeros((2, 2)), 1.0, 1.0),
        ValueError,
        "x_k and s_prev must have the same shape",
    )


def test_update_state_needs_numbers():
    _raises(lambda: rnnlib.update_state("1", 0.0, 1.0, 1.0), TypeError, "x_k must be an array")
    _raises(lambda: rnnlib.update_state(1.0, None, 1.0, 1.0), TypeError, "s_prev must be an array")
    _raises(lambda: rnnlib.update_state(np.nan, 0.0, 1.0, 1.0), ValueError, "x_k must be finite")


# --- backward_gradient's S and grad_out -----------------------------------------------------


@pytest.mark.parametrize(
    ("bad_s", "pattern"),
    [
        (S[:, 1:], r"S must have shape \(n, L\+1\) = \(4, 6\) for X of shape \(4, 5\), got \(4, 5"),
        (S[:3], r"S must have shape .* got \(3, 6\)"),
        (S.T, r"S must have shape .* got \(6, 4\)"),
        (S[0], r"S must have shape .* got \(1, 6\)"),
        (S[np.newaxis], r"S must be 1-D .* or 2-D"),
    ],
)
def test_backward_gradient_needs_states_of_the_right_shape(bad_s, pattern):
    _raises(lambda: rnnlib.backward_gradient(X, bad_s, GRAD_OUT, 1.0), ValueError, pattern)


def test_backward_gradient_needs_one_output_gradient_per_sample():
    _raises(
        lambda: rnnlib.backward_gradient(X, S, GRAD_OUT[:2], 1.0),
        ValueError,
        r"grad_out must have one value per sample of X \(4\), got 2",
    )
    _raises(
        lambda: rnnlib.backward_gradient(X, S, np.array(["a"] * 4), 1.0),
        TypeError,
        "grad_out must be an array of numbers",
    )


# --- counts and optimiser settings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exception", "pattern"),
    [
        (lambda: rnnlib.make_dataset(0), ValueError, "n_samples must be at least 1, got 0"),
        (lambda: rnnlib.make_dataset(-3), ValueError, "n_samples must be at least 1, got -3"),
        (lambda: rnnlib.make_dataset(5, 0), ValueError, "length must be at least 1, got 0"),
        (lambda: rnnlib.make_dataset(2.5), TypeError, "n_samples must be an integer, got float"),
        (lambda: rnnlib.make_dataset(5, "10"), TypeError, "length must be an integer, got str"),
        (lambda: rnnlib.make_dataset(5, 10, -1), ValueError, "seed must be at least 0, got -1"),
        (lambda: rnnlib.make_dataset(5, 10, None), TypeError, "seed must be an integer"),
        (lambda: rnnlib.rprop(X, T, n_iter=-1), ValueError, "n_iter must be at least 0, got -1"),
        (lambda: rnnlib.rprop(X, T, n_iter=2.0), TypeError, "n_iter must be an integer"),
        (
            lambda: rnnlib.gradient_descent(X, T, (1, 1), 0.1, -5),
            ValueError,
            "n_iter must be at least 0, got -5",
        ),
        (lambda: rnnlib.rprop(X, T, eta_p=1.0), ValueError, r"eta_p must be above 1, got 1\.0"),
        (lambda: rnnlib.rprop(X, T, eta_p=0.5), ValueError, r"eta_p must be above 1, got 0\.5"),
        (lambda: rnnlib.rprop(X, T, eta_n=1.0), ValueError, r"eta_n must lie in \(0, 1\), got 1"),
        (lambda: rnnlib.rprop(X, T, eta_n=0), ValueError, r"eta_n must lie in \(0, 1\), got 0"),
        (lambda: rnnlib.rprop(X, T, eta_n=-0.5), ValueError, r"eta_n must lie in \(0, 1\)"),
        (lambda: rnnlib.rprop(X, T, eta_n=1.5), ValueError, r"eta_n must lie in \(0, 1\)"),
        (lambda: rnnlib.rprop(X, T, delta0=0), ValueError, r"delta0 must be positive, got 0\.0"),
        (lambda: rnnlib.rprop(X, T, delta0=-0.1), ValueError, "delta0 must be positive, got -0.1"),
        (
            lambda: rnnlib.gradient_descent(X, T, (1, 1), 0.0, 5),
            ValueError,
            r"learning_rate must be positive, got 0\.0",
        ),
        (
            lambda: rnnlib.gradient_descent(X, T, (1, 1), -0.01, 5),
            ValueError,
            "learning_rate must be positive, got -0.01",
        ),
        (
            lambda: rnnlib.numerical_gradient(X, T, 1.0, 1.0, eps=0.0),
            ValueError,
            "eps must be positive",
        ),
        (
            lambda: rnnlib.gradient_check(X, T, 1.0, 1.0, rtol=-1e-5),
            ValueError,
            "rtol must be positive",
        ),
    ],
)
def test_counts_and_settings(call, exception, pattern):
    _raises(call, exception, pattern)


# --- w0 -------------------------------------------------------------------------------------

W0_BAD = {
    "three numbers": ((1.0, 2.0, 3.0), ValueError, r"w0 must be two numbers \(w_x, w_rec\), got 3"),
    "one number": ([1.0], ValueError, r"w0 must be two numbers \(w_x, w_rec\), got 1"),
    "empty": ((), ValueError, r"w0 must be two numbers .*got 0"),
    "a scalar": (1.0, TypeError, r"w0 must be two numbers \(w_x, w_rec\), got float 1\.0"),
    "None": (None, TypeError, r"w0 must be two numbers \(w_x, w_rec\), got NoneType"),
    "a string": ("ab", TypeError, r"w0 must be two numbers \(w_x, w_rec\), got str 'ab'"),
    "a dict": ({"wx": 1, "wrec": 2}, TypeError, r"w0 must be two numbers .*got dict"),
    "a 2x2 array": (np.ones((2, 2)), TypeError, r"w0\[0\] \(w_x\) must be a real number"),
    "strings": (("1", "2"), TypeError, r"w0\[0\] \(w_x\) must be a real number .*got str"),
    "nan": ((1.0, np.nan), ValueError, r"w0\[1\] \(w_rec\) must be finite, got nan"),
}


@pytest.mark.parametrize("optimiser", ["rprop", "gradient_descent"])
@pytest.mark.parametrize(("w0", "exception", "pattern"), W0_BAD.values(), ids=list(W0_BAD))
def test_w0_must_be_two_numbers(optimiser, w0, exception, pattern):
    if optimiser == "rprop":
        _raises(lambda: rnnlib.rprop(X, T, w0=w0, n_iter=1), exception, pattern)
    else:
        _raises(lambda: rnnlib.gradient_descent(X, T, w0, 0.1, 1), exception, pattern)


# --- loss_surface grids ---------------------------------------------------------------------

NOT_1D = r"must be a non-empty 1-D array of values, got shape"
GRID_BAD = {
    "2-D": (np.ones((2, 2)), ValueError, NOT_1D + r" \(2, 2\)"),
    "scalar": (1.0, ValueError, NOT_1D + r" \(\)"),
    "empty": ([], ValueError, NOT_1D + r" \(0,\)"),
    "nan": ([0.0, np.nan], ValueError, "must be finite, got a value of nan"),
    "inf": ([np.inf], ValueError, "must be finite, got a value of inf"),
    "strings": (["a", "b"], TypeError, "must be an array of numbers"),
    "None": (None, TypeError, "must be an array of numbers"),
}


@pytest.mark.parametrize(("grid", "exception", "pattern"), GRID_BAD.values(), ids=list(GRID_BAD))
@pytest.mark.parametrize("which", ["wx_values", "wrec_values"])
def test_grids_must_be_one_dimensional_and_finite(which, grid, exception, pattern):
    grids = {"wx_values": GRID, "wrec_values": GRID, which: grid}
    _raises(
        lambda: rnnlib.loss_surface(X, T, grids["wx_values"], grids["wrec_values"]),
        exception,
        re.escape(which) + " " + pattern,
    )
