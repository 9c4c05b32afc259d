"""Reading the book on a phone, with a screen reader, and on paper (browser tests).

Every page of the toc is opened from disk at phone (390 px) and desktop (1280 px) width, with
every solution and hidden cell opened, so that what a reader can reveal is checked too:

- every figure keeps its natural aspect ratio (within 2 %);
- at phone width the weight explorer's text (SVG text, as drawn) is at least 8 CSS px (the
  chapters' PNG figures keep to the same by contract: tests/test_figure_style.py);
- every figure says in words what it shows (alt text, or aria-label on an SVG figure);
- at phone width every display equation fits its box and no equation number overlaps it;
- axe-core (the copy packaged in axe-playwright-python: nothing is fetched) finds no serious
  or critical violation, in light and in dark mode (full run only).

The whole book is then printed to one PDF by `make pdf`'s script (tools/book_pdf.py): its
outline has one entry per toc page, numbered like the toc, its text holds every chapter title,
and no page prints interface text (buttons, toggles, "Show code cell source").
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from book_pages import MODES, WIDTHS, _lines
from test_static_book import PAGES

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def _book_pdf_module():
    path = ROOT / "tools" / "book_pdf.py"
    spec = importlib.util.spec_from_file_location("book_pdf", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# No text in a figure smaller than this, in CSS px, at phone width (issue 12).
SMALLEST_TEXT_PX = 8.0


per_page = pytest.mark.parametrize("page", PAGES)
per_page_and_width = pytest.mark.parametrize(("page", "width"), [
    (p, w) for p in PAGES for w in WIDTHS
])


@per_page_and_width
def test_figures_keep_their_aspect_ratio(page_visits, page, width):
    images = page_visits(page, width).images
    squashed = []
    for image in images:
        assert image["width"] > 0 and image["height"] > 0, f"{image['src']} is not displayed"
        ratio = image["width"] / image["height"] / image["natural"]
        if abs(ratio - 1) > 0.02:
            squashed.append(f"{image['src']}: {ratio:.3f} of its natural aspect ratio")
    assert not squashed, _lines("figures drawn out of shape", squashed)


def test_explorer_text_is_legible_on_a_phone(page_visits):
    problems, measured = [], 0
    for page in PAGES:
        found = page_visits(page, "phone").explorer_text
        measured += len(found)
        problems += [
            f"{page}: {item['plot'] or 'controls'}: {item['text']!r} at {item['px']:.1f} px"
            for item in found
            if item["px"] < SMALLEST_TEXT_PX
        ]
    assert measured, "no explorer text measured on any page"
    assert not problems, _lines(
        f"explorer text smaller than {SMALLEST_TEXT_PX:g} px at 390 px", problems
    )


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", text))


def _looks_like_a_path(text: str) -> bool:
    return bool(re.search(r"[/\\]|\.(png|jpe?g|svg|gif|webp)\b", text, re.IGNORECASE))


@per_page
def test_every_figure_has_alt_text(page_visits, page):
    found = page_visits(page, "desktop")
    bad = [
        f"{image['src']}: alt={image['alt']!r}"
        for image in found.images
        if image["alt"] is None or _words(image["alt"]) < 3 or _looks_like_a_path(image["alt"])
    ]
    bad += [
        f"<{figure['tag']} role=img>: aria-label={figure['label']!r}"
        for figure in found.svg_figures
        if _words(figure["label"]) < 3 or _looks_like_a_path(figure["label"])
    ]
    assert not bad, _lines("figures without alt text in words (three or more, not a path)", bad)


@per_page
def test_equations_fit_a_phone(page_visits, page):
    equations = page_visits(page, "phone").equations
    too_wide = [
        f"{eq['id'] or eq['text']}: {eq['mathWidth']:.0f}px in a {eq['boxWidth']}px box"
        for eq in equations
        if eq["mathWidth"] > eq["boxWidth"] + 1
    ]
    covered = [eq["id"] or eq["text"] for eq in equations if eq["overlaps"]]
    assert not too_wide, _lines("display equations wider than their box at 390 px", too_wide)
    assert not covered, _lines("equation numbers overlapping their equation", covered)


@per_page
def test_formulas_are_read_but_not_tab_stops(page_visits, page):
    """MathJax's menu is off the tab order (inTabOrder: false); its MathML stays for readers."""
    formulas = page_visits(page, "desktop").formulas
    assert formulas["tabStops"] == 0, f"{formulas['tabStops']} of {formulas['count']} formulas"
    assert not formulas["unreadable"], _lines(
        "formulas without assistive MathML", formulas["unreadable"]
    )


