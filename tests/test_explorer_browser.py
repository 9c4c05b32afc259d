"""The weight explorer in a real browser: the static twin in the built book, and live in JupyterLab.

Static: the chapter pages are opened from disk with every non-file request blocked, and the
explorer is used as a reader uses it. Chapter 5's explorer computes whole runs (Rprop, gradient
descent at a slow and at a diverging rate) that must equal rnnlib.rprop's and
rnnlib.gradient_descent's to 1e-12, read point by point from the readouts' full-precision
``data-value`` while Step replays them. The start is dragged with a mouse, with touch pointer
events and with the arrow keys, and the run must follow every move. Play replays at a chosen
speed and stops at the end of the run or when the cost stops changing; a new optimiser leaves a
ghost; the drawing stays in its plot, the arrow vanishes at the optimum; entry fields say what
they expect; the links in the prose set the explorer up; readouts are not live regions; the
layout holds at 1280 px and on a 390 × 844 phone, light and dark; in print only a still figure
is left. Nothing may leave the book's files and the console must stay clean. The page's time per
Step and per dragged pointer move is printed.

Live: a JupyterLab server is started on 127.0.0.1 with a token (and stopped) by the test itself,
on copies of chapters 2 and 5 in a temporary folder (it can never write to the book's files).
Before the cells run, the explorer's saved output must say to run the cell; after Run All,
chapter 2's explorer must show cost 0 at (1, 1) (exactly the weights the cell asked for), and
a Step in chapter 5's explorer must show rnnlib.rprop's first step, computed in the kernel.

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
from rnnlib.explorer import PLACEHOLDER, SCRIPT
from rnnlib.plotting.ticks import symlog_exponents

ROOT = Path(__file__).resolve().parent.parent
LIVE_NOTEBOOKS = [ROOT / "book" / "02_unrolling.ipynb", ROOT / "book" / "05_rprop.ipynb"]
ALLOWED = ("file://", "data:")
SCREENSHOTS = ROOT / "_build" / "screenshots"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
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


def open_chapter(browser, book_html: Path, name: str, viewport: dict, dark: bool = False,
                 lang: str | None = None):
    """A fresh context on one built chapter; returns (context, page, root, errors, blocked).

    ``lang`` serves the page with that language on its <html> element, as the Japanese
    edition's pages have it.
    """
    page_file = book_html / "book" / name
    assert page_file.exists(), f"{page_file} is missing: build the book first"
    context = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
    if dark:  # the theme's own switch, as a reader's click leaves it
        context.add_init_script(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
        )
    _, blocked = watch(context, ALLOWED)
    if lang:
        html = page_file.read_text(encoding="utf-8")
        assert html.count('<html lang="en"') == 1
        html = html.replace('<html lang="en"', f'<html lang="{lang}"')
        context.route(page_file.as_uri(), lambda route: route.fulfill(
            body=html, content_type="text/html; charset=utf-8"))
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
    root.locator(".rnnlib-explorer-view").evaluate("e => e.scrollIntoView()")
    page.screenshot(path=SCREENSHOTS / name)


def explorer_data(root) -> tuple[np.ndarray, np.ndarray]:
    data = json.loads(root.locator("script.rnnlib-data").text_content())
    return np.array(data["X"]), np.array(data["t"])


def value(root, key: str) -> float:
    """A readout's full-precision value (its data-value is Python's repr of the number)."""
    return float(root.locator(f'[data-readout="{key}"]').get_attribute("data-value"))


def shown(root, key: str) -> str:
    return root.locator(f'[data-readout="{key}"]').get_attribute("data-value")


def enter(root, name: str, text: str) -> None:
    """Type a value into an entry field and press Enter, as a reader does."""
    field = root.locator(f'input[name="{name}"]')
    field.fill(text)
    field.press("Enter")


def final_cost(X, t, path) -> float:
    return rnnlib.loss(X, t, *path[-1])


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

# Step through the whole run, reading the replayed point's readouts after each Step.
REPLAY = """(root) => {
  const step = root.querySelector('[data-action=step]');
  const read = k => root.querySelector(`[data-readout=${k}]`);
  root.querySelector('[data-action=reset]').click();
  const points = [[Number(read('wx').dataset.value), Number(read('wrec').dataset.value)]];
  const last = Number(read('final-iteration').dataset.value);
  for (let i = 0; i < last; i++) {
    step.click();
    points.push([Number(read('wx').dataset.value), Number(read('wrec').dataset.value)]);
  }
  return points;
}"""


def replayed(root) -> np.ndarray:
    return np.array(root.evaluate(REPLAY))


def assert_run_is(root, X, t, path) -> None:
    """The explorer's run is ``path``: its summary readouts, and every replayed point."""
    assert shown(root, "final-iteration") == str(len(path) - 1)
    assert value(root, "final-cost") == pytest.approx(final_cost(X, t, path), rel=1e-9)
    np.testing.assert_allclose(replayed(root), path, rtol=1e-12, atol=0)


