"""loss_surface: layout, agreement with the cost point by point, and overflow to +inf, never NaN."""

from __future__ import annotations

import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest
import reference as ref

import rnnlib

FLOAT_MAX = Fraction(sys.float_info.max)


@pytest.fixture(scope="module")
def data():
    return rnnlib.make_dataset(seed=1)


def _surface(*args):
    """loss_surface with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return rnnlib.loss_surface(*args)


def _assert_matches_direct(X, t, wx_values, wrec_values, rtol=1e-9):
    """Z equals the brute-force cost to rtol, or to the rounding any float evaluation has.

    The floor 2(n + L + 2)·ε·mean_i(|t_i| + Σ|terms of y_i|)² is the size of the rounding error
    of evaluating the cost in float64 at all; it matters only where the cost is near zero
    (around the optimum) or where the terms of y cancel.
    """
    Z = _surface(X, t, wx_values, wrec_values)
    with np.errstate(over="ignore", invalid="ignore"):
        direct, magnitude = ref.cost_grid_direct(X, t, wx_values, wrec_values)
    n, length = np.atleast_2d(X).shape
    floor = ref.rounding_bound(2 * (n + length + 2), magnitude)
    assert Z.shape == direct.shape
    assert np.all(np.abs(Z - direct) <= rtol * direct + floor)
    return Z


def test_shape_and_layout(data):
    """Z[j, i] is the cost at (wx_values[i], wrec_values[j]): w_x across, w_rec up."""
    X, t = data
    wx_values = np.array([-1.0, 0.5, 1.0, 2.0])
    wrec_values = np.array([0.9, 1.1, -0.3])
    Z = _surface(X, t, wx_values, wrec_values)
    assert Z.shape == (3, 4)
    for j, wrec in enumerate(wrec_values):
        for i, wx in enumerate(wx_values):
            y = rnnlib.forward_states(X, wx, wrec)[:, -1]
            assert Z[j, i] == pytest.approx(rnnlib.cost(y, t), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("n_points", [31, 50, 101, 300])
def test_the_books_overview_grid(data, n_points):
    grid = np.linspace(-3, 3, n_points)
    Z = _assert_matches_direct(*data, grid, grid)
    assert np.all(np.isfinite(Z)) and np.all(Z >= 0)


@pytest.mark.parametrize(
    ("low", "high", "n_points"),
    [(0.5, 1.5, 61), (0.9, 1.1, 61), (0.99, 1.01, 61), (0.4, 1.6, 240), (0.0, 2.0, 201)],
)
def test_zooms_around_the_optimum(data, low, high, n_points):
    grid = np.linspace(low, high, n_points)
    _assert_matches_direct(*data, grid, grid)


def test_a_recurrent_weight_so_large_that_p_overflows(data):
    X, t = data
    Z = _surface(X, t, [0.0, 1.0, -1e-3], [1e40])
    assert Z[0, 0] == pytest.approx(np.mean(t.astype(float) ** 2), rel=1e-15)
    np.testing.assert_array_equal(Z[0, 1:], np.inf)


def test_a_rectangular_grid_with_w_x_zero_columns(data):
    wx_values = np.linspace(-2, 2, 41)  # includes 0.0 exactly
    wrec_values = np.linspace(-3, 3, 23)
    Z = _assert_matches_direct(*data, wx_values, wrec_values)
    t = data[1]
    zero = wx_values == 0
    assert zero.sum() == 1
    # With w_x = 0 the output is 0 whatever w_rec is: the cost is the mean of t².
    np.testing.assert_allclose(Z[:, zero], np.mean(t.astype(float) ** 2), rtol=1e-12)


def test_zero_at_the_exact_solution(data):
    Z = _surface(*data, [0.5, 1.0, 1.5], [0.5, 1.0, 1.5])
    assert Z[1, 1] == pytest.approx(0.0, abs=1e-25)
    assert np.all(np.delete(Z.ravel(), 4) > 0.01)


def test_one_dimensional_input_and_all_zero_inputs():
    Z = _surface([1, 0, 1], [2], [2.0], [0.5])
    assert Z.shape == (1, 1)
    assert Z[0, 0] == pytest.approx(0.25, rel=1e-14)
    Z = _surface(np.zeros((3, 4)), [1.0, 2.0, 3.0], np.linspace(-3, 3, 5), [0.0, 7.0, -100.0])
    np.testing.assert_allclose(Z, 14 / 3, rtol=1e-15)


def test_real_valued_inputs():
    X = np.random.default_rng(0).uniform(-1, 1, (12, 15))
    t = X.sum(axis=1) * 0.7
    grid = np.linspace(-1.5, 1.5, 21)
    _assert_matches_direct(X, t, grid, grid)


# --- long sequences and large |w_rec|: +inf, never NaN --------------------------------------


@pytest.fixture(scope="module")
def long_data():
    return rnnlib.make_dataset(n_samples=6, length=200, seed=4)


LONG_WX = np.array([-3.0, -1.0, -1e-3, 0.0, 1e-3, 0.5, 3.0])
LONG_WREC = np.array([-50.0, -10.0, -5.0, -3.5, -1.25, 0.5, 1.0, 1.25, 3.5, 5.0, 10.0, 50.0])


def test_long_sequences_overflow_to_inf_never_nan(long_data):
    """L = 200: p = Σ x_k·w_rec^(L-k) overflows for |w_rec| = 50; the cost already for 10."""
    Z = _surface(*long_data, LONG_WX, LONG_WREC)
    assert Z.shape == (len(LONG_WREC), len(LONG_WX))
    assert not np.any(np.isnan(Z))
    assert np.all(Z >= 0)
    assert np.isinf(Z).any() and np.isfinite(Z).any()
    assert np.all(np.isposinf(Z[np.abs(LONG_WREC) >= 10][:, LONG_WX != 0]))


def test_long_sequences_match_the_exact_cost(long_data):
    """Exact rational arithmetic: inf exactly where the true cost exceeds the float range."""
    X, t = long_data
    Z = _surface(X, t, LONG_WX, LONG_WREC)
    for j, wrec in enumerate(LONG_WREC):
        for i, wx in enumerate(LONG_WX):
            exact = ref.cost_exact(X, t, float(wx), float(wrec))
            if exact > FLOAT_MAX:
                assert Z[j, i] == np.inf, (wx, wrec)
            else:
                assert Z[j, i] == pytest.approx(float(exact), rel=1e-9), (wx, wrec)


def test_where_p_overflows_only_w_x_zero_is_finite(long_data):
    X, t = long_data
    Z = _surface(X, t, [-2.0, 0.0, 2.0], [50.0, -50.0, 1e10])
    np.testing.assert_array_equal(Z[:, [0, 2]], np.inf)
    np.testing.assert_allclose(Z[:, 1], np.mean(t.astype(float) ** 2), rtol=1e-15)


def test_a_book_sized_grid_over_long_sequences_is_quiet(long_data):
    grid = np.linspace(-20, 20, 201)
    Z = _surface(*long_data, grid, grid)
    assert not np.any(np.isnan(Z))
    assert 0.5 < np.isinf(Z).mean() < 1
