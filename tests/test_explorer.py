"""The weight explorer without a browser: its computation, its live state, its HTML twin.

The live view's numbers come from ``engine.Explorer`` acting on the front end's messages; they
must be rnnlib's (whole runs number for number). The HTML twin must be deterministic (nbval
compares it strictly), say what to do before its cell runs, load nothing and hold no front-end
code (the book ships explorer.js once).
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys

import numpy as np
import pytest

import rnnlib
from rnnlib.explorer import PLACEHOLDER, SCRIPT, STYLE, WeightExplorer
from rnnlib.explorer.engine import (
    DEFAULT_SETTINGS,
    Explorer,
    check_settings,
    clipped_descent,
    evaluate,
    train,
)
from rnnlib.plotting.identity import OKABE_ITO, OPTIMISER_STYLES, POINT_STYLES

WEIGHTS = [(1.0, 1.0), (-1.5, 2.0), (1.0, -2.0), (0.37, 0.5), (2.5, -2.9), (-3.0, 3.0), (0.0, 0.0)]


@pytest.fixture(scope="module")
def data():
    return rnnlib.make_dataset()


def send(explorer: WeightExplorer, **message) -> tuple[dict, dict]:
    """What the front end does: send an action, then read the run and point the kernel sent."""
    explorer._on_message(explorer, message, [])
    return explorer.run, explorer.point


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


def test_the_explorers_rprop_defaults_are_rnnlibs():
    defaults = {name: p.default for name, p in inspect.signature(rnnlib.rprop).parameters.items()}
    assert DEFAULT_SETTINGS["optimiser"] == "rprop"
    assert DEFAULT_SETTINGS["iterations"] == defaults["n_iter"] == 500
    for name in ("delta0", "eta_p", "eta_n"):
        assert DEFAULT_SETTINGS[name] == defaults[name], name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_live_rprop_run_is_rnnlibs_rprop(seed):
    X, t = rnnlib.make_dataset(seed=seed)
    explorer = WeightExplorer(X, t, mode="training")
    run, point = send(explorer, action="move", wx=-1.5, wrec=2.0)
    expected = rnnlib.rprop(X, t, (-1.5, 2.0), 500)
    np.testing.assert_array_equal(np.array(run["trail"]), expected)
    assert run["costs"] == [rnnlib.loss(X, t, *w) for w in expected]
    assert (run["diverged"], point["iteration"], run["start"]) == (None, 0, [-1.5, 2.0])
    for i in (0, 1, 37, 500):  # the replayed point's gradient
        _, point = send(explorer, action="seek", iteration=i)
        np.testing.assert_array_equal(point["grad"], rnnlib.gradient(X, t, *expected[i]))


@pytest.mark.parametrize(("learning_rate", "iterations", "diverges"),
                         [(1e-7, 300, False), (1e-3, 300, False), (0.05, 40, True)])
def test_live_gradient_descent_run_is_rnnlibs(data, learning_rate, iterations, diverges):
    X, t = data
    explorer = WeightExplorer(X, t, wx=1.2, wrec=0.9, mode="training", optimiser="gd",
                              learning_rate=learning_rate, iterations=iterations)
    expected = rnnlib.gradient_descent(X, t, (1.2, 0.9), learning_rate, iterations)
    np.testing.assert_array_equal(np.array(explorer.run["trail"]), expected)
    assert explorer.run["diverged"] == (len(expected) if diverges else None)
    # replay: seeking past the end stops at the run's last point, whose states are rnnlib's
    _, point = send(explorer, action="seek", iteration=iterations + 5)
    assert point["iteration"] == len(expected) - 1
    np.testing.assert_array_equal(point["states"],
                                  rnnlib.forward_states(X, *expected[-1])[explorer.initial[2]])
    run, point = send(explorer, action="move", wx=1.0, wrec=1.0)
    assert point["iteration"] == 0 and run["costs"][0] == 0.0


def test_clipped_descent_scales_a_long_gradient_to_length_theta(data):
    X, t = data
    path = clipped_descent(X, t, (-1.5, 2.0), 1e-3, 100.0, 500)
    w = np.array([-1.5, 2.0])
    for row in path[1:]:
        g = np.array(rnnlib.gradient(X, t, *w))
        norm = np.linalg.norm(g)
        w = w - 1e-3 * (g * 100.0 / norm if norm > 100.0 else g)
        np.testing.assert_allclose(row, w, rtol=1e-12)
    assert len(path) == 501 and rnnlib.loss(X, t, *path[-1]) < 0.1  # where plain descent diverges
    run = train(X, t, (-1.5, 2.0), check_settings({"optimiser": "clip", "learning_rate": 1e-3,
                                                   "theta": 100.0}))
    np.testing.assert_array_equal(run["trail"], path)


def test_a_new_setting_keeps_the_last_run_as_a_ghost(data):
    X, t = data
    explorer = WeightExplorer(X, t, wx=-1.5, wrec=2.0, mode="training")
    rprop_run = explorer.run
    assert rprop_run["previous"] is None
    run, _ = send(explorer, action="settings", settings={"optimiser": "gd",
                                                         "learning_rate": 1e-7})
    ghost = run["previous"]
    assert ghost["settings"]["optimiser"] == "rprop" and ghost["trail"] == rprop_run["trail"]
    np.testing.assert_array_equal(run["trail"],
                                  rnnlib.gradient_descent(X, t, (-1.5, 2.0), 1e-7, 500))
    # a new start moves both: the ghost is its settings' run from the new start
    run, _ = send(explorer, action="move", wx=-1.0, wrec=1.5)
    np.testing.assert_array_equal(run["previous"]["trail"], rnnlib.rprop(X, t, (-1.0, 1.5)))
    np.testing.assert_array_equal(run["trail"],
                                  rnnlib.gradient_descent(X, t, (-1.0, 1.5), 1e-7, 500))
    # the same settings again change nothing (no ghost of an identical run)
    before = explorer.run
    run, _ = send(explorer, action="settings", settings={"optimiser": "gd"})
    assert run is before


def test_starts_exactly_at_the_weights_asked_for(data):
    """After Run All the explorer shows the cell's weights, not the front end's rounding."""
    explorer = WeightExplorer(*data, wx=1.0, wrec=1.0, mode="states")
    assert explorer.run["trail"] == [[1.0, 1.0]] and explorer.run["costs"] == [0.0]
    # a slider's displayed value "0.29" is evaluated as 0.29 exactly
    run, _ = send(explorer, action="move", wx=float("0.29"), wrec=1.0)
    X, t = data
    assert run["costs"] == [rnnlib.cost(rnnlib.forward_states(X, 0.29, 1.0)[:, -1], t)]


def test_long_sequences_overflow_into_the_readouts_not_an_exception():
    X, t = rnnlib.make_dataset(5, 800)
    explorer = WeightExplorer(X, t, iterations=5)  # each iteration runs 800 steps in Python
    run, point = send(explorer, action="move", wx=1.0, wrec=3.0)
    assert run["costs"] == ["inf"] and point["grad"] == ["nan", "nan"]
    assert run["diverged"] == 0  # nothing to train from; the readouts say so
    assert send(explorer, action="seek", iteration=1)[1]["iteration"] == 0
    json.dumps([run, point], allow_nan=False)  # the state stays valid JSON for the front end
    run, _ = send(explorer, action="move", wx=1.0, wrec=1.0)
    assert run["costs"][0] == 0.0 and run["diverged"] is None


def test_the_sample_action_switches_the_reported_states(data):
    X, t = data
    explorer = WeightExplorer(X, t, wx=1.2, wrec=0.9)
    _, point = send(explorer, action="sample", sample=7)
    np.testing.assert_array_equal(point["states"], rnnlib.forward_states(X, 1.2, 0.9)[7])
    assert explorer.data["labels"][7] == f"7: {''.join(map(str, X[7]))} (t = {t[7]})"


def test_every_action_gets_an_answer(data):
    """Live, the front end waits for the kernel's reply: an action that changes nothing too."""
    explorer = WeightExplorer(*data, mode="training")
    replies = {send(explorer, action="seek", iteration=0)[1]["reply"] for _ in range(3)}
    assert len(replies) == 3