def test_training_explorer_equals_rnnlib(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", DESKTOP
    )
    try:
        X, t = explorer_data(root)
        # the defaults: 500 iterations of Rprop with rnnlib.rprop's settings
        assert root.locator('input[name="iterations"]').input_value() == "500"
        assert root.locator('select[name="optimiser"]').input_value() == "rprop"
        for name, default in (("delta0", 0.001), ("eta_p", 1.2), ("eta_n", 0.5)):
            assert float(root.locator(f'input[name="{name}"]').input_value()) == default

        # Rprop from the start: the run is computed at once and replayed point by point
        enter(root, "wx_value", "-1.5")
        enter(root, "wrec_value", "2")
        assert (shown(root, "start-wx"), shown(root, "start-wrec")) == ("-1.5", "2.0")
        path = rnnlib.rprop(X, t, (-1.5, 2.0), 500)
        assert_run_is(root, X, t, path)
        status = root.locator('[data-readout="status"]')
        assert status.get_attribute("data-kind") == "end"  # a normal end, in a neutral style
        assert status.evaluate("e => getComputedStyle(e).color") == root.locator(
            ".rnnlib-readouts"
        ).evaluate("e => getComputedStyle(e).color")
        step = root.locator('[data-action="step"]')
        root.locator('[data-action="reset"]').click()
        step.click()  # a real click, then the keyboard: Enter and Space on the focused button
        step.press("Enter")
        step.press(" ")
        assert shown(root, "iteration") == "3"
        np.testing.assert_allclose([value(root, "wx"), value(root, "wrec")], path[3], rtol=1e-12)
        times = page.evaluate(STEPS, [step.element_handle(), 497])
        assert shown(root, "iteration") == "500"
        assert value(root, "cost") == pytest.approx(final_cost(X, t, path), rel=1e-9)
        print(
            f"\nstatic Step (05_rprop.html): median {np.median(times):.2f} ms, p90 "
            f"{np.percentile(times, 90):.2f} ms incl. style and layout, {len(times)} steps"
        )

        # gradient descent: one rate that creeps, one that diverges; Rprop stays as a ghost
        previous = root.locator('[data-trail="previous"]')
        assert not previous.get_attribute("d")
        root.locator('select[name="optimiser"]').select_option("gd")
        assert previous.get_attribute("d")  # the Rprop run, beside the new one
        assert root.locator('[data-legend-item="previous"]').is_visible()
        for rate, n_iter in (("1e-7", 300), ("1e-3", 300)):
            enter(root, "learning_rate", rate)
            enter(root, "iterations", str(n_iter))
            path = rnnlib.gradient_descent(X, t, (-1.5, 2.0), float(rate), n_iter)
            assert_run_is(root, X, t, path)
            if len(path) - 1 < n_iter:  # diverged: said from the outset, reported at its step
                root.locator('[data-action="reset"]').click()
                assert "diverges" in status.text_content()
                assert status.get_attribute("data-kind") == "run"
                step.click()  # the first step leaves the view; the next overflows float64
                assert shown(root, "iteration") == str(len(path) - 1)
                assert status.get_attribute("data-kind") == "diverged"
                assert f"next step (iteration {len(path)}) overflows" in status.text_content()
                surface = root.locator('[data-plot="surface"]')
                assert surface.get_attribute("data-current") == "outside"
                assert root.locator('[data-marker="edge"]').get_attribute("d")
            else:
                assert "diverge" not in status.text_content()
        # the diverged run stays usable: a new start, and Rprop again
        enter(root, "iterations", "500")
        root.locator('select[name="optimiser"]').select_option("rprop")
        enter(root, "wx_value", "0.5")
        assert_run_is(root, X, t, rnnlib.rprop(X, t, (0.5, 2.0), 500))
        assert not blocked, f"requests left the book's files: {blocked}"
        assert not errors, f"console errors: {errors}"
    finally:
        context.close()


def plot_point(surface, wx: float, wrec: float) -> tuple[float, float]:
    """Where (wx, wrec) is drawn on the surface, in CSS pixels from its top-left corner."""
    left, top, right, bottom = map(float, surface.get_attribute("data-plot-area").split())
    x0, x1, y0, y1 = map(float, surface.get_attribute("data-view").split())
    scale = surface.bounding_box()["width"] / float(
        surface.evaluate("e => e.viewBox.baseVal.width")
    )
    return (
        (left + (wx - x0) / (x1 - x0) * (right - left)) * scale,
        (bottom - (wrec - y0) / (y1 - y0) * (bottom - top)) * scale,
    )


def pixel_tolerance(surface) -> tuple[float, float]:
    """A pixel and a half of the surface in weight units, plus the rounding to 0.01 of the view."""
    left, top, right, bottom = map(float, surface.get_attribute("data-plot-area").split())
    x0, x1, y0, y1 = map(float, surface.get_attribute("data-view").split())
    scale = surface.bounding_box()["width"] / float(
        surface.evaluate("e => e.viewBox.baseVal.width")
    )
    return (
        1.5 * (x1 - x0) / ((right - left) * scale) + 0.005 * (x1 - x0),
        1.5 * (y1 - y0) / ((bottom - top) * scale) + 0.005 * (y1 - y0),
    )


