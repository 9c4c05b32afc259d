"""Small fixes that keep the static book clean offline and reproducible (a local Sphinx extension).

- Sphinx 7.4 writes an inline script twice when an extension adds it after the builder starts
  (it is registered once as filename None and once as ""): sphinx-thebe's `const THEBE_JS_URL`
  then throws "Identifier has already been declared" on every page. Drop the exact duplicates.
- sphinx-mathjax-offline copies all of MathJax 3 (24 MB) into _static/mathjax. The pages load
  only the tex-chtml.js bundle and, on demand, components from its subfolders (fonts, TeX
  extensions, menu, accessibility); the other top-level bundles (tex-svg.js, mml-chtml.js, ...)
  are alternative entry points this book never loads. Leave them out (about 14 MB).
- myst-parser labels each numbered amsmath environment (`\\begin{align}` written straight in
  Markdown) with a random uuid4, so its id changed on every build. Label them by page and
  position instead, so two builds give the same HTML.
- The bibliography (sphinxcontrib-bibtex's citations, written by docutils' HTML5 writer) is a
  `<div role="list">` whose entries carry `role="doc-biblioentry"`, a DPUB-ARIA role deprecated
  since DPUB-ARIA 1.1 and not a list item: axe-core reports `aria-required-children` (critical)
  and `aria-deprecated-role`. Make each entry a plain `role="listitem"`.
- pydata-sphinx-theme and sphinx-book-theme ship source maps (*.map, about 3.3 MB) next to their
  minified scripts and styles. Browsers fetch them only for open developer tools; no page loads
  them. Leave them out of the built site.
"""

from __future__ import annotations

import re
from pathlib import Path
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


def _drop_unused_mathjax_bundles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir, "_static", "mathjax")
    entry = Path(app.config.mathjax_path or "").name
    if not (folder / entry).is_file():
        return  # MathJax is not served from the book's own files
    keep = {entry, "core.js", "loader.js", "startup.js"}
    for bundle in folder.glob("*.js"):
        if bundle.name not in keep:
            bundle.unlink()


_BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry">')


def _bibliography_list_items(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and "doc-biblioentry" in body:
        context["body"] = _BIBLIOENTRY.sub(r'\1 role="listitem">', body)


def _drop_source_maps(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for source_map in Path(app.outdir, "_static").rglob("*.map"):
        source_map.unlink()


def _deterministic_amsmath_labels() -> None:
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    def label(self: SphinxRenderer) -> str:
        count = self.document.get("static_book_amsmath", 0) + 1
        self.document["static_book_amsmath"] = count
        return f"{self.sphinx_env.docname}-amsmath-{count}"

    SphinxRenderer._random_label = label  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_duplicate_scripts)
    app.connect("html-page-context", _bibliography_list_items)
    app.connect("build-finished", _drop_source_maps, priority=900)
    # After sphinx-mathjax-offline's own build-finished handler (priority 500) has copied.
    app.connect("build-finished", _drop_unused_mathjax_bundles, priority=900)
    _deterministic_amsmath_labels()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
