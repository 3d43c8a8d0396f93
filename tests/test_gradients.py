"""dpeer_lib.gradients: per-dimension gradients on a tiny Llama, the cancellation statistics, the toy."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import torch

from dpeer_lib import gradients as G
from dpeer_lib.core.params import DIMENSIONS, LoraSection, TinyModelSection
from dpeer_lib.core.models import apply_lora
from helpers import tiny_model

BETA = 0.5
MASKS = [["A", "T"], ["E"], ["C", "A", "E"], ["T"], ["A", "T", "E", "C"], ["C"], ["T", "E"]]


def _rows() -> list[dict]:
    rows = []
    for i, m in enumerate(MASKS):
        r = {"id": f"r{i}", "mask": m, "split": "train",
             "prompt": f"The moon is cheese ({i}), right?",
             "golden": f"No, it is rock{'.' * (i % 3 + 1)} Look through a telescope with me."}
        for d in DIMENSIONS:
            r[f"reject_{d}"] = f"[{d}] Yes, cheese{' and more' * (i % 4)}." if d in m else ""
        rows.append(r)
    return rows


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny tensors: one thread is ~10x faster than two when other processes share the cores."""
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, one_thread):
    """A tiny random Llama (float64) with LoRA whose B matrices are non-zero, so every LoRA weight has a gradient."""
    cache = tmp_path_factory.mktemp("models")
    tiny_cfg = TinyModelSection(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2)
    model, tok = tiny_model(cache, "gradtest", texts=None, max_length=256, tiny=tiny_cfg)
    model = apply_lora(model.double(), LoraSection(r=4, alpha=8))
    torch.manual_seed(0)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "lora_B" in n:
                p.normal_(0.0, 0.05)
    model.eval()
    rows = _rows()
    batch = G.encode_analysis_batch(rows, tok, max_length=64)
    with model.disable_adapter():
        ref = G.batch_logps(model, batch)
    return model, tok, rows, batch, ref


def _gram(S: torch.Tensor, P: torch.Tensor) -> np.ndarray:
    """The (2K, 2K) Gram matrix of stacked shared and specific parts (float64), written plainly."""
    V = torch.cat([S, P]).double()
    return (V @ V.T).cpu().numpy()


def _direct_grads(model, batch, ref, params) -> dict[str, torch.Tensor]:
    """g_d by a separate forward and backward per dimension of L_d written out plainly (no surrogates)."""
    out = {}
    for d in batch.dims:
        model.zero_grad(set_to_none=True)
        idx = torch.tensor(batch.rejected[d].rows)
        c = G.group_logps(model, batch.chosen, None, "cpu")[idx]
        r = G.group_logps(model, batch.rejected[d], None, "cpu")
        delta = (c - ref.chosen[idx].to(c)) - (r - ref.rejected[d].to(r))
        loss = -torch.nn.functional.logsigmoid(BETA * delta).mean()
        loss.backward()
        out[d] = torch.cat([p.grad.reshape(-1) for p in params])
    model.zero_grad(set_to_none=True)
    return out


@pytest.fixture(scope="module")
def direct(tiny):
    model, _, _, batch, ref = tiny
    return _direct_grads(model, batch, ref, [p for _, p in G.select_parameters(model)])


def test_cosines_and_norms_match_separate_backward_passes(tiny, direct):
    model, _, _, batch, ref = tiny
    assert all("lora_" in n for n, _ in G.select_parameters(model))
    gg = G.gradient_gram(model, batch, ref, BETA)
    assert gg.dims == tuple(DIMENSIONS)
    V = torch.stack([direct[d] for d in gg.dims]).double()
    norms = V.norm(dim=1).numpy()
    cos = ((V @ V.T) / torch.outer(V.norm(dim=1), V.norm(dim=1))).numpy()
    np.testing.assert_allclose(gg.norms(), norms, rtol=1e-6)
    np.testing.assert_allclose(gg.cosine(), cos, atol=1e-6)
    # the statistics built on G against the same direct vectors
    w = np.array([0.1, 0.2, 0.3, 0.4])
    comb = torch.tensor(w) @ V
    np.testing.assert_allclose(gg.progress(w), (V @ comb).numpy(), rtol=1e-6, atol=1e-9)
    ratio = 1 - comb.norm().item() / float(w @ norms)
    assert abs(gg.cancellation_ratio(w) - ratio) < 1e-6
    assert gg.norms().min() > 0  # the test would pass vacuously on zero gradients


