"""The printed book: `make pdf`'s PDF read as a reader and a PDF tool read it (full suite).

The book is printed once per session by `make pdf`'s script (tools/book_pdf.py) with the
session's Chromium, and read with pypdf (structure, outline, links, metadata) and pypdfium2
(the text inside a link's box, in the page margins). It is checked that

- no link points to a local file, every internal link lands on an existing destination, and
  every reference that names its target ("Chapter 3", "Fig. 2.1", "(2.4)", "Exercise 1.2", a
  citation) lands on the page that holds it;
- the PDF is tagged (a structure tree) and says its language, its title and author are the
  book's, its fonts are embedded, and it stays under 8 MB;
- the outline lists the book's headings (chapters, sections, subsections) with their text as
  the HTML book shows it, math as readable text, and the bibliography last;
- page numbers run on from the title page, each chapter's pages carry its title as the running
  head, and the contents list every chapter with the page it starts on;
- no printed page shows interface text (buttons, toggles);
- printed from a browser, the print stylesheet leaves no code, output, table or equation wider
  than its box at A4 text width (measured in Chromium with print media);
- two builds give the same pages, text for text, and the same file, byte for byte.

The Japanese edition (_build/html/ja, printed into book-ja.pdf) is printed once too and read by
every test that depends on the language or the text (links and their words, language, title
and author, fonts and size, no missing glyph, outline, pages, title page and contents, running
heads, interface text, headings): the `edition` fixture runs them on both. What depends only
on the script and the print stylesheet (reproducibility, the stylesheet's widths, blank
pages, wrapped code: the same code in both editions) runs on the English book.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bookfacts import (
    PAGE_MARGIN_MM,
    PRINT_FONTS,
    PRINT_WORDS,
    TEXT_WIDTH_PX,
    PrintWords,
    TocPage,
    book_info,
    toc_pages,
)

ROOT = Path(__file__).resolve().parent.parent
PAGES = toc_pages()
MM = 72 / 25.4  # PDF points per millimetre

pytestmark = [pytest.mark.full, pytest.mark.browser]


def _book_pdf_module():
    path = ROOT / "tools" / "book_pdf.py"
    spec = importlib.util.spec_from_file_location("book_pdf", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _lines(title: str, items: list[str]) -> str:
    return f"{title}:\n  " + "\n  ".join(items)


@dataclass
class Printed:
    """A printed book: its bytes, pypdf and pypdfium2 readers, and what the script reported."""

    data: bytes
    reader: object
    pdfium: object
    result: dict

    def text(self, page: int) -> str:
        return self.reader.pages[page].extract_text()


def _print(browser, html: Path, out: Path) -> Printed:
    import pypdfium2
    from pypdf import PdfReader

    result = _book_pdf_module().build(html, out, browser)
    data = out.read_bytes()
    return Printed(data, PdfReader(io.BytesIO(data)), pypdfium2.PdfDocument(data), result)


@pytest.fixture(scope="session")
def book_pdf(browser, built_book, tmp_path_factory) -> Printed:
    """The book printed by `make pdf`'s script, once per session."""
    return _print(browser, built_book, tmp_path_factory.mktemp("pdf") / "book.pdf")


@pytest.fixture(scope="session")
def book_pdf_ja(browser, built_book_ja, tmp_path_factory) -> Printed:
    """The Japanese edition printed by `make pdf`'s script, once per session."""
    return _print(browser, built_book_ja, tmp_path_factory.mktemp("pdf-ja") / "book-ja.pdf")


#: Per edition: its built book's fixture, its PDF's fixture, the words a reference to a
#: chapter, a figure and an exercise prints ("Chapter 3" / "第3章"), and the PDF's size limit
#: (measured: 7.3 MB in English, 7.9 MB in Japanese when all is translated, 0.34 MB of which
#: are the subsets of its Japanese font).
EDITIONS = {
    "en": ("built_book", "book_pdf", r"Chapter (\d+)", r"(Fig\.|Exercise) (\d+\.\d+)", 8e6),
    "ja": ("built_book_ja", "book_pdf_ja", r"第(\d+)章", r"(図|練習) ?(\d+\.\d+)", 8.5e6),
}


