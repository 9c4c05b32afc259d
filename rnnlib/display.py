"""Showing the reader the code a chapter teaches: the one tested copy, straight from rnnlib."""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any


class SourceCode:
    """An object's source, rendered as a highlighted Python block in JupyterLab and the book.

    The notebook output is Markdown holding a fenced code block, so the book's own syntax
    highlighting applies, and plain text for consoles and nbval's comparison. Decorator lines
    are left out: rnnlib's ``@checked(...)`` checks the caller's arguments before the function
    runs (see ``rnnlib._validate``) and is not part of the algorithm the chapter teaches.
    """

    def __init__(self, obj: Any) -> None:
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            raise TypeError(f"obj must be a function or class, got {type(obj).__name__}")
        self.source = _without_decorators(inspect.getsource(obj)).rstrip("\n")
        self.origin = f"{obj.__module__}.{obj.__qualname__}"

    def _repr_markdown_(self) -> str:
        return f"```python\n# {self.origin}\n{self.source}\n```"

    def __repr__(self) -> str:
        return f"# {self.origin}\n{self.source}"


def _without_decorators(source: str) -> str:
    """``source`` of one function or class from its ``def``/``class`` line on."""
    definition = ast.parse(textwrap.dedent(source)).body[0]
    return "".join(source.splitlines(keepends=True)[definition.lineno - 1 :])


def show_source(*objects: Any) -> None:
    """Display the source of each function or class given, in order."""
    from IPython.display import display

    for obj in objects:
        display(SourceCode(obj))


GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value: Any) -> None:
    """Store ``value`` for the book's prose to quote, as {glue:text}`name` (nothing is shown).

    Writes exactly what ``myst_nb.glue(name, value, display=False)`` writes, and the book's build
    reads it with myst-nb as usual. It exists because myst_nb's function imports nbformat, whose
    JSON-schema checks cost every chapter about a second of start-up; a test keeps the two equal.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + key: data for key, data in bundle.items()}, raw=True, metadata=metadata)
