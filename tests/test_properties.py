"""Property-based tests (hypothesis): rnnlib against the independent references, for any problem.

Problems: 1-30 sequences of length 1-50, inputs either 0/1 or real numbers in [-1, 1], targets
either the counts or real numbers, weights in [-1.5, 1.5]. With |w_rec| = 1.5 and L = 50 the
outputs reach ~1e10 and the gradients ~1e20, so every comparison is scaled, never absolute.

Tolerances (see reference.py): a float result may differ from the exact value by a small multiple
of ε times the *magnitude* of what it sums (the same sums over absolute values), the standard
forward error bound. Each tolerance below is that bound with the number of roundings the
computation does (about L for the recurrence, n + L for the sums); in thousands of random trials
the observed errors stay below a third of it. A wrong formula is off by the size of the terms
themselves, 10^9 or more times the tolerance.
"""

from __future__ import annotations

import numpy as np
import reference as ref
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import rnnlib

# Arrays of up to 30 x 50 drawn element by element: slow to generate on a busy machine, and
# timing is not what these tests are about.
SLOW_DATA_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
FAST = settings(max_examples=30, deadline=None, suppress_health_check=SLOW_DATA_OK)

weights = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, max_samples=30, max_length=50):
    """(X, t, wx, wrec): inputs (n, L) as float64, targets (n,), two weights."""
    n = draw(st.integers(1, max_samples))
    length = draw(st.integers(1, max_length))
    if draw(st.booleans()):
        X = draw(arrays(np.int64, (n, length), elements=st.integers(0, 1))).astype(float)
    else:
        X = draw(arrays(np.float64, (n, length), elements=st.floats(-1, 1, width=64)))
    if draw(st.booleans()):
        t = X.sum(axis=1)
    else:
        t = draw(arrays(np.float64, n, elements=st.floats(-60, 60, width=64)))
    return X, t, draw(weights), draw(weights)


@FAST
@given(problems())
# A subnormal w_x: each step's absolute rounding (the subnormal spacing) grows by w_rec^(L-k).
@example((np.ones((1, 50)), np.full(1, 50.0), 5e-324, 1.5))
def test_forward_pass_is_the_plain_loop_and_the_closed_form(problem):
    X, _, wx, wrec = problem
    S = rnnlib.forward_states(X, wx, wrec)
    assert S.shape == (X.shape[0], X.shape[1] + 1)
    # Same float operations in the same order as the plain loop: identical, bit for bit.
    assert S.tolist() == ref.forward_plain(X, wx, wrec)
    # The closed form sums the unrolled terms instead: each path rounds about L times.
    length = X.shape[1]
    for row, y in zip(X.tolist(), S[:, -1], strict=True):
        tolerance = ref.rounding_bound(
            2 * length + 6, ref.output_magnitude(row, wx, wrec), max(1.0, abs(wrec)) ** length
        )
        assert abs(y - ref.closed_form(row, wx, wrec)) <= tolerance


@FAST
@given(problems())
def test_backward_pass_is_the_plain_loop(problem):
    X, t, wx, wrec = problem
    S = rnnlib.forward_states(X, wx, wrec)
    grad_out = rnnlib.output_gradient(S[:, -1], t)
    (g_wx, g_wrec), grad_over_time = rnnlib.backward_gradient(X, S, grad_out, wrec)
    (p_wx, p_wrec), plain_over_time = ref.bptt_plain(X, t, wx, wrec)
    assert grad_over_time.tolist() == plain_over_time
    np.testing.assert_array_equal(grad_over_time[:, -1], grad_out)
    np.testing.assert_array_equal(grad_over_time[:, :-1], grad_over_time[:, 1:] * wrec)
    n, length = X.shape
    m_wx, m_wrec = ref.gradient_magnitude(X, t, wx, wrec)
    assert abs(g_wx - p_wx) <= ref.rounding_bound(n + length, m_wx)
    assert abs(g_wrec - p_wrec) <= ref.rounding_bound(n + length, m_wrec)


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW_DATA_OK)
@given(problems())
def test_bptt_gradients_equal_central_finite_differences(problem):
    """BPTT against central differences of the cost taken in exact rational arithmetic.

    Exact arithmetic has no round-off, so the step can be tiny (h = 2^-80) and the difference
    quotient's only error is truncation, bounded by reference.truncation_bound (negligible). What
    remains is BPTT's own rounding: the forward pass (about L roundings per output), the powers of
    w_rec (up to L), and the sums over samples and steps (n + L), each relative to the magnitude
    of the terms: tolerance (3L + n + 4)·ε·magnitude, plus the truncation bound, plus rounding the
    exact result to float.
    """
    X, t, wx, wrec = problem
    gradient = rnnlib.gradient(X, t, wx, wrec)
    for error, tolerance in ref.gradient_error_and_tolerance(X, t, wx, wrec, gradient):
        assert error <= tolerance


@FAST
@given(problems())
def test_gradient_check_passes(problem):
    X, t, wx, wrec = problem
    result = rnnlib.gradient_check(X, t, wx, wrec)
    assert result.backprop == tuple(rnnlib.gradient(X, t, wx, wrec))


@FAST
@given(
    problems(max_samples=10, max_length=20),
    arrays(np.float64, st.integers(1, 4), elements=weights),
    arrays(np.float64, st.integers(1, 4), elements=weights),
)
def test_loss_surface_is_the_cost_at_each_grid_point(problem, wx_values, wrec_values):
    """Against the exact cost: the completed square rounds a few times per sample and step."""
    X, t, _, _ = problem
    n, length = X.shape
    Z = rnnlib.loss_surface(X, t, wx_values, wrec_values)
    assert Z.shape == (len(wrec_values), len(wx_values))
    for j, wrec in enumerate(wrec_values.tolist()):
        for i, wx in enumerate(wx_values.tolist()):
            exact = float(ref.cost_exact(X, t, wx, wrec))
            tolerance = ref.rounding_bound(2 * (n + length + 2), ref.cost_magnitude(X, t, wx, wrec))
            assert abs(Z[j, i] - exact) <= tolerance


@FAST
@given(problems())
def test_cost_and_output_gradient(problem):
    X, t, wx, wrec = problem
    y = rnnlib.forward_states(X, wx, wrec)[:, -1]
    n, length = X.shape
    tolerance = ref.rounding_bound(2 * (n + length + 2), ref.cost_magnitude(X, t, wx, wrec))
    assert abs(rnnlib.cost(y, t) - float(ref.cost_exact(X, t, wx, wrec))) <= tolerance
    np.testing.assert_array_equal(rnnlib.output_gradient(y, t), 2.0 * (y - t) / n)


@FAST
@given(problems(max_samples=5, max_length=10))
def test_rprop_is_the_plain_reference(problem):
    X, t, wx, wrec = problem
    trajectory = rnnlib.rprop(X, t, (wx, wrec), n_iter=20)
    assert trajectory.shape == (21, 2)
    plain = np.array(ref.rprop_plain(X, t, (wx, wrec), 20))
    # Identical unless a gradient is so close to zero that its sign is rounding noise.
    if not np.array_equal(trajectory, plain):
        first = int(np.argmax(np.any(trajectory != plain, axis=1)))
        w = trajectory[first - 1]
        magnitudes = ref.gradient_magnitude(X, t, *w)
        grads = rnnlib.gradient(X, t, *w)
        n, length = X.shape
        noise = [ref.rounding_bound(3 * length + n + 4, m) for m in magnitudes]
        assert any(abs(g) <= bound for g, bound in zip(grads, noise, strict=True))
