"""Training the two weights: plain gradient descent and Rprop.

Both stop early, quietly, when a run diverges: they return the trajectory up to
the last point where the cost and the gradient are still finite in float64.
"""

from __future__ import annotations

import numpy as np

from ._validate import checked
from .model import gradient, loss


@checked
def rprop(
    X: np.ndarray,
    t: np.ndarray,
    w0: tuple[float, float] = (-1.5, 2.0),
    n_iter: int = 500,
    delta0: float = 0.001,
    eta_p: float = 1.2,
    eta_n: float = 0.5,
) -> np.ndarray:
    """Rprop: per weight, w ← w - sign(∂ξ/∂w)·Δ, Δ adapted by sign changes.

    Returns the trajectory, shape (m + 1, 2), m <= n_iter; X: (n, L), t: (n,).
    Taught in Chapter 5.
    """
    w = np.array(w0)
    grad = gradient(X, t, *w)
    delta = np.full(2, delta0)
    previous_sign = np.zeros(2)
    trajectory = [w]
    for _ in range(n_iter):
        sign = np.sign(grad)
        delta = delta * np.where(sign == previous_sign, eta_p, eta_n)
        w = w - sign * delta
        grad = gradient(X, t, *w)
        if not np.all(np.isfinite([loss(X, t, *w), *grad])):
            break  # diverged: stop at the last finite point
        previous_sign = sign
        trajectory.append(w)
    return np.array(trajectory)


@checked
def gradient_descent(
    X: np.ndarray,
    t: np.ndarray,
    w0: tuple[float, float],
    learning_rate: float,
    n_iter: int,
) -> np.ndarray:
    """Gradient descent, w ← w - learning_rate·∂ξ/∂w.

    Returns the trajectory, shape (m + 1, 2), m <= n_iter; X: (n, L), t: (n,).
    Taught in Chapter 5.
    """
    w = np.array(w0)
    grad = gradient(X, t, *w)
    trajectory = [w]
    for _ in range(n_iter):
        w = w - learning_rate * grad
        grad = gradient(X, t, *w)
        if not np.all(np.isfinite([loss(X, t, *w), *grad])):
            break  # diverged: stop at the last finite point
        trajectory.append(w)
    return np.array(trajectory)
