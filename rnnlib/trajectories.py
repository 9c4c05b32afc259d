"""What the weight explorer computes: one point's numbers, and training one step at a time.

``evaluate`` gives everything the explorer shows at one point (w_x, w_rec) through rnnlib's own
forward pass, cost and BPTT, and never raises where a long sequence overflows float64: the cost
is then +inf and the gradient is reported as an overflow. ``Training`` is the explorer's state
machine: a point to start from, an optimiser (gradient descent, gradient descent with its
gradient clipped to a length θ, Rprop), and Step / Reset / move / settings actions. Its
gradient-descent and Rprop steps do exactly what ``rnnlib.gradient_descent`` and
``rnnlib.rprop`` do, so its trajectories are theirs, number for number. ``explorer.js`` repeats
this module in the page (same state, same float64 operation order) for the static book.
"""

from __future__ import annotations

import math

import numpy as np

from .model import backward_gradient, cost, forward_states, output_gradient

#: The optimisers the explorer offers: value → label.
OPTIMISERS = {"gd": "gradient descent", "clip": "gradient descent, clipped", "rprop": "Rprop"}
#: Settings of a run before the reader changes them (Rprop's are rnnlib.rprop's defaults).
DEFAULT_SETTINGS = {"optimiser": "rprop", "learning_rate": 1e-5, "theta": 1.0,
                    "delta0": 0.001, "eta_p": 1.2, "eta_n": 0.5}
#: A run stops growing its trail here (Play stops too).
MAX_ITERATIONS = 10_000


