"""The two editions of the book, page against page (the built HTML, no browser).

`make book` builds the English edition into _build/html and the Japanese one, from the same
notebooks and the catalogues in locales/ja, into _build/html/ja with the same page paths
(tools/bookfacts.py: WEB_EDITIONS). These tests read both:

- every page of each edition links to its twin in the other (a visible, labelled link and
  `<link rel="alternate" hreflang>` for each edition plus x-default), and says its language
  (`<html lang>`);
- the twins show the same figure, equation, exercise and section numbers, the same code cells
  and the same outputs, and every glued number of the English page (glue, in translated prose
  too: book/_ext/translation.py);
- the Japanese pages are Japanese: no run of four or more Latin-alphabet words in the prose
  (outside code, outputs, math and the bibliography; ALLOWED_ENGLISH for names), no English alt
  text, and no English label in the theme's chrome. The first two fail until the translators
  have finished the catalogues, and say which strings are still English.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bookfacts import DEFAULT_LANGUAGE, WEB_EDITIONS, edition_page, page_paths

PAGES = page_paths()
TRANSLATED = [language for language in WEB_EDITIONS if language != DEFAULT_LANGUAGE]
# The pages of every edition that is not the source (one row per page, so a failure names it).
per_translated_page = pytest.mark.parametrize(
    ("language", "page"), [(lang, page) for lang in TRANSLATED for page in PAGES])
# Every page of every edition, including the Sphinx pages beside the toc (index, search).
EVERY_PAGE = [*PAGES, "search", "genindex"]
per_page_of_each_edition = pytest.mark.parametrize(
    ("language", "page"), [(lang, page) for lang in WEB_EDITIONS for page in EVERY_PAGE])

#: English a Japanese page may hold in its prose: names of works and things, quoted as they are.
ALLOWED_ENGLISH = (
    "Dive into Deep Learning",
)

#: Latin-letter text the Japanese chrome (outside the article) may show: the switch to the
#: English edition, keyboard keys, file types, and names.
ALLOWED_CHROME = {"English", "Ctrl", "K", ".ipynb", ".md", ".pdf", "rnnlib", "RNN", "NumPy"}


@cache
def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _page(built_book: Path, language: str, page: str):
    path = built_book / f"{edition_page(page, language)}.html"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(built_book)} is missing: run `make book` (both editions)",
                    pytrace=False)
    return path, _soup(path)


def _target(page_path: Path, href: str) -> Path:
    return (page_path.parent / unquote(urlsplit(href).path)).resolve()


def _lines(title: str, items) -> str:
    return f"{title}:\n  " + "\n  ".join(str(item) for item in items)


# --- twins -------------------------------------------------------------------------------------


@per_page_of_each_edition
def test_page_says_its_language_and_links_its_twins(built_book, language, page):
    path, soup = _page(built_book, language, page)
    assert soup.html.get("lang") == language, f"<html lang={soup.html.get('lang')!r}>"
    alternates = {link.get("hreflang"): link.get("href")
                  for link in soup.find_all("link", rel="alternate")}
    expected = {**{lang: edition_page(page, lang) for lang in WEB_EDITIONS},
                "x-default": edition_page(page, DEFAULT_LANGUAGE)}
    problems = []
    for lang, twin in expected.items():
        if lang not in alternates:
            problems.append(f'no <link rel="alternate" hreflang="{lang}">')
        elif _target(path, alternates[lang]) != (built_book / f"{twin}.html").resolve():
            problems.append(f"hreflang={lang} links {alternates[lang]}, not {twin}.html")
    switches = soup.select("a.language-switch")
    others = [lang for lang in WEB_EDITIONS if lang != language]
    for lang in others:
        found = [a for a in switches if a.get("hreflang") == lang]
        if not found:
            problems.append(f"no visible link to the {lang} edition (a.language-switch)")
            continue
        link = found[0]
        if link.get_text(strip=True) != WEB_EDITIONS[lang][1]:
            problems.append(f"the link to {lang} reads {link.get_text(strip=True)!r}, "
                            f"not {WEB_EDITIONS[lang][1]!r}")
        if link.get("lang") != lang:
            problems.append(f"the link to {lang} has lang={link.get('lang')!r}")
        if _target(path, link["href"]) != (built_book / f"{edition_page(page, lang)}.html"
                                           ).resolve():
            problems.append(f"the link to {lang} goes to {link['href']}")
    assert not problems, _lines(f"{edition_page(page, language)}.html", problems)


# --- the same book -----------------------------------------------------------------------------


def _numbers(soup) -> dict[str, list]:
    """What the page numbers: sections, figures and tables (caption numbers outside exercises),
    equations and exercises, as (anchor, number) pairs where the anchor is a label."""

    def number(text: str) -> str:
        found = re.search(r"\d+(?:\.\d+)*", text)
        return found.group(0) if found else text.strip()

    article = soup.select_one("article") or soup
    figures = []
    for caption in article.select("figure .caption-number, table .caption-number"):
        holder = caption.find_parent(["figure", "table"])
        figures.append((holder.get("id", ""), number(caption.get_text())))
    return {
        "sections": [number(s.get_text()) for s in article.select("span.section-number")],
        "figures": figures,
        "equations": [(eq.find_parent("div").get("id", ""), number(eq.get_text()))
                      for eq in article.select("span.eqno")],
        "exercises": [(ex.get("id", ""), number(ex.select_one(".caption-number").get_text()))
                      for ex in article.select("div.exercise") if ex.select_one(".caption-number")],
    }


@per_translated_page
def test_same_numbers_in_both_editions(built_book, language, page):
    _, english = _page(built_book, DEFAULT_LANGUAGE, page)
    _, translated = _page(built_book, language, page)
    ours, theirs = _numbers(english), _numbers(translated)
    different = [f"{kind}: English {ours[kind]}\n    {language}: {theirs[kind]}"
                 for kind in ours if ours[kind] != theirs[kind]]
    assert not different, _lines(f"{page}: numbered differently", different)


#: A number as an output prints it: 500, -0.4825, 7.711e+71, 1e-03.
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _cells(soup) -> list[dict]:
    """Each code cell's input and outputs as the reader sees them, without what is translated:
    figure captions and alt text, and the words of Markdown outputs (tables of results built in
    code, rendered as the prose is, so their headings are translated): of those, only the
    numbers and the math are compared."""
    found = []
    for cell in soup.select("div.cell"):
        source = cell.select_one("div.cell_input pre")
        outputs = []
        for output in cell.select("div.cell_output"):
            for caption in output.select("figcaption"):
                caption.extract()
            printed = [element.extract().get_text() for element in
                       output.select("pre, div.text_html")]
            images = [img.get("src") for img in output.select("img")]
            math = [element.extract().get_text() for element in output.select(".math")]
            outputs.append({"printed": printed, "images": images, "math": math,
                            "numbers": NUMBER.findall(output.get_text(" "))})
        found.append({"input": source.get_text() if source else "", "outputs": outputs})
    return found


@per_translated_page
def test_same_code_and_outputs_in_both_editions(built_book, language, page):
    from bs4 import BeautifulSoup

    # parsed afresh: _cells removes the captions
    english = BeautifulSoup(_page(built_book, DEFAULT_LANGUAGE, page)[0].read_text("utf-8"),
                            "html.parser")
    translated = BeautifulSoup(_page(built_book, language, page)[0].read_text("utf-8"),
                               "html.parser")
    ours, theirs = _cells(english), _cells(translated)
    assert len(ours) == len(theirs), (
        f"{len(ours)} code cells in English, {len(theirs)} in {language}")
    different = [f"cell {i + 1}: {ours[i]['input'][:60]!r}" for i in range(len(ours))
                 if ours[i] != theirs[i]]
    assert not different, _lines(f"{page}: cells whose code or output differ", different)


@per_translated_page
def test_every_glued_number_is_on_the_translated_page(built_book, language, page):
    """A number glued into the English prose appears in the translated prose too (a glue role
    in a translated paragraph rendered empty before book/_ext/translation.py)."""
    _, english = _page(built_book, DEFAULT_LANGUAGE, page)
    _, translated = _page(built_book, language, page)
    ours = Counter(s.get_text() for s in english.select("article .pasted-text"))
    theirs = Counter(s.get_text() for s in translated.select("article .pasted-text"))
    missing = sorted(set(ours) - set(theirs))
    assert not missing, _lines(f"{page}: glued values missing from the {language} page", missing)
    assert sum(theirs.values()) >= len(ours)


# --- the Japanese pages are Japanese -----------------------------------------------------------

#: Four or more Latin-alphabet words in a row (spaces, commas, hyphens and apostrophes between).
ENGLISH_RUN = re.compile(
    r"[A-Za-z][A-Za-z'’-]*(?:[ \t\n\u00a0]*[,;:]?[ \t\n\u00a0]+[A-Za-z][A-Za-z'’-]*){3,}")
#: What is not prose: code, outputs, math, the bibliography, citations' own text.
NOT_PROSE = ("pre, code, div.cell_output, .math, div.citation-list, div.bibliography, "
             ".rnnlib-explorer, script, style, a.headerlink")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def english_runs(text: str) -> list[str]:
    """The runs of four or more Latin-alphabet words in ``text``, names of ALLOWED_ENGLISH
    left out."""
    for name in ALLOWED_ENGLISH:
        text = text.replace(name, " ")
    return [re.sub(r"\s+", " ", run) for run in ENGLISH_RUN.findall(text)]


#: The blocks of prose a run is reported with (innermost: a list item holding paragraphs is
#: reported by its paragraphs).
BLOCKS = "p, li, dt, dd, th, td, h1, h2, h3, h4, h5, h6, figcaption, summary"


def _prose_blocks(soup) -> list[str]:
    """The article's prose, block by block, without code, outputs, math and bibliography."""
    article = soup.select_one("article")
    if article is None:
        return []
    for element in article.select(NOT_PROSE):
        element.replace_with(" ")
    blocks = []
    for block in article.select(BLOCKS):
        if block.select_one(BLOCKS) is None:
            blocks.append(re.sub(r"\s+", " ", block.get_text(" ")).strip())
    return blocks


