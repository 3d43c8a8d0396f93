"""LagDPOTrainer against stock TRL, on mixed masks, across a kill/resume and on two processes (tiny model)."""
import copy
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from datasets import Dataset  # noqa: E402
from peft import LoraConfig  # noqa: E402
from transformers import TrainerCallback  # noqa: E402
from trl import DPOConfig, DPOTrainer  # noqa: E402

from dpeer_lib.data import lagdpo_view, pooled_view  # noqa: E402
from dpeer_lib.core.params import DIMENSIONS, LagDPOSection  # noqa: E402
from dpeer_lib.train.common import MetricsJsonlCallback, read_metrics  # noqa: E402
from dpeer_lib.train.forward import (DataCollatorForMultiPreference, RowError, dimension_losses,  # noqa: E402
                                     reference_logps, tokenize_row)
from dpeer_lib.train.lagdpo import DUAL_STATE_NAME, LagDPOConfig, LagDPOTrainer  # noqa: E402
from dpeer_lib.train.pooled import PooledDPOTrainer  # noqa: E402
from helpers import WORDS, free_port, make_rows, tiny_model  # noqa: E402

def load_tiny(cache: Path):
    return tiny_model(cache, "lagdpo-test", texts=[" ".join(WORDS)] * 4)


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    cache = tmp_path_factory.mktemp("models")
    model, tok = load_tiny(cache)
    return model, tok, cache


def lora():
    return LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM")


def args(cls, out, **kw):
    base = dict(output_dir=str(out), bf16=False, gradient_checkpointing=False, report_to="none", use_cpu=True,
                disable_tqdm=True, per_device_train_batch_size=4, max_length=80, beta=0.1, seed=0, data_seed=0,
                precompute_ref_log_probs=False, logging_steps=1, save_strategy="no")
    base.update(kw)
    return cls(**base)


def perturbed(model, seed=1, scale=0.05):
    """A copy of ``model`` with fixed noise, so policy != reference and the DPO loss is not log 2."""
    m = copy.deepcopy(model)
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn(p.shape, generator=g, dtype=p.dtype) * scale)
    return m


def grads(model):
    return {n: p.grad.detach().clone() for n, p in model.named_parameters() if p.grad is not None}


# --------------------------------------------------------------------------- stock equivalence
@pytest.mark.parametrize("layout", ["shared_prefix", "separate"])
@pytest.mark.parametrize("masks", [[["A"], ["T"], ["E"], ["C"]], [["T"], ["T"], ["T"]]], ids=["one-per-dim", "one-dim"])
def test_one_reject_per_row_equals_stock_dpo(tiny, tmp_path, layout, masks):
    """One reject per row, λ frozen: loss and every gradient equal TRL's DPOTrainer's to 1e-6 (float64)."""
    model, tok, _ = tiny
    rows = make_rows(masks, seed=3)
    policy = perturbed(model).double()
    ref = copy.deepcopy(model).double()
    lag = LagDPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(ref),
                        args=args(LagDPOConfig, tmp_path / "lag", lagdpo=LagDPOSection(freeze_lambda=True),
                                  layout=layout),
                        train_dataset=Dataset.from_list(lagdpo_view(rows)), processing_class=tok)
    stock = DPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(ref), args=args(DPOConfig, tmp_path / "stock"),
                       train_dataset=Dataset.from_list(pooled_view(rows)), processing_class=tok)
    n = len(rows)
    b_lag = lag.data_collator([lag.train_dataset[i] for i in range(n)])
    b_stock = stock.data_collator([stock.train_dataset[i] for i in range(n)])
    if layout == "shared_prefix":
        assert b_lag["input_ids"].shape[0] <= n  # at most one sequence per row (rows may be packed together)
    loss_lag = lag.compute_loss(lag.model, b_lag)
    loss_stock = stock.compute_loss(stock.model, b_stock)
    loss_lag.backward()
    loss_stock.backward()
    assert abs(loss_lag.item() - math.log(2)) > 1e-3  # a non-trivial point
    assert loss_lag.item() == pytest.approx(loss_stock.item(), abs=1e-6)
    g_lag, g_stock = grads(lag.model), grads(stock.model)
    assert g_lag.keys() == g_stock.keys() and g_lag
    worst = max((g_lag[k] - g_stock[k]).abs().max().item() for k in g_lag)
    assert worst < 1e-6, worst
    assert max(g.abs().max().item() for g in g_stock.values()) > 1e-3  # gradients are not trivially zero


