"""The cost over a grid of weights, computed from the model's closed form.

The output is y_i = w_x·p_i(w_rec) with p_i(w_rec) = Σ_k x_ik·w_rec^(L-k), so
for a fixed w_rec the cost is a parabola in w_x. Completing the square,

    ξ(w_x, w_rec) = a·(w_x - w*)² + r,

where, per w_rec, a = mean_i p_i², w* = mean_i t_i·p_i / a (the best w_x for
that w_rec) and r = mean_i (t_i - w*·p_i)² (the cost there). Both terms are
non-negative, so nothing cancels and the result stays accurate even next to the
optimum, where the cost is almost zero. With alpha = sqrt(a) and beta =
alpha·w*, the grid is ξ[j, i] = (alpha_j·w_x,i - beta_j)² + r_j: the
polynomials cost O(len(w_rec)·n·L), then each grid point one entry of a
rank-2 matrix product, a square and an addition, done in blocks of rows that
stay in cache (one pass over memory instead of four: the plainer broadcast,
``(alpha[:, None] * w_x - beta[:, None]) ** 2 + r[:, None]`` done in place,
takes 1.3 to 1.6 times as long and sits at the benchmark's 5x limit instead
of well inside it; ``make bench`` measures both).
"""

from __future__ import annotations

import numpy as np

from ._validate import checked


@checked
def surface_coefficients(
    X: np.ndarray, t: np.ndarray, wrec_values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """alpha, beta, r, each (nr,): ξ = (alpha_j·w_x - beta_j)² + r_j on row j.

    X: (n, L), t: (n,), wrec_values: (nr,).
    Taught in the appendix (computing the surface fast).
    """
    # p[j, i] = p_i(w_rec_j), by Horner's rule over the time steps
    p = np.zeros((wrec_values.shape[0], X.shape[0]))
    for k in range(X.shape[1]):
        p = p * wrec_values[:, np.newaxis] + X[:, k]
    # q = p / max_i |p_i| per row, so that mean q² cannot overflow
    scale = np.max(np.abs(p), axis=1)
    q = p / np.where(scale > 0, scale, 1.0)[:, np.newaxis]
    a = np.mean(q * q, axis=1)
    u_best = (q @ t / t.shape[0]) / np.where(a > 0, a, 1.0)  # w* · scale
    r = np.mean((t - u_best[:, np.newaxis] * q) ** 2, axis=1)
    return np.sqrt(a) * scale, np.sqrt(a) * u_best, r


@checked
def loss_surface(
    X: np.ndarray, t: np.ndarray, wx_values: np.ndarray, wrec_values: np.ndarray
) -> np.ndarray:
    """The cost Z[j, i] at (wx_values[i], wrec_values[j]), shape (nr, nx).

    X: (n, L), t: (n,). +inf where the cost overflows float64, never NaN.
    Taught in the appendix (computing the surface fast).
    """
    alpha, beta, r = surface_coefficients(X, t, wrec_values)
    # alpha_j·w_x,i - beta_j for all (j, i): a (nr, 2) @ (2, nx) product
    left = np.column_stack([alpha, -beta])
    right = np.vstack([wx_values, np.ones_like(wx_values)])
    Z = np.empty((left.shape[0], right.shape[1]))
    rows = max(1, 2**16 // right.shape[1])  # blocks of 512 KiB stay in cache
    for start in range(0, Z.shape[0], rows):
        block = Z[start : start + rows]  # a view into Z
        np.matmul(left[start : start + rows], right, out=block)
        np.square(block, out=block)
        block += r[start : start + rows, np.newaxis]
    Z[np.isnan(alpha)] = np.inf  # rows where some p_i overflows float64
    Z[:, wx_values == 0] = np.mean(t**2)  # y = 0 there, whatever w_rec
    return Z
