"""The benchmark code still runs (tiny sizes, no timing verdicts), so `make bench` cannot rot.

The smoke run leaves out the chapters and the static explorer in Chromium: nbval and the browser
tests run those already.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_run_at_small_size():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    for figure in ("loss_surface 100x100", "forward + backward 20x10", "explorer, live",
                   "Chapter 7: training iteration", "Adam: to 100 %"):
        assert figure in result.stdout, result.stdout
    nan_counts = re.findall(r"(\d+) NaN", result.stdout)
    assert nan_counts == ["0"], result.stdout