def run_summary(root) -> tuple[float, float, str, float]:
    return (
        value(root, "start-wx"),
        value(root, "start-wrec"),
        shown(root, "final-iteration"),
        value(root, "final-cost"),
    )


def assert_follows(root, X, t, target, tolerance) -> None:
    """The run shown is rnnlib.rprop's from the start shown, which is ``target`` within a pixel."""
    wx, wrec, last, cost = run_summary(root)
    assert wx == pytest.approx(target[0], abs=tolerance[0])
    assert wrec == pytest.approx(target[1], abs=tolerance[1])
    path = rnnlib.rprop(X, t, (wx, wrec), 500)
    assert (last, cost) == (str(len(path) - 1), pytest.approx(final_cost(X, t, path), rel=1e-9))


TOUCH_DRAG = """([svg, points]) => {
  const box = svg.getBoundingClientRect(), seen = [], read = k => svg.closest('.rnnlib-explorer')
    .querySelector(`[data-readout=${k}]`).dataset.value;
  const fire = (type, [x, y]) => svg.dispatchEvent(new PointerEvent(type, {bubbles: true,
    cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true,
    clientX: box.left + x, clientY: box.top + y}));
  fire('pointerdown', points[0]);
  seen.push(['start-wx', 'start-wrec', 'final-cost'].map(read));
  for (const p of points.slice(1)) {
    fire('pointermove', p);
    seen.push(['start-wx', 'start-wrec', 'final-cost'].map(read));
  }
  fire('pointerup', points[points.length - 1]);
  return seen;
}"""

# A dragged pointer move's time to the recomputed, drawn run (style and layout included).
DRAG_TIMES = """([svg, points]) => {
  const box = svg.getBoundingClientRect(), times = [];
  const fire = (type, [x, y]) => svg.dispatchEvent(new PointerEvent(type, {bubbles: true,
    cancelable: true, pointerId: 9, pointerType: 'mouse', isPrimary: true, buttons: 1,
    clientX: box.left + x, clientY: box.top + y}));
  fire('pointerdown', points[0]);
  for (const p of points.slice(1)) {
    const start = performance.now();
    fire('pointermove', p);
    void svg.getBoundingClientRect().height;
    times.push(performance.now() - start);
  }
  fire('pointerup', points[points.length - 1]);
  return times;
}"""


def drag_points(surface, count: int) -> list[list[float]]:
    """A path across the upper half of the surface, in CSS pixels (a new start at every point)."""
    a, b = plot_point(surface, -2.5, 2.5), plot_point(surface, 2.5, 0.5)
    return [
        [a[0] + (b[0] - a[0]) * k / (count - 1), a[1] + (b[1] - a[1]) * k / (count - 1)]
        for k in range(count)
    ]


