"""The counting task's data: binary sequences and the number of ones in each."""

from __future__ import annotations

import numpy as np

from . import _validate


def make_dataset(
    n_samples: int = 20, length: int = 10, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Random binary sequences and their counts of ones.

    Draws exactly as the reference tutorial did (a legacy ``RandomState`` and
    rounding uniform numbers, row by row), so ``seed=1`` gives its 20 sequences
    of length 10.

    Returns:
        X: int array of shape (n_samples, length) holding 0s and 1s.
        t: int array of shape (n_samples,), the number of ones in each row of X.
    """
    n_samples = _validate.count(n_samples, "n_samples", 1)
    length = _validate.count(length, "length", 1)
    seed = _validate.count(seed, "seed", 0)
    rng = np.random.RandomState(seed)
    X = np.zeros((n_samples, length), dtype=int)
    for row in range(n_samples):
        X[row] = np.around(rng.rand(length))
    return X, X.sum(axis=1)
