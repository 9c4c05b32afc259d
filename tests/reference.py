"""Independent references for rnnlib's tests, written the plainest way possible.

Everything here works on plain Python floats (lists of lists, no NumPy vectorisation), follows
the book's equations directly, and shares no code with rnnlib. The tests compare rnnlib with these.

Error bounds: floating-point results are compared with a tolerance proportional to the *magnitude*
of what was summed (the same sums taken over absolute values), the standard forward error bound
|computed - exact| <= gamma·Σ|terms| (Higham, "Accuracy and Stability of Numerical Algorithms",
ch. 3 and 4). That bound stays valid where the terms cancel and the result is near zero, where a
purely relative tolerance would be meaningless.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction

EPS = sys.float_info.epsilon  # 2.2e-16, the unit round-off of float64 (times two)
TINY = sys.float_info.min * EPS  # 4.9e-324: a rounding's absolute error among subnormal numbers


def rounding_bound(roundings: float, magnitude: float, growth: float = 1.0) -> float:
    """What `roundings` float64 roundings can do to a sum of terms of total size `magnitude`.

    Each operation's result is exact·(1 + δ) + η with |δ| <= ε/2 and |η| <= TINY/2 (the second
    for results in the subnormal range), so the error is below roundings·(ε·magnitude + TINY).
    The relative errors δ are already carried by `magnitude`; an absolute error η made early in
    a recurrence is multiplied by what follows (w_rec once per later step), so it may grow by up
    to `growth` = max(1, |w_rec|)^L.
    """
    return roundings * (EPS * magnitude + TINY * growth)


Rows = Sequence[Sequence[float]]


def as_rows(X: object) -> list[list[float]]:
    """A 2-D array-like (or one sequence) as a list of rows of Python floats."""
    rows = X.tolist() if hasattr(X, "tolist") else X
    if rows and not isinstance(rows[0], (list, tuple)):
        rows = [rows]
    return [[float(x) for x in row] for row in rows]


def as_list(values: object) -> list[float]:
    values = values.tolist() if hasattr(values, "tolist") else values
    return [float(v) for v in values]


# --- forward pass ---------------------------------------------------------------------------


def forward_plain(X: Rows, wx: float, wrec: float) -> list[list[float]]:
    """States s_0..s_L of every sequence, one float at a time: s_k = s_{k-1}·wrec + x_k·wx."""
    states = []
    for row in as_rows(X):
        s = 0.0
        row_states = [s]
        for x in row:
            s = s * wrec + x * wx
            row_states.append(s)
        states.append(row_states)
    return states


def closed_form(row: Sequence[float], wx: float, wrec: float) -> float:
    """The unrolled output y = wx·Σ_{k=1..L} x_k·wrec^(L-k), summed exactly (math.fsum)."""
    length = len(row)
    return wx * math.fsum(x * wrec ** (length - k) for k, x in enumerate(row, start=1))


def output_magnitude(row: Sequence[float], wx: float, wrec: float) -> float:
    """|wx|·Σ_k |x_k|·|wrec|^(L-k): the size of the terms that make up y (for error bounds)."""
    return closed_form([abs(x) for x in row], abs(wx), abs(wrec))


# --- cost -----------------------------------------------------------------------------------


def cost_plain(X: Rows, t: Sequence[float], wx: float, wrec: float) -> float:
    """ξ(wx, wrec) = (1/n)·Σ_i (t_i - y_i)², with y from the plain forward loop."""
    outputs = [states[-1] for states in forward_plain(X, wx, wrec)]
    targets = as_list(t)
    squares = [(target - y) ** 2 for y, target in zip(outputs, targets, strict=True)]
    return math.fsum(squares) / len(targets)


def cost_exact(X: Rows, t: Sequence[float], wx: float, wrec: float) -> Fraction:
    """The same cost in exact rational arithmetic (no rounding, no overflow)."""
    wx_q, wrec_q = Fraction(wx), Fraction(wrec)
    total = Fraction(0)
    targets = as_list(t)
    for row, target in zip(as_rows(X), targets, strict=True):
        s = Fraction(0)
        for x in row:
            s = s * wrec_q + Fraction(x) * wx_q
        total += (Fraction(target) - s) ** 2
    return total / len(targets)


def cost_magnitude(X: Rows, t: Sequence[float], wx: float, wrec: float) -> float:
    """mean_i (|t_i| + Σ|terms of y_i|)²: a bound on the size of everything the cost sums."""
    targets = as_list(t)
    return math.fsum(
        (abs(target) + output_magnitude(row, wx, wrec)) ** 2
        for row, target in zip(as_rows(X), targets, strict=True)
    ) / len(targets)


# --- backpropagation through time -----------------------------------------------------------


def bptt_plain(
    X: Rows, t: Sequence[float], wx: float, wrec: float
) -> tuple[tuple[float, float], list[list[float]]]:
    """∂ξ/∂wx and ∂ξ/∂wrec by the chain rule, loop by loop, and ∂ξ/∂s_k for k = 0..L.

    ∂ξ/∂y_i = 2(y_i - t_i)/n; ∂ξ/∂s_{k-1} = ∂ξ/∂s_k·wrec; step k (1-based) contributes
    ∂ξ/∂s_k·x_k to ∂ξ/∂wx and ∂ξ/∂s_k·s_{k-1} to ∂ξ/∂wrec.
    """
    rows = as_rows(X)
    targets = as_list(t)
    n = len(rows)
    all_states = forward_plain(rows, wx, wrec)
    grad_wx_terms: list[float] = []
    grad_wrec_terms: list[float] = []
    grads_over_time = []
    for row, states, target in zip(rows, all_states, targets, strict=True):
        length = len(row)
        grad_state = [0.0] * (length + 1)
        grad_state[length] = 2.0 * (states[length] - target) / n
        for k in range(length, 0, -1):  # k is the 1-based time step; row[k - 1] is x_k
            grad_wx_terms.append(grad_state[k] * row[k - 1])
            grad_wrec_terms.append(grad_state[k] * states[k - 1])
            grad_state[k - 1] = grad_state[k] * wrec
        grads_over_time.append(grad_state)
    return (math.fsum(grad_wx_terms), math.fsum(grad_wrec_terms)), grads_over_time


def gradient_magnitude(X: Rows, t: Sequence[float], wx: float, wrec: float) -> tuple[float, float]:
    """The BPTT sums taken over absolute values, with |y_i - t_i| replaced by its bound.

    Float errors in a computed gradient (from BPTT or from finite differences) are proportional
    to these magnitudes, not to the gradient itself, which may be near zero by cancellation.
    """
    rows = [[abs(x) for x in row] for row in as_rows(X)]
    targets = [abs(v) for v in as_list(t)]
    n = len(rows)
    states = forward_plain(rows, abs(wx), abs(wrec))
    total_wx = total_wrec = 0.0
    for row, row_states, target in zip(rows, states, targets, strict=True):
        length = len(row)
        grad = 2.0 * (row_states[length] + target) / n
        for k in range(length, 0, -1):
            total_wx += grad * row[k - 1]
            total_wrec += grad * row_states[k - 1]
            grad *= abs(wrec)
    return total_wx, total_wrec


# --- central differences --------------------------------------------------------------------


def central_difference(f: Callable[[float], float], w: float, h: float) -> float:
    """(f(w + h) - f(w - h)) / (2h), with the step actually taken (w ± h rounded) in the divisor."""
    up, down = w + h, w - h
    return (f(up) - f(down)) / (up - down)


def numerical_gradient_plain(
    X: Rows, t: Sequence[float], wx: float, wrec: float, h: float = 1e-6
) -> tuple[float, float]:
    """Central differences of :func:`cost_plain`, one weight at a time."""
    rows, targets = as_rows(X), as_list(t)
    g_wx = central_difference(lambda w: cost_plain(rows, targets, w, wrec), wx, h)
    g_wrec = central_difference(lambda w: cost_plain(rows, targets, wx, w), wrec, h)
    return g_wx, g_wrec


# --- the model written wrong on purpose, for gradient_check to catch ------------------------


def backward_pairs_current_input(X, S, grad_out, wrec):
    """BPTT with an off-by-one: pairs grad_over_time[:, k] with X[:, k] and S[:, k], k = 0..L-1.

    The classic indexing slip (S has the extra s_0 column, X does not): the input x_{k+1} meets
    ∂ξ/∂s_k instead of ∂ξ/∂s_{k+1}. Since ∂ξ/∂s_k = wrec·∂ξ/∂s_{k+1}, both gradients come out
    multiplied by wrec, so the slip is invisible at wrec = 1 and a gradient check there proves
    nothing. Same signature and return value as rnnlib.backward_gradient.
    """
    import numpy as np

    X, S = np.atleast_2d(X), np.asarray(S, dtype=float)
    n, length = X.shape
    grad_over_time = np.zeros((n, length + 1))
    grad_over_time[:, -1] = grad_out
    for k in range(length, 0, -1):
        grad_over_time[:, k - 1] = grad_over_time[:, k] * wrec
    grad_wx = grad_wrec = 0.0
    for k in range(length):
        grad_wx += np.sum(grad_over_time[:, k] * X[:, k])
        grad_wrec += np.sum(grad_over_time[:, k] * S[:, k])
    return (float(grad_wx), float(grad_wrec)), grad_over_time


def backward_pairs_produced_state(X, S, grad_out, wrec):
    """BPTT that pairs step k's gradient with the state it produced, S[:, k], not S[:, k-1]."""
    import numpy as np

    X, S = np.atleast_2d(X), np.asarray(S, dtype=float)
    n, length = X.shape
    grad_over_time = np.zeros((n, length + 1))
    grad_over_time[:, -1] = grad_out
    grad_wx = grad_wrec = 0.0
    for k in range(length, 0, -1):
        grad_wx += np.sum(grad_over_time[:, k] * X[:, k - 1])
        grad_wrec += np.sum(grad_over_time[:, k] * S[:, k])
        grad_over_time[:, k - 1] = grad_over_time[:, k] * wrec
    return (float(grad_wx), float(grad_wrec)), grad_over_time


