"""Reading the book on a phone, with a screen reader, and on paper (browser tests).

Every page of the toc, in each edition, is opened from disk at phone (390 px) and desktop
(1280 px) width, with
every solution and hidden cell opened, so that what a reader can reveal is checked too:

- every figure keeps its natural aspect ratio (within 2 %);
- at phone width the weight explorer's text (SVG text, as drawn) is at least 8 CSS px (the
  chapters' PNG figures keep to the same by contract: tests/test_figure_style.py);
- every figure says in words what it shows (alt text, or aria-label on an SVG figure);
- at phone width every display equation fits its box and no equation number overlaps it;
- axe-core (the copy packaged in axe-playwright-python: nothing is fetched) finds no serious
  or critical violation, in light and in dark mode (full run only).

The printed book (`make pdf`) is read by tests/test_pdf.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book_pages import _lines, axe_modes
from bookfacts import edition_of
from test_static_book import EDITION_PAGE_WIDTHS, EDITION_PAGES

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


# No text in a figure smaller than this, in CSS px, at phone width (issue 12).
SMALLEST_TEXT_PX = 8.0


per_page = pytest.mark.parametrize("page", EDITION_PAGES)
per_page_and_width = pytest.mark.parametrize(("page", "width"), EDITION_PAGE_WIDTHS)


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
    for page in EDITION_PAGES:
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
    """Words in ``text``: Latin-alphabet words, and for Japanese (written without spaces) one
    word per two kana or kanji."""
    japanese = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff]", text))
    latin = re.sub(r"[\u3040-\u30ff\u3400-\u9fff]", " ", text)
    return len(re.findall(r"[^\W\d_]{2,}", latin)) + japanese // 2


def _looks_like_a_path(text: str) -> bool:
    return bool(re.search(r"[/\\]|\.(png|jpe?g|svg|gif|webp)\b", text, re.IGNORECASE))


@per_page
def test_every_figure_has_alt_text(page_visits, page):
    found = page_visits(page, "phone")
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


@pytest.mark.parametrize("page", [p for p in EDITION_PAGES if edition_of(p)[0] == "ja"])
def test_japanese_figures_drawn_in_the_page_are_described_in_japanese(page_visits, page):
    """The figures the page draws itself (the weight explorer's SVG plots) carry a Japanese
    description on Japanese pages, as the PNG figures' alt text does (tests/test_editions.py)."""
    from test_editions import JAPANESE, english_runs

    english = [f"<{figure['tag']} role=img>: {figure['label'][:100]!r}"
               for figure in page_visits(page, "phone").svg_figures
               if not JAPANESE.search(figure["label"]) or english_runs(figure["label"])]
    assert not english, _lines(f"{page}: figures described in English", english)


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
    formulas = page_visits(page, "phone").formulas
    assert formulas["tabStops"] == 0, f"{formulas['tabStops']} of {formulas['count']} formulas"
    assert not formulas["unreadable"], _lines(
        "formulas without assistive MathML", formulas["unreadable"]
    )


@pytest.mark.full
@pytest.mark.parametrize(("page", "width", "mode"), [
    (*param.values, mode) for param in EDITION_PAGE_WIDTHS for mode in axe_modes(param.values[0])
])
def test_no_serious_accessibility_violation(page_visits, page, width, mode):
    violations = page_visits(page, width).axe[mode]
    assert not violations, _lines(
        f"axe-core violations of impact serious or critical ({mode} mode)", violations
    )
