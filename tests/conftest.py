"""Shared fixtures: the built book, a headless Chromium driven by Playwright, JupyterLab servers.

Browser tests use Debian's chromium at /usr/bin/chromium (Playwright never downloads a browser
here). Outside CI they skip when it is missing; under CI=true a missing browser is a failure.
Every test that uses the browser or the built book is marked `browser`, so `make unit`
(`-m "not browser"`) runs without either.

Hypothesis: under CI=true the "ci" profile derandomizes (the same examples on every run, no
example database), so CI verdicts are reproducible; local runs explore new examples each time.

`jupyterlab_server` starts JupyterLab on 127.0.0.1 with a random token on a port the OS picks
(port 0; the real port is read back from the server's runtime file), with its own private
Jupyter folders, and stops it and its kernels afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bookfacts import BUILD_HTML, CHROMIUM, CHROMIUM_ARGS, ROOT, WEB_EDITIONS
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

BROWSER_FIXTURES = {"browser", "built_book", "built_book_ja"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: browser tests must run under CI", pytrace=False)
    pytest.skip(message)


def _build_commands(build_dir: Path | None = None) -> list[list[str]]:
    """The commands of `make book` (both editions; the English one with its strict flags left
    to make), into ``build_dir``/html (default: _build/html)."""
    jupyter_book = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT)]
    japanese = [sys.executable, str(ROOT / "tools" / "build_book.py"), "ja"]
    if build_dir is not None:
        jupyter_book += ["-n", "--path-output", str(build_dir.parent)]
        japanese += ["--build-dir", str(build_dir)]
    return [jupyter_book, japanese]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML book in _build/html, the Japanese edition in _build/html/ja; `make test` builds
    both first, this builds an edition that is missing."""
    english, japanese = _build_commands()
    if not (BUILD_HTML / "index.html").exists():
        subprocess.run(english, check=True, cwd=ROOT)
    if not all((BUILD_HTML / folder / "index.html").exists()
               for folder, _ in WEB_EDITIONS.values()):
        subprocess.run(japanese, check=True, cwd=ROOT)
    return BUILD_HTML


@pytest.fixture(scope="session")
def built_book_ja(built_book) -> Path:
    """The Japanese edition, _build/html/ja (built with the English one by `built_book`)."""
    return built_book / "ja"


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium, shared by the session's browser tests."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


REPRODUCIBILITY_TEST = "test_second_build_from_clean_is_identical"
AXE_TEST = "test_no_serious_accessibility_violation"


def _selected(request, name: str) -> bool:
    """Whether a test of this name is among the session's selected tests."""
    return any(getattr(item, "originalname", None) == name for item in request.session.items)


@pytest.fixture(scope="session")
def second_build(request, built_book, tmp_path_factory):
    """A second build of the book, from clean, into a temporary folder.

    It runs in the background from the first browser test on (the two share the two cores),
    and only when the reproducibility test was selected. Returns a function that waits for it
    and gives its HTML folder.
    """
    if not _selected(request, REPRODUCIBILITY_TEST):
        yield None
        return
    out = tmp_path_factory.mktemp("second_build")
    # both editions, one after the other, as `make book` builds them
    script = " && ".join(shlex.join(command) for command in _build_commands(out / "_build"))
    with open(out / "build.log", "wb") as log:
        process = subprocess.Popen(
            ["sh", "-c", script],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait() -> Path:
        code = process.wait(timeout=600)
        output = (out / "build.log").read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"the second build failed:\n{output[-3000:]}"
        return out / "_build" / "html"

    yield wait
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def page_visits(request, browser, built_book, second_build):
    """page, width -> what one visit of the page at that width recorded (tests/book_pages.py),
    each page visited once per width per session; axe-core runs on the same visit when its test
    is selected (the full run), and so do the full-page screenshots (about a second a visit;
    BOOK_SCREENSHOTS=1 asks for them in any run). (Requesting second_build starts the
    reproducibility build now, in the background.)"""
    import book_pages

    axe = None
    if _selected(request, AXE_TEST):
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
    screenshot = axe is not None or os.environ.get("BOOK_SCREENSHOTS") == "1"
    cache: dict[tuple[str, str], book_pages.Visit] = {}

    def get(page: str, width: str) -> book_pages.Visit:
        if (page, width) not in cache:
            try:
                cache[page, width] = book_pages.visit(browser, built_book, page, width, axe=axe,
                                                        screenshot=screenshot)
            except FileNotFoundError as error:
                pytest.fail(str(error), pytrace=False)
        return cache[page, width]

    return get


# --- bad input ------------------------------------------------------------------------------------
def assert_refused(call, exception: type[Exception], name: str, says: str) -> None:
    """``call()`` raises ``exception`` with a message that starts with the argument's ``name``
    and matches ``says``, and lets no warning escape on the way (the bad-input tables)."""
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(exception) as caught:
            call()
    message = str(caught.value)
    assert message.startswith(name + " "), message
    assert re.search(says, message), message


# --- JupyterLab ---------------------------------------------------------------------------------
def jupyter_environment(workdir: Path) -> dict[str, str]:
    """This process's environment with every Jupyter folder (config, data, runtime, settings,
    workspaces, IPython) inside ``workdir``: a server started with it reads and writes nothing of
    the user's, and writes its runtime file to ``workdir / "runtime"``."""
    env = dict(os.environ)
    for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("JUPYTERLAB_SETTINGS_DIR", "settings")):
        env[name] = str(workdir / folder)
    return env


@contextlib.contextmanager
def jupyterlab_server(root: Path, workdir: Path, *, disabled_extensions: tuple[str, ...] = ()
                      ) -> Iterator[tuple[str, str]]:
    """A JupyterLab server serving ``root``, on 127.0.0.1 with a token: yields (url, token).

    Every Jupyter folder (config, data, runtime, settings, workspaces, IPython) lives in
    ``workdir``, so nothing of the user's is read or written; autosave is off, so the server
    never writes the notebooks back. ``disabled_extensions`` are front-end extensions to switch
    off (e.g. "jupyterlab-myst", to see the notebooks as they look without it).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for plugin, setting in (
        ("docmanager-extension/plugin", {"autosave": False}),
        ("apputils-extension/notification", {"fetchNews": "false"}),  # no pop-up, no request
    ):
        settings = workdir / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(setting))
    env = jupyter_environment(workdir)
    if disabled_extensions:
        labconfig = workdir / "config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": dict.fromkeys(disabled_extensions, True)}))
    token = os.urandom(16).hex()
    log_path = workdir / "jupyterlab.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
         "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],  # containers and CI run as root
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = _wait_for_server(server, workdir / "runtime", token, log_path)
        yield url, token
    finally:
        _stop(server)
        log.close()


def _wait_for_server(server: subprocess.Popen, runtime: Path, token: str, log: Path) -> str:
    """The server's URL, once its runtime file names the port it listens on and it answers."""
    deadline = time.monotonic() + 90
    while True:
        for info_file in runtime.glob("jpserver-*.json"):
            try:
                info = json.loads(info_file.read_text())
            except ValueError:  # being written
                continue
            url = f"http://127.0.0.1:{info['port']}"
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    return url
            except OSError:
                pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()}")
        time.sleep(0.5)


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (its own process group), bounded in time."""
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:  # the whole group has exited already
            break
        try:
            server.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    server.wait(timeout=10)
