"""Figures shared by several chapters: the book's style, the loss surface and gradients over time.

Kept out of the taught code: chapters call these from cells tagged ``hide-input``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm

from . import _validate

#: The points the reference tutorial marks on the loss surface, as (w_x, w_rec).
MARKED_POINTS: tuple[tuple[float, float], ...] = (
    (2, 1), (1, 2), (1, -2), (1, 0), (1, 0.5), (1, -0.5),
)
#: The optimum for counting ones.
OPTIMUM = (1.0, 1.0)


def use_book_style() -> None:
    """Crisp (retina) PNG figures sized for the book's text column, with readable fonts."""
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")
    except ImportError:  # outside IPython there is nothing to configure
        pass
    plt.rcParams.update(
        {
            "figure.figsize": (7.0, 3.6),
            "figure.dpi": 100,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "rnnlib",
        }
    )


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
        mark_points: (w_x, w_rec) points to mark and label.
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
        bar = ax.figure.colorbar(contours, ax=ax, format="%.0e")
        bar.set_label("cost ξ (log scale)")
    for wx, wrec in mark_points:
        ax.plot(wx, wrec, "o", color="white", markeredgecolor="black", markersize=6)
        ax.annotate(f"({wx:g}, {wrec:g})", (wx, wrec), textcoords="offset points",
                    xytext=(5, 5), color="white", fontsize=8)
    ax.set_xlabel("$w_x$")
    ax.set_ylabel("$w_{rec}$")
    if title:
        ax.set_title(title)
    return contours


def plot_gradient_over_time(
    ax: Axes, grads_over_time: dict[str, np.ndarray], *, linthresh: float = 1e-3
) -> None:
    """∂ξ/∂s_k against the step k for several weight settings, on a symmetric-log axis.

    Args:
        ax: the axes to draw into.
        grads_over_time: label → one sample's gradients ∂ξ/∂s_k, shape (L+1,) for k = 0..L.
        linthresh: the range around zero drawn linearly.
    """
    for label, grads in grads_over_time.items():
        steps = np.arange(len(grads))
        ax.plot(steps, grads, marker="o", markersize=3, label=label)
    ax.set_yscale("symlog", linthresh=linthresh)
    ax.set_xlabel("step $k$ (backpropagation runs right to left)")
    ax.set_ylabel(r"$\partial \xi / \partial s_k$")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.legend(loc="best", ncol=2)
