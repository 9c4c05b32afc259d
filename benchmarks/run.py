"""The book's benchmarks: each figure printed beside the reference it is judged against.

    python benchmarks/run.py            # full sizes, each figure beside its target
    python benchmarks/run.py --smoke    # tiny sizes: checks the benchmark code runs (CI), no
                                        # verdicts; leaves out the chapters and the browser,
                                        # which nbval and the browser tests already run

Timings are the best of several repeats (the least disturbed by other load on the machine).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

import rnnlib

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from bookfacts import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` wall times of ``function()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name: str, value: str, verdict: bool | None = None, target: str = "") -> None:
    mark = "" if verdict is None else ("  ok  " if verdict else "  MISS")
    print(f"{mark:6} {name:<46} {value:<34} {target}")


def bench_loss_surface(size: int, repeats: int, smoke: bool) -> None:
    X, t = rnnlib.make_dataset()
    wx = np.linspace(-3, 3, size)
    wrec = np.linspace(-3, 3, size)
    a = np.random.default_rng(0).random((size, size))
    c = np.empty_like(a)
    write = best_time(lambda: np.multiply(a, a, out=c), repeats)
    surface = best_time(lambda: rnnlib.loss_surface(X, t, wx, wrec), repeats)
    ratio = surface / write
    report(f"loss_surface {size}x{size}", f"{surface * 1e3:.2f} ms", None)
    report("  vs writing its result (np.multiply out=)", f"{write * 1e3:.2f} ms -> {ratio:.1f}x",
           None if smoke else ratio <= 5, "target <= 5x")

    def plain_broadcast() -> np.ndarray:
        """The plainer formulation loss_surface does not use: four passes over the grid."""
        alpha, beta, r = rnnlib.surface_coefficients(X, t, wrec)
        Z = alpha[:, np.newaxis] * wx  # then in place: no other grid-sized array
        Z -= beta[:, np.newaxis]
        np.square(Z, out=Z)
        Z += r[:, np.newaxis]
        return Z

    plain = best_time(plain_broadcast, repeats)
    report("  a plain broadcast instead (not used)", f"{plain * 1e3:.2f} ms -> "
           f"{plain / write:.1f}x", None, "blocked matmul kept while this misses <= 5x")

    rng = np.random.default_rng(3)
    points = list(zip(rng.choice(wx, 200), rng.choice(wrec, 200), strict=True))

    def per_point() -> None:
        for w_x, w_rec in points:
            rnnlib.loss(X, t, w_x, w_rec)

    loop_per_point = best_time(per_point, max(1, repeats // 3)) / len(points)
    speedup = loop_per_point / (surface / size**2)
    report("  vs loss (forward_states + cost) per point",
           f"{loop_per_point * 1e6:.1f} us/pt -> {speedup:,.0f}x",
           None if smoke else speedup >= 5000, "target >= 5,000x faster")

    tracemalloc.start()
    Z = rnnlib.loss_surface(X, t, wx, wrec)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    extra = (peak - Z.nbytes) / Z.nbytes
    report("  extra memory at peak / result size", f"{extra:.2f}x of {Z.nbytes / 2**20:.1f} MiB",
           None if smoke else extra <= 1.5, "target <= 1.5x")

    big = 400 if smoke else 4000
    start = time.perf_counter()
    Z = rnnlib.loss_surface(X, t, np.linspace(-3, 3, big), np.linspace(-3, 3, big))
    elapsed = time.perf_counter() - start
    report(f"loss_surface {big}x{big}", f"{elapsed * 1e3:.0f} ms, {Z.nbytes / 2**20:.0f} MiB",
           bool(np.isfinite(Z).all()), "works, all finite")

    X_long = np.random.default_rng(1).integers(0, 2, (20, 200))
    Z = rnnlib.loss_surface(X_long, X_long.sum(1), wx, np.linspace(-6, 6, size))
    report("loss_surface L=200, w_rec in [-6, 6]", f"{np.isinf(Z).mean():.0%} +inf, "
           f"{np.isnan(Z).sum()} NaN", not np.isnan(Z).any(), "never NaN")


def bench_forward_backward(shapes: list[tuple[int, int]], repeats: int) -> None:
    for n, length in shapes:
        rng = np.random.default_rng(2)
        X = rng.integers(0, 2, (n, length))
        t = X.sum(axis=1)

        def step(X: np.ndarray = X, t: np.ndarray = t) -> None:
            rnnlib.gradient(X, t, 1.0, 0.999)

        elapsed = best_time(step, repeats)
        per_cell = elapsed / (n * length) * 1e9
        report(f"gradient = forward + backward {n}x{length}",
               f"{elapsed * 1e3:.3f} ms ({per_cell:.1f} ns/cell)")


def bench_nonlinear_training(smoke: bool) -> None:
    """Chapter 7: one full-batch training iteration, and the time to 100 % held-out accuracy."""
    from rnnlib.nonlinear import accuracy, binary_addition, init_params
    from rnnlib.training import adam_update, rmsprop_update, rprop_update, train

    n_train, n_iter, repeats = (200, 40, 2) if smoke else (2000, 250, 5)
    X, T = binary_addition(n_train, 6, seed=0)
    X_held, T_held = binary_addition(1000, 6, seed=1)
    params0 = init_params(2, 8, 1, seed=0)
    per_iteration = best_time(lambda: train(params0, X, T, rmsprop_update(0.02), 10),
                              repeats) / 10
    report(f"Chapter 7: training iteration {n_train}x7, H = 8",
           f"{per_iteration * 1e3:.2f} ms (full batch: one epoch)")
    rules = {"Rprop": lambda: rprop_update(delta0=0.01),
             "RMSprop": lambda: rmsprop_update(learning_rate=0.02),
             "Adam": lambda: adam_update(learning_rate=0.05)}
    for name, rule in rules.items():
        path, _ = train(params0, X, T, rule(), n_iter)
        right = [accuracy(p, X_held, T_held)[1] == 1.0 for p in path]
        if not any(right):
            report(f"  {name}: to 100 % of held-out sums", f"not within {n_iter} iterations",
                   None if smoke else False, "target: reached, < 1 s")
            continue
        first = right.index(True)
        elapsed = best_time(lambda rule=rule, first=first: train(params0, X, T, rule(), first),
                            repeats)
        report(f"  {name}: to 100 % of held-out sums", f"{first} iterations, {elapsed:.2f} s",
               None if smoke else elapsed < 1, "target: reached, < 1 s")


def bench_chapters(notebooks: list[Path], smoke: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for notebook in notebooks:
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                 "--ExecutePreprocessor.kernel_name=python3", "--output-dir", scratch,
                 str(notebook)],
                check=True, capture_output=True, cwd=notebook.parent,
            )
            elapsed = time.perf_counter() - start
            report(f"chapter {notebook.name}", f"{elapsed:.1f} s (incl. kernel start)",
                   None if smoke else elapsed < 10, "target < 10 s")


def bench_book(smoke: bool, then: Callable[[Path], None] | None = None) -> None:
    """Build the book from clean; ``then(html)`` measures in the fresh build before it goes."""
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going",
             "--path-output", scratch],
            check=True, capture_output=True, cwd=ROOT,
        )
        elapsed = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(scratch).rglob("*") if f.is_file())
        report("make book from clean", f"{elapsed:.1f} s, {size / 2**20:.1f} MiB",
               None if smoke else elapsed < 60, "target < 60 s")
        if then is not None:
            then(Path(scratch) / "_build" / "html")
        shutil.rmtree(scratch, ignore_errors=True)


def bench_explorer_live(runs: int, smoke: bool) -> None:
    """The live explorer's kernel side: a new start (a whole 500-iteration run) and a Step."""
    import json

    from rnnlib.explorer import WeightExplorer

    X, t = rnnlib.make_dataset()
    explorer = WeightExplorer(X, t, wx=-1.5, wrec=2.0, mode="training")
    moves, steps = [], []
    for k in range(runs):  # a dragged start, as the kernel answers it, and one replayed Step
        start = time.perf_counter()
        explorer._on_message(explorer, {"action": "move", "wx": -1.5 + 0.01 * k, "wrec": 2.0}, [])
        json.dumps([explorer.run, explorer.point])  # what goes over the wire
        moves.append(time.perf_counter() - start)
        start = time.perf_counter()
        explorer._on_message(explorer, {"action": "seek", "iteration": 1}, [])
        json.dumps(explorer.point)
        steps.append(time.perf_counter() - start)
    for name, times, target in (("a new start: the 500-iteration run", moves, None),
                                ("one Step", steps, 50)):
        times_ms = np.array(times) * 1e3
        report(f"explorer, live: {name} in the kernel ({runs}x)",
               f"median {np.median(times_ms):.2f} ms, p90 {np.percentile(times_ms, 90):.2f} ms",
               None if smoke or target is None else bool(np.median(times_ms) <= target),
               "" if target is None else f"target <= {target} ms")


