"""The linear RNN s_k = s_{k-1}·w_rec + x_k·w_x: forward pass, cost and BPTT.

Shapes: ``n`` samples, sequences of length ``L``. States are stored with an
extra column for s_0 = 0, so ``S`` has shape (n, L+1) and column k holds s_k.
Arguments are checked once, at the call (``_validate.checked``).
"""

from __future__ import annotations

import numpy as np

from ._validate import checked, finite_gradient


@checked
def update_state(
    x_k: np.ndarray, s_prev: np.ndarray, wx: float, wrec: float
) -> np.ndarray:
    """One step, s_k = s_{k-1}·w_rec + x_k·w_x; x_k, s_prev and s_k: (n,).

    Taught in Chapter 2.
    """
    return s_prev * wrec + x_k * wx


@checked
def forward_states(X: np.ndarray, wx: float, wrec: float) -> np.ndarray:
    """All states S, shape (n, L+1), of inputs X, shape (n, L).

    S[:, 0] = 0; the output y is the last column, S[:, -1]. (At the call, one
    sequence of shape (L,) becomes X of shape (1, L).)
    Taught in Chapter 2.
    """
    n_samples, length = X.shape
    S = np.zeros((n_samples, length + 1))
    for k in range(length):
        S[:, k + 1] = update_state(X[:, k], S[:, k], wx, wrec)
    return S


@checked
def cost(y: np.ndarray, t: np.ndarray) -> float:
    """Mean squared error ξ = (1/n)·Σ_i (t_i - y_i)²; y and t: (n,).

    Taught in Chapter 2.
    """
    return float(np.mean((t - y) ** 2))


@checked
def output_gradient(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """∂ξ/∂y = 2(y - t)/n, shape (n,): where BPTT starts.

    Taught in Chapter 2.
    """
    return 2.0 * (y - t) / y.shape[0]


@checked
def loss(X: np.ndarray, t: np.ndarray, wx: float, wrec: float) -> float:
    """The cost ξ at (wx, wrec) of inputs X (n, L) against targets t (n,).

    +inf where the outputs overflow float64. Taught in Chapter 2.
    """
    return cost(forward_states(X, wx, wrec)[:, -1], t)


@checked
def backward_gradient(
    X: np.ndarray, S: np.ndarray, grad_out: np.ndarray, wrec: float
) -> tuple[tuple[float, float], np.ndarray]:
    """BPTT: ((∂ξ/∂w_x, ∂ξ/∂w_rec), ∂ξ/∂S of shape (n, L+1)).

    X: (n, L), S: (n, L+1) from forward_states, grad_out = ∂ξ/∂y: (n,).
    Taught in Chapter 3.
    """
    n_samples, length = X.shape
    grad_over_time = np.zeros((n_samples, length + 1))
    grad_over_time[:, -1] = grad_out
    grad_wx = 0.0
    grad_wrec = 0.0
    for k in range(length, 0, -1):
        # step k read x_k = X[:, k-1] and s_(k-1) = S[:, k-1]
        grad_wx += np.sum(grad_over_time[:, k] * X[:, k - 1])
        grad_wrec += np.sum(grad_over_time[:, k] * S[:, k - 1])
        grad_over_time[:, k - 1] = grad_over_time[:, k] * wrec
    return (float(grad_wx), float(grad_wrec)), grad_over_time


@checked(result=finite_gradient)
def gradient(
    X: np.ndarray, t: np.ndarray, wx: float, wrec: float
) -> np.ndarray:
    """(∂ξ/∂w_x, ∂ξ/∂w_rec), shape (2,); X: (n, L), t: (n,).

    OverflowError (naming wrec and L) where float64 overflows.
    Taught in Chapter 3.
    """
    S = forward_states(X, wx, wrec)
    grads, _ = backward_gradient(X, S, output_gradient(S[:, -1], t), wrec)
    return np.array(grads)