def backward_forgets_wrec(X, S, grad_out, wrec):
    """BPTT that forgets the factor wrec when passing the gradient back one step."""
    import numpy as np

    X, S = np.atleast_2d(X), np.asarray(S, dtype=float)
    n, length = X.shape
    grad_over_time = np.zeros((n, length + 1))
    grad_over_time[:, -1] = grad_out
    grad_wx = grad_wrec = 0.0
    for k in range(length, 0, -1):
        grad_wx += np.sum(grad_over_time[:, k] * X[:, k - 1])
        grad_wrec += np.sum(grad_over_time[:, k] * S[:, k - 1])
        grad_over_time[:, k - 1] = grad_over_time[:, k]
    return (float(grad_wx), float(grad_wrec)), grad_over_time


def backward_only_last_step(X, S, grad_out, wrec):
    """BPTT truncated to the last time step (no backpropagation *through time* at all)."""
    import numpy as np

    X, S = np.atleast_2d(X), np.asarray(S, dtype=float)
    grad_over_time = np.zeros(S.shape)
    grad_over_time[:, -1] = grad_out
    grads = (float(np.sum(grad_out * X[:, -1])), float(np.sum(grad_out * S[:, -2])))
    return grads, grad_over_time


# --- central differences in exact arithmetic ------------------------------------------------