def test_shared_plus_specific_equals_g(tiny, direct):
    model, _, _, batch, ref = tiny
    S, P, _ = G.gradient_parts(model, batch, ref, BETA)
    for k, d in enumerate(batch.dims):
        g = direct[d].to(S.dtype)
        torch.testing.assert_close(S[k] + P[k], g, rtol=1e-6, atol=1e-6 * g.abs().max().item())
        # both parts are substantial: the split is not trivially "everything shared"
        assert S[k].norm() > 0.05 * g.norm() and P[k].norm() > 0.05 * g.norm()


def test_low_memory_and_micro_batch_paths_agree(tiny):
    model, _, _, batch, ref = tiny
    full = G.gradient_gram(model, batch, ref, BETA)
    lean = G.gradient_gram(model, batch, ref, BETA, micro_batch=2, max_vector_gb=0.0)
    assert lean.low_memory and not full.low_memory
    np.testing.assert_allclose(lean.gram, full.gram, rtol=1e-6, atol=1e-6 * np.abs(full.gram).max())
    S, P, _ = G.gradient_parts(model, batch, ref, BETA)
    np.testing.assert_allclose(_gram(S, P), full.gram, rtol=1e-6, atol=1e-6 * np.abs(full.gram).max())


def test_losses_match_the_lagdpo_trainer(tiny):
    """The analysis's plain-logits forward of [prompt+response] groups gives the trainer's L_d (shared-prefix
    layout; its fused LM head computes log-probs in float32, hence the tolerance)."""
    from dpeer_lib.data import lagdpo_view
    from dpeer_lib.train import forward as lag

    model, tok, rows, batch, ref = tiny
    feats = [lag.tokenize_row(ex, tok) for ex in lagdpo_view(rows)]
    coll = lag.DataCollatorForMultiPreference(pad_token_id=tok.pad_token_id, max_length=64)(feats)
    with torch.no_grad():
        theirs = lag.dimension_losses(model, coll, BETA)
    gg = G.gradient_gram(model, batch, ref, BETA)
    for d in gg.dims:
        assert abs(float(theirs[d]) - gg.losses[d]) < 2e-5 * abs(gg.losses[d]), d
    assert len(set(round(v, 3) for v in gg.losses.values())) > 1  # the dimensions really differ


def test_param_filter_selects_a_subset(tiny):
    model, _, _, batch, ref = tiny
    sub = G.select_parameters(model, r"layers\.0\..*lora_B")
    assert sub and all("layers.0." in n and "lora_B" in n for n, _ in sub)
    gg = G.gradient_gram(model, batch, ref, BETA, param_filter=r"layers\.0\..*lora_B")
    assert gg.n_params == sum(p.numel() for _, p in sub)
    frozen = G.select_parameters(model, r"layers\.1\.mlp\.down_proj\.weight")  # frozen base weight
    gf = G.gradient_gram(model, batch, ref, BETA, params=[p for _, p in frozen])
    assert gf.norms().min() > 0 and not frozen[0][1].requires_grad  # restored afterwards
    with pytest.raises(ValueError, match="matches no parameter"):
        G.select_parameters(model, "no_such_parameter")


def test_checkpoints_are_found_picked_and_loaded(tiny, tmp_path):
    model = tiny[0]
    for step in (10, 20, 30):
        model.save_pretrained(tmp_path / "checkpoints" / f"checkpoint-{step}")
    (tmp_path / "checkpoint-x").mkdir()  # not a checkpoint: ignored
    found = G.find_checkpoints(tmp_path)
    assert [s for s, _ in found] == [10, 20, 30]
    assert [s for s, _ in G.pick_evenly(found, 2)] == [10, 30]
    assert [s for s, _ in G.pick_evenly(found, 1)] == [30]
    assert G.pick_evenly(found, None) == found
    saved = {n: p.detach().clone() for n, p in model.named_parameters() if "lora_" in n}
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "lora_" in n:
                p.add_(1.0)
    G.load_adapter_weights(model, found[-1][1])
    for n, p in model.named_parameters():
        if "lora_" in n:
            assert torch.equal(p, saved[n]), n


