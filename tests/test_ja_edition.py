"""The Japanese reader's edition: the notebooks the Japanese book's download button offers
(_build/html/ja/_sources/book/*.ipynb, written by book/_ext/lab_edition.py in the Japanese
build), checked without a browser.

- Every markdown cell reads in Japanese, and so does every Markdown page's download (its MyST
  source): no run of four or more Latin-alphabet words outside code, math, links' targets,
  HTML tags and MyST syntax. Each run found is reported with the catalogue string (msgid) it
  comes from, so what is missing is named exactly.
- Its cells are the English edition's, one for one (same ids and types, each markdown cell
  with the same blocks and directives, solutions folded with their label in Japanese, the
  install note once before the first code cell), and its code cells are the English
  edition's, code and outputs, but for a folded solution's label line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from bookfacts import solution_spans

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
CATALOGUES = ROOT / "locales" / "ja" / "LC_MESSAGES" / "book"

#: Four or more Latin-alphabet words in a row, separated by spaces only.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*){3,}")
#: What is not prose: fenced blocks, MyST lines (directives, options, targets, comments,
#: frontmatter), math, inline code, link targets, HTML tags.
NOT_PROSE = [
    re.compile(r"^---\n.*?\n---\n", re.S),  # frontmatter
    re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M),  # code and {math} fences
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"(?<!\\)\$(?:\\.|[^$\\])+\$"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"<[^>]*>"),
    re.compile(r"^:::+.*$|^:[\w-]+:.*$|^\([\w-]+\)=$|^%.*$", re.M),
]


def _edition(book: Path, chapter: Path) -> list[dict]:
    path = book / "_sources" / "book" / chapter.name
    assert path.is_file(), f"the book offers no {path.relative_to(book)}"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def prose(markdown: str) -> str:
    for pattern in NOT_PROSE:
        markdown = pattern.sub(" ", markdown)
    return markdown


def _msgids(chapter: Path) -> list[tuple[str, str, str, str]]:
    """(where, msgid, its prose, its words) of every catalogue's msgids, the chapter's own
    first (a role may show another page's title): the words with math and code as plain text,
    so that a run of English found in the edition can be traced to the string it was not
    translated from."""
    paths = [CATALOGUES / f"{chapter.stem}.po", *sorted(CATALOGUES.glob("*.po"))]
    found = []
    for path in dict.fromkeys(paths):
        for entry in polib.pofile(str(path)) if path.exists() else []:
            words = " ".join(re.sub(r"[$`]|\{[\w:]+\}", " ", entry.msgid).split())
            found.append((path.name, entry.msgid, " ".join(prose(entry.msgid).split()), words))
    return found


def _source(run: str, msgids: list[tuple[str, str, str, str]]) -> tuple[str, str] | None:
    """(where, msgid) of the string a run of English comes from: the msgid whose prose holds
    it, else the one whose words hold the longest start of it (a role may end the run)."""
    run = " ".join(run.split())
    for where, msgid, text, _ in msgids:
        if run in text:
            return where, msgid
    words = run.split()
    for length in range(len(words), 1, -1):
        start = " ".join(words[:length])
        for where, msgid, _, plain in msgids:
            if start in plain:
                return where, msgid
    return None


#: The Markdown pages, whose download is their (translated) MyST source.
PAGES = sorted((ROOT / "book").glob("*.md"))


@pytest.mark.parametrize("chapter", CHAPTERS + PAGES, ids=lambda path: path.name)
def test_every_markdown_cell_reads_in_japanese(built_book_ja, chapter):
    msgids = _msgids(chapter)
    missing: dict[str, list[int]] = {}
    if chapter.suffix == ".md":
        download = built_book_ja / "_sources" / "book" / chapter.name
        cells = [{"cell_type": "markdown", "source": [download.read_text(encoding="utf-8")]}]
    else:
        cells = _edition(built_book_ja, chapter)
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for run in LATIN_RUN.findall(prose("".join(cell["source"]))):
            source = _source(run, msgids)
            key = (f"untranslated in {source[0]}: {source[1][:100]!r}" if source
                   else f"not from the catalogues: {run!r}")
            if index not in missing.setdefault(key, []):
                missing[key].append(index)
    assert not missing, f"{chapter.stem}: English in {len(missing)} strings:\n" + "\n".join(
        f"  cell {cells}: {key}" for key, cells in missing.items())


def _blocks(parser, markdown: str) -> list[str]:
    """The cell's Markdown structure: its blocks (paragraphs, headings, lists, fences, ...),
    each directive's name and the blocks of its body, in order."""
    found = []
    for token in parser.parse(markdown):
        if not token.block or token.type == "inline":
            continue
        name = token.info.split()[0] if token.info.strip() else ""
        found.append(f"{token.type} {name}".strip())
        if name.startswith("{") and name != "{math}" and token.content.strip():
            body = [line for line in token.content.split("\n")
                    if not re.match(r":[\w-]+:", line)]
            found += [f"  {block}" for block in _blocks(parser, "\n".join(body))]
    return found


def _parser():
    import yaml
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = set(config["parse"]["myst_enable_extensions"])
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _without_label(cell: dict, folded: bool) -> dict:
    """A code cell as compared: a folded solution's first line is its label, in each language."""
    source = "".join(cell["source"])
    if folded:
        first, _, source = source.partition("\n")
        assert first.startswith("# "), first
    return {"source": source, "outputs": cell.get("outputs"),
            "metadata": cell["metadata"], "id": cell["id"]}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_cells_and_code_are_the_english_editions(built_book, built_book_ja, chapter):
    english, japanese = _edition(built_book, chapter), _edition(built_book_ja, chapter)
    assert [(c["cell_type"], c["id"]) for c in japanese] == [
        (c["cell_type"], c["id"]) for c in english]
    folded = [False] * len(english)
    for first, last, _ in solution_spans(english):
        folded[first + 1:last] = [True] * (last - first - 1)
    assert solution_spans(japanese) == solution_spans(english)
    parser = _parser()
    for index, (en, ja) in enumerate(zip(english, japanese, strict=True)):
        if en["cell_type"] == "markdown":  # translated in place: the same blocks
            assert _blocks(parser, "".join(ja["source"])) == _blocks(
                parser, "".join(en["source"])), f"{chapter.stem}: cell {index}'s structure"
        if en["cell_type"] == "code":
            assert _without_label(ja, folded[index]) == _without_label(en, folded[index]), (
                f"{chapter.stem}: code cell {index} differs")
        if folded[index]:  # "練習4.1の解答（続き）": the exercise as the Japanese book names it
            first_line = "".join(ja["source"]).splitlines()[0]
            assert re.fullmatch(r"(# )?\S+?\d+\.\d+の解答（続き）", first_line), first_line
            assert ja["metadata"]["jupyter"] == en["metadata"]["jupyter"]
    notes = [i for i, cell in enumerate(japanese)
             if "`pip install rnnlib-" in "".join(cell["source"]) and cell["cell_type"] ==
             "markdown"]
    first_code = next(i for i, cell in enumerate(japanese) if cell["cell_type"] == "code")
    assert notes == [first_code - 1], f"{chapter.stem}: install note at {notes}"
