"""Argument checks for rnnlib.nonlinear and rnnlib.training (Chapter 7), one rule per function.

Same contract as ``rnnlib._validate``: each rule takes the caller's arguments and returns them
checked and converted, or raises a TypeError/ValueError whose message starts with the name of
the argument, says what was expected and what came.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validate import _describe, _numeric_array, _require_finite, callable_, count, positive

PARAM_NAMES = ("W_in", "W_rec", "b", "W_out", "b_out")


def _sizes(params: dict[str, np.ndarray]) -> tuple[int, int, int]:
    n_in, n_hidden = params["W_in"].shape
    return n_in, n_hidden, params["W_out"].shape[1]


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
    arrays = {key: _numeric_array(params[key], f"{name}[{key!r}]") for key in PARAM_NAMES}
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


def sequences(X: object, n_features: int, name: str, what: str) -> np.ndarray:
    """A finite float array of shape (n, L, n_features) with n, L >= 1."""
    array = _numeric_array(X, name)
    if array.ndim != 3:
        raise ValueError(
            f"{name} must be 3-D (samples, steps, {what}), got {array.ndim}-D with shape "
            f"{array.shape}"
        )
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"{name} must hold at least one sample of at least one step, got shape {array.shape}"
        )
    if array.shape[2] != n_features:
        raise ValueError(
            f"{name} must have {n_features} {what} per step (the shape of the parameters), "
            f"got shape {array.shape}"
        )
    _require_finite(array, name)
    return array


def _params_X(params: object, X: object) -> tuple[dict[str, np.ndarray], np.ndarray]:
    params = params_dict(params)
    n_in, _, _ = _sizes(params)
    return params, sequences(X, n_in, "X", "inputs")


def _targets(T: object, X: np.ndarray, n_out: int, name: str = "T") -> np.ndarray:
    T = sequences(T, n_out, name, "outputs")
    if T.shape[:2] != X.shape[:2]:
        raise ValueError(
            f"{name} must have the samples and steps of X, {X.shape[:2]}, got shape {T.shape}"
        )
    return T


def _params_X_T(params: object, X: object, T: object) -> dict[str, Any]:
    params, X = _params_X(params, X)
    T = _targets(T, X, _sizes(params)[2])
    if np.any((T < 0) | (T > 1)):
        raise ValueError(f"T must hold targets between 0 and 1, got a value of "
                         f"{T[(T < 0) | (T > 1)].ravel()[0]}")
    return {"params": params, "X": X, "T": T}


# --- one rule per public function --------------------------------------------------------------


def binary_addition(n: object, n_bits: object, seed: object) -> dict[str, Any]:
    return {"n": count(n, "n", 1), "n_bits": count(n_bits, "n_bits", 1),
            "seed": count(seed, "seed", 0)}


def init_params(n_in: object, n_hidden: object, n_out: object, seed: object) -> dict[str, Any]:
    return {"n_in": count(n_in, "n_in", 1), "n_hidden": count(n_hidden, "n_hidden", 1),
            "n_out": count(n_out, "n_out", 1), "seed": count(seed, "seed", 0)}


def forward(params: object, X: object) -> dict[str, Any]:
    params, X = _params_X(params, X)
    return {"params": params, "X": X}


def loss(params: object, X: object, T: object) -> dict[str, Any]:
    return _params_X_T(params, X, T)


gradient = loss
accuracy = loss


def backward(params: object, X: object, S: object, Y: object, T: object) -> dict[str, Any]:
    arguments = _params_X_T(params, X, T)
    X = arguments["X"]
    _, n_hidden, n_out = _sizes(arguments["params"])
    S = sequences(S, n_hidden, "S", "state units")
    if S.shape[:2] != (X.shape[0], X.shape[1] + 1):
        raise ValueError(
            f"S must have shape (n, L+1, H) = {(X.shape[0], X.shape[1] + 1, n_hidden)} for X "
            f"of shape {X.shape}, got {S.shape}"
        )
    Y = _targets(Y, X, n_out, "Y")
    return {**arguments, "S": S, "Y": Y}


def rprop_update(delta0: object, eta_p: object, eta_n: object) -> dict[str, Any]:
    arguments = {"delta0": positive(delta0, "delta0"), "eta_p": positive(eta_p, "eta_p"),
                 "eta_n": positive(eta_n, "eta_n")}
    if not arguments["eta_p"] > 1:
        raise ValueError(f"eta_p must be above 1, got {arguments['eta_p']}")
    if not arguments["eta_n"] < 1:
        raise ValueError(f"eta_n must lie in (0, 1), got {arguments['eta_n']}")
    return arguments


def _below_one(value: object, name: str) -> float:
    result = positive(value, name)
    if not result < 1:
        raise ValueError(f"{name} must lie in (0, 1), got {result}")
    return result


def rmsprop_update(learning_rate: object, rho: object, eps: object) -> dict[str, Any]:
    return {"learning_rate": positive(learning_rate, "learning_rate"),
            "rho": _below_one(rho, "rho"), "eps": positive(eps, "eps")}


def adam_update(learning_rate: object, beta1: object, beta2: object,
                eps: object) -> dict[str, Any]:
    return {"learning_rate": positive(learning_rate, "learning_rate"),
            "beta1": _below_one(beta1, "beta1"), "beta2": _below_one(beta2, "beta2"),
            "eps": positive(eps, "eps")}


def train(params: object, X: object, T: object, update: object, n_iter: object) -> dict[str, Any]:
    return {**_params_X_T(params, X, T), "update": callable_(update, "update"),
            "n_iter": count(n_iter, "n_iter", 0)}