def test_drag_the_start_by_mouse_touch_and_keys(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", DESKTOP
    )
    try:
        X, t = explorer_data(root)
        surface = root.locator('[data-plot="surface"]')
        root.locator(".rnnlib-explorer-view").evaluate("e => e.scrollIntoView()")
        tolerance = pixel_tolerance(surface)
        # a mouse drag: press, three moves, release; the run follows every move
        box = surface.bounding_box()
        targets = [(0.5, -1.0), (0.2, -0.5), (-1.0, 0.5), (1.5, 1.5)]
        first = plot_point(surface, *targets[0])
        page.mouse.move(box["x"] + first[0], box["y"] + first[1])
        page.mouse.down()
        assert_follows(root, X, t, targets[0], tolerance)
        for target in targets[1:]:
            x, y = plot_point(surface, *target)
            page.mouse.move(box["x"] + x, box["y"] + y)
            assert_follows(root, X, t, target, tolerance)
        page.mouse.up()
        assert "start (" in root.locator(".rnnlib-announce").text_content()

        # a touch drag: pointerdown, pointermove…, pointerup with pointerType "touch"
        points = drag_points(surface, 6)
        seen = page.evaluate(TOUCH_DRAG, [surface.element_handle(), points])
        assert len({tuple(s) for s in seen}) == len(points)  # a new run at every move
        for wx, wrec, cost in seen:
            path = rnnlib.rprop(X, t, (float(wx), float(wrec)), 500)
            assert float(cost) == pytest.approx(final_cost(X, t, path), rel=1e-9)

        # the keyboard: the start marker takes focus, the arrow keys move it (Shift: ten times)
        marker = root.locator('g[data-marker="start"]')
        marker.focus()
        assert "arrow keys move it" in marker.get_attribute("aria-label")
        wx, wrec = value(root, "start-wx"), value(root, "start-wrec")
        page.keyboard.press("ArrowLeft")
        assert value(root, "start-wx") == pytest.approx(wx - 0.06, abs=1e-9)
        page.keyboard.press("Shift+ArrowDown")
        assert value(root, "start-wrec") == pytest.approx(wrec - 0.6, abs=1e-9)
        assert_follows(root, X, t, (wx - 0.06, wrec - 0.6), (1e-9, 1e-9))
        page.wait_for_function(
            "e => e.textContent.includes('start (')",
            arg=root.locator(".rnnlib-announce").element_handle(),
        )

        times = np.array(
            page.evaluate(DRAG_TIMES, [surface.element_handle(), drag_points(surface, 61)])
        )
        print(
            f"\nstatic drag (05_rprop.html): a pointer move to the drawn 500-iteration run: "
            f"median {np.median(times):.2f} ms, p90 {np.percentile(times, 90):.2f} ms "
            f"incl. style and layout, {len(times)} moves"
        )
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_a_finger_drags_the_start_on_a_phone(browser, book_html):
    """Real touch input (Chromium's own touch events): the run follows, the page does not scroll."""
    page_file = book_html / "book" / "05_rprop.html"
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        _, blocked = watch(context, ALLOWED)
        page = context.new_page()
        errors = console_errors(page)
        page.goto(page_file.as_uri(), wait_until="load", timeout=60_000)
        root = page.locator(".rnnlib-explorer[data-ready]").first
        root.wait_for(timeout=30_000)
        X, t = explorer_data(root)
        root.locator(".rnnlib-explorer-view").evaluate("e => e.scrollIntoView()")
        surface = root.locator('[data-plot="surface"]')
        box, tolerance = surface.bounding_box(), pixel_tolerance(surface)
        scrolled = page.evaluate("scrollY")
        cdp = context.new_cdp_session(page)
        targets = [(-2.0, 0.5), (-1.0, 0.5), (0.5, 0.5), (2.0, 0.5)]
        for k, target in enumerate(targets):
            x, y = plot_point(surface, *target)
            kind = "touchStart" if k == 0 else "touchMove"
            point = {"x": box["x"] + x, "y": box["y"] + y}
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [point]})
            page.wait_for_function(
                "([e, v]) => Math.abs(Number(e.dataset.value) - v) < 0.1",
                arg=[root.locator('[data-readout="start-wx"]').element_handle(), target[0]])
            assert_follows(root, X, t, target, tolerance)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert page.evaluate("scrollY") == scrolled  # the finger moved the start, not the page
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_play_replays_at_a_speed_and_stops(browser, book_html):
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", DESKTOP
    )
    try:
        X, t = explorer_data(root)
        play, iteration = (
            root.locator('[data-action="play"]'),
            root.locator('[data-readout="iteration"]'),
        )
        play.click()
        assert play.get_attribute("aria-pressed") == "true"
        page.wait_for_function(
            "e => Number(e.dataset.value) >= 30", arg=iteration.element_handle(), timeout=30_000
        )
        play.press(" ")  # Pause from the keyboard
        assert play.get_attribute("aria-pressed") == "false"
        stopped = int(shown(root, "iteration"))
        page.wait_for_timeout(300)
        assert int(shown(root, "iteration")) == stopped
        path = rnnlib.rprop(X, t, (-1.5, 2.0), 500)
        np.testing.assert_allclose(
            [value(root, "wx"), value(root, "wrec")], path[stopped], rtol=1e-12
        )
        assert f"iteration {stopped} of 500" in root.locator(".rnnlib-announce").text_content()

        # faster, to the end of the run; Play stops there and says so
        root.locator('select[name="speed"]').select_option("100")
        play.click()
        page.wait_for_function(
            "e => e.getAttribute('aria-pressed') === 'false'",
            arg=play.element_handle(),
            timeout=30_000,
        )
        assert shown(root, "iteration") == "500"
        assert "replay ended at iteration 500" in root.locator(".rnnlib-announce").text_content()

        # a long run: Play stops where the cost stops changing, long before its end
        enter(root, "iterations", "10000")
        play.click()
        page.wait_for_function(
            "e => e.getAttribute('aria-pressed') === 'false'",
            arg=play.element_handle(),
            timeout=60_000,
        )
        end = int(shown(root, "iteration"))
        costs = [rnnlib.loss(X, t, *w) for w in rnnlib.rprop(X, t, (-1.5, 2.0), end)]
        assert end < 10000 and abs(costs[end] - costs[end - 50]) <= 1e-12 * costs[end - 50]
        assert "no longer changes" in root.locator(".rnnlib-announce").text_content()
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_drawing_is_truthful(browser, book_html):
    context, _page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", DESKTOP
    )
    try:
        surface = root.locator('[data-plot="surface"]')
        # every data path sits in a nested svg that clips it to the plot area
        for selector in (
            '[data-trail="current"]',
            '[data-trail="previous"]',
            '[data-series="arrow"]',
            '[data-marker="current"]',
        ):
            clip = surface.locator(selector).evaluate(
                "e => { const s = e.closest('svg');"  # the nearest svg is a nested one
                " return [s.parentNode.closest('svg') !== null, getComputedStyle(s).overflow]; }"
            )
            assert clip == [True, "hidden"], selector
        arrow = root.locator('[data-series="arrow"]')
        length = "e => e.getTotalLength()"
        assert surface.get_attribute("data-arrow") == "shown"
        at_start = arrow.evaluate(length)
        root.locator('select[name="preset"]').select_option(label="marked (1, 0.5)")
        smaller = arrow.evaluate(length)
        assert 0 < smaller < at_start  # a smaller gradient, a shorter arrow (log scale)
        root.locator('select[name="preset"]').select_option(label="optimum (1, 1)")
        assert (value(root, "cost"), value(root, "grad_wx"), value(root, "grad_wrec")) == (
            0.0,
            0.0,
            0.0,
        )
        assert surface.get_attribute("data-arrow") == "none" and not arrow.get_attribute("d")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_entry_fields_say_what_they_expect_and_forget_the_error(browser, book_html):
    context, _page, root, errors, blocked = open_chapter(
        browser, book_html, "05_rprop.html", DESKTOP
    )
    try:
        field = root.locator('input[name="wx_value"]')
        message = root.locator("#" + field.get_attribute("aria-describedby"))
        for bad in ("abc", "", "1e400", "4"):
            enter(root, "wx_value", bad)
            assert field.get_attribute("aria-invalid") == "true", bad
            assert message.text_content() == "expects a number from −3 to 3", bad
        assert shown(root, "start-wx") == "-1.5"  # nothing changed
        long_value = "-1.2345678901234567"
        enter(root, "wx_value", long_value)
        assert field.get_attribute("aria-invalid") is None and message.text_content() == ""
        assert shown(root, "start-wx") == repr(float(long_value))
        assert field.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut off
        # a refused value is forgotten once a valid one is shown (here: after a preset)
        enter(root, "wx_value", "abc")
        root.locator('select[name="preset"]').select_option(label="start (−1.5, 2)")
        assert field.get_attribute("aria-invalid") is None and message.text_content() == ""
        assert field.input_value() == "-1.5"
        root.locator('select[name="optimiser"]').select_option("gd")
        enter(root, "learning_rate", "0")
        assert (
            "expects a number above 0"
            in root.locator(
                "#" + root.locator('input[name="learning_rate"]').get_attribute("aria-describedby")
            ).text_content()
        )
        enter(root, "iterations", "2.5")
        assert root.locator('input[name="iterations"]').get_attribute("aria-invalid") == "true"
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


