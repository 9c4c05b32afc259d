"""Small fixes that keep the static book clean offline and reproducible (a local Sphinx extension).

- Sphinx 7.4 writes an inline script twice when an extension adds it after the builder starts
  (it is registered once as filename None and once as ""): sphinx-thebe's `const THEBE_JS_URL`
  then throws "Identifier has already been declared" on every page. Drop the exact duplicates.
- sphinx-mathjax-offline copies all of MathJax 3 (24 MB) into _static/mathjax. The pages load
  only the tex-chtml.js bundle and, on demand, components from its subfolders (fonts, TeX
  extensions, menu, accessibility); the other top-level bundles (tex-svg.js, mml-chtml.js, ...)
  are alternative entry points this book never loads. Leave them out (about 14 MB).
- pydata-sphinx-theme 0.15 (what an older sphinx-book-theme, 1.1, brings along) preloads
  the FontAwesome fonts with `<link rel="preload" as="font" crossorigin>`. Chromium refuses a
  crossorigin request for a page opened from disk, so every page logged console errors. The
  stylesheet loads the same fonts when an icon needs them; drop the preload links.
- Sphinx appends `?v=<checksum>` to a stylesheet or script link only when the file is already in
  the output folder as the page is written. myst-nb, sphinx-exercise and sphinx-mathjax-offline
  copy theirs at the end of the build, so a build from clean and a rebuild over it linked them
  differently. A book read from disk needs no cache-busting: drop the query everywhere.
- myst-parser labels each numbered amsmath environment (`\\begin{align}` written straight in
  Markdown) with a random uuid4, so its id changed on every build. Label them by page and
  position instead, so two builds give the same HTML.
- A chapter downloaded from the book needs rnnlib. The book ships it as a wheel beside its
  pages (`rnnlib-<version>-py3-none-any.whl` in the html folder, linked from the intro), built
  from pyproject.toml with the standard PEP 517 front end `python -m build`, from a copy of the
  package in a temporary folder (so the checkout gets no build/ or egg-info), without build
  isolation (setuptools is in requirements.txt, so nothing is downloaded), and with
  SOURCE_DATE_EPOCH fixed, so two builds give the same bytes.
- The bibliography (sphinxcontrib-bibtex's citations, written by docutils' HTML5 writer) is a
  `<div role="list">` whose entries carry `role="doc-biblioentry"`, a DPUB-ARIA role deprecated
  since DPUB-ARIA 1.1 and not a list item: axe-core reports `aria-required-children` (critical)
  and `aria-deprecated-role`. Make each entry a plain `role="listitem"`.
- pydata-sphinx-theme and sphinx-book-theme ship source maps (*.map, about 3.3 MB) next to their
  minified scripts and styles. Browsers fetch them only for open developer tools; no page loads
  them. Leave them out of the built site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from bookfacts import WEB_EDITIONS  # tools/bookfacts.py: the book's facts


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


_FONT_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="font"[^>]*>\n?')
_CHECKSUM_QUERY = re.compile(r'(\.(?:css|js))\?v=[0-9a-f]+"')


def _clean_pages(app: Sphinx, exception: Exception | None) -> None:
    """Drop the font preloads and the checksum queries from every written page."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    # Another edition's folder inside this one (ja/ in the English site) is that edition's
    # build's to clean: the two builds run at the same time.
    nested = {outdir / folder.rstrip("/") for folder, _ in WEB_EDITIONS.values() if folder}
    for page in outdir.rglob("*.html"):
        if any(page.is_relative_to(folder) for folder in nested):
            continue
        html = page.read_text(encoding="utf-8")
        cleaned = _CHECKSUM_QUERY.sub(r'\1"', _FONT_PRELOAD.sub("", html))
        if cleaned != html:
            page.write_text(cleaned, encoding="utf-8")
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


ROOT = Path(__file__).resolve().parents[2]
WHEEL_SOURCES = ("pyproject.toml", "README.md", "rnnlib")
# 1980-01-01, the earliest time a zip file can hold: the wheel's files carry it, not the build's
WHEEL_EPOCH = "315532800"


def build_wheel(outdir: Path) -> Path:
    """Build rnnlib's wheel into ``outdir`` with `python -m build`; return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "rnnlib-source")
        source.mkdir()
        for name in WHEEL_SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, source / name,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(ROOT / name, source / name)
        dist = Path(tmp, "dist")
        env = dict(os.environ, SOURCE_DATE_EPOCH=WHEEL_EPOCH)
        result = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
             str(source)], env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"building the rnnlib wheel failed:\n{result.stdout}"
                               f"\n{result.stderr}")
        (wheel,) = dist.glob("rnnlib-*.whl")
        outdir.mkdir(parents=True, exist_ok=True)
        for old in outdir.glob("rnnlib-*.whl"):
            old.unlink()
        return Path(shutil.copy2(wheel, outdir / wheel.name))


_WHEEL_BUILDS: dict[int, Future] = {}  # per Sphinx application: the wheel being built


def _start_wheel(app: Sphinx) -> None:
    """Build the wheel in a background thread while Sphinx reads and writes the pages."""
    if app.builder.format == "html":
        pool = ThreadPoolExecutor(max_workers=1)
        _WHEEL_BUILDS[id(app)] = pool.submit(build_wheel, Path(app.outdir))
        pool.shutdown(wait=False)


def _ship_wheel(app: Sphinx, exception: Exception | None) -> None:
    wheel = _WHEEL_BUILDS.pop(id(app), None)
    if wheel is not None:
        wheel.result()  # raises here if the build failed


# --- The weight explorer's front end, shipped once (rnnlib/explorer) -----------------------------
# A chapter's explorer output holds only its data and a one-line loader; the script and style are
# rnnlib's own files, copied from the package into _static and linked from the pages that hold an
# explorer. One copy in the repository, and a change to the front end needs no re-execution.
EXPLORER_ASSETS = {"rnnlib-explorer.js": "SCRIPT", "rnnlib-explorer.css": "STYLE"}


def _link_explorer_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if 'class="rnnlib-explorer"' in context.get("body", ""):
        app.add_css_file("rnnlib-explorer.css")
        app.add_js_file("rnnlib-explorer.js")


def _copy_explorer_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from rnnlib.explorer import widget

    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    for name, attribute in EXPLORER_ASSETS.items():
        shutil.copyfile(getattr(widget, attribute), static / name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _link_explorer_assets)
    app.connect("build-finished", _copy_explorer_assets)
    app.connect("html-page-context", _drop_duplicate_scripts)
    app.connect("html-page-context", _bibliography_list_items)
    app.connect("build-finished", _drop_source_maps, priority=900)
    # After sphinx-mathjax-offline's own build-finished handler (priority 500) has copied.
    app.connect("build-finished", _drop_unused_mathjax_bundles, priority=900)
    app.connect("build-finished", _clean_pages)
    app.connect("builder-inited", _start_wheel)
    app.connect("build-finished", _ship_wheel)
    _deterministic_amsmath_labels()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
