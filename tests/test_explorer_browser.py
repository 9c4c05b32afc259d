"""The weight explorer in a real browser: the static twin in the built book, and live in JupyterLab.

Static: each chapter page that holds an explorer is opened from disk with every non-file request
blocked; the sliders are moved by input events as a drag fires them, and the readouts must equal
rnnlib's numbers for those weights, the plots must change, nothing may leave the book's files and
the console must stay clean. The time the page spends per input event is printed.

Live: a JupyterLab server is started on 127.0.0.1 with a token (and stopped) by the test itself;
the loss-surface chapter is opened, all its cells are run, the w_rec slider is moved, and the
widget's cost readout must show rnnlib's cost for the new weights. The server runs on a copy of
the notebook in a temporary folder, so it can never write to the book's own files.

RNNLIB_BOOK_HTML (another built book's html folder) and RNNLIB_EXPLORER_NOTEBOOK (another
notebook) point the tests elsewhere, e.g. at a scratch book while developing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import jupyterlab_server

import rnnlib

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["02_unrolling.html", "06_loss_surface.html"]
LIVE_NOTEBOOK = Path(
    os.environ.get("RNNLIB_EXPLORER_NOTEBOOK", ROOT / "book" / "06_loss_surface.ipynb")
)
# (w_x, w_rec) checkpoints of a drag; the last ones reach the cliffs, where numbers print as 1e+09
CHECKPOINTS = [(1.0, 1.0), (1.0, 0.5), (0.37, -0.5), (1.0, -2.0), (2.0, 1.0), (-3.0, 3.0)]
READOUT_KEYS = ("cost", "grad_wx", "grad_wrec", "grad_norm")


def expected_readouts(X, t, wx: float, wrec: float) -> dict[str, str]:
    """What the readouts must show, from rnnlib itself."""
    y = rnnlib.forward_states(X, wx, wrec)[:, -1]
    g_wx, g_wrec = rnnlib.gradient(X, t, wx, wrec)
    values = (rnnlib.cost(y, t), g_wx, g_wrec, np.hypot(g_wx, g_wrec))
    return {key: f"{value:.5g}" for key, value in zip(READOUT_KEYS, values, strict=True)}


@pytest.fixture(scope="module")
def book_html(request) -> Path:
    override = os.environ.get("RNNLIB_BOOK_HTML")
    return Path(override) if override else request.getfixturevalue("built_book")


def watch(context, allowed: tuple[str, ...]):
    """Block every request whose URL does not start with one of ``allowed``; record all of them."""
    seen, blocked = [], []

    def route(route):
        url = route.request.url
        seen.append(url)
        if url.startswith(allowed):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", route)
    return seen, blocked


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


DRAG = """([name, values]) => {
  const root = document.querySelector('.rnnlib-explorer[data-ready]');
  const input = root.querySelector(`input[type=range][name=${name}]`);
  const handler = [], withLayout = [];
  for (const value of values) {
    input.value = value;
    let start = performance.now();
    input.dispatchEvent(new Event('input', {bubbles: true}));
    handler.push(performance.now() - start);
    void root.getBoundingClientRect().height;  // force style and layout of the update
    withLayout.push(performance.now() - start);
  }
  return [handler, withLayout];
}"""


def steps_between(start: float, stop: float, count: int = 12) -> list[str]:
    return [f"{value:.2f}" for value in np.linspace(start, stop, count)[1:]]


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGES)
def test_static_explorer_in_the_built_book(browser, book_html, page_name):
    page_file = book_html / "book" / page_name
    assert page_file.exists(), f"{page_file} is missing: build the book first"
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        seen, blocked = watch(context, ("file://", "data:"))
        page = context.new_page()
        errors = console_errors(page)
        page.goto(page_file.as_uri(), wait_until="load", timeout=60_000)
        assert page.locator(".rnnlib-explorer").count() >= 1, f"{page_name} has no weight explorer"
        root = page.locator(".rnnlib-explorer[data-ready]").first
        root.wait_for(timeout=30_000)
        for name in ("wx", "wrec"):  # labelled for screen readers
            slider = root.locator(f'input[type=range][name="{name}"]')
            assert slider.get_attribute("aria-label") or slider.evaluate("e => e.labels.length")
        data = json.loads(root.locator("script.rnnlib-data").text_content())
        X, t = np.array(data["X"]), np.array(data["t"])
        path = root.locator('svg[data-plot="states"] path[data-series="states"]')
        marker = root.locator("circle[data-marker]")
        before = path.get_attribute("d"), marker.get_attribute("cy")

        times, with_layout = [], []
        wx, wrec = float(root.locator('input[name="wx"]').input_value()), float(
            root.locator('input[name="wrec"]').input_value())
        for next_wx, next_wrec in CHECKPOINTS:
            for name, start, stop in (("wx", wx, next_wx), ("wrec", wrec, next_wrec)):
                handler, layout = page.evaluate(DRAG, [name, steps_between(start, stop)])
                times += handler
                with_layout += layout
            wx, wrec = next_wx, next_wrec
            shown = {key: root.locator(f'[data-readout="{key}"]').text_content()
                     for key in READOUT_KEYS}
            assert shown == expected_readouts(X, t, wx, wrec), (wx, wrec)
            assert root.locator('[data-readout="wrec"]').text_content() == f"{wrec:.2f}"
        assert (path.get_attribute("d"), marker.get_attribute("cy")) != before

        # a real key press on the focused slider moves it one step and fires the same event
        root.locator('input[name="wrec"]').focus()
        page.keyboard.press("ArrowLeft")
        assert root.locator('input[name="wrec"]').input_value() == "2.99"
        assert root.locator('[data-readout="cost"]').text_content() == expected_readouts(
            X, t, -3.0, 2.99)["cost"]

        assert not blocked, f"requests left the book's files: {blocked}"
        assert all(url.startswith(("file://", "data:")) for url in seen)
        assert not errors, f"console errors: {errors}"
        print(f"\nstatic update ({page_name}): median {np.median(times):.2f} ms per input event "
              f"(max {np.max(times):.2f}); with style and layout {np.median(with_layout):.2f} ms "
              f"(max {np.max(with_layout):.2f}) over {len(times)} events")
    finally:
        context.close()


@pytest.mark.browser
def test_the_pages_number_format_is_pythons(browser):
    """explorer.js prints numbers as Python's format(x, ".5g") does, the live view's format."""
    source = (ROOT / "rnnlib" / "explorer.js").read_text()
    fmt = re.search(r"\n  function fmt\(x\) \{\n.*?\n  \}\n", source, re.DOTALL).group(0)
    values = [0.0, 1.0, -1.0, 105.0307019150633, 123456.7, 99999.5, 99999.4, 1e-4, 1.23456e-5,
              -9.99995e-5, 7.8e9, 1e16, 2.5e-300, 1 / 3, 2 / 3, 1e5, 12345.6, 0.1 + 0.2, 5e-5,
              1.03125, -1.03125, 1000.25, 1000.75, 12345.5, 12344.5, 0.0001220703125]  # ties
    values += list(np.random.default_rng(0).standard_normal(200) * 10.0 ** np.arange(-10, 10, 0.1))
    page = browser.new_page()
    try:
        shown = page.evaluate(f"values => {{ {fmt} return values.map(fmt); }}", values)
    finally:
        page.close()
    assert shown == [f"{value:.5g}" for value in values]


# --- live, in JupyterLab ------------------------------------------------------------------------
def explorer_data(notebook: Path):
    """The data set the notebook's first explorer was made with (embedded in its HTML twin)."""
    for cell in json.loads(notebook.read_text())["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", []))
            match = re.search(r'<script type="application/json" class="rnnlib-data">(.*?)</script>',
                              html)
            if match:
                data = json.loads(match.group(1))
                return np.array(data["X"]), np.array(data["t"])
    raise AssertionError(f"{notebook} holds no weight explorer output")


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on 127.0.0.1 with a token (conftest), serving a copy of the notebook."""
    root = tmp_path / "root"
    (root / "book").mkdir(parents=True)
    shutil.copy(LIVE_NOTEBOOK, root / "book" / LIVE_NOTEBOOK.name)
    with jupyterlab_server(root, tmp_path / "server") as server:
        yield server


@pytest.mark.browser
def test_live_explorer_in_jupyterlab(browser, jupyterlab):
    url, token = jupyterlab
    X, t = explorer_data(LIVE_NOTEBOOK)
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        _, blocked = watch(context, (url, "data:", "blob:"))
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab/tree/book/{LIVE_NOTEBOOK.name}?token={token}", timeout=120_000)
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
            timeout=120_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")

        sliders = page.locator(".jp-OutputArea .widget-slider")
        wrec = sliders.filter(has=page.locator(".widget-label", has_text="w_rec")).first
        wx = sliders.filter(has=page.locator(".widget-label", has_text="w_x")).first
        wrec.wait_for(timeout=120_000)
        # this explorer's box; its readouts' HTML is replaced on every update, so query it afresh
        box = wrec.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
        box = box.element_handle()
        shows_cost = """([box, text]) =>
            box.querySelector(".widget-html [data-readout='cost']")?.textContent === text"""

        def shown_weights() -> tuple[float, float]:  # the readouts print "−" (U+2212) for minus
            return tuple(float(slider.locator(".widget-readout").text_content().replace("−", "-"))
                         for slider in (wx, wrec))

        # type a new value into the slider's editable readout, as a reader can
        readout = wrec.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("0.50")
        page.keyboard.press("Enter")
        page.wait_for_function("el => el.textContent.trim() === '0.50'",
                               arg=readout.element_handle(), timeout=30_000)
        expected = expected_readouts(X, t, *shown_weights())["cost"]
        page.wait_for_function(shows_cost, arg=[box, expected], timeout=60_000)

        # then drag-like steps with the keyboard on the slider's handle
        wrec.locator(".noUi-handle").focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.textContent.trim() === '0.55'",
                               arg=readout.element_handle(), timeout=30_000)
        expected = expected_readouts(X, t, *shown_weights())["cost"]
        page.wait_for_function(shows_cost, arg=[box, expected], timeout=60_000)
        assert not blocked, f"JupyterLab requested something outside the server: {blocked}"
    finally:
        context.close()