LIVE_ROLES = (
    "[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer], output"
)


@pytest.mark.parametrize(
    "page_name", ["05_rprop.html", "06_loss_surface.html", "02_unrolling.html"]
)
def test_readouts_are_plain_text_and_every_control_is_named(browser, book_html, page_name):
    context, _page, root, errors, blocked = open_chapter(browser, book_html, page_name, DESKTOP)
    try:
        assert root.locator(LIVE_ROLES).count() <= 1
        assert (
            root.locator(
                f"[data-readout]:is({LIVE_ROLES}), :is({LIVE_ROLES}) [data-readout]"
            ).count()
            == 0
        )
        names = root.evaluate("""r => Array.from(
          r.querySelectorAll('input, select, button, [tabindex]'))
          .map(e => [e.getAttribute('name') || e.dataset.action || e.dataset.marker,
                     e.getAttribute('aria-label') || (e.closest('label') || {}).textContent
                     || e.textContent])""")
        assert names
        for name, label in names:
            assert label and len(label.strip()) >= 5, (name, label)  # not "Δ0", "η+"
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("page_name", "link_text", "expected"),
    [
        ("05_rprop.html", "Gradient descent at", {"optimiser": "gd", "learning_rate": "0.001"}),
        ("06_loss_surface.html", "The valley near the optimum", {"optimiser": "rprop"}),
    ],
)
def test_links_in_the_prose_set_the_explorer_up(browser, book_html, page_name, link_text, expected):
    context, page, root, errors, blocked = open_chapter(browser, book_html, page_name, DESKTOP)
    try:
        links = page.locator("a[data-explorer]", has_text=link_text)
        link = links.last if page_name == "05_rprop.html" else links.first  # 10⁻³, not 10⁻⁷
        config = json.loads(link.get_attribute("data-explorer"))
        link.click()
        for name, text in expected.items():
            assert root.locator(f'[name="{name}"]').input_value() == text
        assert (value(root, "start-wx"), value(root, "start-wrec")) == tuple(config["start"])
        view = root.locator(".rnnlib-explorer-view").bounding_box()
        assert 0 <= view["y"] < DESKTOP["height"] / 2  # brought into view
        assert root.locator('g[data-marker="start"]').evaluate("e => e === document.activeElement")
        if "view" in config:
            assert (
                root.locator('[data-plot="surface"]').get_attribute("data-view") == "0 2 0.75 1.25"
            )
            assert root.locator('[data-plot="surface"]').get_attribute("data-arrow") == "none"
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_full_explorer_clips_and_shows_the_gradient_through_time(browser, book_html):
    context, _page, root, errors, blocked = open_chapter(
        browser, book_html, "06_loss_surface.html", DESKTOP
    )
    try:
        X, t = explorer_data(root)
        root.locator('select[name="optimiser"]').select_option("clip")
        enter(root, "learning_rate", "0.001")
        enter(root, "theta", "100")
        w, path = np.array([-1.5, 2.0]), [np.array([-1.5, 2.0])]
        for _ in range(500):
            g = np.array(rnnlib.gradient(X, t, *w))
            norm = np.linalg.norm(g)
            w = w - 1e-3 * (g * 100 / norm if norm > 100 else g)
            path.append(w)
        assert_run_is(root, X, t, np.array(path))
        for plot in ("surface", "cost", "states", "gradient"):
            assert root.locator(f'svg[data-plot="{plot}"] path').count() > 0, plot
        root.locator('select[name="sample"]').select_option("7")
        states = root.locator('svg[data-plot="states"] [data-series="states"]').get_attribute("d")
        assert states.count("L") == X.shape[1]
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["05_rprop.html", "06_loss_surface.html"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_layout_on_desktop_and_phone(browser, book_html, page_name, dark):
    mode = "dark" if dark else "light"
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, page_name, DESKTOP, dark
    )
    try:
        surface = root.locator('[data-plot="surface"]').bounding_box()
        assert surface["width"] >= 400 and surface["height"] >= 400, surface
        plots = root.locator("svg[data-plot]").evaluate_all(
            "es => es.map(e => [e.dataset.plot, e.getBoundingClientRect().width"
            " * e.getBoundingClientRect().height])"
        )
        assert max(plots, key=lambda p: p[1])[0] == "surface", plots  # the largest element
        screenshot(page, root, f"explorer-{page_name[:2]}-desktop-{mode}.png")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()
    context, page, root, errors, blocked = open_chapter(browser, book_html, page_name, PHONE, dark)
    try:
        root.locator(".rnnlib-explorer-view").evaluate("e => e.scrollIntoView()")
        assert not root.locator("details.rnnlib-settings").evaluate("e => e.open")  # folded
        top = root.locator('[data-plot="surface"]').bounding_box()["y"]
        for selector in (
            '[data-plot="surface"]',
            'input[type=range][name="wx"]',
            'input[type=range][name="wrec"]',
            '[data-action="step"]',
            '[data-action="play"]',
            '[data-action="reset"]',
            'select[name="speed"]',
            '[data-plot="cost"]',
            '[data-readout="cost"]',
        ):
            box = root.locator(selector).bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
            if selector.startswith(("input", "select", "[data-action")):
                assert box["height"] >= 24, f"{selector} is smaller than a 24 px target"
        assert top >= 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, root, f"explorer-{page_name[:2]}-phone-{mode}.png")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["05_rprop.html", "02_unrolling.html"])
