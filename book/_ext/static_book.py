"""Small fixes that keep the static book clean offline and reproducible (a local Sphinx extension).

- Sphinx 7.4 writes an inline script twice when an extension adds it after the builder starts
  (it is registered once as filename None and once as ""): sphinx-thebe's `const THEBE_JS_URL`
  then throws "Identifier has already been declared" on every page. Drop the exact duplicates.
- myst-parser labels each numbered amsmath environment (`\\begin{align}` written straight in
  Markdown) with a random uuid4, so its id changed on every build. Label them by page and
  position instead, so two builds give the same HTML.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _drop_duplicate_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = (
            script.filename or "",
            script.priority,
            tuple(sorted(script.attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def _deterministic_amsmath_labels() -> None:
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    def label(self: SphinxRenderer) -> str:
        count = self.document.get("static_book_amsmath", 0) + 1
        self.document["static_book_amsmath"] = count
        return f"{self.sphinx_env.docname}-amsmath-{count}"

    SphinxRenderer._random_label = label  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_duplicate_scripts)
    _deterministic_amsmath_labels()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