def test_mime_bundle_has_the_widget_view_and_a_deterministic_html_twin(data):
    first = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    second = WeightExplorer(*data, wx=-1.5, wrec=2.0)
    bundle, _ = first._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == first.model_id
    assert bundle["text/plain"] == (  # like a call, no words: the same in both editions
        "WeightExplorer(X: (20, 10), wx=-1.5, wrec=2, sample=0, mode='full', limit=3)")
    send(first, action="move", wx=0.5, wrec=0.5)  # the twin always shows the initial settings
    assert first.to_html() == second.to_html() == bundle["text/html"]


def test_html_twin_holds_data_and_a_loader_not_the_front_end(data):
    html = WeightExplorer(*data, mode="training").to_html()
    assert html.index(PLACEHOLDER) < html.index("<script")  # seen first where scripts do not run
    assert "run this cell" in PLACEHOLDER
    payload = re.search(r'<script type="application/json" class="rnnlib-data">(.*?)</script>',
                        html).group(1)
    assert json.loads(payload)["X"] == data[0].tolist()
    code = re.sub(r'<script type="application/json".*?</script>', "", html)
    assert len(code) < 400, "the twin must hold a loader, not the front end"
    assert "function" not in code and "<style" not in code
    loads = r"https?:|<link|<iframe|<script src|url\(|@import|fetch\(|XMLHttpRequest|import\("
    assert not re.search(loads, html), "the twin must not load anything"


def test_the_front_end_is_one_classic_script_and_anywidgets_module():
    script = SCRIPT.read_text(encoding="utf-8")
    assert "export " not in script and "import " not in script  # a page can load it from disk
    assert WeightExplorer._esm.startswith(script)
    assert WeightExplorer._esm.rstrip().endswith(
        "export default { render: globalThis.rnnlibExplorer.render };")
    assert not re.search(r"#[0-9a-fA-F]{6}\b", script + STYLE.read_text()), (
        "colours come from rnnlib.plotting.identity with the data, never typed into the front end")


