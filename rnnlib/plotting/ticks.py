"""Axis ticks shared by the book's figures (``rnnlib.plotting``) and the explorer (explorer.js)."""

from __future__ import annotations

import math


def symlog_exponents(largest: float, linthresh: float = 1e-3) -> list[int]:
    """The powers of ten labelled on a symmetric-log axis, largest first.

    The axis spans ±10^high, high = ⌈log10(largest)⌉ (at least ⌈log10(linthresh)⌉), and labels
    at most five exponents per sign, from high down towards the linear range's edge.
    explorer.js's ``symlogExponents`` is the same rule (a browser test compares them).
    """
    low = math.ceil(math.log10(linthresh))
    high = max(low, math.ceil(math.log10(largest)))
    stride = max(1, math.ceil((high - low + 1) / 5))
    return list(range(high, low - 1, -stride))
