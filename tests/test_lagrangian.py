"""The dual logic of Lag-DPO (dpeer_lib.train.lagrangian): weights, dual steps, convergence, state, all-reduce."""
import json
import math
import os

import pytest
import torch

from dpeer_lib.core.params import LagDPOSection
from dpeer_lib.train.lagrangian import DualSpec, DualState, all_reduce_sum, epsilon_schedule
from helpers import free_port

pair_key = LagDPOSection.pair_key


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def make_spec(dims, total_steps=None, **settings) -> DualSpec:
    """A DualSpec over ``dims`` with these Lag-DPO settings (the rest at their defaults)."""
    return DualSpec(dims, LagDPOSection(**settings), total_steps)


def ema(st: DualState) -> dict[str, float]:
    """The loss EMA by dimension."""
    return {d: float(v) for d, v in zip(st.spec.dims, st.ema)}


def _primal_dual(spec: DualSpec, losses, grads, theta0, lr: float, steps: int):
    """Gradient descent on Σ_d w_d L_d(θ) with the dual state's weights; one dual step per iteration."""
    st = DualState(spec)
    theta = torch.as_tensor(theta0, dtype=torch.float64).clone()
    for _ in range(steps):
        w = st.weights()
        g = sum(float(w[k]) * grads(theta)[k] for k in range(spec.K))
        st.accumulate(losses(theta), torch.ones(spec.K))
        st.end_step()
        theta = theta - lr * g
    return theta, st


def test_pairwise_weights_follow_the_formula():
    spec = make_spec(dims=("A", "T", "E", "C"), w_min=0.05)
    st = DualState(spec)
    g = torch.Generator().manual_seed(0)
    st.lam = torch.rand(len(spec.names), generator=g, dtype=torch.float64) * 0.3
    lam = dict(zip(spec.names, st.lam.tolist()))
    raw = {d: 1 / 4 + sum(lam[pair_key(d, j)] - lam[pair_key(j, d)] for j in spec.dims if j != d) for d in spec.dims}
    clamped = {d: max(v, 0.05) for d, v in raw.items()}
    total = sum(clamped.values())
    w = st.weights()
    for k, d in enumerate(spec.dims):
        assert w[k].item() == pytest.approx(clamped[d] / total, abs=1e-12)
    assert min(raw.values()) < 0.05  # the clamp mattered in this draw
    # renormalised over the present dimensions only
    wp = st.weights(present=[True, False, True, False])
    assert wp[1] == 0 and wp[3] == 0 and wp.sum().item() == pytest.approx(1.0)
    assert (wp[0] / wp[2]).item() == pytest.approx(clamped["A"] / clamped["E"])


def test_dual_step_ascends_clips_and_respects_epsilon():
    spec = make_spec(dims=("A", "T"), epsilon=0.5, epsilon_pairs={"T>A": 0.1}, eta_lambda=1.0, lambda_max=0.3)
    st = DualState(spec)
    st.update([1.0, 0.2])  # L_A − L_T = 0.8 > ε = 0.5: violated; T>A: −0.8 − 0.1 < 0
    lam = st.lambda_dict()
    assert lam["A>T"] == pytest.approx(0.3) and lam["T>A"] == 0.0  # clipped at λ_max, projected at 0
    assert st.weights()[0] > st.weights()[1]  # the lagging dimension A gets more weight
    st.update([0.2, 0.2])  # EMA 0.9·1.0+0.1·0.2 = 0.92 vs 0.2: still violated -> stays at the cap
    assert st.lambda_dict()["A>T"] == pytest.approx(0.3)
    for _ in range(60):
        st.update([0.2, 0.2])  # gap closes below ε -> λ decays back to 0
    assert st.lambda_dict()["A>T"] == 0.0


