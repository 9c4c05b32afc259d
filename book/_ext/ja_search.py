"""Search in Japanese, offline: the page splits the query into words the index holds.

Sphinx indexes Japanese pages with ``sphinx.search.ja.DefaultSplitter`` (a TinySegmenter port
in Python), but ships no splitter for the query: the search page splits a query at white
space and punctuation only, so a Japanese query of several words is one term the index never
holds, and finds nothing (sphinx-doc/sphinx#13395).

Splitting the query with the same TinySegmenter is not enough: it decides each boundary from
the characters around it, so a term splits one way typed alone and another inside a sentence
(学習率 alone is one word; in "学習率を" the index holds 学習 and 率を), and the search, which
wants every word of the query, misses the pages where the term was split otherwise. So the
index holds, beside DefaultSplitter's words, every pair of neighbouring characters (bigram) of
each run of Japanese script (``BookSplitter``), and the query's Japanese is looked up by its
bigrams: a page holds all the bigrams of 学習率 wherever it says 学習率, however TinySegmenter
split it there. Likewise the index holds each run of Latin letters, Greek and digits as a word
(TinySegmenter may glue one to the punctuation beside it, "（RNN"), and the query's are looked
up as those words.

The page's splitter is ``ja_splitter.js``: DefaultSplitter line for line in JavaScript, with its
character classes and score tables (and the bigrams' pattern) written into it from the Python
code at build time, so the two cannot disagree; Sphinx puts it into the Japanese book's
``_static/language_data.js`` as the ``splitQuery`` its searchtools.js calls. Nothing is fetched.
The English book is not touched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.search.ja import DefaultSplitter, SearchJapanese

SPLITTER_JS = Path(__file__).with_name("ja_splitter.js")
#: A run of two or more characters of Japanese script: hiragana, katakana (full and half
#: width, the prolonged sound mark), kanji and their iteration marks.
JAPANESE_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                          "\uff66-\uff9f々〆ヵヶ]{2,}")


#: A run of letters (Latin, Greek, full-width Latin) or digits: a word of the other scripts.
OTHER_WORD = re.compile("[0-9A-Za-z_\u00c0-\u024f\u0370-\u03ff\uff10-\uff19\uff21-\uff3a"
                        "\uff41-\uff5a]+")


def bigrams(text: str) -> list[str]:
    """Every pair of neighbouring characters in each run of Japanese script, in order."""
    return [run[i:i + 2] for run in JAPANESE_RUN.findall(text) for i in range(len(run) - 1)]


class BookSplitter(DefaultSplitter):
    """The index's words: DefaultSplitter's, then the bigrams of the Japanese script, then the
    words of the other scripts."""

    def split(self, input: str) -> list[str]:
        return super().split(input) + bigrams(input) + OTHER_WORD.findall(input)


def query_words(query: str) -> list[str]:
    """The words the page looks a query up by (what ja_splitter.js's splitQuery returns): the
    bigrams of its Japanese script and the words of the other scripts, each part between white
    space on its own; only words of two characters or more, as the index keeps them (its
    word_filter)."""
    words = []
    for part in query.split():
        words += bigrams(part) + OTHER_WORD.findall(part)
    return [word for word in words if len(word) > 1]


def splitter_model() -> dict[str, Any]:
    """DefaultSplitter's character classes (in order) and score tables, and the patterns of a
    Japanese run and of another script's word, as JSON-ready data."""
    tables = {name.removesuffix("__"): value for name, value in vars(DefaultSplitter).items()
              if name.endswith("__") and not name.startswith("__") and isinstance(value, dict)}
    patterns = [[pattern.pattern, value] for pattern, value in DefaultSplitter.patterns_.items()]
    return {"bias": DefaultSplitter.BIAS__, "patterns": patterns, "tables": tables,
            "japanese": JAPANESE_RUN.pattern, "other": OTHER_WORD.pattern}


def splitter_code() -> str:
    """The JavaScript that defines ``splitQuery`` for the Japanese search page."""
    model = json.dumps(splitter_model(), ensure_ascii=False, sort_keys=True)
    return f"const BOOK_JA_MODEL = {model};\n" + SPLITTER_JS.read_text(encoding="utf-8")


class BookSearchJapanese(SearchJapanese):
    """Sphinx's Japanese search language: the index with bigrams, the page with a splitter."""

    js_splitter_code = splitter_code()

    def init(self, options: dict[str, str]) -> None:
        splitter = options.get("type", "sphinx.search.ja.DefaultSplitter")
        if splitter != "sphinx.search.ja.DefaultSplitter":
            raise ExtensionError(f"ja_search: the page's splitter repeats DefaultSplitter, but "
                                 f"html_search_options asks for {splitter!r}")
        self.splitter = BookSplitter(options)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(BookSearchJapanese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
