"""The chapters keep the book's shape: what every chapter promises its reader, checked.

nbval checks that the stored outputs are current; these tests check the structure around them:
a label and a title, an overview, a summary, two to four exercises each followed by its dropdown
solution, every figure outside a solution numbered and captioned, cells executed in order from a
fresh kernel, and no output exempted from nbval's comparison.
"""

import json
import re
from pathlib import Path

import pytest
from bookfacts import in_solution, solution_spans

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def test_every_chapter_is_found():
    assert [p.name[:2] for p in CHAPTERS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_opens_with_a_label_and_title_and_has_the_sections(path):
    cells = _cells(path)
    first = _text(cells[0]).splitlines()
    assert re.fullmatch(r"\(chap-[a-z-]+\)=", first[0]), first[0]
    assert first[1].startswith("# ") and not re.match(r"# \d", first[1]), first[1]
    headings = [line for cell in cells if cell["cell_type"] == "markdown"
                for line in _text(cell).splitlines() if line.startswith("## ")]
    assert headings[0] == "## Overview"
    assert headings[-2:] == ["## Summary", "## Exercises"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_two_to_four_exercises_each_with_a_dropdown_solution(path):
    markdown = "\n".join(_text(c) for c in _cells(path) if c["cell_type"] == "markdown")
    exercises = re.findall(r":::\{exercise\}\n:label: (\S+)", markdown)
    spans = solution_spans(_cells(path))
    assert 2 <= len(exercises) <= 4, exercises
    assert [label for _, _, label in spans] == exercises
    assert markdown.count(":::{solution-start}") == markdown.count(":::{solution-end}")
    assert len(re.findall(r":::\{solution-start\} \S+\n:class: dropdown", markdown)) == len(spans)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_figures_outside_solutions_are_numbered_and_captioned(path):
    cells = _cells(path)
    for cell, inside in zip(cells, in_solution(cells), strict=True):
        text = _text(cell)
        has_image = any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
        if has_image and not inside:
            figure = cell["metadata"].get("mystnb", {}).get("figure", {})
            assert figure.get("name", "").startswith("fig-"), text[:80]
            assert len(figure.get("caption", "")) > 20, text[:80]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_executed_in_order_from_a_fresh_kernel_with_nothing_exempt_from_nbval(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code" and _text(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        markers = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_CHECK_OUTPUT")
        assert not any(marker in _text(cell) for marker in markers)
        tags = set(cell["metadata"].get("tags", []))
        assert not tags & {"nbval-ignore-output", "nbval-skip"}
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        assert not errors or "raises-exception" in tags
