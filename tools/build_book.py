"""Build one edition of the book, or extract the text the Japanese edition translates.

    python tools/build_book.py ja        # the Japanese edition, into _build/html/ja
    python tools/build_book.py gettext   # the English text as .pot templates, _build/gettext

The English edition is built by `jupyter-book build .` itself (into _build/html). The Japanese
edition is the same Sphinx project built with `language = "ja"`: Sphinx replaces every
paragraph, heading, caption and alt text by its translation from locales/ja/LC_MESSAGES (one
catalogue per page, see book/_ext/translation.py), so the English notebooks stay the only
source of text, code and outputs. Jupyter Book's command line has no way to set the language,
so this script calls the same Sphinx entry point with the same configuration and toc, and
the overrides below. Each build keeps its own doctrees: a gettext build sharing the HTML
build's doctrees fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"

# edition -> (builder, output folder, doctrees folder, configuration overrides)
EDITIONS = {
    "ja": ("html", BUILD / "html" / "ja", BUILD / ".doctrees-ja", {"language": "ja"}),
    "gettext": ("gettext", BUILD / "gettext", BUILD / ".doctrees-gettext", {}),
}


def build(edition: str) -> int:
    """Build `edition` strictly (warnings are errors, every one reported); return the status."""
    builder, output, doctrees, overrides = EDITIONS[edition]
    result = build_sphinx(
        ROOT,
        output,
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": (ROOT / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
            **overrides,
        },
        doctreedir=doctrees,
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )
    if isinstance(result, Exception):
        raise result
    return result


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in EDITIONS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(EDITIONS)}}}")
    sys.exit(build(sys.argv[1]))
