"""The weight explorer in a real browser: the static twin in the built book, and live in JupyterLab.

Static: the chapter pages are opened from disk with every non-file request blocked. Chapter 5's
training explorer is set to a start, trained with Rprop for 500 iterations and with gradient
descent at a slow and at a diverging learning rate, and its readouts (the full-precision
``data-value``) must equal rnnlib.rprop's and rnnlib.gradient_descent's to 1e-12; a click on the
loss surface must move the weights there; on a 390 × 844 phone the surface and the sliders must
be in view together. Chapter 2's states-only explorer is dragged and must print rnnlib's cost.
Nothing may leave the book's files and the console must stay clean. The page's time per step is
printed.

Live: a JupyterLab server is started on 127.0.0.1 with a token (and stopped) by the test itself,
on copies of chapters 2 and 5 in a temporary folder (it can never write to the book's files).
Before the cells run, the explorer's saved output must say to run the cell; after Run All,
chapter 2's explorer must show cost 0 at (1, 1) (exactly the weights the cell asked for), and
a Step in chapter 5's explorer must show rnnlib.rprop's first step.

RNNLIB_BOOK_HTML (another built book's html folder) points the static tests elsewhere.
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
from rnnlib.explorer import PLACEHOLDER
from rnnlib.plotting.ticks import symlog_exponents

ROOT = Path(__file__).resolve().parent.parent
LIVE_NOTEBOOKS = [ROOT / "book" / "02_unrolling.ipynb", ROOT / "book" / "05_rprop.ipynb"]
ALLOWED = ("file://", "data:")
SCREENSHOTS = ROOT / "_build" / "screenshots"
pytestmark = pytest.mark.browser


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


def open_chapter(browser, book_html: Path, name: str, viewport: dict):
    """A fresh context on one built chapter; returns (context, page, root, errors, blocked)."""
    page_file = book_html / "book" / name
    assert page_file.exists(), f"{page_file} is missing: build the book first"
    context = browser.new_context(viewport=viewport)
    _, blocked = watch(context, ALLOWED)
    page = context.new_page()
    errors = console_errors(page)
    page.goto(page_file.as_uri(), wait_until="load", timeout=60_000)
    root = page.locator(".rnnlib-explorer[data-ready]").first
    root.wait_for(timeout=30_000)
    assert page.locator(".rnnlib-placeholder").count() == 0  # the script removed it
    return context, page, root, errors, blocked


def screenshot(page, root, name: str) -> None:
    """The explorer at the top of the window, saved under _build/screenshots/ to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.evaluate("e => e.scrollIntoView()")
    page.screenshot(path=SCREENSHOTS / name)


def explorer_data(root) -> tuple[np.ndarray, np.ndarray]:
    data = json.loads(root.locator("script.rnnlib-data").text_content())
    return np.array(data["X"]), np.array(data["t"])


def value(root, key: str) -> float:
    """A readout's full-precision value (its data-value is Python's repr of the float)."""
    return float(root.locator(f'[data-readout="{key}"]').get_attribute("data-value"))


def enter(root, name: str, text: str) -> None:
    """Type a value into an input and press Enter, as a reader does."""
    field = root.locator(f'input[name="{name}"]')
    field.fill(text)
    field.press("Enter")


STEPS = """([button, count]) => {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    button.click();
    void button.getBoundingClientRect().height;  // force style and layout of the update
    times.push(performance.now() - start);
  }
  return times;
}"""


