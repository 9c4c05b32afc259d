"""Figures shared by several chapters: the book's style, the loss surface and gradients over time.

Kept out of the taught code: chapters call these from cells tagged ``hide-input``. Importing
this module does not import pyplot (only ``use_book_style`` needs it). The colours and markers
are the book's identity (``identity.py``), the style and its legibility contract are in
``style.py``, paths of optimisers over the surface in ``paths.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import patheffects
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogFormatterSciNotation, LogLocator

from .. import _validate
from ..data import MARKED_POINTS, OPTIMUM  # the task's facts; chapters import them here
from .identity import (
    DIAGRAM_FILLS,
    INPUT_ONE_COLOR,
    ITERATE_MARKER,
    LEARNING_RATE_STYLES,
    OKABE_ITO,
    OPTIMISER_STYLES,
    POINT_STYLES,
    SERIES_STYLES,
    START,
    START_STYLE,
    TARGET_STYLE,
    WEIGHT_STYLES,
)
from .paths import mark_optimum, mark_start, optimiser_style, plot_path, series_style, weight_style
from .style import (
    FONT_MIN_PT,
    MAX_FIGURE_WIDTH_IN,
    MAX_WIDTH_PX,
    PHONE_FIGURE_WIDTH_PX,
    PHONE_MIN_TEXT_PX,
    SAVE_DPI,
    smallest_text_on_phone,
    use_book_style,
)
from .ticks import symlog_exponents

__all__ = [
    "DIAGRAM_FILLS", "FONT_MIN_PT", "INPUT_ONE_COLOR", "ITERATE_MARKER", "LEARNING_RATE_STYLES",
    "MARKED_POINTS", "MAX_FIGURE_WIDTH_IN", "MAX_WIDTH_PX", "OKABE_ITO", "OPTIMISER_STYLES",
    "OPTIMUM", "PHONE_FIGURE_WIDTH_PX", "PHONE_MIN_TEXT_PX", "POINT_STYLES", "SAVE_DPI",
    "SERIES_STYLES", "START", "START_STYLE", "TARGET_STYLE", "WEIGHT_STYLES", "mark_optimum",
    "mark_start", "optimiser_style", "plot_gradient_over_time", "plot_loss_surface", "plot_path",
    "point_label", "point_style", "series_style", "smallest_text_on_phone", "surface_levels",
    "symlog_ticks", "use_book_style", "weight_style",
]

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def point_label(wx: float, wrec: float) -> str:
    """The label of a point in every figure and legend: "(w_x, w_rec)", e.g. "(1, -0.5)"."""
    return f"({wx:g}, {wrec:g})"


def point_style(wx: float, wrec: float) -> dict:
    """Colour and marker of a reference point; black dots (``ITERATE_MARKER``) for any other."""
    return dict(POINT_STYLES.get((wx, wrec), {"color": "#000000", "marker": ITERATE_MARKER}))


def surface_levels(Z: np.ndarray, n_levels: int = 30) -> np.ndarray:
    """Log-spaced contour levels spanning the finite, positive part of ``Z`` (any shape)."""
    finite = Z[np.isfinite(Z) & (Z > 0)]
    low, high = np.log10(finite.min()), np.log10(finite.max())
    return np.logspace(low, high, n_levels)


def plot_loss_surface(
    ax: Axes,
    wx_values: np.ndarray,
    wrec_values: np.ndarray,
    Z: np.ndarray,
    *,
    levels: np.ndarray | None = None,
    colorbar: bool = True,
    mark_points: Sequence[tuple[float, float]] = (),
    title: str | None = None,
):
    """Filled contours of the cost on a logarithmic colour scale.

    Args:
        ax: the axes to draw into.
        wx_values (nx,), wrec_values (nr,), Z (nr, nx): as returned by ``loss_surface``.
        levels: contour levels; log-spaced over Z's range by default.
        colorbar: add a colorbar labelled with the cost ξ.
        mark_points: (w_x, w_rec) points to mark and label, each in its ``point_style``.
        title: the axes title.

    Returns:
        The ``QuadContourSet``, e.g. to share its colour scale with another panel.
    """
    wx_values = _validate.grid(wx_values, "wx_values")
    wrec_values = _validate.grid(wrec_values, "wrec_values")
    if levels is None:
        levels = surface_levels(Z)
    contours = ax.contourf(
        wx_values, wrec_values, np.clip(Z, levels[0], levels[-1]), levels=levels,
        norm=LogNorm(levels[0], levels[-1]), cmap="viridis",
    )
    if colorbar:
        # Ticks at powers of ten (at most about seven of them), written as 10^k.
        bar = ax.figure.colorbar(
            contours, ax=ax, ticks=LogLocator(numticks=7), format=LogFormatterSciNotation()
        )
        bar.set_label(r"$\xi$")
    right_edge = wx_values[0] + 0.8 * (wx_values[-1] - wx_values[0])
    for wx, wrec in mark_points:
        style = point_style(wx, wrec)
        ax.plot(wx, wrec, linestyle="none", markeredgecolor="white", markersize=8,
                markeredgewidth=1.0, zorder=4, **style)
        # Labels of points near the right edge go to their left, so they stay inside the axes.
        left = wx > right_edge
        ax.annotate(point_label(wx, wrec), (wx, wrec), textcoords="offset points",
                    xytext=(-6 if left else 6, 4), ha="right" if left else "left",
                    color="white", fontsize=FONT_MIN_PT, zorder=4,
                    path_effects=[patheffects.withStroke(linewidth=2, foreground="black")])
    ax.set_xlabel("$w_x$")
    ax.set_ylabel("$w_{rec}$")
    if title:
        ax.set_title(title)
    return contours


def plot_gradient_over_time(
    ax: Axes,
    grads_over_time: dict[str, np.ndarray],
    *,
    linthresh: float = 1e-3,
    styles: dict[str, dict] | None = None,
) -> None:
    """∂ξ/∂s_k against the step k for several weight settings, on a symmetric-log axis.

    Args:
        ax: the axes to draw into.
        grads_over_time: label → one sample's gradients ∂ξ/∂s_k, shape (L+1,) for k = 0..L.
        linthresh: the range around zero drawn linearly.
        styles: optional label → keyword arguments for ``ax.plot`` (e.g. colour, line style).
    """
    styles = styles or {}
    largest = linthresh
    for label, grads in grads_over_time.items():
        grads = np.asarray(grads, dtype=float)
        finite = np.abs(grads[np.isfinite(grads)])
        if finite.size:
            largest = max(largest, float(finite.max()))
        line_style = {"marker": ITERATE_MARKER, "markersize": 5, "linewidth": 1.4,
                      **styles.get(label, {})}
        ax.plot(np.arange(grads.shape[0]), grads, label=label, **line_style)
    ax.set_yscale("symlog", linthresh=linthresh)
    ticks, labels = symlog_ticks(linthresh, largest)
    ax.set_yticks(ticks, labels)
    ax.set_yticks([], minor=True)
    ax.set_ylim(ticks[0], ticks[-1])
    ax.grid(axis="y", color="0.9", linewidth=0.6)
    ax.set_xticks(np.arange(max(len(g) for g in grads_over_time.values())))
    ax.set_xlabel("$k$")
    ax.set_ylabel(r"$\partial \xi / \partial s_k$")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.legend(loc="best", ncol=2)


def symlog_ticks(linthresh: float, largest: float) -> tuple[list[float], list[str]]:
    """Ticks and labels for a symmetric-log axis showing values up to ``largest`` in size.

    Ticks at 0 and ±10^e, from the power of ten at or above ``linthresh`` up to the one at or
    above ``largest``, at most about five per sign, labelled as powers of ten ("$10^{3}$").
    The first and last ticks are the axis limits: symmetric around zero, so that growth and
    alternation read the same on both sides. The exponents are ``ticks.symlog_exponents``, the
    rule the weight explorer uses too.
    """
    exponents = symlog_exponents(max(largest, linthresh), linthresh)
    ticks = [-(10.0**e) for e in exponents] + [0.0] + [10.0**e for e in reversed(exponents)]
    labels = [f"$-10^{{{e}}}$" for e in exponents] + ["0"]
    labels += [f"$10^{{{e}}}$" for e in reversed(exponents)]
    return ticks, labels
