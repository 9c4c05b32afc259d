"""The chapters as JupyterLab shows them: the notebooks the book offers for download.

jupyterlab-myst renders a notebook's markdown cells on its own, without the book: it has no
bibliography, no glued values (those live in code cells' outputs, which myst-nb reads at build
time) and no labels outside the markdown cells of the open notebook (figures made by code
cells, other chapters). So `{cite}`, `{glue:text}` and most `{numref}`, `{eq}` and `{ref}`
roles would show their bare keys there. No way of writing them reads in both, so the book keeps
its roles, and when the HTML build finishes this extension writes a *reader's edition* of each
notebook over the copy Sphinx puts in ``_sources/`` (the download button's target; `make lab`
opens copies of the same files):

- every such role becomes the text the book shows, resolved by the same Sphinx domains that
  wrote the page (so "Fig. 3.2", "(3.3)", "Pascanu et al. [2013]", a glued "0.0063"): a
  reference to a label jupyterlab-myst knows (a markdown target or equation in the same
  notebook) stays a link to it, a reference into another chapter links to that notebook, a
  citation links to the work's DOI or URL;
- each figure made by a code cell gets its number and caption in a markdown cell below it, as
  in the book, and the equations and figures jupyterlab-myst numbers itself are numbered like
  the book's (page frontmatter ``numbering``: "3.1", not "1");
- code the book hides (``hide-input``, ``remove-cell``: glue calls, plotting) starts collapsed;
- solutions stay folded: jupyterlab-myst shows a ``{solution-start}`` dropdown closed, but the
  cells up to its ``{solution-end}`` are cells of their own, so they get JupyterLab's collapse
  flags. A collapsed cell shows its first line, so each of them starts with a neutral label
  ("Solution to Exercise 4.1, continued"; a comment in code), never with the answer; prose that
  closes a solution in the cell of its ``{solution-end}`` becomes a cell of its own, so it
  folds too;
- MyST comments (``%`` lines), which the book never shows, are dropped;
- a note before the first code cell says how to install rnnlib where the notebook runs on its
  own (the book ships the wheel beside its pages; the book itself says it once, in the intro).

In a translated edition (the Japanese book, ``language = "ja"``: _build/html/ja/_sources/) the
markdown is first translated from the same catalogues the pages are: each paragraph, heading,
list item, table cell, directive title and body, display formula and figure caption is looked up
by the msgid Sphinx's gettext builder extracted for it (its source, lines joined), and replaced in
place, so the cell keeps its structure; then the roles are resolved as that book shows them
("図3.2", "第3章"), and the edition's own words (the install note, the solutions' labels, the
figure label) are the language's (EDITION_WORDS). The Markdown pages' downloads (their MyST
source, which Sphinx copies) are translated in place the same way.

Code cells keep their code and outputs (a solution's code gains one comment line), so the
edition runs exactly as the chapter does. This is the one place that writes the chapters for
JupyterLab; the committed notebooks are written for the book only.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

sys.path.append(str(Path(__file__).resolve().parents[2] / "tools"))
from bookfacts import SOLUTION_MARKER, solution_spans  # tools/bookfacts.py: the book's facts

logger = logging.getLogger(__name__)

ROLE = re.compile(r"\{(numref|ref|eq|cite|cite:p|cite:t|glue:text)\}`([^`]+)`")
EXPLICIT = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
# What jupyterlab-myst itself can link to: labels of markdown targets, directives and equations
MARKDOWN_LABEL = re.compile(r"^\((?P<a>[A-Za-z0-9_-]+)\)=|^:(?:label|name): *(?P<b>[A-Za-z0-9_-]+)",
                            re.MULTILINE)


#: The edition's own words, per language: the install note (its title, and its text with
#: {mark}, {section} and {wheel} filled in), a folded solution cell's label ({exercise}: what the
#: book calls the exercise). {section} is the intro's heading "How to read and run it", in the
#: edition's language (from the intro's catalogue).
EDITION_WORDS = {
    "en": {
        "note": ("**Running this notebook.** It imports `rnnlib`, the book's small helper "
                 "package. {mark} here, download `{wheel}` from the book's first page (section "
                 "\"{section}\") and run `pip install {wheel}` in this kernel's environment."),
        "solution": "Solution to {exercise}, continued",
    },
    "ja": {
        "note": ("**このノートブックの実行について。** このノートブックは本書の小さな補助パッケージ"
                 "`rnnlib`をインポートします。ここで`import rnnlib`が失敗するときは、本書の最初の"
                 "ページ（「{section}」の節）から`{wheel}`をダウンロードし、このカーネルの環境で"
                 "`pip install {wheel}`を実行してください。"),
        "solution": "{exercise}の解答（続き）",
    },
}
RUN_NOTE_SECTION = "How to read and run it"

COMMENT = re.compile(r"^%( .*)?$")
FENCE = re.compile(r"^(```|~~~|\$\$)")
RUN_NOTE_MARK = "If `import rnnlib` fails"


def _markdown_labels(notebook: dict) -> set[str]:
    labels = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for match in MARKDOWN_LABEL.finditer("".join(cell["source"])):
                labels.add(match.group("a") or match.group("b"))
    return labels


def _glue_texts(notebook: dict) -> dict[str, str]:
    """key -> the text/plain of the value glued under it (myst-nb's own source of truth)."""
    found = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                prefix = output["metadata"]["scrapbook"].get("mime_prefix", "")
                found[name] = output["data"][prefix + "text/plain"]
    return found


def _escape(text: str) -> str:
    """Text safe to put in Markdown as it is (brackets, emphasis and math markers escaped)."""
    return re.sub(r"([\\`*_\[\]$<>])", r"\\\1", re.sub(r"\s+", " ", text))


class Resolver:
    """Turns the roles of one chapter into the Markdown JupyterLab reads, as the book shows them."""

    def __init__(self, app: Sphinx, docname: str, notebook: dict) -> None:
        self.app, self.env, self.docname = app, app.env, docname
        self.local_labels = _markdown_labels(notebook)
        self.glued = _glue_texts(notebook)
        self.problems: list[str] = []

    def __call__(self, match: re.Match) -> str:
        role, content = match.groups()
        try:
            if role == "glue:text":
                return self.glue(content)
            if role.startswith("cite"):
                return self.cite(role.partition(":")[2] or "p", content)
            return self.xref(role, content)
        except LookupError as error:
            self.problems.append(f"{match.group(0)}: {error}")
            return match.group(0)

    def glue(self, content: str) -> str:
        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "s")
        if key not in self.glued:
            raise LookupError(f"no value is glued under {key!r}")
        return _escape(format_plain_text(self.glued[key], spec))

    def _pending(self, domain: str, role: str, target: str,
                 explicit: bool) -> addnodes.pending_xref:
        return addnodes.pending_xref("", refdomain=domain, reftype=role, reftarget=target,
                                     refexplicit=explicit, refwarn=True, refdoc=self.docname)

    def _is_numbered_exercise(self, target: str) -> bool:
        from sphinx_exercise.nodes import exercise_enumerable_node

        entry = getattr(self.env, "sphinx_exercise_registry", {}).get(target, {})
        return isinstance(entry.get("node"), exercise_enumerable_node)

    def xref(self, role: str, content: str) -> str:
        explicit = EXPLICIT.match(content)
        target = explicit.group("target") if explicit else content.strip()
        title = explicit.group("title") if explicit else target
        if role == "ref" and not explicit and self._is_numbered_exercise(target):
            role = "numref"  # as sphinx-exercise's UpdateReferencesToEnumerated does
        domain = self.env.get_domain("math" if role == "eq" else "std")
        pending = self._pending(domain.name, role, target, bool(explicit))
        pending += nodes.inline(title, title)  # an explicit {ref} title is read from here
        resolved = domain.resolve_xref(self.env, self.docname, self.app.builder, role, target,
                                       pending, nodes.inline(title, title))
        if resolved is None:
            raise LookupError(f"Sphinx does not resolve {target!r}")
        text = _escape(resolved.astext())
        uri = resolved.get("refuri", "")
        if not uri or uri.startswith("#"):  # the same chapter
            return f"[{text}](#{target})" if target in self.local_labels else text
        page = uri.split("#")[0].rsplit("/", 1)[-1].removesuffix(".html")
        return f"[{text}]({page}.ipynb)"

    def exercise_name(self, label: str) -> str:
        """What the book calls the exercise labelled ``label``: "Exercise 4.1"."""
        return re.sub(r"\\(.)", r"\1", re.sub(r"^\[(.*)\]\(.*\)$", r"\1", self.xref("ref", label)))

    def cite(self, style: str, content: str) -> str:
        domain = self.env.get_domain("cite")
        resolved = domain.resolve_xref(self.env, self.docname, self.app.builder, style, content,
                                       self._pending("cite", style, content, False),
                                       nodes.inline(content, content))
        by_id = {citation.citation_id: citation for citation in domain.citations}
        parts = []
        for node in resolved.children:  # "[", a link per work, separators, "]"
            text = _escape(node.astext())
            references = (list(node.findall(nodes.reference))
                          if isinstance(node, nodes.Element) else [])
            anchor = references[0].get("refuri", "").rpartition("#")[2] if references else ""
            citation = by_id.get(anchor)
            fields = citation.entry.fields if citation else {}
            url = (f"https://doi.org/{fields['doi']}" if "doi" in fields
                   else fields.get("url", ""))
            parts.append(f"[{text}]({url})" if url and text.strip() else text)
        if not parts:
            raise LookupError("sphinxcontrib-bibtex does not resolve it")
        return "".join(parts)


