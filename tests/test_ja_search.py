"""Search in Japanese, offline: the Japanese book's search page splits a query into the words
the index holds (book/_ext/ja_search.py, book/_ext/ja_splitter.js).

- The splitter the page ships equals the one Sphinx indexed the pages with
  (sphinx.search.ja.DefaultSplitter, and the index's words: its words and the bigrams of the
  Japanese script), word for word, and splits a query as ja_search.query_words does, on
  Japanese sentences of every kind of script and on every translated string of the
  catalogues: run in Chromium, from the built page's own language_data.js. Every word a query
  is looked up by is a word the index holds for a text that contains the query.
- Searching the Japanese book from disk (file://, every other request refused) for the terms
  the Japanese book uses finds every page whose translation uses them. The terms are the
  established ones (JA_TERMS); the catalogues are being translated, so a term counts once
  some page's translation uses it, and at least MIN_TERMS of them must.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib
from bookfacts import is_local_url, page_paths

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locales" / "ja" / "LC_MESSAGES"

#: Terms a Japanese reader searches for (the translators' glossary: ゼロから作るDeep Learning ❷).
JA_TERMS = ["勾配", "誤差逆伝播法", "学習率", "勾配消失", "勾配爆発", "重み", "状態", "損失関数",
            "系列", "順伝播", "最適化手法", "練習問題"]
MIN_TERMS = 6

#: Sentences of every kind the splitter tells apart: kanji, hiragana, katakana (full and half
#: width), Latin letters and digits (both widths), kanji numerals, punctuation, white space.
SENTENCES = [
    "リカレントニューラルネットワーク（RNN）は、系列の各ステップで状態を更新します。",
    "通時的誤差逆伝播法（BPTT）で勾配を計算し、有限差分と比べて確かめます。",
    "学習率が大きすぎると勾配爆発が起き、小さすぎると学習が進みません。",
    "重み w_rec が 1 より小さいとき、勾配消失が起こります。",
    "Rprop は勾配の符号だけを使う最適化手法です。",
    "損失関数の値は 0.0063 まで下がりました。",
    "ｶﾀｶﾅとＡＢＣと１２３と全角の文字も、半角の abc 123 も分けます。",
    "第三章では二〇二六年に百二十の例を使いました。",
    "「コスト曲面」には崖があり、鞍点もあります……",
    "  前後に空白のある文  ",
    "改行を\n含む\t文",
    "",
]


def translations() -> dict[str, list[str]]:
    """page path ("book/03_bptt") -> the translated strings of its catalogue (fuzzy left out)."""
    found = {}
    for page in page_paths():
        path = CATALOGUES / f"{page}.po"
        if path.exists():
            found[page] = [entry.msgstr for entry in polib.pofile(str(path))
                           if entry.msgstr and not entry.fuzzy and not entry.obsolete]
    return found


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda request_url: not is_local_url(request_url), lambda r: r.abort())
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(url, wait_until="load")
    return context, tab, errors


def _ja_search():
    """book/_ext/ja_search.py, the extension that writes the page's splitter."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import ja_search
    finally:
        sys.path.pop(0)
    return ja_search


def test_the_query_splitter_is_the_index_splitter(browser, built_book_ja):
    from sphinx.search.ja import DefaultSplitter

    ja_search = _ja_search()
    sentences = SENTENCES + [text for texts in translations().values() for text in texts]
    context, tab, errors = _open(browser, (built_book_ja / "search.html").as_uri())
    try:
        split = tab.evaluate("""(texts) => texts.map((t) => [
            bookJaSplitter(t), bookJaIndexWords(t), splitQuery(t)])""", sentences)
    finally:
        context.close()
    assert not errors, errors
    python = DefaultSplitter({})
    index = ja_search.BookSplitter({})
    differ = []
    for text, (words, indexed, query) in zip(sentences, split, strict=True):
        for what, mine, theirs in (("DefaultSplitter", words, python.split(text)),
                                   ("the index's words", indexed, index.split(text)),
                                   ("the query's words", query, ja_search.query_words(text))):
            if mine != theirs:
                differ.append(f"{what} of {text!r}:\n    Python     {theirs}\n"
                              f"    JavaScript {mine}")
    assert not differ, "the page splits differently from the build:\n" + "\n".join(differ[:10])
    # the query's words are words the index holds wherever the query's text occurs
    for text in sentences:
        indexed = set(index.split(text))
        for part in text.split():
            missing = set(ja_search.query_words(part)) - indexed
            assert not missing, f"{part!r} in {text!r}: {missing} not indexed"


def _search(browser, book: Path, query: str) -> tuple[list[str], list[str]]:
    """The pages (paths without suffix) the search page lists for ``query``, and errors."""
    from urllib.parse import quote

    context, tab, errors = _open(browser, (book / "search.html").as_uri() + "?q=" + quote(query))
    try:
        # Done: the heading says "Search Results" (Sphinx's Japanese summary line is empty).
        tab.wait_for_function(
            "() => document.querySelector('#search-results h2')?.innerText"
            " === Documentation.gettext('Search Results') && Search._pulse_status === -1",
            timeout=20_000)
        hrefs = tab.eval_on_selector_all("#search-results ul.search li > a",
                                         "links => links.map((a) => a.href)")
    finally:
        context.close()
    root = book.resolve().as_uri() + "/"
    pages = []
    for href in hrefs:
        path = re.sub(r"\.html([?#].*)?$", "", href.removeprefix(root))
        if path not in pages:
            pages.append(path)
    return pages, errors


def test_japanese_search_finds_the_chapters_that_use_a_term(browser, built_book_ja):
    texts = translations()
    used = {term: [page for page, strings in texts.items() if any(term in s for s in strings)]
            for term in JA_TERMS}
    used = {term: pages for term, pages in used.items() if pages}
    assert len(used) >= MIN_TERMS, (
        f"only {len(used)} of the terms {JA_TERMS} are used by the catalogues yet: {used}")
    missed = []
    for term, pages in used.items():
        found, errors = _search(browser, built_book_ja, term)
        assert not errors, f"{term}: {errors}"
        if not found or set(pages) - set(found):
            missed.append(f"{term}: used in {pages}, found {found}")
    assert not missed, "searches that miss a page:\n  " + "\n  ".join(missed)
