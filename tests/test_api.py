"""rnnlib's public API: every name importable, typed, and documented with the shapes it takes."""

from __future__ import annotations

import inspect
import re

import pytest

import rnnlib

FUNCTIONS = [
    name for name in rnnlib.__all__ if inspect.isfunction(getattr(rnnlib, name))
]

# The public API the chapters and readers rely on, with its positional order.
SIGNATURES = {
    "make_dataset": ["n_samples", "length", "seed"],
    "update_state": ["x_k", "s_prev", "wx", "wrec"],
    "forward_states": ["X", "wx", "wrec"],
    "cost": ["y", "t"],
    "output_gradient": ["y", "t"],
    "backward_gradient": ["X", "S", "grad_out", "wrec"],
    "gradient": ["X", "t", "wx", "wrec"],
    "numerical_gradient": ["X", "t", "wx", "wrec", "eps"],
    "gradient_check": ["X", "t", "wx", "wrec", "eps", "rtol", "backward"],
    "rprop": ["X", "t", "w0", "n_iter", "delta0", "eta_p", "eta_n"],
    "gradient_descent": ["X", "t", "w0", "learning_rate", "n_iter"],
    "loss_surface": ["X", "t", "wx_values", "wrec_values"],
}


def test_all_names_exist():
    for name in rnnlib.__all__:
        assert hasattr(rnnlib, name), name
    assert set(SIGNATURES) <= set(rnnlib.__all__)


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_positional_order(name):
    parameters = list(inspect.signature(getattr(rnnlib, name)).parameters)
    assert parameters == SIGNATURES[name]


def test_defaults():
    def defaults(function):
        return {
            name: p.default
            for name, p in inspect.signature(function).parameters.items()
            if p.default is not inspect.Parameter.empty
        }

    assert defaults(rnnlib.make_dataset) == {"n_samples": 20, "length": 10, "seed": 1}
    assert defaults(rnnlib.rprop) == {
        "w0": (-1.5, 2.0),
        "n_iter": 500,
        "delta0": 0.001,
        "eta_p": 1.2,
        "eta_n": 0.5,
    }
    assert defaults(rnnlib.numerical_gradient) == {"eps": 1e-7}
    assert defaults(rnnlib.gradient_check)["eps"] == 1e-7
    assert defaults(rnnlib.gradient_check)["backward"] is rnnlib.backward_gradient


@pytest.mark.parametrize("name", FUNCTIONS)
def test_type_hints(name):
    function = getattr(rnnlib, name)
    signature = inspect.signature(function)
    missing = [p for p, info in signature.parameters.items() if info.annotation is info.empty]
    assert not missing, f"{name}: parameters without a type hint: {missing}"
    assert signature.return_annotation is not signature.empty, f"{name}: no return type hint"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_docstrings_state_shapes(name):
    doc = inspect.getdoc(getattr(rnnlib, name)) or ""
    assert re.search(r"shape|scalars|\((n|n_samples|nr|n_iter \+ 1|L)[,)]", doc), name
