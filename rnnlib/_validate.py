"""Argument checks for rnnlib's public functions, run once at the call (the public boundary).

Every check raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong
value) with a message that names the argument, says what was expected and what came, so a
reader's mistake surfaces at the call, not as a NaN or a broadcasting surprise further on.

The taught functions hold only their algorithm; ``@checked(rule)`` puts the argument checks in
front of them. ``rule`` (one per public function, at the end of this module) takes the caller's
arguments and returns them checked and converted (X as a 2-D float array, weights as floats).
A call made while another checked function runs (``forward_states`` calling ``update_state`` at
every step, an optimiser calling ``gradient``) goes straight to the algorithm: its arguments
come from already-checked ones, and inner loops must not re-check. ``display.show_source``
shows a function without its decorator line.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

_state = threading.local()  # _state.inside: a checked function is running in this thread


def checked(rule: Callable[..., dict[str, Any]], result: Callable[..., Any] | None = None):
    """Decorator: check the caller's arguments with ``rule`` once, then run the algorithm.

    The algorithm runs with NumPy's overflow, invalid-value and divide warnings off: an
    overflow is an honest ±inf, and each public function says what it does with one.
    ``result(value, **arguments)``, if given, checks or converts the value returned to the
    caller (e.g. ``gradient`` turns an overflow into an OverflowError naming w_rec and L).
    """

    def decorate(algorithm: Callable) -> Callable:
        signature = inspect.signature(algorithm)

        @functools.wraps(algorithm)
        def public(*args: Any, **kwargs: Any) -> Any:
            if getattr(_state, "inside", False):
                return algorithm(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = rule(**bound.arguments)
            _state.inside = True
            try:
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    value = algorithm(**arguments)
                    return value if result is None else result(value, **arguments)
            finally:
                _state.inside = False

        return public

    return decorate


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def _numeric_array(value: object, name: str) -> np.ndarray:
    """``value`` as a float64 array, or a TypeError naming ``name``."""
    try:
        array = np.asarray(value)
    except Exception as error:  # ragged nested lists and the like
        raise TypeError(f"{name} must be an array of numbers, got {_describe(value)}") from error
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_
    ):
        raise TypeError(f"{name} must be an array of numbers, got {_describe(value)}")
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    return array.astype(np.float64)


def _require_finite(array: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].ravel()[0]
        raise ValueError(f"{name} must be finite, got a value of {bad}")


def inputs(X: object, name: str = "X") -> np.ndarray:
    """Input sequences as a float64 array of shape (n_samples, length); 1-D means one sequence."""
    array = _numeric_array(X, name)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 1-D (one sequence) or 2-D (samples, length), got {array.ndim}-D "
            f"with shape {array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got shape {array.shape}")
    if array.shape[1] == 0:
        raise ValueError(
            f"{name} must hold sequences of length at least 1, got shape {array.shape}"
        )
    _require_finite(array, name)
    return array


def step(x_k: object, s_prev: object) -> tuple[np.ndarray, np.ndarray]:
    """One time step's inputs and previous states: float64 arrays of the same shape, (n,) or ().

    ``x_k`` must be finite; ``s_prev`` only numeric (a diverging run may have overflowed it).
    """
    x_k = _numeric_array(x_k, "x_k")
    s_prev = _numeric_array(s_prev, "s_prev")
    if x_k.ndim > 1 or x_k.shape != s_prev.shape:
        raise ValueError(
            "x_k and s_prev must have the same shape, (n,) with one entry per sample or () for "
            f"one sample, got {x_k.shape} and {s_prev.shape}"
        )
    _require_finite(x_k, "x_k")
    return x_k, s_prev


def samples(values: object, n_samples: int | None, name: str, other: str = "X") -> np.ndarray:
    """A 1-D float64 array with one entry per sample (targets, outputs, output gradients)."""
    array = _numeric_array(values, name)
    if array.ndim == 0:
        array = array[np.newaxis]
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per sample), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got none")
    if n_samples is not None and array.shape[0] != n_samples:
        raise ValueError(
            f"{name} must have one value per sample of {other} ({n_samples}), "
            f"got {array.shape[0]}"
        )
    _require_finite(array, name)
    return array


def weight(value: object, name: str) -> float:
    """A finite real scalar weight as a Python float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number (a scalar), got {_describe(value)}")
    result = float(value)
    if not np.isfinite(result):
        raise ValueError(f"{name} must be finite, got {result}")
    return result


def weight_pair(value: object, name: str) -> tuple[float, float]:
    """Two finite weights (w_x, w_rec)."""
    if isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name} must be two numbers (w_x, w_rec), got {_describe(value)}")
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        message = f"{name} must be two numbers (w_x, w_rec), got {_describe(value)}"
        raise TypeError(message) from None
    if len(items) != 2:
        raise ValueError(f"{name} must be two numbers (w_x, w_rec), got {len(items)} items")
    return weight(items[0], f"{name}[0] (w_x)"), weight(items[1], f"{name}[1] (w_rec)")


def count(value: object, name: str, minimum: int) -> int:
    """An integer at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def positive(value: object, name: str) -> float:
    """A finite number above zero."""
    result = weight(value, name)
    if result <= 0:
        raise ValueError(f"{name} must be positive, got {result}")
    return result


def grid(values: object, name: str) -> np.ndarray:
    """A non-empty 1-D float64 grid of finite values."""
    array = _numeric_array(values, name)
    if array.ndim != 1 or array.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of values, got shape {array.shape}")
    _require_finite(array, name)
    return array


def callable_(value: object, name: str) -> Callable:
    """A function (or any callable)."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {_describe(value)}")
    return value


