"""The weight explorer: pick (w_x, w_rec), train from there, and watch it on the loss surface.

``WeightExplorer(X, t)`` is one front end, ``explorer.js`` (an anywidget module), shown two ways
by its ``_repr_mimebundle_``:

* **Live** (JupyterLab, with a kernel): the widget view. The page draws; every action (move the
  weights, Step, Play, Reset, settings) goes to the kernel, where ``trajectories.Training``
  computes with rnnlib, and the new state comes back.
* **Static** (the HTML book, no kernel): a ``text/html`` twin holding the data as JSON and the same
  ``explorer.js``, whose ``Engine`` repeats ``trajectories.py`` in the page with rnnlib's float64
  operation order. The book shows this twin because _config.yml prefers text/html. Before its
  cell runs, JupyterLab shows the twin too, without running its script: then only its first line
  is seen, which says to run the cell (the script removes that line in the book).

``mode`` picks what a chapter has taught: "states" (sliders, a sample's states, the cost),
"training" (the loss surface with the path, an optimiser, Step / Play / Reset, the cost over the
iterations) or "full" (training, clipping, a sample's states and the gradient through time).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import traitlets

from . import _validate
from .data import MARKED_POINTS, OPTIMUM
from .trajectories import MAX_ITERATIONS, OPTIMISERS, Training, check_settings

try:
    from anywidget import AnyWidget as _Widget
except ImportError:  # rnnlib installed without its "live" extra: the explorer computes in the page

    class _Widget(traitlets.HasTraits):  # type: ignore[no-redef]
        """Stands in for anywidget.AnyWidget: no link to the kernel; the HTML twin does the work."""

        def on_msg(self, callback) -> None:
            """No front end talks to the kernel without anywidget."""

        def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
            return {}, {}


HERE = Path(__file__).parent
MODES = ("states", "training", "full")
START = (-1.5, 2.0)  # where the book's training runs start
GRID_POINTS = 160  # the loss-surface image's resolution per axis, in every view
PLACEHOLDER = ("Weight explorer: run this cell to activate it (its sliders, plots and "
               "training controls appear here).")
EXPORT = "export default { render };"


def _number(value: float) -> str:
    """-1.5 → "−1.5", 2.0 → "2": a preset's label."""
    return f"{value:g}".replace("-", "−")


