"""Gradient checking: backpropagation against central finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from . import _validate
from .model import backward_gradient, cost, forward_states, output_gradient

PARAMETER_NAMES = ("wx", "wrec")


def numerical_gradient(
    X: np.ndarray, t: np.ndarray, wx: float, wrec: float, eps: float = 1e-7
) -> tuple[float, float]:
    """Central differences of the cost: (ξ(w+eps) - ξ(w-eps)) / (2·eps).

    ``X`` has shape (n, L) (or (L,)), ``t`` shape (n,). Returns (g_wx, g_wrec).
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    weights = np.array(
        [_validate.weight(wx, "wx"), _validate.weight(wrec, "wrec")]
    )
    eps = _validate.positive(eps, "eps")
    grads = []
    for index in range(2):
        step = np.zeros(2)
        step[index] = eps
        plus = cost(forward_states(X, *(weights + step))[:, -1], t)
        minus = cost(forward_states(X, *(weights - step))[:, -1], t)
        grads.append((plus - minus) / (2 * eps))
    return grads[0], grads[1]


class GradientCheck(NamedTuple):
    """What :func:`gradient_check` compared: pairs (for w_x, for w_rec)."""

    backprop: tuple[float, float]
    numerical: tuple[float, float]
    relative_error: tuple[float, float]


def relative_error(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|), and 0 when both are 0."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def gradient_check(
    X: np.ndarray,
    t: np.ndarray,
    wx: float,
    wrec: float,
    eps: float = 1e-7,
    rtol: float = 1e-5,
    backward: Callable = backward_gradient,
) -> GradientCheck:
    """Compare backpropagation's gradient with central differences.

    Two gradients agree when |backprop - numerical| <= rtol·max(|backprop|,
    |numerical|) + floor, where the floor, 100·ε_machine·(ξ + 1)/eps, is the
    round-off a central difference of a cost of size ξ cannot avoid (it matters
    only where a gradient is close to zero).

    Args:
        X, t: inputs (n, L) and targets (n,).
        wx, wrec: the point to check at.
        eps: the finite-difference step.
        rtol: the relative tolerance.
        backward: the backward pass under test, with :func:`backward_gradient`'s
            signature.

    Returns:
        A :class:`GradientCheck` with both gradients and their relative errors.

    Raises:
        ValueError naming the parameter and both values if any gradient
        disagrees.
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    wx = _validate.weight(wx, "wx")
    wrec = _validate.weight(wrec, "wrec")
    rtol = _validate.positive(rtol, "rtol")
    numerical = numerical_gradient(X, t, wx, wrec, eps)
    S = forward_states(X, wx, wrec)
    backprop, _ = backward(X, S, output_gradient(S[:, -1], t), wrec)
    backprop = (float(backprop[0]), float(backprop[1]))
    floor = 100 * np.finfo(float).eps * (cost(S[:, -1], t) + 1.0) / eps
    errors = []
    for name, bp, num in zip(PARAMETER_NAMES, backprop, numerical, strict=True):
        if not abs(bp - num) <= rtol * max(abs(bp), abs(num)) + floor:
            raise ValueError(
                f"gradient check failed for {name} at (wx, wrec) = "
                f"({wx}, {wrec}): backprop gives {bp:.10g}, "
                f"central differences give {num:.10g} "
                f"(relative error {relative_error(bp, num):.3g})"
            )
        errors.append(relative_error(bp, num))
    return GradientCheck(backprop, numerical, (errors[0], errors[1]))
