"""The book's visual identity, in one place: every figure and the weight explorer read it here.

A quantity, an optimiser or a marked point keeps one colour and one marker in every figure and
in the explorer, and a marker never takes a second meaning. Colours come from the Okabe–Ito
palette, told apart by readers with any common colour-vision deficiency; markers and line
styles tell series apart without colour too. Pure data (no matplotlib import), so the explorer
can send it to the page as JSON.
"""

from __future__ import annotations

from ..data import OPTIMUM

#: The Okabe–Ito palette.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2", "vermillion": "#D55E00", "green": "#009E73", "orange": "#E69F00",
    "purple": "#CC79A7", "sky": "#56B4E9", "yellow": "#F0E442", "black": "#000000",
}

#: One identity per reference point (and the optimum), the same in every figure that shows it:
#: an Okabe–Ito colour *and* a marker, so the points stay distinct without colour too.
POINT_STYLES: dict[tuple[float, float], dict] = {
    (2, 1): {"color": OKABE_ITO["orange"], "marker": "s"},
    (1, 2): {"color": OKABE_ITO["vermillion"], "marker": "^"},
    (1, -2): {"color": OKABE_ITO["purple"], "marker": "v"},
    (1, 0): {"color": OKABE_ITO["green"], "marker": "P"},
    (1, 0.5): {"color": OKABE_ITO["blue"], "marker": "o"},
    (1, -0.5): {"color": OKABE_ITO["sky"], "marker": "D"},
    OPTIMUM: {"color": OKABE_ITO["black"], "marker": "*"},
}

#: The two weights, in every figure that draws them side by side (curves, bars, components).
WEIGHT_STYLES: dict[str, dict] = {
    "wx": {"color": OKABE_ITO["blue"], "linestyle": "-"},
    "wrec": {"color": OKABE_ITO["vermillion"], "linestyle": "--"},
}

#: One identity per optimiser, in the figures and in the explorer. Markers are ones no point
#: uses, so a marker on a path never reads as a marked point.
OPTIMISER_STYLES: dict[str, dict] = {
    "gradient_descent": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "x"},
    "clipped": {"color": OKABE_ITO["green"], "linestyle": "-.", "marker": "+"},
    "momentum": {"color": OKABE_ITO["sky"], "linestyle": ":", "marker": "1"},
    "rmsprop": {"color": OKABE_ITO["purple"], "linestyle": "-", "marker": "p"},
    "adam": {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "h"},
    "rprop": {"color": OKABE_ITO["vermillion"], "linestyle": "-", "marker": "X"},
}


# --- Chapter 7, binary addition (issue 20): styles that only its figures use ---------------------
# Kept in a block of their own at the end of the file, so the lead can fold them in after the
# figure-identity rework (issue 19). Markers are ones no point and no optimiser uses.

#: The column sum a_k + b_k + c_(k-1) of written addition (0 to 3): the classes the trained
#: network's states fall into. Output bit = sum mod 2, carry = sum // 2.
COLUMN_SUM_STYLES: dict[int, dict] = {
    0: {"color": OKABE_ITO["blue"], "marker": "<"},
    1: {"color": OKABE_ITO["sky"], "marker": ">"},
    2: {"color": OKABE_ITO["orange"], "marker": "d"},
    3: {"color": OKABE_ITO["vermillion"], "marker": "H"},
}

#: A network before and after training, in the figures that compare the two.
NETWORK_STYLES: dict[str, dict] = {
    "initial": {"color": OKABE_ITO["black"], "linestyle": ":"},
    "trained": {"color": OKABE_ITO["vermillion"], "linestyle": "-"},
}
