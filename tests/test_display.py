"""rnnlib.display: the shown source is the tested function's, and glue matches myst-nb's."""

import inspect
from unittest import mock

import pytest
from myst_nb import glue as myst_glue

import rnnlib
from rnnlib.display import SourceCode, glue


def test_source_code_shows_the_function_itself():
    shown = SourceCode(rnnlib.forward_states)
    assert shown.source.startswith("def forward_states(")  # without its @checked(...) line
    assert "@checked" in inspect.getsource(rnnlib.forward_states)
    assert "S[:, k + 1] = update_state(" in shown.source
    markdown = shown._repr_markdown_()
    assert markdown.startswith("```python\n# rnnlib.model.forward_states\n")
    assert markdown.endswith("\n```")
    assert repr(shown).startswith("# rnnlib.model.forward_states\n")


def test_source_code_rejects_what_has_no_source():
    with pytest.raises(TypeError, match="obj must be a function or class, got int"):
        SourceCode(3)


@pytest.mark.parametrize("value", [1.0014, 42, "text", (1, 2)])
def test_glue_writes_what_myst_nb_glue_writes(value):
    with mock.patch("IPython.display.display") as ours:
        glue("key", value)
    with mock.patch("myst_nb.ext.glue.ipy_display") as theirs:
        myst_glue("key", value, display=False)
    assert ours.call_args == theirs.call_args


@pytest.mark.parametrize(
    "module", [rnnlib.data, rnnlib.model, rnnlib.checking, rnnlib.optimisers, rnnlib.surface]
)
def test_taught_source_fits_the_books_text_column(module):
    """The book shows these modules' functions; ~80 columns fit without sideways scrolling."""
    lines = inspect.getsource(module).splitlines()
    too_long = [(number, len(line)) for number, line in enumerate(lines, 1) if len(line) > 80]
    assert not too_long, f"{module.__name__}: lines over 80 characters {too_long}"