def test_the_palette_is_the_books(data):
    palette = WeightExplorer(*data).data["palette"]
    assert palette["colors"] == OKABE_ITO
    assert palette["optimisers"]["rprop"]["color"] == OPTIMISER_STYLES["rprop"]["color"]
    assert palette["optimisers"]["gd"]["color"] == OPTIMISER_STYLES["gradient_descent"]["color"]
    assert palette["optimisers"]["clip"]["color"] == OPTIMISER_STYLES["clipped"]["color"]
    assert {(a, b): (c, m) for a, b, c, m in palette["points"]} == {
        w: (s["color"], s["marker"]) for w, s in POINT_STYLES.items()}


def test_each_mode_offers_only_what_its_chapter_has_taught(data):
    assert WeightExplorer(*data, mode="training").data["optimisers"] == [
        "gd", "rprop"]
    assert WeightExplorer(*data, mode="full").data["optimisers"] == [
        "gd", "clip", "rprop"]


def test_importing_the_explorer_does_not_import_pyplot():
    code = "import sys, rnnlib.explorer; sys.exit('matplotlib.pyplot' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_states_mode_computes_no_run(data):
    explorer = Explorer(*data, (1.5, 0.5), train=False)
    assert len(explorer.run["trail"]) == 1


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
        ({"iterations": 0}, ValueError, r"iterations must be in 1..10000"),
        ({"iterations": 2.5}, TypeError, "iterations must be an integer"),
        ({"momentum": 0.9}, TypeError, "unknown setting 'momentum'"),
    ],
)
def test_bad_input_gives_a_clear_error(data, kwargs, error, message):
    X, t = data
    arguments = {"X": X, "t": t, **kwargs}
    with pytest.raises(error, match=message):
        WeightExplorer(arguments.pop("X"), arguments.pop("t"), **arguments)


def explorer_strings() -> dict[str, dict[str, str]]:
    """explorer.js's STRINGS, language → key → text, read from the script's source."""
    script = SCRIPT.read_text(encoding="utf-8")
    begin = script.index("var STRINGS = {")
    block = script[begin:script.index("\n};\n", begin)]
    tables = {}
    for lang, body in re.findall(r"\n  (\w+): \{\n(.*?)\n  \},", block, re.S):
        # a value is one or more "..." literals joined by +
        entries = re.findall(r'(\w+): ((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+)', body)
        tables[lang] = {key: "".join(json.loads(part) for part in
                                     re.findall(r'"(?:[^"\\]|\\.)*"', value))
                        for key, value in entries}
    return tables


def test_every_explorer_text_is_in_english_and_japanese(data):
    """One table of words per language, the same keys, the same {marks}, each text its own."""
    tables = explorer_strings()
    assert set(tables) == {"en", "ja"}
    en, ja = tables["en"], tables["ja"]
    assert len(en) > 80 and set(en) == set(ja)
    for key in en:
        assert set(re.findall(r"\{\w+\}", en[key])) == set(re.findall(r"\{\w+\}", ja[key])), key
        if re.search(r"[a-z]{3,} [a-z]{2,}", en[key]):  # a phrase, not a name such as Rprop
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja[key]), f"{key} is not Japanese"
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r'words\("(\w+)"[,)]', script))
    assert used <= set(en), f"words with no text: {sorted(used - set(en))}"
    # keys the script builds from the data: the kinds the widget sends, the fields it names
    explorer = WeightExplorer(*data, mode="full")
    built = {f"preset_{kind}" for kind, _, _ in explorer.data["presets"]}
    built |= {f"view_{kind}" for kind, _ in explorer.data["views"]}
    built |= {f"optimiser_{key}" for key in explorer.data["optimisers"]}
    fields = [*re.findall(r'entry\("(\w+)"', script), "wx_value", "wrec_value"]
    built |= {f"field_{name}" for name in fields}
    expects = re.search(r"var EXPECTS = \{(.*?)\};", script, re.S).group(1)
    assert set(fields) == set(re.findall(r"(\w+): \"", expects))
    built |= {f"expects_{kind}" for kind in re.findall(r': "(\w+)"', expects)}
    assert built <= set(en), f"words with no text: {sorted(built - set(en))}"
    # nothing English is left outside the table: every other literal is markup or a symbol
    table = script[script.index("var STRINGS = {"):script.index("function languageOf")]
    outside = script.replace(table, "")
    code = re.sub(r"//[^\n]*", "", outside)
    for literal in set(re.findall(r'"((?:[^"\\]|\\.)*)"', code)) - {"use strict"}:
        text = re.sub(r"^[^<]*>|<[^>]*>?|&\w+;", " ", literal)  # markup, cut anywhere
        assert not re.search(r"(?<![-\w])[A-Za-z]{3,} [A-Za-z]{3,}(?![-\w])", text), literal
