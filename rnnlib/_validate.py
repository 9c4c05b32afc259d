"""Argument checks for rnnlib's public functions, run once at the call (the public boundary).

Every check raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong
value) with a message that names the argument, says what was expected and what came, so a
reader's mistake surfaces at the call, not as a NaN or a broadcasting surprise further on.

The checks are driven by parameter name: a parameter means the same thing wherever it appears
in the API (``X`` is always the input sequences, ``wrec`` always a weight), so ``PARAMETERS``
holds one check per name, and ``RELATIONS`` the few rules that tie two arguments together
(``t`` has one value per sample of ``X``). ``@checked`` looks up every parameter of the function
it decorates, so a public function cannot take an argument nobody checks.

The taught functions hold only their algorithm; ``@checked`` puts the checks in front of them.
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


def checked(function: Callable | None = None, *, result: Callable[..., Any] | None = None,
            parameters: dict | None = None, relations: dict | None = None):
    """Decorator: check the caller's arguments by name once, then run the algorithm.

    Used bare (``@checked``) or with ``result`` (``@checked(result=finite_gradient)``):
    ``result(value, **arguments)`` checks or converts the value returned to the caller. The
    algorithm runs with NumPy's overflow, invalid-value and divide warnings off: an overflow is
    an honest ±inf, and each public function says what it does with one. ``parameters`` and
    ``relations`` replace this module's tables for an API whose names mean other things
    (Chapter 7's network: ``rnnlib._validate_nonlinear``).
    """
    parameters = PARAMETERS if parameters is None else parameters
    relations = RELATIONS if relations is None else relations

    def decorate(algorithm: Callable) -> Callable:
        signature = inspect.signature(algorithm)
        unknown = [name for name in signature.parameters if name not in parameters]
        if unknown:
            raise TypeError(f"{algorithm.__name__}: no check for parameter(s) {unknown}")
        order = sorted(signature.parameters, key=list(parameters).index)

        @functools.wraps(algorithm)
        def public(*args: Any, **kwargs: Any) -> Any:
            if getattr(_state, "inside", False):
                return algorithm(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = check_arguments(bound.arguments, order, parameters, relations)
            _state.inside = True
            try:
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    value = algorithm(**arguments)
                    return value if result is None else result(value, **arguments)
            finally:
                _state.inside = False

        return public

    return decorate if function is None else decorate(function)


def check_arguments(arguments: dict[str, Any], order: list[str], parameters: dict | None = None,
                    relations: dict | None = None) -> dict[str, Any]:
    """``arguments`` checked and converted: each by its name's check, in the table's order
    (inputs before what is compared with them), then every relation between two of them."""
    parameters = PARAMETERS if parameters is None else parameters
    relations = RELATIONS if relations is None else relations
    checked_arguments = dict(arguments)
    for name in order:
        checked_arguments[name] = parameters[name](arguments[name], name)
    for (first, second), relation in relations.items():
        if first in checked_arguments and second in checked_arguments:
            relation(checked_arguments[first], checked_arguments[second], first, second)
    return checked_arguments


# --- what came, and the checks of one value ----------------------------------------------------


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def numeric_array(value: object, name: str) -> np.ndarray:
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


def _require_finite(array: np.ndarray, name: str) -> np.ndarray:
    if not np.all(np.isfinite(array)):
        bad = array[~np.isfinite(array)].ravel()[0]
        raise ValueError(f"{name} must be finite, got a value of {bad}")
    return array


def inputs(X: object, name: str = "X") -> np.ndarray:
    """Input sequences as a float64 array of shape (n_samples, length); 1-D means one sequence."""
    array = numeric_array(X, name)
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
    return _require_finite(array, name)


def samples(values: object, name: str) -> np.ndarray:
    """A non-empty 1-D float64 array with one entry per sample (targets, outputs, gradients)."""
    array = numeric_array(values, name)
    if array.ndim == 0:
        array = array[np.newaxis]
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per sample), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got none")
    return _require_finite(array, name)


def step_values(values: object, name: str) -> np.ndarray:
    """One time step's values, (n,) or (); they may have overflowed (states of a diverging run)."""
    return numeric_array(values, name)


def step_inputs(values: object, name: str) -> np.ndarray:
    """One time step's inputs, (n,) or (), finite."""
    return _require_finite(numeric_array(values, name), name)


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
    message = f"{name} must be two numbers (w_x, w_rec), got {_describe(value)}"
    if isinstance(value, (str, bytes, dict)):
        raise TypeError(message)
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(message) from None
    if len(items) != 2:
        raise ValueError(f"{name} must be two numbers (w_x, w_rec), got {len(items)} items")
    return weight(items[0], f"{name}[0] (w_x)"), weight(items[1], f"{name}[1] (w_rec)")


def positive(value: object, name: str) -> float:
    """A finite number above zero."""
    result = weight(value, name)
    if result <= 0:
        raise ValueError(f"{name} must be positive, got {result}")
    return result


def non_negative(value: object, name: str) -> float:
    """A finite number of at least zero (a cost)."""
    result = weight(value, name)
    if result < 0:
        raise ValueError(f"{name} must be a cost (at least 0), got {result}")
    return result


def above_one(value: object, name: str) -> float:
    result = weight(value, name)
    if not result > 1:
        raise ValueError(f"{name} must be above 1, got {result}")
    return result


def fraction(value: object, name: str) -> float:
    result = weight(value, name)
    if not 0 < result < 1:
        raise ValueError(f"{name} must lie in (0, 1), got {result}")
    return result


def count(minimum: int) -> Callable[[object, str], int]:
    """The check of an integer at least ``minimum``."""

    def check(value: object, name: str) -> int:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an integer, got {_describe(value)}")
        if value < minimum:
            raise ValueError(f"{name} must be at least {minimum}, got {value}")
        return int(value)

    return check


def grid(values: object, name: str) -> np.ndarray:
    """A non-empty 1-D float64 grid of finite values."""
    array = numeric_array(values, name)
    if array.ndim != 1 or array.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of values, got shape {array.shape}")
    return _require_finite(array, name)


def function_(value: object, name: str) -> Callable:
    """A function (or any callable)."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {_describe(value)}")
    return value


#: One check per parameter name, in the order arguments are checked: what others are compared
#: with comes first (X before t, t before y).
PARAMETERS: dict[str, Callable[[object, str], Any]] = {
    "X": inputs,
    "S": inputs,
    "t": samples,
    "y": samples,
    "grad_out": samples,
    "x_k": step_inputs,
    "s_prev": step_values,
    "wx": weight,
    "wrec": weight,
    "a": weight,
    "b": weight,
    "xi": non_negative,
    "w0": weight_pair,
    "eps": positive,
    "rtol": positive,
    "learning_rate": positive,
    "delta0": positive,
    "eta_p": above_one,
    "eta_n": fraction,
    "n_iter": count(0),
    "n_samples": count(1),
    "length": count(1),
    "seed": count(0),
    "wx_values": grid,
    "wrec_values": grid,
    "backward": function_,
}


# --- the rules that tie two arguments together -------------------------------------------------


def _one_per_sample(reference: np.ndarray, values: np.ndarray, ref_name: str, name: str) -> None:
    if values.shape[0] != reference.shape[0]:
        raise ValueError(
            f"{name} must have one value per sample of {ref_name} ({reference.shape[0]}), "
            f"got {values.shape[0]}"
        )


def _states_of(X: np.ndarray, S: np.ndarray, _x: str, _s: str) -> None:
    n_samples, length = X.shape
    if S.shape != (n_samples, length + 1):
        raise ValueError(
            f"S must have shape (n, L+1) = {(n_samples, length + 1)} for X of shape {X.shape}, "
            f"got {S.shape}"
        )


def _same_step(x_k: np.ndarray, s_prev: np.ndarray, _x: str, _s: str) -> None:
    if x_k.ndim > 1 or x_k.shape != s_prev.shape:
        raise ValueError(
            "x_k and s_prev must have the same shape, (n,) with one entry per sample or () for "
            f"one sample, got {x_k.shape} and {s_prev.shape}"
        )


RELATIONS: dict[tuple[str, str], Callable[[Any, Any, str, str], None]] = {
    ("X", "t"): _one_per_sample,
    ("t", "y"): _one_per_sample,
    ("X", "S"): _states_of,
    ("X", "grad_out"): _one_per_sample,
    ("x_k", "s_prev"): _same_step,
}


# --- what a function returns ---------------------------------------------------------------------


def finite_gradient(value: np.ndarray, X: np.ndarray, wx: float, wrec: float, **_: Any
                    ) -> np.ndarray:
    """``gradient``'s value, or an OverflowError naming the weights and the length."""
    if not np.all(np.isfinite(value)):
        raise OverflowError(
            f"the gradient overflows float64 at (wx, wrec) = ({wx}, {wrec}) for sequences of "
            f"length {X.shape[1]}: the states grow like |wrec|^L (and with |wx|)"
        )
    return value
