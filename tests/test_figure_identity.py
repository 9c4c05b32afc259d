"""One visual language: each quantity, optimiser, learning rate and marked point keeps one colour
and one marker in every figure, and no marker has two meanings.

The identity is read from its one source, rnnlib/plotting/identity.py, and its rules are checked
there. Then every chapter's code (and rnnlib's plotting code) is scanned for colours and markers
written by hand: a figure that picks its own colour or marker could give a quantity a second
colour, or a marker a second meaning, so only the identity's names may set them.

The rule for colours written by hand: only neutrals, which carry no meaning — black, white and
greys ("black", "white", "grey"/"gray", "k", "w", "none", a grey level such as "0.3", a hex
code whose red, green and blue are equal) — for axes lines, bands, grids, outlines and
annotations. Anything else ("C0", "#c55a11", "tab:blue", "red", OKABE_ITO["..."]) must be a
named entry of the identity. Markers are never written by hand.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from chapter_code import Cell, code_cells, string_constants

from rnnlib.plotting import identity

ROOT = Path(__file__).resolve().parent.parent
PLOTTING = sorted((ROOT / "rnnlib" / "plotting").glob("*.py"))

NEUTRAL_NAMES = {"black", "white", "grey", "gray", "k", "w", "none", "transparent"}
COLOR_KEYWORDS = {
    "color", "c", "colors", "facecolor", "edgecolor", "fc", "ec", "markerfacecolor", "mfc",
    "markeredgecolor", "mec", "foreground", "markerfacecoloralt", "labelcolor",
}
MARKER_KEYWORDS = {"marker", "markers"}
PLOT_CALLS = {"plot", "semilogy", "semilogx", "loglog", "errorbar", "step"}
# In a plot call's format string ("o--", "s", "k:"), what is not a line style.
LINE_STYLES = re.compile(r"--|-\.|-|:")
FORMAT_MARKERS = set(".,ov^<>12348spP*hH+xXDd|_")
FORMAT_COLOURS = set("bgrcmykw")
# One-character strings in a table (tuple, list, dict) that can only be markers.
TABLE_MARKERS = set("os^vDP*Xxdph<>H8")


def rgb(color: str) -> tuple[int, int, int]:
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", color), f"{color!r} is not #RRGGBB"
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def is_grey(color: str) -> bool:
    red, green, blue = rgb(color)
    return red == green == blue


def luminance(color: str) -> float:
    red, green, blue = (c / 255 for c in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def mixed_with(color: str, base: str, other: str) -> float | None:
    """The share ``a`` of ``other`` such that color = (1 - a)·base + a·other to rounding, else
    None: ``color`` is a shade (other black) or a tint (other white) of ``base``."""
    c, b, o = rgb(color), rgb(base), rgb(other)
    spans = [(o_i - b_i) for b_i, o_i in zip(b, o, strict=True)]
    j = max(range(3), key=lambda i: abs(spans[i]))
    share = (c[j] - b[j]) / spans[j]
    close = all(abs(b_i + share * s_i - c_i) <= 1
                for b_i, s_i, c_i in zip(b, spans, c, strict=True))
    return share if close and 0 <= share <= 1 else None


# --- the identity's own rules -------------------------------------------------------------------

def marker_meanings() -> dict[str, set[str]]:
    """Each marker code → what it means, over the whole identity."""
    meanings: dict[str, set[str]] = {}

    def add(marker: str, meaning: str) -> None:
        meanings.setdefault(marker, set()).add(meaning)

    for point, style in identity.POINT_STYLES.items():
        add(style["marker"], f"the point {point}")
    add(identity.START_STYLE["marker"], "the start of training")
    for name, style in identity.WEIGHT_STYLES.items():
        add(style["marker"], f"the weight {name}")
    for name, style in identity.OPTIMISER_STYLES.items():
        add(style["marker"], f"the optimiser {name}")
    for name, rates in identity.LEARNING_RATE_STYLES.items():
        for style in rates.values():  # an optimiser's marker, at every rate
            add(style["marker"], f"the optimiser {name}")
    add(identity.TARGET_STYLE["marker"], "the target")
    add(identity.ITERATE_MARKER, "one value per step or iteration")
    return meanings


def test_no_marker_has_two_meanings():
    twice = {marker: sorted(m) for marker, m in marker_meanings().items() if len(m) > 1}
    assert not twice, f"markers with two meanings: {twice}"


def test_a_shared_marker_shows_up_as_two_meanings():
    """The check above can fail: give a rate another optimiser's marker."""
    rates = identity.LEARNING_RATE_STYLES["adam"]
    original = rates[0.1]["marker"]
    rates[0.1]["marker"] = identity.OPTIMISER_STYLES["rprop"]["marker"]
    try:
        assert any(len(m) > 1 for m in marker_meanings().values())
    finally:
        rates[0.1]["marker"] = original


