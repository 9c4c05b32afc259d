"""The book's text keeps its budget, and what it tells once it tells once.

The word budget and its counting rule are tools/word_count.py's (read its docstring): at most
12,000 words of prose outside the Exercises over the intro, the chapters up to the loss surface
and the appendix, and at most 3,000 before the BPTT chapter. "Told once" is checked for two
ideas the book used to repeat page after page:

- how to install rnnlib when a downloaded notebook cannot import it: on the book's first page
  only (the reader's edition, which a downloaded notebook is, adds the note to each chapter:
  tests/test_jupyterlab.py checks it there);
- that Rprop ignores the size of the gradient: in one place, where Rprop is taught.

The pages checked are those that count for the budget (the intro, Chapters 1-6, the appendix).
"""

from __future__ import annotations

import re

import pytest
import word_count
from bookfacts import toc_pages

BUDGET_PAGES = word_count.words_per_page()


def _visible_markdown(stem: str) -> list[str]:
    """The markdown the book's page shows (remove-cell cells left out), one text per cell."""
    return word_count.markdown_of(word_count.page_file(stem))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))


# --- the counting rule itself, on text whose count is known -------------------------------------

@pytest.mark.parametrize(("markdown", "words"), [
    ("Two words.", 2),
    ("A role {numref}`fig-data-matrix` is one word.", 6),
    ("Inline $w_{rec} = 1$ math counts as written.", 8),
    ("```{math}\n:label: eq-x\ny = s_L\n```\nafter", 1),
    ("```python\nprint('code is not prose')\n```", 0),
    ("$$\ny = s_L\n$$\nafter the display", 3),
    ("(sec-label)=\n## A heading\n% a comment\n- a bullet", 4),
    (":::{admonition} Title words not counted\n:class: note\n\nBody words count.\n:::", 3),
    ("```{tip}\nA tip's body counts.\n```", 4),
    ("A [link text](https://example.org/long/url) and <b>bold</b>.", 5),
])
def test_the_counting_rule(markdown, words):
    assert word_count.count_words(markdown) == words


def test_the_exercises_are_outside_the_count():
    cells = ["## Overview\n\nSix words of prose stand here.",  # 7 with the heading's word
             "## Exercises\n\nNone of these words count.", "Nor these."]
    kept = word_count.before_exercises(cells)
    assert sum(word_count.count_words(text) for text in kept) == 7


def test_cells_the_book_does_not_show_are_not_counted(tmp_path):
    import json
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["Shown words."]},
        {"cell_type": "markdown", "metadata": {"tags": ["remove-cell"]}, "source": ["Not shown."]},
        {"cell_type": "code", "metadata": {}, "source": ["x = 1"], "outputs": []},
    ]}
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert word_count.markdown_of(path) == ["Shown words."]


# --- the budget ----------------------------------------------------------------------------------

def test_the_budget_covers_the_intro_the_first_six_chapters_and_the_appendix():
    numbers = {page.path: page.number for page in toc_pages()}
    assert [numbers[stem] for stem in BUDGET_PAGES][:7] == [None, 1, 2, 3, 4, 5, 6]
    assert any("appendix" in stem for stem in BUDGET_PAGES)


def test_the_prose_keeps_its_word_budget():
    total = sum(BUDGET_PAGES.values())
    per_page = ", ".join(f"{stem}: {words}" for stem, words in BUDGET_PAGES.items())
    assert total <= word_count.BUDGET, f"{total} words ({per_page})"


def test_the_prose_before_the_bptt_chapter_keeps_its_budget():
    before = word_count.words_before_bptt(BUDGET_PAGES)
    assert 0 < before <= word_count.BUDGET_BEFORE_BPTT, before


# --- told once -----------------------------------------------------------------------------------

INSTALL_NOTE = re.compile(r"pip install `?rnnlib-|If `import rnnlib` fails")


def test_how_to_install_rnnlib_is_told_on_the_first_page_only():
    pages = [stem for stem in BUDGET_PAGES
             if any(INSTALL_NOTE.search(text) for text in _visible_markdown(stem))]
    assert pages == [toc_pages()[0].path], pages


# A sentence that says Rprop (or its step) disregards how large the gradient is.
DISREGARDS = re.compile(r"ignor\w*|throws? (?:\S+ ){1,3}away|never used|(?:does|do) not depend"
                        r"|indifferent|whatever the gradient|regardless of", re.IGNORECASE)
SIZE = re.compile(r"magnitude|size|how large", re.IGNORECASE)


def _says_rprop_ignores_the_size(sentence: str) -> bool:
    return bool("Rprop" in sentence and DISREGARDS.search(sentence) and SIZE.search(sentence))


def test_the_rule_for_the_rprop_idea_recognises_how_it_used_to_be_said():
    for sentence in ["Rprop survives because its step does not depend on the gradient's size.",
                     "RMSprop, with a short memory, and Rprop, which ignores the gradient's "
                     "size, do.",
                     "Resilient backpropagation, Rprop, throws the gradient's magnitude away."]:
        assert _says_rprop_ignores_the_size(sentence), sentence
    assert not _says_rprop_ignores_the_size("Rprop ends at a cost of 2e-06.")


def test_that_rprop_ignores_the_gradients_size_is_said_once():
    places = [(stem, sentence) for stem in BUDGET_PAGES
              for text in word_count.before_exercises(_visible_markdown(stem))
              for sentence in _sentences(text) if _says_rprop_ignores_the_size(sentence)]
    assert len(places) == 1, places
    assert places[0][0].endswith("05_rprop"), places