EXACT_STEP = Fraction(1, 2**80)


def numerical_gradient_exact(
    X: Rows, t: Sequence[float], wx: float, wrec: float, h: Fraction = EXACT_STEP
) -> tuple[float, float]:
    """Central differences of :func:`cost_exact`: no round-off, so the step can be tiny.

    The only error left is truncation, bounded by :func:`truncation_bound`; the result is rounded
    to float once, at the end.
    """
    rows, targets = as_rows(X), as_list(t)
    wx_q, wrec_q = Fraction(wx), Fraction(wrec)
    def cost_at(wx_at: Fraction, wrec_at: Fraction) -> Fraction:
        return cost_exact(rows, targets, wx_at, wrec_at)

    g_wx = (cost_at(wx_q + h, wrec_q) - cost_at(wx_q - h, wrec_q)) / (2 * h)
    g_wrec = (cost_at(wx_q, wrec_q + h) - cost_at(wx_q, wrec_q - h)) / (2 * h)
    return float(g_wx), float(g_wrec)


def truncation_bound(
    X: Rows, t: Sequence[float], wx: float, wrec: float, h: Fraction = EXACT_STEP
) -> tuple[float, float]:
    """Bounds on |central difference - derivative| for wx and wrec, in exact arithmetic.

    The cost is a polynomial of degree D in each weight (D = 2 in wx, 2L in wrec) whose
    coefficients are bounded in size by those of
    G(u) = mean_i (|t_i| + |wx|·Σ_k |x_ik|·|wrec|^(L-k))² with the weight in question replaced by u.
    The central difference's error is Σ_{odd m>=3} h^(m-1)/m!·f^(m)(w), and
    |f^(m)(w)| <= G^(m)(|w|) <= D^m·G(|w| + 1), so for h·D < 1 it is at most D³·h²/5·G(|w| + 1).
    """
    rows, targets = as_rows(X), as_list(t)
    length = len(rows[0])
    h2 = float(h) ** 2
    g_for_wx = cost_magnitude(rows, targets, abs(wx) + 1, wrec)
    g_for_wrec = cost_magnitude(rows, targets, wx, abs(wrec) + 1)
    return 2**3 * h2 / 5 * g_for_wx, (2 * length) ** 3 * h2 / 5 * g_for_wrec


