"""Write the chapters' MyST so that JupyterLab (with jupyterlab-myst) reads it as the book does.

Run it after editing a chapter's prose (`make notebooks-for-jupyterlab`); it is idempotent, and
tests/test_jupyterlab.py fails while running it would still change a chapter. It changes only
markdown cells and cell metadata, never a code cell's source or outputs, so the notebooks need
no re-execution. What it does, and why (jupyterlab-myst renders each markdown cell on its own,
without the book's toc, labels in other notebooks or figures made by code cells):

- Solutions fold in JupyterLab. jupyterlab-myst shows a `{solution-start}` dropdown closed,
  but the cells that follow it up to `{solution-end}` (code, outputs, more prose) are separate
  cells. Those cells get JupyterLab's own collapse flags (`jupyter.source_hidden`,
  `jupyter.outputs_hidden`), which Jupyter Book ignores; prose that ends a solution in the same
  cell as its `{solution-end}` is split into a cell of its own, so it folds too.
- Chapter references name the chapter. `{numref}`Chapter %s <chap-x>`` and `{ref}`chap-x``
  point into another notebook, which jupyterlab-myst cannot see ("Chapter %s", "chap-x"). They
  become Markdown links to the chapter's file, with the text the book shows: "Chapter N", N
  from the toc, or the chapter's title. Jupyter Book renders the same words, linked to the same
  page; JupyterLab opens the chapter when the link is clicked.
- MyST comments (`% ...` lines) are dropped: the book never shows them, jupyterlab-myst does.
- Each chapter says, just before its first code cell, how to install rnnlib when a downloaded
  copy of the notebook cannot import it (the book ships the wheel; see book/_ext). The note is
  for the notebook, not the page: it is tagged `remove-cell`, so the book says it once, on its
  first page, and each chapter's notebook (downloaded, or opened by `make lab`) says it again.

What no form can say to both (citations, glued numbers, references to figures made by code or
to other chapters' labels) is resolved in the reader's edition the build writes instead
(book/_ext/lab_edition.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
SOLUTION_START = re.compile(r"^:::\{solution-start\}", re.MULTILINE)
SOLUTION_END = re.compile(r"^:::\{solution-end\}", re.MULTILINE)
CHAPTER_NUMREF = re.compile(r"\{numref\}`Chapter %s <(chap-[a-z0-9-]+)>`")
CHAPTER_REF = re.compile(r"\{ref\}`(chap-[a-z0-9-]+)`")
FENCE = re.compile(r"^(```|~~~|\$\$)")
RUN_NOTE_MARK = "If `import rnnlib` fails"


def chapters() -> list[tuple[str, Path]]:
    """(label, path) of every numbered chapter, in the toc's order (its numbering)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for part in toc["parts"]:
        if not part.get("numbered"):
            continue  # the appendix: not a numbered chapter
        for entry in part["chapters"]:
            stem = ROOT / entry["file"]
            path = next(p for p in (stem.with_suffix(".ipynb"), stem.with_suffix(".md"))
                        if p.exists())
            found.append((_label_and_title(path)[0], path))
    return found


def _label_and_title(path: Path) -> tuple[str, str]:
    if path.suffix == ".ipynb":
        text = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    else:
        text = path.read_text(encoding="utf-8")
    match = re.search(r"^\((chap-[a-z0-9-]+)\)=\n# (.+)$", text, re.MULTILINE)
    if not match:
        raise ValueError(f"{path} does not open with a (chap-...)= label and a title")
    return match.group(1), match.group(2).strip()


def chapter_links() -> dict[str, tuple[str, str]]:
    """label -> ("Chapter N" link, title link), both relative to book/."""
    links = {}
    for number, (label, path) in enumerate(chapters(), start=1):
        title = _label_and_title(path)[1]
        links[label] = (f"[Chapter {number}]({path.name})", f"[{title}]({path.name})")
    return links