@dataclass
class Edition:
    """One printed edition: its language, PDF, built HTML book, and the words it adds."""

    language: str
    pdf: Printed
    book: Path
    words: PrintWords
    chapter_link: str
    numbered_link: str
    size_limit: float


@pytest.fixture(params=list(EDITIONS))
def edition(request) -> Edition:
    book, pdf, chapter_link, numbered_link, limit = EDITIONS[request.param]
    return Edition(request.param, request.getfixturevalue(pdf), request.getfixturevalue(book),
                   PRINT_WORDS[request.param], chapter_link, numbered_link, limit)


# --- what the book says -------------------------------------------------------------------------

_GREEK = {"epsilon": "ϵ", "varepsilon": "ε", "eta": "η", "xi": "ξ", "mu": "μ", "Delta": "Δ"}


def _tex_text(tex: str) -> str:
    """A heading's inline TeX as readable text, as MathJax's MathML spells it (ϵ, w_rec)."""
    tex = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), tex)
    return re.sub(r"_\{([^}]*)\}", r"_\1", tex).replace(" ", "")


def _headings(html_text: str) -> list[tuple[int, str]]:
    """The page's headings h1-h3 in order, as text (the section number included)."""
    article = html_text[html_text.index('<article class="bd-article">'):]
    article = article[:article.index("</article>")]
    found = []
    for level, inner in re.findall(r"<h([1-3])\b[^>]*>(.*?)</h\1>", article, re.S):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        inner = re.sub(r'<span class="math[^"]*">\\\((.*?)\\\)</span>',
                       lambda m: _tex_text(m.group(1)), inner, flags=re.S)
        text = re.sub(r"<[^>]+>", "", inner)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        found.append((int(level), re.sub(r"\s+", " ", text).strip()))
    return found


def _book_headings(built_book: Path) -> dict[str, list[tuple[int, str]]]:
    return {
        page.path: _headings((built_book / f"{page.path}.html").read_text(encoding="utf-8"))
        for page in PAGES
    }


def _bibliography_heading(built_book: Path) -> tuple[str, str]:
    """(toc path, heading) of the section that holds the book's bibliography: the heading
    just before the first citation list of the built book (the {bibliography} directive)."""
    for page in PAGES:
        html_text = (built_book / f"{page.path}.html").read_text(encoding="utf-8")
        article = html_text[html_text.index('<article class="bd-article">'):]
        article = article[:article.index("</article>")]
        if 'class="citation-list"' not in article:
            continue
        before = _headings(article[:article.index('class="citation-list"')] + "</article>")
        assert before, f"the bibliography in {page.path} has no heading"
        return page.path, before[-1][1]
    raise AssertionError("no bibliography ({bibliography} directive) in the book")


def _unnumbered(heading: str) -> str:
    """A heading without its section number: the bibliography's title as a chapter of its own."""
    return re.sub(r"^[\d.]+\s+", "", heading)


def _outline(printed: Printed) -> list[tuple[int, str, int]]:
    """The PDF's outline, flattened: (depth, title, 0-based page)."""
    flat = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, printed.reader.get_destination_page_number(item)))

    walk(printed.reader.outline, 0)
    return flat


def _chapters(printed: Printed, contents: str = "Contents") -> list[tuple[str, int, int]]:
    """Top-level outline entries after the contents: (title, first page, last page), 0-based."""
    tops = [(title, page) for depth, title, page in _outline(printed) if depth == 0]
    assert tops[0][0] == contents, tops[:3]
    tops = tops[1:]
    ends = [page - 1 for _, page in tops[1:]] + [len(printed.reader.pages) - 1]
    return [(title, start, end) for (title, start), end in zip(tops, ends, strict=True)]


