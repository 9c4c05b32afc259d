"""`make pdf`: the book as one PDF, typeset by Chromium from the built HTML book (no LaTeX).

1. Collect. Every page of _toc.yml is opened from _build/html (file://, every other request
   refused) and left to settle: images loaded, MathJax's formulas typeset, the weight explorer
   drawn. Its article is then taken as it renders: ids made unique across the book (prefixed
   with the page's key), links between pages turned into links inside the one document, links
   to images, the wheel and other local files dropped (their text stays), canvases turned into
   images, scripts removed. MathJax's per-page styles are kept.
2. Combine. One page, _build/pdf/book.html: a title page (the title of _config.yml, the
   subtitle, version and date, where the interactive edition lives), the contents, every toc
   page as a chapter that starts a new page with its title as the running head (a named page
   per chapter, book/_static/print.css), and the bibliography at the end, where every citation
   links to.
3. Wrap. With print media at the text width (bookfacts.TEXT_WIDTH_PX), every code or output
   line longer than the text width is broken where the browser wraps it and its continuation
   starts with a visible mark (↪); a block taller than a third of a page may break across pages;
   a figure taller than a page (a long caption under a tall image) has its image shrunk until
   the figure fits on one page, so its caption, and the anchor links land on, stay with it.
4. Print twice. Chromium prints the page once (tagged: a structure tree and /Lang; an outline
   of its headings); the contents' links say on which page each chapter and section landed;
   those numbers are written into the contents and the page is printed again. Page numbers run
   on from the title page (page 1, unnumbered), so a printed number is the PDF's page number.
5. Finish (pypdf). The outline's titles become the book's headings as text (math as readable
   text, "Choosing ϵ: ..."), the metadata gets the title and author, and the dates are the
   commit's (Chromium's time of printing replaced in place), so two builds of one commit are
   the same file, byte for byte.

Each edition prints in its own language (the built pages' <html lang>): the words this script
adds (title page, contents) are bookfacts.PRINT_WORDS', the title the intro's translation, and
a Japanese edition is set in bookfacts.PRINT_FONTS' Japanese font.

    python tools/book_pdf.py          # every edition: _build/pdf/book.pdf, book-ja.pdf
    python tools/book_pdf.py --html _build/html/ja --out _build/pdf/book-ja.pdf
"""

from __future__ import annotations

import argparse
import html as html_escape
import io
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bookfacts import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE_MARGIN_MM,
    PAPER_HEIGHT_MM,
    PDF_FILES,
    PRINT_FONTS,
    PRINT_WORDS,
    ROOT,
    TEXT_WIDTH_PX,
    WEB_EDITIONS,
    BookInfo,
    PrintWords,
    TocPage,
    book_info,
    is_local_url,
    toc_pages,
    translated,
)

# Wait until every image has loaded, MathJax has typeset the page and the explorers are drawn.
_SETTLE = """async () => {
  const images = Array.from(document.images);
  for (const img of images) { img.loading = "eager"; }
  const timeout = (ms) => new Promise((done) => setTimeout(done, ms));
  await Promise.race([timeout(20000), Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => {
      img.addEventListener("load", done); img.addEventListener("error", done);
    })))]);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const start = Date.now();
  const drawing = () => document.querySelector(".rnnlib-explorer:not([data-ready])");
  while (drawing() && Date.now() - start < 20000) {
    await timeout(100);
  }
  await document.fonts.ready;
}"""

