"""Move w_x and w_rec with sliders and watch the network respond, live in JupyterLab or in the book.

``WeightExplorer(X, t)`` displays as two views of one explorer (its ``_repr_mimebundle_``):

* **Live** (JupyterLab, with a kernel): ipywidgets sliders for w_x and w_rec and a sample
  selector drive one persistent matplotlib figure on the Agg backend. A move updates the
  figure's existing artists in place (``set_data``), redraws only what changed (blitting: the
  loss surface is drawn once) and sends the PNG to a ``widgets.Image``: no new figure per move,
  no frontend extension beyond ipywidgets, about 10 ms per move, and tests can read the plotted
  data back from the artists.
* **Static** (the HTML book, no kernel): a ``text/html`` twin with the same sliders, readouts and
  plots, computed in the page by a small script (``explorer_static.py`` builds it). The book shows
  this twin because _config.yml prefers text/html.
"""

from __future__ import annotations

import io
import math
import time
from decimal import Decimal

import numpy as np

from . import _validate
from .explorer_static import GRID_POINTS, evaluate, explorer_html, readouts_html
from .plotting import OPTIMUM
from .surface import loss_surface


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is at least ``value`` (> 0)."""
    scale = 10.0 ** math.floor(math.log10(value))
    return next(m * scale for m in (1, 2, 5, 10) if m * scale >= value)


def _state_limits(states: np.ndarray, target: float) -> tuple[float, float]:
    """y range for the states plot: 0, the target and every state, snapped to 1-2-5 steps."""
    states = np.clip(states, -1e300, 1e300)  # overflowed states (±inf) pin the range's end
    high, low = max(states.max(), target), min(states.min(), 0.0)
    top = _nice_ceiling(1.05 * high) if high > 0 else 0.0
    bottom = -_nice_ceiling(-1.05 * low) if low < 0 else 0.0
    pad = 0.05 * ((top - bottom) or 1.0)
    return (bottom - pad if bottom == 0 else bottom, top + pad if top == 0 else top)


def _gradient_limits(grads: np.ndarray) -> tuple[float, float]:
    """Symmetric y range for ∂ξ/∂s_k on the symlog axis: the next power of ten."""
    top = 10.0 ** math.ceil(math.log10(np.clip(np.abs(grads).max(), 1e-3, 1e300) * 1.2))
    return (-top, top)


def _symlog_ticks(top: float) -> list[float]:
    """0 and at most three powers of ten each side, from 1e-3 (the linear range) up to ``top``."""
    exponents = list(range(round(math.log10(top)), -4, -1))
    powers = [10.0**k for k in exponents[:: math.ceil(len(exponents) / 3)]]
    return sorted([*powers, 0.0, *(-p for p in powers)])


class WeightExplorer:
    """Sliders for w_x and w_rec over [-limit, limit], a sample selector, and what they change.

    Shown on every move: the chosen sample's states s_0..s_L against its target; the cost and
    its gradient over the whole data set (both components and the length); ∂ξ/∂s_k over the
    steps k on a symmetric-log axis (exploding and vanishing gradients); the current point on
    the loss surface (log colour scale).

    Args:
        X: inputs (n, L) (or (L,)); t: targets (n,).
        wx, wrec: the starting weights; sample: the sample shown first (0-based).
        limit: the sliders span [-limit, limit]; step: their resolution.
    """

    def __init__(self, X, t, *, wx: float = 1.0, wrec: float = 1.0, sample: int = 0,
                 limit: float = 3.0, step: float = 0.01) -> None:
        self.X = _validate.inputs(X)
        self.t = _validate.samples(t, self.X.shape[0], "t")
        self.limit = _validate.positive(limit, "limit")
        self.step = _validate.positive(step, "step")
        if self.step >= 2 * self.limit:
            raise ValueError(f"step must be smaller than the slider range 2·limit, got {step}")
        wx, wrec = _validate.weight(wx, "wx"), _validate.weight(wrec, "wrec")
        for name, value in (("wx", wx), ("wrec", wrec)):
            if abs(value) > self.limit:
                raise ValueError(f"{name} must lie in [-limit, limit] = [{-limit}, {limit}], "
                                 f"got {value}")
        n = self.X.shape[0]
        if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)):
            raise TypeError(f"sample must be an integer index, got {type(sample).__name__}")
        if not 0 <= sample < n:
            raise ValueError(f"sample must be in 0..{n - 1} (one of the {n} samples), got {sample}")
        self.initial = (wx, wrec, int(sample))
        self.last_update_seconds = math.nan
        self._drawn: dict = {}  # per line plot: the (sample, y range) its saved frame shows
        self._surface_frame = None
        self._build_widgets()
        self._build_figure()
        self.update()

    def _decimals(self) -> int:
        """Decimals that show every slider position exactly (2 for a step of 0.01)."""
        return max(0, -int(Decimal(repr(self.step)).normalize().as_tuple().exponent))

    # --- the live view -----------------------------------------------------------------------
    def _sample_label(self, i: int) -> str:
        """"3: 0110100101 (t = 5)": the bits are spelled out for short binary sequences."""
        row = self.X[i]
        if len(row) <= 16 and np.all((row == 0) | (row == 1)):
            return f"{i}: {''.join(str(int(v)) for v in row)} (t = {self.t[i]:g})"
        return f"{i} (t = {self.t[i]:g})"

    def _build_widgets(self) -> None:
        import ipywidgets as widgets

        wx, wrec, sample = self.initial
        common = dict(min=-self.limit, max=self.limit, step=self.step,
                      readout_format=f".{self._decimals()}f",
                      continuous_update=True, layout=widgets.Layout(width="290px"))
        self.wx_slider = widgets.FloatSlider(value=wx, description="w_x", **common)
        self.wrec_slider = widgets.FloatSlider(value=wrec, description="w_rec", **common)
        self.sample_picker = widgets.Dropdown(
            options=[(self._sample_label(i), i) for i in range(self.X.shape[0])], value=sample,
            description="sample", style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"))
        self.readouts = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.widget = widgets.VBox([
            widgets.HBox([self.wx_slider, self.wrec_slider, self.sample_picker],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.readouts, self.image])
        for control in (self.wx_slider, self.wrec_slider, self.sample_picker):
            control.observe(lambda _change: self.update(), names="value")

    def _build_figure(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.colors import LogNorm
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator, NullLocator

        self.figure = Figure(figsize=(9.6, 3.0), dpi=100)
        FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.065, right=0.95, bottom=0.16, top=0.9, wspace=0.4)
        ax_s, ax_g, ax_z = self.figure.subplots(1, 3)
        steps = np.arange(self.X.shape[1] + 1)
        (self.states_line,) = ax_s.plot(steps, steps * 0.0, "o-", ms=3, label="$s_k$",
                                        animated=True)
        self.target_line = ax_s.axhline(0.0, color="C1", ls="--", label="target $t$")
        ax_s.set(xlabel="step $k$", ylabel="state $s_k$", xlim=(-0.5, steps[-1] + 0.5))
        for ax in (ax_s, ax_g):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_s.legend(loc="upper left", fontsize=8)
        (self.grad_line,) = ax_g.plot(steps, steps * 0.0, "o-", ms=3, color="C2", animated=True)
        ax_g.set_yscale("symlog", linthresh=1e-3)
        ax_g.yaxis.set_minor_locator(NullLocator())
        ax_g.axhline(0.0, color="grey", lw=0.5)
        ax_g.set(xlabel="step $k$", ylabel=r"$\partial \xi / \partial s_k$",
                 xlim=(-0.5, steps[-1] + 0.5))
        ax_g.set_title("gradient through time", fontsize=10)
        grid = np.linspace(-self.limit, self.limit, GRID_POINTS)
        Z = loss_surface(self.X, self.t, grid, grid)
        finite = Z[np.isfinite(Z) & (Z > 0)]
        if finite.size == 0:  # a data set the network fits exactly everywhere: nothing to colour
            finite = np.ones(1)
        image = ax_z.imshow(
            np.clip(Z, None, finite.max()), origin="lower", aspect="auto", cmap="viridis",
            extent=(-self.limit, self.limit, -self.limit, self.limit), interpolation="nearest",
            norm=LogNorm(max(finite.min(), finite.max() * 1e-14), finite.max()))
        bar = self.figure.colorbar(image, ax=ax_z, pad=0.03, fraction=0.1)
        bar.set_label("cost ξ")
        ax_z.plot(*OPTIMUM, "+", ms=10, mew=2, color="white")  # as explorer.js draws it
        (self.marker,) = ax_z.plot([0.0], [0.0], "o", ms=8, mfc="white", mec="black",
                                   animated=True)
        ax_z.set(xlabel="$w_x$", ylabel="$w_{rec}$")
        ax_z.set_title("loss surface", fontsize=10)
        self.axes = (ax_s, ax_g, ax_z)

    def update(self) -> None:
        """Recompute at the sliders' weights, update the artists in place, redraw the image."""
        start = time.perf_counter()
        wx, wrec, i = self.wx_slider.value, self.wrec_slider.value, self.sample_picker.value
        self.values = evaluate(self.X, self.t, wx, wrec)
        self.readouts.value = readouts_html(self.values, i)
        states, grads = self.values["states"][i], self.values["grad_over_time"][i]
        self.states_line.set_ydata(states)
        self.grad_line.set_ydata(grads)
        self.marker.set_data([wx], [wrec])
        self._redraw(i, _state_limits(states, self.t[i]), _gradient_limits(grads))
        self.image.value = self._png()
        self.last_update_seconds = time.perf_counter() - start

    def _redraw(self, sample: int, state_limits: tuple, gradient_limits: tuple) -> None:
        """Blit: draw only what changed since the last frame.

        The loss surface and its colour bar are drawn once. The line plots' ranges snap to 1-2-5
        steps, so most moves only restore the saved frame and draw the three animated artists
        (the two lines and the marker) on top; a line plot is redrawn in full, in its own column
        of the figure, only when the sample or its range changes.
        """
        canvas = self.figure.canvas
        ax_s, ax_g, _ = self.axes
        if self._surface_frame is None:  # the figure without the two line plots
            ax_s.set_visible(False)
            ax_g.set_visible(False)
            canvas.draw()
            self._surface_frame = self._frame = canvas.copy_from_bbox(self.figure.bbox)
            ax_s.set_visible(True)
            ax_g.set_visible(True)
            # each line plot's column: up to just right of its frame (its titles are narrower
            # than the frame); the next plot's tick labels sit in the gap after that
            cuts = [0, ax_s.bbox.x1 + 3, ax_g.bbox.x1 + 3]
            self._columns = {ax_s: cuts[0:2], ax_g: cuts[1:3]}
        canvas.restore_region(self._frame)
        wanted = {ax_s: (sample, state_limits), ax_g: (sample, gradient_limits)}
        changed = [ax for ax, key in wanted.items() if self._drawn.get(ax) != key]
        for ax in changed:
            ax.set_ylim(wanted[ax][1])
            if ax is ax_g:
                ax.set_yticks(_symlog_ticks(gradient_limits[1]))
            else:
                self.target_line.set_ydata([self.t[sample]] * 2)
                ax.set_title(f"sample {self._sample_label(sample)}", fontsize=10)
            left, right = self._columns[ax]  # clear the column: the surface frame's pixels
            height = canvas.get_width_height()[1]
            canvas.restore_region(self._surface_frame, bbox=(left, 0, right, height), xy=(0, 0))
            ax.draw(canvas.get_renderer())
            self._drawn[ax] = wanted[ax]
        if changed:
            self._frame = canvas.copy_from_bbox(self.figure.bbox)
        for artist in (self.states_line, self.grad_line, self.marker):
            artist.axes.draw_artist(artist)

    def _png(self) -> bytes:
        from PIL import Image

        width, height = self.figure.canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", (width, height), self.figure.canvas.buffer_rgba())
        buffer = io.BytesIO()
        rgba.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    # --- the static twin ---------------------------------------------------------------------
    def to_html(self) -> str:
        """The self-contained HTML twin at the initial settings (deterministic)."""
        wx, wrec, sample = self.initial
        return explorer_html(
            self.X, self.t, wx=wx, wrec=wrec, sample=sample, limit=self.limit, step=self.step,
            decimals=self._decimals(),
            sample_labels=[self._sample_label(i) for i in range(self.X.shape[0])])

    def __repr__(self) -> str:
        wx, wrec, sample = self.initial
        return (f"WeightExplorer(w_x={wx:g}, w_rec={wrec:g}, sample {sample} of "
                f"{self.X.shape[0]}, sliders over [{-self.limit:g}, {self.limit:g}])")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle.update({"text/plain": repr(self), "text/html": self.to_html()})
        return bundle


def explore(X, t, **settings) -> WeightExplorer:
    """``WeightExplorer(X, t, **settings)``: display it by making it a cell's last expression."""
    return WeightExplorer(X, t, **settings)