def test_training_explorer_equals_rnnlib(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", {"width": 1280, "height": 900})
    try:
        X, t = explorer_data(root)
        for name in ("wx", "wrec"):  # every control is labelled
            slider = root.locator(f'input[type=range][name="{name}"]')
            assert slider.get_attribute("aria-label")
        assert root.locator('select[name="optimiser"] option[value="gd"]').count() == 1
        step = root.locator('[data-action="step"]')

        # Rprop from the start, 500 iterations
        enter(root, "wx_value", "-1.5")
        enter(root, "wrec_value", "2")
        root.locator('select[name="optimiser"]').select_option("rprop")
        step.click()  # a real click, then the keyboard: Enter and Space on the focused button
        step.press("Enter")
        step.press(" ")
        times = page.evaluate(STEPS, [step.element_handle(), 497])
        expected = rnnlib.rprop(X, t, (-1.5, 2.0), 500)[-1]
        assert root.locator('[data-readout="iteration"]').text_content() == "500"
        np.testing.assert_allclose([value(root, "wx"), value(root, "wrec")], expected, rtol=1e-12)
        assert value(root, "cost") == pytest.approx(
            rnnlib.cost(rnnlib.forward_states(X, *expected)[:, -1], t), rel=1e-9)
        screenshot(page, root, "explorer-05-desktop.png")
        print(f"\nstatic step (05_rprop.html): median {np.median(times):.2f} ms per step "
              f"incl. style and layout (max {np.max(times):.2f}) over {len(times)} steps")

        # gradient descent: one rate that creeps, one that diverges
        root.locator('select[name="optimiser"]').select_option("gd")
        for rate, n_iter in (("1e-7", 300), ("1e-3", 10)):
            enter(root, "learning_rate", rate)
            enter(root, "wx_value", "-1.5")
            enter(root, "wrec_value", "2")
            page.evaluate(STEPS, [step.element_handle(), n_iter])
            path = rnnlib.gradient_descent(X, t, (-1.5, 2.0), float(rate), n_iter)
            shown = root.locator('[data-readout="iteration"]').text_content()
            assert shown == str(len(path) - 1)
            np.testing.assert_allclose([value(root, "wx"), value(root, "wrec")], path[-1],
                                       rtol=1e-12)
            status = root.locator('[data-readout="status"]').text_content()
            if len(path) - 1 < n_iter:
                assert f"diverged at iteration {len(path)}" in status
            else:
                assert "diverged" not in status
        # the diverged run stays usable: Reset goes back to the start, Step steps again
        root.locator('[data-action="reset"]').click()
        assert root.locator('[data-readout="iteration"]').text_content() == "0"
        assert (value(root, "wx"), value(root, "wrec")) == (-1.5, 2.0)
        enter(root, "learning_rate", "1e-7")
        step.click()
        assert root.locator('[data-readout="iteration"]').text_content() == "1"

        # a click on the surface moves the weights there
        surface = root.locator('[data-plot="surface"]')
        left, top, right, bottom = map(float, surface.get_attribute("data-plot-area").split())
        x0, x1, y0, y1 = map(float, surface.get_attribute("data-view").split())
        width = float(surface.evaluate("e => e.viewBox.baseVal.width"))
        scale = surface.bounding_box()["width"] / width
        target = (0.5, -1.0)
        px = (left + (target[0] - x0) / (x1 - x0) * (right - left)) * scale
        py = (bottom - (target[1] - y0) / (y1 - y0) * (bottom - top)) * scale
        surface.click(position={"x": px, "y": py})
        assert root.locator('[data-readout="iteration"]').text_content() == "0"
        # within a pixel and a half of the clicked point (plus the rounding to 0.01)
        assert value(root, "wx") == pytest.approx(
            target[0], abs=1.5 * (x1 - x0) / ((right - left) * scale) + 0.005)
        assert value(root, "wrec") == pytest.approx(
            target[1], abs=1.5 * (y1 - y0) / ((bottom - top) * scale) + 0.005)

        assert not blocked, f"requests left the book's files: {blocked}"
        assert not errors, f"console errors: {errors}"
    finally:
        context.close()


def test_full_explorer_clips_and_shows_the_gradient_through_time(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "06_loss_surface.html", {"width": 1280, "height": 900})
    try:
        X, t = explorer_data(root)
        root.locator('select[name="optimiser"]').select_option("clip")
        enter(root, "learning_rate", "0.001")
        enter(root, "theta", "100")
        page.evaluate(STEPS, [root.locator('[data-action="step"]').element_handle(), 50])
        w = np.array([-1.5, 2.0])
        for _ in range(50):
            g = np.array(rnnlib.gradient(X, t, *w))
            norm = np.linalg.norm(g)
            w = w - 1e-3 * (g * 100 / norm if norm > 100 else g)
        np.testing.assert_allclose([value(root, "wx"), value(root, "wrec")], w, rtol=1e-12)
        for plot in ("surface", "cost", "states", "gradient"):
            assert root.locator(f'svg[data-plot="{plot}"] path').count() > 0, plot
        screenshot(page, root, "explorer-06-desktop.png")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_play_pause_presets_and_zoom(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", {"width": 1280, "height": 900})
    try:
        X, t = explorer_data(root)
        play = root.locator('[data-action="play"]')
        root.locator('select[name="preset"]').select_option(label="start (−1.5, 2)")
        play.click()
        assert play.get_attribute("aria-pressed") == "true"
        page.wait_for_function(
            "e => Number(e.textContent) >= 30",
            arg=root.locator('[data-readout="iteration"]').element_handle(), timeout=30_000)
        play.press(" ")  # Pause from the keyboard
        assert play.get_attribute("aria-pressed") == "false"
        stopped = int(root.locator('[data-readout="iteration"]').text_content())
        page.wait_for_timeout(300)
        assert int(root.locator('[data-readout="iteration"]').text_content()) == stopped
        path = rnnlib.rprop(X, t, (-1.5, 2.0), stopped)
        np.testing.assert_allclose([value(root, "wx"), value(root, "wrec")], path[-1], rtol=1e-12)
        assert f"iteration {stopped}" in root.locator(".rnnlib-announce").text_content()

        root.locator('select[name="preset"]').select_option(label="optimum (1, 1)")
        assert (value(root, "wx"), value(root, "wrec"), value(root, "cost")) == (1.0, 1.0, 0.0)
        surface = root.locator('[data-plot="surface"]')
        overview = surface.get_attribute("data-view")
        root.locator('select[name="view"]').select_option(index=1)  # the valley
        x0, x1, y0, y1 = map(float, surface.get_attribute("data-view").split())
        assert surface.get_attribute("data-view") != overview
        assert x0 < 1 < x1 and y0 < 1 < y1 and (y1 - y0) < 1
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["05_rprop.html", "06_loss_surface.html"])
def test_phone_shows_surface_and_sliders_together(browser, book_html, page_name):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, page_name, {"width": 390, "height": 844})
    try:
        page.evaluate(STEPS, [root.locator('[data-action="step"]').element_handle(), 60])
        screenshot(page, root, f"explorer-{page_name[:2]}-phone.png")
        in_view = []
        for selector in ('[data-plot="surface"]', 'input[type=range][name="wx"]',
                         'input[type=range][name="wrec"]', '[data-action="step"]'):
            box = root.locator(selector).bounding_box()
            in_view.append(box["y"] >= 0 and box["y"] + box["height"] <= 844
                           and box["x"] >= 0 and box["x"] + box["width"] <= 390)
            if selector != '[data-plot="surface"]':
                assert box["height"] >= 24, f"{selector} is smaller than a 24 px target"
        assert all(in_view), in_view
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


