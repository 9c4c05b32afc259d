"""Build one edition of the book, or extract the text the Japanese edition translates.

    python tools/build_book.py ja        # the Japanese edition, into _build/html/ja
    python tools/build_book.py gettext   # the English text as .pot templates, _build/gettext
    python tools/build_book.py ja --build-dir /tmp/x/_build   # elsewhere (a second build)

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

import argparse
import sys
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"

# edition -> (builder, output folder and doctrees folder inside the build folder, configuration
# overrides)
# Japanese sets no space between a word and a number (JTF style): 図5.1, 練習5.1, not Sphinx's and
# sphinx-exercise's "図 %s" and "練習 %s".
JAPANESE_NUMBERS = {"figure": "図%s", "table": "表%s", "code-block": "リスト%s", "section": "%s節",
                    "exercise": "練習%s"}
EDITIONS = {
    "ja": ("html", "html/ja", ".doctrees-ja",
           {"language": "ja", "numfig_format": JAPANESE_NUMBERS}),
    "gettext": ("gettext", "gettext", ".doctrees-gettext", {}),
}


def build(edition: str, build_dir: Path = BUILD) -> int:
    """Build `edition` strictly (warnings are errors, every one reported) into `build_dir`
    (_build); return the status."""
    builder, output, doctrees, overrides = EDITIONS[edition]
    output, doctrees = Path(build_dir, output), Path(build_dir, doctrees)
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("edition", choices=sorted(EDITIONS))
    parser.add_argument("--build-dir", type=Path, default=BUILD,
                        help="the build folder (default: _build)")
    arguments = parser.parse_args()
    sys.exit(build(arguments.edition, arguments.build_dir.resolve()))
