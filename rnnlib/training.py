"""Training a network whose parameters are a dict of arrays: Rprop, RMSprop and Adam.

Each optimiser is the rule of Chapter 5 or 6 written for one parameter array of any shape,
element by element. ``rmsprop_update(learning_rate=...)`` and its siblings return the rule,
``update(g, memory)``: the change to add to the array, keeping what it must remember between
iterations (running means, step sizes, signs) in ``memory``, one dict per array. ``train``
applies it to every array of the network, full batch, and records the path.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validate_nonlinear import checked
from .nonlinear import Params, gradient, loss

#: An optimiser's rule for one array: update(g, memory) -> the change to add to the array.
Update = Callable[[np.ndarray, dict], np.ndarray]


@checked
def rprop_update(delta0: float = 0.01, eta_p: float = 1.2, eta_n: float = 0.5) -> Update:
    """Rprop (Chapter 5) for one array: the change -sign(g)·Δ, Δ adapted by sign changes.

    memory holds Δ and the previous signs, both the shape of g. Taught in Chapter 7.
    """
    def update(g: np.ndarray, memory: dict) -> np.ndarray:
        sign = np.sign(g)
        delta = memory.get("delta", delta0)
        delta = delta * np.where(sign == memory.get("sign", 0), eta_p, eta_n)
        memory["delta"], memory["sign"] = delta, sign
        return -sign * delta

    return update


@checked
def rmsprop_update(learning_rate: float = 0.01, rho: float = 0.9, eps: float = 1e-8) -> Update:
    """RMSprop (Chapter 6) for one array: the change -learning_rate·g/(√r + eps).

    memory holds r, a running mean of g², the shape of g. Taught in Chapter 7.
    """
    def update(g: np.ndarray, memory: dict) -> np.ndarray:
        r = rho * memory.get("r", 0) + (1 - rho) * g**2
        memory["r"] = r
        return -learning_rate * g / (np.sqrt(r) + eps)

    return update


@checked
def adam_update(learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999,
                eps: float = 1e-8) -> Update:
    """Adam (Chapter 6) for one array: running means of g and g², corrected for their start.

    memory holds both means and the number of steps taken. Taught in Chapter 7.
    """
    def update(g: np.ndarray, memory: dict) -> np.ndarray:
        n = memory.get("n", 0) + 1
        m = beta1 * memory.get("m", 0) + (1 - beta1) * g
        v = beta2 * memory.get("v", 0) + (1 - beta2) * g**2
        memory.update(n=n, m=m, v=v)
        return -learning_rate * (m / (1 - beta1**n)) / (np.sqrt(v / (1 - beta2**n)) + eps)

    return update


@checked
def train(params: Params, X: np.ndarray, T: np.ndarray,
          update: Update, n_iter: int) -> tuple[list[Params], list[float]]:
    """n_iter full-batch steps of ``update`` on every array; X: (n, L, n_in), T: (n, L, n_out).

    Returns the parameters after each step (n_iter + 1 dicts, the start first) and the losses.
    Taught in Chapter 7.
    """
    memories = {name: {} for name in params}
    path, losses = [params], [loss(params, X, T)]
    for _ in range(n_iter):
        grads = gradient(params, X, T)
        params = {name: value + update(grads[name], memories[name])
                  for name, value in params.items()}
        path.append(params)
        losses.append(loss(params, X, T))
    return path, losses
