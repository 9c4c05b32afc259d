"""A nonlinear RNN with a vector state, and the binary addition it learns.

s_k = tanh(x_k·W_in + s_{k-1}·W_rec + b) from s_0 = 0, and an output y_k = σ(s_k·W_out + b_out)
at every step; the loss is the mean binary cross-entropy. Row vectors, as in Chapter 2: a batch
of n samples is a matrix with one row per sample. Shapes: ``X`` (n, L, n_in), ``T`` and ``Y``
(n, L, n_out), states ``S`` (n, L+1, H) with ``S[:, 0] = 0``, so ``S[:, k]`` is s_k and
``X[:, k - 1]`` is x_k, the pairing of Chapter 3. Arguments are checked once, at the call
(``_validate_nonlinear``).
"""

from __future__ import annotations

import numpy as np

from ._validate_nonlinear import checked

Params = dict[str, np.ndarray]


@checked
def binary_addition(n: int, n_bits: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n random sums a + b of operands below 2**n_bits, least significant bit first.

    X: (n, n_bits + 1, 2), bit k of a and b at step k (a zero step at the end);
    T: (n, n_bits + 1, 1), bit k of a + b. Taught in Chapter 7.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n, n_bits + 1, 2))
    X[:, :n_bits, :] = rng.integers(0, 2, size=(n, n_bits, 2))
    T = np.zeros((n, n_bits + 1, 1))
    carry = np.zeros(n)
    for k in range(n_bits + 1):  # written addition, column by column
        column = X[:, k, 0] + X[:, k, 1] + carry
        T[:, k, 0] = column % 2
        carry = column // 2
    return X, T


@checked
def init_params(n_in: int, n_hidden: int, n_out: int, seed: int) -> Params:
    """Random weights, each of variance 1/(its number of inputs), and zero biases.

    Shapes: W_in (n_in, H), W_rec (H, H), b (H,), W_out (H, n_out), b_out (n_out,).
    Taught in Chapter 7.
    """
    rng = np.random.default_rng(seed)
    return {
        "W_in": rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_hidden)),
        "W_rec": rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_hidden)),
        "b": np.zeros(n_hidden),
        "W_out": rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out)),
        "b_out": np.zeros(n_out),
    }


@checked
def forward(params: Params, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """States S, shape (n, L+1, H) with S[:, 0] = 0, and outputs Y, shape (n, L, n_out).

    X: (n, L, n_in). Taught in Chapter 7.
    """
    n, length, _ = X.shape
    S = np.zeros((n, length + 1, params["W_rec"].shape[0]))
    for k in range(1, length + 1):
        S[:, k] = np.tanh(X[:, k - 1] @ params["W_in"] + S[:, k - 1] @ params["W_rec"]
                          + params["b"])
    Z = S[:, 1:] @ params["W_out"] + params["b_out"]  # (n, L, n_out), before the logistic
    return S, 0.5 * (1 + np.tanh(Z / 2))  # σ(z) = 1/(1 + e^-z), without overflow


@checked
def loss(params: Params, X: np.ndarray, T: np.ndarray) -> float:
    """Mean binary cross-entropy over samples, steps and outputs; X: (n, L, n_in), T: (n, L, n_out).

    -log σ(z) = log(1 + e^-z) is computed as logaddexp(0, -z): no log(0). Taught in Chapter 7.
    """
    S, _ = forward(params, X)
    Z = S[:, 1:] @ params["W_out"] + params["b_out"]
    return float(np.mean(T * np.logaddexp(0, -Z) + (1 - T) * np.logaddexp(0, Z)))


@checked
def backward(params: Params, X: np.ndarray, S: np.ndarray, Y: np.ndarray,
             T: np.ndarray) -> Params:
    """BPTT in matrix form: ∂ξ/∂ of every parameter, a dict of the shapes of ``params``.

    X: (n, L, n_in), S: (n, L+1, H) and Y: (n, L, n_out) from forward, T like Y.
    Taught in Chapter 7.
    """
    n, length, _ = X.shape
    grad_Z = (Y - T) / Y.size  # ∂ξ/∂z_k of the mean cross-entropy, (n, L, n_out)
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    grad_s = np.zeros((n, params["W_rec"].shape[0]))  # ∂ξ/∂s_k through the later steps
    for k in range(length, 0, -1):
        grads["W_out"] += S[:, k].T @ grad_Z[:, k - 1]  # step k's output y_k = σ(z_k)
        grads["b_out"] += grad_Z[:, k - 1].sum(axis=0)
        grad_s = grad_s + grad_Z[:, k - 1] @ params["W_out"].T  # + step k's own loss term
        grad_a = grad_s * (1 - S[:, k] ** 2)  # through tanh: ∂ξ/∂a_k
        grads["W_in"] += X[:, k - 1].T @ grad_a
        grads["W_rec"] += S[:, k - 1].T @ grad_a
        grads["b"] += grad_a.sum(axis=0)
        grad_s = grad_a @ params["W_rec"].T  # one step back: ∂ξ/∂s_(k-1)
    return grads


@checked
def gradient(params: Params, X: np.ndarray, T: np.ndarray) -> Params:
    """∂ξ/∂ of every parameter, a dict of the shapes of ``params``; X: (n, L, n_in).

    Taught in Chapter 7.
    """
    S, Y = forward(params, X)
    return backward(params, X, S, Y, T)


@checked
def accuracy(params: Params, X: np.ndarray, T: np.ndarray) -> tuple[float, float]:
    """(fraction of output bits right, fraction of samples with every bit right).

    An output bit reads 1 where y > 0.5; X: (n, L, n_in), T: (n, L, n_out). Taught in Chapter 7.
    """
    _, Y = forward(params, X)
    right = (Y > 0.5) == (T > 0.5)
    return float(right.mean()), float(right.all(axis=(1, 2)).mean())
