"""Outputs and figures carry no English sentences: both editions show the same ones.

The Japanese edition translates the prose, captions and alt text, but shares every code cell and
output with the English one. So what a cell prints or draws is language-neutral: symbols,
numbers, names (Rprop, NumPy), code (`t == reference_targets`), and the meaning in the caption
or the sentence around it. Checked from what is committed (no kernel, no drawing):

- every printed output (streams, text/plain, text/markdown and text/html; not the source code a
  chapter shows with ``show_source``, and not the weight explorer's twin, which words itself in
  the page's language: tests/test_explorer_browser.py);
- every figure's text: the string literals of the cells that draw a figure (titles, labels,
  legends, annotations, panel letters; matplotlib's option values such as "upper left" and the
  arguments of print() aside), and the text rnnlib.plotting's functions draw.

English here means two or more English words in a row, outside names and math.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from chapter_code import Cell, chapter_notebooks, code_cells

ROOT = Path(__file__).resolve().parent.parent
PLOTTING = sorted((ROOT / "rnnlib" / "plotting").glob("*.py"))

#: A word: two or more letters, not part of a name, a number, an attribute or a call.
WORD = r"(?<![\w.\\$^{])[A-Za-z]{2,}(?![\w(\[{])"
#: Two words in a row, separated by spaces: "the reference", "cost at" (not "cost: 1.2").
RUN = re.compile(rf"{WORD}(?: +{WORD})+")
#: Names and the names of functions in formulas: they stay as they are in Japanese too.
NAMES = {"Rprop", "RMSprop", "Adam", "iRprop", "BPTT", "NumPy", "True", "False", "None",
         "log", "exp", "max", "min", "sum", "sign", "tanh", "median", "mean", "var", "std",
         "inf", "nan", "dtype", "shape"}
#: matplotlib's option values, which it reads and never draws.
OPTION_VALUES = {"upper left", "upper right", "upper center", "lower left", "lower right",
                 "lower center", "center left", "center right", "offset points", "axes fraction",
                 "figure fraction", "data"}
#: matplotlib's calls that draw their string arguments.
TEXT_CALLS = {"set_title", "set_xlabel", "set_ylabel", "text", "annotate", "suptitle",
              "set_label", "supxlabel", "supylabel", "figtext", "legend", "plot_loss_surface"}
#: Keywords whose value is drawn.
TEXT_KEYWORDS = {"label", "title", "s", "text", "xlabel", "ylabel"}
#: A rnnlib error message is code, like the docstrings a chapter shows: its output keeps it.
ERROR_LINE = re.compile(r"^\w+Error: .*$", re.M)


def english(text: str) -> list[str]:
    """The runs of English words in ``text``, math ($...$) and names left out."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    runs = []
    for match in RUN.finditer(text):
        words = [w for w in re.findall(r"[A-Za-z]+", match.group(0))
                 if w not in NAMES and not w.endswith("Error")]  # ValueError: a name too
        if len(words) >= 2 and match.group(0) not in OPTION_VALUES:
            runs.append(match.group(0))
    return runs


def shown_source(text: str) -> bool:
    """An output of rnnlib.display.show_source: a function's code, shared by both editions."""
    return text.lstrip().startswith(("```python", "# rnnlib."))


def html_text(html: str) -> str:
    """The text of an HTML output, leaving out what is marked lang="en": English on purpose
    (the glossary's English column)."""
    html = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def printed(cell: Cell) -> list[tuple[str, str]]:
    """(kind, text) of every printed output of a code cell."""
    found = []
    for output in cell.outputs:
        if output.get("output_type") == "stream":
            found.append(("stream", ERROR_LINE.sub("", "".join(output["text"]))))
            continue
        for kind in ("text/plain", "text/markdown", "text/html"):
            text = "".join(output.get("data", {}).get(kind, ""))
            if not text or shown_source(text):
                continue
            if kind == "text/html":
                if 'class="rnnlib-explorer"' in text:
                    continue  # worded in the page's language by explorer.js
                text = html_text(text)
            if kind == "text/plain" and re.fullmatch(r"<(Figure|IPython\.\S+) .*>", text.strip()):
                continue  # the repr of what another kind shows
            found.append((kind, text))
    return found


def draws_a_figure(cell: Cell) -> bool:
    return any("image/png" in output.get("data", {}) for output in cell.outputs)


def figure_texts(tree: ast.AST, every_literal: bool) -> list[tuple[ast.AST, str]]:
    """(node, text) of the strings a figure draws: the literals of a figure's cell (print()'s
    arguments and matplotlib's option values aside), or, in a module, the strings passed to
    matplotlib's text calls."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
            skip |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring: code, not drawn
    found = []
    for node in ast.walk(tree):
        if every_literal:
            if isinstance(node, ast.JoinedStr) and id(node) not in skip:
                skip |= {id(n) for n in ast.walk(node)}
                found.append((node, "".join(v.value if isinstance(v, ast.Constant) else " 0 "
                                            for v in node.values)))
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in skip):
                found.append((node, node.value))
            continue
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        values = list(node.args) if name in TEXT_CALLS else []
        values += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for value in values:
            for part in ast.walk(value):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    found.append((part, part.value))
    return found


def test_the_scan_finds_english_and_lets_symbols_pass():
    assert english("identical to the reference's targets: True") == [
        "identical to the reference"]
    assert english("step $k$ (backpropagation runs right to left)") == [
        "backpropagation runs right to left"]
    assert english(html_text('<td lang="en">spectral radius</td><td>スペクトル半径</td>')) == []
    assert english(html_text("<td>spectral radius</td><td>スペクトル半径</td>")) == [
        "spectral radius"]
    for neutral in ("t == reference_targets: True", "X: shape (20, 10), dtype int64",
                    "(w_x, w_rec) = (1.0, 0.8): max |y - y_reversed| = 1.8298",
                    "Rprop, Δ₀ = 0.01", "$\\partial \\xi / \\partial s_k$ (log)", "upper left",
                    "np.array_equal(a, b): True", "mean(t) = 5.15"):
        assert english(neutral) == [], neutral


NOTEBOOKS = [path.name for path in chapter_notebooks()]
CELLS = list(code_cells())


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_printed_outputs_have_no_english_sentences(notebook):
    found = [f"{cell.where()} {kind}: {run!r} in {text.strip()[:80]!r}"
             for cell in CELLS if cell.notebook == notebook
             for kind, text in printed(cell) for run in english(text)]
    assert not found, "English words in printed outputs:\n" + "\n".join(found)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_figures_have_no_english_sentences(notebook):
    found = [f"{cell.where(node)}: {run!r} in {text[:80]!r}"
             for cell in CELLS if cell.notebook == notebook and draws_a_figure(cell)
             for node, text in figure_texts(cell.tree(), every_literal=True)
             for run in english(text)]
    assert not found, "English words in figures:\n" + "\n".join(found)


def test_rnnlibs_figures_have_no_english_sentences():
    found = [f"{path.name}, line {node.lineno}: {run!r}"
             for path in PLOTTING
             for node, text in figure_texts(ast.parse(path.read_text()), every_literal=False)
             for run in english(text)]
    assert not found, "English words in rnnlib.plotting's figure text:\n" + "\n".join(found)
