"""The static HTML book: self-contained, readable offline, checked page by page in a browser.

Every page listed in _toc.yml is opened from disk (file://) in headless Chromium with every
request that is not for a local file blocked and recorded. Each page is visited once at desktop
width and once at phone width; the per-page tests below then check what was recorded, so a
failure names the page and the property. Screenshots of both widths are written to
_build/screenshots/ for people to look at.

The reproducibility test builds the book a second time, from clean, into a temporary folder (in
the background while the browser tests run) and compares every file with _build/html, the
build `make test` made just before.
"""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bookfacts import WAIT_FOR_IMAGES, is_local_url, page_paths

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


PAGES = page_paths()


# --- visiting pages -----------------------------------------------------------------------------


@dataclass
class Visit:
    """What one page did in the browser."""

    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_images: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    page_url: str = ""
    scroll_width: int = 0
    inner_width: int = 0
    too_wide: list[str] = field(default_factory=list)


def _open(browser, viewport: dict, url: str, **context_options):
    """A fresh context and page on `url`, with non-local requests blocked, and its Visit."""
    visit = Visit(page_url=url)
    context = browser.new_context(viewport=viewport, **context_options)

    def block(route) -> None:
        visit.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not is_local_url(url), block)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: msg.type == "error" and visit.console_errors.append(msg.text),
    )
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
    page.on(
        "requestfailed",
        lambda req: (
            req.url not in visit.blocked and visit.failed.append(f"{req.url} ({req.failure})")
        ),
    )
    page.goto(url, wait_until="load")
    return context, page, visit


WAIT_FOR_MATH = r"""async () => {
  const nodes = Array.from(document.querySelectorAll("span.math, div.math"));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await Promise.race([MathJax.startup.promise, new Promise((done) => setTimeout(done, 20000))]);
  }
  // Raw TeX in visible prose: \( \[ $$ \begin{ or $...$ holding a backslash, _ ^ { or }.
  const patterns = [/\\\(/, /\\\[/, /\$\$/, /\\begin\{/, /\$[^$\n]*[\\_^{}][^$\n]*\$/];
  const skip = "pre, code, script, style, textarea, mjx-container";
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent;
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (patterns.some((p) => p.test(text))) raw.push(text.trim().slice(0, 120));
  }
  return {
    mathjax: Boolean(window.MathJax && MathJax.version),
    nodes: nodes.length,
    untypeset: nodes.filter((n) => !n.querySelector("mjx-container"))
                    .map((n) => n.textContent.trim().slice(0, 120)),
    errors: Array.from(document.querySelectorAll("mjx-merror"))
                 .map((n) => n.textContent.slice(0, 120)),
    raw: raw,
  };
}"""


# The innermost elements sticking out to the right of the viewport, outside any scroll box.
TOO_WIDE = """() => {
  const width = window.innerWidth;
  const clipping = ["auto", "scroll", "hidden", "clip"];
  const clips = (el) => clipping.includes(getComputedStyle(el).overflowX);
  const outside = (el) => el.getBoundingClientRect().right > width + 1;
  const fixed = (el) => getComputedStyle(el).position === "fixed";
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!outside(el) || Array.from(el.children).some(outside)) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if ((clips(up) && !outside(up)) || fixed(up)) { clipped = true; break; }
    }
    if (clipped) continue;
    const classes = (el.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean);
    const name = [el.tagName.toLowerCase(), ...classes].join(".");
    found.push(`${name} (right edge ${Math.round(el.getBoundingClientRect().right)}px): ` +
               el.textContent.trim().slice(0, 60));
  }
  return found.slice(0, 10);
}"""


def _lines(title: str, items: list[str]) -> str:
    return f"{title}:\n  " + "\n  ".join(items)


def _slug(page: str) -> str:
    return page.replace("/", "_")


