"""The Japanese catalogues: one per page, complete, current with the English source, and each
translation keeping its English string's markup (tools/check_catalogues.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bookfacts import ROOT, page_paths
from check_catalogues import LOCALE_DIR, catalogues, latin_runs, markup, problems

GETTEXT = ROOT / "_build" / "gettext"


@pytest.fixture(scope="module")
def templates() -> Path:
    """The English strings as the source has them today (.pot files, one per page)."""
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_book.py"), "gettext"],
        check=True, cwd=ROOT, capture_output=True,
    )
    return GETTEXT


def test_one_catalogue_per_page():
    pages = {f"{path}.po" for path in page_paths()}
    have = {path.relative_to(LOCALE_DIR).as_posix() for path in catalogues()}
    assert have == pages


@pytest.mark.parametrize("catalogue", catalogues(), ids=lambda p: p.stem)
def test_catalogue_is_complete_and_keeps_the_markup(catalogue):
    found = problems(catalogue)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


@pytest.mark.parametrize("page", page_paths())
def test_catalogue_is_current_with_the_english_source(templates, page):
    """Every English string of the page has an entry and no entry is left over: otherwise
    run `make locales` (a changed string's old translation comes back marked fuzzy)."""
    source = {entry.msgid for entry in polib.pofile(str(templates / f"{page}.pot"))}
    catalogue = polib.pofile(str(LOCALE_DIR / f"{page}.po"))
    translated = {entry.msgid for entry in catalogue if not entry.obsolete}
    assert not source - translated, f"new English strings: run make locales: {source - translated}"
    assert not translated - source, f"strings no longer in the source: {translated - source}"


# The checks themselves catch what they are for.

ENGLISH = ("The state $s_k$ of {numref}`Chapter %s <chap-bptt>` is {glue:text}`bptt-norm:.3f` "
           "with `rnnlib.forward_states` and {eq}`eq-bptt-chain`, see [here](https://doi.org/x).")
GOOD = ("{numref}`第%s章 <chap-bptt>`の状態$s_k$は、`rnnlib.forward_states`と"
        "{eq}`eq-bptt-chain`から{glue:text}`bptt-norm:.3f`です（[こちら](https://doi.org/x)）。")


@pytest.mark.parametrize("broken, kind", [
    (GOOD.replace("chap-bptt", "chap-rprop"), "roles"),
    (GOOD.replace("bptt-norm:.3f", "bptt-norm:.2f"), "roles"),
    (GOOD.replace("{eq}`eq-bptt-chain`", "式(3.1)"), "roles"),
    (GOOD.replace("$s_k$", "$s_{k}$"), "math"),
    (GOOD.replace("`rnnlib.forward_states`", "rnnlib.forward_states"), "inline code"),
    (GOOD.replace("https://doi.org/x", "https://doi.org/y"), "link targets"),
])
def test_markup_check_finds_a_changed_role_math_code_or_link(broken, kind):
    assert markup(GOOD) == markup(ENGLISH)
    assert markup(broken)[kind] != markup(ENGLISH)[kind]


def test_english_check_finds_english_but_not_names_math_or_code():
    assert latin_runs(ENGLISH)
    assert not latin_runs(GOOD)
    assert latin_runs("状態は the running count of ones です。") == ["the running count of ones"]
    assert not latin_runs("Rprop と RMSprop と Adam と $w_x w_{rec} w_x w_{rec}$ の比較")


def test_catalogue_check_reports_fuzzy_untranslated_copied_and_obsolete(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    po.append(polib.POEntry(msgid="Summary", msgstr="まとめ", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Overview", msgstr=""))
    po.append(polib.POEntry(msgid="Exercises", msgstr="Exercises"))
    po.append(polib.POEntry(msgid="t = \\sum_k x_k", msgstr="t = \\sum_k x_k"))
    po.append(polib.POEntry(msgid="(814.5, -4962)", msgstr="(814.5, -4962)"))
    po.append(polib.POEntry(msgid="$w_x$", msgstr="$w_x$"))
    po.append(polib.POEntry(msgid="Old text", msgstr="古い文", obsolete=True))
    path = tmp_path / "check.po"
    po.save(str(path))
    found = problems(path)
    assert len(found) == 4, found
    assert [f for f in found if "fuzzy" in f] and [f for f in found if "not translated" in f]
    assert [f for f in found if "copied" in f] and [f for f in found if "obsolete" in f]