def evaluate(X: np.ndarray, t: np.ndarray, wx: float, wrec: float) -> dict:
    """Everything the explorer shows at (wx, wrec), computed with rnnlib.

    ``X`` (n, L) and ``t`` (n,) are validated arrays. Returns ``states`` S (n, L+1), ``cost``,
    ``grad`` (∂ξ/∂w_x, ∂ξ/∂w_rec) as an array (2,), ``grad_over_time`` ∂ξ/∂s_k (n, L+1) and
    ``finite``: whether states, cost and gradients are all finite. Where the states overflow
    (e.g. w_rec = 3 on sequences of length 800) the cost is +inf and the gradients are NaN
    (there is no honest finite value); nothing raises.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        S = forward_states(X, wx, wrec)
        if np.all(np.isfinite(S)):
            y = S[:, -1]
            xi = cost(y, t)
            grads, over_time = backward_gradient(X, S, output_gradient(y, t), wrec)
            grad = np.array(grads)
        else:
            xi, grad, over_time = math.inf, np.full(2, math.nan), np.full(S.shape, math.nan)
    finite = bool(np.isfinite(xi) and np.all(np.isfinite(grad))
                  and np.all(np.isfinite(over_time)))
    return {"states": S, "cost": xi, "grad": grad, "grad_over_time": over_time,
            "finite": finite}


def check_settings(settings: dict) -> dict:
    """``DEFAULT_SETTINGS`` updated with ``settings``; a clear error naming a bad one."""
    unknown = set(settings) - set(DEFAULT_SETTINGS)
    if unknown:
        raise TypeError(f"unknown setting {sorted(unknown)[0]!r}; "
                        f"the settings are {', '.join(DEFAULT_SETTINGS)}")
    merged = {**DEFAULT_SETTINGS, **settings}
    if merged["optimiser"] not in OPTIMISERS:
        raise ValueError(f"optimiser must be one of {', '.join(OPTIMISERS)}, "
                         f"got {merged['optimiser']!r}")
    for name in ("learning_rate", "theta", "delta0", "eta_p", "eta_n"):
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number above 0, got {value}")
        merged[name] = float(value)
    if not merged["eta_p"] > 1:
        raise ValueError(f"eta_p must be above 1, got {merged['eta_p']}")
    if not merged["eta_n"] < 1:
        raise ValueError(f"eta_n must lie in (0, 1), got {merged['eta_n']}")
    return merged


def _number(value: float) -> float | str:
    """A float as JSON can carry it: non-finite values as the strings 'inf', '-inf', 'nan'."""
    value = float(value)
    return value if math.isfinite(value) else repr(value)


class Training:
    """A run of one optimiser from a start point, one step at a time (the explorer's state).

    Args:
        X, t: validated inputs (n, L) and targets (n,).
        start: the run's start (w_x, w_rec); sample: the sample whose states are reported.
        settings: see ``DEFAULT_SETTINGS``.
    """

    def __init__(self, X: np.ndarray, t: np.ndarray, start: tuple[float, float],
                 sample: int = 0, settings: dict | None = None) -> None:
        self.X, self.t, self.sample = X, t, sample
        self.settings = check_settings(settings or {})
        self.move(*start)

    def move(self, wx: float, wrec: float) -> None:
        """Start a new run at (wx, wrec)."""
        self.start = (float(wx), float(wrec))
        self.reset()

    def reset(self) -> None:
        """Back to the run's start, with the optimiser's memory cleared."""
        self.w = np.array(self.start)
        self.values = evaluate(self.X, self.t, *self.w)
        self.trail = [self.w]
        self.costs = [self.values["cost"]]
        self.diverged = 0 if not self.values["finite"] else None
        self.delta = np.full(2, self.settings["delta0"])
        self.previous_sign = np.zeros(2)

    def configure(self, **settings) -> None:
        """Change settings (see ``DEFAULT_SETTINGS``); the run restarts from its start."""
        self.settings = check_settings({**self.settings, **settings})
        self.reset()

    def step(self, count: int = 1) -> None:
        """Up to ``count`` iterations; stops at the last finite point if the run diverges."""
        for _ in range(count):
            if self.diverged is not None or len(self.trail) > MAX_ITERATIONS:
                return
            s, grad = self.settings, self.values["grad"]
            if s["optimiser"] == "rprop":  # as rnnlib.rprop
                sign = np.sign(grad)
                self.delta = self.delta * np.where(sign == self.previous_sign,
                                                   s["eta_p"], s["eta_n"])
                w = self.w - sign * self.delta
                self.previous_sign = sign
            elif s["optimiser"] == "clip":  # a gradient longer than θ is scaled to length θ
                norm = math.sqrt(grad[0] * grad[0] + grad[1] * grad[1])
                clipped = grad * s["theta"] / norm if norm > s["theta"] else grad
                w = self.w - s["learning_rate"] * clipped
            else:  # as rnnlib.gradient_descent
                w = self.w - s["learning_rate"] * grad
            values = evaluate(self.X, self.t, *w) if np.all(np.isfinite(w)) else None
            if values is None or not values["finite"]:
                self.diverged = len(self.trail)
                return
            self.w, self.values = w, values
            self.trail.append(w)
            self.costs.append(values["cost"])

    def state(self) -> dict:
        """The run as plain JSON-able data, the same fields explorer.js's engine produces."""
        i = self.sample
        return {
            "wx": _number(self.w[0]), "wrec": _number(self.w[1]),
            "start": [_number(v) for v in self.start],
            "iteration": len(self.trail) - 1,
            "trail": [[_number(a), _number(b)] for a, b in self.trail],
            "costs": [_number(c) for c in self.costs],
            "cost": _number(self.values["cost"]),
            "grad": [_number(g) for g in self.values["grad"]],
            "diverged": self.diverged,
            "sample": i,
            "states": [_number(v) for v in self.values["states"][i]],
            "grad_over_time": [_number(v) for v in self.values["grad_over_time"][i]],
            "settings": dict(self.settings),
        }

    def handle(self, message: dict) -> None:
        """Carry out one action sent by the explorer's front end."""
        action = message.get("action")
        if action == "move":
            self.move(float(message["wx"]), float(message["wrec"]))
        elif action == "step":
            self.step(int(message.get("count", 1)))
        elif action == "reset":
            self.reset()
        elif action == "sample":
            self.sample = int(message["sample"])
        elif action == "settings":
            self.configure(**message["settings"])
        else:
            raise ValueError(f"unknown explorer action {action!r}")
