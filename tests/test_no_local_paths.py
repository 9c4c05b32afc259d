"""No path of the machine that executed or built the book reaches a reader.

A traceback or a repr in a committed output would show the developer's folders, and nbval never
compares tracebacks, so such a path would go stale silently; the built pages publish it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Absolute paths of a machine: this checkout wherever it lies, home folders, temporary folders,
# installed packages. A plain "/" inside prose or URLs is fine; these prefixes are not.
LOCAL_PATH = re.compile(
    "|".join(
        [
            re.escape(str(ROOT)),
            r"(?<![\w.])/(?:work|tmp|root|opt|srv|Users)/[\w.-]",
            r"(?<![\w.])/home/[a-z_][\w-]*/",
            r"site-packages",
            r"[A-Za-z]:\\\\Users\\\\",
        ]
    )
)


def _offenders(files: list[Path], base: Path) -> list[str]:
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in LOCAL_PATH.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
            found.append(f"{path.relative_to(base)}: ...{context}...")
    return found


def test_the_pattern_finds_what_a_traceback_would_show():
    sample = (
        f'File "{ROOT}/rnnlib/model.py", line 3\n'
        'File "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/numpy/x.py"\n'
        "/home/ada/book/rnnlib/checking.py:97\n"
    )
    assert len(LOCAL_PATH.findall(sample)) >= 3
    assert not LOCAL_PATH.findall("s_k = s_{k-1}·w_rec; see _static/x.png and https://x.org/tmp")


def test_no_notebook_or_page_source_holds_a_local_path():
    sources = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
    assert sources
    offenders = _offenders(sources, ROOT)
    assert not offenders, "local paths in the book's sources:\n" + "\n".join(offenders)


@pytest.mark.browser
def test_no_built_page_holds_a_local_path(built_book):
    files = [
        path
        for pattern in ("*.html", "*.ipynb", "*.md", "*.txt", "*.js")
        for path in built_book.rglob(pattern)
        if "_static" not in path.parts
    ]
    assert files
    offenders = _offenders(files, built_book)
    assert not offenders, "local paths in the built book:\n" + "\n".join(offenders)
