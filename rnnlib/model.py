"""The linear RNN s_k = s_{k-1}·w_rec + x_k·w_x: forward pass, cost and BPTT.

Shapes: ``n`` samples, sequences of length ``L``. States are stored with an
extra column for s_0 = 0, so ``S`` has shape (n, L+1) and column k holds s_k.
"""

from __future__ import annotations

import numpy as np

from . import _validate


def update_state(
    x_k: np.ndarray, s_prev: np.ndarray, wx: float, wrec: float
) -> np.ndarray:
    """One step of the recurrence: s_k = s_{k-1}·w_rec + x_k·w_x.

    ``x_k`` and ``s_prev`` have shape (n,), one entry per sample (or are
    scalars); the result too.
    """
    x_k, s_prev = _validate.step(x_k, s_prev)
    wx, wrec = _validate.weight(wx, "wx"), _validate.weight(wrec, "wrec")
    return s_prev * wrec + x_k * wx


def forward_states(X: np.ndarray, wx: float, wrec: float) -> np.ndarray:
    """Unroll the network over every sequence in ``X``.

    Args:
        X: inputs of shape (n, L), or (L,) for a single sequence; real values
            are allowed.
        wx, wrec: the input and recurrent weights.

    Returns:
        S of shape (n, L+1): S[:, 0] = 0 and S[:, k+1] = update_state(X[:, k],
        S[:, k], ...). The network's output is the last column, S[:, -1].
    """
    X = _validate.inputs(X)
    wx = _validate.weight(wx, "wx")
    wrec = _validate.weight(wrec, "wrec")
    n_samples, length = X.shape
    S = np.zeros((n_samples, length + 1))
    for k in range(length):
        S[:, k + 1] = update_state(X[:, k], S[:, k], wx, wrec)
    return S


def cost(y: np.ndarray, t: np.ndarray) -> float:
    """Mean squared error over the samples: ξ = (1/n)·Σ_i (t_i - y_i)².

    ``y`` and ``t`` have shape (n,).
    """
    t = _validate.samples(t, None, "t")
    y = _validate.samples(y, t.shape[0], "y", other="t")
    return float(np.mean((t - y) ** 2))


def output_gradient(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂ξ/∂y = 2(y - t)/n, shape (n,): the gradient that starts BPTT."""
    t = _validate.samples(t, None, "t")
    y = _validate.samples(y, t.shape[0], "y", other="t")
    return 2.0 * (y - t) / y.shape[0]


def backward_gradient(
    X: np.ndarray, S: np.ndarray, grad_out: np.ndarray, wrec: float
) -> tuple[tuple[float, float], np.ndarray]:
    """Backpropagation through time.

    Args:
        X: inputs of shape (n, L) (or (L,)).
        S: states from :func:`forward_states`, shape (n, L+1).
        grad_out: ∂ξ/∂y, shape (n,).
        wrec: the recurrent weight.

    Returns:
        ``(grad_wx, grad_wrec)``, the cost's gradient, and ``grad_over_time`` of
        shape (n, L+1) holding ∂ξ/∂s_k: its last column is ``grad_out`` and each
        earlier column is the next one times ``wrec``. Step k's state gradient
        pairs with the input and the state that *entered* step k, X[:, k-1] and
        S[:, k-1] (0-based columns; S has the extra s_0 column).
    """
    X = _validate.inputs(X)
    n_samples, length = X.shape
    S = _validate.inputs(S, "S")
    if S.shape != (n_samples, length + 1):
        raise ValueError(
            f"S must have shape (n, L+1) = {(n_samples, length + 1)} for X "
            f"of shape {X.shape}, "
            f"got {S.shape}"
        )
    grad_out = _validate.samples(grad_out, n_samples, "grad_out")
    wrec = _validate.weight(wrec, "wrec")

    grad_over_time = np.zeros((n_samples, length + 1))
    grad_over_time[:, -1] = grad_out
    grad_wx = 0.0
    grad_wrec = 0.0
    for k in range(length, 0, -1):
        grad_wx += np.sum(grad_over_time[:, k] * X[:, k - 1])
        grad_wrec += np.sum(grad_over_time[:, k] * S[:, k - 1])
        grad_over_time[:, k - 1] = grad_over_time[:, k] * wrec
    return (float(grad_wx), float(grad_wrec)), grad_over_time


def gradient(
    X: np.ndarray, t: np.ndarray, wx: float, wrec: float
) -> tuple[float, float]:
    """The gradient (∂ξ/∂w_x, ∂ξ/∂w_rec) at (wx, wrec): forward pass, then BPTT.

    ``X`` has shape (n, L) (or (L,)), ``t`` shape (n,). Returns two floats.
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    S = forward_states(X, wx, wrec)
    grads, _ = backward_gradient(X, S, output_gradient(S[:, -1], t), wrec)
    return grads