def test_pairwise_gap_converges_to_the_closed_form_optimum():
    """min mean(L) s.t. L_i − L_j ≤ ε_ij with L_d(θ) = ½‖θ − c_d‖² + k_d, θ ∈ R².

    With c_A=(1,0), c_T=(−1,0), c_E=(0,1), k=(1,0,0), ε=0.5 (ε_A>E=2, ε_T>E=1) only A>T is active. The
    unconstrained optimum θ0 = mean c = (0, 1/3) violates it by g = 0.5 along n = c_T − c_A, so
    θ* = θ0 − g n/‖n‖² = (0.25, 1/3) and λ*_A>T = g/‖n‖² = 0.125; every other λ* is 0.
    """
    c = torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    k = torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64)
    spec = make_spec(dims=("A", "T", "E"), epsilon=0.5, epsilon_pairs={"A>E": 2.0, "T>E": 1.0}, eta_lambda=0.02,
                     ema_decay=0.9)
    theta, st = _primal_dual(spec, lambda th: 0.5 * ((th - c) ** 2).sum(1) + k, lambda th: th - c,
                             theta0=[0.0, 0.0], lr=0.1, steps=2000)
    tol = 1e-6  # stated tolerance (it reaches ~1e-14 here)
    assert torch.allclose(theta, torch.tensor([0.25, 1 / 3], dtype=torch.float64), atol=tol), theta
    lam = st.lambda_dict()
    assert lam["A>T"] == pytest.approx(0.125, abs=tol)
    assert all(v < tol for n, v in lam.items() if n != "A>T"), lam
    losses = 0.5 * ((theta - c) ** 2).sum(1) + k
    assert (losses[0] - losses[1]).item() == pytest.approx(0.5, abs=tol)  # the active constraint is tight


def test_threshold_form_converges_to_the_closed_form_optimum():
    """min L_T s.t. L_A ≤ ε with L_T = ½(θ−1)², L_A = ½(θ+1)²: θ* = −1 + √(2ε), λ* = (1−θ*)/(1+θ*)."""
    eps = 0.32
    spec = make_spec(dims=("A", "T"), constraint="threshold", primary="T", thresholds={"A": eps}, eta_lambda=0.1)
    theta, st = _primal_dual(spec, lambda th: torch.stack([0.5 * (th + 1) ** 2, 0.5 * (th - 1) ** 2]),
                             lambda th: [th + 1, th - 1], theta0=0.5, lr=0.2, steps=1000)
    t_star = -1 + math.sqrt(2 * eps)
    tol = 1e-6  # stated tolerance
    assert theta.item() == pytest.approx(t_star, abs=tol)
    assert st.lambda_dict()["A"] == pytest.approx((1 - t_star) / (1 + t_star), abs=tol)
    assert spec.names == ["A"]


def test_adaptive_epsilon_schedule():
    assert epsilon_schedule(0, 100, 1.0, 0.25) == pytest.approx(1.0)
    assert epsilon_schedule(100, 100, 1.0, 0.25) == pytest.approx(0.25)
    assert epsilon_schedule(50, 100, 1.0, 0.25) == pytest.approx(0.625)
    assert epsilon_schedule(50, 100, 1.0, 0.25, "linear") == pytest.approx(0.625)
    vals = [epsilon_schedule(t, 100, 1.0, 0.25) for t in range(101)]
    assert all(a >= b for a, b in zip(vals, vals[1:]))  # monotone tightening
    assert vals[0] - vals[5] < vals[45] - vals[50]  # cosine: flat at the ends, steep in the middle
    spec = make_spec(dims=("A", "T"), constraint="adaptive_epsilon", epsilon_start=1.0, epsilon_end=0.2,
                     total_steps=10, eta_lambda=1.0)
    st = DualState(spec)
    st.update([0.9, 0.3])  # gap 0.6 < ε(0) = 1.0: no violation yet
    assert st.lambda_dict()["A>T"] == 0.0
    for _ in range(9):
        st.update([0.9, 0.3])
    assert st.lambda_dict()["A>T"] > 0  # the tightened tolerance makes the same gap a violation
    with pytest.raises(ValueError, match="total_steps"):
        DualState(make_spec(dims=("A", "T"), constraint="adaptive_epsilon")).update([0.9, 0.3])


def test_frozen_lambda_gives_equal_weights():
    st = DualState(make_spec(dims=("A", "T", "C"), freeze_lambda=True, eta_lambda=5.0, epsilon=0.0))
    for _ in range(5):
        st.update([2.0, 0.1, 0.5])
    assert st.lam.abs().max() == 0
    assert torch.allclose(st.weights(), torch.full((3,), 1 / 3, dtype=torch.float64))
    assert ema(st)["A"] == pytest.approx(2.0) and st.step == 5  # the EMA is still tracked


