"""Search in Japanese, offline: the page splits the query into words as the index was split.

Sphinx indexes Japanese pages with ``sphinx.search.ja.DefaultSplitter`` (a TinySegmenter port
in Python), but ships no splitter for the query: the search page splits a query at white
space and punctuation only, so a Japanese query of several words is one term the index never
holds, and finds nothing (sphinx-doc/sphinx#13395). This extension registers Sphinx's Japanese
search language again with ``js_splitter_code`` set: ``ja_splitter.js`` (the same algorithm,
line for line, in JavaScript) with the splitter's character classes and score tables written
into it from the Python class at build time, so the two cannot disagree. Sphinx puts it into
the Japanese book's ``_static/language_data.js`` as the ``splitQuery`` its searchtools.js
calls. The English book is not touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.search.ja import DefaultSplitter, SearchJapanese

SPLITTER_JS = Path(__file__).with_name("ja_splitter.js")


def splitter_model() -> dict[str, Any]:
    """DefaultSplitter's character classes (in order) and score tables, as JSON-ready data."""
    tables = {name.removesuffix("__"): value for name, value in vars(DefaultSplitter).items()
              if name.endswith("__") and not name.startswith("__") and isinstance(value, dict)}
    patterns = [[pattern.pattern, value] for pattern, value in DefaultSplitter.patterns_.items()]
    return {"bias": DefaultSplitter.BIAS__, "patterns": patterns, "tables": tables}


def splitter_code() -> str:
    """The JavaScript that defines ``splitQuery`` for the Japanese search page."""
    model = json.dumps(splitter_model(), ensure_ascii=False, sort_keys=True)
    return f"const BOOK_JA_MODEL = {model};\n" + SPLITTER_JS.read_text(encoding="utf-8")


class BookSearchJapanese(SearchJapanese):
    """Sphinx's Japanese search language, with the query splitter the page needs."""

    js_splitter_code = splitter_code()

    def init(self, options: dict[str, str]) -> None:
        splitter = options.get("type", "sphinx.search.ja.DefaultSplitter")
        if splitter != "sphinx.search.ja.DefaultSplitter":
            raise ExtensionError(f"ja_search: the page's splitter repeats DefaultSplitter, but "
                                 f"html_search_options asks for {splitter!r}")
        super().init(options)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(BookSearchJapanese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
