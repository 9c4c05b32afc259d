"""The book's facts, in one place: its pages and chapter numbers, the browser and its flags, and
what counts as a local request. The Sphinx extensions (book/_ext), the scripts in tools/, the
benchmarks and the tests import this module; nothing else reads _toc.yml or spells out
Chromium's flags.

Importable as ``bookfacts``: pytest puts tools/ on sys.path (pyproject.toml), scripts in tools/
have it as their own folder, and the extensions add it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOC_FILE = ROOT / "_toc.yml"
BUILD_HTML = ROOT / "_build" / "html"

#: The book's editions on the web: language -> its folder inside _build/html (English at the
#: root, the others under their language code, with the same page paths) and the name of the
#: language in its own words (the label of the link to it). `make book` builds them all.
WEB_EDITIONS = {"en": ("", "English"), "ja": ("ja/", "日本語")}
DEFAULT_LANGUAGE = "en"


def edition_page(page: str, language: str) -> str:
    """A page's path in an edition: edition_page("book/01_data", "ja") == "ja/book/01_data"."""
    return WEB_EDITIONS[language][0] + page


def edition_of(page: str) -> tuple[str, str]:
    """(language, page path in the English edition) of an edition's page path."""
    for language, (folder, _) in WEB_EDITIONS.items():
        if folder and page.startswith(folder):
            return language, page[len(folder):]
    return DEFAULT_LANGUAGE, page

#: Debian's Chromium; Playwright never downloads a browser here.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless as root needs --no-sandbox; the rest keep Chromium off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Requests the offline book may make; everything else is refused by the browser tests and PDF.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def is_local_url(url: str) -> bool:
    """True for a request the offline book may make (its own files, inline data)."""
    return url.startswith(LOCAL_SCHEMES)


#: Await every image of the page (eager loading, 20 s at most); returns the srcs that failed.
WAIT_FOR_IMAGES = """async () => {
  const images = Array.from(document.images);
  for (const img of images) { img.loading = "eager"; }
  const settled = Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  })));
  await Promise.race([settled, new Promise((done) => setTimeout(done, 20000))]);
  return images.filter((img) => !(img.complete && img.naturalWidth > 0))
               .map((img) => img.getAttribute("src"));
}"""


@dataclass(frozen=True)
class TocPage:
    """One page of the toc: its path without suffix ("book/01_data"), its chapter number (None:
    unnumbered) and the caption of the part it is in (None for the root page)."""

    path: str
    number: int | None
    part: str | None = None


def toc_pages(toc_file: Path = TOC_FILE) -> list[TocPage]:
    """The toc's pages in reading order, numbered as the book numbers them: parts marked
    `numbered: true` number their chapters continuously (`use_multitoc_numbering`)."""
    import yaml

    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    pages = [TocPage(_stem(toc["root"]), None)]
    number = 0
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        for chapter in part.get("chapters", []):
            if part.get("numbered", False):
                number += 1
            pages.append(TocPage(_stem(chapter["file"]), number if part.get("numbered") else None,
                                 part.get("caption")))
    return pages


def page_paths(toc_file: Path = TOC_FILE) -> list[str]:
    """Every page of the toc in reading order, as paths without suffix ("book/01_data")."""
    return [page.path for page in toc_pages(toc_file)]


def _stem(file: str) -> str:
    return re.sub(r"\.(md|ipynb|rst)$", "", str(file))


#: A solution's opening or closing marker in a chapter's markdown (sphinx-exercise's gated
#: directives): group 1 is "solution-start" or "solution-end", group 2 the exercise's label.
SOLUTION_MARKER = re.compile(r"^:::\{(solution-start|solution-end)\}[ \t]*(\S*)", re.MULTILINE)


def solution_spans(cells: list[dict]) -> list[tuple[int, int, str]]:
    """(first, last, label) of each solution in a notebook's cells: the indices of the cells
    holding its {solution-start} and its {solution-end}, and its exercise's label. Where one
    cell holds several markers, the last decides what follows it."""
    spans, start, label = [], None, ""
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for marker, target in SOLUTION_MARKER.findall("".join(cell["source"])):
            if marker == "solution-start":
                start, label = index, target
            elif start is not None:
                spans.append((start, index, label))
                start = None
    return spans


def in_solution(cells: list[dict]) -> list[bool]:
    """For each cell, whether it lies strictly inside a solution (between its markers' cells)."""
    inside = [False] * len(cells)
    for first, last, _ in solution_spans(cells):
        for index in range(first + 1, last):
            inside[index] = True
    return inside
# --- the book on paper (tools/book_pdf.py, tests/test_pdf.py) --------------------------------

