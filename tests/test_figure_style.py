"""Figure legibility as a contract, checked from what is committed (no browser, no drawing).

The contract (rnnlib/plotting/style.py): figure text is at least FONT_MIN_PT points, PNGs are
saved at SAVE_DPI and at most MAX_WIDTH_PX wide, so a 390 px phone, which shows a figure at
most PHONE_FIGURE_WIDTH_PX CSS pixels wide, shows no text under PHONE_MIN_TEXT_PX. The tests
check each term: the committed PNGs' widths and resolution, the style's font sizes, and that no
chapter asks for a smaller font, another resolution or a wider figure.
"""

from __future__ import annotations

import ast

import pytest
from chapter_code import code_cells, number, png_outputs, string_constants

from rnnlib.plotting import style

PNGS = png_outputs()
CELLS = list(code_cells())

# Keywords that set a font size, and the relative sizes smaller than the base size.
SIZE_KEYWORDS = {"fontsize", "size", "labelsize", "titlesize", "title_fontsize"}
SMALLER = {"xx-small", "x-small", "small", "smaller"}
# Every rcParam that sizes a text a figure draws (titles, labels, ticks, legends, colour bars).
TEXT_SIZE_KEYS = [
    "font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
    "legend.fontsize", "legend.title_fontsize", "figure.titlesize", "figure.labelsize",
]


def test_the_contract_promises_8_px_on_a_phone():
    assert style.smallest_text_on_phone(style.MAX_WIDTH_PX) >= style.PHONE_MIN_TEXT_PX
    widest = (style.MAX_FIGURE_WIDTH_IN + 2 * style.SAVE_PAD_IN) * style.SAVE_DPI
    assert widest == pytest.approx(style.MAX_WIDTH_PX)
    # A narrow figure is shown at its own size (half its retina width): never smaller text.
    assert style.smallest_text_on_phone(300) > style.smallest_text_on_phone(style.MAX_WIDTH_PX)


def test_the_chapters_have_figures():
    assert len(PNGS) >= 20, f"only {len(PNGS)} PNG outputs found in the chapters"


def test_every_figure_is_at_most_the_widest_the_style_allows():
    too_wide = [
        f"{png.where}: {png.width} px, its smallest text "
        f"{style.smallest_text_on_phone(png.width):.2f} px on a phone"
        for png in PNGS
        if png.width > style.MAX_WIDTH_PX
    ]
    assert not too_wide, (f"PNG figures wider than {style.MAX_WIDTH_PX} px (text under "
                          f"{style.PHONE_MIN_TEXT_PX:g} px at 390 px):\n" + "\n".join(too_wide))


def test_every_figure_is_a_retina_png_at_the_style_dpi():
    """The notebook shows each PNG at FIGURE_DPI / SAVE_DPI of its pixel width (retina)."""
    wrong = [
        f"{png.where}: {png.width} px shown at {png.shown_width} px"
        for png in PNGS
        if png.shown_width is None
        or abs(png.shown_width - png.width * style.FIGURE_DPI / style.SAVE_DPI) > 1
    ]
    assert not wrong, "figures not saved as retina PNGs at the style's dpi:\n" + "\n".join(wrong)


def test_the_style_sets_no_font_under_the_minimum():
    import matplotlib
    from matplotlib.font_manager import FontProperties

    with matplotlib.rc_context(style.BOOK_RC):
        sizes = {key: FontProperties(size=matplotlib.rcParams[key]).get_size_in_points()
                 for key in TEXT_SIZE_KEYS}
        dpi, width = matplotlib.rcParams["figure.dpi"], matplotlib.rcParams["figure.figsize"][0]
        pad = matplotlib.rcParams["savefig.pad_inches"]
    small = {key: size for key, size in sizes.items() if size < style.FONT_MIN_PT}
    assert not small, f"font sizes under {style.FONT_MIN_PT:g} pt in the book's style: {small}"
    assert dpi == style.FIGURE_DPI
    assert pad == style.SAVE_PAD_IN
    assert width <= style.MAX_FIGURE_WIDTH_IN