STATIC_STEPS = """(count) => {
  const button = document.querySelector('.rnnlib-explorer [data-action=step]');
  document.querySelector('.rnnlib-explorer [data-action=reset]').click();
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    button.click();
    void button.getBoundingClientRect().height;  // force style and layout of the update
    times.push(performance.now() - start);
  }
  return times;
}"""

# A drag across the surface: each pointermove recomputes the 500-iteration run and draws it.
STATIC_DRAG = """(count) => {
  const svg = document.querySelector('.rnnlib-explorer svg[data-plot=surface]');
  svg.scrollIntoView();
  const box = svg.getBoundingClientRect(), times = [];
  const at = k => [box.left + box.width * (0.15 + 0.6 * k / count), box.top + box.height * 0.2];
  const fire = (type, [x, y]) => svg.dispatchEvent(new PointerEvent(type, {bubbles: true,
    cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1,
    clientX: x, clientY: y}));
  fire('pointerdown', at(0));
  for (let k = 1; k <= count; k++) {
    const start = performance.now();
    fire('pointermove', at(k));
    void svg.getBoundingClientRect().height;  // force style and layout of the drawn run
    times.push(performance.now() - start);
  }
  fire('pointerup', at(count));
  return times;
}"""


def bench_explorer_static(html: Path, count: int, smoke: bool) -> None:
    """In Chromium, in Chapter 5's page as built: a Step, and a dragged pointer move."""
    chromium = Path(CHROMIUM)
    if not chromium.exists():
        report("explorer, static", f"skipped: no {CHROMIUM}")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((html / "book" / "05_rprop.html").as_uri())
        page.wait_for_selector(".rnnlib-explorer[data-ready]")
        steps = np.array(page.evaluate(STATIC_STEPS, count))
        drags = np.array(page.evaluate(STATIC_DRAG, count // 5))
        browser.close()
    for name, times in ((f"one Step ({len(steps)} steps)", steps),
                        (f"a pointer move to the drawn 500-iteration run ({len(drags)} moves)",
                         drags)):
        report(f"explorer, static, in 05_rprop.html: {name}",
               f"median {np.median(times):.2f} ms, p90 {np.percentile(times, 90):.2f} ms",
               None if smoke else bool(np.median(times) <= 16),
               "target: median <= 16 ms (a frame)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no verdicts (CI)")
    args = parser.parse_args()
    smoke = args.smoke
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}"
          + (" -- smoke run: sizes are tiny, no verdicts" if smoke else ""))
    bench_loss_surface(100 if smoke else 1000, 3 if smoke else 15, smoke)
    bench_forward_backward([(20, 10)] if smoke else [(20, 10), (1000, 1000)], 3 if smoke else 15)
    bench_explorer_live(3 if smoke else 40, smoke)
    bench_nonlinear_training(smoke)
    if not smoke:
        bench_chapters(sorted((ROOT / "book").glob("*.ipynb")), smoke)
        bench_book(smoke, then=lambda html: bench_explorer_static(html, 500, smoke))


if __name__ == "__main__":
    main()