class WeightExplorer(_Widget):
    """Sliders (and exact entry) for w_x and w_rec, and, from chapter 5 on, training from there.

    Args:
        X: inputs (n, L) (or (L,)); t: targets (n,).
        wx, wrec: the starting weights; sample: the sample whose states are shown (0-based).
        mode: "states", "training" or "full" (see the module's docstring).
        limit: the sliders span [-limit, limit]; step: their resolution.
        **settings: the optimiser's settings, e.g. ``optimiser="gd", learning_rate=1e-5``
            (see ``trajectories.DEFAULT_SETTINGS``).
    """

    _esm = HERE / "explorer.js"
    _css = HERE / "explorer.css"
    data = traitlets.Dict().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, X, t, *, wx: float = 1.0, wrec: float = 1.0, sample: int = 0,
                 mode: str = "full", limit: float = 3.0, step: float = 0.01, **settings) -> None:
        checked = _validate.check_arguments({"X": X, "t": t}, ["X", "t"])
        X, t = checked["X"], checked["t"]
        limit = _validate.positive(limit, "limit")
        step = _validate.positive(step, "step")
        if step >= 2 * limit:
            raise ValueError(f"step must be smaller than the slider range 2·limit, got {step}")
        wx, wrec = _validate.weight(wx, "wx"), _validate.weight(wrec, "wrec")
        for name, value in (("wx", wx), ("wrec", wrec)):
            if abs(value) > limit:
                raise ValueError(f"{name} must lie in [-limit, limit] = [{-limit}, {limit}], "
                                 f"got {value}")
        n = X.shape[0]
        if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)):
            raise TypeError(f"sample must be an integer index, got {type(sample).__name__}")
        if not 0 <= sample < n:
            raise ValueError(f"sample must be in 0..{n - 1} (one of the {n} samples), got {sample}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        settings = check_settings(settings)
        optimisers = [key for key in OPTIMISERS if mode == "full" or key != "clip"]
        if mode != "states" and settings["optimiser"] not in optimisers:
            raise ValueError(f"optimiser must be one of {', '.join(optimisers)} in mode "
                             f"{mode!r}, got {settings['optimiser']!r}")
        self.X, self.t, self.mode = X, t, mode
        self.initial = (wx, wrec, int(sample))
        self.training = Training(X, t, (wx, wrec), int(sample), settings)
        decimals = max(0, -int(Decimal(repr(step)).normalize().as_tuple().exponent))
        presets = [(f"start ({_number(START[0])}, {_number(START[1])})", *START),
                   (f"optimum ({_number(OPTIMUM[0])}, {_number(OPTIMUM[1])})", *OPTIMUM)]
        presets += [(f"marked ({_number(a)}, {_number(b)})", a, b) for a, b in MARKED_POINTS]
        data = {
            "X": X.tolist(), "t": t.tolist(), "mode": mode, "limit": limit, "step": step,
            "decimals": decimals, "start": [wx, wrec], "sample": int(sample),
            "labels": [self._sample_label(i) for i in range(n)],
            "presets": [[label, float(a), float(b)] for label, a, b in presets],
            "views": [[f"overview [{_number(-limit)}, {_number(limit)}]²",
                       [-limit, limit, -limit, limit]],
                      ["valley near the optimum", [0.0, 2.0, 0.75, 1.25]]],
            "optimum": [float(v) for v in OPTIMUM],
            "optimisers": [[key, OPTIMISERS[key]] for key in optimisers],
            "settings": settings, "grid": GRID_POINTS, "max_iterations": MAX_ITERATIONS,
        }
        super().__init__(data=data, state=self.training.state())
        self.on_msg(self._on_message)

    def _sample_label(self, i: int) -> str:
        """"3: 0110100101 (t = 5)": the bits are spelled out for short binary sequences."""
        row = self.X[i]
        if len(row) <= 16 and np.all((row == 0) | (row == 1)):
            return f"{i}: {''.join(str(int(v)) for v in row)} (t = {self.t[i]:g})"
        return f"{i} (t = {self.t[i]:g})"

    def _on_message(self, _widget, content: dict, _buffers) -> None:
        """An action from the front end: compute it with rnnlib and send the new state back."""
        self.training.handle(content)
        self.state = self.training.state()

    # --- the static twin ---------------------------------------------------------------------
    def to_html(self) -> str:
        """The self-contained HTML twin at the initial settings (deterministic)."""
        script = (HERE / "explorer.js").read_text(encoding="utf-8")
        if EXPORT not in script:
            raise RuntimeError(f"explorer.js must end its module with {EXPORT!r}")
        bootstrap = (
            'document.querySelectorAll(".rnnlib-explorer:not([data-ready])").forEach('
            "function (host) {\n  host.setAttribute(\"data-ready\", \"\");\n"
            '  var placeholder = host.querySelector(".rnnlib-placeholder");\n'
            "  if (placeholder) placeholder.remove();\n"
            '  var data = JSON.parse(host.querySelector("script.rnnlib-data").textContent);\n'
            "  render({ model: staticModel(data), el: host });\n});\n")
        payload = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False)
        payload = payload.replace("</", "<\\/")  # nothing in it can end the script element
        css = (HERE / "explorer.css").read_text(encoding="utf-8")
        return (
            f'<div class="rnnlib-explorer" data-mode="{self.mode}">'
            f'<p class="rnnlib-placeholder">{PLACEHOLDER}</p>'
            f"<style>{css}</style>"
            f'<script type="application/json" class="rnnlib-data">'
            f"{payload}</script>"
            f"<script>(function () {{\n{script.replace(EXPORT, bootstrap)}}})();</script></div>"
        )

    def __repr__(self) -> str:
        wx, wrec, sample = self.initial
        limit = self.data["limit"]
        return (f"WeightExplorer(w_x={wx:g}, w_rec={wrec:g}, sample {sample} of "
                f"{self.X.shape[0]}, {self.mode}, sliders over [{-limit:g}, {limit:g}])")

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        bundle, metadata = super()._repr_mimebundle_(**kwargs)
        bundle = {**bundle, "text/plain": repr(self), "text/html": self.to_html()}
        return bundle, metadata

