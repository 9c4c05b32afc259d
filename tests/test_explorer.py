"""The weight explorer without a browser: its computation, its live state, its HTML twin.

The live view's numbers come from ``trajectories.Training`` acting on the front end's messages;
they must be rnnlib's (trajectories number for number). The HTML twin must be deterministic
(nbval compares it strictly), say what to do before its cell runs, and load nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

import rnnlib
from rnnlib.explorer import PLACEHOLDER, WeightExplorer
from rnnlib.trajectories import Training, evaluate

WEIGHTS = [(1.0, 1.0), (-1.5, 2.0), (1.0, -2.0), (0.37, 0.5), (2.5, -2.9), (-3.0, 3.0), (0.0, 0.0)]


@pytest.fixture(scope="module")
def data():
    return rnnlib.make_dataset()


def send(explorer: WeightExplorer, **message) -> dict:
    """What the front end does: send an action, then read the state the kernel sent back."""
    explorer._on_message(explorer, message, [])
    return explorer.state


@pytest.mark.parametrize(("wx", "wrec"), WEIGHTS)
def test_evaluate_is_rnnlib(data, wx, wrec):
    X, t = data
    values = evaluate(X, t, wx, wrec)
    S = rnnlib.forward_states(X, wx, wrec)
    _, over_time = rnnlib.backward_gradient(X, S, rnnlib.output_gradient(S[:, -1], t), wrec)
    np.testing.assert_array_equal(values["states"], S)
    assert values["cost"] == rnnlib.cost(S[:, -1], t)
    np.testing.assert_array_equal(values["grad"], rnnlib.gradient(X, t, wx, wrec))
    np.testing.assert_array_equal(values["grad_over_time"], over_time)
    assert values["finite"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_live_rprop_is_rnnlibs_rprop(seed):
    X, t = rnnlib.make_dataset(seed=seed)
    explorer = WeightExplorer(X, t, mode="training")
    send(explorer, action="move", wx=-1.5, wrec=2.0)
    send(explorer, action="settings", settings={"optimiser": "rprop"})
    state = send(explorer, action="step", count=500)
    expected = rnnlib.rprop(X, t, (-1.5, 2.0), 500)
    np.testing.assert_array_equal(np.array(state["trail"]), expected)
    assert (state["iteration"], state["wx"], state["wrec"]) == (500, *expected[-1])


@pytest.mark.parametrize(("learning_rate", "diverges"),
                         [(1e-7, False), (1e-3, False), (0.05, True)])
def test_live_gradient_descent_is_rnnlibs(data, learning_rate, diverges):
    X, t = data
    explorer = WeightExplorer(X, t, wx=1.2, wrec=0.9, mode="training", optimiser="gd",
                              learning_rate=learning_rate)
    state = send(explorer, action="step", count=300)
    expected = rnnlib.gradient_descent(X, t, (1.2, 0.9), learning_rate, 300)
    np.testing.assert_array_equal(np.array(state["trail"]), expected)
    assert state["diverged"] == (len(expected) if diverges else None)
    # a diverged run stays usable: Step does nothing more, Reset and moves work
    assert send(explorer, action="step")["iteration"] == len(expected) - (1 if diverges else 0)
    assert send(explorer, action="reset")["iteration"] == 0
    assert send(explorer, action="move", wx=1.0, wrec=1.0)["cost"] == 0.0


def test_clipped_descent_scales_a_long_gradient_to_length_theta(data):
    X, t = data
    training = Training(X, t, (-1.5, 2.0), settings={"optimiser": "clip",
                                                      "learning_rate": 1e-3, "theta": 100.0})
    training.step(500)
    path = np.array(training.trail)
    w = np.array([-1.5, 2.0])
    for row in path[1:]:
        g = np.array(rnnlib.gradient(X, t, *w))
        norm = np.linalg.norm(g)
        w = w - 1e-3 * (g * 100.0 / norm if norm > 100.0 else g)
        np.testing.assert_allclose(row, w, rtol=1e-12)
    assert training.values["cost"] < 0.1  # over the cliff where plain descent diverges


def test_starts_exactly_at_the_weights_asked_for(data):
    """After Run All the explorer shows the cell's weights, not the front end's rounding."""
    explorer = WeightExplorer(*data, wx=1.0, wrec=1.0, mode="states")
    assert (explorer.state["wx"], explorer.state["wrec"], explorer.state["cost"]) == (1.0, 1.0, 0.0)
    # a slider's displayed value "0.29" is evaluated as 0.29 exactly
    state = send(explorer, action="move", wx=float("0.29"), wrec=1.0)
    X, t = data
    assert state["cost"] == rnnlib.cost(rnnlib.forward_states(X, 0.29, 1.0)[:, -1], t)


def test_long_sequences_overflow_into_the_readouts_not_an_exception():
    X, t = rnnlib.make_dataset(5, 800)
    explorer = WeightExplorer(X, t)
    state = send(explorer, action="move", wx=1.0, wrec=3.0)
    assert state["cost"] == "inf" and state["grad"] == ["nan", "nan"]
    assert state["diverged"] == 0  # nothing to train from; the readouts say so
    assert send(explorer, action="step")["iteration"] == 0
    json.dumps(state, allow_nan=False)  # the state stays valid JSON for the front end
    state = send(explorer, action="move", wx=1.0, wrec=1.0)
    assert state["cost"] == 0.0 and state["diverged"] is None


def test_the_sample_action_switches_the_reported_states(data):
    X, t = data
    explorer = WeightExplorer(X, t, wx=1.2, wrec=0.9)
    state = send(explorer, action="sample", sample=7)
    np.testing.assert_array_equal(state["states"], rnnlib.forward_states(X, 1.2, 0.9)[7])
    assert explorer.data["labels"][7] == f"7: {''.join(map(str, X[7]))} (t = {t[7]})"


def test_mime_bundle_has_the_widget_view_and_a_deterministic_html_twin(data):
    first = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    second = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    bundle, _ = first._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == first.model_id
    assert bundle["text/plain"] == (
        "WeightExplorer(w_x=-1.5, w_rec=2, sample 0 of 20, full, sliders over [-3, 3])")
    send(first, action="move", wx=0.5, wrec=0.5)  # the twin always shows the initial settings
    assert first.to_html() == second.to_html() == bundle["text/html"]


def test_html_twin_says_what_to_do_and_loads_nothing(data):
    html = WeightExplorer(*data, mode="training").to_html()
    assert html.index(PLACEHOLDER) < html.index("<script")  # seen first where scripts do not run
    assert "run this cell" in PLACEHOLDER
    assert html.count("<script>") == 1 and "export default" not in html
    payload = re.search(r'<script type="application/json" class="rnnlib-data">(.*?)</script>',
                        html).group(1)
    assert json.loads(payload)["X"] == data[0].tolist()
    loads = r"https?:|<link|<iframe|<script src|url\(|@import|fetch\(|XMLHttpRequest|import\("
    assert not re.search(loads, html), "the twin must not load anything"


def test_each_mode_offers_only_what_its_chapter_has_taught(data):
    assert [o[0] for o in WeightExplorer(*data, mode="training").data["optimisers"]] == [
        "gd", "rprop"]
    assert [o[0] for o in WeightExplorer(*data, mode="full").data["optimisers"]] == [
        "gd", "clip", "rprop"]


def test_importing_the_explorer_does_not_import_pyplot():
    code = "import sys, rnnlib.explorer; sys.exit('matplotlib.pyplot' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


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
        ({"mode": "all"}, ValueError, "mode must be one of states, training, full"),
        ({"optimiser": "adam"}, ValueError, "optimiser must be one of gd, clip, rprop"),
        ({"mode": "training", "optimiser": "clip"}, ValueError,
         "optimiser must be one of gd, rprop"),
        ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number above 0"),
        ({"eta_p": 0.9}, ValueError, "eta_p must be above 1"),
        ({"eta_n": 1.5}, ValueError, r"eta_n must lie in \(0, 1\)"),
        ({"theta": "1"}, TypeError, "theta must be a real number"),
        ({"momentum": 0.9}, TypeError, "unknown setting 'momentum'"),
    ],
)
def test_bad_input_gives_a_clear_error(data, kwargs, error, message):
    X, t = data
    arguments = {"X": X, "t": t, **kwargs}
    with pytest.raises(error, match=message):
        WeightExplorer(arguments.pop("X"), arguments.pop("t"), **arguments)
