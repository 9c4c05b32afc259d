"""The benchmarks still run (at tiny sizes, with no timing verdicts): `make bench` cannot rot."""

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
    for figure in ("loss_surface 100x100", "forward + backward 20x10", "chapter 01_data.ipynb"):
        assert figure in result.stdout, result.stdout
    nan_counts = re.findall(r"(\d+) NaN", result.stdout)
    assert nan_counts == ["0"], result.stdout