CHECKPOINTS = [(1.0, 1.0), (1.0, 0.5), (0.37, -0.5), (1.0, -2.0), (2.0, 1.0), (-3.0, 3.0)]
DRAG = """([name, values]) => {
  const input = document.querySelector(`.rnnlib-explorer input[type=range][name=${name}]`);
  for (const value of values) {
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  }
  input.dispatchEvent(new Event('change', {bubbles: true}));
}"""


def test_states_explorer_in_chapter_2(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "02_unrolling.html", {"width": 1000, "height": 900})
    try:
        X, t = explorer_data(root)
        assert (value(root, "wx"), value(root, "wrec"), value(root, "cost")) == (1.0, 1.0, 0.0)
        assert root.locator('[data-plot="surface"]').count() == 0  # taught in chapter 6
        wx, wrec = 1.0, 1.0
        for next_wx, next_wrec in CHECKPOINTS:
            for name, start, stop in (("wx", wx, next_wx), ("wrec", wrec, next_wrec)):
                values = [f"{v:.2f}" for v in np.linspace(start, stop, 12)[1:]]
                page.evaluate(DRAG, [name, values])
            wx, wrec = next_wx, next_wrec
            cost = rnnlib.cost(rnnlib.forward_states(X, wx, wrec)[:, -1], t)
            assert root.locator('[data-readout="cost"]').text_content() == f"{cost:.5g}"
            assert value(root, "cost") == cost
        # a real key press on the focused slider moves it one step
        root.locator('input[type=range][name="wrec"]').focus()
        page.keyboard.press("ArrowLeft")
        assert value(root, "wrec") == 2.99
        announced = root.locator(".rnnlib-announce").text_content()
        assert "w_rec 2.99" in announced  # announced once the move ended
        screenshot(page, root, "explorer-02-desktop.png")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_the_pages_number_formats_and_ticks_are_pythons(browser):
    """explorer.js prints format(x, ".5g") and repr(x) as Python does, and ticks by its rule."""
    source = (ROOT / "rnnlib" / "explorer.js").read_text()
    functions = "".join(
        re.search(rf"\nfunction {name}\(.*?\n\}}\n", source, re.DOTALL).group(0)
        for name in ("fmt", "pyRepr", "symlogExponents"))
    values = [0.0, -0.0, 1.0, -1.0, 105.0307019150633, 123456.7, 99999.5, 99999.4, 1e-4,
              1.23456e-5, -9.99995e-5, 7.8e9, 1e16, 1e15, 2.5e-300, 1 / 3, 2 / 3, 1e5, 12345.6,
              0.1 + 0.2, 5e-5, 1.03125, -1.03125, 1000.25, 1000.75, 12345.5, 12344.5,
              0.0001220703125, 1.001355547207059, 123456789012345680.0, 5e-324]
    values += list(np.random.default_rng(0).standard_normal(300) * 10.0 ** np.arange(-15, 15, 0.1))
    largest = [1e-3, 0.5, 1.0, 7.0, 1e3, 2.5e5, 1e17, 3e120]
    page = browser.new_page()
    try:
        shown = page.evaluate(
            f"([values, largest]) => {{ {functions} return [values.map(fmt), values.map(pyRepr),"
            " largest.map(v => symlogExponents(v, 1e-3))]; }", [values, largest])
    finally:
        page.close()
    assert shown[0] == [f"{v:.5g}" for v in values]
    assert shown[1] == [repr(float(v)) for v in values]
    assert shown[2] == [symlog_exponents(v, 1e-3) for v in largest]


