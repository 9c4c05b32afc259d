"""The chapters in JupyterLab, as a reader running them sees them (jupyterlab-myst renders MyST).

What a reader opens in JupyterLab is the reader's edition of each chapter: the notebook the
book's download button gives, which `make lab` also opens (book/_ext/lab_edition.py writes it
into the built book's _sources/). One JupyterLab server (127.0.0.1, token, a port the OS picks;
see conftest.jupyterlab_server) serves copies of them from a temporary folder.
Each chapter is opened in headless Chromium with every cell rendered, and its markdown cells
must show no raw MyST (role or directive syntax, comments, unfilled numref templates) and every
solution must be folded: its dropdown closed, its code cells and its other cells collapsed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bookfacts import solution_spans
from conftest import jupyterlab_server

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
SCREENSHOTS = ROOT / "_build" / "screenshots"

# What must not be seen in a rendered markdown cell, each with what it would be
RAW_MYST = {
    "a role": re.compile(r"\{[a-z][a-z:-]*\}`"),
    "a directive": re.compile(r"(:::|```)\s*\{[a-z][a-z:-]*\}"),
    "a directive option": re.compile(r"^:(class|label|name):", re.MULTILINE),
    "a gated directive's name": re.compile(r"solution-(start|end)"),
    "a comment": re.compile(r"^% ", re.MULTILINE),
    "an unfilled numref template": re.compile(r"%s|\{number\}|\{name\}"),
    "a label target": re.compile(r"^\([a-z0-9-]+\)=", re.MULTILINE),
}

# Scroll to each cell in turn (JupyterLab renders the cells in view) and read what it shows once
# jupyterlab-myst has rendered it.
CELLS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.context.ready;
  await panel.revealed;
  const notebook = panel.content;
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const cells = [];
  for (const [index, cell] of notebook.widgets.entries()) {
    await notebook.scrollToItem(index, 'start');
    const markdown = cell.model.type === 'markdown';
    let view = null;
    for (let tries = 0; markdown && !cell.inputHidden && tries < 40; tries++) {
      view = cell.node.querySelector(
        '.jp-Cell-inputArea .myst, .jp-Cell-inputArea .jp-RenderedMarkdown');
      if (view && view.innerText.trim()) break;
      await sleep(50);
    }
    cells.push({
      type: cell.model.type,
      source: cell.model.sharedModel.getSource(),
      inputHidden: cell.inputHidden,
      outputHidden: cell.model.type === 'code' ? cell.outputHidden : null,
      text: view ? view.innerText : null,
      openDetails: cell.node.querySelectorAll('details[open]').length,
      unresolved: view ? [...view.querySelectorAll('a, span')]
        .map(e => e.innerText.trim())
        .filter(text => /^(fig|eq|ex|sec|chap|tab)-[a-z0-9-]+$/.test(text)) : [],
    });
  }
  return cells;
}"""

# Pages with no reference, citation or glued number to resolve: the appendix and the glossary.
NOTHING_TO_RESOLVE = ("appendix", "glossary")


def edition(built_book: Path, chapter: Path) -> Path:
    """The reader's edition of ``chapter`` in the built book."""
    return built_book / "_sources" / "book" / chapter.name


@pytest.fixture(scope="module")
def lab(tmp_path_factory, built_book):
    """One JupyterLab server for the module, on copies of the chapters' reader's editions."""
    work = tmp_path_factory.mktemp("jupyterlab")
    (work / "root" / "book").mkdir(parents=True)
    for chapter in CHAPTERS:
        shutil.copy(edition(built_book, chapter), work / "root" / "book" / chapter.name)
    with jupyterlab_server(work / "root", work / "server") as server:
        yield server