def test_in_print_a_numbered_still_figure(browser, book_html, page_name):
    context, page, root, errors, blocked = open_chapter(browser, book_html, page_name, DESKTOP)
    try:
        page.emulate_media(media="print")
        figure = root.locator("xpath=ancestor::figure[1]")
        caption = figure.locator("xpath=./figcaption").text_content()
        assert re.search(r"Fig\. \d\.\d+", caption) and "HTML edition" in caption
        controls = root.locator(
            "input, select, button, details, .rnnlib-howto, .rnnlib-field, .rnnlib-weight"
        )
        visible = [c for c in controls.all() if c.is_visible()]
        assert not visible, [c.evaluate("e => e.outerHTML.slice(0, 80)") for c in visible]
        for plot in root.locator("svg[data-plot]").all():  # nothing empty is printed
            assert plot.is_visible() and plot.locator("path[d]:not([d=''])").count() > 0
        if page_name == "05_rprop.html":
            note = root.locator(".rnnlib-print-state")
            assert (
                note.is_visible()
                and "Shown: the run from (-1.5, 2) with Rprop" in note.text_content()
            )
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
        browser, book_html, "02_unrolling.html", {"width": 1000, "height": 900}
    )
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


ENGINE_RUNS = """([data, cases]) => cases.map(([start, settings]) => {
  const model = rnnlibExplorer.staticModel(data);
  model.send({action: 'settings', settings: settings});
  model.send({action: 'move', wx: start[0], wrec: start[1]});
  const run = model.get('run');
  return [run.trail, run.costs, run.diverged];
})"""


