"""The static HTML book: self-contained, readable offline, checked page by page in a browser.

Every page listed in _toc.yml, in each edition (English in _build/html, Japanese in
_build/html/ja: EDITION_PAGES), is opened from disk (file://) in headless Chromium with every
request that is not for a local file blocked and recorded, once at desktop width and once at
phone width (`page_visits`, shared with tests/test_reading.py: see tests/book_pages.py); the
per-page tests below check what was recorded, so a failure names the page and the property.

The reproducibility test (full run only) builds the book a second time, from clean, into a
temporary folder (in the background while the browser tests run) and compares every file with
_build/html, the build `make test-full` made just before.
"""

from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from book_pages import DESKTOP, PHONE, _lines, _open
from bookfacts import DEFAULT_LANGUAGE, WEB_EDITIONS, edition_of, edition_page, page_paths

PAGES = page_paths()
#: Every page of every edition: "book/01_data", ..., "ja/book/01_data", ...
EDITION_PAGES = [edition_page(page, language) for language in WEB_EDITIONS for page in PAGES]


#: Every page of every edition at each width. The translated editions' desktop visits are left to
#: the full run: their layout is the English pages' (same stylesheets and figures), and the
#: phone width, where a longer line would overflow, is checked in the everyday run.
EDITION_PAGE_WIDTHS = [
    pytest.param(page, width, marks=[pytest.mark.full] if (
        width == "desktop" and edition_of(page)[0] != DEFAULT_LANGUAGE) else [])
    for page in EDITION_PAGES for width in ("desktop", "phone")
]

per_page = pytest.mark.parametrize("page", EDITION_PAGES)
per_page_and_width = pytest.mark.parametrize(("page", "width"), EDITION_PAGE_WIDTHS)


# --- per page ----------------------------------------------------------------------------------


def test_toc_lists_pages():
    assert PAGES, "_toc.yml lists no pages"
    assert len(PAGES) == len(set(PAGES)), f"a page is listed twice in _toc.yml: {PAGES}"


@per_page_and_width
def test_no_console_error(page_visits, page, width):
    errors = page_visits(page, width).console_errors
    assert not errors, _lines("console errors", errors)


@per_page_and_width
def test_no_external_or_failed_request(page_visits, page, width):
    visit = page_visits(page, width)
    assert not visit.blocked + visit.failed, _lines(
        "requests to other hosts (blocked), then local requests that failed",
        visit.blocked + visit.failed,
    )


@per_page
def test_every_image_loaded(page_visits, page):
    visit = page_visits(page, "phone")
    assert not visit.bad_images, _lines("images not loaded or of zero width", visit.bad_images)


@per_page
def test_every_formula_typeset(page_visits, page):
    math = page_visits(page, "phone").math
    if math["nodes"]:
        assert math["mathjax"], "the page has math but MathJax did not load"
    assert not math["untypeset"], _lines("math nodes without MathJax output", math["untypeset"])
    assert not math["errors"], _lines("MathJax reported TeX errors", math["errors"])
    assert not math["raw"], _lines("raw TeX left in the visible text", math["raw"])


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


_ID_CACHE: dict[Path, set[str]] = {}


def _ids_in(path: Path) -> set[str]:
    if path not in _ID_CACHE:
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        _ID_CACHE[path] = parser.ids
    return _ID_CACHE[path]