def open_chapter(browser, lab, name: str, viewport=None):
    """A page with chapter ``name`` open in JupyterLab and every markdown cell rendered."""
    url, token = lab
    page = browser.new_page(viewport=viewport or {"width": 1300, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{url}/lab/tree/book/{name}?reset&token={token}", timeout=120_000)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.context"
        f" && window.jupyterapp.shell.currentWidget.context.path === 'book/{name}'",
        timeout=120_000)
    return page


@pytest.fixture(scope="module")
def shown(browser, lab):
    """chapter name -> what each of its cells shows in JupyterLab (read once per chapter)."""
    seen: dict[str, list[dict]] = {}

    def read(name: str) -> list[dict]:
        if name not in seen:
            page = open_chapter(browser, lab, name)
            try:
                seen[name] = page.evaluate(CELLS)
            finally:
                page.close()
        return seen[name]

    return read


def _without_solution_end(source: str) -> str:
    return re.sub(r":::\{solution-end\}\n:::", "", source).strip()


@pytest.mark.browser
@pytest.mark.full
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_chapter_reads_without_raw_myst_and_solutions_folded(shown, built_book, chapter):
    cells = shown(chapter.name)
    stored = json.loads(edition(built_book, chapter).read_text(encoding="utf-8"))["cells"]
    assert len(cells) == len(stored)
    problems = []
    for index, cell in enumerate(cells):
        if cell["type"] != "markdown" or cell["inputHidden"]:
            continue
        if not cell["text"]:
            if _without_solution_end(cell["source"]):  # a closing marker alone shows nothing
                problems.append(f"cell {index} did not render")
            continue
        for what, pattern in RAW_MYST.items():
            for match in pattern.finditer(cell["text"]):
                context = cell["text"][max(0, match.start() - 40):match.end() + 40]
                problems.append(f"cell {index} shows {what}: …{context!r}…")
    spans = solution_spans([{"cell_type": cell["type"], "source": cell["source"]}
                            for cell in cells])
    has_exercises = "{solution-start}" in chapter.read_text(encoding="utf-8")
    if has_exercises and not spans:  # the appendix has no exercises
        problems.append("no solutions found")
    for first, last, _ in spans:
        for index in range(first, last + 1):
            cell = cells[index]
            if cell["openDetails"]:
                problems.append(f"cell {index}: a solution's dropdown is open")
            if first < index < last:
                if not cell["inputHidden"] or cell["outputHidden"] is False:
                    problems.append(f"cell {index} (inside a solution) is not collapsed")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.full
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_references_citations_and_glued_numbers_resolve(shown, chapter):
    cells = shown(chapter.name)
    # the keys the chapter's own MyST cites and pastes (the edition has resolved them)
    sources = "\n".join("".join(cell["source"]) for cell in
                        json.loads(chapter.read_text(encoding="utf-8"))["cells"]
                        if cell["cell_type"] == "markdown")
    assert "{cite" in sources or "{glue" in sources or chapter.stem.startswith(NOTHING_TO_RESOLVE)
    keys = set(re.findall(r"\{cite(?::t|:p)?\}`([^`]+)`", sources))
    keys = {key.strip() for group in keys for key in group.split(",")}
    glued = set(re.findall(r"\{glue:text\}`([^`:]+)", sources))
    problems = []
    for index, cell in enumerate(cells):
        if cell["type"] != "markdown" or not cell["text"]:
            continue
        problems += [f"cell {index} shows the bare label {label!r}" for label in cell["unresolved"]]
        words = set(re.findall(r"[A-Za-z0-9_.:-]+", cell["text"]))
        problems += [f"cell {index} shows the citation key {key!r}" for key in keys & words]
        problems += [f"cell {index} shows the glue key {key!r}" for key in glued
                     if any(word.split(":")[0] == key for word in words)]
    assert not problems, "\n".join(problems)


# What the book renders for each role, in page order: numbered and section references, equation
# references, exercises (sphinx-exercise writes a literal), citations and glued values
ROLE = re.compile(r"\{(numref|ref|eq|cite|cite:p|cite:t|glue:text)\}`[^`]+`")
RENDERED_ROLES = ("span.std-numref, span.std-ref, code.std-numref, span.bibtex-citation, "
                  "span.pasted-text, a.reference.internal[href*='#equation-']")


def _plain(markdown: str) -> str:
    """What Markdown shows: link text without its target, escapes removed, spaces collapsed."""
    text = re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _filled(template: str, written: str) -> list[str]:
    """The texts that replaced the roles of ``template`` (MyST) in ``written`` (the edition)."""
    pieces = ROLE.sub("\0", template).split("\0")
    pattern = "(?:.*?)" + "(.*?)".join(re.escape(piece) for piece in pieces) + "$"
    match = re.match(pattern, written, re.DOTALL)
    assert match, f"the edition's cell does not follow its source:\n{written[:300]}"
    return [_plain(text) for text in match.groups()]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_the_edition_shows_what_the_book_shows(built_book, chapter):
    """Every role of the chapter reads in the edition as on the book's page, in the same order,
    and every figure made by a code cell has its number and caption below it."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_book / "book" / f"{chapter.stem}.html").read_text("utf-8"),
                         "html.parser").select_one("article")
    in_book = [" ".join(node.get_text().split()) for node in page.select(RENDERED_ROLES)]
    numbers = [" ".join(node.get_text().split())
               for node in page.select("figcaption .caption-number")]
    source = json.loads(chapter.read_text(encoding="utf-8"))["cells"]
    written = {cell["id"]: "".join(cell["source"]) for cell in
               json.loads(edition(built_book, chapter).read_text(encoding="utf-8"))["cells"]}
    in_edition, captions = [], []
    for cell in source:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            in_edition += _filled(text, written[cell["id"]])
            assert not ROLE.search(written[cell["id"]]), written[cell["id"]]
        caption = cell["metadata"].get("mystnb", {}).get("figure", {}).get("caption")
        if cell["cell_type"] == "code" and caption:
            below = written[f"{cell['id']}-caption"[:64]]
            number, _, rest = below.removeprefix("**").partition("** ")
            captions.append(number)
            in_edition += _filled(" ".join(caption.split()), rest)
    assert in_edition == in_book
    assert captions == numbers
    assert in_book or chapter.stem.startswith(NOTHING_TO_RESOLVE)


def test_folded_solutions_show_only_a_neutral_label(built_book):
    """JupyterLab shows a collapsed cell's first line: in every solution, that line names the
    exercise ("Solution to Exercise 4.1, continued"), never the answer; no MyST comment is left
    and the install note stands once, before the first code cell."""
    checked = 0
    for chapter in CHAPTERS:
        cells = json.loads(edition(built_book, chapter).read_text(encoding="utf-8"))["cells"]
        sources = ["".join(cell["source"]) for cell in cells]
        for first, last, _ in solution_spans(cells):
            for cell, source in zip(cells[first + 1:last], sources[first + 1:last], strict=True):
                first_line = source.splitlines()[0]
                assert re.fullmatch(r"(# )?Solution to Exercise \d+\.\d+, continued", first_line), \
                    f"{chapter.name}: a folded cell starts with {first_line!r}"
                assert cell["metadata"]["jupyter"]["source_hidden"] is True
                if cell["cell_type"] == "code":
                    assert cell["metadata"]["jupyter"]["outputs_hidden"] is True
                checked += 1
        assert not any(re.search(r"^% ", source, re.MULTILINE) for source in sources
                       if not source.startswith("```")), chapter.name
        notes = [i for i, source in enumerate(sources) if "If `import rnnlib` fails" in source]
        first_code = next(i for i, cell in enumerate(cells) if cell["cell_type"] == "code")
        assert notes == [first_code - 1], f"{chapter.name}: install note at {notes}"
    assert checked > 20  # every chapter but the appendix has solutions with cells in them


@pytest.mark.full
def test_make_lab_opens_the_edition_and_keeps_a_copy_the_reader_changed(built_book, tmp_path):
    """`make lab` as this user (root in CI: it must add --allow-root itself) with LAB_ARGS."""
    import os
    import urllib.request

    from conftest import _stop, _wait_for_server, jupyter_environment

    lab_dir = tmp_path / "lab"
    (lab_dir / "book").mkdir(parents=True)
    (lab_dir / ".pristine").mkdir()
    # 01: the reader changed their copy; 02: an older edition the reader never touched
    for name, mine, last in (("01_data.ipynb", "changed", "old"),
                             ("02_unrolling.ipynb", "old", "old")):
        (lab_dir / "book" / name).write_text(mine)
        (lab_dir / ".pristine" / name).write_text(last)
    env = jupyter_environment(tmp_path)
    token = os.urandom(16).hex()
    lab_args = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=0 "
                f"--IdentityProvider.token={token} "
                f"--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    log_path = tmp_path / "make-lab.log"
    with log_path.open("w") as log:
        make = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_DIR={lab_dir}",
                                 f"LAB_ARGS={lab_args}"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = _wait_for_server(make, tmp_path / "runtime", token, log_path)
            with urllib.request.urlopen(f"{url}/api/contents/book?token={token}") as response:
                listed = {item["name"] for item in json.load(response)["content"]}
        finally:
            _stop(make)
    assert listed >= {chapter.name for chapter in CHAPTERS}
    assert (lab_dir / "book" / "01_data.ipynb").read_text() == "changed"
    for chapter in CHAPTERS:
        if chapter.name != "01_data.ipynb":
            assert (lab_dir / "book" / chapter.name).read_bytes() == \
                edition(built_book, chapter).read_bytes(), chapter.name
        assert (lab_dir / ".pristine" / chapter.name).read_bytes() == \
            edition(built_book, chapter).read_bytes()
    assert "kept your changed" in log_path.read_text() and "01_data.ipynb" in log_path.read_text()