def _margin_text(printed: Printed, page: int, where: str) -> str:
    """The text in a page's top or bottom margin (running head, page number)."""
    height = printed.pdfium[page].get_size()[1]
    text = printed.pdfium[page].get_textpage()
    if where == "top":
        low, high = height - PAGE_MARGIN_MM["top"] * MM, height
    else:
        low, high = 0, PAGE_MARGIN_MM["bottom"] * MM
    # The characters whose box lies in the margin (a tall formula's glyphs may reach into it).
    chars = []
    for index in range(text.count_chars()):
        _, bottom, _, top = text.get_charbox(index)
        if low - 0.5 <= (bottom + top) / 2 <= high + 0.5 and top - bottom < 20:
            chars.append(text.get_text_range(index, 1))
    return "".join(chars).strip()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


# --- links --------------------------------------------------------------------------------------


@dataclass
class Link:
    page: int  # 0-based
    text: str  # the text inside the link's box
    uri: str | None  # an external link's address
    dest: str | None  # an internal link's named destination
    target: int | None  # the page an internal link lands on (None: no such destination)


def _links(printed: Printed) -> list[Link]:
    reader = printed.reader
    named = {name.removeprefix("/"): dest for name, dest in reader.named_destinations.items()}
    index = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    links = []
    for number, page in enumerate(reader.pages):
        text = printed.pdfium[number].get_textpage()
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            left, bottom, right, top = (float(v) for v in annot["/Rect"])
            inside = _normal(text.get_text_bounded(left, bottom, right, top))
            action = annot.get("/A", {})
            dest = annot.get("/Dest", action.get("/D"))
            if action.get("/S") == "/URI":
                links.append(Link(number, inside, str(action["/URI"]), None, None))
            elif isinstance(dest, str):
                name = dest.removeprefix("/")
                target = named.get(name)
                page_number = None if target is None else reader.get_destination_page_number(
                    target)
                links.append(Link(number, inside, None, name, page_number))
            elif dest is not None:
                links.append(Link(number, inside, None, "(explicit)", index.get(dest[0].idnum)))
            else:
                links.append(Link(number, inside, f"(action {action.get('/S')})", None, None))
    return links


def test_no_link_to_a_local_file(edition):
    book_pdf = edition.pdf
    links = _links(book_pdf)
    external = [link for link in links if link.uri is not None]
    bad = [f"page {link.page + 1}: {link.uri}" for link in external
           if not link.uri.startswith(("https://", "http://", "mailto:"))]
    assert not bad, _lines("links that are not to the web", bad)
    assert b"file:" not in book_pdf.data, "a file: URL in the PDF"
    # The script drops local links (figure images, the wheel) instead of printing them.
    assert all(not d.endswith(".html") for d in book_pdf.result["dropped"]), book_pdf.result


def test_every_internal_link_lands_on_its_target(edition):
    book_pdf, built_book = edition.pdf, edition.book
    links = [link for link in _links(book_pdf) if link.uri is None]
    assert len(links) > 300, f"only {len(links)} internal links"
    dead = [f"page {link.page + 1}: {link.text!r} -> {link.dest}" for link in links
            if link.target is None]
    assert not dead, _lines("internal links without a destination", dead)

    printed_chapters = _chapters(book_pdf, edition.words.contents)
    chapters = {title.split(".")[0]: (start, end) for title, start, end in printed_chapters
                if re.match(r"\d+\. ", title)}
    bibliography = _unnumbered(_bibliography_heading(built_book)[1])
    references = next(start for title, start, _ in printed_chapters if title == bibliography)
    wrong, checked = [], 0
    for link in links:
        text = link.text
        target_text = _normal(book_pdf.text(link.target))
        if match := re.fullmatch(edition.chapter_link, text):
            checked += 1
            if link.target != chapters[match.group(1)][0]:
                wrong.append(f"page {link.page + 1}: {text} -> page {link.target + 1}")
        elif match := re.fullmatch(edition.numbered_link, text):
            checked += 1
            if not re.search(re.escape(match.group(1)) + " ?" + re.escape(match.group(2)),
                             target_text):
                wrong.append(f"page {link.page + 1}: {text} -> page {link.target + 1}")
        elif match := re.fullmatch(r"\((\d+\.\d+)\)", text):
            checked += 1
            if f"({match.group(1)})" not in target_text:
                wrong.append(f"page {link.page + 1}: {text} -> page {link.target + 1}")
        elif re.search(r"\b(19|20)\d\d$", text):  # a citation: "Werbos, 1990", "2013"
            checked += 1
            if link.target != references:
                wrong.append(f"page {link.page + 1}: {text} -> page {link.target + 1}")
    assert checked > 150, f"only {checked} references named their target"
    # the edition's chapter references were recognised (its words for "Chapter 3" are right)
    kinds = {re.fullmatch(edition.chapter_link, link.text) is not None for link in links}
    assert True in kinds, f"no link reads like {edition.chapter_link!r}"
    assert not wrong, _lines("references that land on the wrong page", wrong)


