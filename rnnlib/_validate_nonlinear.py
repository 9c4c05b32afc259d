"""Argument checks for Chapter 7's network (rnnlib.nonlinear, rnnlib.training), by name.

The same boundary as ``rnnlib._validate`` (read its docstring), with this API's own tables:
here ``X`` is a batch of sequences of input vectors (n, L, n_in), ``T`` their targets and
``params`` the network's five arrays, so the names get checks of their own. ``checked`` is
``rnnlib._validate.checked`` with these tables.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _validate
from ._validate import (
    _describe,
    _require_finite,
    above_one,
    count,
    fraction,
    function_,
    numeric_array,
    positive,
)

PARAM_NAMES = ("W_in", "W_rec", "b", "W_out", "b_out")
#: What runs along the last axis of each batch of sequences.
FEATURES = {"X": "inputs", "T": "outputs", "Y": "outputs", "S": "state units"}


def params_dict(params: object, name: str = "params") -> dict[str, np.ndarray]:
    """The network's parameters: exactly the five arrays, of consistent shapes, finite floats."""
    if not isinstance(params, dict):
        raise TypeError(f"{name} must be a dict of arrays {PARAM_NAMES}, got {_describe(params)}")
    missing = [key for key in PARAM_NAMES if key not in params]
    extra = [key for key in params if key not in PARAM_NAMES]
    if missing or extra:
        raise ValueError(
            f"{name} must have exactly the keys {PARAM_NAMES}, got missing {missing} and "
            f"extra {extra}"
        )
    arrays = {key: numeric_array(params[key], f"{name}[{key!r}]") for key in PARAM_NAMES}
    for key in ("W_in", "W_rec", "W_out"):
        if arrays[key].ndim != 2 or 0 in arrays[key].shape:
            raise ValueError(
                f"{name}[{key!r}] must be a non-empty 2-D array, got shape {arrays[key].shape}"
            )
    n_in, n_hidden = arrays["W_in"].shape
    n_out = arrays["W_out"].shape[1]
    expected = {"W_rec": (n_hidden, n_hidden), "b": (n_hidden,), "W_out": (n_hidden, n_out),
                "b_out": (n_out,)}
    for key, shape in expected.items():
        if arrays[key].shape != shape:
            raise ValueError(
                f"{name}[{key!r}] must have shape {shape} for W_in of shape {(n_in, n_hidden)} "
                f"and W_out with {n_out} columns, got {arrays[key].shape}"
            )
    for key, array in arrays.items():
        _require_finite(array, f"{name}[{key!r}]")
    return arrays


def sequences(value: object, name: str) -> np.ndarray:
    """A finite float array of shape (n, L, features) with n, L >= 1."""
    array = numeric_array(value, name)
    if array.ndim != 3:
        raise ValueError(
            f"{name} must be 3-D (samples, steps, {FEATURES[name]}), got {array.ndim}-D with "
            f"shape {array.shape}"
        )
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"{name} must hold at least one sample of at least one step, got shape {array.shape}"
        )
    return _require_finite(array, name)


def targets(value: object, name: str) -> np.ndarray:
    """Sequences of targets, each between 0 and 1."""
    array = sequences(value, name)
    outside = (array < 0) | (array > 1)
    if np.any(outside):
        raise ValueError(f"{name} must hold targets between 0 and 1, got a value of "
                         f"{array[outside].ravel()[0]:g}")
    return array


#: One check per parameter name, in the order arguments are checked.
PARAMETERS: dict[str, Callable[[object, str], Any]] = {
    "params": params_dict,
    "X": sequences,
    "T": targets,
    "S": sequences,
    "Y": sequences,
    "n": count(1),
    "n_bits": count(1),
    "n_in": count(1),
    "n_hidden": count(1),
    "n_out": count(1),
    "seed": count(0),
    "delta0": positive,
    "eta_p": above_one,
    "eta_n": fraction,
    "learning_rate": positive,
    "rho": fraction,
    "beta1": fraction,
    "beta2": fraction,
    "eps": positive,
    "update": function_,
    "n_iter": count(0),
}


def _features_of(params: dict[str, np.ndarray], array: np.ndarray, _p: str, name: str) -> None:
    """The last axis of X, T, Y or S has the size the parameters give it."""
    size = {"X": params["W_in"].shape[0], "S": params["W_rec"].shape[0]}.get(
        name, params["W_out"].shape[1])
    if array.shape[2] != size:
        raise ValueError(
            f"{name} must have {size} {FEATURES[name]} per step (the shape of the parameters), "
            f"got shape {array.shape}"
        )


def _steps_of(X: np.ndarray, array: np.ndarray, _x: str, name: str) -> None:
    """T and Y have the samples and steps of X; S one step more (s_0)."""
    if name == "S":
        if array.shape[:2] != (X.shape[0], X.shape[1] + 1):
            raise ValueError(
                f"S must have shape (n, L+1, H) = {(X.shape[0], X.shape[1] + 1, array.shape[2])} "
                f"for X of shape {X.shape}, got {array.shape}"
            )
    elif array.shape[:2] != X.shape[:2]:
        raise ValueError(
            f"{name} must have the samples and steps of X, {X.shape[:2]}, got shape {array.shape}"
        )


RELATIONS: dict[tuple[str, str], Callable[[Any, Any, str, str], None]] = {
    ("params", "X"): _features_of,
    ("params", "T"): _features_of,
    ("X", "T"): _steps_of,
    ("params", "S"): _features_of,
    ("X", "S"): _steps_of,
    ("params", "Y"): _features_of,
    ("X", "Y"): _steps_of,
}

checked = functools.partial(_validate.checked, parameters=PARAMETERS, relations=RELATIONS)
