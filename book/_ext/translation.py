"""The book in two languages: what Sphinx's i18n leaves undone (a local Sphinx extension).

The Japanese edition (tools/build_book.py ja) is the English project built with
`language = "ja"`: Sphinx's Locale transform replaces each paragraph, heading, caption and alt
text by its translation from locales/ja/LC_MESSAGES/book/<page>.po. This extension does the rest.

- Glued numbers in translated prose. myst-nb's glue roles read the notebook's glued outputs
  from ``document["nb_renderer"]``, but Locale parses each translation as a new small document
  without it, so a `{glue:text}` in a translated paragraph came out empty (or warned). The
  page's renderer is kept while the page is read, and the glue lookup falls back to it for a
  translated message of the same page (and for nothing else).
- Doctrees of the size of the English ones. Each translated paragraph kept a reference to the
  small document Locale parsed it in (ForgetMessageDocuments), which made the Japanese build
  three times slower once the catalogues were complete.
- Part captions. sphinx-external-toc inserts the toctrees (and their captions, "The model", ...)
  after Locale has run, so they stayed English; they are translated here from the root page's
  catalogue, where gettext extracted them. The sidebar and the intro page both read them.
- The theme's labels. Sphinx's and the themes' own catalogues leave some labels English
  ("Tip", "Search this book...", "Color mode", ...), and some templates hold English that no
  catalogue reaches ("Toggle primary sidebar"). The book's overrides live in one committed
  catalogue, locales/<language>/LC_MESSAGES/sphinx.po: Sphinx reads it before its own (so
  `_()` in templates and admonition titles use it), the theme options and the book's author are
  translated from it (the title as the translators wrote the intro's heading, else from it),
  and after the build every exact attribute value and element text of the chrome that equals
  one of its entries is replaced by the translation.
- Twins. Every page links to the same page in the other edition: a labelled link in the article
  header (visible at phone width; relative, so it works from disk), and
  `<link rel="alternate" hreflang>` for both editions plus x-default (English).
- Figures' outputs in the Japanese build go to _build/jupyter_execute-ja: myst-nb writes them
  next to the output folder, which for _build/html/ja would be inside the English site.

The English edition is at the root of _build/html, each other edition under its language
code (_build/html/ja), with the same page paths (tools/bookfacts.py: WEB_EDITIONS).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT / "tools"))
from bookfacts import DEFAULT_LANGUAGE, WEB_EDITIONS  # noqa: E402  (tools/bookfacts.py)


def _language(app: Sphinx) -> str:
    return app.config.language or DEFAULT_LANGUAGE


def _translated(app: Sphinx) -> bool:
    return _language(app) != DEFAULT_LANGUAGE


# --- the book's own overrides of the chrome: locales/<language>/LC_MESSAGES/sphinx.po ----------


def chrome_catalogue(language: str) -> dict[str, str]:
    """msgid -> msgstr of the book's own sphinx.po for ``language`` (translated entries only)."""
    import polib

    path = ROOT / "locales" / language / "LC_MESSAGES" / "sphinx.po"
    if not path.is_file():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))
            if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete}


def _root_page_catalogue(config) -> dict[str, str]:
    """msgid -> msgstr of the root page's catalogue (book/intro.po): its heading is the title."""
    import polib

    for folder in config.locale_dirs:
        path = ROOT / folder / config.language / "LC_MESSAGES" / f"{config.master_doc}.po"
        if path.is_file():
            return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))
                    if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete}
    return {}


def _translate_config(app: Sphinx, config) -> None:
    """The book's title (as the translators wrote the intro's heading, else from the book's
    sphinx.po), its author and the theme's option texts (from sphinx.po)."""
    if not _translated(app):
        return
    words = chrome_catalogue(_language(app))
    title = {**words, **_root_page_catalogue(config)}
    for name in ("html_title", "project"):
        value = getattr(config, name, None)
        if isinstance(value, str) and value in title:
            setattr(config, name, title[value])
    if config.author in words:
        config.author = words[config.author]
    options = config.html_theme_options
    for name in ("search_bar_text", "toc_title"):
        if options.get(name) in words:
            options[name] = words[options[name]]


_CHROME_ATTRIBUTE = re.compile(
    r'(\b(?:title|aria-label|placeholder|data-bs-title|alt)=")([^"<>]*)(")')