# --- the document -------------------------------------------------------------------------------


def test_tagged_with_language_title_and_author(edition):
    book_pdf = edition.pdf
    root = book_pdf.reader.trailer["/Root"]
    assert root.get("/Lang") == edition.language
    assert "/StructTreeRoot" in root, "untagged: no structure tree"
    kids = root["/StructTreeRoot"].get_object()["/K"].get_object()
    assert len(kids if isinstance(kids, list) else [kids]) > 0, "an empty structure tree"
    assert root["/MarkInfo"]["/Marked"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", intro, re.M).group(1).strip()
    assert heading == config["title"], "the intro's heading is not the book's title"
    meta = book_pdf.reader.metadata
    info = book_info(edition.language)
    assert (meta.title, meta.author) == (info.title, info.author)
    if edition.language == "en":
        assert (meta.title, meta.author) == (config["title"], config["author"])
    else:  # the title as the Japanese book's first page shows it
        intro = (edition.book / "book" / "intro.html").read_text(encoding="utf-8")
        assert _headings(intro)[0][1] == meta.title


def _fonts(printed: Printed) -> dict[str, dict]:
    """Every font the pages use, by name (Type3 fonts, drawn by the PDF itself, left out)."""
    fonts = {}
    for page in printed.reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            if font.get("/Subtype") != "/Type3":
                fonts[str(font.get("/BaseFont"))] = font
    return fonts


def test_fonts_embedded_and_size(edition):
    book_pdf = edition.pdf
    missing = set()
    for page in book_pdf.reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # drawn from the PDF's own glyph procedures
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    assert not missing, _lines("fonts not embedded", sorted(missing))
    assert len(book_pdf.data) <= edition.size_limit, f"{len(book_pdf.data) / 1e6:.1f} MB"
    font = PRINT_FONTS.get(edition.language)
    if font is not None:  # the edition's own font, embedded (a subset: "ABCDEF+IPAexGothic")
        names = [name.split("+")[-1] for name in _fonts(book_pdf)]
        assert font.replace(" ", "") in names, names


def _cid_fonts(resources) -> dict[str, bool]:
    """Resource name -> whether the font draws 2-byte glyph ids (a Type0 font, Identity-H)."""
    fonts = resources.get("/Font", {}) if resources else {}
    return {name: font.get_object().get("/Subtype") == "/Type0" for name, font in fonts.items()}


def _notdef_glyphs(content, resources) -> int:
    """How many glyphs a content stream draws with glyph id 0 (.notdef: the box a font draws
    for a character it lacks) from its 2-byte (Type0, Identity-H) fonts, forms included."""
    from pypdf.generic import ContentStream

    cid = _cid_fonts(resources)
    current, count = None, 0
    for operands, operator in ContentStream(content, None).operations:
        if operator == b"Tf":
            current = str(operands[0])
        elif operator in (b"Tj", b"'", b'"', b"TJ") and cid.get(current):
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, (bytes, str)) or hasattr(item, "original_bytes"):
                    data = item.original_bytes if hasattr(item, "original_bytes") else item
                    count += sum(1 for i in range(0, len(data) - 1, 2)
                                 if data[i] == 0 and data[i + 1] == 0)
        elif operator == b"Do" and resources and "/XObject" in resources:
            form = resources["/XObject"].get(str(operands[0]))
            form = form.get_object() if form is not None else None
            if form is not None and form.get("/Subtype") == "/Form":
                count += _notdef_glyphs(form, form.get("/Resources") or resources)
    return count