@per_page
def test_internal_links_resolve(page_visits, built_book, page):
    visit = page_visits(page, "phone")
    broken = []
    for href in visit.links:
        parts = urlsplit(href)
        if parts.scheme != "file":
            continue  # links out (papers, DOIs) are fine; only loads must stay local
        target = Path(unquote(parts.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href}: no such file")
        elif not target.resolve().is_relative_to(built_book.resolve()):
            broken.append(f"{href}: outside the book")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in _ids_in(target):
                broken.append(f"{href}: no element with this id")
    assert visit.links, "no links found: the page did not render"
    assert not broken, _lines("broken internal links", broken)


@per_page
def test_download_button_offers_the_source(page_visits, page):
    """The header's download button (works offline) links the page's notebook or Markdown (the
    edition's own copy: <edition>/_sources/book/...)."""
    language, source_page = edition_of(page)
    folder = WEB_EDITIONS[language][0]
    own_source = re.compile(rf"/{re.escape(folder)}_sources/{re.escape(source_page)}\.(ipynb|md)$")
    assert any(own_source.search(href) for href in page_visits(page, "phone").links), (
        f"no link to _sources/{page}.ipynb or .md on the page"
    )


@per_page_and_width
def test_language_switch_is_visible(page_visits, page, width):
    """A reader sees the link to the page's twin in each other edition, at every width, and it
    leads to the twin (from disk, relative)."""
    language, source_page = edition_of(page)
    switches = {link["lang"]: link for link in page_visits(page, width).language_switch}
    problems = []
    for other, (folder, label) in WEB_EDITIONS.items():
        if other == language:
            continue
        link = switches.get(other)
        if link is None:
            problems.append(f"no link to the {other} edition")
            continue
        if not link["visible"]:
            problems.append(f"the link to {other} is not visible")
        if link["text"] != label:
            problems.append(f"the link to {other} reads {link['text']!r}, not {label!r}")
        if not link["href"].endswith(f"/{folder}{source_page}.html"):
            problems.append(f"the link to {other} goes to {link['href']}")
    assert not problems, _lines(f"{page} at {width} width", problems)


@per_page
def test_phone_width_does_not_scroll_sideways(page_visits, page):
    visit = page_visits(page, "phone")
    assert visit.inner_width == PHONE["width"]
    assert visit.scroll_width <= visit.inner_width, (
        f"{page} is {visit.scroll_width}px wide at a {visit.inner_width}px phone width; "
        f"sticking out: {visit.too_wide}"
    )


# --- the book as a whole -----------------------------------------------------------------------


def test_search_finds_rprop(browser, built_book):
    url = (built_book / "search.html").as_uri() + "?q=Rprop"
    context, tab, visit = _open(browser, DESKTOP, url)
    try:
        tab.wait_for_selector("#search-results ul.search li a", timeout=20_000)
        tab.wait_for_function(
            r"() => /found \d+ page/.test(document.querySelector('#search-results').innerText)",
            timeout=20_000,
        )
        results = tab.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(a => a.href)"
        )
    finally:
        context.close()
    assert results, "searching for Rprop found nothing"
    assert not visit.console_errors, _lines("console errors", visit.console_errors)
    assert not visit.blocked + visit.failed, _lines(
        "requests to other hosts (blocked), then local requests that failed",
        visit.blocked + visit.failed,
    )


# A load is an attribute that makes the browser fetch: script/img/iframe/source src, stylesheet,
# icon and preload hrefs, CSS url() and @import. Links out (<a href>) are not loads.
_LOAD_IN_HTML = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//",
    re.IGNORECASE,
)
_LOAD_IN_CSS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(?:https?:)?//", re.IGNORECASE)


def test_no_file_loads_from_another_host(built_book):
    offenders = []
    for path in sorted(built_book.rglob("*")):
        if path.suffix == ".html":
            pattern = _LOAD_IN_HTML
        elif path.suffix == ".css":
            pattern = _LOAD_IN_CSS
        else:
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(built_book)}: {match.group(0)[:100]}")
    assert not offenders, _lines("loads from another host", offenders)


# --- reproducibility ---------------------------------------------------------------------------

@pytest.mark.full
def test_second_build_from_clean_is_identical(built_book, second_build):
    """Every file of a second build from clean equals the one in _build/html."""
    fresh = second_build()
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert fresh_files, "the second build produced nothing"
    missing = [str(p) for p in fresh_files if not (built_book / p).is_file()]
    different = [
        str(p)
        for p in fresh_files
        if (built_book / p).is_file()
        and not filecmp.cmp(fresh / p, built_book / p, shallow=False)
    ]
    hint = " (if _build/html is left over from older sources, run `make clean && make book`)"
    assert not missing, _lines(f"files the clean build made that _build/html lacks{hint}", missing)
    assert not different, _lines(f"files that differ between two builds{hint}", different)
