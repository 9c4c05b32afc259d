"""One visit per page and width, shared by every test that reads the built book in a browser.

Each page of the toc, in each edition (the Japanese pages are "ja/book/..."), is opened from
disk (file://, every other request refused) at desktop (1280 px) and phone (390 px) width, once
per test session: `tests/test_static_book.py` reads
what a visit recorded on the way in (console errors, requests, images, formulas, links, the
page's width), `tests/test_reading.py` what it found with every solution and hidden cell opened
(figures, equations, the explorer's text) and, in the full run, axe-core's verdict in light and
dark mode. In the full run (or with BOOK_SCREENSHOTS=1) a screenshot of each page at each width
lands in `_build/screenshots/` (book_03_bptt-phone.png; the Japanese edition's
ja-book_03_bptt-phone.png).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bookfacts import DEFAULT_LANGUAGE, WAIT_FOR_IMAGES, edition_of, is_local_url

SCREENSHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
MODES = ("light", "dark")


def axe_modes(page: str) -> tuple[str, ...]:
    """The colour modes axe-core checks a page in: both for the English pages; light only for a
    translated edition's, whose colours are the English pages' own (same theme and stylesheets:
    what dark mode could break there, the English pages' dark run finds)."""
    return MODES if edition_of(page)[0] == DEFAULT_LANGUAGE else MODES[:1]


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
    # the links to the page's twins in the other editions (book/_ext/translation.py)
    language_switch: list[dict] = field(default_factory=list)
    # with every solution and hidden cell opened
    images: list[dict] = field(default_factory=list)
    explorer_text: list[dict] = field(default_factory=list)
    svg_figures: list[dict] = field(default_factory=list)
    equations: list[dict] = field(default_factory=list)
    formulas: dict = field(default_factory=dict)
    axe: dict = field(default_factory=dict)  # mode -> serious or critical violations (full run)


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


# The header's links to the other editions: label, target, and whether a reader sees it (laid
# out, inside the viewport, not covered at its centre).
LANGUAGE_SWITCH = """() => Array.from(document.querySelectorAll("a.language-switch")).map((a) => {
  const box = a.getBoundingClientRect();
  const inside = box.width > 0 && box.height > 0 && box.left >= 0 &&
                 box.right <= window.innerWidth && box.top >= 0;
  const top = inside ? document.elementFromPoint(box.left + box.width / 2,
                                                 box.top + box.height / 2) : null;
  return {text: a.textContent.trim(), href: a.href, lang: a.getAttribute("lang"),
          visible: inside && getComputedStyle(a).visibility === "visible" &&
                   Boolean(top && (top === a || a.contains(top)))};
})"""


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

# preload: false: axe would otherwise fetch every stylesheet with XMLHttpRequest (for its
# orientation-lock rule), which a page opened from file:// refuses, and the visit records those
# refusals as console errors and failed requests.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


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


def _lines(title: str, items: list[str]) -> str:
    """A failure message: a title, then one item a line."""
    return f"{title}:\n  " + "\n  ".join(items)


def visit(browser, built_book: Path, page: str, width: str, *, axe=None,
          screenshot: bool = False) -> Visit:
    """Open ``page`` at ``width`` ("desktop" or "phone") and record everything the tests read;
    with ``axe`` (an axe_playwright_python Axe), run it in light and dark mode too; with
    ``screenshot``, save a full-page screenshot in SCREENSHOTS."""
    path = built_book / f"{page}.html"
    if not path.is_file():
        raise FileNotFoundError(f"{page}.html missing from {built_book}")
    # At phone width: a fixed 390 px layout viewport (is_mobile would widen it to fit).
    options = {"has_touch": True} if width == "phone" else {}
    context, tab, record = _open(browser, WIDTHS[width], path.as_uri(), **options)
    try:
        record.bad_images = tab.evaluate(WAIT_FOR_IMAGES)
        record.math = tab.evaluate(WAIT_FOR_MATH)
        record.links = tab.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        record.language_switch = tab.evaluate(LANGUAGE_SWITCH)
        if width == "phone":
            record.too_wide = tab.evaluate(TOO_WIDE)
        record.scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        record.inner_width = tab.evaluate("window.innerWidth")
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            language, source_page = edition_of(page)
            prefix = "" if language == DEFAULT_LANGUAGE else f"{language}-"
            name = f"{prefix}{source_page.replace('/', '_')}-{width}.png"
            tab.screenshot(path=SCREENSHOTS / name, full_page=True)
        tab.evaluate(REVEAL)
        tab.wait_for_function(WAIT_FOR_EXPLORER, timeout=30_000)
        record.images = tab.evaluate(IMAGES)
        record.explorer_text = tab.evaluate(EXPLORER_TEXT)
        record.svg_figures = tab.evaluate(SVG_FIGURES)
        record.equations = tab.evaluate(EQUATIONS)
        record.formulas = tab.evaluate(FORMULA_ACCESS)
        for mode in axe_modes(page) if axe is not None else ():
            _set_mode(tab, mode)
            violations = axe.run(tab, options=AXE_OPTIONS).response["violations"]
            record.axe[mode] = [
                f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:120]}"
                for v in violations if v["impact"] in ("serious", "critical")
            ]
    finally:
        context.close()
    return record