def _X_t(X: object, t: object) -> dict[str, Any]:
    X = inputs(X)
    return {"X": X, "t": samples(t, X.shape[0], "t")}


def _weights(wx: object, wrec: object) -> dict[str, float]:
    return {"wx": weight(wx, "wx"), "wrec": weight(wrec, "wrec")}


# --- one rule per public function: the caller's arguments, checked and converted -------------


def make_dataset(n_samples: object, length: object, seed: object) -> dict[str, Any]:
    return {
        "n_samples": count(n_samples, "n_samples", 1),
        "length": count(length, "length", 1),
        "seed": count(seed, "seed", 0),
    }


def update_state(x_k: object, s_prev: object, wx: object, wrec: object) -> dict[str, Any]:
    x_k, s_prev = step(x_k, s_prev)
    return {"x_k": x_k, "s_prev": s_prev, **_weights(wx, wrec)}


def forward_states(X: object, wx: object, wrec: object) -> dict[str, Any]:
    return {"X": inputs(X), **_weights(wx, wrec)}


def cost(y: object, t: object) -> dict[str, Any]:
    t = samples(t, None, "t")
    return {"y": samples(y, t.shape[0], "y", other="t"), "t": t}


output_gradient = cost


def loss(X: object, t: object, wx: object, wrec: object) -> dict[str, Any]:
    return {**_X_t(X, t), **_weights(wx, wrec)}


gradient = loss


def backward_gradient(X: object, S: object, grad_out: object, wrec: object) -> dict[str, Any]:
    X = inputs(X)
    n_samples, length = X.shape
    S = inputs(S, "S")
    if S.shape != (n_samples, length + 1):
        raise ValueError(
            f"S must have shape (n, L+1) = {(n_samples, length + 1)} for X of shape {X.shape}, "
            f"got {S.shape}"
        )
    grad_out = samples(grad_out, n_samples, "grad_out")
    return {"X": X, "S": S, "grad_out": grad_out, "wrec": weight(wrec, "wrec")}


def finite_gradient(
    value: np.ndarray, X: np.ndarray, t: np.ndarray, wx: float, wrec: float
) -> np.ndarray:
    """``gradient``'s value, or an OverflowError naming the weights and the length."""
    if not np.all(np.isfinite(value)):
        raise OverflowError(
            f"the gradient overflows float64 at (wx, wrec) = ({wx}, {wrec}) for sequences of "
            f"length {X.shape[1]}: the states grow like |wrec|^L (and with |wx|)"
        )
    return value


def numerical_gradient(
    X: object, t: object, wx: object, wrec: object, eps: object
) -> dict[str, Any]:
    return {**_X_t(X, t), **_weights(wx, wrec), "eps": positive(eps, "eps")}


def relative_error(a: object, b: object) -> dict[str, float]:
    return {"a": weight(a, "a"), "b": weight(b, "b")}


def roundoff_floor(xi: object, eps: object) -> dict[str, float]:
    xi = weight(xi, "xi")
    if xi < 0:
        raise ValueError(f"xi must be a cost (at least 0), got {xi}")
    return {"xi": xi, "eps": positive(eps, "eps")}


def gradient_check(
    X: object, t: object, wx: object, wrec: object, eps: object, rtol: object, backward: object
) -> dict[str, Any]:
    return {
        **numerical_gradient(X, t, wx, wrec, eps),
        "rtol": positive(rtol, "rtol"),
        "backward": callable_(backward, "backward"),
    }


def _start(w0: object) -> tuple[float, float]:
    return weight_pair(w0, "w0")


def rprop(
    X: object,
    t: object,
    w0: object,
    n_iter: object,
    delta0: object,
    eta_p: object,
    eta_n: object,
) -> dict[str, Any]:
    arguments = {
        **_X_t(X, t),
        "w0": _start(w0),
        "n_iter": count(n_iter, "n_iter", 0),
        "delta0": positive(delta0, "delta0"),
        "eta_p": weight(eta_p, "eta_p"),
        "eta_n": weight(eta_n, "eta_n"),
    }
    if not arguments["eta_p"] > 1:
        raise ValueError(f"eta_p must be above 1, got {arguments['eta_p']}")
    if not 0 < arguments["eta_n"] < 1:
        raise ValueError(f"eta_n must lie in (0, 1), got {arguments['eta_n']}")
    return arguments


def gradient_descent(
    X: object, t: object, w0: object, learning_rate: object, n_iter: object
) -> dict[str, Any]:
    return {
        **_X_t(X, t),
        "w0": _start(w0),
        "learning_rate": positive(learning_rate, "learning_rate"),
        "n_iter": count(n_iter, "n_iter", 0),
    }


def surface_coefficients(X: object, t: object, wrec_values: object) -> dict[str, Any]:
    return {**_X_t(X, t), "wrec_values": grid(wrec_values, "wrec_values")}


def loss_surface(
    X: object, t: object, wx_values: object, wrec_values: object
) -> dict[str, Any]:
    return {
        **_X_t(X, t),
        "wx_values": grid(wx_values, "wx_values"),
        "wrec_values": grid(wrec_values, "wrec_values"),
    }