# The page's article as it renders, made ready to sit in one document with the others.
# Argument: {key, keys: {page path: key}, root: URL of the html folder}. Returns {html, styles,
# links, headings, dropped} (headings: [level, text] with math as readable text).
_COLLECT = r"""({key, keys, root}) => {
  const article = document.querySelector("article.bd-article");
  // Canvases keep their pixels as images; scripts, heading anchors and print-only theme copies go.
  for (const canvas of article.querySelectorAll("canvas")) {
    const img = document.createElement("img");
    img.src = canvas.toDataURL();
    for (const name of ["class", "style", "width", "height", "aria-label", "role"]) {
      if (canvas.hasAttribute(name)) img.setAttribute(name, canvas.getAttribute(name));
    }
    img.alt = canvas.getAttribute("aria-label") || "";
    canvas.replaceWith(img);
  }
  article.querySelectorAll("script, a.headerlink, .onlyprint, noscript").forEach((e) => e.remove());
  // On paper every solution is open: no buttons (toggles, copy), nothing folded by togglebutton.
  article.querySelectorAll("button").forEach((e) => e.remove());
  article.querySelectorAll(".toggle-hidden").forEach((e) => e.classList.remove("toggle-hidden"));

  // Math as readable text (for the outline): MathJax's assistive MathML, subscripts as _x.
  const mathText = (node) => {
    const kids = Array.from(node.children);
    if (!kids.length) return node.textContent;
    const part = (n) => { const t = mathText(n); return t.length > 1 ? `{${t}}` : t; };
    if (node.localName === "msub") return mathText(kids[0]) + "_" + mathText(kids[1]);
    if (node.localName === "msup") return mathText(kids[0]) + "^" + part(kids[1]);
    if (node.localName === "msubsup")
      return mathText(kids[0]) + "_" + part(kids[1]) + "^" + part(kids[2]);
    if (node.localName === "mfrac") return part(kids[0]) + "/" + part(kids[1]);
    return kids.map(mathText).join("");
  };
  const readable = (heading) => {
    const copy = heading.cloneNode(true);
    for (const math of copy.querySelectorAll("mjx-container")) {
      const mml = math.querySelector("mjx-assistive-mml math");
      math.replaceWith(document.createTextNode(mml ? mathText(mml) : math.textContent));
    }
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  const headings = [];
  for (const h of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const text = readable(h);
    h.setAttribute("data-title", text);
    headings.push([Number(h.localName[1]), text]);
  }

  // Unique ids across the book, and every reference to one follows.
  const ids = new Map();
  for (const el of article.querySelectorAll("[id]")) {
    ids.set(el.id, `${key}--${el.id}`);
    el.id = `${key}--${el.id}`;
  }
  const mapRef = (value) => value.split(/\s+/).map((v) => ids.get(v) || v).join(" ");
  for (const el of article.querySelectorAll("*")) {
    for (const name of ["for", "headers", "aria-labelledby", "aria-describedby", "aria-controls",
                        "aria-owns", "aria-activedescendant"]) {
      if (el.hasAttribute(name)) el.setAttribute(name, mapRef(el.getAttribute(name)));
    }
    for (const attr of Array.from(el.attributes)) {
      if (attr.value.includes("url(#")) {
        el.setAttribute(attr.name, attr.value.replace(/url\(#([^)]+)\)/g,
          (m, id) => `url(#${ids.get(id) || id})`));
      }
    }
    if (el.namespaceURI === "http://www.w3.org/2000/svg") {
      for (const name of ["href", "xlink:href"]) {
        const v = el.getAttribute(name);
        const id = v && v.startsWith("#") ? v.slice(1) : null;
        if (ids.has(id)) el.setAttribute(name, "#" + ids.get(id));
      }
    }
  }

  // Links: within the book -> #key--id (or #key: the page's top); to the web -> as they are;
  // to a local file (an image, the wheel, a source) -> dropped, their text kept.
  const dropped = [];
  const unwrap = (a) => { a.replaceWith(...a.childNodes); };
  for (const a of Array.from(article.querySelectorAll("a[href]"))) {
    const raw = a.getAttribute("href");
    const url = new URL(raw, location.href);
    if (!url.protocol.startsWith("file")) { a.setAttribute("href", url.href); continue; }
    const path = url.pathname.startsWith(root) ? url.pathname.slice(root.length) : null;
    const page = path && path.endsWith(".html") ? keys[path.slice(0, -5)] : undefined;
    if (page === undefined) { dropped.push(raw); unwrap(a); continue; }
    const fragment = decodeURIComponent(url.hash.slice(1));
    a.setAttribute("href", "#" + (fragment ? `${page}--${fragment}` : page));
  }
  // Images and other resources: absolute file URLs (the combined page lives elsewhere).
  for (const img of article.querySelectorAll("img[src]")) img.setAttribute("src", img.src);
  for (const el of article.querySelectorAll("[srcset]")) el.removeAttribute("srcset");

  const styles = Array.from(document.querySelectorAll("head style, body > style"))
    .map((s) => s.textContent);
  const links = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.href);
  const htmlAttributes = Object.fromEntries(
    Array.from(document.documentElement.attributes).map((a) => [a.name, a.value]));
  return {html: article.innerHTML, styles, links, headings, dropped, htmlAttributes};
}"""