@pytest.fixture(scope="session")
def visits(browser, built_book, second_build):
    """Each TOC page visited at desktop and phone width, on demand, once per session.

    (Requesting second_build starts the reproducibility build now, in the background.)
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cache: dict[tuple[str, str], Visit] = {}

    def get(page: str, width: str) -> Visit:
        if (page, width) in cache:
            return cache[page, width]
        path = built_book / f"{page}.html"
        if not path.is_file():
            pytest.fail(f"{page}.html missing from {built_book}", pytrace=False)
        url = path.as_uri()
        if width == "desktop":
            context, tab, visit = _open(browser, DESKTOP, url)
            visit.bad_images = tab.evaluate(WAIT_FOR_IMAGES)
            visit.math = tab.evaluate(WAIT_FOR_MATH)
            visit.links = tab.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        else:
            # A fixed 390 px layout viewport (is_mobile would widen it to fit wide content).
            context, tab, visit = _open(browser, PHONE, url, has_touch=True)
            tab.evaluate(WAIT_FOR_IMAGES)
            tab.evaluate(WAIT_FOR_MATH)
            visit.too_wide = tab.evaluate(TOO_WIDE)
        visit.scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        visit.inner_width = tab.evaluate("window.innerWidth")
        tab.screenshot(path=SCREENSHOTS / f"{_slug(page)}-{width}.png", full_page=True)
        context.close()
        cache[page, width] = visit
        return visit

    return get


per_page = pytest.mark.parametrize("page", PAGES)
per_page_and_width = pytest.mark.parametrize(
    ("page", "width"), [(p, w) for p in PAGES for w in ("desktop", "phone")]
)


# --- per page ----------------------------------------------------------------------------------


def test_toc_lists_pages():
    assert PAGES, "_toc.yml lists no pages"
    assert len(PAGES) == len(set(PAGES)), f"a page is listed twice in _toc.yml: {PAGES}"


@per_page
def test_page_is_built(built_book, page):
    assert (built_book / f"{page}.html").is_file(), f"{page}.html missing from {built_book}"


@per_page_and_width
def test_no_console_error(visits, page, width):
    errors = visits(page, width).console_errors
    assert not errors, _lines("console errors", errors)


@per_page_and_width
def test_no_external_or_failed_request(visits, page, width):
    visit = visits(page, width)
    assert not visit.blocked + visit.failed, _lines(
        "requests to other hosts (blocked), then local requests that failed",
        visit.blocked + visit.failed,
    )


@per_page
def test_every_image_loaded(visits, page):
    visit = visits(page, "desktop")
    assert not visit.bad_images, _lines("images not loaded or of zero width", visit.bad_images)


@per_page
def test_every_formula_typeset(visits, page):
    math = visits(page, "desktop").math
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
def test_internal_links_resolve(visits, built_book, page):
    visit = visits(page, "desktop")
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
def test_download_button_offers_the_source(visits, page):
    """The header's download button (works offline) links the page's notebook or Markdown."""
    own_source = re.compile(rf"/_sources/{re.escape(page)}\.(ipynb|md)$")
    assert any(own_source.search(href) for href in visits(page, "desktop").links), (
        f"no link to _sources/{page}.ipynb or .md on the page"
    )


@per_page
def test_phone_width_does_not_scroll_sideways(visits, page):
    visit = visits(page, "phone")
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

REPRODUCIBILITY_TEST = "test_second_build_from_clean_is_identical"


@pytest.fixture(scope="session")
def second_build(request, built_book, tmp_path_factory):
    """A second build of the book, from clean, into a temporary folder.

    It runs in the background from the first browser test on (the two share the two cores),
    and only when the reproducibility test was selected. Returns a function that waits for it
    and gives its HTML folder.
    """
    wanted = any(
        getattr(item, "originalname", None) == REPRODUCIBILITY_TEST
        for item in request.session.items
    )
    if not wanted:
        yield None
        return
    out = tmp_path_factory.mktemp("second_build")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    with open(out / "build.log", "wb") as log:
        process = subprocess.Popen(
            [str(jupyter_book), "build", str(ROOT), "-n", "--path-output", str(out)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait() -> Path:
        code = process.wait(timeout=600)
        output = (out / "build.log").read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"the second build failed:\n{output[-3000:]}"
        return out / "_build" / "html"

    yield wait
    if process.poll() is None:
        process.kill()
        process.wait()


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
