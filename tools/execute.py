"""Execute chapter notebooks top to bottom in a fresh kernel and store the outputs in place.

    python tools/execute.py book/01_data.ipynb [...]

What is stored is exactly what nbval compares, and nothing that changes from run to run, so
executing twice leaves `git diff` empty:
- consecutive prints of a cell are one stream output (the kernel splits them by timing);
- no per-cell timings, no widget state in the notebook's metadata;
- a live widget's view (`application/vnd.jupyter.widget-view+json`, a random model id that only
  a running kernel can serve) is dropped when the output has another representation to show.
The kernel talks to this process over local sockets (ipc), not TCP. Nothing is injected into
the kernel: the figures' legibility is a contract on the book's style (rnnlib/plotting/style.py),
checked from the stored outputs by tests/test_figure_style.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def merge_streams(outputs: list) -> list:
    """Join each run of stream outputs with the same name (stdout, stderr) into one."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def drop_widget_views(outputs: list) -> None:
    for output in outputs:
        data = output.get("data", {})
        if WIDGET_VIEW in data and len(data) > 1:
            del data[WIDGET_VIEW]


def execute(path: Path, sockets: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(sockets / "kernel")  # ipc: a path prefix for the sockets
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
        config=config,
    )
    client.execute()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
            drop_widget_views(cell.outputs)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


def main(paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as sockets:
        for name in paths:
            print(f"executing {name}", flush=True)
            execute(Path(name), Path(sockets))


if __name__ == "__main__":
    main(sys.argv[1:])