def _size_problems(cell, tree: ast.AST) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        for keyword in node.keywords:
            if keyword.arg in SIZE_KEYWORDS:
                value = number(keyword.value)
                if value is not None and value < style.FONT_MIN_PT:
                    problems.append(f"{cell.where(node)}: {keyword.arg}={value:g}")
                if set(string_constants(keyword.value)) & SMALLER:
                    shown = ast.unparse(keyword.value)
                    problems.append(f"{cell.where(node)}: {keyword.arg}={shown}")
            if keyword.arg == "figsize" and isinstance(keyword.value, ast.Tuple):
                width = number(keyword.value.elts[0])
                if width is None or width > style.MAX_FIGURE_WIDTH_IN:
                    problems.append(f"{cell.where(node)}: figsize={ast.unparse(keyword.value)}")
            if keyword.arg == "dpi":
                problems.append(f"{cell.where(node)}: dpi={ast.unparse(keyword.value)}")
        if name in {"set_fontsize", "set_size"} and node.args:
            value = number(node.args[0])
            if value is not None and value < style.FONT_MIN_PT:
                problems.append(f"{cell.where(node)}: {name}({value:g})")
        if name in {"set_size_inches", "set_figwidth"} and node.args:
            width = number(node.args[0])
            if width is None or width > style.MAX_FIGURE_WIDTH_IN:
                problems.append(f"{cell.where(node)}: {name}({ast.unparse(node.args[0])})")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "rcParams":
            problems.append(f"{cell.where(node)}: rcParams (the style is set in one place)")
    return problems


def test_no_chapter_asks_for_small_text_or_a_wide_figure():
    problems = []
    for cell in CELLS:
        problems += _size_problems(cell, cell.tree())
    assert not problems, (
        f"chapter code asking for text under {style.FONT_MIN_PT:g} pt, another dpi, its own "
        f"rcParams or a figure wider than {style.MAX_FIGURE_WIDTH_IN:g} in:\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("ax.text(0, 0, 'a', fontsize=8)", "fontsize=8"),
        ("ax.set_title('a', fontsize='small')", "fontsize='small'"),
        ("plt.subplots(figsize=(7.5, 3))", "figsize=(7.5, 3)"),
        ("plt.subplots(figsize=(5.8, 3))", "figsize=(5.8, 3)"),
        ("fig.savefig('a.png', dpi=72)", "dpi=72"),
        ("plt.rcParams['font.size'] = 6", "rcParams"),
        ("label.set_fontsize(7)", "set_fontsize(7)"),
    ],
)
def test_the_scan_catches_small_text_and_wide_figures(code, found):
    cell = CELLS[0].__class__("example.ipynb", 0, code, [])
    problems = _size_problems(cell, cell.tree())
    assert problems and found in problems[0]


def test_the_scan_lets_the_book_style_through():
    code = "fig, ax = plt.subplots(figsize=(5.45, 3.4))\nax.text(0, 0, 'a', fontsize=10)"
    cell = CELLS[0].__class__("example.ipynb", 0, code, [])
    assert _size_problems(cell, cell.tree()) == []


def test_a_phone_shows_every_figure_at_least_as_wide_as_the_contract_assumes(page_visits):
    """The contract's one measured term: at 390 px, every solution open, no figure is shown
    narrower than PHONE_FIGURE_WIDTH_PX (or than its own retina size, when that is smaller)."""
    from bookfacts import page_paths

    narrow, seen = [], 0
    for page in page_paths():
        for figure in page_visits(page, "phone").images:
            seen += 1
            expected = min(figure["naturalWidth"] * style.FIGURE_DPI / style.SAVE_DPI,
                           style.PHONE_FIGURE_WIDTH_PX)
            if figure["width"] < expected - 0.5:
                narrow.append(f"{page}: {figure['src']} shown {figure['width']:.1f} px")
    assert seen >= len(PNGS), f"saw {seen} figures, the chapters have {len(PNGS)}"
    assert not narrow, (f"figures shown narrower than {style.PHONE_FIGURE_WIDTH_PX} px at "
                        "390 px (the contract's assumption):\n" + "\n".join(narrow))