def test_only_active_dimensions_count():
    spec = make_spec(dims=("E", "A"), epsilon_pairs={"T>C": 0.1, "A>E": 0.2})  # T>C: not active here
    assert spec.dims == ("A", "E") and spec.names == ["A>E", "E>A"] and spec.K == 2
    assert spec.epsilons(0).tolist() == [0.2, 0.5]
    assert DualState(spec).weights().tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="A>A|bad pair"):
        make_spec(dims=("A", "E"), epsilon_pairs={"A>A": 0.1})
    with pytest.raises(ValueError, match="primary"):
        make_spec(dims=("A", "E"), constraint="threshold", primary="T")


def test_absent_dimension_keeps_its_ema_and_its_constraints():
    st = DualState(make_spec(dims=("A", "T", "E"), eta_lambda=1.0, epsilon=0.0))
    st.update([0.9, 0.1, float("nan")])  # E never seen yet
    lam = st.lambda_dict()
    assert lam["A>T"] > 0 and all(lam[n] == 0 for n in ("A>E", "E>A", "T>E", "E>T"))
    st.update([float("nan"), 0.1, 0.4])
    assert ema(st)["A"] == pytest.approx(0.9)  # absent A kept its EMA
    assert ema(st)["E"] == pytest.approx(0.4)  # first observation, no bias to 0
    assert st.lambda_dict()["E>T"] > 0


def test_state_dict_roundtrip_continues_identically():
    spec = make_spec(dims=("A", "T", "E", "C"), eta_lambda=0.7, epsilon=0.05, ema_decay=0.8)
    g = torch.Generator().manual_seed(1)
    seq = torch.rand(12, 4, generator=g, dtype=torch.float64)
    a = DualState(spec)
    for x in seq[:6]:
        a.update(x)
    b = DualState(spec)
    b.load_state_dict(json.loads(json.dumps(a.state_dict())))  # through JSON, as in a checkpoint
    for x in seq[6:]:
        a.update(x)
        b.update(x)
    assert a.lam.tolist() == b.lam.tolist() and a.ema.tolist() == b.ema.tolist() and a.step == b.step == 12
    assert a.lam.abs().max() > 0
    with pytest.raises(ValueError, match="dims"):
        DualState(make_spec(dims=("A", "T"))).load_state_dict(a.state_dict())


def _reduce_worker(rank: int, world: int, port: int, out: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.distributed.init_process_group("gloo", rank=rank, world_size=world)
    st = DualState(make_spec(dims=("A", "T", "E"), eta_lambda=1.0, epsilon=0.0))
    g = torch.Generator().manual_seed(100 + rank)  # each rank sees different data
    trace = []
    for _ in range(4):
        counts = torch.randint(0, 4, (3,), generator=g).double()
        sums = torch.rand(3, generator=g, dtype=torch.float64) * counts
        st.accumulate(sums, counts)
        local = torch.where(counts > 0, sums / counts.clamp(min=1), torch.full_like(sums, float("nan")))
        step = st.end_step()
        trace.append({"lam": st.lam.tolist(), "local": local.tolist(), "step": step.tolist(),
                      "sums": sums.tolist(), "counts": counts.tolist()})
    torch.distributed.destroy_process_group()
    with open(os.path.join(out, f"rank{rank}.json"), "w") as fh:
        json.dump(trace, fh)


@pytest.mark.slow
def test_all_reduce_keeps_lambda_identical_on_two_processes(tmp_path):
    torch.multiprocessing.start_processes(_reduce_worker, args=(2, free_port(), str(tmp_path)), nprocs=2, join=True,
                                         start_method="fork")  # fork: no re-import of torch in the children
    r0, r1 = (json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1))
    assert any(a["local"] != b["local"] for a, b in zip(r0, r1))  # the ranks saw different data ...
    single = DualState(make_spec(dims=("A", "T", "E"), eta_lambda=1.0, epsilon=0.0))
    for a, b in zip(r0, r1):
        assert a["lam"] == b["lam"]  # ... yet λ is bit-identical
        f64 = dict(dtype=torch.float64)
        single.accumulate(torch.tensor(a["sums"], **f64) + torch.tensor(b["sums"], **f64),
                          torch.tensor(a["counts"], **f64) + torch.tensor(b["counts"], **f64))
        single.end_step()
        assert single.lam.tolist() == pytest.approx(a["lam"], abs=1e-12)  # = one process on the pooled data
    assert max(r0[-1]["lam"]) > 0
    assert all_reduce_sum(torch.ones(2)).tolist() == [1.0, 1.0]  # no process group here: a no-op