def test_pooled_baseline_is_stock_dpo(tiny, tmp_path):
    """dpo_pooled's trainer only observes: loss and gradients are DPOTrainer's, per-dimension metrics added."""
    model, tok, _ = tiny
    rows = make_rows([["A", "T"], ["E"], ["C", "A"]], seed=5)
    policy = perturbed(model)
    a = PooledDPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(model), args=args(DPOConfig, tmp_path / "a"),
                         train_dataset=Dataset.from_list(pooled_view(rows)), processing_class=tok, compact_head=False)
    b = DPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(model), args=args(DPOConfig, tmp_path / "b"),
                   train_dataset=Dataset.from_list(pooled_view(rows)), processing_class=tok)
    a.model.train()
    b.model.train()
    la = a.compute_loss(a.model, a.data_collator([a.train_dataset[i] for i in range(4)]))
    lb = b.compute_loss(b.model, b.data_collator([b.train_dataset[i] for i in range(4)]))
    la.backward()
    lb.backward()
    assert la.item() == lb.item()
    ga, gb = grads(a.model), grads(b.model)
    assert all(torch.equal(ga[k], gb[k]) for k in gb)
    a._end_optimizer_step()
    logged = {k: v[0] for k, v in a._metrics["train"].items()}
    assert {"loss_A", "loss_T", "loss_E"} <= logged.keys()
    assert logged["loss_A"] > 0 and 0 <= logged["acc_E"] <= 1


def test_pooled_compact_head_gives_trls_loss_gradients_and_metrics(tiny, tmp_path):
    """Off CUDA dpo_pooled scores only the completion positions: DPOTrainer's loss, gradients and logged metrics."""
    model, tok, _ = tiny
    rows = make_rows([["A", "T"], ["E"], ["C", "A"]], seed=6)
    policy = perturbed(model)
    out = {}
    for name, compact in (("compact", None), ("stock", False)):
        tr = PooledDPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(model),
                              args=args(DPOConfig, tmp_path / name), train_dataset=Dataset.from_list(pooled_view(rows)),
                              processing_class=tok, compact_head=compact)
        tr.model.train()
        loss = tr.compute_loss(tr.model, tr.data_collator([tr.train_dataset[i] for i in range(4)]))
        loss.backward()
        out[name] = (tr.compact_head, loss.item(), grads(tr.model), {k: v[-1] for k, v in tr._metrics["train"].items()})
    assert out["compact"][0] and not out["stock"][0]  # auto: compact on this CPU
    assert out["compact"][1] == pytest.approx(out["stock"][1], rel=1e-5)
    gc, gs = out["compact"][2], out["stock"][2]
    assert max(gs[k].abs().max().item() for k in gs) > 1e-3
    assert all(torch.allclose(gc[k], gs[k], rtol=1e-4, atol=1e-6) for k in gs)
    mc, ms = out["compact"][3], out["stock"][3]
    assert {"entropy", "logits/chosen", "mean_token_accuracy", "rewards/margins"} <= ms.keys() == mc.keys()
    assert all(mc[k] == pytest.approx(ms[k], rel=1e-4, abs=1e-5) for k in ms if k != "num_tokens"), (mc, ms)


