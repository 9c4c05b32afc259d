"""The book's figure style, and the legibility contract it keeps.

The contract: on a 390 px phone no figure text is smaller than ``PHONE_MIN_TEXT_PX`` CSS
pixels. A figure's text is ``FONT_MIN_PT`` points or more, drawn into a PNG at ``SAVE_DPI``
(retina: two PNG pixels per CSS pixel on a desktop); the phone shows the PNG scaled to
``PHONE_FIGURE_WIDTH_PX`` CSS pixels (an opened solution, the narrowest place a figure sits;
358 px in the main text), so a figure at most ``MAX_WIDTH_PX`` PNG pixels wide shows its
smallest text at

    FONT_MIN_PT · SAVE_DPI / 72 · PHONE_FIGURE_WIDTH_PX / MAX_WIDTH_PX ≈ 8.04 px.

``tests/test_figure_style.py`` checks the contract from what is committed, without drawing: every
PNG output of the chapters is at most ``MAX_WIDTH_PX`` wide, the style's font sizes are at least
``FONT_MIN_PT``, and no chapter asks for a smaller font or a figure wider than
``MAX_FIGURE_WIDTH_IN``.
"""

from __future__ import annotations

from matplotlib import cycler

from .identity import SERIES_STYLES

#: No text in a figure under this size, in points.
FONT_MIN_PT = 10.0
#: The dpi figures are drawn at, and the dpi of their PNGs (retina: twice the figure's).
FIGURE_DPI = 100
SAVE_DPI = 2 * FIGURE_DPI
#: The widest PNG a chapter may show, in pixels (after tight cropping).
MAX_WIDTH_PX = 1130
#: The margin a saved figure keeps around its drawing (the notebook saves "tight"), in inches.
SAVE_PAD_IN = 0.1
#: The widest figure a chapter may ask for, in inches: MAX_WIDTH_PX at SAVE_DPI, margins
#: included, so that it fits however little the tight cropping takes off.
MAX_FIGURE_WIDTH_IN = MAX_WIDTH_PX / SAVE_DPI - 2 * SAVE_PAD_IN
#: The CSS width of a figure on a 390 px phone in an opened solution (327.8 px measured in
#: Chromium; tests/test_figure_style.py checks it on the built pages in `make test-full`).
PHONE_FIGURE_WIDTH_PX = 327
#: The smallest figure text a phone reader sees, in CSS pixels: the contract's promise.
PHONE_MIN_TEXT_PX = 8.0


def smallest_text_on_phone(width_px: float, font_pt: float = FONT_MIN_PT) -> float:
    """The CSS size, on a 390 px phone, of ``font_pt`` text in a PNG ``width_px`` pixels wide.

    The page shows a retina PNG at half its pixel width, or narrower when that does not fit:
    ``min(width_px / 2, PHONE_FIGURE_WIDTH_PX)`` CSS pixels.
    """
    shown = min(width_px * FIGURE_DPI / SAVE_DPI, PHONE_FIGURE_WIDTH_PX)
    return font_pt * SAVE_DPI / 72 * shown / width_px


#: The style's font sizes, in points; all at least FONT_MIN_PT.
BOOK_RC: dict = {
    "figure.figsize": (5.4, 3.4),
    "figure.dpi": FIGURE_DPI,
    "font.size": FONT_MIN_PT,
    "axes.titlesize": 11,
    "axes.labelsize": 10.5,
    "xtick.labelsize": FONT_MIN_PT,
    "ytick.labelsize": FONT_MIN_PT,
    "legend.fontsize": FONT_MIN_PT,
    "legend.title_fontsize": FONT_MIN_PT,
    "figure.titlesize": 11,
    "savefig.pad_inches": SAVE_PAD_IN,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Unstyled lines are black and greys: colour belongs to the identity (identity.py).
    "axes.prop_cycle": cycler(color=[series["color"] for series in SERIES_STYLES]),
}


def use_book_style() -> None:
    """Crisp (retina) PNG figures sized for the book's text column, with legible fonts.

    Sets ``BOOK_RC``: text of at least ``FONT_MIN_PT`` points, drawn at ``FIGURE_DPI`` and saved
    at ``SAVE_DPI``. With figures at most ``MAX_WIDTH_PX`` wide (``MAX_FIGURE_WIDTH_IN``
    inches), a phone shows no text under 8 CSS pixels; a desktop shows 10 pt text at 14 px.
    """
    import matplotlib.pyplot as plt

    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")
    except ImportError:  # outside IPython there is nothing to configure
        pass
    plt.rcParams.update(BOOK_RC)
