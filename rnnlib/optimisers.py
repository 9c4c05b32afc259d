"""Training the two weights: plain gradient descent and Rprop."""

from __future__ import annotations

import numpy as np

from . import _validate
from .model import backward_gradient, forward_states, output_gradient


def _gradient(X: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    S = forward_states(X, w[0], w[1])
    grads, _ = backward_gradient(X, S, output_gradient(S[:, -1], t), w[1])
    return np.array(grads)


def rprop(
    X: np.ndarray,
    t: np.ndarray,
    w0: tuple[float, float] = (-1.5, 2.0),
    n_iter: int = 500,
    delta0: float = 0.001,
    eta_p: float = 1.2,
    eta_n: float = 0.5,
) -> np.ndarray:
    """Full-batch Rprop in the reference tutorial's simple form, per weight.

    Per iteration and weight: if the gradient's sign equals the previous
    iteration's sign (0 before the first), the step Δ grows by ``eta_p``,
    otherwise it shrinks by ``eta_n``; then w ← w - sign(gradient)·Δ, also right
    after a sign flip. No bounds on Δ, no backtracking.

    Args:
        X, t: inputs (n, L) and targets (n,).
        w0: the starting point (w_x, w_rec).
        n_iter: the number of iterations.
        delta0: the initial step Δ of both weights.
        eta_p, eta_n: the growth (> 1) and shrink (in (0, 1)) factors of Δ.

    Returns:
        The trajectory, shape (n_iter + 1, 2): row 0 is ``w0``, row i the
        weights after i steps.
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    w = np.array(_validate.weight_pair(w0, "w0"))
    n_iter = _validate.count(n_iter, "n_iter", 0)
    delta = np.full(2, _validate.positive(delta0, "delta0"))
    eta_p = _validate.weight(eta_p, "eta_p")
    eta_n = _validate.weight(eta_n, "eta_n")
    if not eta_p > 1:
        raise ValueError(f"eta_p must be above 1, got {eta_p}")
    if not 0 < eta_n < 1:
        raise ValueError(f"eta_n must lie in (0, 1), got {eta_n}")

    trajectory = np.empty((n_iter + 1, 2))
    trajectory[0] = w
    previous_sign = np.zeros(2)
    for i in range(1, n_iter + 1):
        sign = np.sign(_gradient(X, t, w))
        delta *= np.where(sign == previous_sign, eta_p, eta_n)
        w = w - sign * delta
        previous_sign = sign
        trajectory[i] = w
    return trajectory


def gradient_descent(
    X: np.ndarray,
    t: np.ndarray,
    w0: tuple[float, float],
    learning_rate: float,
    n_iter: int,
) -> np.ndarray:
    """Plain full-batch gradient descent: w ← w - learning_rate·∂ξ/∂w.

    Args:
        X, t: inputs (n, L) and targets (n,).
        w0: the starting point (w_x, w_rec).
        learning_rate: the step size μ (> 0).
        n_iter: the maximum number of iterations.

    Returns:
        The trajectory, shape (m + 1, 2) with m <= n_iter: row 0 is ``w0``. When
        the weights or the cost stop being finite (the run diverged) it stops
        early, without a warning, and returns only the rows where both were
        still finite.
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    w = np.array(_validate.weight_pair(w0, "w0"))
    learning_rate = _validate.positive(learning_rate, "learning_rate")
    n_iter = _validate.count(n_iter, "n_iter", 0)

    trajectory = [w]
    grads = _finite_gradient(X, t, w)
    for _ in range(n_iter if grads is not None else 0):
        w = w - learning_rate * grads
        grads = _finite_gradient(X, t, w) if np.all(np.isfinite(w)) else None
        if grads is None:
            break
        trajectory.append(w)
    return np.array(trajectory)


def _finite_gradient(
    X: np.ndarray, t: np.ndarray, w: np.ndarray
) -> np.ndarray | None:
    """The gradient at ``w``; None where states, cost or gradient overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        S = forward_states(X, w[0], w[1])
        if not (
            np.all(np.isfinite(S)) and np.isfinite(np.mean((t - S[:, -1]) ** 2))
        ):
            return None
        grads, grad_over_time = backward_gradient(
            X, S, output_gradient(S[:, -1], t), w[1]
        )
    finite = np.all(np.isfinite(grad_over_time)) and np.all(np.isfinite(grads))
    return np.array(grads) if finite else None
