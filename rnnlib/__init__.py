"""rnnlib: the helper package of the book "Counting ones: a minimal RNN from scratch".

A linear RNN s_k = s_{k-1}·w_rec + x_k·w_x learns to count the ones in binary sequences. Each
function is taught, and its source shown, in one chapter of the book; later chapters import it.
"""

# Chapter 7's nonlinear network and its optimisers, used as rnnlib.nonlinear.forward etc.: their
# names (loss and gradient among them) would clash with the linear model's at the top level.
from . import nonlinear, training  # noqa: F401
from .checking import (
    GradientCheck,
    gradient_check,
    numerical_gradient,
    relative_error,
    roundoff_floor,
)
from .data import OPTIMUM, make_dataset
from .model import (
    backward_gradient,
    cost,
    forward_states,
    gradient,
    loss,
    output_gradient,
    update_state,
)
from .optimisers import gradient_descent, rprop
from .surface import loss_surface, surface_coefficients

__all__ = [
    "OPTIMUM",
    "GradientCheck",
    "backward_gradient",
    "cost",
    "forward_states",
    "gradient",
    "gradient_check",
    "gradient_descent",
    "loss",
    "loss_surface",
    "make_dataset",
    "numerical_gradient",
    "output_gradient",
    "relative_error",
    "roundoff_floor",
    "rprop",
    "surface_coefficients",
    "update_state",
]
