"""make_dataset: the reference tutorial's data, exactly."""

from __future__ import annotations

import numpy as np
import pytest

import rnnlib

# The targets the reference tutorial's data set has (Roelants 2015, seed 1).
PUBLISHED_TARGETS = [2, 4, 6, 6, 4, 4, 6, 5, 7, 5, 7, 6, 4, 7, 3, 6, 4, 5, 6, 6]


def test_seed_1_gives_the_published_targets():
    _, t = rnnlib.make_dataset(seed=1)
    assert t.tolist() == PUBLISHED_TARGETS


def test_defaults_are_the_reference_data_set():
    X, t = rnnlib.make_dataset()
    X1, t1 = rnnlib.make_dataset(n_samples=20, length=10, seed=1)
    np.testing.assert_array_equal(X, X1)
    np.testing.assert_array_equal(t, t1)


def test_inputs_are_binary_ints_and_targets_count_the_ones():
    X, t = rnnlib.make_dataset()
    assert X.shape == (20, 10)
    assert t.shape == (20,)
    assert X.dtype.kind == "i" and t.dtype.kind == "i"
    assert set(np.unique(X).tolist()) <= {0, 1}
    np.testing.assert_array_equal(t, X.sum(axis=1))


def test_draws_exactly_as_the_reference_did():
    """A legacy RandomState, then one rounded row of uniform numbers at a time."""
    rng = np.random.RandomState(7)
    expected = np.array([np.around(rng.rand(12)) for _ in range(5)]).astype(int)
    X, t = rnnlib.make_dataset(n_samples=5, length=12, seed=7)
    np.testing.assert_array_equal(X, expected)
    np.testing.assert_array_equal(t, expected.sum(axis=1))


@pytest.mark.parametrize(("n_samples", "length"), [(1, 1), (1, 50), (30, 1), (3, 7), (200, 10)])
def test_shapes(n_samples, length):
    X, t = rnnlib.make_dataset(n_samples, length, seed=3)
    assert X.shape == (n_samples, length)
    assert t.shape == (n_samples,)
    np.testing.assert_array_equal(t, X.sum(axis=1))


def test_same_seed_same_data_other_seed_other_data():
    a, _ = rnnlib.make_dataset(seed=5)
    b, _ = rnnlib.make_dataset(seed=5)
    c, _ = rnnlib.make_dataset(seed=6)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_numpy_integers_are_accepted():
    X, _ = rnnlib.make_dataset(np.int64(4), np.int32(3), np.int64(1))
    assert X.shape == (4, 3)


def test_first_rows_are_a_prefix_of_a_larger_draw():
    """Rows are drawn one after another, so fewer samples give the first rows of more."""
    small, _ = rnnlib.make_dataset(n_samples=5)
    large, _ = rnnlib.make_dataset(n_samples=20)
    np.testing.assert_array_equal(small, large[:5])