#: The printed book's paper and margins (CSS lengths, as book/_static/print.css sets them).
PAPER = "A4"
PAPER_WIDTH_MM = 210.0
PAPER_HEIGHT_MM = 297.0
PAGE_MARGIN_MM = {"top": 22.0, "bottom": 20.0, "left": 20.0, "right": 20.0}
#: The text block's width in CSS px (96 px to the inch): what a line of the printed book holds.
TEXT_WIDTH_PX = (PAPER_WIDTH_MM - PAGE_MARGIN_MM["left"] - PAGE_MARGIN_MM["right"]) * 96 / 25.4

@dataclass(frozen=True)
class PrintWords:
    """Every word the printed book adds to the pages it prints, in one language: the title
    page (subtitle, author, version line, the note on where the interactive edition is, its
    accessible name) and the contents' heading. Chapters, running heads and the bibliography
    print the built pages' own headings, already in the edition's language."""

    subtitle: str
    author: str | None  # None: _config.yml's author
    version: str  # with {version} and {date}
    edition_note: str  # with {how}: how to open the HTML edition
    how_to_open: str
    contents: str
    title_page: str


PRINT_WORDS = {
    "en": PrintWords(
        subtitle=("Backpropagation through time, gradient checking and Rprop, "
                  "in NumPy, on a recurrent network with two weights"),
        author=None,
        version="Version {version} · {date}",
        edition_note=("This is the printed edition. The interactive HTML edition, with the "
                      "weight explorers to drag and train, the solutions folded and every "
                      "chapter to download as a notebook, is built from the same sources: "
                      "{how}."),
        how_to_open="make book, then open _build/html/index.html (it works offline, from disk)",
        contents="Contents",
        title_page="Title page",
    ),
    "ja": PrintWords(
        subtitle=("重みが2つだけのリカレントネットワークで学ぶ通時的誤差逆伝播法（BPTT）、"
                  "勾配確認とRprop：NumPyによる実装"),
        author="rnnlibの作者一同",
        version="バージョン{version}（{date}）",
        edition_note=("これは印刷版です。ドラッグして学習させられる重みエクスプローラー、"
                      "折りたたまれた解答、ノートブックとしてダウンロードできる各章を備えた"
                      "インタラクティブなHTML版も、同じソースから作られます。{how}。"),
        how_to_open=("make bookを実行してから_build/html/ja/index.htmlを開いてください"
                     "（ディスクから開けばオフラインで読めます）"),
        contents="目次",
        title_page="扉",
    ),
}

#: The printed book's subtitle (its title is _config.yml's `title`, the intro's heading).
SUBTITLE = PRINT_WORDS["en"].subtitle

#: The font a printed edition sets its text in, where the book's own fonts have no glyphs for
#: its language: Japanese in IPAexGothic, from Debian's fonts-ipaexfont-gothic (about 3 MB;
#: .ci/run installs it). A TrueType font, so Chromium embeds a subset of the glyphs the book
#: uses (about 0.7 MB); Debian's fonts-noto-cjk (56 MB, CFF outlines) was printed as Type3
#: glyph drawings instead and made the PDF 0.55 MB larger (8.2 MB against 7.7 MB, the
#: catalogues a fifth translated).
PRINT_FONTS = {"ja": "IPAexGothic"}

#: The PDF `make pdf` prints of each web edition (WEB_EDITIONS), in _build/pdf.
PDF_FILES = {"en": "book.pdf", "ja": "book-ja.pdf"}


@dataclass(frozen=True)
class BookInfo:
    """What the title page and the PDF's metadata say: title, author, version, date (ISO)."""

    title: str
    author: str
    version: str
    date: str


def book_info(language: str = "en") -> BookInfo:
    """The book's title and author (_config.yml; in another language the title as the intro's
    catalogue translates it, the author as PRINT_WORDS says), version (pyproject.toml) and
    date: the date of the commit it is built from (SOURCE_DATE_EPOCH when set), so two builds
    of one commit print the same title page."""
    import datetime
    import subprocess
    import tomllib

    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        try:
            epoch = subprocess.run(
                ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                text=True, check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if epoch:
        date = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    else:
        date = datetime.date.today()
    title, author = config["title"], config["author"]
    if language != "en":
        title = translated(language, "book/intro", title)
        author = PRINT_WORDS[language].author or author
    return BookInfo(title, author, project["version"], date.isoformat())


def translated(language: str, page: str, msgid: str) -> str:
    """``msgid`` as the page's catalogue (locales/<language>/LC_MESSAGES/<page>.po) translates
    it; itself while it is untranslated or fuzzy."""
    import polib

    path = ROOT / "locales" / language / "LC_MESSAGES" / f"{page}.po"
    entry = polib.pofile(str(path)).find(msgid) if path.exists() else None
    return entry.msgstr if entry and entry.msgstr and not entry.fuzzy else msgid
