"""The book's visual identity, in one place: every figure and the weight explorer read it here.

A quantity, an optimiser, a learning rate or a marked point keeps one colour and one marker in
every figure and in the explorer, and a marker never takes a second meaning
(``tests/test_figure_identity.py`` checks both, and that no chapter writes a colour or a marker
by hand). Colours come from the Okabe–Ito palette, told apart by readers with any common
colour-vision deficiency; markers and line styles tell series apart without colour too. Pure
data (no matplotlib import), so the explorer can send it to the page as JSON.

The rules:

- **Colour carries identity.** Only what has an entry here is drawn in colour. Series with no
  identity of their own (three example sequences, three slices of the surface) are drawn in
  ``SERIES_STYLES``: black and greys, told apart by line style. Greys, black and white are also
  free for what carries no meaning (axes lines, bands, grids, annotations, outlines).
- **A shade is a learning rate.** An optimiser run at several rates keeps its hue; a larger
  rate is a darker shade of it (``LEARNING_RATE_STYLES``).
- **A marker has one meaning.** Each marker code below belongs to one entry (or, for the shared
  ones, one kind of thing: ``ITERATE_MARKER`` is "one value per step or iteration", an
  optimiser's marker is "this optimiser", at every rate).
- **Fills of diagram nodes are tints** (18 % of the colour on white) of the colour of what
  the node holds: inputs are the colour of w_x (which multiplies them), states the colour of
  w_rec, outputs and targets the output's green.
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

#: Where the book's training runs start, (w_x, w_rec) = (-1.5, 2): a white hexagon edged in black.
START = (-1.5, 2.0)
START_STYLE: dict = {"color": "#FFFFFF", "marker": "h", "markeredgecolor": "#000000"}

#: The two weights, in every figure that draws them side by side (curves, bars, components,
#: measured errors), and the diagrams' inputs (w_x) and states (w_rec).
WEIGHT_STYLES: dict[str, dict] = {
    "wx": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "+"},
    "wrec": {"color": OKABE_ITO["vermillion"], "linestyle": "--", "marker": "x"},
}

#: One identity per optimiser, in the figures and in the explorer. Markers are ones no point
#: uses, so a marker on a path never reads as a marked point; a figure marks where a run ends
#: with its optimiser's marker.
OPTIMISER_STYLES: dict[str, dict] = {
    "gradient_descent": {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "p"},
    "clipped": {"color": OKABE_ITO["green"], "linestyle": "-.", "marker": "<"},
    "momentum": {"color": OKABE_ITO["purple"], "linestyle": ":", "marker": ">"},
    "rmsprop": {"color": OKABE_ITO["sky"], "linestyle": "-", "marker": "H"},
    "adam": {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "d"},
    "rprop": {"color": OKABE_ITO["vermillion"], "linestyle": "-", "marker": "X"},
    "irprop_minus": {"color": OKABE_ITO["black"], "linestyle": "--", "marker": "4"},
}

#: The learning rates the figures compare, per optimiser: the optimiser's hue and marker, a
#: darker shade for a larger rate (the colour mixed with black, or with white below the middle
#: rate), and a line style of its own. Gradient descent's middle rate, 5e-7 (the best of
#: Chapter 5's runs), is the optimiser's own blue; Adam's smaller rate, 0.01, is Adam's orange.
LEARNING_RATE_STYLES: dict[str, dict[float, dict]] = {
    "gradient_descent": {
        1e-3: {"color": "#002E47", "linestyle": (0, (1, 1)), "marker": "p"},  # 60 % black
        1e-5: {"color": "#00446B", "linestyle": (0, (3, 1, 1, 1)), "marker": "p"},  # 40 %
        1e-6: {"color": "#005B8E", "linestyle": "-.", "marker": "p"},  # 20 % black
        5e-7: {"color": OKABE_ITO["blue"], "linestyle": "-", "marker": "p"},
        1e-7: {"color": "#4C9CC9", "linestyle": "--", "marker": "p"},  # 30 % white
        1e-8: {"color": "#8CC0DC", "linestyle": ":", "marker": "p"},  # 55 % white
    },
    "adam": {
        0.01: {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "d"},
        0.1: {"color": "#8A5F00", "linestyle": "-.", "marker": "d"},  # 40 % black
    },
}

#: Series with no identity of their own (example sequences, slices of the surface, sequence
#: lengths): black and greys, told apart by line style; a dot per step where steps matter.
SERIES_STYLES: tuple[dict, ...] = (
    {"color": "#000000", "linestyle": "-"},
    {"color": "#555555", "linestyle": "--"},
    {"color": "#7A7A7A", "linestyle": ":"},
    {"color": "#999999", "linestyle": "-."},
)

#: The one marker every series may use: "one value per step or iteration".
ITERATE_MARKER = "."

#: The target t of a sequence (the number of ones), and the output y that should equal it.
TARGET_STYLE: dict = {"color": OKABE_ITO["green"], "marker": "_"}

#: Fills of the nodes and boxes of the diagrams (Figs. 1.1, 2.1, 3.1): 18 % tints of the colour
#: of what they hold, so a blue-tinted node is an input x_k (multiplied by w_x, blue), an
#: orange-tinted one a state s_k (multiplied by w_rec, vermillion), a green one the output y.
DIAGRAM_FILLS: dict[str, str] = {
    "input": "#D1E6F1",  # 18 % blue
    "state": "#F7E2D1",  # 18 % vermillion
    "output": "#D1EEE6",  # 18 % green
    "gradient": "#F2F2F2",  # a neutral grey: a gradient belongs to no weight
}
#: What a tint of each fill is made from, and how much of it (checked by the tests).
DIAGRAM_TINT_OF: dict[str, str] = {
    "input": OKABE_ITO["blue"], "state": OKABE_ITO["vermillion"], "output": OKABE_ITO["green"],
}
DIAGRAM_TINT = 0.18

#: The digit 1 in the data figure (Fig. 1.1): the inputs' blue; zeros are a neutral light grey.
INPUT_ONE_COLOR = OKABE_ITO["blue"]

# --- Chapter 7, binary addition: styles only its figures use ----------------------------------

#: The column sum a_k + b_k + c_(k-1) of written addition (0 to 3): the classes the trained
#: network's states fall into. Output bit = sum mod 2, carry = sum // 2. Each is marked by its
#: own digit, a marker nothing else uses.
COLUMN_SUM_STYLES: dict[int, dict] = {
    0: {"color": OKABE_ITO["blue"], "marker": "$0$"},
    1: {"color": OKABE_ITO["sky"], "marker": "$1$"},
    2: {"color": OKABE_ITO["orange"], "marker": "$2$"},
    3: {"color": OKABE_ITO["vermillion"], "marker": "$3$"},
}

#: A network before and after training, in the figures that compare the two.
NETWORK_STYLES: dict[str, dict] = {
    "initial": {"color": OKABE_ITO["black"], "linestyle": ":"},
    "trained": {"color": OKABE_ITO["vermillion"], "linestyle": "-"},
}
