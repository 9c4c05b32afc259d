"""The code the chapters show is the algorithm: no argument checks, no private names, taught names.

The functions are found by scanning the chapters for ``show_source(...)`` calls, in reading
order, so a function added to a chapter is covered without touching this file.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import json
import re
from pathlib import Path

import pytest

import rnnlib
from rnnlib.display import SourceCode

BOOK = Path(__file__).resolve().parent.parent / "book"

# Words that belong to checking the caller's arguments or to plumbing, not to an algorithm.
PLUMBING = re.compile(r"\braise\b|\bisinstance\b|_validate|\bchecked\b|\berrstate\b|\btry\b")
# gradient_check's verdict is a raise: a failed check is what the function computes.
ALLOWED_RAISES = {"gradient_check": 1}
PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*|\._[A-Za-z]\w*")


def _shown() -> list[tuple[str, str, object]]:
    """(where, expression, object) for every object a page shows, in reading order.

    ``where`` is "Chapter N" for chapter N, "the appendix" for the appendix page.
    """
    shown = []
    for notebook in sorted(BOOK.glob("[0-9][0-9]_*.ipynb")) + sorted(BOOK.glob("appendix_*")):
        name = notebook.name
        chapter = f"Chapter {int(name[:2])}" if name[:2].isdigit() else "the appendix"
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "show_source":
                    for argument in node.args:
                        expression = ast.unparse(argument)
                        shown.append((chapter, expression, eval(expression, {"rnnlib": rnnlib})))
    return shown


SHOWN = _shown()
IDS = [f"{chapter}-{expression}" for chapter, expression, _ in SHOWN]


def test_the_chapters_show_the_taught_functions():
    names = {obj.__name__ for _, _, obj in SHOWN}
    assert {"forward_states", "backward_gradient", "gradient", "numerical_gradient",
            "gradient_check", "gradient_descent", "rprop", "loss_surface"} <= names


@pytest.mark.parametrize(("chapter", "expression", "obj"), SHOWN, ids=IDS)
def test_shown_source_is_the_algorithm(chapter, expression, obj):
    source = SourceCode(obj).source
    raises = len(re.findall(r"\braise\b", source))
    assert raises == ALLOWED_RAISES.get(obj.__name__, 0), f"{expression}: raise in shown code"
    plumbing = [m.group() for m in PLUMBING.finditer(source) if m.group() != "raise"]
    assert not plumbing, f"{expression} shows argument checks or plumbing: {plumbing}"


@pytest.mark.parametrize(("chapter", "expression", "obj"), SHOWN, ids=IDS)
def test_shown_code_has_no_private_names(chapter, expression, obj):
    assert not PRIVATE.search(expression), f"the chapter names a private object: {expression}"
    assert not any(part.startswith("_") for part in obj.__module__.split(".")), obj.__module__
    found = PRIVATE.findall(SourceCode(obj).source)
    assert not found, f"{expression} shows private names {found}"


@pytest.mark.parametrize(("chapter", "expression", "obj"), SHOWN, ids=IDS)
def test_shown_docstring_names_its_chapter(chapter, expression, obj):
    doc = inspect.getdoc(obj) or ""
    assert f"Taught in {chapter}" in doc, f"{expression}: {doc!r}"
    assert len(doc.splitlines()) <= 6, f"{expression}: the docstring is not short"


@pytest.mark.parametrize(("chapter", "expression", "obj"), SHOWN, ids=IDS)
def test_shown_code_calls_only_what_the_reader_has_seen(chapter, expression, obj):
    """Calls by bare name go to builtins, the function's own arguments, or functions shown
    earlier in the book (np.* and methods are plain NumPy and Python)."""
    index = IDS.index(f"{chapter}-{expression}")
    seen = {shown.__name__ for _, _, shown in SHOWN[:index]}
    tree = ast.parse(SourceCode(obj).source)
    arguments = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    called = {
        node.func.id for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    unknown = called - seen - arguments - set(dir(builtins))
    assert not unknown, f"{expression} calls {unknown}, which the reader has not seen yet"