def test_no_missing_glyphs(edition):
    """No tofu: every character is drawn from a font that has it (a character no installed
    font has is drawn as the primary font's .notdef box, glyph 0, which the text still maps
    to its character)."""
    pages = [f"page {number + 1}: {count}" for number, page in enumerate(edition.pdf.reader.pages)
             if (count := _notdef_glyphs(page.get_contents(), page.get("/Resources")))]
    assert not pages, _lines("glyphs drawn as .notdef (a missing glyph)", pages)


def test_outline_titles_are_the_books_headings(edition):
    book_pdf, built_book = edition.pdf, edition.book
    headings = _book_headings(built_book)
    page, heading = _bibliography_heading(built_book)
    expected = [(0, edition.words.contents)]
    for toc_page in PAGES:
        for level, title in headings[toc_page.path]:
            # The bibliography moves to the end of the printed book, as its last chapter.
            if toc_page.path == page and title == heading:
                continue
            expected.append((level - 1, title))
    expected.append((0, _unnumbered(heading)))
    outline = [(depth, title) for depth, title, _ in _outline(book_pdf)]
    assert outline == expected
    assert len({title for _, title in outline if re.match(r"\d", title)}) == len(
        [t for _, t in outline if re.match(r"\d", t)]), "a numbered title twice"
    # Math reads as text (the headings with math are compared above, as MathJax spells them).
    assert not [t for _, t in outline if re.search(r"[\\$]", t)], "raw TeX in the outline"


def test_outline_has_one_numbered_entry_per_toc_page(edition):
    book_pdf, built_book = edition.pdf, edition.book
    chapters = _chapters(book_pdf, edition.words.contents)
    titles = [title for title, _, _ in chapters]
    expected = [_book_headings(built_book)[page.path][0][1] for page in PAGES]
    expected.append(_unnumbered(_bibliography_heading(built_book)[1]))
    assert titles == expected
    starts = [start for _, start, _ in chapters]
    assert starts == sorted(set(starts)), f"outline out of order: {chapters}"
    for page, title in zip(PAGES, titles, strict=False):
        if page.number is not None:
            assert title.startswith(f"{page.number}. "), f"chapter {page.number} is {title!r}"


def test_holds_every_chapter(edition):
    book_pdf, built_book = edition.pdf, edition.book
    # Compared without white space (the text extraction may join or split wrapped lines) and
    # with ligatures (ﬀ, ﬁ) spelt out.
    text = "".join(page.extract_text() for page in book_pdf.reader.pages)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    titles = [_book_headings(built_book)[page.path][0][1] for page in PAGES]
    missing = [t for t in titles
               if re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)) not in text]
    assert not missing, _lines("chapter titles not in the PDF's text", missing)
    # Every chapter prints on at least two pages: figures and code take space.
    assert len(book_pdf.reader.pages) >= 2 * len(PAGES)


# --- pages --------------------------------------------------------------------------------------


