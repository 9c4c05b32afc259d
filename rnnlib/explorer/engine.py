"""What the weight explorer computes: one point's numbers, and a whole run from a start.

``evaluate`` gives everything the explorer shows at one point (w_x, w_rec) through rnnlib's own
forward pass, cost and BPTT, and never raises where a long sequence overflows float64: the cost
is then +inf and the gradient is reported as an overflow. ``train`` computes a whole run from a
start with ``rnnlib.rprop``, ``rnnlib.gradient_descent`` or gradient descent with its gradient
clipped to a length θ. ``Explorer`` is the explorer's state machine: the run from the reader's
start, the previous run kept as a ghost when the optimiser or a setting changes, and the point of
the run being replayed. ``explorer.js`` repeats this module in the page (same state, same float64
operation order) for the static book.
"""

from __future__ import annotations

import math

import numpy as np

from ..model import backward_gradient, cost, forward_states, loss, output_gradient
from ..optimisers import gradient_descent, rprop

#: The optimisers the explorer offers (their names, in English and Japanese, are explorer.js's).
OPTIMISERS = ("gd", "clip", "rprop")
#: Settings of a run before the reader changes them (Rprop's are rnnlib.rprop's defaults).
DEFAULT_SETTINGS = {"optimiser": "rprop", "iterations": 500, "learning_rate": 1e-5,
                    "theta": 1.0, "delta0": 0.001, "eta_p": 1.2, "eta_n": 0.5}
#: The longest run a reader can ask for.
MAX_ITERATIONS = 10_000


