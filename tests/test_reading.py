"""Reading the book on a phone, with a screen reader, and on paper (browser tests).

Every page of the toc is opened from disk at phone (390 px) and desktop (1280 px) width, with
every solution and hidden cell opened, so that what a reader can reveal is checked too:

- every figure keeps its natural aspect ratio (within 2 %);
- at phone width no figure's text renders smaller than 8 CSS px: neither the chapters' PNG
  figures (the size of their smallest text, which `make execute` stamps into each PNG, scaled by
  the image's rendered width) nor the weight explorer's plots (SVG text, as drawn);
- every figure says in words what it shows (alt text, or aria-label on an SVG figure);
- at phone width every display equation fits its box and no equation number overlaps it;
- axe-core (the copy packaged in axe-playwright-python: nothing is fetched) finds no serious
  or critical violation, in light and in dark mode.

The printed book (`make pdf`) is read by tests/test_pdf.py.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from test_static_book import DESKTOP, PAGES, PHONE, WAIT_FOR_IMAGES, WAIT_FOR_MATH, _lines, _open

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
MODES = ("light", "dark")

pytestmark = pytest.mark.browser


# Open every solution (sphinx-togglebutton) and every hidden cell (<details>), as a reader does,
# then give the theme's debounced handlers (300 ms) time to run.
REVEAL = """async () => {
  document.querySelectorAll("button.toggle-button.toggle-button-hidden")
    .forEach((button) => button.click());
  document.querySelectorAll("details:not([open]) > summary").forEach((s) => s.click());
  await new Promise((done) => setTimeout(done, 600));
}"""

IMAGES = """() => Array.from(document.querySelectorAll("article img")).map((img) => {
  const box = img.getBoundingClientRect();
  const caption = img.closest("figure")?.querySelector("figcaption")?.textContent || "";
  return {src: img.getAttribute("src"), alt: img.getAttribute("alt"),
          natural: img.naturalWidth / img.naturalHeight, width: box.width, height: box.height,
          naturalWidth: img.naturalWidth, caption: caption.replace(/\\s+/g, " ").trim()};
})"""

# Every piece of text the weight explorer shows (its plots' SVG text, labels, readouts), with the
# size it is drawn at in CSS px: the computed font size, times the SVG's scale for SVG text
# (its viewBox is scaled to the column's width). Text hidden from view (display: none, or a
# screen-reader-only box of 1 px) is left out.
EXPLORER_TEXT = """() => {
  const found = [];
  for (const root of document.querySelectorAll(".rnnlib-explorer")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      if (!text || el.closest("script, style, template")) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!el.getClientRects().length || box.width <= 1 || box.height <= 1 ||
          style.visibility !== "visible") continue;
      let px = parseFloat(style.fontSize);
      if (el instanceof SVGElement) {
        const m = el.getScreenCTM();
        px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      }
      const plot = el.closest("svg[data-plot]");
      found.push({text: text.slice(0, 40), px: px, plot: plot ? plot.dataset.plot : ""});
    }
  }
  return found;
}"""

WAIT_FOR_EXPLORER = """() => !document.querySelector(".rnnlib-explorer:not([data-ready])")"""

# No text in a figure smaller than this, in CSS px, at phone width (issue 12).
SMALLEST_TEXT_PX = 8.0
FIGURE_TEXT_KEY = "Smallest text px"  # the PNG text chunk tools/figure_text.py writes

SVG_FIGURES = """() => Array.from(document.querySelectorAll("article [role=img]")).map((el) => ({
  tag: el.tagName.toLowerCase(), label: el.getAttribute("aria-label") || ""}))"""

# Each display formula: the typeset formula's width against its scroll box's, and whether the
# equation number's box meets the formula's.
EQUATIONS = """() => Array.from(document.querySelectorAll('article mjx-container[display="true"]'))
  .map((box) => {
    const math = box.querySelector("mjx-math").getBoundingClientRect();
    const holder = box.closest("div.math");
    const number = holder && holder.querySelector(".eqno");
    const n = number ? number.getBoundingClientRect() : null;
    const overlaps = n !== null && n.width > 0 && n.left < math.right && math.left < n.right &&
                     n.top < math.bottom && math.top < n.bottom;
    return {id: holder ? holder.id : "", text: box.textContent.trim().slice(0, 60),
            mathWidth: math.width, boxWidth: box.clientWidth, overlaps: overlaps};
  })"""

# Formulas that are Tab stops, and formulas without the MathML that screen readers read.
FORMULA_ACCESS = """() => {
  const all = Array.from(document.querySelectorAll("mjx-container"));
  return {
    count: all.length,
    tabStops: all.filter((el) => el.tabIndex >= 0).length,
    unreadable: all.filter((el) => !el.querySelector("mjx-assistive-mml math"))
                   .map((el) => el.textContent.trim().slice(0, 60)),
  };
}"""

AXE_OPTIONS = {"resultTypes": ["violations"]}


def _set_mode(tab, mode: str) -> None:
    """Switch pydata-sphinx-theme's colour mode, as its theme switcher does, and wait until the
    page shows it: the theme fades colours (CSS transitions), and axe must see the end state."""
    tab.evaluate(
        """async (mode) => {
          if (!document.getElementById("no-transitions")) {
            const style = document.createElement("style");
            style.id = "no-transitions";
            style.textContent = "*, *::before, *::after { transition: none !important; }";
            document.head.appendChild(style);
          }
          document.documentElement.dataset.theme = mode;
          document.documentElement.dataset.mode = mode;
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }""",
        mode,
    )


@pytest.fixture(scope="session")
def reading(browser, built_book):
    """Each TOC page at one width, measured once per session (images, equations, axe)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    cache: dict[tuple[str, str], dict] = {}

    def get(page: str, width: str) -> dict:
        if (page, width) in cache:
            return cache[page, width]
        url = (built_book / f"{page}.html").as_uri()
        options = {"has_touch": True} if width == "phone" else {}
        context, tab, _ = _open(browser, WIDTHS[width], url, **options)
        try:
            tab.evaluate(WAIT_FOR_IMAGES)
            tab.evaluate(WAIT_FOR_MATH)
            tab.evaluate(REVEAL)
            tab.wait_for_function(WAIT_FOR_EXPLORER, timeout=30_000)
            result = {
                "images": tab.evaluate(IMAGES),
                "explorer_text": tab.evaluate(EXPLORER_TEXT),
                "svg_figures": tab.evaluate(SVG_FIGURES),
                "equations": tab.evaluate(EQUATIONS),
                "formulas": tab.evaluate(FORMULA_ACCESS),
                "axe": {},
            }
            for mode in MODES:
                _set_mode(tab, mode)
                violations = axe.run(tab, options=AXE_OPTIONS).response["violations"]
                result["axe"][mode] = [
                    f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:120]}"
                    for v in violations
                    if v["impact"] in ("serious", "critical")
                ]
        finally:
            context.close()
        cache[page, width] = result
        return result

    return get


