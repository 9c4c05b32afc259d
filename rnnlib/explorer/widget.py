"""The weight explorer: drag the start on the loss surface and see the whole run from there.

``WeightExplorer(X, t)`` is one front end, ``explorer.js``, shown two ways by its
``_repr_mimebundle_``:

* **Live** (JupyterLab, with a kernel, through anywidget): the page draws; every action (a new
  start, a setting, a replayed iteration) goes to the kernel, where ``engine.Explorer``
  computes with rnnlib, and the new run comes back.
* **Static** (the HTML book, no kernel): a ``text/html`` twin holding only the data as JSON and
  a one-line loader. The book serves ``explorer.js`` and ``explorer.css`` once, as static files
  (book/_ext/static_book.py copies them from this package); the script's ``Engine`` repeats
  ``engine.py`` in the page with rnnlib's float64 operation order. A change to the front end
  therefore needs no re-execution of the chapters. Before its cell runs, JupyterLab shows the
  twin without running it: then only its first line is seen, which says to run the cell.

``mode`` picks what a chapter has taught: "states" (the weights, a sample's states, the cost),
"training" (the loss surface with the run from the start, an optimiser, Step / Play replay, the
cost over the iterations) or "full" (training, clipping, a sample's states and the gradient
through time). The colours are the book's (``rnnlib.plotting.identity``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import traitlets

from .. import _validate
from ..data import MARKED_POINTS, OPTIMUM
from ..plotting.identity import OKABE_ITO, OPTIMISER_STYLES, POINT_STYLES
from .engine import MAX_ITERATIONS, OPTIMISERS, Explorer, check_settings

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
#: The front end's two files, shipped once: to anywidget live, as static files in the book.
SCRIPT, STYLE = HERE / "explorer.js", HERE / "explorer.css"
MODES = ("states", "training", "full")
START = (-1.5, 2.0)  # where the book's training runs start
GRID_POINTS = 160  # the loss-surface image's resolution per axis, in every view
#: Seen where the explorer's script has not run (JupyterLab before the cell runs), in both of the
#: book's languages; the script removes it.
PLACEHOLDER = ("Weight explorer: run this cell to activate it (its sliders, plots and "
               "training controls appear here). / 重みエクスプローラー：このセルを実行すると"
               "動き出します（スライダー、グラフ、学習の操作がここに現れます）。")
#: The twin's loader: explorer.js (loaded by the page) starts every explorer not yet started.
LOADER = "<script>window.rnnlibExplorer && window.rnnlibExplorer.boot();</script>"
#: explorer.js is a classic script (so a page opened from disk can load it); anywidget wants a
#: module whose default export has render().
ESM_EXPORT = "\nexport default { render: globalThis.rnnlibExplorer.render };\n"
#: Which style of rnnlib.plotting.identity.OPTIMISER_STYLES draws each optimiser.
OPTIMISER_STYLE_KEYS = {"gd": "gradient_descent", "clip": "clipped", "rprop": "rprop"}
#: The surface's colour map, as in the book's surface figures (rnnlib.plotting).
COLORMAP = "viridis"


def _palette() -> dict:
    """The book's colours for the page: Okabe–Ito, the optimisers, the marked points, the map."""
    from matplotlib import colormaps  # not pyplot: importing the explorer stays light

    cmap = colormaps[COLORMAP]
    stops = [[round(255 * c) for c in cmap(i / 16)[:3]] for i in range(17)]
    points = [[float(w[0]), float(w[1]), style["color"], style["marker"]]
              for w, style in POINT_STYLES.items()]
    return {"colors": dict(OKABE_ITO), "points": points, "colormap": stops,
            "optimisers": {key: {"color": OPTIMISER_STYLES[name]["color"],
                                 "marker": OPTIMISER_STYLES[name]["marker"]}
                           for key, name in OPTIMISER_STYLE_KEYS.items()}}


