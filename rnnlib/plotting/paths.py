"""Styles by name, and optimisers' paths drawn over the loss surface in the book's identity."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib import patheffects

from ..data import OPTIMUM
from .identity import (
    ITERATE_MARKER,
    LEARNING_RATE_STYLES,
    OPTIMISER_STYLES,
    POINT_STYLES,
    SERIES_STYLES,
    START,
    START_STYLE,
    WEIGHT_STYLES,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D


def _style(style: dict, marker: bool) -> dict:
    return dict(style) if marker else {k: v for k, v in style.items() if k != "marker"}


def weight_style(name: str, *, marker: bool = True) -> dict:
    """Colour, line style and (unless ``marker=False``) marker of a weight, "wx" or "wrec"."""
    return _style(WEIGHT_STYLES[name], marker)


def optimiser_style(name: str, rate: float | None = None, *, marker: bool = True) -> dict:
    """Colour, line style and (unless ``marker=False``) marker of an optimiser, at one of the
    learning rates the figures compare (``LEARNING_RATE_STYLES``) or at its only one."""
    style = OPTIMISER_STYLES[name] if rate is None else LEARNING_RATE_STYLES[name][rate]
    return _style(style, marker)


def series_style(index: int) -> dict:
    """Colour and line style of the ``index``-th series that has no identity of its own."""
    return dict(SERIES_STYLES[index])


def _is_light(color: str) -> bool:
    """True for a colour (``"#RRGGBB"``) whose relative luminance is over one half."""
    red, green, blue = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5


def halo_color(color: str) -> str:
    """The outline that sets ``color`` off the surface: black around light colours, white
    around dark ones."""
    return "#000000" if _is_light(color) else "#FFFFFF"


def halo(color: str, width: float) -> list:
    """Path effects drawing a line of ``color``, ``width`` points wide, over its outline."""
    return [patheffects.withStroke(linewidth=width + 2.2, foreground=halo_color(color)),
            patheffects.Normal()]


def mark_start(ax: Axes, start: tuple[float, float] = START) -> None:
    """The start of the training runs, in ``START_STYLE`` (a white hexagon edged in black)."""
    ax.plot(*start, linestyle="none", markersize=9, markeredgewidth=1.2, zorder=5, **START_STYLE)


def mark_optimum(ax: Axes) -> None:
    """The optimum (1, 1), as a large star under any marker that ends on it."""
    ax.plot(*OPTIMUM, linestyle="none", markersize=19, markeredgecolor="#FFFFFF",
            markeredgewidth=1.0, zorder=4, **POINT_STYLES[OPTIMUM])


def plot_path(
    ax: Axes,
    path: np.ndarray,
    style: dict,
    *,
    label: str | None = None,
    linewidth: float = 1.6,
    iterates: bool = False,
    end: bool = True,
    zorder: float = 3,
) -> Line2D:
    """An optimiser's path over the surface: its line in ``style``'s colour and line style with
    a contrasting halo, optionally a dot per iterate, and its marker where it ends.

    Args:
        ax: the axes to draw into.
        path: the iterates (w_x, w_rec), shape (n, 2).
        style: ``{"color", "linestyle", "marker"}``, e.g. ``optimiser_style("rprop")``.
        label: the legend entry (drawn with the line style and the marker).
        linewidth: the line's width in points.
        iterates: draw a dot (``ITERATE_MARKER``) at every iterate.
        end: draw the marker where the path ends, above the optimum's star.
        zorder: the line's drawing order (end markers go above everything).

    Returns:
        The line, e.g. for a legend.
    """
    path = np.asarray(path, dtype=float)
    color, marker = style["color"], style["marker"]
    (line,) = ax.plot(
        path[:, 0], path[:, 1], linestyle=style["linestyle"], color=color, linewidth=linewidth,
        marker=ITERATE_MARKER if iterates else None, markersize=3, zorder=zorder,
        path_effects=halo(color, linewidth), solid_capstyle="butt",
    )
    if end:
        ax.plot(*path[-1], linestyle="none", marker=marker, color=color, markersize=8,
                markeredgecolor=halo_color(color),
                markeredgewidth=1.0, zorder=6)
    if label is not None:
        ax.plot([], [], linestyle=style["linestyle"], color=color, marker=marker,
                linewidth=linewidth, label=label)
    return line
