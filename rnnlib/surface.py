"""The cost over a grid of weights, computed from the model's closed form.

The output is y_i = w_x·p_i(w_rec) with p_i(w_rec) = Σ_k x_ik·w_rec^(L-k), so
for a fixed w_rec the cost is a parabola in w_x. Completing the square,

    ξ(w_x, w_rec) = a·(w_x - w*)² + r,

where, per w_rec, a = mean_i p_i², w* = mean_i t_i·p_i / a (the best w_x for
that w_rec) and r = mean_i (t_i - w*·p_i)² (the cost there). Both terms are
non-negative, so nothing cancels and the result stays accurate even next to the
optimum, where the cost is almost zero.

Writing alpha = sqrt(a), beta = alpha·w*, the grid is ξ[j, i] = (alpha_j·w_x,i -
beta_j)² + r_j: the matrix alpha_j·w_x,i - beta_j is the product of a (rows, 2)
and a (2, columns) matrix. The polynomials p_i cost O(len(w_rec)·n·L); each grid
point then costs one small matrix product entry, a square and an addition, done
in blocks of rows that fit in cache, so the only grid-sized array is the result
itself.
"""

from __future__ import annotations

import numpy as np

from . import _validate

# Rows per block: 512 KiB of float64, which stays in cache between the passes.
_BLOCK_CELLS = 1 << 16


def _row_coefficients(
    X: np.ndarray, t: np.ndarray, wrec_values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per w_rec row j: ξ = (alpha_j·w_x - beta_j)² + r_j; overflowed rows."""
    with np.errstate(over="ignore", invalid="ignore"):
        # p[j, i] = p_i(w_rec_j) by Horner's rule over the time steps.
        p = np.zeros((wrec_values.shape[0], X.shape[0]))
        for k in range(X.shape[1]):
            p *= wrec_values[:, np.newaxis]
            p += X[:, k]
        scale = np.max(np.abs(p), axis=1)
        overflowed = ~np.isfinite(scale)
        # Dividing by each row's largest |p_i| keeps a = mean q² from
        # overflowing when p is large.
        usable = ~overflowed & (scale > 0)
        q = np.zeros_like(p)
        np.divide(p, scale[:, np.newaxis], out=q, where=usable[:, np.newaxis])
        a = np.mean(q * q, axis=1)
        u_best = np.divide(
            q @ t / t.shape[0], a, out=np.zeros_like(a), where=usable
        )
        r = np.mean((t - u_best[:, np.newaxis] * q) ** 2, axis=1)
        sqrt_a = np.sqrt(a)
        alpha = np.where(usable, sqrt_a * scale, 0.0)
        beta = sqrt_a * u_best
    return alpha, beta, r, overflowed


def loss_surface(
    X: np.ndarray, t: np.ndarray, wx_values: np.ndarray, wrec_values: np.ndarray
) -> np.ndarray:
    """The cost at every point of a grid of weights.

    Args:
        X, t: inputs (n, L) (or (L,)) and targets (n,).
        wx_values: 1-D grid of w_x values, length nx.
        wrec_values: 1-D grid of w_rec values, length nr.

    Returns:
        Z of shape (nr, nx), Z[j, i] = the cost at (wx_values[i],
        wrec_values[j]), so that ``plt.contourf(wx_values, wrec_values, Z)``
        puts w_x across and w_rec up. Where the true cost overflows float64 the
        entry is +inf; it is never NaN.
    """
    X = _validate.inputs(X)
    t = _validate.samples(t, X.shape[0], "t")
    wx_values = _validate.grid(wx_values, "wx_values")
    wrec_values = _validate.grid(wrec_values, "wrec_values")

    alpha, beta, r, overflowed = _row_coefficients(X, t, wrec_values)
    Z = np.empty((wrec_values.shape[0], wx_values.shape[0]))
    row_factors = np.column_stack([alpha, beta])  # (nr, 2)
    column_factors = np.vstack([wx_values, -np.ones_like(wx_values)])  # (2, nx)
    rows_per_block = max(1, _BLOCK_CELLS // wx_values.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, Z.shape[0], rows_per_block):
            rows = slice(start, start + rows_per_block)
            block = Z[rows]
            np.matmul(
                row_factors[rows], column_factors, out=block
            )  # alpha·w_x - beta
            np.square(block, out=block)
            block += r[rows, np.newaxis]
    if np.any(overflowed):
        Z[overflowed] = _overflowed_rows(
            X, t, wx_values, wrec_values[overflowed]
        )
    return Z


def _overflowed_rows(
    X: np.ndarray, t: np.ndarray, wx_values: np.ndarray, wrec_values: np.ndarray
) -> np.ndarray:
    """The cost on rows where some p_i overflows (|w_rec| > 1, long sequences).

    There y = w_x·p is finite only for a minute |w_x|: at w_x = 0 the cost is
    mean t²; for |w_x| > 1e-100, |y| > 1e208 and the cost overflows; in between
    it is computed in the log domain, p_i = w_rec^(L-1)·Σ_k x_k·w_rec^(1-k),
    where the sum cannot overflow. Returns an array of shape (len(wrec_values),
    len(wx_values)).
    """
    row = np.where(wx_values == 0, np.mean(t * t), np.inf)
    Z = np.tile(row, (wrec_values.shape[0], 1))
    minute = (wx_values != 0) & (np.abs(wx_values) <= 1e-100)
    if not np.any(minute):
        return Z
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        w = wrec_values[:, np.newaxis]
        power = X.shape[1] - 1
        tail = np.zeros((w.shape[0], X.shape[0]))  # Σ_k x_k·w^(1-k), by Horner
        for k in range(X.shape[1] - 1, -1, -1):
            tail = tail / w + X[:, k]
        log_p = power * np.log(np.abs(w)) + np.log(np.abs(tail))  # (rows, n)
        sign_p = np.sign(w) ** power * np.sign(tail)
        wx = wx_values[minute]
        log_y = log_p[..., np.newaxis] + np.log(np.abs(wx))  # (rows, n, cols)
        y = sign_p[..., np.newaxis] * np.sign(wx) * np.exp(log_y)
        cost = np.mean((t[:, np.newaxis] - y) ** 2, axis=1)
    Z[:, minute] = np.where(np.isnan(cost), np.inf, cost)
    return Z