class WeightExplorer(_Widget):
    """Sliders (and exact entry) for w_x and w_rec, and, from chapter 5 on, a run from there.

    Args:
        X: inputs (n, L) (or (L,)); t: targets (n,).
        wx, wrec: the start; sample: the sample whose states are shown (0-based).
        mode: "states", "training" or "full" (see the module's docstring).
        limit: the sliders span [-limit, limit]; step: their resolution.
        **settings: the run's settings, e.g. ``optimiser="gd", learning_rate=1e-5,
            iterations=500`` (see ``engine.DEFAULT_SETTINGS``).
    """

    _esm = SCRIPT.read_text(encoding="utf-8") + ESM_EXPORT
    _css = STYLE
    data = traitlets.Dict().tag(sync=True)
    run = traitlets.Dict().tag(sync=True)
    point = traitlets.Dict().tag(sync=True)

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
        self.engine = Explorer(X, t, (wx, wrec), int(sample), settings, train=mode != "states")
        decimals = max(0, -int(Decimal(repr(step)).normalize().as_tuple().exponent))
        # What the page shows is in its language: the data name the presets, views and
        # optimisers by kind; explorer.js words them ("start (−1.5, 2)", "始点(−1.5, 2)").
        presets = [("start", *START), ("optimum", *OPTIMUM)]
        presets += [("marked", a, b) for a, b in MARKED_POINTS]
        data = {
            "X": X.tolist(), "t": t.tolist(), "mode": mode, "limit": limit, "step": step,
            "decimals": decimals, "start": [wx, wrec], "sample": int(sample),
            "labels": [self._sample_label(i) for i in range(n)],
            "presets": [[kind, float(a), float(b)] for kind, a, b in presets],
            "views": [["overview", [-limit, limit, -limit, limit]],
                      ["valley", [0.0, 2.0, 0.75, 1.25]]],
            "optimum": [float(v) for v in OPTIMUM],
            "optimisers": optimisers,
            "settings": settings, "grid": GRID_POINTS, "max_iterations": MAX_ITERATIONS,
            "palette": _palette(),
        }
        self._replies = 0
        super().__init__(data=data, run=self.engine.run_state(), point=self.engine.point_state())
        self.on_msg(self._on_message)

    def _sample_label(self, i: int) -> str:
        """"3: 0110100101 (t = 5)": the bits are spelled out for short binary sequences."""
        row = self.X[i]
        if len(row) <= 16 and np.all((row == 0) | (row == 1)):
            return f"{i}: {''.join(str(int(v)) for v in row)} (t = {self.t[i]:g})"
        return f"{i} (t = {self.t[i]:g})"

    def _on_message(self, _widget, content: dict, _buffers) -> None:
        """An action from the front end: compute it with rnnlib and send the new state back."""
        before = self.engine.run
        self.engine.handle(content)
        if self.engine.run is not before:
            self.run = self.engine.run_state()
        self._replies += 1  # every action gets an answer, even one that changes nothing
        self.point = {**self.engine.point_state(), "reply": self._replies}

    # --- the static twin ---------------------------------------------------------------------
    def to_html(self) -> str:
        """The HTML twin at the initial settings: the data and a loader (deterministic)."""
        payload = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False)
        payload = payload.replace("</", "<\\/")  # nothing in it can end the script element
        return (
            f'<div class="rnnlib-explorer" data-mode="{self.mode}">'
            f'<p class="rnnlib-placeholder">{PLACEHOLDER}</p>'
            f'<script type="application/json" class="rnnlib-data">{payload}</script>'
            f"{LOADER}</div>"
        )

    def __repr__(self) -> str:
        wx, wrec, sample = self.initial
        limit = self.data["limit"]
        shape = ", ".join(map(str, self.X.shape))
        return (f"WeightExplorer(X: ({shape}), wx={wx:g}, wrec={wrec:g}, sample={sample}, "
                f"mode={self.mode!r}, limit={limit:g})")

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        bundle, metadata = super()._repr_mimebundle_(**kwargs)
        bundle = {**bundle, "text/plain": repr(self), "text/html": self.to_html()}
        return bundle, metadata
