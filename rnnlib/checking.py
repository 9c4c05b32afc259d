"""Gradient checking: backpropagation against central finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validate import checked
from .model import (
    backward_gradient,
    cost,
    forward_states,
    loss,
    output_gradient,
)


@checked
def numerical_gradient(
    X: np.ndarray, t: np.ndarray, wx: float, wrec: float, eps: float = 1e-7
) -> np.ndarray:
    """Central differences (ξ(w+eps) - ξ(w-eps)) / (2·eps), shape (2,).

    X: (n, L), t: (n,). Taught in Chapter 4.
    """
    w = np.array([wx, wrec])
    grad = np.zeros(2)
    for i, step in enumerate(np.eye(2) * eps):
        plus, minus = loss(X, t, *(w + step)), loss(X, t, *(w - step))
        grad[i] = (plus - minus) / (2 * eps)
    return grad


class GradientCheck(NamedTuple):
    """What gradient_check compared: pairs (w_x, w_rec), and its floor.

    Taught in Chapter 4.
    """

    backprop: tuple[float, float]
    numerical: tuple[float, float]
    relative_error: tuple[float, float]
    floor: float


@checked
def relative_error(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|), and 0 when both are 0 (a, b: scalars).

    Taught in Chapter 4.
    """
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


@checked
def roundoff_floor(xi: float, eps: float) -> float:
    """100·ε_mach·(ξ + 1)/eps: a central difference's round-off (scalars).

    Taught in Chapter 4.
    """
    return float(100 * np.finfo(float).eps * (xi + 1.0) / eps)


@checked
def gradient_check(
    X: np.ndarray,
    t: np.ndarray,
    wx: float,
    wrec: float,
    eps: float = 1e-7,
    rtol: float = 1e-5,
    backward: Callable = backward_gradient,
) -> GradientCheck:
    """BPTT (``backward``) against central differences; X: (n, L), t: (n,).

    Accepts |bp - num| <= rtol·max(|bp|, |num|) + floor for each weight,
    else raises ValueError. Taught in Chapter 4.
    """
    S = forward_states(X, wx, wrec)
    grads, _ = backward(X, S, output_gradient(S[:, -1], t), wrec)
    backprop = (float(grads[0]), float(grads[1]))
    numerical = tuple(numerical_gradient(X, t, wx, wrec, eps).tolist())
    floor = roundoff_floor(cost(S[:, -1], t), eps)
    for name, bp, num in zip(("wx", "wrec"), backprop, numerical, strict=True):
        if not abs(bp - num) <= rtol * max(abs(bp), abs(num)) + floor:
            raise ValueError(
                f"gradient check failed for {name} at (wx, wrec) = "
                f"({wx}, {wrec}): backprop gives {bp:.10g}, "
                f"central differences give {num:.10g} "
                f"(relative error {relative_error(bp, num):.3g})"
            )
    errors = tuple(map(relative_error, backprop, numerical))
    return GradientCheck(backprop, numerical, errors, floor)