# --- Rprop, as the reference tutorial words it ----------------------------------------------------


def rprop_plain(
    X: Rows,
    t: Sequence[float],
    w0: tuple[float, float],
    n_iter: int,
    delta0: float = 0.001,
    eta_p: float = 1.2,
    eta_n: float = 0.5,
) -> list[list[float]]:
    """The reference tutorial's Rprop, each weight on its own, with :func:`bptt_plain` gradients.

    Take the sign of the weight's gradient; if it equals the previous iteration's sign (0 before
    the first) multiply the step Δ by eta_p, otherwise by eta_n; then w <- w - sign·Δ.
    """
    rows, targets = as_rows(X), as_list(t)
    w = [float(w0[0]), float(w0[1])]
    delta = [delta0, delta0]
    previous = [0.0, 0.0]
    trajectory = [list(w)]
    for _ in range(n_iter):
        grads, _ = bptt_plain(rows, targets, w[0], w[1])
        for i in range(2):
            sign = (grads[i] > 0) - (grads[i] < 0)
            delta[i] *= eta_p if sign == previous[i] else eta_n
            w[i] -= sign * delta[i]
            previous[i] = sign
        trajectory.append(list(w))
    return trajectory


# --- the cost on a grid, by brute force -----------------------------------------------------


def cost_grid_direct(X, t, wx_values, wrec_values):
    """The cost at every grid point straight from the definition, and its magnitude bound.

    The one reference that uses NumPy: the recurrence runs for all grid points at once (arrays of
    shape (nr, nx, n)), which is the plain loop of :func:`forward_plain` per grid point, then the
    mean of squares. Returns (Z, Z_magnitude), both (len(wrec_values), len(wx_values)), Z_magnitude
    being :func:`cost_magnitude` per point. Overflow gives inf (callers silence the warnings).
    """
    import numpy as np

    X = np.atleast_2d(np.asarray(X, dtype=float))
    t = np.asarray(t, dtype=float)
    wx = np.asarray(wx_values, dtype=float)[np.newaxis, :, np.newaxis]
    wrec = np.asarray(wrec_values, dtype=float)[:, np.newaxis, np.newaxis]
    s = np.zeros((wrec.shape[0], wx.shape[1], X.shape[0]))
    s_abs = np.zeros_like(s)
    for k in range(X.shape[1]):
        s = s * wrec + X[:, k] * wx
        s_abs = s_abs * np.abs(wrec) + np.abs(X[:, k]) * np.abs(wx)
    return np.mean((t - s) ** 2, axis=2), np.mean((np.abs(t) + s_abs) ** 2, axis=2)


def gradient_error_and_tolerance(X, t, wx, wrec, gradient):
    """For each weight: |gradient - exact central difference| and the error it may have.

    The tolerance is the rounding of forward pass, powers of w_rec and the sums over samples and
    steps, (3L + n + 4)·ε·magnitude, plus the central difference's truncation bound, plus
    rounding the exact result to float. ``gradient`` is the (g_wx, g_wrec) under test.
    """
    n, length = X.shape
    exact = numerical_gradient_exact(X, t, wx, wrec)
    bounds = truncation_bound(X, t, wx, wrec)
    magnitudes = gradient_magnitude(X, t, wx, wrec)
    return [
        (abs(got - fd), rounding_bound(3 * length + n + 4, magnitude) + bound + 2 * EPS * abs(fd))
        for got, fd, bound, magnitude in zip(gradient, exact, bounds, magnitudes, strict=True)
    ]