def test_the_pages_engine_is_rnnlib_bit_for_bit(browser, book_html):
    """The page's engine against rnnlib's optimisers: random starts and rates, many diverging."""
    context, page, root, errors, blocked = open_chapter(browser, book_html, "06_loss_surface.html",
                                                        DESKTOP)
    try:
        X, t = explorer_data(root)
        data = json.loads(root.locator("script.rnnlib-data").text_content())
        rng = np.random.default_rng(21)
        cases = []
        for wx, wrec in rng.uniform(-3, 3, (8, 2)).round(2):
            cases.append(([wx, wrec], {"optimiser": "rprop", "iterations": 300}))
            for rate in (1e-6, 1e-4, 1e-2):
                cases.append(([wx, wrec], {"optimiser": "gd", "learning_rate": rate,
                                           "iterations": 200}))
        runs = page.evaluate(ENGINE_RUNS, [data, cases])
        diverged = 0
        for (start, settings), (trail, costs, stop) in zip(cases, runs, strict=True):
            if settings["optimiser"] == "rprop":
                expected = rnnlib.rprop(X, t, tuple(start), settings["iterations"])
            else:
                expected = rnnlib.gradient_descent(X, t, tuple(start), settings["learning_rate"],
                                                   settings["iterations"])
            np.testing.assert_array_equal(np.array(trail), expected, err_msg=str((start, settings)))
            assert [float(c) for c in costs] == [rnnlib.loss(X, t, *w) for w in expected]
            assert stop == (len(expected) if len(expected) <= settings["iterations"] else None)
            diverged += stop is not None
        assert diverged >= 8  # the diverging runs are compared too
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_the_pages_number_formats_and_ticks_are_pythons(browser):
    """explorer.js prints format(x, ".5g") and repr(x) as Python does, and ticks by its rule."""
    source = SCRIPT.read_text()
    functions = "".join(
        re.search(rf"\nfunction {name}\(.*?\n\}}\n", source, re.DOTALL).group(0)
        for name in ("fmt", "pyRepr", "symlogExponents")
    )
    values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        105.0307019150633,
        123456.7,
        99999.5,
        99999.4,
        1e-4,
        1.23456e-5,
        -9.99995e-5,
        7.8e9,
        1e16,
        1e15,
        2.5e-300,
        1 / 3,
        2 / 3,
        1e5,
        12345.6,
        0.1 + 0.2,
        5e-5,
        1.03125,
        -1.03125,
        1000.25,
        1000.75,
        12345.5,
        12344.5,
        0.0001220703125,
        1.001355547207059,
        123456789012345680.0,
        5e-324,
    ]
    values += list(np.random.default_rng(0).standard_normal(300) * 10.0 ** np.arange(-15, 15, 0.1))
    largest = [1e-3, 0.5, 1.0, 7.0, 1e3, 2.5e5, 1e17, 3e120]
    page = browser.new_page()
    try:
        shown_ = page.evaluate(
            f"([values, largest]) => {{ {functions} return [values.map(fmt), values.map(pyRepr),"
            " largest.map(v => symlogExponents(v, 1e-3))]; }",
            [values, largest],
        )
    finally:
        page.close()
    assert shown_[0] == [f"{v:.5g}" for v in values]
    assert shown_[1] == [repr(float(v)) for v in values]
    assert shown_[2] == [symlog_exponents(v, 1e-3) for v in largest]