# --------------------------------------------------------------------------- mixed masks
def _brute_force_losses(policy, ref, tok, rows, beta):
    """ℓ per (row, d) from separate prompt+response sequences and plain logits (no TRL, no packing)."""

    def logp(model, prompt_ids, resp_ids):
        ids = torch.tensor([prompt_ids + resp_ids])
        logits = model(input_ids=ids).logits[0, :-1].log_softmax(-1)
        tgt = ids[0, 1:]
        lp = logits.gather(-1, tgt[:, None])[:, 0]
        return lp[len(prompt_ids) - 1:].sum()

    per_dim = {d: [] for d in DIMENSIONS}
    for ex in lagdpo_view(rows):
        f = tokenize_row(ex, tok)
        with torch.no_grad():
            ref_c = logp(ref, f["prompt_ids"], f["chosen_ids"])
        pol_c = logp(policy, f["prompt_ids"], f["chosen_ids"])
        for k, d in enumerate(DIMENSIONS):
            if f["dim_mask"][k]:
                with torch.no_grad():
                    ref_r = logp(ref, f["prompt_ids"], f["rejected_ids"][k])
                pol_r = logp(policy, f["prompt_ids"], f["rejected_ids"][k])
                margin = beta * ((pol_c - ref_c) - (pol_r - ref_r))
                per_dim[d].append(-torch.nn.functional.logsigmoid(margin))
    return {d: torch.stack(v).mean() for d, v in per_dim.items() if v}


def test_mixed_masks_batch_gives_per_dimension_losses_weights_and_gradients(tiny, tmp_path):
    """Packing, layouts and the brute-force loss sum the same log-probs in different orders: float64 on both
    sides, so that a tight bound (1e-6) tests the arithmetic and not float32 rounding."""
    model, tok, _ = tiny
    model = copy.deepcopy(model).double()
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"]], seed=7, scale=True)
    policy = perturbed(model, seed=2)
    tr = LagDPOTrainer(copy.deepcopy(policy), ref_model=copy.deepcopy(model),
                       args=args(LagDPOConfig, tmp_path / "m", max_length=160, layout="shared_prefix"),
                       train_dataset=Dataset.from_list(lagdpo_view(rows)), processing_class=tok)
    tr.dual.lam = torch.linspace(0.0, 0.11, len(tr.dual.spec.names), dtype=torch.float64)  # non-trivial weights
    batch = tr.data_collator([tr.train_dataset[i] for i in range(4)])
    assert batch["dim_mask"].sum(1).tolist() == [1, 2, 3, 4]
    assert batch["input_ids"].shape[0] < 4  # short rows were packed into one sequence with a longer one
    ours = dimension_losses(tr.model, batch, beta=0.1, ref_model=tr.ref_model)
    unpacked = DataCollatorForMultiPreference(tok.pad_token_id, max_length=160, pack=False)(
        [tr.train_dataset[i] for i in range(4)])
    assert unpacked["input_ids"].shape[0] == 4
    same = dimension_losses(tr.model, unpacked, beta=0.1, ref_model=tr.ref_model)
    brute_model = copy.deepcopy(policy)
    brute = _brute_force_losses(brute_model, model, tok, rows, beta=0.1)
    assert ours.keys() == brute.keys() == set(DIMENSIONS)
    for d in DIMENSIONS:
        assert ours[d].item() == pytest.approx(brute[d].item(), abs=1e-6), d
        assert ours[d].item() == pytest.approx(same[d].item(), abs=1e-6), d  # packing changes nothing
    # layout "auto" picks per batch by a FLOP model: the prompt-sharing layout for a wide model, separate
    # rows for a narrow one whose long shared sequences would cost more in attention; same losses either way
    feats = [tr.train_dataset[i] for i in range(4)]
    wide = DataCollatorForMultiPreference(tok.pad_token_id, max_length=160, layout="auto",
                                          model_dims=(4096, 32, 32000))(feats)
    narrow = DataCollatorForMultiPreference(tok.pad_token_id, max_length=160, layout="auto",
                                            model_dims=(2, 1, 2))(feats)
    assert "block_ids" in wide and "block_ids" not in narrow
    assert narrow["input_ids"].shape[0] == 4 + 10  # golden + every reject as its own row
    for d, v in dimension_losses(tr.model, narrow, beta=0.1, ref_model=tr.ref_model).items():
        assert v.item() == pytest.approx(ours[d].item(), abs=1e-6)
    w = tr.dual.weights()
    assert not torch.allclose(w, torch.full_like(w, 0.25))
    expected = sum(float(w[k]) * brute[d] for k, d in enumerate(DIMENSIONS))
    tr.model.zero_grad()
    loss = tr.compute_loss(tr.model, batch)
    assert loss.item() == pytest.approx(expected.item(), abs=1e-6)
    loss.backward()
    expected.backward()
    g_ours = dict(tr.model.named_parameters())
    worst = max((g_ours[n].grad - p.grad).abs().max().item() for n, p in brute_model.named_parameters())
    assert worst < 1e-6, worst


