"""rnnlib.nonlinear and rnnlib.training (Chapter 7) against independent references.

- the data set against Python's integer arithmetic, sample by sample;
- the loss against the cross-entropy written out with math.log over plain loops;
- the gradient against central differences of the loss (hypothesis: random sizes, batches,
  lengths and parameters) and against BPTT written as plain loops over units, below;
- the optimisers' rules against Chapter 5's rnnlib.rprop and Chapter 6's formulas;
- a seeded training run to 100 % of held-out 16-bit sums;
- bad input refused at the call, the argument named.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import assert_refused
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnlib
from rnnlib.nonlinear import (
    accuracy,
    backward,
    binary_addition,
    forward,
    gradient,
    init_params,
    loss,
)
from rnnlib.training import adam_update, rmsprop_update, rprop_update, train

NAMES = ("W_in", "W_rec", "b", "W_out", "b_out")


# --- plain-loop references: lists of Python floats, math.tanh and math.log -------------------


def _plain(params):
    return {name: np.asarray(value).tolist() for name, value in params.items()}


def forward_plain(params, X):
    """states[i][k][j] is unit j of s_k for sample i; outputs[i][k-1][o] is y_k."""
    p = _plain(params)
    H, n_out = len(p["b"]), len(p["b_out"])
    states, outputs = [], []
    for x in np.asarray(X).tolist():
        s = [[0.0] * H]
        ys = []
        for x_k in x:
            a = [p["b"][j] + sum(x_k[i] * p["W_in"][i][j] for i in range(len(x_k)))
                 + sum(s[-1][m] * p["W_rec"][m][j] for m in range(H)) for j in range(H)]
            s.append([math.tanh(v) for v in a])
            z = [p["b_out"][o] + sum(s[-1][j] * p["W_out"][j][o] for j in range(H))
                 for o in range(n_out)]
            ys.append([1 / (1 + math.exp(-v)) for v in z])
        states.append(s)
        outputs.append(ys)
    return states, outputs


def loss_plain(params, X, T):
    _, outputs = forward_plain(params, X)
    total, count = 0.0, 0
    for ys, ts in zip(outputs, np.asarray(T).tolist(), strict=True):
        for y_k, t_k in zip(ys, ts, strict=True):
            for y, t in zip(y_k, t_k, strict=True):
                total += -t * math.log(y) - (1 - t) * math.log(1 - y)
                count += 1
    return total / count


def gradient_plain(params, X, T):
    """BPTT unit by unit: the chain rule written with scalar loops, one sample at a time."""
    p = _plain(params)
    n_in, H, n_out = len(p["W_in"]), len(p["b"]), len(p["b_out"])
    states, outputs = forward_plain(params, X)
    Xl, Tl = np.asarray(X).tolist(), np.asarray(T).tolist()
    size = len(Xl) * len(Xl[0]) * n_out
    g = {"W_in": [[0.0] * H for _ in range(n_in)], "W_rec": [[0.0] * H for _ in range(H)],
         "b": [0.0] * H, "W_out": [[0.0] * n_out for _ in range(H)], "b_out": [0.0] * n_out}
    for x, s, ys, ts in zip(Xl, states, outputs, Tl, strict=True):
        carried = [0.0] * H  # ∂ξ/∂s_k from the steps after k
        for k in range(len(x), 0, -1):
            dz = [(ys[k - 1][o] - ts[k - 1][o]) / size for o in range(n_out)]
            for o in range(n_out):
                g["b_out"][o] += dz[o]
                for j in range(H):
                    g["W_out"][j][o] += s[k][j] * dz[o]
            ds = [carried[j] + sum(dz[o] * p["W_out"][j][o] for o in range(n_out))
                  for j in range(H)]
            da = [ds[j] * (1 - s[k][j] ** 2) for j in range(H)]
            for j in range(H):
                g["b"][j] += da[j]
                for i in range(n_in):
                    g["W_in"][i][j] += x[k - 1][i] * da[j]
                for m in range(H):
                    g["W_rec"][m][j] += s[k - 1][m] * da[j]
            carried = [sum(p["W_rec"][m][j] * da[j] for j in range(H)) for m in range(H)]
    return {name: np.array(value) for name, value in g.items()}


def random_problem(seed, n, length, n_in, H, n_out, scale):
    rng = np.random.default_rng(seed)
    params = {
        "W_in": scale * rng.normal(size=(n_in, H)), "W_rec": scale * rng.normal(size=(H, H)),
        "b": scale * rng.normal(size=H), "W_out": scale * rng.normal(size=(H, n_out)),
        "b_out": scale * rng.normal(size=n_out),
    }
    X = rng.normal(size=(n, length, n_in))
    T = rng.random((n, length, n_out))  # soft targets in [0, 1] are allowed
    return params, X, T


problems = st.builds(
    random_problem,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 5),
    length=st.integers(1, 7),
    n_in=st.integers(1, 3),
    H=st.integers(1, 5),
    n_out=st.integers(1, 3),
    scale=st.sampled_from([0.1, 0.5, 1.0, 2.0]),
)


# --- the data set --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 50), n_bits=st.integers(1, 70), seed=st.integers(0, 2**32 - 1))
def test_every_sample_is_a_correct_sum(n, n_bits, seed):
    X, T = binary_addition(n, n_bits, seed)
    assert X.shape == (n, n_bits + 1, 2) and T.shape == (n, n_bits + 1, 1)
    assert X.dtype == T.dtype == np.float64
    assert set(np.unique(X)) <= {0.0, 1.0} and set(np.unique(T)) <= {0.0, 1.0}
    np.testing.assert_array_equal(X[:, -1], 0)  # the padding step
    for x, t in zip(X.astype(int).tolist(), T.astype(int).tolist(), strict=True):
        a = sum(bits[0] << k for k, bits in enumerate(x))  # least significant bit first
        b = sum(bits[1] << k for k, bits in enumerate(x))
        total = sum(bits[0] << k for k, bits in enumerate(t))
        assert a < 2**n_bits and b < 2**n_bits
        assert total == a + b


def test_the_data_set_is_seeded_and_varied():
    X1, T1 = binary_addition(500, 6, 3)
    X2, T2 = binary_addition(500, 6, 3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(T1, T2)
    assert not np.array_equal(binary_addition(500, 6, 4)[0], X1)
    a = (X1[:, :6, 0] * 2 ** np.arange(6)).sum(axis=1)
    assert len(np.unique(a)) == 64  # every 6-bit operand occurs among 500 draws


# --- the model -----------------------------------------------------------------------------


def test_init_params_shapes_and_seed():
    params = init_params(2, 8, 1, seed=0)
    assert list(params) == list(NAMES)
    shapes = {name: value.shape for name, value in params.items()}
    assert shapes == {"W_in": (2, 8), "W_rec": (8, 8), "b": (8,), "W_out": (8, 1),
                      "b_out": (1,)}
    again = init_params(2, 8, 1, seed=0)
    for name in NAMES:
        np.testing.assert_array_equal(params[name], again[name])
    assert not np.array_equal(init_params(2, 8, 1, seed=1)["W_rec"], params["W_rec"])
    np.testing.assert_array_equal(params["b"], 0)


@settings(max_examples=30, deadline=None)
@given(problem=problems)
def test_forward_and_loss_equal_the_plain_loops(problem):
    params, X, T = problem
    S, Y = forward(params, X)
    states, outputs = forward_plain(params, X)
    np.testing.assert_allclose(S, np.array(states), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(Y, np.array(outputs), rtol=1e-12, atol=1e-14)
    assert loss(params, X, T) == pytest.approx(loss_plain(params, X, T), rel=1e-11, abs=1e-14)


def test_loss_is_finite_where_the_outputs_saturate():
    """log σ(z) by logaddexp: a confident wrong answer costs about |z|, never log(0) = inf."""
    params = init_params(2, 3, 1, seed=0)
    params["b_out"] = np.array([800.0])  # σ(z) rounds to 1 in float64
    X, T = binary_addition(4, 3, 0)
    T = np.zeros_like(T)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = loss(params, X, T)
        grads = gradient(params, X, T)
    assert 790 < value < 810
    assert all(np.all(np.isfinite(g)) for g in grads.values())


@settings(max_examples=30, deadline=None)
@given(problem=problems)
def test_gradient_equals_the_plain_loop_bptt(problem):
    params, X, T = problem
    grads = gradient(params, X, T)
    expected = gradient_plain(params, X, T)
    assert list(grads) == list(NAMES)
    for name in NAMES:
        assert grads[name].shape == params[name].shape
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-10, atol=1e-14)


@settings(max_examples=25, deadline=None)
@given(problem=problems)
def test_gradient_equals_central_differences_of_the_loss(problem):
    params, X, T = problem
    grads = gradient(params, X, T)
    eps = 1e-6
    for name in NAMES:
        numerical = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            shifted = {key: value.copy() for key, value in params.items()}
            shifted[name][index] += eps
            up = loss(shifted, X, T)
            shifted[name][index] -= 2 * eps
            down = loss(shifted, X, T)
            numerical[index] = (up - down) / (2 * eps)
        # truncation O(eps²) and round-off O(ε·ξ/eps), both far below 1e-7 here
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-5, atol=1e-8)


def test_backward_takes_the_forward_pass():
    params, X, T = random_problem(0, 3, 4, 2, 3, 1, 1.0)
    S, Y = forward(params, X)
    grads, direct = backward(params, X, S, Y, T), gradient(params, X, T)
    for name in NAMES:
        np.testing.assert_array_equal(grads[name], direct[name])


def test_accuracy_counts_bits_and_whole_sums():
    X, T = binary_addition(4, 3, 0)
    params = init_params(2, 2, 1, seed=0)
    params["W_out"][:] = 0.0
    params["b_out"][:] = -50.0  # every output bit reads 0
    per_bit, per_sum = accuracy(params, X, T)
    assert per_bit == pytest.approx(np.mean(T == 0))
    assert per_sum == pytest.approx(np.mean(np.all(T == 0, axis=(1, 2))))


# --- the optimisers' rules -----------------------------------------------------------------


def test_rprop_update_is_chapter_5s_rprop_on_the_two_weights():
    X, t = rnnlib.make_dataset()
    update, memory = rprop_update(delta0=0.001), {}
    w = np.array([-1.5, 2.0])
    path = [w]
    for _ in range(500):
        w = w + update(rnnlib.gradient(X, t, *w), memory)
        path.append(w)
    np.testing.assert_array_equal(np.array(path), rnnlib.rprop(X, t))


def test_rmsprop_and_adam_updates_follow_chapter_6s_formulas():
    rng = np.random.default_rng(0)
    gs = rng.normal(size=(6, 2, 3)) * 10.0 ** rng.integers(-3, 4, size=(6, 1, 1))
    rms, adam = rmsprop_update(0.03, rho=0.8), adam_update(0.02, beta1=0.7, beta2=0.95)
    rms_memory, adam_memory = {}, {}
    r, m, v = 0.0, 0.0, 0.0
    for n, g in enumerate(gs, start=1):
        r = 0.8 * r + 0.2 * g**2
        np.testing.assert_allclose(rms(g, rms_memory), -0.03 * g / (np.sqrt(r) + 1e-8),
                                   rtol=1e-14)
        m, v = 0.7 * m + 0.3 * g, 0.95 * v + 0.05 * g**2
        expected = -0.02 * (m / (1 - 0.7**n)) / (np.sqrt(v / (1 - 0.95**n)) + 1e-8)
        np.testing.assert_allclose(adam(g, adam_memory), expected, rtol=1e-14)


def test_train_records_every_step_and_leaves_the_start_alone():
    params, X, T = random_problem(1, 6, 5, 2, 3, 1, 0.5)
    T = (T > 0.5).astype(float)
    start = {name: value.copy() for name, value in params.items()}
    path, losses = train(params, X, T, rmsprop_update(0.01), 7)
    assert len(path) == len(losses) == 8
    for name in NAMES:
        np.testing.assert_array_equal(params[name], start[name])
        np.testing.assert_array_equal(path[0][name], start[name])
    for p, value in zip(path, losses, strict=True):
        assert value == loss(p, X, T)
    # the first step is RMSprop's first step on the gradient at the start
    grads = gradient(params, X, T)
    for name in NAMES:
        step = -0.01 * grads[name] / (np.sqrt(0.1 * grads[name] ** 2) + 1e-8)
        np.testing.assert_allclose(path[1][name] - params[name], step, rtol=1e-12, atol=1e-15)


def test_training_on_6_bits_adds_held_out_16_bit_numbers():
    """The chapter's claim, small: a seeded run learns 6-bit sums and adds 16-bit ones."""
    X, T = binary_addition(1000, 6, 0)
    X_test, T_test = binary_addition(500, 16, 1)
    path, losses = train(init_params(2, 8, 1, seed=0), X, T, rmsprop_update(0.05), 150)
    assert losses[-1] < losses[0] / 20
    assert accuracy(path[-1], X_test, T_test) == (1.0, 1.0)