@pytest.mark.full
@per_page_and_width
@pytest.mark.parametrize("mode", MODES)
def test_no_serious_accessibility_violation(page_visits, page, width, mode):
    violations = page_visits(page, width).axe[mode]
    assert not violations, _lines(
        f"axe-core violations of impact serious or critical ({mode} mode)", violations
    )


# --- the PDF edition ---------------------------------------------------------------------------

# Interface text that must not be printed: button labels, toggle hints, cell toggles. (Not
# when quoted: the introduction tells readers about the “Show code cell source” toggle.)
INTERFACE = re.compile(
    r"(?<![“\"])(Show code cell|Hide code cell|Click to (show|hide)|Copy to clipboard|Toggle|"
    r"Skip to main content|Back to top|Ctrl\+K|Search)",
)


@pytest.fixture(scope="session")
def book_pdf(browser, built_book, tmp_path_factory):
    """The book printed by `make pdf`'s script: (reader, toc pages)."""
    from pypdf import PdfReader

    module = _book_pdf_module()
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    module.build(built_book, out, browser)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    return reader, module.toc_pages()


def _outline(reader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def _chapter_titles(built_book: Path) -> dict[str, str]:
    """Each page's title as its article heading shows it ("4. Gradient checking")."""
    titles = {}
    for page in PAGES:
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        headings = re.findall(r'<h1>(?:<span class="section-number">([^<]*)</span>)?([^<]*)', html)
        assert headings, f"{page}: no heading"
        number, title = max(headings, key=lambda heading: bool(heading[0]))
        titles[page] = number + title.strip()
    return titles


@pytest.mark.full
def test_pdf_outline_has_one_numbered_entry_per_toc_page(book_pdf, built_book):
    reader, pages = book_pdf
    outline = _outline(reader)
    titles = _chapter_titles(built_book)
    assert [title for title, _ in outline] == [titles[page.path] for page in pages]
    starts = [start for _, start in outline]
    assert starts[0] == 0 and starts == sorted(set(starts)), f"outline out of order: {outline}"
    for page, (title, _) in zip(pages, outline, strict=True):
        if page.number is not None:
            assert title.startswith(f"{page.number}. "), f"chapter {page.number} is {title!r}"


@pytest.mark.full
def test_pdf_holds_every_chapter(book_pdf, built_book):
    reader, pages = book_pdf
    assert len(pages) == len(PAGES)
    # Every chapter prints on at least two pages: figures and code take space.
    assert len(reader.pages) >= 2 * len(pages), f"only {len(reader.pages)} pages"
    # Compared without white space (the text extraction may join or split wrapped lines) and
    # with ligatures (ﬀ, ﬁ) spelt out.
    text = "".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    titles = _chapter_titles(built_book).values()
    missing = [t for t in titles if re.sub(r"\s+", "", t) not in text]
    assert not missing, _lines("chapter titles not in the PDF's text", missing)


@pytest.mark.full
@per_page
def test_printed_page_has_no_interface_text(book_pdf, page):
    reader, pages = book_pdf
    starts = [start for _, start in _outline(reader)] + [len(reader.pages)]
    index = [p.path for p in pages].index(page)
    found = []
    for number in range(starts[index], starts[index + 1]):
        for line in reader.pages[number].extract_text().splitlines():
            if INTERFACE.search(line):
                found.append(f"page {number + 1}: {line.strip()[:100]}")
    assert starts[index + 1] > starts[index], f"{page} printed no page"
    assert not found, _lines("interface text in the printed book", found)