per_page = pytest.mark.parametrize("page", PAGES)
per_page_and_width = pytest.mark.parametrize(("page", "width"), [
    (p, w) for p in PAGES for w in WIDTHS
])


@per_page_and_width
def test_figures_keep_their_aspect_ratio(reading, page, width):
    images = reading(page, width)["images"]
    squashed = []
    for image in images:
        assert image["width"] > 0 and image["height"] > 0, f"{image['src']} is not displayed"
        ratio = image["width"] / image["height"] / image["natural"]
        if abs(ratio - 1) > 0.02:
            squashed.append(f"{image['src']}: {ratio:.3f} of its natural aspect ratio")
    assert not squashed, _lines("figures drawn out of shape", squashed)


def _png_file(built_book: Path, page: str, src: str) -> Path:
    return (built_book / page).parent / urllib.parse.unquote(src)


@per_page
def test_figures_are_legible_on_a_phone(reading, built_book, page):
    """Each figure's smallest text, as a phone shows it: its size in the PNG's pixels (stamped
    by `make execute`) times the image's rendered width over the PNG's width."""
    from PIL import Image

    problems = []
    for image in reading(page, "phone")["images"]:
        name = image["caption"][:70] or image["alt"][:70]
        with Image.open(_png_file(built_book, page, image["src"])) as png:
            stamp, text = png.text.get(FIGURE_TEXT_KEY), png.text.get("Smallest text", "")
            width = png.width
        if stamp is None:
            problems.append(f"{name!r}: no {FIGURE_TEXT_KEY!r} in its PNG (run `make execute`)")
            continue
        assert width == image["naturalWidth"], f"{image['src']}: not the PNG the page shows"
        rendered = float(stamp) * image["width"] / width
        if rendered < SMALLEST_TEXT_PX:
            problems.append(f"{name!r}: {text} renders at {rendered:.1f} px")
    assert not problems, _lines(
        f"figures with text smaller than {SMALLEST_TEXT_PX:g} px at 390 px", problems
    )


def test_explorer_text_is_legible_on_a_phone(reading):
    problems, measured = [], 0
    for page in PAGES:
        found = reading(page, "phone")["explorer_text"]
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
def test_every_figure_has_alt_text(reading, page):
    found = reading(page, "desktop")
    bad = [
        f"{image['src']}: alt={image['alt']!r}"
        for image in found["images"]
        if image["alt"] is None or _words(image["alt"]) < 3 or _looks_like_a_path(image["alt"])
    ]
    bad += [
        f"<{figure['tag']} role=img>: aria-label={figure['label']!r}"
        for figure in found["svg_figures"]
        if _words(figure["label"]) < 3 or _looks_like_a_path(figure["label"])
    ]
    assert not bad, _lines("figures without alt text in words (three or more, not a path)", bad)


@per_page
def test_equations_fit_a_phone(reading, page):
    equations = reading(page, "phone")["equations"]
    too_wide = [
        f"{eq['id'] or eq['text']}: {eq['mathWidth']:.0f}px in a {eq['boxWidth']}px box"
        for eq in equations
        if eq["mathWidth"] > eq["boxWidth"] + 1
    ]
    covered = [eq["id"] or eq["text"] for eq in equations if eq["overlaps"]]
    assert not too_wide, _lines("display equations wider than their box at 390 px", too_wide)
    assert not covered, _lines("equation numbers overlapping their equation", covered)


@per_page
def test_formulas_are_read_but_not_tab_stops(reading, page):
    """MathJax's menu is off the tab order (inTabOrder: false); its MathML stays for readers."""
    formulas = reading(page, "desktop")["formulas"]
    assert formulas["tabStops"] == 0, f"{formulas['tabStops']} of {formulas['count']} formulas"
    assert not formulas["unreadable"], _lines(
        "formulas without assistive MathML", formulas["unreadable"]
    )


@per_page_and_width
@pytest.mark.parametrize("mode", MODES)
def test_no_serious_accessibility_violation(reading, page, width, mode):
    violations = reading(page, width)["axe"][mode]
    assert not violations, _lines(
        f"axe-core violations of impact serious or critical ({mode} mode)", violations
    )