@pytest.mark.parametrize("layout", ["shared_prefix", "separate"])
def test_compact_lm_head_equals_trl_fused_head(tiny, layout):
    """The CPU head (only scored positions through the LM head) against TRL's fused head: the same log-probs
    and gradients up to float32 rounding (TRL's head computes in float32; the float64 comparison with a
    brute-force forward is the mixed-masks test below); generation still goes through."""
    from dpeer_lib.train.forward import sequence_logps

    model, tok, _ = tiny
    policy = perturbed(copy.deepcopy(model), seed=3)
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"]], seed=5, scale=True)
    feats = [tokenize_row(r, processing_class=tok, eos_token=tok.eos_token) for r in lagdpo_view(rows)]
    batch = DataCollatorForMultiPreference(tok.pad_token_id, max_length=160, layout=layout)(feats)
    results = {}
    for head in ("fused", "compact"):
        policy.zero_grad()
        chosen, rejected = sequence_logps(policy, batch, head=head)
        (chosen.sum() + (rejected * torch.linspace(0.5, 2.0, 4, dtype=rejected.dtype)).sum()).backward()
        results[head] = (chosen.detach(), rejected.detach(), grads(policy))
    (c1, r1, g1), (c2, r2, g2) = results["fused"], results["compact"]
    assert (c1 != 0).all() and torch.allclose(c1, c2, rtol=1e-5) and torch.allclose(r1, r2, rtol=1e-5, atol=1e-5)
    assert g1.keys() == g2.keys()
    worst = max(((g1[n] - g2[n]).abs().max() / g1[n].abs().max().clamp(min=1e-12)).item() for n in g1)
    assert worst < 1e-4, worst
    out = policy.generate(torch.tensor([[1, 2, 3]]), max_new_tokens=3, do_sample=False)
    assert out.shape == (1, 6)


def test_compact_trl_head_gives_every_field_of_trls_fused_head(tiny):
    """``compact_trl_lm_head`` (dpo_pooled and SFT off CUDA) against TRL's fused forward on the same call: loss,
    log-probs and their gradients, and the metric fields TRL's trainers read, with ``labels`` and ``num_items``."""
    from trl.trainer.utils import add_fused_lm_head

    from dpeer_lib.train.forward import compact_trl_lm_head

    model, _, _ = tiny
    torch.manual_seed(0)
    ids = torch.randint(5, 200, (3, 24))
    labels = ids.masked_fill(torch.arange(24) < torch.tensor([[6], [10], [23]]), -100)
    att = torch.ones_like(ids)
    att[2, -3:] = 0
    fields = ("log_probs", "entropy", "log_sum_sq_probs", "mean_logits", "is_top1")
    out = {}
    for name in ("fused", "compact"):
        net = perturbed(copy.deepcopy(model), seed=4)
        add_fused_lm_head(net, outputs=fields)
        if name == "compact":
            compact_trl_lm_head(net)
        o = net(input_ids=ids, attention_mask=att, labels=labels, fused_lm_head=True, num_items_in_batch=17)
        (o.loss + o.log_probs[:, 3].sum()).backward()
        out[name] = (o, grads(net))
    (f, gf), (c, gc) = out["fused"], out["compact"]
    assert torch.equal(f.label_mask, c.label_mask) and torch.equal(f.is_top1, c.is_top1)
    assert torch.allclose(f.loss, c.loss, rtol=1e-5)
    for k in ("log_probs", "entropy", "log_sum_sq_probs", "mean_logits"):
        assert torch.allclose(getattr(f, k), getattr(c, k), rtol=1e-5, atol=1e-5), k
    assert (f.log_probs[labels[:, 1:] == -100] == 0).all() and (c.log_probs != 0).sum() == (labels[:, 1:] != -100).sum()
    worst = max(((gf[n] - gc[n]).abs().max() / gf[n].abs().max().clamp(min=1e-12)).item() for n in gf)
    assert worst < 1e-4, worst
    plain = net(input_ids=ids, attention_mask=att)  # without fused_lm_head: the model's own forward
    assert plain.logits.shape == (3, 24, model.config.vocab_size)


