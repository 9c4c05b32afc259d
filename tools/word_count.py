"""Count the words of the book's prose, page by page (the word budget of the book's text).

    .venv/bin/python tools/word_count.py          # words per page, and the two budget totals

What counts as a word, and why (the rule tests/test_book_text.py holds the book to):

- Only prose the page shows: the markdown cells of a chapter notebook (a `.md` page whole),
  up to its "## Exercises" heading, leaving out cells tagged `remove-cell` (the book does not
  show them). Exercises and their solutions are practice, not the text a reader must get
  through, so they are outside the budget.
- A word is a whitespace-separated token of what is left after removing what is not prose:
  fenced blocks (code, `{math}`) and `$$` display math; MyST comments (`% ...`), target labels
  (`(name)=`), directive fences (`:::`) and their option lines (`:label: ...`); HTML tags; a
  link's URL (its text stays). The bodies of boxes (`{note}`, `{tip}`, `{admonition}`, ...)
  are prose and count; their opening line does not.
- Inline math `$...$` and inline code `` `...` `` stay, as the tokens they are written in: they
  are read as part of the sentence ("$w_{rec} = 1$" is three tokens, as "w_rec = 1" is three
  words). A role (`{numref}`...``, `{glue:text}`...``, `{cite}`...``, `{eq}`...``) is one word:
  it renders as a number, a figure name or a citation. A token of markup only (`*`, `#`, `-`
  bullets, `1.`) is not a word.

The budget: at most BUDGET words over the root page, the chapters up to the loss-surface
chapter and the appendix; at most BUDGET_BEFORE_BPTT over the pages before the BPTT chapter.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from bookfacts import ROOT, toc_pages

BUDGET = 12_000
BUDGET_BEFORE_BPTT = 3_000
LAST_BUDGET_LABEL = "chap-loss-surface"  # the budget runs up to and including this chapter
BPTT_LABEL = "chap-bptt"

BOX_DIRECTIVES = ("note", "tip", "admonition", "warning", "important", "hint", "attention",
                  "caution", "seealso")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{([a-z:-]+)\})?")
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
MARKUP_ONLY = re.compile(r"^([-*+#>|]+|\d+\.)$")  # bullets, headings, quotes, "1."


def page_file(stem: str) -> Path:
    """The source of a toc page: its notebook, or its Markdown file."""
    for suffix in (".ipynb", ".md"):
        if (ROOT / f"{stem}{suffix}").exists():
            return ROOT / f"{stem}{suffix}"
    raise FileNotFoundError(stem)


def markdown_of(path: Path) -> list[str]:
    """The page's markdown: each markdown cell of a notebook, or the whole `.md` file."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
            and "remove-cell" not in c["metadata"].get("tags", [])]


def before_exercises(cells: list[str]) -> list[str]:
    """The cells up to the page's "## Exercises" heading (all of them if it has none)."""
    kept = []
    for text in cells:
        match = re.search(r"^## Exercises\s*$", text, re.MULTILINE)
        if match:
            kept.append(text[:match.start()])
            break
        kept.append(text)
    return kept


def prose(text: str) -> str:
    """The prose of one markdown text, without code blocks, display math and markup (see the
    module's rule)."""
    lines, fence, box = [], None, False
    in_display_math = False
    for line in text.split("\n"):
        stripped = line.strip()
        if fence:  # inside a fenced block: a box's body is prose, anything else is not
            if re.match(rf"^{re.escape(fence)}\s*$", stripped):
                fence, box = None, False
            elif box and not re.match(r"^:[a-z-]+:", stripped):
                lines.append(line)
            continue
        if stripped.startswith("$$"):
            one_line = stripped.endswith("$$") and len(stripped) > 2  # $$ ... $$ on one line
            in_display_math = not (in_display_math or one_line)  # a closing or an opening $$
            continue
        if in_display_math:
            continue
        match = FENCE.match(line)
        if match:
            fence, box = match.group(1), (match.group(3) or "") in BOX_DIRECTIVES
            continue
        if (stripped.startswith(":::") or re.match(r"^%( |$)", stripped)
                or re.match(r"^\([\w-]+\)=$", stripped) or re.match(r"^:[a-z-]+:", stripped)):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = ROLE.sub(" ROLE ", text)
    text = LINK.sub(r"\1", text)
    text = HTML_TAG.sub("", text)
    return text


def count_words(text: str) -> int:
    """Whitespace-separated tokens of prose, markup-only tokens left out."""
    return sum(1 for token in prose(text).split() if not MARKUP_ONLY.match(token))


def _label(path: Path) -> str | None:
    cells = markdown_of(path)
    match = re.search(r"^\(([\w-]+)\)=", cells[0] if cells else "", re.MULTILINE)
    return match.group(1) if match else None


def words_per_page() -> dict[str, int]:
    """Words of prose outside the Exercises, for every toc page in the budget, in toc order."""
    counts, inside = {}, True
    for page in toc_pages():
        path = page_file(page.path)
        label = _label(path)
        if page.part == "Appendix":
            inside = True
        if inside:
            counts[page.path] = sum(count_words(t) for t in before_exercises(markdown_of(path)))
        if label == LAST_BUDGET_LABEL:
            inside = False
    return counts


def words_before_bptt(counts: dict[str, int]) -> int:
    """Words of the budget pages that come before the BPTT chapter."""
    total = 0
    for stem in counts:
        if _label(page_file(stem)) == BPTT_LABEL:
            return total
        total += counts[stem]
    raise LookupError(f"no page is labelled {BPTT_LABEL!r}")


def main() -> int:
    counts = words_per_page()
    for stem, words in counts.items():
        print(f"{stem:<36}{words:6d}")
    total, before = sum(counts.values()), words_before_bptt(counts)
    print(f"{'total':<36}{total:6d}  (budget {BUDGET:,})")
    print(f"{'before the BPTT chapter':<36}{before:6d}  (budget {BUDGET_BEFORE_BPTT:,})")
    return 0 if total <= BUDGET and before <= BUDGET_BEFORE_BPTT else 1


if __name__ == "__main__":
    sys.exit(main())
