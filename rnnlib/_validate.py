"""Argument checks shared by rnnlib's public functions.

Every check raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong
value) with a message that names the argument, says what was expected and what came, so a
reader's mistake surfaces at the call, not as a NaN or a broadcasting surprise further on.
"""

from __future__ import annotations

import numbers

import numpy as np


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