@pytest.mark.parametrize("group", ["POINT_STYLES", "WEIGHT_STYLES", "OPTIMISER_STYLES"])
def test_each_member_of_a_group_has_its_own_colour(group):
    colours = [style["color"].upper() for style in getattr(identity, group).values()]
    assert len(set(colours)) == len(colours), f"{group} gives two members one colour: {colours}"


def test_points_and_optimisers_use_okabe_ito_colours():
    palette = {c.upper() for c in identity.OKABE_ITO.values()}
    for group in (identity.POINT_STYLES, identity.WEIGHT_STYLES, identity.OPTIMISER_STYLES):
        for key, style in group.items():
            assert style["color"].upper() in palette, f"{key}: {style['color']} is not Okabe–Ito"
    assert identity.TARGET_STYLE["color"].upper() in palette
    assert identity.INPUT_ONE_COLOR == identity.WEIGHT_STYLES["wx"]["color"]


def test_the_two_weights_differ_in_colour_line_and_marker():
    wx, wrec = identity.WEIGHT_STYLES["wx"], identity.WEIGHT_STYLES["wrec"]
    assert all(wx[key] != wrec[key] for key in ("color", "linestyle", "marker"))


@pytest.mark.parametrize("optimiser", sorted(identity.LEARNING_RATE_STYLES))
def test_a_learning_rate_is_a_shade_of_its_optimiser(optimiser):
    """Same marker and hue as the optimiser; darker for a larger rate; its own line style."""
    base = identity.OPTIMISER_STYLES[optimiser]
    rates = identity.LEARNING_RATE_STYLES[optimiser]
    assert len(rates) >= 2
    assert base["color"] in [style["color"] for style in rates.values()]
    for rate, style in rates.items():
        assert style["marker"] == base["marker"], f"{optimiser} at {rate:g}"
        shade = mixed_with(style["color"], base["color"], "#000000")
        tint = mixed_with(style["color"], base["color"], "#FFFFFF")
        assert shade is not None or tint is not None, (
            f"{optimiser} at {rate:g}: {style['color']} is not a shade or tint of {base['color']}")
    by_rate = sorted(rates.items())
    darkness = [luminance(style["color"]) for _, style in by_rate]
    assert darkness == sorted(darkness, reverse=True), f"{optimiser}: larger rates must be darker"
    styles = [str(style["linestyle"]) for _, style in by_rate]
    assert len(set(styles)) == len(styles), f"{optimiser}: two rates share a line style"


def test_series_without_identity_are_greys_told_apart_by_line_style():
    styles = identity.SERIES_STYLES
    assert all(is_grey(style["color"]) for style in styles)
    assert len({str(style["linestyle"]) for style in styles}) == len(styles)


def test_diagram_fills_are_tints_of_what_they_hold():
    for role, base in identity.DIAGRAM_TINT_OF.items():
        share = mixed_with(identity.DIAGRAM_FILLS[role], base, "#FFFFFF")
        assert share is not None and abs(1 - share - identity.DIAGRAM_TINT) < 0.01, role
    assert identity.DIAGRAM_TINT_OF["input"] == identity.WEIGHT_STYLES["wx"]["color"]
    assert identity.DIAGRAM_TINT_OF["state"] == identity.WEIGHT_STYLES["wrec"]["color"]
    assert identity.DIAGRAM_TINT_OF["output"] == identity.TARGET_STYLE["color"]
    assert is_grey(identity.DIAGRAM_FILLS["gradient"])


def test_the_explorer_can_send_the_identity_as_json():
    """The names the explorer reads, each style a {"color", "marker", "linestyle"} dict."""
    text = json.dumps({
        "OKABE_ITO": identity.OKABE_ITO,
        "OPTIMISER_STYLES": identity.OPTIMISER_STYLES,
        "POINT_STYLES": {f"{wx:g},{wrec:g}": s for (wx, wrec), s in identity.POINT_STYLES.items()},
    })
    rprop = json.loads(text)["OPTIMISER_STYLES"]["rprop"]
    assert rprop["color"] == identity.OKABE_ITO["vermillion"]
    for style in identity.OPTIMISER_STYLES.values():
        assert set(style) == {"color", "marker", "linestyle"}
    for style in identity.POINT_STYLES.values():
        assert set(style) == {"color", "marker"}


# --- colours and markers written by hand --------------------------------------------------------

def is_neutral(text: str) -> bool:
    """Black, white, a grey, or no colour: the only colours code may write by hand."""
    text = text.strip().lower()
    if text in NEUTRAL_NAMES:
        return True
    if re.fullmatch(r"0?\.\d+|0|1(\.0*)?", text):  # a grey level
        return True
    return bool(re.fullmatch(r"#[0-9a-f]{6}", text)) and is_grey(text)