_CHROME_TEXT = re.compile(r"(>)(\s*)([^<>]*?)(\s*)(<)")


def _translate_chrome(app: Sphinx, exception: Exception | None) -> None:
    """Replace the chrome's leftover English (exact attribute values and element texts equal to
    an entry of the book's sphinx.po) in every written page of a translated edition."""
    if exception is not None or app.builder.format != "html" or not _translated(app):
        return
    words = {html.escape(k, quote=True): html.escape(v, quote=True)
             for k, v in chrome_catalogue(_language(app)).items()}
    if not words:
        return

    def attribute(match: re.Match) -> str:
        return match.group(1) + words.get(match.group(2), match.group(2)) + match.group(3)

    def text(match: re.Match) -> str:
        inner = match.group(3)
        return (match.group(1) + match.group(2) + words.get(inner, inner) + match.group(4)
                + match.group(5))

    for page in Path(app.outdir).rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        # the chrome only: the article's own text is the translators' (their catalogues)
        head, sep, rest = source.partition('<article class="bd-article">')
        article, sep2, tail = rest.partition("</article>")
        if not sep:
            head, article, tail, sep2 = source, "", "", ""
        head = _CHROME_TEXT.sub(text, _CHROME_ATTRIBUTE.sub(attribute, head))
        tail = _CHROME_TEXT.sub(text, _CHROME_ATTRIBUTE.sub(attribute, tail))
        # in the article: only the labels Sphinx and myst-nb attach (headerlinks, toggles,
        # admonition titles, hidden cells' summaries)
        article = _CHROME_ATTRIBUTE.sub(attribute, article)
        article = _ADMONITION_TITLE.sub(
            lambda m: m.group(1) + words.get(m.group(2), m.group(2)) + m.group(3), article)
        if _language(app) == "ja":
            article = _SOLUTION_TITLE.sub(_JAPANESE_SOLUTION_TITLE, article)
        cleaned = head + sep + article + sep2 + tail
        if cleaned != source:
            page.write_text(cleaned, encoding="utf-8")


# Admonition titles ("Tip") and the labels of myst-nb's hidden cells ("Show code cell source").
_ADMONITION_TITLE = re.compile(
    r'(<p class="(?:collapsed |expanded )?admonition-title">)([^<]*)(</p>)')


# sphinx-exercise titles a solution "Solution to" + " Exercise 5.1" (解答 練習 5.1); Japanese
# puts the exercise first and no space before its number: 練習5.1の解答.
_SOLUTION_TITLE = re.compile(
    r'(<p class="admonition-title">)解答(<a class="reference internal" href="[^"]*">)\s*'
    r"練習\s*([\d.]+)(</a>)(</p>)")
_JAPANESE_SOLUTION_TITLE = r"\1\2練習\3\4の解答\5"


# --- glued numbers in translated paragraphs ----------------------------------------------------

#: The renderer myst-nb made for the notebook being read (each parallel reader is a process).
_PAGE_RENDERER: dict[str, Any] = {}


def _remember_page_renderer(load_renderer):
    """Wrap myst-nb's renderer factory: keep the page's renderer, whose notebook client holds the
    glued outputs, where a translated message of the same page can find it (myst-nb keeps it
    on the document only while it parses the notebook)."""

    def load(name: str):
        make = load_renderer(name)

        def create(mdit_renderer, logger):
            renderer = make(mdit_renderer, logger)
            _PAGE_RENDERER["latest"] = renderer
            return renderer

        return create

    load.book_translation = True  # type: ignore[attr-defined]
    return load


def _glue_from_the_page(retrieve):
    """Wrap myst-nb's glue lookup: a translated message (a document of its own, whose source is
    "<page>:<line>:<translated>", without glue data) reads its own page's glued outputs."""

    def retrieve_glue_data(document: nodes.document, key: str):
        source = str(document.get("source", ""))
        renderer = _PAGE_RENDERER.get("latest")
        if "nb_renderer" not in document and source.endswith(":<translated>") and renderer:
            page = getattr(renderer.renderer, "document", None)
            if page is not None and source.startswith(str(page["source"]) + ":"):
                return retrieve({"nb_renderer": renderer}, key)
        return retrieve(document, key)

    retrieve_glue_data.book_translation = True  # type: ignore[attr-defined]
    return retrieve_glue_data


