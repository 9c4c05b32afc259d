"""Stamp every PNG figure a chapter saves with the size of its smallest text, in PNG pixels.

`make execute` (tools/execute.py) runs ``install()`` silently in each chapter's kernel before
the first cell. From then on every PNG matplotlib writes (the inline backend's retina figures
included) carries two PNG text chunks:

- ``Smallest text px``: the font size of the smallest text the figure draws (tick labels,
  legend, titles, annotations, colorbar), in pixels of that PNG: points × dpi / 72, with the
  dpi actually used for the save (2 × the figure's dpi for retina figures);
- ``Smallest text``: which text that is, e.g. ``'10^{-3}' at 8 pt``, for error messages.

The browser test (tests/test_reading.py) multiplies the first by the figure's rendered width
over its PNG width: the text's size in CSS pixels on the reader's screen. Only texts that are
drawn count: visible, non-empty, and (like tick labels) actually drawn by ``Figure.draw``.

This is plumbing for that test, not part of the taught package: nbval runs the chapters without
it, and it changes nothing else in a figure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

SIZE_KEY = "Smallest text px"
TEXT_KEY = "Smallest text"


@contextlib.contextmanager
def _drawn_texts() -> Iterator[list]:
    """Record (font size in points, text) for every Text drawn inside the block."""
    from matplotlib.text import Text

    drawn: list[tuple[float, str]] = []
    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append((float(self.get_fontsize()), self.get_text()))
        return original(self, renderer)

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def smallest_text(figure) -> tuple[float, str] | None:
    """(size in points, text) of the smallest text ``figure`` draws; None when it draws none."""
    with _drawn_texts() as drawn:
        figure.draw_without_rendering()
    return min(drawn, key=lambda item: item[0]) if drawn else None


def _save_dpi(figure, dpi) -> float:
    """The dpi ``print_figure`` will use, resolved as matplotlib resolves it."""
    from matplotlib import rcParams

    if dpi is None:
        dpi = rcParams["savefig.dpi"]
    if dpi == "figure":
        dpi = getattr(figure, "_original_dpi", figure.dpi)
    return float(dpi)


def _is_png(filename, format) -> bool:
    if format is not None:
        return str(format).lower() == "png"
    name = getattr(filename, "name", filename)
    if isinstance(name, str) and "." in name:
        return name.rsplit(".", 1)[1].lower() == "png"
    from matplotlib import rcParams

    return rcParams["savefig.format"] == "png"


def install() -> None:
    """Wrap ``FigureCanvasBase.print_figure`` so every PNG it writes carries the chunks."""
    from matplotlib.backend_bases import FigureCanvasBase

    original = FigureCanvasBase.print_figure
    if getattr(original, "_stamps_smallest_text", False):
        return

    def print_figure(self, filename, dpi=None, facecolor=None, edgecolor=None,
                     orientation="portrait", format=None, **kwargs):
        if _is_png(filename, format):
            found = smallest_text(self.figure)
            if found is not None:
                points, text = found
                pixels = points * _save_dpi(self.figure, dpi) / 72
                kwargs["metadata"] = {
                    **(kwargs.get("metadata") or {}),
                    SIZE_KEY: f"{pixels:.2f}",
                    TEXT_KEY: f"{text[:60]!r} at {points:g} pt",
                }
        return original(self, filename, dpi=dpi, facecolor=facecolor, edgecolor=edgecolor,
                        orientation=orientation, format=format, **kwargs)

    print_figure._stamps_smallest_text = True
    FigureCanvasBase.print_figure = print_figure


def setup_code(path: str) -> str:
    """Code that imports this file (at ``path``) in a kernel and installs the wrapper, leaving
    no name behind in the reader's namespace."""
    return (
        "def _install_figure_text(path):\n"
        "    import importlib.util\n"
        "    spec = importlib.util.spec_from_file_location('_book_figure_text', path)\n"
        "    module = importlib.util.module_from_spec(spec)\n"
        "    spec.loader.exec_module(module)\n"
        "    module.install()\n"
        f"_install_figure_text({path!r})\n"
        "del _install_figure_text\n"
    )