@pytest.mark.parametrize("page", PAGES)
def test_japanese_prose_has_no_english_sentences(built_book, page):
    from bs4 import BeautifulSoup

    path, _ = _page(built_book, "ja", page)
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")  # _prose changes it
    english = [f"{', '.join(repr(run) for run in runs)}\n      in: {block[:100]}"
               for block in _prose_blocks(soup) if (runs := english_runs(block))]
    assert not english, _lines(f"ja/{page}: {len(english)} blocks of prose with four or more "
                               "English words in a row (untranslated strings of its catalogue)",
                               english)


@pytest.mark.parametrize("page", PAGES)
def test_japanese_alt_text_is_japanese(built_book, page):
    _, soup = _page(built_book, "ja", page)
    english = []
    for image in soup.select("article img"):
        alt = image.get("alt") or ""
        if not JAPANESE.search(alt) or english_runs(alt):
            english.append(f"{image.get('src')}: {alt[:100]!r}")
    for figure in soup.select("article [role=img][aria-label]"):
        label = figure["aria-label"]
        if not JAPANESE.search(label) or english_runs(label):
            english.append(f"<{figure.name} role=img>: {label[:100]!r}")
    assert not english, _lines(f"ja/{page}: figures whose alt text is English", english)


#: Links that show a page's or section's title (the pages' catalogues translate those).
TITLES = "a.reference.internal, a.nav-link, .prev-next-title"