# --- live, in JupyterLab ------------------------------------------------------------------------
def notebook_data(notebook: Path):
    """The data set the notebook's first explorer was made with (embedded in its HTML twin)."""
    for cell in json.loads(notebook.read_text())["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", []))
            match = re.search(
                r'<script type="application/json" class="rnnlib-data">(.*?)</script>', html
            )
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
        arg=notebook.name,
        timeout=120_000,
    )
    if before:
        before(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # Run All ends by scrolling to the last cell once that cell is in the page, which JupyterLab
    # attaches in idle time, seconds later on a busy machine: wait for it, or that scroll would
    # carry the notebook away under a later drag.
    page.wait_for_function(
        "() => { const notebook = window.jupyterapp.shell.currentWidget.content;"
        " const last = notebook.widgets.length - 1;"
        " return notebook.node.querySelector(`[data-windowed-list-index='${last}']`) !== null; }",
        timeout=120_000,
    )


def settled_box(page, locator, tries: int = 50) -> dict:
    """The locator's bounding box once it stops moving (JupyterLab lays a notebook out while
    Run All fills the outputs above; a drag aimed at a box read mid-layout misses the plot)."""
    box = locator.bounding_box()
    for _ in range(tries):
        page.wait_for_timeout(100)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def on_element(page, locator, x: float, y: float) -> bool:
    """Whether the topmost element at the viewport point (x, y) is the locator's or inside it."""
    return page.evaluate(
        "([e, x, y]) => e.contains(document.elementFromPoint(x, y))",
        [locator.element_handle(), x, y])


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

        # a mouse drag of the start: the kernel computes each new run, the page follows
        surface = view.locator('[data-plot="surface"]')
        surface.scroll_into_view_if_needed()
        box, tolerance = settled_box(page, surface), pixel_tolerance(surface)
        for k, target in enumerate([(0.5, -1.0), (-1.0, 0.5)]):
            x, y = plot_point(surface, *target)
            page.mouse.move(box["x"] + x, box["y"] + y)
            assert on_element(page, surface, box["x"] + x, box["y"] + y), (
                f"the pointer at {target} is not on the surface: the notebook moved under it")
            if k == 0:
                page.mouse.down()
        page.mouse.up()
        page.wait_for_function(
            "([e, v]) => Math.abs(Number(e.dataset.value) - v) < 0.05",
            arg=[view.locator('[data-readout="start-wx"]').element_handle(), -1.0])
        view.locator('[data-readout="iteration"][data-value="0"]').wait_for()
        assert_follows(view, X, t, (-1.0, 0.5), tolerance)
        # another optimiser: its run from the same start, the Rprop run kept as a ghost
        view.locator('select[name="optimiser"]').select_option("gd")
        page.wait_for_function("e => e.getAttribute('d')",
                               arg=view.locator('[data-trail="previous"]').element_handle())
        assert not blocked, f"JupyterLab requested something outside the server: {blocked}"
    finally:
        context.close()


# Every text of the explorer's view: its text nodes (the plots' too) and what a screen reader says.
VIEW_TEXTS = """r => {
  const view = r.querySelector('.rnnlib-explorer-view'), out = [];
  const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) out.push(walker.currentNode.textContent);
  view.querySelectorAll('*').forEach(e => ['aria-label', 'aria-roledescription', 'aria-valuetext',
    'title', 'placeholder'].forEach(a => { if (e.hasAttribute(a)) out.push(e.getAttribute(a)); }));
  return out;
}"""
ENGLISH = re.compile(r"(?<![-\w])[A-Za-z]{2,}(?:[ ’'-]+[A-Za-z]{2,})+")  # 2 English words in a row
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", ["ja", pytest.param("ja-JP", marks=pytest.mark.full)])
def test_on_a_japanese_page_the_explorer_speaks_japanese(browser, book_html, lang):
    """lang="ja": no English label, readout, message or announcement; the same run, bit for bit."""
    context, page, root, errors, blocked = open_chapter(
        browser, book_html, "06_loss_surface.html", DESKTOP, lang=lang)
    try:
        assert page.evaluate("document.documentElement.lang") == lang
        assert root.locator(".rnnlib-explorer-view").get_attribute("lang") == "ja"
        X, t = explorer_data(root)
        start = (value(root, "start-wx"), value(root, "start-wrec"))
        path = rnnlib.rprop(X, t, start, 500)
        np.testing.assert_array_equal(replayed(root), path)  # the words changed, not the numbers
        assert value(root, "final-cost") == final_cost(X, t, path)
        texts, said = root.evaluate(VIEW_TEXTS), []
        announcer = root.locator(".rnnlib-announce")

        def act(action) -> None:  # do something a reader does; keep what is shown and said
            action()
            texts.extend(root.evaluate(VIEW_TEXTS))
            said.append(announcer.text_content())

        step = root.locator('[data-action="step"]')
        act(step.click)
        act(lambda: root.locator('select[name="optimiser"]').select_option("gd"))
        act(lambda: enter(root, "learning_rate", "0.001"))  # diverges at once
        act(lambda: [step.click() for _ in range(3)])  # to the run's last point
        act(lambda: enter(root, "learning_rate", "abc"))  # refused: the field says what it expects
        assert root.locator('input[name="learning_rate"]').get_attribute("aria-invalid") == "true"
        act(lambda: root.locator('select[name="optimiser"]').select_option("clip"))
        act(lambda: root.locator('select[name="preset"]').select_option(index=2))
        act(lambda: root.locator('select[name="speed"]').select_option("100"))
        act(lambda: (root.locator('[data-action="play"]').click(),
                     page.wait_for_function("e => e.textContent.includes('再生は')",
                                            arg=announcer.element_handle(), timeout=30_000)))
        act(lambda: root.locator('g[data-marker="start"]').press("ArrowUp"))
        page.wait_for_function("e => e.textContent.startsWith('始点')",
                               arg=announcer.element_handle(), timeout=10_000)
        said.append(announcer.text_content())
        shown_text = [text for text in set(texts) if text.strip()]
        english = {text for text in shown_text if ENGLISH.search(text.replace("Rprop", ""))}
        assert not english, sorted(english)
        assert len([s for s in said if JAPANESE.search(s)]) >= 8, said
        for text in ("1回進める", "再生", "最初から", "イテレーション", "コストξ（対数目盛）",
                     "最適化手法", "勾配降下法＋クリッピング", "を入力してください", "発散"):
            assert any(text in shown for shown in shown_text), text
        if lang == "ja":
            screenshot(page, root, "ja-explorer-1280.png")
            page.set_viewport_size(PHONE)
            screenshot(page, root, "ja-explorer-390.png")
        assert not blocked and not errors, (blocked, errors)
    finally:
        context.close()


def test_the_explorers_language_follows_the_page(browser):
    """explorer.js's rule: a page language starting with "ja" is Japanese, any other English."""
    source = SCRIPT.read_text()
    function = re.search(r"\nfunction languageOf\(.*?\n", source).group(0)
    cases = {"ja": "ja", "ja-JP": "ja", "JA": "ja", "en": "en", "en-GB": "en", "": "en", "de": "en"}
    page = browser.new_page()
    try:
        found = page.evaluate(f"tags => {{ {function} return tags.map(languageOf); }}", list(cases))
    finally:
        page.close()
    assert found == list(cases.values())
