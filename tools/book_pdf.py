"""`make pdf`: the whole book as one PDF, printed from the built HTML book by Chromium.

Each page of _toc.yml is opened from _build/html (file://, every other request refused), its
figures and formulas are waited for, and it is printed with the book's print stylesheet
(book/_static/static_book.css, `@media print`); pypdf then joins the pages in toc order and adds
an outline (bookmarks): one entry per toc page, numbered as the toc numbers the chapters. No
LaTeX: the same Chromium the browser tests use does the typesetting, so the PDF shows what the
HTML book shows (MathJax formulas, retina figures).

    python tools/book_pdf.py [--html _build/html] [--out _build/pdf/book.pdf]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from bookfacts import CHROMIUM, CHROMIUM_ARGS, ROOT, TocPage, is_local_url, toc_pages

# Wait until every image has loaded and MathJax has typeset the page.
_SETTLE = """async () => {
  const images = Array.from(document.images);
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
}"""

# The page's title as the article's heading numbers it ("4. Gradient checking"), also put in
# the heading the theme prints at the top of the page (which is unnumbered).
_TITLE = """() => {
  const heading = document.querySelector("article.bd-article h1");
  const printed = document.querySelector("#jb-print-docs-body h1");
  if (!heading) return document.title;
  const title = heading.textContent.replace(/#$/, "").trim();
  if (printed) printed.textContent = title;
  return title;
}"""


def print_pages(html: Path, pages: list[TocPage], browser=None) -> list[tuple[str, bytes]]:
    """Each page printed to PDF by headless Chromium: (title, PDF bytes), in toc order.

    `browser`: a Playwright Chromium browser to use (the tests pass theirs); by default one is
    launched for the purpose.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                return print_pages(html, pages, browser)
            finally:
                browser.close()

    printed = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.route(lambda url: not is_local_url(url), lambda r: r.abort())
        tab = context.new_page()
        for page in pages:
            source = html / f"{page.path}.html"
            if not source.is_file():
                raise SystemExit(f"{source} is missing: run `make book` first")
            tab.emulate_media(media="screen")
            tab.goto(source.as_uri(), wait_until="load")
            tab.evaluate(_SETTLE)
            title = tab.evaluate(_TITLE)
            tab.emulate_media(media="print")
            data = tab.pdf(
                format="A4",
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                print_background=True,
                outline=True,  # the page's headings, nested in the book's outline below
                tagged=True,  # an accessible (tagged) PDF: headings, lists, figures' alt
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
                    f"{_escape(title)} · <span class=pageNumber></span></div>"
                ),
            )
            printed.append((title, data))
    finally:
        context.close()
    return printed


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sections(reader, items, writer, parent, offset: int) -> None:
    """Copy a printed page's outline (its headings) under `parent`, pages shifted by `offset`."""
    previous = None
    for item in items:
        if isinstance(item, list):
            if previous is not None:
                _sections(reader, item, writer, previous, offset)
            continue
        page = reader.get_destination_page_number(item)
        previous = writer.add_outline_item(
            title=item.title, page_number=offset + page, parent=parent
        )


def merge(printed: list[tuple[str, bytes]], out: Path, title: str) -> int:
    """Join the printed pages into `out`, one outline entry per page with its sections below
    it; returns the page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name, data in printed:
        start = len(writer.pages)
        reader = PdfReader(io.BytesIO(data))
        writer.append(reader, import_outline=False)
        chapter = writer.add_outline_item(title=name, page_number=start)
        headings = list(reader.outline)
        # Chromium's outline starts with the page's title (h1) and nests its sections under it.
        if len(headings) == 2 and isinstance(headings[1], list):
            headings = headings[1]
        _sections(reader, headings, writer, chapter, start)
    writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stream:
        writer.write(stream)
    return len(writer.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    count = build(args.html, args.out)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {count} pages, {len(toc_pages())} toc pages, {size:.1f} MB")
    return 0


def build(html: Path, out: Path, browser=None) -> int:
    """Print the book in `html` into the PDF `out`; returns its page count."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return merge(print_pages(html, toc_pages(), browser), out, config.get("title", "Book"))


if __name__ == "__main__":
    sys.exit(main())
