"""The weight explorer without a browser: the live widget's numbers and plots, the HTML twin.

The live view is driven by setting the sliders' values from Python, as the frontend does; the
numbers and the artists' data must equal rnnlib's. The HTML twin must be deterministic (nbval
compares it strictly) and must carry the elements the browser tests and readers rely on.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

import rnnlib
from rnnlib.explorer import WeightExplorer, explore

WEIGHTS = [(1.0, 1.0), (-1.5, 2.0), (1.0, -2.0), (0.37, 0.5), (2.5, -2.9), (-3.0, 3.0), (0.0, 0.0)]


@pytest.fixture(scope="module")
def data():
    return rnnlib.make_dataset()


@pytest.fixture(scope="module")
def explorer(data):
    return WeightExplorer(*data, sample=3)


def readout(html: str, key: str) -> str:
    match = re.search(rf'data-readout="{key}">([^<]*)<', html)
    assert match, f"no readout {key!r} in {html!r}"
    return match.group(1)


def move(explorer: WeightExplorer, wx: float, wrec: float, sample: int = 3) -> None:
    explorer.wx_slider.value = wx
    explorer.wrec_slider.value = wrec
    explorer.sample_picker.value = sample


@pytest.mark.parametrize(("wx", "wrec"), WEIGHTS)
def test_readouts_and_plotted_data_follow_the_sliders(explorer, data, wx, wrec):
    X, t = data
    move(explorer, wx, wrec)
    S = rnnlib.forward_states(X, wx, wrec)
    xi = rnnlib.cost(S[:, -1], t)
    g_wx, g_wrec = rnnlib.gradient(X, t, wx, wrec)
    _, over_time = rnnlib.backward_gradient(X, S, rnnlib.output_gradient(S[:, -1], t), wrec)

    html = explorer.readouts.value
    assert readout(html, "cost") == f"{xi:.5g}"
    assert readout(html, "grad_wx") == f"{g_wx:.5g}"
    assert readout(html, "grad_wrec") == f"{g_wrec:.5g}"
    assert readout(html, "grad_norm") == f"{np.hypot(g_wx, g_wrec):.5g}"
    assert readout(html, "output") == f"{S[3, -1]:.5g}"

    np.testing.assert_array_equal(explorer.states_line.get_ydata(), S[3])
    np.testing.assert_array_equal(explorer.states_line.get_xdata(), np.arange(X.shape[1] + 1))
    np.testing.assert_array_equal(explorer.target_line.get_ydata(), [t[3], t[3]])
    np.testing.assert_array_equal(explorer.grad_line.get_ydata(), over_time[3])
    np.testing.assert_array_equal(explorer.marker.get_xydata(), [[wx, wrec]])
    # every plotted point lies inside the axes' (snapped) ranges
    for line in (explorer.states_line, explorer.grad_line):
        low, high = line.axes.get_ylim()
        assert low <= line.get_ydata().min() and line.get_ydata().max() <= high


def test_the_sample_selector_switches_the_states_plot(explorer, data):
    X, t = data
    move(explorer, 1.2, 0.9, sample=7)
    S = rnnlib.forward_states(X, 1.2, 0.9)
    np.testing.assert_array_equal(explorer.states_line.get_ydata(), S[7])
    np.testing.assert_array_equal(explorer.target_line.get_ydata(), [t[7], t[7]])
    assert readout(explorer.readouts.value, "sample") == "7"
    assert explorer.axes[0].get_title() == f"sample 7: {''.join(map(str, X[7]))} (t = {t[7]})"


def test_each_move_redraws_the_one_figure_in_place(data):
    explorer = WeightExplorer(*data)
    figure, first = explorer.figure, bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    explorer.wrec_slider.value = 1.5
    assert explorer.figure is figure and bytes(explorer.image.value) != first


@pytest.mark.parametrize(
    "moves",
    [
        [("wrec", 0.5), ("wrec", 0.9), ("wrec", 1.3), ("wrec", 0.98), ("wrec", 0.97)],
        [("wx", -2.0), ("sample", 5), ("wrec", -1.2), ("wx", 0.3), ("sample", 2), ("wrec", 0.97)],
    ],
)
def test_a_blitted_frame_equals_a_freshly_drawn_one(data, moves):
    """Updating in place (restore the saved frame, redraw what changed) changes no pixel."""
    moved = WeightExplorer(*data, sample=2)
    controls = {"wx": moved.wx_slider, "wrec": moved.wrec_slider, "sample": moved.sample_picker}
    for name, value in moves:
        controls[name].value = value
    fresh = WeightExplorer(*data, wx=moved.wx_slider.value, wrec=0.97, sample=2)
    np.testing.assert_array_equal(
        np.asarray(moved.figure.canvas.buffer_rgba()), np.asarray(fresh.figure.canvas.buffer_rgba())
    )


def test_live_update_time(data):
    """One slider move, redraw and PNG included, as the kernel handles it (target: < 50 ms)."""
    explorer = WeightExplorer(*data)
    times = []
    for wrec in np.round(np.arange(0.80, 1.30, 0.01), 2):  # a drag: small steps
        start = time.perf_counter()
        explorer.wrec_slider.value = float(wrec)
        times.append(time.perf_counter() - start)
    times_ms = 1000 * np.array(times)
    print(f"\nlive update: median {np.median(times_ms):.1f} ms, 90th percentile "
          f"{np.percentile(times_ms, 90):.1f} ms, max {times_ms.max():.1f} ms "
          f"over {len(times)} moves")
    assert np.median(times_ms) < 1000  # a sanity bound only; the machine may be busy


def test_mime_bundle_has_the_widget_view_and_a_deterministic_html_twin(data):
    first = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    second = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    bundle = first._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == first.widget.model_id
    assert bundle["text/plain"] == (
        "WeightExplorer(w_x=-1.5, w_rec=2, sample 0 of 20, sliders over [-3, 3])"
    )
    first.wrec_slider.value = 0.5  # the twin always shows the initial settings
    assert first.to_html() == second.to_html() == bundle["text/html"]


def test_html_twin_contract(data):
    X, t = data
    html = WeightExplorer(X, t, wx=-1.5, wrec=2.0).to_html()
    for name in ("wx", "wrec"):
        tag = re.search(rf'<input type="range" name="{name}"[^>]*>', html)
        assert tag and 'aria-label="' in tag.group(0)
        assert 'min="-3.0" max="3.0" step="0.01"' in tag.group(0)
    y = rnnlib.forward_states(X, -1.5, 2.0)[:, -1]
    assert readout(html, "cost") == f"{rnnlib.cost(y, t):.5g}"
    assert html.count("<script>") == 1 and "<select name=\"sample\"" in html
    loads = r"https?:|<link|<iframe|<script src|url\(|@import|fetch\(|XMLHttpRequest|import\("
    assert not re.search(loads, html), "the twin must not load anything"


def test_different_data_gives_a_different_key(data):
    X, t = data
    key = re.compile(r'data-explorer="([0-9a-f]{12})"')
    one = key.search(WeightExplorer(X, t).to_html()).group(1)
    other = key.search(WeightExplorer(X[:5], t[:5]).to_html()).group(1)
    moved = key.search(WeightExplorer(X, t, wrec=0.5).to_html()).group(1)
    assert len({one, other, moved}) == 3


def test_explore_is_a_shortcut(data):
    assert isinstance(explore(*data, wx=0.5), WeightExplorer)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"X": [[[1]]]}, ValueError, "X must be 1-D"),
        ({"t": [1, 2]}, ValueError, "t must have one value per sample"),
        ({"wx": 3.5}, ValueError, r"wx must lie in \[-limit, limit\]"),
        ({"wrec": "1"}, TypeError, "wrec must be a real number"),
        ({"sample": 20}, ValueError, r"sample must be in 0..19"),
        ({"sample": 1.0}, TypeError, "sample must be an integer"),
        ({"limit": -1}, ValueError, "limit must be positive"),
        ({"step": 10}, ValueError, "step must be smaller than the slider range"),
    ],
)
def test_bad_input_gives_a_clear_error(data, kwargs, error, message):
    X, t = data
    arguments = {"X": X, "t": t, **kwargs}
    with pytest.raises(error, match=message):
        WeightExplorer(arguments.pop("X"), arguments.pop("t"), **arguments)