# --- bad input, refused at the call --------------------------------------------------------

P = init_params(2, 3, 1, seed=0)
XB, TB = binary_addition(4, 3, 0)
SB, YB = forward(P, XB)


def _with(**changes):
    return {**P, **changes}


CASES = [
    (lambda: binary_addition(0, 6, 0), ValueError, "n", "at least 1, got 0"),
    (lambda: binary_addition(5, 0, 0), ValueError, "n_bits", "at least 1, got 0"),
    (lambda: binary_addition(5, 6.0, 0), TypeError, "n_bits", "integer, got float"),
    (lambda: binary_addition(5, 6, -1), ValueError, "seed", "at least 0"),
    (lambda: init_params(2, 0, 1, 0), ValueError, "n_hidden", "at least 1"),
    (lambda: init_params("2", 3, 1, 0), TypeError, "n_in", "integer, got str"),
    (lambda: init_params(2, 3, 0, 0), ValueError, "n_out", "at least 1"),
    (lambda: forward([1, 2], XB), TypeError, "params", "dict of arrays"),
    (lambda: forward({k: v for k, v in P.items() if k != "b"}, XB), ValueError, "params",
     r"exactly the keys .*missing \['b'\]"),
    (lambda: forward(_with(c=np.zeros(3)), XB), ValueError, "params", r"extra \['c'\]"),
    (lambda: forward(_with(W_rec=np.zeros((3, 2))), XB), ValueError, "params['W_rec']",
     r"shape \(3, 3\).*got \(3, 2\)"),
    (lambda: forward(_with(b=np.zeros(4)), XB), ValueError, "params['b']", r"shape \(3,\)"),
    (lambda: forward(_with(W_in=np.zeros(3)), XB), ValueError, "params['W_in']", "2-D"),
    (lambda: forward(_with(W_out=np.full((3, 1), np.nan)), XB), ValueError, "params['W_out']",
     "finite, got a value of nan"),
    (lambda: forward(_with(b_out="0"), XB), TypeError, "params['b_out']", "array of numbers"),
    (lambda: forward(P, XB[:, :, :1]), ValueError, "X", r"2 inputs per step.*\(4, 4, 1\)"),
    (lambda: forward(P, XB[0]), ValueError, "X", "3-D .*got 2-D"),
    (lambda: forward(P, XB[:, :0]), ValueError, "X", "at least one step"),
    (lambda: forward(P, XB + 1j), TypeError, "X", "real numbers"),
    (lambda: forward(P, np.where(XB == 1, np.inf, 0)), ValueError, "X",
     "finite, got a value of inf"),
    (lambda: loss(P, XB, TB[:, :-1]), ValueError, "T", r"samples and steps of X, \(4, 4\)"),
    (lambda: loss(P, XB, TB[:2]), ValueError, "T", "samples and steps of X"),
    (lambda: loss(P, XB, np.concatenate([TB, TB], axis=2)), ValueError, "T",
     "1 outputs per step"),
    (lambda: loss(P, XB, TB * 2), ValueError, "T", "between 0 and 1, got a value of 2"),
    (lambda: gradient(P, XB, None), TypeError, "T", "array of numbers, got NoneType"),
    (lambda: gradient(_with(W_in=P["W_in"].astype(object)), XB, TB), TypeError,
     "params['W_in']", "array of numbers"),
    (lambda: accuracy(P, XB, TB[..., 0]), ValueError, "T", "3-D"),
    (lambda: backward(P, XB, SB[:, 1:], YB, TB), ValueError, "S", r"shape \(n, L\+1, H\)"),
    (lambda: backward(P, XB, SB, YB[:, :2], TB), ValueError, "Y", "samples and steps of X"),
    (lambda: rprop_update(delta0=0), ValueError, "delta0", "positive, got 0.0"),
    (lambda: rprop_update(eta_p=0.9), ValueError, "eta_p", "above 1"),
    (lambda: rprop_update(eta_n=1.0), ValueError, "eta_n", r"in \(0, 1\)"),
    (lambda: rmsprop_update(learning_rate=-0.1), ValueError, "learning_rate", "positive"),
    (lambda: rmsprop_update(rho=1.0), ValueError, "rho", r"in \(0, 1\), got 1.0"),
    (lambda: adam_update(beta2=np.nan), ValueError, "beta2", "finite"),
    (lambda: adam_update(learning_rate="0.1"), TypeError, "learning_rate", "real number"),
    (lambda: train(P, XB, TB, None, 5), TypeError, "update", "a function, got NoneType"),
    (lambda: train(P, XB, TB, rmsprop_update(), -1), ValueError, "n_iter", "at least 0"),
    (lambda: train(P, XB, TB[:, :2], rmsprop_update(), 5), ValueError, "T", "samples and steps"),
]


@pytest.mark.parametrize(("call", "exception", "name", "says"),
                         [pytest.param(*case, id=f"{case[2]}-{i}") for i, case in enumerate(CASES)])
def test_bad_input_is_refused_at_the_call(call, exception, name, says):
    assert_refused(call, exception, name, says)


def test_every_public_function_has_a_bad_input_case():
    called = set()
    for case in CASES:
        called |= set(case[0].__code__.co_names)
    public = {"binary_addition", "init_params", "forward", "loss", "gradient", "backward",
              "accuracy", "rprop_update", "rmsprop_update", "adam_update", "train"}
    assert public <= called
