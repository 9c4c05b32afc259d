"""Shared fixtures: the built book and a headless Chromium driven by Playwright.

Browser tests use Debian's chromium at /usr/bin/chromium (Playwright never downloads a browser
here). Outside CI they skip when it is missing; under CI=true a missing browser is a failure.
Every test that uses the browser or the built book is marked `browser`, so `make unit`
(`-m "not browser"`) runs without either.

Hypothesis: under CI=true the "ci" profile derandomizes (the same examples on every run, no
example database), so CI verdicts are reproducible; local runs explore new examples each time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

ROOT = Path(__file__).resolve().parent.parent
BUILD_HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


BROWSER_FIXTURES = {"browser", "built_book"}


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


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The HTML book in _build/html; `make test` builds it first, this builds it if missing."""
    if not (BUILD_HTML / "index.html").exists():
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        subprocess.run([str(jupyter_book), "build", str(ROOT)], check=True, cwd=ROOT)
    return BUILD_HTML


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