def test_mixed_masks_train_and_log_every_dimension(tiny, tmp_path):
    """A few optimizer steps on rows with 1-4 active dimensions: every L_d falls, metrics carry every dimension."""
    model, tok, _ = tiny
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"], ["C"], ["T", "C"], ["E"], ["A", "T"]],
                     seed=11)
    out = tmp_path / "train"
    tr = LagDPOTrainer(copy.deepcopy(model), args=args(LagDPOConfig, out, max_steps=8, learning_rate=2e-2,
                                                       precompute_ref_log_probs=True, beta=0.5,
                                                       lagdpo=LagDPOSection(epsilon=0.0, eta_lambda=1.0)),
                       train_dataset=Dataset.from_list(lagdpo_view(rows)), processing_class=tok, peft_config=lora(),
                       callbacks=[MetricsJsonlCallback(out / "metrics.jsonl")])
    data = tr.train_dataset
    assert "ref_rejected_logps" in data.column_names
    batch = tr.data_collator([data[i] for i in range(len(data))])
    # the precomputed reference equals the on-the-fly one (adapters disabled)
    fly = reference_logps({k: v for k, v in batch.items() if not k.startswith("ref_")}, model=tr.model)
    assert torch.allclose(fly[0], batch["ref_chosen_logps"], atol=1e-4)
    assert torch.allclose(fly[1], batch["ref_rejected_logps"], atol=1e-4)
    with torch.no_grad():
        before = dimension_losses(tr.model, batch, beta=0.5)
    tr.train()
    with torch.no_grad():
        after = dimension_losses(tr.model, batch, beta=0.5)
    assert all(after[d] < before[d] - 1e-3 for d in DIMENSIONS), (before, after)
    recs = read_metrics(out / "metrics.jsonl")
    assert [r["step"] for r in recs] == list(range(1, 9))
    for r in recs:
        assert all(math.isfinite(r[f"loss_{d}"]) and 0 <= r[f"acc_{d}"] <= 1 for d in DIMENSIONS if f"loss_{d}" in r)
        assert sum(r[f"weight_{d}"] for d in DIMENSIONS) == pytest.approx(1.0)
        assert set(r["lambda"]) == {f"{i}>{j}" for i in DIMENSIONS for j in DIMENSIONS if i != j}
    assert {d for r in recs for d in DIMENSIONS if f"loss_{d}" in r} == set(DIMENSIONS)
    assert max(max(r["lambda"].values()) for r in recs) > 0  # ε = 0: the dual moved


def test_row_errors_name_the_row_and_field():
    bad = lagdpo_view(make_rows([["A", "T"]]))[0]
    bad["rejected_T"] = []
    with pytest.raises(RowError, match=r"id='r0'.*rejected_T"):
        tokenize_row(bad, None)
    none = dict(bad, mask=[], rejected_A=[])
    with pytest.raises(RowError, match="no active dimension"):
        tokenize_row(none, None)


# --------------------------------------------------------------------------- resume
class _Kill(TrainerCallback):
    def __init__(self, step):
        self.step = step

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == self.step:
            raise KeyboardInterrupt("simulated kill")


def _resume_run(model, tok, rows, out, resume=None, kill=None):
    cfg = args(LagDPOConfig, out, per_device_train_batch_size=2, gradient_accumulation_steps=2, max_steps=5,
               save_strategy="steps", save_steps=2, learning_rate=2e-2, beta=0.5,
               lagdpo=LagDPOSection(epsilon=0.0, eta_lambda=2.0), precompute_ref_log_probs=True)
    cbs = [MetricsJsonlCallback(Path(out) / "metrics.jsonl")] + ([_Kill(kill)] if kill else [])
    tr = LagDPOTrainer(copy.deepcopy(model), args=cfg, train_dataset=Dataset.from_list(lagdpo_view(rows)),
                       processing_class=tok, peft_config=lora(), callbacks=cbs)
    try:
        tr.train(resume_from_checkpoint=resume)
    except KeyboardInterrupt:
        pass
    return tr


