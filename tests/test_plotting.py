"""rnnlib.plotting: the one rule for symmetric-log ticks, and no pyplot on import."""

import subprocess
import sys

import pytest

from rnnlib.plotting import symlog_ticks


@pytest.mark.parametrize(
    ("linthresh", "largest", "exponents"),
    [
        (1e-3, 1500.0, [4, 2, 0, -2]),  # 8 decades: every second power of ten
        (1e-4, 0.3, [0, -1, -2, -3, -4]),
        (1e-3, 1e-6, [-3]),  # nothing above the linear band: one tick per sign
        (1e-3, 1e300, [300, 239, 178, 117, 56]),  # stride 61 from the top
    ],
)
def test_symlog_ticks_are_symmetric_powers_of_ten(linthresh, largest, exponents):
    ticks, labels = symlog_ticks(linthresh, largest)
    positive = [10.0**e for e in reversed(exponents)]
    assert ticks == [-p for p in reversed(positive)] + [0.0] + positive
    assert ticks[-1] >= largest or ticks[-1] == 10.0 ** exponents[0]
    assert labels[len(exponents)] == "0"
    assert labels[-1] == f"$10^{{{exponents[0]}}}$"
    assert labels[0] == f"$-10^{{{exponents[0]}}}$"
    assert len(ticks) <= 13


def test_importing_plotting_does_not_import_pyplot():
    code = "import sys, rnnlib.plotting; assert 'matplotlib.pyplot' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
