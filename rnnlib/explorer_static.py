"""The weight explorer's static twin: the same explorer as self-contained HTML for the book.

Python callbacks cannot run in a static page, so the twin carries the data as JSON and a small
script, ``explorer.js`` (inlined with ``explorer.css``), that repeats rnnlib's forward pass, cost
and BPTT in float64 in the same order of operations (numpy's pairwise summation included): its
numbers equal rnnlib's to the last displayed digit, and it makes no network request. The HTML is a
pure function of the data and the settings (no random ids, no timestamps), so nbval compares it
strictly. ``evaluate`` and the readouts are shared with the live view in ``explorer.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
from importlib import resources

import numpy as np

from .model import backward_gradient, cost, forward_states, output_gradient

GRID_POINTS = 121  # loss-surface resolution per axis, live and static


def _fmt(value: float) -> str:
    """Readout format, mirrored by fmt() in explorer.js."""
    return f"{value:.5g}"


def evaluate(X: np.ndarray, t: np.ndarray, wx: float, wrec: float) -> dict:
    """Everything the explorer shows at (wx, wrec), computed with rnnlib.

    Returns a dict with ``states`` S (n, L+1), ``cost``, ``grad_wx``, ``grad_wrec``, ``grad_norm``
    (the gradient's length) and ``grad_over_time`` ∂ξ/∂s_k (n, L+1).
    """
    S = forward_states(X, wx, wrec)
    y = S[:, -1]
    (grad_wx, grad_wrec), grad_over_time = backward_gradient(X, S, output_gradient(y, t), wrec)
    return {
        "states": S, "cost": cost(y, t), "grad_wx": grad_wx, "grad_wrec": grad_wrec,
        "grad_norm": math.sqrt(grad_wx * grad_wx + grad_wrec * grad_wrec),
        "grad_over_time": grad_over_time,
    }


def readouts_html(values: dict, sample: int) -> str:
    """The numbers, each in an element with a ``data-readout`` attribute (used by the tests)."""
    items = [
        ("cost", "cost ξ", values["cost"]),
        ("grad_wx", "∂ξ/∂w<sub>x</sub>", values["grad_wx"]),
        ("grad_wrec", "∂ξ/∂w<sub>rec</sub>", values["grad_wrec"]),
        ("grad_norm", "|∇ξ|", values["grad_norm"]),
        ("output", f'output y of sample <span data-readout="sample">{sample}</span>',
         values["states"][sample, -1]),
    ]
    spans = "".join(
        f'<span style="display: inline-block; margin-right: 1.4em">{label} = '
        f'<b data-readout="{key}">{_fmt(value)}</b></span>'
        for key, label, value in items
    )
    return f'<div class="rnnlib-readouts" aria-live="polite">{spans}</div>'


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def explorer_html(
    X: np.ndarray, t: np.ndarray, *, wx: float, wrec: float, sample: int, limit: float,
    step: float, decimals: int, sample_labels: list[str],
) -> str:
    """The self-contained HTML twin, starting at (wx, wrec) with ``sample`` shown.

    ``X`` (n, L) and ``t`` (n,) are validated arrays; ``decimals`` is how the sliders' values are
    printed; ``sample_labels`` (n,) names each sample in the selector.
    """
    data = {"X": X.tolist(), "t": t.tolist(), "wx": wx, "wrec": wrec,
            "sample": sample, "limit": limit, "step": step, "grid": GRID_POINTS}
    payload = json.dumps(data, separators=(",", ":"))
    key = hashlib.sha256(payload.encode()).hexdigest()[:12]
    sliders = "".join(
        f'<label class="rnnlib-slider"><span>{text}</span><input type="range" name="{name}" '
        f'aria-label="{aria}" min="{-limit!r}" max="{limit!r}" '
        f'step="{step!r}" value="{value!r}"><output data-readout="{name}">'
        f"{value:.{decimals}f}</output></label>"
        for name, text, aria, value in (
            ("wx", "w<sub>x</sub>", "input weight w_x", wx),
            ("wrec", "w<sub>rec</sub>", "recurrent weight w_rec", wrec)))
    options = "".join(
        f'<option value="{i}"{" selected" if i == sample else ""}>'
        f"{sample_labels[i]}</option>" for i in range(X.shape[0]))
    plots = "".join(
        f'<svg data-plot="{name}" viewBox="0 0 300 230" role="img" aria-label="{aria}"></svg>'
        for name, aria in (
            ("states", "the chosen sample's states over the steps, with its target"),
            ("gradient", "the gradient of the cost with respect to each state"),
            ("surface", "the loss surface with the current weights marked")))
    return (
        f'<div class="rnnlib-explorer" data-explorer="{key}" data-decimals="{decimals}">'
        f"<style>{_asset('explorer.css')}</style>"
        f'<div class="rnnlib-controls">{sliders}<label class="rnnlib-slider">sample '
        f'<select name="sample" aria-label="sample shown">{options}</select></label></div>'
        f"{readouts_html(evaluate(X, t, wx, wrec), sample)}"
        f'<div class="rnnlib-plots">{plots}</div>'
        f'<script type="application/json" class="rnnlib-data">{payload}</script>'
        f"<script>{_asset('explorer.js')}</script></div>"
    )