def test_interrupted_and_resumed_run_matches_uninterrupted(tiny, tmp_path):
    model, tok, _ = tiny
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"], ["C"], ["T", "C"], ["E", "A"], ["T"]] * 2,
                     seed=13)
    full = _resume_run(model, tok, rows, tmp_path / "full")
    _resume_run(model, tok, rows, tmp_path / "cut", kill=3)  # dies after step 3; checkpoint-2 exists
    assert (tmp_path / "cut" / "checkpoint-2" / DUAL_STATE_NAME).is_file()
    assert not (tmp_path / "cut" / "checkpoint-4").exists()
    resumed = _resume_run(model, tok, rows, tmp_path / "cut", resume=True)
    a, b = read_metrics(tmp_path / "full" / "metrics.jsonl"), read_metrics(tmp_path / "cut" / "metrics.jsonl")
    assert [r["step"] for r in a] == [r["step"] for r in b] == [1, 2, 3, 4, 5]
    for ra, rb in zip(a, b):
        assert rb["loss"] == pytest.approx(ra["loss"], abs=1e-6)
        for pair, v in ra["lambda"].items():
            assert rb["lambda"][pair] == pytest.approx(v, abs=1e-6)
        for d in DIMENSIONS:
            assert rb[f"weight_{d}"] == pytest.approx(ra[f"weight_{d}"], abs=1e-6)
    assert max(max(r["lambda"].values()) for r in a[2:]) > 0  # λ was moving across the cut
    assert resumed.dual.lam.tolist() == pytest.approx(full.dual.lam.tolist(), abs=1e-6)
    assert resumed.dual.ema.tolist() == pytest.approx(full.dual.ema.tolist(), abs=1e-6)
    assert resumed.dual.step == full.dual.step == 5


def test_checkpoint_torn_by_a_kill_is_skipped_and_resume_matches(tiny, tmp_path, monkeypatch, capsys):
    """A kill while checkpoint-4 is written (after Lag-DPO's own state, before the HF save) leaves a folder
    with only lagdpo_state.json; resume must skip it (reported, removed), go from checkpoint-2, and end as the
    uninterrupted run does."""
    import dpeer_lib.train.lagdpo as lagdpo_module

    model, tok, _ = tiny
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"], ["C"], ["T", "C"], ["E", "A"], ["T"]] * 2,
                     seed=13)
    full = _resume_run(model, tok, rows, tmp_path / "full")

    def tear(point, count):
        if point == "checkpoint" and count == 4:
            raise KeyboardInterrupt("killed while writing checkpoint-4")

    monkeypatch.setattr(lagdpo_module, "maybe_fail", tear)
    _resume_run(model, tok, rows, tmp_path / "cut")
    torn = tmp_path / "cut" / "checkpoint-4"
    assert sorted(p.name for p in torn.iterdir()) == [DUAL_STATE_NAME]  # the torn state the issue describes
    monkeypatch.undo()
    resumed = _resume_run(model, tok, rows, tmp_path / "cut", resume=True)
    err = capsys.readouterr().err
    assert "checkpoint-4 is incomplete (no trainer_state.json" in err and "skipped and removed" in err
    a, b = read_metrics(tmp_path / "full" / "metrics.jsonl"), read_metrics(tmp_path / "cut" / "metrics.jsonl")
    assert [r["step"] for r in b] == [1, 2, 3, 4, 5]
    for ra, rb in zip(a, b):
        assert rb["loss"] == pytest.approx(ra["loss"], abs=1e-6)
    assert resumed.dual.lam.tolist() == pytest.approx(full.dual.lam.tolist(), abs=1e-6)
    assert (tmp_path / "cut" / "checkpoint-4" / "trainer_state.json").is_file()  # rewritten, complete