def wheel_name() -> str:
    """The file name `python -m build` gives rnnlib's wheel (pyproject.toml's name and version)."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    name, version = (re.search(rf'^{key} = "([^"]+)"', pyproject, re.MULTILINE).group(1)
                     for key in ("name", "version"))
    return f"{name}-{version}-py3-none-any.whl"


def run_note() -> str:
    wheel = wheel_name()
    return (
        "```{tip}\n"
        "This chapter imports `rnnlib`, the book's small helper package. "
        f"{RUN_NOTE_MARK} (a notebook downloaded from the book, run elsewhere), download "
        f"`{wheel}` from the book's first page, section \"How to read and run it\", and run "
        f"`pip install {wheel}` in the environment of this notebook's kernel.\n"
        "```"
    )


def _lines(text: str) -> list[str]:
    """Source as Jupyter stores it: lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _drop_comments(text: str) -> str:
    kept, fenced = [], False
    for line in text.split("\n"):
        if FENCE.match(line.strip()):
            fenced = not fenced
        if not fenced and re.match(r"^%( |$)", line):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip("\n")


def _rewrite_text(text: str, links: dict[str, tuple[str, str]]) -> str:
    def link(match: re.Match, which: int) -> str:
        if match.group(1) not in links:
            raise ValueError(f"no chapter is labelled {match.group(1)!r}")
        return links[match.group(1)][which]

    text = CHAPTER_NUMREF.sub(lambda m: link(m, 0), text)
    text = CHAPTER_REF.sub(lambda m: link(m, 1), text)
    return _drop_comments(text)


def _set_hidden(cell: dict) -> None:
    flags = cell["metadata"].setdefault("jupyter", {})
    flags["source_hidden"] = True
    if cell["cell_type"] == "code":
        flags["outputs_hidden"] = True


def rewrite(notebook: dict, links: dict[str, tuple[str, str]]) -> dict:
    """The notebook with the rewrites above applied (a no-op on its own output)."""
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell = {**cell, "source": _lines(_rewrite_text("".join(cell["source"]), links))}
        cells.append(cell)

    # split off prose that closes a solution in the same cell as its {solution-end}
    split, inside = [], False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and inside:
            end = SOLUTION_END.search(text)
            if end and text[:end.start()].strip():
                split.append({**cell, "id": f"{cell['id']}-end"[:64], "metadata": {},
                              "source": _lines(text[:end.start()].rstrip("\n"))})
                cell = {**cell, "source": _lines(text[end.start():])}
        split.append(cell)
        if cell["cell_type"] == "markdown":
            for marker in re.findall(r"^:::\{(solution-start|solution-end)\}", text, re.MULTILINE):
                inside = marker == "solution-start"

    # fold the cells between a solution's start and end cells
    inside = False
    for cell in split:
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        starts, ends = SOLUTION_START.search(text), SOLUTION_END.search(text)
        if inside and not starts and not ends:
            _set_hidden(cell)
        if starts or ends:
            markers = re.findall(r"^:::\{(solution-start|solution-end)\}", text, re.MULTILINE)
            inside = markers[-1] == "solution-start"

    # the install note, just before the first code cell
    notes = [cell for cell in split if cell["cell_type"] == "markdown"
             and RUN_NOTE_MARK in "".join(cell["source"])]
    if not notes:
        first_code = next(i for i, c in enumerate(split) if c["cell_type"] == "code")
        prefix = split[0]["id"].split("-")[0]
        split.insert(first_code, {"cell_type": "markdown", "id": f"{prefix}-run-note",
                                  "metadata": {}, "source": _lines(run_note())})
        notes = [split[first_code]]
    for cell in notes:  # keep its wording current (the wheel's version), off the book's pages
        cell["source"] = _lines(run_note())
        cell["metadata"] = {**cell["metadata"], "tags": ["remove-cell"]}
    return {**notebook, "cells": split}


def dump(notebook: dict) -> str:
    """JSON as nbformat writes it (the chapters' stored form)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 and name the chapters that would change")
    args = parser.parse_args(argv)
    links = chapter_links()
    stale = []
    for path in sorted(BOOK.glob("*.ipynb")):  # the chapters and the appendix
        old = path.read_text(encoding="utf-8")
        new = dump(rewrite(json.loads(old), links))
        if new != old:
            stale.append(path.name)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print(f"not yet written for JupyterLab: {', '.join(stale)} "
              f"(run make notebooks-for-jupyterlab)")
        return 1
    print(f"{'would change' if args.check else 'changed'}: {', '.join(stale) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