def literal_texts(node: ast.AST) -> list[str]:
    """The strings a value spells out literally: "C0", f"C{i}", "os^"[row], a if b else "w"."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return ["".join(string_constants(node))]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Constant | ast.JoinedStr):
        return literal_texts(node.value)
    if isinstance(node, ast.IfExp):
        return literal_texts(node.body) + literal_texts(node.orelse)
    if isinstance(node, ast.Tuple | ast.List):
        return [text for element in node.elts for text in literal_texts(element)]
    return []


def hand_written(cell: Cell, tree: ast.AST) -> list[str]:
    """Colours and markers written by hand in one cell's code."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for code in re.findall(r"#[0-9A-Fa-f]{6}\b", node.value):
                if not is_grey(code):
                    found.append(f"{cell.where(node)}: colour {code}")
            if re.fullmatch(r"C\d|tab:\w+|xkcd:.+", node.value):
                found.append(f"{cell.where(node)}: colour {node.value!r}")
        if isinstance(node, ast.JoinedStr):
            literal = "".join(string_constants(node))
            if re.fullmatch(r"C", literal) or literal.startswith("tab:"):
                found.append(f"{cell.where(node)}: colour {ast.unparse(node)}")
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
                and node.value.id == "OKABE_ITO"):
            found.append(f"{cell.where(node)}: {ast.unparse(node)} (name the role instead)")
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):  # markers kept in a table
            elements = node.values if isinstance(node, ast.Dict) else node.elts
            found += [f"{cell.where(node)}: marker {e.value!r} in {ast.unparse(node)[:40]}"
                      for e in elements if isinstance(e, ast.Constant) and e.value in TABLE_MARKERS]
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            texts = literal_texts(keyword.value)
            if keyword.arg in COLOR_KEYWORDS:  # (hex codes and "C0" are reported above)
                found += [f"{cell.where(node)}: {keyword.arg}={t!r}" for t in texts
                          if not is_neutral(t) and not re.match(r"#|C\d?$|tab:", t)]
            if keyword.arg in MARKER_KEYWORDS:
                found += [f"{cell.where(node)}: {keyword.arg}={t!r}" for t in texts
                          if t.lower() not in {"none", ""}]
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name in PLOT_CALLS:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    rest = LINE_STYLES.sub("", arg.value)
                    markers = set(rest) & FORMAT_MARKERS
                    colours = {c for c in set(rest) & FORMAT_COLOURS if c not in "kw"}
                    if markers or colours:
                        found.append(f"{cell.where(node)}: format string {arg.value!r}")
    return found


def plotting_cells() -> list[Cell]:
    """rnnlib's plotting code, but its identity, read as cells."""
    return [Cell(f"rnnlib/plotting/{path.name}", 0, path.read_text(encoding="utf-8"), [])
            for path in PLOTTING if path.name != "identity.py"]


def test_no_colour_or_marker_is_written_by_hand():
    found = []
    for cell in [*code_cells(), *plotting_cells()]:
        found += hand_written(cell, cell.tree())
    assert not found, (
        "colours or markers written by hand (use rnnlib.plotting's identity: POINT_STYLES, "
        "WEIGHT_STYLES, OPTIMISER_STYLES, LEARNING_RATE_STYLES, SERIES_STYLES, ...):\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("ax.bar(k, v, color='C0')", "'C0'"),
        ("ax.plot(x, y, color=f'C{i}')", "f'C{i}'"),
        ("ax.barh(k, t, color='#c55a11')", "#c55a11"),
        ("ax.plot(x, y, color=OKABE_ITO['vermillion'])", "OKABE_ITO['vermillion']"),
        ("ax.plot(x, y, 's', color=c)", "format string 's'"),
        ("ax.semilogy(x, y, 'o-')", "format string 'o-'"),
        ("ax.plot(x, y, 'r--')", "format string 'r--'"),
        ("ax.plot(x, y, marker='os^'[row])", "marker='os^'"),
        ("ax.plot(x, y, color='red')", "color='red'"),
        ("COLOURS = {'input': '#dbe9f6'}", "#dbe9f6"),
        ("looks = {(1.2, 0.5): ('o', '-')}", "marker 'o'"),
    ],
)
def test_the_scan_catches_colours_and_markers_by_hand(code, found):
    cell = Cell("example.ipynb", 0, code, [])
    problems = hand_written(cell, cell.tree())
    assert any(found in problem for problem in problems), problems


def test_the_scan_lets_neutrals_and_identity_names_through():
    code = (
        "ax.plot(x, y, '--', color='0.4')\n"
        "ax.axvspan(-1, 1, color='#EBEBEB')\n"
        "ax.axhline(0, color='grey', linewidth=0.5)\n"
        "ax.plot(x, y, **optimiser_style('rprop'))\n"
        "ax.plot(x, y, marker=ITERATE_MARKER, color=WEIGHT_STYLES['wx']['color'])\n"
        "ax.text(0, 0, 'a', color='white')\n"
    )
    cell = Cell("example.ipynb", 0, code, [])
    assert hand_written(cell, cell.tree()) == []