def evaluate(X: np.ndarray, t: np.ndarray, wx: float, wrec: float) -> dict:
    """Everything the explorer shows at (wx, wrec), computed with rnnlib.

    ``X`` (n, L) and ``t`` (n,) are validated arrays. Returns ``states`` S (n, L+1), ``cost``,
    ``grad`` (∂ξ/∂w_x, ∂ξ/∂w_rec) as an array (2,), ``grad_over_time`` ∂ξ/∂s_k (n, L+1) and
    ``finite``: whether the cost and the gradient are finite (what rnnlib's optimisers check
    before they take a point). Where the states overflow (e.g. w_rec = 3 on sequences of length
    800) the cost is +inf and the gradients are NaN (there is no honest finite value).
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
    finite = bool(np.isfinite(xi) and np.all(np.isfinite(grad)))
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
    iterations = merged["iterations"]
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)):
        raise TypeError(f"iterations must be an integer, got {type(iterations).__name__}")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be in 1..{MAX_ITERATIONS}, got {iterations}")
    merged["iterations"] = int(iterations)
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


def clipped_descent(X: np.ndarray, t: np.ndarray, w0: tuple[float, float],
                    learning_rate: float, theta: float, n_iter: int) -> np.ndarray:
    """Gradient descent whose gradient, when longer than θ, is scaled to length θ.

    Returns the trajectory (m + 1, 2), m <= n_iter, stopping at the last finite point as
    ``rnnlib.gradient_descent`` does.
    """
    w = np.array(w0, dtype=float)
    grad = evaluate(X, t, *w)["grad"]
    trajectory = [w]
    for _ in range(n_iter):
        norm = math.sqrt(grad[0] * grad[0] + grad[1] * grad[1])
        w = w - learning_rate * (grad * theta / norm if norm > theta else grad)
        values = evaluate(X, t, *w) if np.all(np.isfinite(w)) else {"finite": False}
        if not values["finite"]:
            break
        grad = values["grad"]
        trajectory.append(w)
    return np.array(trajectory)


def train(X: np.ndarray, t: np.ndarray, start: tuple[float, float], settings: dict) -> dict:
    """A whole run from ``start`` with checked ``settings``, computed by rnnlib's optimisers.

    Returns ``trail`` (m + 1, 2), m <= iterations, ``costs`` (m + 1,) and ``diverged``: the
    iteration whose step left float64's range (0 when the start itself overflows), or None.
    (The gradient is computed where a point is shown, by ``Explorer.seek``.)
    """
    s = settings
    first = evaluate(X, t, *start)
    if not first["finite"]:
        trail = np.array([start], dtype=float)
    elif s["optimiser"] == "rprop":
        trail = rprop(X, t, start, s["iterations"], s["delta0"], s["eta_p"], s["eta_n"])
    elif s["optimiser"] == "gd":
        trail = gradient_descent(X, t, start, s["learning_rate"], s["iterations"])
    else:
        trail = clipped_descent(X, t, start, s["learning_rate"], s["theta"], s["iterations"])
    costs = np.array([first["cost"]] + [loss(X, t, *w) for w in trail[1:]])
    steps = len(trail) - 1
    diverged = 0 if not first["finite"] else (steps + 1 if steps < s["iterations"] else None)
    return {"trail": trail, "costs": costs, "diverged": diverged}


def _number(value: float) -> float | str:
    """A float as JSON can carry it: non-finite values as the strings 'inf', '-inf', 'nan'."""
    value = float(value)
    return value if math.isfinite(value) else repr(value)


def _run_json(start: tuple[float, float], settings: dict, run: dict) -> dict:
    return {"start": [_number(v) for v in start], "settings": dict(settings),
            "trail": [[_number(a), _number(b)] for a, b in run["trail"]],
            "costs": [_number(c) for c in run["costs"]],
            "diverged": run["diverged"]}


class Explorer:
    """The explorer's state: a run from a start, its ghost, and the replayed point.

    Args:
        X, t: validated inputs (n, L) and targets (n,).
        start: the run's start (w_x, w_rec); sample: the sample whose states are reported.
        settings: see ``DEFAULT_SETTINGS``; train: False computes no run (the states-only
            explorer of Chapter 2), only the start's numbers.
    """

    def __init__(self, X: np.ndarray, t: np.ndarray, start: tuple[float, float],
                 sample: int = 0, settings: dict | None = None, train: bool = True) -> None:
        self.X, self.t, self.sample, self.trains = X, t, sample, train
        self.settings = check_settings(settings or {})
        self.previous: dict | None = None  # the ghost: a run with other settings
        self.move(*start)

    def _compute(self, settings: dict) -> dict:
        if self.trains:
            return train(self.X, self.t, self.start, settings)
        first = evaluate(self.X, self.t, *self.start)
        return {"trail": np.array([self.start]), "costs": np.array([first["cost"]]),
                "diverged": None if first["finite"] else 0}

    def move(self, wx: float, wrec: float) -> None:
        """A new start: the run (and its ghost, with the ghost's settings) from there."""
        self.start = (float(wx), float(wrec))
        self.run = self._compute(self.settings)
        if self.previous is not None:
            self.previous = {"settings": self.previous["settings"],
                             **self._compute(self.previous["settings"])}
        self.seek(0)

    def configure(self, **settings) -> None:
        """Change settings: the run so far becomes the ghost, the new run starts at 0."""
        merged = check_settings({**self.settings, **settings})
        if merged == self.settings:
            return
        self.previous = {"settings": self.settings, **self.run}
        self.settings = merged
        self.run = self._compute(merged)
        self.seek(0)

    def seek(self, iteration: int) -> None:
        """Replay: show the run's point at ``iteration`` (clamped to the run)."""
        self.position = min(max(int(iteration), 0), len(self.run["trail"]) - 1)
        self.values = evaluate(self.X, self.t, *self.run["trail"][self.position])

    def run_state(self) -> dict:
        """The run and its ghost as plain JSON-able data (the fields explorer.js produces)."""
        ghost = self.previous
        return {**_run_json(self.start, self.settings, self.run),
                "previous": None if ghost is None else _run_json(self.start, ghost["settings"],
                                                                 ghost)}

    def point_state(self) -> dict:
        """The replayed point: its iteration, gradient, one sample's states and ∂ξ/∂s_k there."""
        i = self.sample
        return {"iteration": self.position, "sample": i,
                "grad": [_number(g) for g in self.values["grad"]],
                "states": [_number(v) for v in self.values["states"][i]],
                "grad_over_time": [_number(v) for v in self.values["grad_over_time"][i]]}

    def handle(self, message: dict) -> None:
        """Carry out one action sent by the explorer's front end."""
        action = message.get("action")
        if action == "move":
            self.move(float(message["wx"]), float(message["wrec"]))
        elif action == "seek":
            self.seek(int(message["iteration"]))
        elif action == "sample":
            self.sample = int(message["sample"])
        elif action == "settings":
            self.configure(**message["settings"])
        else:
            raise ValueError(f"unknown explorer action {action!r}")
