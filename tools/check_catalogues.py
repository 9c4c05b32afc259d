"""Check the Japanese catalogues: complete, current, and keeping the English markup.

    python tools/check_catalogues.py [file.po ...]   # default: every catalogue of the book

Prints one line per problem (file, the msgid's first words, what is wrong) and exits 1 if there
is any. tests/test_catalogues.py runs the same checks. A translation is complete when every
entry has a msgstr, none is fuzzy (its English changed since it was translated) and no
obsolete entry is left; it keeps the markup when its roles and their targets, its math, its
inline code and its link targets are those of the English string (only the display text of a
cross-reference, "Chapter %s" → "第%s章", is translated); and it is Japanese when no run of
four or more Latin-alphabet words is left outside math, code and roles.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locales" / "ja" / "LC_MESSAGES"

# {role}`content`; a cross-reference's content may be "display text <target>".
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
REFERENCE_ROLES = {"numref", "ref", "doc", "term", "download", "numref:", "any"}
MATH = re.compile(r"\$\$.+?\$\$|(?<!\\)\$[^$]+?(?<!\\)\$", re.DOTALL)
CODE = re.compile(r"``.+?``|`[^`]+`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Four or more words of Latin letters in a row, separated only by spaces or hyphens/commas.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?:[ ,]+[A-Za-z][A-Za-z'’.-]*){3,}")
# Names that are English by nature and may stand in Japanese prose.
ALLOWED_LATIN = {
    "Deep Learning from Scratch",
    "Learning representations by back-propagating errors",
}
# Strings that read the same in both languages (names), besides formulas and numbers.
SAME_IN_BOTH = {"Rprop", "RMSprop", "Adam", "BPTT"}


def catalogues() -> list[Path]:
    """Every page's catalogue, sorted."""
    return sorted((LOCALE_DIR / "book").glob("*.po"))


def role_targets(text: str) -> Counter:
    """Each role with the part that must not change: the target of a cross-reference, the
    whole content of any other role (a glue key and format, citation keys, an equation label)."""
    found = Counter()
    for name, content in ROLE.findall(text):
        if name in REFERENCE_ROLES:
            target = re.search(r"<([^<>]+)>\s*$", content)
            content = target.group(1) if target else content
        found[(name, content.strip())] += 1
    return found


def markup(text: str) -> dict[str, Counter]:
    """The markup a translation keeps: roles and targets, math, inline code, link targets."""
    no_roles = ROLE.sub(" ", text)
    no_math = MATH.sub(" ", no_roles)
    return {
        "roles": role_targets(text),
        "math": Counter(m.strip() for m in MATH.findall(no_roles)),
        "inline code": Counter(CODE.findall(no_math)),
        "link targets": Counter(LINK.findall(no_math)),
    }


def prose(text: str) -> str:
    """The words a reader reads as prose: roles, math, inline code and link targets removed."""
    text = ROLE.sub(" ", text)
    text = MATH.sub(" ", text)
    text = CODE.sub(" ", text)
    text = LINK.sub("] ", text)
    for name in ALLOWED_LATIN:
        text = text.replace(name, " ")
    return text


def latin_runs(text: str) -> list[str]:
    """Runs of four or more Latin-alphabet words left in the prose of `text`."""
    return LATIN_RUN.findall(prose(text))


def has_words(text: str) -> bool:
    """Whether `text` has a word to translate outside math, code and roles (a table cell of
    numbers or a lone `$w_x$` has none: it is translated by copying it)."""
    return re.search(r"[A-Za-z]{2,}", prose(text)) is not None


def is_formula(msgid: str) -> bool:
    """A display formula (a math block's LaTeX): translated by copying it unchanged."""
    looks_like_latex = re.search(r"\\[a-zA-Z]+|[=^_]", msgid) is not None
    return "$" not in msgid and looks_like_latex and not latin_runs(msgid)


def problems(path: Path) -> list[str]:
    """Every problem of one catalogue, one line each."""
    po = polib.pofile(str(path))
    name = path.relative_to(LOCALE_DIR).as_posix() if path.is_relative_to(LOCALE_DIR) else path.name
    found = [f"{name}: obsolete entry {e.msgid[:50]!r}" for e in po.obsolete_entries()]
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{name}: {entry.msgid[:50]!r}"
        if entry.fuzzy:
            found.append(f"{where}: fuzzy (the English changed; check the translation)")
        if not entry.msgstr.strip():
            found.append(f"{where}: not translated")
            continue
        english, japanese = markup(entry.msgid), markup(entry.msgstr)
        for kind in english:
            if english[kind] != japanese[kind]:
                lost = sorted((english[kind] - japanese[kind]).elements(), key=str)
                added = sorted((japanese[kind] - english[kind]).elements(), key=str)
                found.append(f"{where}: {kind} differ: lost {lost}, added {added}")
        if entry.msgstr == entry.msgid:
            if not (is_formula(entry.msgid) or entry.msgid in SAME_IN_BOTH
                    or not has_words(entry.msgid)):
                found.append(f"{where}: the English copied, not translated")
            continue
        runs = latin_runs(entry.msgstr)
        if runs:
            found.append(f"{where}: English left in the translation: {runs}")
    return found


def main(paths: list[str]) -> int:
    files = [Path(p).resolve() for p in paths] or catalogues()
    found = [line for path in files for line in problems(path)]
    print("\n".join(found) if found else f"{len(files)} catalogues: no problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