def _patch_glue() -> None:
    from myst_nb import sphinx_
    from myst_nb.ext.glue import roles

    if not hasattr(roles.retrieve_glue_data, "book_translation"):
        roles.retrieve_glue_data = _glue_from_the_page(roles.retrieve_glue_data)
    if not hasattr(sphinx_.load_renderer, "book_translation"):
        sphinx_.load_renderer = _remember_page_renderer(sphinx_.load_renderer)


# --- translated messages' own documents, let go ------------------------------------------------


class ForgetMessageDocuments(SphinxTransform):
    """Let go of the small documents Locale parsed the translations in.

    docutils' Text nodes remember the document they were parsed in (``node._document``), so
    every translated paragraph kept its message's document, with that document's own ids,
    substitutions and settings, and the page's pickled doctree carried all of them: with the
    catalogues complete a chapter's doctree grew from 0.2 MB to 2 MB and every `{numref}`,
    which unpickles its target's doctree, took 0.13 s (the Japanese build 55 s instead of 20).
    A node without its own document answers with its parent's, the page's."""

    default_priority = 21  # right after Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall():
            if getattr(node, "_document", None) not in (None, self.document):
                node._document = None


# --- part captions -----------------------------------------------------------------------------


class TranslatePartCaptions(SphinxTransform):
    """Translate the captions sphinx-external-toc (priority 100) has inserted."""

    default_priority = 110

    def apply(self, **kwargs: Any) -> None:
        if not _translated(self.app):
            return
        toctrees = [node for node in self.document.findall(addnodes.toctree)
                    if node.get("caption")]
        if not toctrees:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        catalogue, found = init_locale(dirs, self.config.language, domain)
        if not found:
            return
        for toctree in toctrees:
            caption = catalogue.gettext(toctree["caption"])
            toctree["caption"] = caption
            toctree["rawcaption"] = caption


# --- twins: the same page in the other edition -------------------------------------------------


def _twin_links(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    """hreflang alternates in the head, and the other edition's link for the header."""
    language = _language(app)
    if language not in WEB_EDITIONS:
        return
    here = WEB_EDITIONS[language][0]
    up = "../" * (pagename.count("/") + here.count("/"))  # to the top of _build/html

    def href(lang: str) -> str:
        return f"{up}{WEB_EDITIONS[lang][0]}{pagename}.html"

    links = [f'<link rel="alternate" hreflang="{lang}" href="{href(lang)}" />'
             for lang in WEB_EDITIONS]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{href(DEFAULT_LANGUAGE)}" />')
    context["metatags"] = context.get("metatags", "") + "\n    " + "\n    ".join(links) + "\n"
    context["book_twins"] = [
        {"lang": lang, "href": href(lang), "label": label}
        for lang, (_, label) in WEB_EDITIONS.items() if lang != language
    ]


def _add_switch_to_header(app: Sphinx, config) -> None:
    """The language switch (templates/language-switch.html) first among the header's buttons."""
    templates = str(Path(__file__).parent / "templates")
    if templates not in config.templates_path:
        config.templates_path.append(templates)
    options = config.html_theme_options
    end = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if "language-switch.html" not in end:
        options["article_header_end"] = ["language-switch.html", *end]


# --- figures' outputs outside the English site ---------------------------------------------------


def _own_output_folder(app: Sphinx) -> None:
    """myst-nb writes outputs to <outdir>/../jupyter_execute: for _build/html/ja that is inside
    the English site. Give a translated edition its own folder beside the others."""
    if not _translated(app) or not hasattr(app.env, "mystnb_config"):
        return
    folder = Path(app.outdir).parent
    if WEB_EDITIONS.get(_language(app), ("",))[0]:
        folder = folder.parent
    app.env.mystnb_config = app.env.mystnb_config.copy(
        output_folder=str((folder / f"jupyter_execute-{_language(app)}").resolve()))


def setup(app: Sphinx) -> dict[str, Any]:
    _patch_glue()
    app.add_transform(ForgetMessageDocuments)
    app.add_transform(TranslatePartCaptions)
    # after sphinx-external-toc (priority 900) has made the toc's root page the master_doc
    app.connect("config-inited", _translate_config, priority=950)
    app.connect("config-inited", _add_switch_to_header)
    # after myst-nb's own builder-inited handler has set its output folder
    app.connect("builder-inited", _own_output_folder, priority=900)
    app.connect("html-page-context", _twin_links)
    app.connect("build-finished", _translate_chrome)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