def test_title_page_and_contents(edition):
    book_pdf, words = edition.pdf, edition.words
    info = book_info(edition.language)
    cover = re.sub(r"\s+", "", _normal(book_pdf.text(0)))
    version = words.version.format(version=info.version, date=info.date)
    for fact in (info.title, info.author, words.subtitle, version, info.date,
                 words.edition_note.format(how=words.how_to_open)):
        assert re.sub(r"\s+", "", _normal(fact)) in cover, (
            f"title page without {fact!r}: {cover[:300]}")
    assert _margin_text(book_pdf, 0, "bottom") == "", "a page number on the title page"

    chapters = _chapters(book_pdf, words.contents)
    contents_pages = range(1, chapters[0][1])
    contents = "\n".join(book_pdf.text(page) for page in contents_pages)
    assert re.match(rf"(\d+ )?{re.escape(words.contents)} ?", _normal(contents)), contents[:80]
    lines = [_normal(line) for line in contents.splitlines()]
    for title, start, _ in chapters:
        pattern = re.compile(re.escape(_normal(title)) + r"[ .…]*" + str(start + 1) + "$")
        assert any(pattern.search(line) for line in lines), (
            f"the contents do not list {title!r} on page {start + 1}")


def test_page_numbers_run_on(edition):
    book_pdf = edition.pdf
    wrong = []
    for page in range(1, len(book_pdf.reader.pages)):
        number = _margin_text(book_pdf, page, "bottom")
        if number != str(page + 1):
            wrong.append(f"page {page + 1} is numbered {number!r}")
    assert not wrong, _lines("page numbers", wrong)


def test_chapters_start_on_new_pages_with_running_heads(edition):
    book_pdf = edition.pdf
    wrong = []
    chapters = _chapters(book_pdf, edition.words.contents)
    for title, start, end in chapters:
        first_line = _normal(book_pdf.text(start)).split(" ", 1)
        assert first_line, f"{title}: empty first page"
        for page in range(start, end + 1):
            head = _normal(_margin_text(book_pdf, page, "top"))
            if head != _normal(title):
                wrong.append(f"page {page + 1} ({title}): running head {head!r}")
    assert not wrong, _lines("running heads", wrong)


# Interface text that must not be printed: button labels, toggle hints, cell toggles. (Not
# when quoted: the introduction tells readers about the “Show code cell source” toggle.)
INTERFACE = re.compile(
    r"(?<![“\"])(Show code cell|Hide code cell|Click to (show|hide)|Copy to clipboard|Toggle|"
    r"Skip to main content|Back to top|Ctrl\+K|Search)",
)


def test_printed_pages_have_no_interface_text(edition):
    book_pdf = edition.pdf
    found = []
    for number, page in enumerate(book_pdf.reader.pages):
        for line in page.extract_text().splitlines():
            if INTERFACE.search(line):
                found.append(f"page {number + 1}: {line.strip()[:100]}")
    assert not found, _lines("interface text in the printed book", found)


def test_two_builds_give_the_same_pages(book_pdf, browser, built_book, tmp_path):
    again = _print(browser, built_book, tmp_path / "again.pdf")
    assert len(again.reader.pages) == len(book_pdf.reader.pages)
    differ = [
        f"page {n + 1}" for n in range(len(book_pdf.reader.pages))
        if again.text(n) != book_pdf.text(n)
    ]
    assert not differ, _lines("pages whose text differs between two builds", differ)
    assert again.data == book_pdf.data, "two builds of one commit differ in their bytes"


# --- the print stylesheet, printed from a browser -----------------------------------------------

