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


def _axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    return plt, fig, ax


def test_an_end_marker_is_drawn_over_the_optimum_and_smaller_than_its_star():
    """A run that ends at (1, 1) shows its marker on top of the star, and the star around it."""
    import numpy as np

    from rnnlib.plotting import OPTIMUM, mark_optimum, optimiser_style, plot_path

    plt, fig, ax = _axes()
    mark_optimum(ax)
    plot_path(ax, np.array([[-1.5, 2.0], OPTIMUM]), optimiser_style("rprop"))
    star = next(line for line in ax.lines if line.get_marker() == "*")
    end = next(line for line in ax.lines
               if line.get_marker() == "X" and len(line.get_xdata()) == 1)
    assert end.get_zorder() > star.get_zorder()
    assert end.get_markersize() < star.get_markersize()
    plt.close(fig)


def test_paths_get_a_halo_that_contrasts_with_their_colour():
    from rnnlib.plotting.paths import halo_color

    assert halo_color("#56B4E9") == halo_color("#F0E442") == "#000000"  # sky, yellow
    assert halo_color("#D55E00") == halo_color("#002E47") == "#FFFFFF"  # vermillion, navy


def test_a_style_without_its_marker():
    from rnnlib.plotting import optimiser_style, weight_style

    assert "marker" not in weight_style("wx", marker=False)
    assert optimiser_style("gradient_descent", 5e-7)["color"] == optimiser_style(
        "gradient_descent")["color"]
    assert "marker" not in optimiser_style("adam", 0.1, marker=False)
