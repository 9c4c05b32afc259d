"""The chapters' code and figures as the figure tests read them: code cells parsed into Python
syntax trees, and every PNG output with its size. Reads the committed notebooks only."""

from __future__ import annotations

import ast
import base64
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bookfacts import ROOT, page_paths


def chapter_notebooks() -> list[Path]:
    """The toc's notebooks, in reading order."""
    return [ROOT / f"{page}.ipynb" for page in page_paths() if (ROOT / f"{page}.ipynb").exists()]


@dataclass(frozen=True)
class Cell:
    notebook: str  # "05_rprop.ipynb"
    index: int
    source: str
    outputs: list

    def where(self, node: ast.AST | None = None) -> str:
        line = f", line {node.lineno}" if node is not None and hasattr(node, "lineno") else ""
        return f"{self.notebook} cell {self.index}{line}"

    def tree(self) -> ast.Module:
        """The cell's code as Python (IPython magics and shell lines left out)."""
        lines = ["" if re.match(r"\s*[%!]", line) else line for line in self.source.splitlines()]
        return ast.parse("\n".join(lines))


def code_cells() -> Iterator[Cell]:
    import nbformat

    for path in chapter_notebooks():
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                yield Cell(path.name, index, cell.source, cell.get("outputs", []))


@dataclass(frozen=True)
class Png:
    where: str
    width: int  # pixels
    height: int
    shown_width: float | None  # the width the notebook asks the page to show it at (CSS px)


def png_outputs() -> list[Png]:
    """Every PNG output of the chapters, with its pixel size read from the PNG's header."""
    found = []
    for cell in code_cells():
        for output in cell.outputs:
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            png = base64.b64decode(data["image/png"])
            assert png[:8] == b"\x89PNG\r\n\x1a\n", f"{cell.where()}: not a PNG"
            width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
            shown = output.get("metadata", {}).get("image/png", {}).get("width")
            found.append(Png(cell.where(), width, height, shown))
    return found


def string_constants(node: ast.AST) -> list[str]:
    """Every string literal inside ``node`` (f-strings' literal parts included)."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def number(node: ast.AST) -> float | None:
    """The value of a numeric literal (``10``, ``-0.5``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = number(node.operand)
        return None if inner is None else -inner
    return None
