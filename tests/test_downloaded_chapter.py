"""A chapter downloaded from the built book runs elsewhere, with what the book offers.

As a reader would: a fresh virtual environment outside the checkout that has only NumPy,
Matplotlib, ipywidgets and a kernel (ipykernel, plus nbclient to run the notebook), with their
own dependencies; the notebook the book's download button gives (`_sources/book/<chapter>.ipynb`)
and the rnnlib wheel the book ships beside its pages; the Japanese book's download of the same
chapter (`ja/_sources/book/<chapter>.ipynb`) too. `import rnnlib` must fail there first (so
nothing comes from the checkout), then `pip install <wheel>` with no package index (offline)
installs it, and the chapter executes top to bottom without an error (full run only).

Offline and fast: the fresh environment does not download NumPy and friends; it sees exactly
those distributions (and their dependencies) of the test's own environment, linked into one
folder named by a .pth file. Its pip comes from ensurepip, which ships with Python.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One chapter proves the wheel and the edition (every chapter runs under nbval): the one that
# uses the most of rnnlib (the surface, the optimisers, the plotting, the explorer).
CHAPTER = "06_loss_surface"
READER_HAS = ["numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "nbformat"]

RUN = """
import sys
import nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120,
                        resources={"metadata": {"path": sys.argv[2]}}).execute()
print("ran", len(notebook.cells), "cells")
"""


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    """Names of a distribution's requirements that apply here (extras left out)."""
    from packaging.requirements import Requirement

    names = []
    for spec in dist.requires or []:
        requirement = Requirement(spec)
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        names.append(requirement.name)
    return names


def closure(names: list[str]) -> dict[str, metadata.Distribution]:
    """The distributions ``names`` need, with all their dependencies, from this environment."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        key = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if key in found:
            continue
        dist = metadata.distribution(key)
        found[key] = dist
        todo += _requirement_names(dist)
    assert "rnnlib" not in found
    return found


def link_distributions(dists: dict[str, metadata.Distribution], target: Path) -> None:
    """Symlink each distribution's top-level files and folders (code, metadata) into target."""
    target.mkdir(parents=True)
    for dist in dists.values():
        site = Path(dist.locate_file(""))
        for top in {Path(str(file)).parts[0] for file in dist.files or []}:
            source = site / top
            if top.startswith("..") or top == "__pycache__" or not source.exists():
                continue  # scripts and data installed outside site-packages
            if not (target / top).exists():
                (target / top).symlink_to(source)


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory) -> Path:
    """A fresh venv outside the checkout with only what a reader installs (see the docstring)."""
    home = tmp_path_factory.mktemp("reader")
    assert not home.resolve().is_relative_to(ROOT)
    venv = home / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    link_distributions(closure(READER_HAS), home / "packages")
    (site / "reader-packages.pth").write_text(f"{home / 'packages'}\n")
    return python


def reader_env(home: Path) -> dict[str, str]:
    """No Jupyter or IPython folders of the user's (or this checkout's), no PYTHONPATH."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "IPYTHON", "PYTHON", "VIRTUAL_ENV", "MPL"))}
    for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                         ("MPLCONFIGDIR", "mpl")):
        env[name] = str(home / folder)
    env["PIP_NO_INDEX"] = "1"  # offline: nothing may come from a package index
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["HOME"] = str(home)
    return env


@pytest.fixture(scope="module")
def installed(reader_python, built_book) -> tuple[Path, dict[str, str]]:
    """The reader's python after `pip install <the book's wheel>`, and its environment."""
    home = reader_python.parent.parent.parent
    env = reader_env(home)
    before = subprocess.run([str(reader_python), "-c", "import rnnlib"], cwd=home, env=env,
                            capture_output=True, text=True)
    assert before.returncode != 0 and "No module named 'rnnlib'" in before.stderr, (
        "rnnlib is importable before the wheel is installed: the test is not isolated")
    wheels = sorted(built_book.glob("rnnlib-*.whl"))
    assert len(wheels) == 1, f"the book should ship one rnnlib wheel, found {wheels}"
    download = home / "downloads"
    download.mkdir()
    wheel = Path(shutil.copy(wheels[0], download))
    subprocess.run([str(reader_python), "-m", "pip", "install", "--quiet", "--no-index",
                    wheel.name], cwd=download, env=env, check=True)
    where = subprocess.run([str(reader_python), "-c", "import rnnlib; print(rnnlib.__file__)"],
                           cwd=home, env=env, check=True, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(reader_python.parent.parent)
    return reader_python, env


def test_the_intro_links_the_wheel_the_book_ships(built_book):
    intro = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    (wheel,) = built_book.glob("rnnlib-*.whl")
    assert f'href="../{wheel.name}"' in intro


@pytest.mark.full
@pytest.mark.parametrize("edition", ["en", "ja"])
def test_downloaded_chapter_runs_in_a_fresh_environment(installed, request, edition):
    """The English book's chapter, and the Japanese book's (its own download: Japanese prose,
    the same code), each run as a reader who downloaded it."""
    chapter = CHAPTER
    python, env = installed
    book = request.getfixturevalue("built_book" if edition == "en" else "built_book_ja")
    source = book / "_sources" / "book" / f"{chapter}.ipynb"
    assert source.is_file(), f"the book offers no download of {chapter}.ipynb"
    folder = Path(env["HOME"]) / edition / chapter
    folder.mkdir(parents=True)
    notebook = Path(shutil.copy(source, folder))
    result = subprocess.run([str(python), "-c", RUN, str(notebook), str(folder)], cwd=folder,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{chapter} failed:\n{result.stderr[-3000:]}"