class Translator:
    """One page's translations, looked up as Sphinx's Locale transform looks them up (the same
    catalogue, by the same msgid), and applied to a chapter's Markdown in place."""

    DIRECTIVE = re.compile(r"^\{(?P<name>[^}]+)\}\s*(?P<argument>.*)$")
    OPTION = re.compile(r"^:[\w-]+:")
    LITERAL = frozenset({"code", "code-block", "code-cell", "sourcecode"})

    def __init__(self, app: Sphinx, docname: str) -> None:
        from sphinx.locale import init as init_locale
        from sphinx.util.i18n import docname_to_domain

        self.active = bool(app.config.language) and app.config.language != "en"
        self.catalogue = None
        if self.active:
            dirs = [str(Path(app.srcdir, folder)) for folder in app.config.locale_dirs]
            domain = docname_to_domain(docname, app.config.gettext_compact)
            self.catalogue, _ = init_locale(dirs, app.config.language, domain)
            from markdown_it.renderer import RendererHTML
            from myst_parser.config.main import MdParserConfig
            from myst_parser.parsers.mdit import create_md_parser

            # the book's MyST extensions (_config.yml), to read a cell's blocks as the book does
            config = MdParserConfig(enable_extensions=set(app.config.myst_enable_extensions))
            self.parser = create_md_parser(config, RendererHTML)

    def gettext(self, msgid: str) -> str:
        """The translation of ``msgid`` (itself when it has none)."""
        if not self.active or not msgid:
            return msgid
        return self.catalogue.gettext(msgid)

    def text(self, source: str) -> str:
        """A paragraph, heading or caption's source, translated (its msgid: lines joined)."""
        return self.gettext(source.replace("\n", " ").strip())

    def markdown(self, text: str) -> str:
        """A cell's Markdown with each translatable block replaced by its translation."""
        if not self.active:
            return text
        lines = text.split("\n")
        edits: list[tuple[int, int, list[str]]] = []
        tokens = self.parser.parse(text)
        for index, token in enumerate(tokens):
            if token.type == "inline" and token.map and index and tokens[index - 1].type in (
                    "paragraph_open", "heading_open"):
                edits.append((*token.map, self._block(lines[token.map[0]:token.map[1]],
                                                      token.content)))
            elif token.type == "inline" and index and tokens[index - 1].type in ("th_open",
                                                                                 "td_open"):
                row = token.map[0]
                cell = token.content.strip()
                if cell:
                    lines[row] = lines[row].replace(cell, self.text(cell), 1)
            elif token.type == "math_block" and token.map:
                edits.append((token.map[0] + 1, token.map[1] - 1,
                              self.gettext(token.content.strip("\n")).split("\n")))
            elif token.type in ("colon_fence", "fence") and token.map:
                edits.append((token.map[0], token.map[1], self._fence(lines, token)))
        for start, end, new in sorted(edits, reverse=True):
            lines[start:end] = new
        return "\n".join(lines)

    def _block(self, lines: list[str], content: str) -> list[str]:
        """A paragraph or heading's lines, translated: the first line's marker ("## ", "- ",
        "1. ", "> ") kept, the translation after it, continuation lines indented alike."""
        first = content.split("\n", 1)[0]
        at = lines[0].find(first)
        prefix = lines[0][:at] if at >= 0 else ""
        indent = re.sub(r"[^\s>]", " ", prefix)
        translated = self.text(content).split("\n")
        return [prefix + translated[0], *(indent + line for line in translated[1:])]

    def _fence(self, lines: list[str], token) -> list[str]:
        """A fenced directive translated: its title, and its body (Markdown, or a formula)."""
        start, end = token.map
        block = lines[start:end]
        match = self.DIRECTIVE.match(token.info.strip())
        closed = end - start >= 2 and block[-1].strip().startswith(token.markup)
        if not match or match.group("name") in self.LITERAL:
            return block
        opening = block[0]
        argument = match.group("argument").strip()
        if argument:
            opening = opening[:opening.rindex(argument)] + self.text(argument)
        body = block[1:-1] if closed else block[1:]
        options = 0
        while options < len(body) and self.OPTION.match(body[options]):
            options += 1
        content = "\n".join(body[options:])
        if match.group("name") == "math":
            translated = self.gettext(content.strip("\n")) if content.strip() else content
        else:
            translated = self.markdown(content)
        return [opening, *body[:options], *translated.split("\n"), *(block[-1:] if closed else [])]