def test_last_checkpoint_takes_the_newest_complete_one(tmp_path, capsys):
    from dpeer_lib.train.common import last_checkpoint

    for step, files in [(2, {"trainer_state.json": '{"global_step": 2}', DUAL_STATE_NAME: "{}"}),
                        (4, {"trainer_state.json": '{"global_step": 4}'}),          # no Lag-DPO state
                        (6, {"trainer_state.json": '{"global_st'}),                  # torn JSON
                        (8, {"README.md": "# adapter"})]:                           # the HF save never finished
        (tmp_path / f"checkpoint-{step}").mkdir()
        for name, text in files.items():
            (tmp_path / f"checkpoint-{step}" / name).write_text(text)
    assert last_checkpoint(tmp_path, require=(DUAL_STATE_NAME,)) == str(tmp_path / "checkpoint-2")
    err = capsys.readouterr().err
    assert all(f"checkpoint-{k} is incomplete" in err for k in (4, 6, 8)) and "checkpoint-2 is" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint-2"]
    assert last_checkpoint(tmp_path / "nowhere") is None


# --------------------------------------------------------------------------- two processes
class _Trace(TrainerCallback):
    """Per step: this rank's local (pre-reduce) per-dimension sums and λ after the dual step."""

    def __init__(self, trainer_ref):
        self.trainer_ref = trainer_ref
        self.local, self.lam = [], []

    def on_step_end(self, args, state, control, **kwargs):  # runs before the trainer's own dual step
        self.local.append(self.trainer_ref[0]._stats.buf.tolist())

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.lam.append(self.trainer_ref[0].dual.lam.tolist())


def _ddp_worker(out: str, cache: str) -> None:
    torch.set_num_threads(1)
    model, tok = load_tiny(Path(cache))
    rows = make_rows([["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"], ["C"], ["T", "C"], ["E", "A"], ["T"]] * 2,
                     seed=17)
    ref = []
    trace = _Trace(ref)
    cfg = args(LagDPOConfig, Path(out) / "train", per_device_train_batch_size=2, max_steps=4, learning_rate=2e-2,
               beta=0.5, lagdpo=LagDPOSection(epsilon=0.0, eta_lambda=2.0), precompute_ref_log_probs=True)
    tr = LagDPOTrainer(model, args=cfg, train_dataset=Dataset.from_list(lagdpo_view(rows)), processing_class=tok,
                       peft_config=lora(), callbacks=[trace])
    ref.append(tr)
    tr.train()
    rank = tr.accelerator.process_index
    lora_sum = sum(float(p.detach().double().sum()) for n, p in tr.model.named_parameters() if "lora_" in n)
    with open(os.path.join(out, f"rank{rank}.json"), "w") as fh:
        json.dump({"world": tr.accelerator.num_processes, "local": trace.local, "lam": trace.lam,
                   "final": tr.dual.state_dict(), "lora_sum": lora_sum}, fh)
    # a gloo group left to interpreter exit can abort a rank ("terminate called without an active exception")
    torch.distributed.barrier()
    torch.distributed.destroy_process_group()


@pytest.mark.slow
def test_two_processes_keep_lambda_identical(tiny, tmp_path):
    _, _, cache = tiny
    repo = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", str(free_port()),
           __file__, "--ddp-worker", str(tmp_path), str(cache)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[1])
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    r0, r1 = (json.loads((tmp_path / f"rank{k}.json").read_text()) for k in (0, 1))
    assert r0["world"] == r1["world"] == 2
    assert r0["local"] != r1["local"]  # the ranks trained on different rows ...
    assert r0["lam"] == r1["lam"] and r0["final"] == r1["final"]  # ... and λ is bit-identical on both
    assert max(max(v) for v in r0["lam"]) > 0
    assert r0["lora_sum"] == pytest.approx(r1["lora_sum"], abs=1e-9)  # DDP kept the policies in sync


if __name__ == "__main__" and "--ddp-worker" in sys.argv:
    i = sys.argv.index("--ddp-worker")
    _ddp_worker(sys.argv[i + 1], sys.argv[i + 2])
