"""The counting task: the data, its counts, the optimum, the marked points."""

from __future__ import annotations

import numpy as np

from ._validate import checked

#: The weights (w_x, w_rec) that count exactly: y = Σ_k x_k for every sequence.
OPTIMUM = (1.0, 1.0)
#: The points the reference tutorial marks on the loss surface, as (w_x, w_rec).
MARKED_POINTS: tuple[tuple[float, float], ...] = (
    (2, 1), (1, 2), (1, -2), (1, 0), (1, 0.5), (1, -0.5),
)


@checked
def make_dataset(
    n_samples: int = 20, length: int = 10, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Binary sequences X, shape (n_samples, length), and their counts of ones.

    Rounds uniform numbers from a legacy RandomState, as the reference did, so
    seed=1 gives its data. Counts t: (n_samples,). Taught in Chapter 1.
    """
    rng = np.random.RandomState(seed)
    X = np.around(rng.rand(n_samples, length)).astype(int)
    return X, X.sum(axis=1)