def _lines(text: str) -> list[str]:
    """Source as Jupyter stores it: lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _drop_comments(text: str) -> str:
    """``text`` without MyST comment lines (outside fenced blocks)."""
    kept, fenced = [], False
    for line in text.split("\n"):
        if FENCE.match(line.strip()):
            fenced = not fenced
        if not fenced and COMMENT.match(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def _wheel_name(app: Sphinx) -> str:
    """The file name `python -m build` gives rnnlib's wheel (pyproject.toml's name, version)."""
    pyproject = Path(app.confdir, "pyproject.toml").read_text(encoding="utf-8")
    name, version = (re.search(rf'^{key} = "([^"]+)"', pyproject, re.MULTILINE).group(1)
                     for key in ("name", "version"))
    return f"{name}-{version}-py3-none-any.whl"


def _words(app: Sphinx) -> dict[str, str]:
    return EDITION_WORDS.get(app.config.language or "en", EDITION_WORDS["en"])


def _run_note(app: Sphinx, cell_id: str) -> dict:
    wheel = _wheel_name(app)
    section = Translator(app, "book/intro").gettext(RUN_NOTE_SECTION)
    text = _words(app)["note"].format(mark=RUN_NOTE_MARK, section=section, wheel=wheel)
    return {"cell_type": "markdown", "id": f"{cell_id}-run-note"[:64], "metadata": {},
            "source": [text]}


def _split_solution_ends(cells: list[dict]) -> list[dict]:
    """Prose that closes a solution in the same cell as its {solution-end} as a cell of its
    own (before the marker), so that it folds with the rest of the solution."""
    split, inside = [], False
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and inside:
            end = re.search(r"^:::\{solution-end\}", text, re.MULTILINE)
            if end and text[:end.start()].strip():
                split.append({**cell, "id": f"{cell['id']}-end"[:64], "metadata": {},
                              "source": _lines(text[:end.start()].rstrip("\n"))})
                cell = {**cell, "source": _lines(text[end.start():])}
        split.append(cell)
        if cell["cell_type"] == "markdown":
            for marker, _ in SOLUTION_MARKER.findall(text):
                inside = marker == "solution-start"
    return split


def _fold_solutions(cells: list[dict], exercise_name, label_text: str) -> None:
    """Collapse every cell between a {solution-start} and its {solution-end}, each starting with
    a neutral label: a collapsed cell shows its first line, which must not be the answer."""
    for first, last, label in solution_spans(cells):
        text = label_text.format(exercise=exercise_name(label))
        for cell in cells[first + 1:last]:
            flags = cell["metadata"].setdefault("jupyter", {})
            if cell["cell_type"] == "code":
                cell["source"] = [f"# {text}\n", *cell["source"]]
                flags.update(source_hidden=True, outputs_hidden=True)
            else:
                cell["source"] = [f"{text}\n", "\n", *cell["source"]]
                flags["source_hidden"] = True


def _caption_cell(cell: dict, label: str, caption: str) -> dict:
    return {"cell_type": "markdown", "id": f"{cell['id']}-caption"[:64], "metadata": {},
            "source": [f"**{label}** {caption}"]}


def edition(app: Sphinx, docname: str, notebook: dict) -> tuple[dict, list[str]]:
    """The reader's edition of one chapter notebook, and what could not be resolved."""
    notebook = copy.deepcopy(notebook)
    translate = Translator(app, docname)
    resolve = Resolver(app, docname, notebook)
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    std = app.env.get_domain("std")
    chapter = app.env.toc_secnumbers.get(docname, {}).get("", ())
    cells = []
    for cell in notebook["cells"]:
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] == "markdown":
            text = translate.markdown("".join(cell["source"]))
            text = _drop_comments(ROLE.sub(resolve, text))
            cell["source"] = _lines(text)
        elif {"hide-input", "remove-cell", "remove-input"} & set(tags):
            cell["metadata"].setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
        figure = cell["metadata"].get("mystnb", {}).get("figure", {})
        if cell["cell_type"] == "code" and figure.get("caption") and figure.get("name"):
            _, node_id = std.labels.get(figure["name"], (None, None))[:2]
            number = numbers.get(node_id)
            if number is None:
                resolve.problems.append(f"figure {figure['name']!r} has no number")
                continue
            caption = ROLE.sub(resolve, translate.text(" ".join(figure["caption"].split())))
            label = app.config.numfig_format["figure"] % ".".join(map(str, number))
            below = _caption_cell(cell, label, caption)
            if cell["metadata"].get("jupyter", {}).get("outputs_hidden"):  # in a folded solution
                below["metadata"]["jupyter"] = {"source_hidden": True}
            cells.append(below)
    cells = _split_solution_ends(cells)
    _fold_solutions(cells, resolve.exercise_name, _words(app)["solution"])
    first_code = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "code"), None)
    if first_code is not None:
        cells.insert(first_code, _run_note(app, cells[first_code]["id"]))
    if chapter:  # jupyterlab-myst numbers this page's equations as the book does: (3.1), ...
        first = cells[0]
        first["source"] = [f"---\nnumbering:\n  enumerator: {chapter[0]}.%s\n---\n",
                           *first["source"]]
    notebook["cells"] = cells
    return notebook, resolve.problems


def _write_editions(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        source = Path(app.srcdir, docname + ".ipynb")
        markdown = Path(app.srcdir, docname + ".md")
        copied = Path(app.outdir, "_sources", docname + ".md")
        translate = Translator(app, docname)
        if markdown.exists() and copied.exists() and translate.active:
            # a Markdown page's download is its MyST source: in a translated book, translated
            copied.write_text(translate.markdown(markdown.read_text(encoding="utf-8")),
                              encoding="utf-8")
        if not source.exists():
            continue
        notebook = json.loads(source.read_text(encoding="utf-8"))
        result, problems = edition(app, docname, notebook)
        for problem in problems:
            logger.warning(f"reader's edition: {problem}", location=docname,
                           type="lab_edition")
        target = Path(app.outdir, "_sources", docname + ".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                          encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # after Sphinx has copied the sources (html_copy_source) and the other extensions finished
    app.connect("build-finished", _write_editions, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