# Boxes whose content is wider than the box, or that reach past the text width.
OVERFLOW = """(width) => {
  const found = [];
  for (const el of document.querySelectorAll(
      "article pre, article div.cell_output, article div.output, article table, " +
      "article div.math, article mjx-container[display='true']")) {
    if (!el.getClientRects().length) continue;
    const box = el.getBoundingClientRect();
    const over = el.scrollWidth - el.clientWidth;
    if (over > 1 || box.right > width + 1) {
      found.push(`${el.localName}.${el.className}: ${Math.round(box.width)} px, ` +
                 `${over} px more inside, right edge ${Math.round(box.right)} px: ` +
                 el.textContent.trim().slice(0, 60));
    }
  }
  return found;
}"""


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.path)
def test_print_stylesheet_fits_the_text_width(browser, built_book, page: TocPage):
    from bookfacts import WAIT_FOR_IMAGES, is_local_url

    width = int(TEXT_WIDTH_PX)
    context = browser.new_context(viewport={"width": width, "height": 1000})
    try:
        context.route(lambda url: not is_local_url(url), lambda route: route.abort())
        tab = context.new_page()
        tab.emulate_media(media="print")
        tab.goto((built_book / f"{page.path}.html").as_uri(), wait_until="load")
        tab.evaluate(WAIT_FOR_IMAGES)
        tab.evaluate("() => window.MathJax?.startup?.promise")
        found = tab.evaluate(OVERFLOW, width)
    finally:
        context.close()
    assert not found, _lines(f"wider than the text ({width} px) when printed", found)


def _used_height(printed: Printed, page: int) -> float:
    """How far down the text block a page is filled, in points (from its rendered pixels)."""
    import numpy as np

    scale = 0.5
    pixels = np.asarray(printed.pdfium[page].render(scale=scale).to_pil().convert("L"))
    top, bottom = PAGE_MARGIN_MM["top"] * MM * scale, PAGE_MARGIN_MM["bottom"] * MM * scale
    body = pixels[int(top):int(pixels.shape[0] - bottom)]
    rows = np.where((body < 245).any(axis=1))[0]
    return (rows.max() + 1) / scale if len(rows) else 0.0


def test_no_mostly_blank_page_but_before_a_figure(book_pdf):
    """A page in mid-chapter is at most 40 % blank, unless the next page opens with a figure
    (a figure and its caption are kept whole: it did not fit in the space left): an image, or
    a drawing (the weight explorer's plots: many vector paths), in its first quarter."""
    import pypdfium2.raw as pdfium_c

    last_pages = {end for _, _, end in _chapters(book_pdf)}
    first_chapter = _chapters(book_pdf)[0][1]
    wrong = []
    for page in range(first_chapter, len(book_pdf.reader.pages) - 1):
        if page in last_pages:
            continue
        height = book_pdf.pdfium[page].get_size()[1]
        body = height - (PAGE_MARGIN_MM["top"] + PAGE_MARGIN_MM["bottom"]) * MM
        blank = body - _used_height(book_pdf, page)
        if blank <= 0.4 * body:
            continue
        opening = height - PAGE_MARGIN_MM["top"] * MM - body / 4  # the first quarter's foot
        objects = book_pdf.pdfium[page + 1].get_objects(
            filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5)
        images = paths = 0
        for item in objects:
            if item.get_bounds()[3] > opening:
                images += item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
                paths += item.type == pdfium_c.FPDF_PAGEOBJ_PATH
        if not (images or paths >= 20):
            wrong.append(f"page {page + 1}: {100 * blank / body:.0f} % blank")
    assert not wrong, _lines("mostly blank pages in mid-chapter", wrong)


def test_long_code_lines_wrap_with_a_mark(book_pdf):
    assert book_pdf.result["marks"] > 0, "no code line wrapped"
    text = "\n".join(book_pdf.text(page) for page in range(len(book_pdf.reader.pages)))
    marks = [line for line in text.splitlines() if "↪" in line]
    assert len(marks) >= book_pdf.result["marks"], (len(marks), book_pdf.result["marks"])
    assert all(line.lstrip().startswith("↪") for line in marks), marks[:5]


def test_headings_stay_with_what_follows(edition):
    """No heading at a page's foot: at least a heading and two lines of text fit below its top."""
    book_pdf = edition.pdf
    low = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            top = float(item.get("/Top") or 0)
            if top < PAGE_MARGIN_MM["bottom"] * MM + 50:
                page = book_pdf.reader.get_destination_page_number(item)
                low.append(f"page {page + 1}: {item.title} ({top:.0f} pt from the foot)")

    walk(book_pdf.reader.outline)
    assert not low, _lines("headings at a page's foot", low)