# In the combined page, printed media at the text width: break every code or output line that
# wraps where the browser wraps it and mark the continuation; fit every figure on one page; let
# tall blocks break.
_WRAP = r"""({pageHeight}) => {
  const blocks = Array.from(document.querySelectorAll("pre"));
  let marks = 0;
  for (const pre of blocks) {
    for (let round = 0; round < 50; round++) {
      // The first place where the line continues below without a newline.
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let previousTop = null, previousChar = "\n", found = null;
      while (!found && walker.nextNode()) {
        const node = walker.currentNode;
        // A mark starts a new line (it begins with a newline): measure from the next character.
        if (node.parentElement.closest(".wrap-mark")) {
          previousChar = "\n"; previousTop = null; continue;
        }
        const text = node.textContent;
        for (let i = 0; i < text.length; i++) {
          if (text[i] === "\n") { previousChar = "\n"; previousTop = null; continue; }
          range.setStart(node, i); range.setEnd(node, i + 1);
          const rects = range.getClientRects();
          if (!rects.length) continue;
          const top = rects[rects.length - 1].top;
          if (previousTop !== null && top > previousTop + 2 && previousChar !== "\n") {
            found = {node, i}; break;
          }
          previousTop = top; previousChar = text[i];
        }
      }
      if (!found) break;
      const rest = found.node.splitText(found.i);
      const mark = document.createElement("span");
      mark.className = "wrap-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "\n↪ ";
      rest.parentNode.insertBefore(mark, rest);
      marks++;
    }
  }
  // A figure whose image and caption together are taller than a page would break between
  // them, its anchor (the figure's top) on one page and its caption on the next: shrink its
  // images, keeping their proportions, until the whole figure fits on one page.
  let fitted = 0;
  for (const figure of document.querySelectorAll("figure")) {
    const excess = figure.getBoundingClientRect().height - 0.98 * pageHeight;
    const images = Array.from(figure.querySelectorAll("img"));
    if (excess <= 0 || !images.length) continue;
    const imagesHeight = images.reduce((sum, img) => sum + img.getBoundingClientRect().height, 0);
    const scale = Math.max(0.3, 1 - excess / imagesHeight);
    for (const img of images) {
      const box = img.getBoundingClientRect();
      img.style.setProperty("width", `${box.width * scale}px`, "important");
      img.style.setProperty("height", `${box.height * scale}px`, "important");
    }
    fitted++;
  }
  let tall = 0;
  for (const block of document.querySelectorAll(
      "div.cell_input, div.cell_output, div.highlight, pre, table, .admonition")) {
    if (block.getBoundingClientRect().height > pageHeight / 3) {
      // It, and every box around it that would keep it whole (the theme's code wrappers).
      for (let e = block; e && e.localName !== "section"; e = e.parentElement) {
        if (e === block || getComputedStyle(e).breakInside === "avoid") {
          e.classList.add("may-break");
        }
      }
      tall++;
    }
  }
  return {marks, tall, fitted};
}"""


@dataclass
class Collected:
    """One toc page as collected: its key, article HTML, headings, and what it needs."""

    page: TocPage
    key: str
    html: str
    headings: list[tuple[int, str]]
    styles: list[str]
    links: list[str]
    dropped: list[str]
    html_attributes: dict[str, str]