@cache
def _page_catalogue_strings(language: str) -> frozenset[str]:
    """Every msgid of the pages' catalogues (the translators' strings: titles, captions, ...)."""
    import polib

    folder = Path(__file__).resolve().parent.parent / "locales" / language / "LC_MESSAGES"
    return frozenset(entry.msgid for path in sorted(folder.glob("book/*.po"))
                     for entry in polib.pofile(str(path)))


def _is_english_label(text: str) -> bool:
    text = re.sub(r"^\d+(?:\.\d+)*\.\s*", "", text.strip())  # a section number
    return (bool(re.search(r"[A-Za-z]", text)) and not JAPANESE.search(text)
            and text not in ALLOWED_CHROME and text not in _page_catalogue_strings("ja"))


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_japanese_chrome_has_no_english_labels(built_book, page):
    """Outside the article (header, sidebars, footer, buttons, tooltips), every text and label
    a reader sees or hears is Japanese, apart from ALLOWED_CHROME. Page and section titles and
    part captions are left to the test of the prose (they are the pages' catalogues' strings,
    checked on their own pages)."""
    from bs4 import BeautifulSoup, Comment

    path, _ = _page(built_book, "ja", page)
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    for element in soup.select(f"article, script, style, noscript, {TITLES}"):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    english = set()
    for text in soup.body.find_all(string=True):
        if _is_english_label(text):
            english.add(f"text: {text.strip()[:80]!r}")
    for element in soup.body.find_all(True):
        for attribute in ("title", "aria-label", "placeholder", "data-bs-title", "alt"):
            value = element.get(attribute)
            if value and _is_english_label(value):
                english.add(f"{attribute}: {value[:80]!r}")
    assert not english, _lines(f"ja/{page}: English in the theme's labels "
                               "(add it to locales/ja/LC_MESSAGES/sphinx.po)", sorted(english))


def test_english_run_rule():
    """The rule the two tests above apply, on examples."""
    assert english_runs("勾配爆発（exploding gradients）を防ぎます。") == []
    assert english_runs("ここでは the gradient of the cost を使います。") == [
        "the gradient of the cost"]
    assert english_runs("Rprop、RMSprop、Adam と NumPy") == []
    assert english_runs("『Dive into Deep Learning』の章") == []
    assert english_runs("one, two, three, four") == ["one, two, three, four"]


def test_every_twin_exists(built_book):
    """Both editions have every page of the toc (the same page paths)."""
    missing = [edition_page(page, lang) for lang in WEB_EDITIONS for page in PAGES
               if not (built_book / f"{edition_page(page, lang)}.html").is_file()]
    assert not missing, _lines("pages missing from an edition (run `make book`)", missing)


def test_edition_paths():
    """An edition's page path and back (tools/bookfacts.py)."""
    from bookfacts import edition_of

    for language in WEB_EDITIONS:
        for page in PAGES:
            assert edition_of(edition_page(page, language)) == (language, page)
    assert edition_page("book/01_data", "ja") == "ja/book/01_data"
    assert edition_page("book/01_data", DEFAULT_LANGUAGE) == "book/01_data"