# --- live, in JupyterLab ------------------------------------------------------------------------
def notebook_data(notebook: Path):
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
    """A JupyterLab server on 127.0.0.1 with a token (conftest), serving copies of the notebooks."""
    root = tmp_path / "root"
    (root / "book").mkdir(parents=True)
    for notebook in LIVE_NOTEBOOKS:
        shutil.copy(notebook, root / "book" / notebook.name)
    with jupyterlab_server(root, tmp_path / "server") as server:
        yield server


def open_and_run_all(page, url: str, token: str, notebook: Path, before=None) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, call ``before(page)``, Run All."""
    page.goto(f"{url}/lab/tree/book/{notebook.name}?token={token}", timeout=120_000)
    page.wait_for_function(
        "name => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.context.path.endsWith(name)"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        arg=notebook.name, timeout=120_000)
    if before:
        before(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")


def live_value(view, key: str) -> str:
    return view.locator(f'[data-readout="{key}"]').get_attribute("data-value")


@pytest.mark.browser
@pytest.mark.full
def test_live_explorer_in_jupyterlab(browser, jupyterlab):
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        _, blocked = watch(context, (url, "data:", "blob:"))
        page = context.new_page()
        page.set_default_timeout(120_000)

        def placeholder_says_what_to_do(page) -> None:  # the saved output, before the run
            saved = page.locator(".jp-OutputArea", has_text=PLACEHOLDER).first
            saved.wait_for(state="attached", timeout=60_000)
            assert page.locator(".jp-OutputArea .rnnlib-explorer-view").count() == 0

        # chapter 2: after Run All it shows exactly the cell's weights (1, 1), where the cost is 0
        open_and_run_all(page, url, token, LIVE_NOTEBOOKS[0], placeholder_says_what_to_do)
        view = page.locator(".jp-OutputArea .rnnlib-explorer-view").first
        view.locator('[data-readout="cost"][data-value="0.0"]').wait_for()
        assert (live_value(view, "wx"), live_value(view, "wrec")) == ("1.0", "1.0")
        assert view.locator('[data-readout="cost"]').text_content() == "0"
        assert page.locator(".jp-OutputArea", has_text=PLACEHOLDER).count() == 0

        # chapter 5: Step (a click, then Enter on the focused button) computes in the kernel
        X, t = notebook_data(LIVE_NOTEBOOKS[1])
        open_and_run_all(page, url, token, LIVE_NOTEBOOKS[1])
        view = page.locator(".jp-OutputArea .rnnlib-explorer-view").first
        view.locator('[data-readout="iteration"]').wait_for()
        assert (live_value(view, "wx"), live_value(view, "wrec")) == ("-1.5", "2.0")
        step = view.locator('[data-action="step"]')
        step.click()
        view.locator('[data-readout="iteration"]', has_text="1").wait_for()
        step.press("Enter")
        view.locator('[data-readout="iteration"]', has_text="2").wait_for()
        path = rnnlib.rprop(X, t, (-1.5, 2.0), 2)
        shown = (live_value(view, "wx"), live_value(view, "wrec"))
        assert shown == tuple(repr(float(v)) for v in path[-1])
        cost = rnnlib.cost(rnnlib.forward_states(X, *path[-1])[:, -1], t)
        assert live_value(view, "cost") == repr(float(cost))
        assert not blocked, f"JupyterLab requested something outside the server: {blocked}"
    finally:
        context.close()