def page_key(path: str) -> str:
    """The id prefix of a toc page in the combined document ("book/03_bptt" -> "p-03_bptt")."""
    return "p-" + path.rsplit("/", 1)[-1]


def collect(context, html: Path, pages: list[TocPage]) -> list[Collected]:
    """Every toc page's article, settled and made ready to join the others (step 1)."""
    root = html.resolve().as_uri().removeprefix("file://") + "/"
    keys = {page.path: page_key(page.path) for page in pages}
    tab = context.new_page()
    collected = []
    for page in pages:
        source = html / f"{page.path}.html"
        if not source.is_file():
            raise SystemExit(f"{source} is missing: run `make book` first")
        tab.goto(source.resolve().as_uri(), wait_until="load")
        tab.evaluate(_SETTLE)
        got = tab.evaluate(_COLLECT, {"key": keys[page.path], "keys": keys, "root": root})
        collected.append(Collected(
            page, keys[page.path], got["html"], [tuple(h) for h in got["headings"]],
            got["styles"], got["links"], got["dropped"], got["htmlAttributes"],
        ))
    tab.close()
    return collected


def _text(value: str) -> str:
    return html_escape.escape(value, quote=True)


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


BIBLIOGRAPHY_KEY = "p-references"


def _move_bibliography(chapters: list[Collected]) -> str | None:
    """Take the bibliography's section out of its page; return it as the book's last chapter."""
    import re

    for chapter in chapters:
        match = re.search(
            r'<section\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>\s*<h2[^>]*>'
            r'(?:<span class="section-number">[^<]*</span>)?(?P<title>[^<]*)</h2>\s*'
            r'<div class="docutils container"[^>]*>\s*'
            r'<div role="list" class="citation-list">', chapter.html)
        if not match:
            continue
        start = match.start()
        depth, position = 0, start
        for tag in re.finditer(r"<(/?)section\b", chapter.html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = start + tag.end() + len(">")
                break
        section = chapter.html[start:position]
        chapter.html = chapter.html[:start] + chapter.html[position:]
        title = match.group("title").strip()
        chapter.headings = [h for h in chapter.headings if not h[1].endswith(title)]
        body = section[section.index("</h2>") + len("</h2>"):-len("</section>")]
        # Links to the old section id keep working: the new chapter carries it.
        return (
            f'<section class="book-chapter" id="{BIBLIOGRAPHY_KEY}" data-run="references">'
            f'<section id="{match.group("id")}"><h1 data-title="{_text(title)}">{_text(title)}'
            f"</h1>{body}</section></section>"
        ), title
    return None


def contents_entries(chapters: list[Collected]) -> list[tuple[str, str, int, str | None]]:
    """(target id, title, level 1 or 2, part caption) for each chapter and section."""
    import re

    entries = []
    for chapter in chapters:
        sections = re.finditer(
            r'<section\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>\s*(?:<span id="[^"]*"></span>\s*)*'
            r'<h(?P<level>[12])\b[^>]*data-title="(?P<title>[^"]*)"',
            chapter.html,
        )
        for number, section in enumerate(sections):
            level = int(section.group("level"))
            target = chapter.key if number == 0 and level == 1 else section.group("id")
            entries.append((target, html_escape.unescape(section.group("title")), level,
                            chapter.page.part))
    return entries


def language(chapters: list[Collected]) -> str:
    """The edition's language: the built pages' <html lang> ("en", "ja")."""
    return chapters[0].html_attributes.get("lang", "en").split("-")[0]


def _font_style(lang: str) -> list[str]:
    """The edition's own font first, where the book's fonts have no glyphs for its script."""
    font = PRINT_FONTS.get(lang)
    if font is None:
        return []
    return [
        ":root { "
        f"--pst-font-family-base: {_css_string(font)}, var(--pst-font-family-base-system); "
        f"--pst-font-family-heading: {_css_string(font)}, var(--pst-font-family-base-system); "
        "--pst-font-family-monospace: var(--pst-font-family-monospace-system), "
        f"{_css_string(font)}; }}\n"
        f"html, body {{ font-family: {_css_string(font)}, var(--pst-font-family-base-system); }}"
    ]


def combined_page(chapters: list[Collected], info: BookInfo, numbers: list[str] | None,
                  words: PrintWords = PRINT_WORDS["en"]) -> str:
    """The whole book as one HTML page (step 2); `numbers`: the contents' page numbers (None:
    placeholders of the same width); `words`: what the printed book adds, in its language."""
    chapters = [Collected(**vars(c)) for c in chapters]
    bibliography = _move_bibliography(chapters)
    entries = contents_entries(chapters)
    if bibliography:
        entries.append((BIBLIOGRAPHY_KEY, bibliography[1], 1, None))
    if numbers is None:
        numbers = ["000"] * len(entries)

    links, styles = [], []
    for chapter in chapters:
        for link in chapter.links:
            if link not in links:
                links.append(link)
        for style in chapter.styles:
            if style not in styles:
                styles.append(style)
    attributes = dict(chapters[0].html_attributes)
    attributes["lang"] = attributes.get("lang", "en")
    lang = language(chapters)
    attributes["class"] = (attributes.get("class", "") + " book-print").strip()
    attributes["data-theme"] = attributes["data-mode"] = "light"

    running = []
    for index, chapter in enumerate(chapters):
        title = next((t for level, t in chapter.headings if level == 1), "")
        running.append(
            f"@page run-{index} {{ @top-center {{ content: {_css_string(title)}; "
            "font-size: 8.5pt; color: #444; font-family: var(--pst-font-family-base); } }\n"
            f'section.book-chapter[data-run="{index}"] {{ page: run-{index}; }}'
        )
    if bibliography:
        running.append(
            f"@page run-references {{ @top-center {{ content: {_css_string(bibliography[1])}; "
            "font-size: 8.5pt; color: #444; } }\n"
            'section.book-chapter[data-run="references"] { page: run-references; }'
        )

    toc, part = [], None
    root = chapters[0].page.path
    for (target, title, level, caption), number in zip(entries, numbers, strict=True):
        if level == 1 and caption != part and caption is not None:
            # a part's caption (_toc.yml), as the root page's catalogue translates it
            shown = caption if lang == "en" else translated(lang, root, caption)
            toc.append(f'<li class="toc-part">{_text(shown)}</li>')
        if level == 1:
            part = caption
        kind = "toc-chapter" if level == 1 else "toc-section"
        toc.append(
            f'<li class="{kind}"><a href="#{target}"><span class="toc-title">{_text(title)}</span>'
            f'<span class="toc-leader"></span><span class="toc-page">{number}</span></a></li>'
        )

    head = "\n".join(
        [f'<meta charset="utf-8"><title>{_text(info.title)}</title>',
         f'<meta name="author" content="{_text(info.author)}">']
        + [f'<link rel="stylesheet" href="{_text(link)}">' for link in links]
        + [f"<style>{style}</style>" for style in styles]
        + ["<style>\n" + "\n".join(running + _font_style(attributes["lang"])) + "\n</style>"]
    )
    version = words.version.format(version=info.version, date=info.date)
    note = words.edition_note.format(how=words.how_to_open)
    cover = (
        f'<section class="book-cover" aria-label="{_text(words.title_page)}">'
        f"<h1>{_text(info.title)}</h1>"
        f'<p class="book-subtitle">{_text(words.subtitle)}</p>'
        f'<p class="book-byline">{_text(info.author)}</p>'
        f'<p class="book-byline">{_text(version)}</p>'
        f'<p class="book-edition">{_text(note)}</p>'
        "</section>"
    )
    contents = (
        '<nav class="book-contents" aria-labelledby="book-contents-title">'
        f'<h1 id="book-contents-title" data-title="{_text(words.contents)}">'
        f"{_text(words.contents)}</h1>"
        f"<ol>{''.join(toc)}</ol></nav>"
    )
    body = [cover, contents]
    for index, chapter in enumerate(chapters):
        body.append(
            f'<section class="book-chapter" id="{chapter.key}" data-run="{index}">'
            f"{chapter.html}</section>"
        )
    if bibliography:
        body.append(bibliography[0])
    attrs = " ".join(f'{name}="{_text(value)}"' for name, value in attributes.items())
    return (
        f"<!DOCTYPE html>\n<html {attrs}>\n<head>\n{head}\n</head>\n"
        '<body><main class="bd-main"><article class="bd-article" role="main">\n'
        + "\n".join(body)
        + "\n</article></main></body></html>\n"
    )


def _pdf(tab) -> bytes:
    return tab.pdf(
        prefer_css_page_size=True,
        print_background=True,
        outline=True,
        tagged=True,
    )


def _open_combined(tab, path: Path) -> dict:
    """Load the combined page with print media at the text width and wrap its code (step 3)."""
    tab.set_viewport_size({"width": int(TEXT_WIDTH_PX), "height": 1000})
    tab.emulate_media(media="print")
    tab.goto(path.resolve().as_uri(), wait_until="load")
    tab.evaluate(_SETTLE)
    # Every declared font face loaded now (icon fonts are otherwise requested too late).
    tab.evaluate("() => Promise.all([...document.fonts].map((f) => f.load().catch(() => 0)))")
    page_height = (PAPER_HEIGHT_MM - PAGE_MARGIN_MM["top"] - PAGE_MARGIN_MM["bottom"]) * 96 / 25.4
    return tab.evaluate(_WRAP, {"pageHeight": page_height})


def link_targets(data: bytes, count: int) -> list[int]:
    """The 0-based target pages of the first `count` internal links after the title page, in
    reading order: the contents' entries."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    index = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    named = {name.removeprefix("/"): dest for name, dest in reader.named_destinations.items()}
    targets = []
    for page in reader.pages[1:]:
        annots = []
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                dest = annot["/A"].get("/D")
            if dest is None:
                continue
            if isinstance(dest, str):  # Chromium names its destinations after the ids
                target = reader.get_destination_page_number(named[dest.removeprefix("/")])
            else:
                target = index[dest[0].idnum]
            rect = [float(v) for v in annot["/Rect"]]
            annots.append((-rect[3], rect[0], target))
        for _, _, target in sorted(annots):
            targets.append(target)
            if len(targets) == count:
                return targets
    raise RuntimeError(f"the contents hold {len(targets)} links, expected {count}")


def finish(data: bytes, headings: list[tuple[int, str, bool]], info: BookInfo, out: Path,
           words: PrintWords = PRINT_WORDS["en"]) -> dict:
    """Titles in the outline, metadata and dates (step 5); returns counts for the report."""
    import datetime
    import re

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    # Chromium stamps the time of printing; the commit's date instead, in place (same length,
    # so the cross-reference table stays right), makes two builds byte for byte the same.
    stamp = datetime.date.fromisoformat(info.date).strftime("D:%Y%m%d000000+00'00'").encode()
    data = re.sub(
        rb"/(CreationDate|ModDate) \((D:[^)]*)\)",
        lambda m: m.group(0).replace(m.group(2), stamp) if len(m.group(2)) == len(stamp)
        else m.group(0),
        data,
        count=2,
    )
    reader = PdfReader(io.BytesIO(data))
    chromium = _flatten(reader, reader.outline, 0)
    wanted = [(title, cover) for _, title, cover in headings]
    if len(chromium) != len(wanted):
        raise RuntimeError(
            f"Chromium's outline has {len(chromium)} entries, the book {len(wanted)} headings: "
            f"{[t for _, t, *_ in chromium][:8]} vs {[t for _, t in wanted][:8]}"
        )
    # Incremental: Chromium's compressed objects stay as they are; only the changes are appended.
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]
    parents: list = []
    for (depth, _, page, top), (title, cover) in zip(chromium, wanted, strict=True):
        if depth > 2 or cover:  # chapters, sections, subsections; the title page has none
            continue
        parent = parents[depth - 1] if depth > 0 else None
        item = writer.add_outline_item(title=title, page_number=page, parent=parent,
                                       fit=Fit.xyz(left=0, top=top, zoom=None))
        parents[depth:] = [item]
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({
        "/Title": info.title, "/Author": info.author, "/Subject": words.subtitle,
        "/CreationDate": stamp.decode(), "/ModDate": stamp.decode(),
    })
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stream:
        writer.write(stream)
    return {"pages": len(writer.pages)}


def _flatten(reader, items, depth: int) -> list[tuple[int, str, int, float]]:
    """Chromium's outline as (depth, title, page, top) in order."""
    flat = []
    for item in items:
        if isinstance(item, list):
            flat.extend(_flatten(reader, item, depth + 1))
            continue
        top = item.get("/Top")
        flat.append((depth, item.title, reader.get_destination_page_number(item),
                     float(top) if top is not None else 0.0))
    return flat


def build(html: Path, out: Path, browser=None) -> dict:
    """Print the book in `html` into the PDF `out`; returns {pages, marks, tall, dropped, ...}."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                return build(html, out, browser)
            finally:
                browser.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.route(lambda url: not is_local_url(url), lambda r: r.abort())
        chapters = collect(context, html, toc_pages())
        lang = language(chapters)
        info, words = book_info(lang), PRINT_WORDS.get(lang, PRINT_WORDS["en"])
        combined = out.with_suffix(".html")
        combined.parent.mkdir(parents=True, exist_ok=True)
        tab = context.new_page()

        combined.write_text(combined_page(chapters, info, None, words), encoding="utf-8")
        wrapped = _open_combined(tab, combined)
        headings = _headings(tab)
        first = _pdf(tab)
        count = tab.evaluate("() => document.querySelectorAll('.book-contents a').length")
        numbers = [str(n + 1) for n in link_targets(first, count)]

        combined.write_text(combined_page(chapters, info, numbers, words), encoding="utf-8")
        _open_combined(tab, combined)
        final = _pdf(tab)
        landed = [str(n + 1) for n in link_targets(final, count)]
        if landed != numbers:
            raise RuntimeError("the contents' page numbers moved between the two prints")
        tab.close()
    finally:
        context.close()
    result = finish(final, headings, info, out, words)
    result["language"] = lang
    result.update(wrapped)
    result["dropped"] = sorted({d for chapter in chapters for d in chapter.dropped})
    return result


def _headings(tab) -> list[tuple[int, str, bool]]:
    """The visible headings of the combined page in order: (level, title, on the title page)."""
    found = tab.evaluate("""() => Array.from(document.querySelectorAll(
        "h1, h2, h3, h4, h5, h6")).filter((h) => h.getClientRects().length)
        .map((h) => [Number(h.localName[1]), h.getAttribute("data-title") || h.textContent,
                     Boolean(h.closest(".book-cover"))])""")
    return [(level, title, cover) for level, title, cover in found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="one built book to print (default: every "
                        "edition, _build/html and _build/html/ja)")
    parser.add_argument("--out", type=Path, help="the PDF of --html")
    args = parser.parse_args(argv)
    if args.html is None:
        jobs = [(ROOT / "_build" / "html" / WEB_EDITIONS[language][0],
                 ROOT / "_build" / "pdf" / name) for language, name in PDF_FILES.items()]
    else:
        jobs = [(args.html, args.out or ROOT / "_build" / "pdf" / "book.pdf")]
    # pypdf warns that Chromium's trailer undercounts its objects; harmless, and not news.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    for html, out in jobs:
        start = time.monotonic()
        result = build(html, out)
        size = out.stat().st_size / 1e6
        images = [link for link in result["dropped"] if "/_images/" in link]
        others = [link for link in result["dropped"] if link not in images]
        print(
            f"{out} ({result['language']}): {result['pages']} pages, {size:.1f} MB, "
            f"{result['marks']} wrapped code lines, figures shrunk to fit a page: "
            f"{result['fitted']}, {time.monotonic() - start:.0f} s; local links left out: "
            f"{len(images)} to figure images, {json.dumps(others)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