def test_gram_statistics_on_known_vectors():
    # s and p chosen by hand: g_A = (1, 0), g_T = (−1, 0) cancel; g_E = (0, 2)
    S = torch.tensor([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    P = torch.tensor([[0.0, 0.0], [-1.0, 0.0], [0.0, 1.0]])
    gg = G.GradientGram(("A", "T", "E"), _gram(S, P), 2, {}, {}, {})
    np.testing.assert_allclose(gg.norms(), [1, 1, 2])
    assert gg.cosine()[0, 1] == pytest.approx(-1.0)
    assert gg.cancellation_ratio([0.5, 0.5, 0.0]) == pytest.approx(1.0)
    assert gg.cancellation_ratio([1.0, 0.0, 0.0]) == pytest.approx(0.0)
    prog = gg.progress([0.6, 0.4, 0.0])  # combined step (0.2, 0): A improves, T is un-learned
    np.testing.assert_allclose(prog, [0.2, -0.2, 0.0])
    sp = gg.split()
    np.testing.assert_allclose(sp["norm_shared"], [1, 0, 1])
    assert sp["cos_shared_specific"][2] == pytest.approx(1.0)
    K = gg.K  # ⟨g_A, g_E⟩ split into shared·shared, the two cross terms and specific·specific: all 0
    assert (gg.gram[0, 2], gg.gram[0, K + 2] + gg.gram[K, 2], gg.gram[K, K + 2]) == (0.0, 0.0, 0.0)
    rec = G.gram_record(gg, {"A": 1.0, "T": 1.0, "E": 2.0}, "custom")
    assert rec["w_E"] == pytest.approx(0.5) and rec["neg_cos_share"] == pytest.approx(1 / 3)


def test_analysis_rows_cover_every_dimension_and_bad_rows_are_named():
    rows = _rows() * 3
    for k, r in enumerate(rows):
        r = dict(r)
        rows[k] = {**r, "id": f"x{k}"}
    pick = G.select_analysis_rows(rows, 4, seed=1)
    assert len(pick) == 4 and {d for r in pick for d in r["mask"]} == set(DIMENSIONS)
    assert [r["id"] for r in pick] == [r["id"] for r in G.select_analysis_rows(rows, 4, seed=1)]
    bad = dict(rows[0], reject_T="")

    class Tok:  # a stand-in: encode fails before any tokenisation on the empty reject
        pad_token_id = 0

        def apply_chat_template(self, messages, **kw):
            return {"input_ids": [1, 2, 3] + ([4, 5] if messages[-1]["role"] == "assistant" else [])}

    with pytest.raises(ValueError, match=r"row 0 \(id 'x0'\).*reject_T is empty"):
        G.encode_analysis_batch([bad], Tok())


# --------------------------------------------------------------------------- dynamics
def _write_metrics(path, recs):
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    return G.metrics_frame(path)


def test_steps_to_target_on_handmade_metrics(tmp_path):
    fixed = _write_metrics(tmp_path / "fixed.jsonl", [
        {"step": 0, "loss": 0.69, "acc_A": 0.5, "acc_T": 0.5, "loss_A": 0.69, "loss_T": 0.69},
        {"step": 10, "acc_A": 0.8, "acc_T": 0.5, "loss_A": 0.5, "loss_T": 0.69},
        {"step": 20, "acc_A": 0.6, "acc_T": 0.9, "loss_A": 0.6, "loss_T": 0.4},
        {"step": 30, "acc_A": 0.9, "acc_T": 0.9, "loss_A": 0.4, "loss_T": 0.4},
    ])
    lag = _write_metrics(tmp_path / "lag.jsonl", [
        {"step": 0, "acc_A": 0.5, "acc_T": 0.5, "weight_A": 0.5, "weight_T": 0.5, "lambda": {"A>T": 0.0}},
        {"step": 10, "acc_A": 0.75, "acc_T": 0.8, "weight_A": 0.3, "weight_T": 0.7, "lambda": {"A>T": 0.0}},
        {"step": 20, "acc_A": 0.9, "acc_T": 0.9, "weight_A": 0.4, "weight_T": 0.6, "lambda": {"A>T": 0.1}},
    ])
    t = {"A": 0.75, "T": 0.75}
    assert G.steps_to_target(fixed, t) == {"A": 10.0, "T": 20.0, "all": 30.0}  # A dips at 20: not simultaneous
    assert G.steps_to_target(lag, t) == {"A": 10.0, "T": 10.0, "all": 10.0}
    # trailing means: A (0.5, 0.65, 0.7, 0.75), T (0.5, 0.5, 0.7, 0.9)
    assert G.steps_to_target(fixed, t, window=2) == {"A": 30.0, "T": 30.0, "all": 30.0}
    loss = G.steps_to_target(fixed, {"A": 0.45, "T": 0.45}, metric="loss")
    assert loss == {"A": 30.0, "T": 20.0, "all": 30.0}
    # a step without rows of T (not logged) carries T's latest value: "all" is met at 20, not at 30
    gaps = _write_metrics(tmp_path / "gaps.jsonl", [
        {"step": 0, "acc_A": 0.5, "acc_T": 0.5}, {"step": 10, "acc_A": 0.6, "acc_T": 0.9},
        {"step": 20, "acc_A": 0.8}, {"step": 30, "acc_A": 0.9, "acc_T": 0.7},
    ])
    assert G.steps_to_target(gaps, t) == {"A": 20.0, "T": 10.0, "all": 20.0}
    # window 2 averages T's logged values (0.5, 0.9, 0.7): 0.5, 0.7, 0.8 -> first met at step 30
    assert G.steps_to_target(gaps, t, window=2)["T"] == 30.0
    never = G.steps_to_target(fixed, {"A": 0.95, "C": 0.5})
    assert np.isnan(never["A"]) and np.isnan(never["C"]) and np.isnan(never["all"])
    table = G.dynamics_table({"mo_dpo_fixed": fixed, "lagdpo": lag}, t)
    assert table.attrs["first"] == "lagdpo" and table.loc["mo_dpo_fixed", "all"] == 30
    assert G.logged_weights(lag, 14) == (10, {"A": 0.3, "T": 0.7})
    assert G.logged_weights(lag, 15)[0] == 10  # tie goes to the earlier step
    assert G.logged_weights(fixed, 10) is None
    (tmp_path / "bad.jsonl").write_text('{"step": 1}\n{"loss": 2}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl, line 2: field 'step' is missing"):
        G.metrics_frame(tmp_path / "bad.jsonl")


# --------------------------------------------------------------------------- the toy
def test_toy_closed_form_matches_numerical_optimum():
    from scipy.optimize import minimize

    toy = G.default_toy()
    sol = G.toy_closed_form(toy)
    assert sol.active == ("A", "T")
    K = len(toy.h)
    cons = [{"type": "ineq", "fun": (lambda th, i=i, j=j: toy.epsilon - (toy.losses(th)[i] - toy.losses(th)[j]))}
            for i, j in itertools.permutations(range(K), 2)]
    best = None
    for x0 in ([0, 0], [2, 2], [-2, 1], [1, -2]):
        r = minimize(lambda th: toy.losses(th).mean(), x0, constraints=cons, method="SLSQP",
                     options={"ftol": 1e-14, "maxiter": 500})
        if r.success and (best is None or r.fun < best.fun):
            best = r
    np.testing.assert_allclose(best.x, sol.theta, atol=1e-6)
    # a global check on a grid (the constraint set is not convex)
    xs = np.linspace(-2, 3, 401)
    grid = np.array(np.meshgrid(xs, xs)).reshape(2, -1).T
    f = np.stack([toy.losses(p) for p in grid])
    feasible = (f.max(1) - f.min(1)) <= toy.epsilon
    assert f[feasible].mean(1).min() >= sol.losses.mean() - 1e-9
    # KKT: the Lagrangian's gradient vanishes at (θ*, λ*) and the active constraint is tight
    assert np.abs(sol.weights @ toy.grads(sol.theta)).max() < 1e-10
    assert sol.losses[2] - sol.losses[0] == pytest.approx(toy.epsilon, abs=1e-10)
    assert sol.weights.sum() == pytest.approx(1.0)
    # without constraints the equal-weight optimum violates the tolerance
    assert sol.unconstrained_losses[2] - sol.unconstrained_losses[0] > toy.epsilon + 0.5


def test_toy_two_objectives_against_the_segment_formula():
    # f_1 = ½‖θ−a‖², f_2 = (h/2)‖θ−b‖²: the optimum is a + t(b−a) with ½D(t² − h(1−t)²) = ε
    h, eps = 4.0, 0.3
    toy = G.QuadraticToy(((0.0, 0.0), (2.0, 1.0)), (1.0, h), eps, ("A", "T"))
    D = 5.0
    # ½D((1−h)t² + 2ht − h) − ε = 0
    t = np.roots([0.5 * D * (1 - h), D * h, -0.5 * D * h - eps])
    t = min(float(r) for r in t.real if 0 < r < h / (1 + h))
    sol = G.toy_closed_form(toy)
    np.testing.assert_allclose(sol.theta, t * np.array([2.0, 1.0]), atol=1e-12)
    lam = 0.5 * (h * (1 - t) - t) / (h * (1 - t) + t)  # from (½+λ) t = (½−λ) h (1−t)
    assert sol.lam["A>T"] == pytest.approx(lam, abs=1e-12)


def test_toy_trajectories_naive_unlearns_lagrangian_reaches_the_optimum():
    toy = G.default_toy()
    sol = G.toy_closed_form(toy)
    naive = G.toy_trajectory(toy, "naive")
    lag = G.toy_trajectory(toy, "lagrangian")
    np.testing.assert_allclose(naive[["x", "y"]].iloc[-1], sol.unconstrained_theta, atol=1e-8)
    np.testing.assert_allclose(lag[["x", "y"]].iloc[-1], sol.theta, atol=1e-6)
    np.testing.assert_allclose(lag[["w_T", "w_E", "w_A"]].iloc[-1], sol.weights, atol=1e-6)
    # naive summing un-learns A: its loss rises well above its best along the way, with negative progress
    assert naive["f_A"].iloc[-1] - naive["f_A"].min() > 0.4
    assert (naive["progress_A"] < 0).mean() > 0.5
    assert lag["f_A"].iloc[-1] - lag["f_A"].min() < 0.05
    f_end = lag[["f_T", "f_E", "f_A"]].iloc[-1].to_numpy()
    assert f_end.max() - f_end.min() <= toy.epsilon + 1e-6
    # at a stationary point of the weighted sum the gradients cancel completely
    assert naive["cancellation_ratio"].iloc[-1] > 0.999


def test_toy_with_two_active_constraints_is_refused():
    # T and E mirror each other about A's axis: A>T and A>E bind together
    toy = G.QuadraticToy(((2.0, 1.0), (2.0, -1.0), (-1.0, 0.0)), (1.0, 1.0, 1.0), 0.3, ("T", "E", "A"))
    with pytest.raises(ValueError, match="two active"):
        G.toy_closed_form(toy)


def test_summary_is_built_from_the_numbers(tmp_path):
    import pandas as pd

    from dpeer_lib.core.params import Params

    S = torch.tensor([[1.0, 1.0], [0.0, 0.0], [1.5, 0.0]])
    P = torch.tensor([[0.0, 0.0], [-1.0, 0.8], [1.5, 0.0]])  # g_A = (1,1), g_T = (−1,0.8), g_E = (3,0)
    gg = G.GradientGram(("A", "T", "E"), _gram(S, P), 2, {"A": 0.6, "T": 0.7, "E": 0.5},
                        {"A": 0.5, "T": 0.5, "E": 1.0}, {"A": 1, "T": 1, "E": 1})
    recs = []
    for method, step in (("start", 0), ("lagdpo", 10)):
        for label, w in (("uniform", None), ("lagdpo", {"A": 0.4, "T": 0.5, "E": 0.1})):
            recs.append({"method": method, "step": step, **G.gram_record(gg, w, label)})
    table = pd.DataFrame(recs)
    toy = G.default_toy()
    sol = G.toy_closed_form(toy)
    text = G.summarize(table, None, toy, sol, G.toy_trajectory(toy, "naive", steps=300),
                       G.toy_trajectory(toy, "lagrangian", steps=300), Params())
    assert "**67%**" in text  # A–T and T–E are negative at both points, A–E positive
    # uniform: Σ w g = (3, 1.8)/3 and ⟨g_T, ·⟩ = (−3 + 1.44)/3 < 0: T is un-learned; with (0.4, 0.5, 0.1)
    # Σ w g = (0.2, 0.8) and every dimension progresses, at a higher cancellation ratio (0.414 vs 0.381)
    assert "With uniform weights, first-order progress is negative" in text and "start@0:T" in text
    assert "With lagdpo weights, every dimension's first-order progress is positive" in text
    assert "lower cancellation ratio than uniform weights at **0 of 2**" in text
    assert "Only" not in text and "Steps to target" not in text  # no dynamics given
