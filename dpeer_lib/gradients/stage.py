"""Notebook 04's entry point: the gradient analysis of every analysed checkpoint of a run, and the dynamics."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
import torch
from peft import load_peft_weights, set_peft_model_state_dict
from transformers import AutoModelForCausalLM

from dpeer_lib.core import timing
from dpeer_lib.core.models import apply_lora, load_system
from dpeer_lib.core.params import Params
from dpeer_lib.core.paths import DPO_METHODS, RunPaths
from dpeer_lib.data import read_split
from dpeer_lib.gradients.batch import (AnalysisBatch, BatchLogps, batch_logps, encode_analysis_batch, select_analysis_rows,
                                       usable_rows)
from dpeer_lib.gradients.dynamics import dynamics_table, logged_weights, metrics_frame
from dpeer_lib.gradients.measure import GradientGram, gradient_gram, gram_record


def find_checkpoints(train_dir: str | Path) -> list[tuple[int, Path]]:
    """``(step, folder)`` of every ``checkpoint-N`` under ``train_dir`` or ``train_dir/checkpoints``, sorted."""
    train_dir = Path(train_dir)
    found: dict[int, Path] = {}
    for parent in (train_dir, train_dir / "checkpoints"):
        for folder in parent.glob("checkpoint-*"):
            tail = folder.name.split("-", 1)[1]
            if folder.is_dir() and tail.isdigit() and (
                (folder / "adapter_config.json").is_file() or (folder / "config.json").is_file()
            ):
                found.setdefault(int(tail), folder)
    return sorted(found.items())


def pick_evenly(items: Sequence, k: int | None) -> list:
    """``k`` items evenly spaced over ``items``, the last always included (all of them for None)."""
    items = list(items)
    if k is None or len(items) <= k:
        return items
    idx = sorted({round(len(items) - 1 - i * (len(items) - 1) / (k - 1)) for i in range(k)}) if k > 1 else [len(items) - 1]
    return [items[i] for i in idx]


def load_adapter_weights(policy: torch.nn.Module, folder: Path) -> None:
    """Load a saved LoRA adapter into the live PEFT model (same config), in place."""
    cfg = json.loads((folder / "adapter_config.json").read_text())
    live = policy.peft_config["default"]
    if int(cfg.get("r", live.r)) != int(live.r) or set(cfg.get("target_modules") or []) != set(live.target_modules):
        raise ValueError(
            f"{folder}: adapter r={cfg.get('r')} targets={cfg.get('target_modules')} differs from the run's LoRA "
            f"(r={live.r}, targets={sorted(live.target_modules)}); analyse it with the parameters it was trained with"
        )
    result = set_peft_model_state_dict(policy, load_peft_weights(str(folder), device="cpu"))
    unused = [k for k in getattr(result, "unexpected_keys", []) if "lora_" in k]
    if unused:
        raise ValueError(f"{folder}: adapter weights {unused[:3]} match no module of the model")


@dataclass
class RunAnalysis:
    """What :func:`analyse_run` returns: the CSV table, the Gram matrices and what was analysed."""

    table: Any  # pandas DataFrame, one row per (method, step, weighting)
    grams: dict[tuple[str, int], GradientGram]
    analysis_ids: list[str]
    seconds: float
    skipped: dict[str, str]


def weightings_for(gg: GradientGram, step: int,
                   lag_metrics: pd.DataFrame | None) -> list[tuple[str, dict[str, float] | None, int | None]]:
    """The weightings analysed at a checkpoint: uniform, Lag-DPO's logged weights at the nearest logged
    step (when Lag-DPO was trained), and pooled (∝ active rows per dimension, what pooled DPO's mean
    over pairs amounts to)."""
    out: list[tuple[str, dict[str, float] | None, int | None]] = [("uniform", None, None)]
    if lag_metrics is not None:
        got = logged_weights(lag_metrics, step, gg.dims)
        if got is not None and all(d in got[1] for d in gg.dims):
            out.append(("lagdpo", got[1], got[0]))
    out.append(("pooled", {d: float(gg.n_rows[d]) for d in gg.dims}, None))
    return out

def _analysis_batch(P: Params, paths: RunPaths, say: Callable[[str], None]) -> tuple[torch.nn.Module, AnalysisBatch, BatchLogps]:
    """The SFT model (the DPO reference), the fixed analysis batch and its reference log-probs."""
    gs = P.gradients
    rows = read_split(paths.train_jsonl if gs.analysis_split == "train" else paths.test_jsonl)
    sft, tok = load_system(paths, "sft", P)
    usable = usable_rows(rows, tok, P.model.max_length)
    if len(usable) < len(rows):
        say(f"{len(rows) - len(usable)} of {len(rows)} rows left out: their prompt fills max_length "
            f"({P.model.max_length}), as the trainer drops them")
    pick = select_analysis_rows(usable, gs.analysis_rows, seed=P.run.seed)
    batch = encode_analysis_batch(pick, tok, max_length=P.model.max_length)
    ref = batch_logps(sft, batch, gs.micro_batch)
    say(f"analysis batch: {len(pick)} rows, dims {batch.dims}, rows per dim {batch.n_rows()}")
    return sft, batch, ref


def checkpoint_plan(P: Params, paths: RunPaths) -> tuple[list[tuple[str, int, Path]], dict[str, str]]:
    """The ``(method, step, folder)`` points to analyse (``gradients.methods``, ``max_checkpoints``) and the
    methods skipped, with the reason."""
    skipped: dict[str, str] = {}
    plan: list[tuple[str, int, Path]] = []
    for m in P.gradients.methods:
        ck = find_checkpoints(paths.train_dir(m))
        final = paths.train_dir(m)
        if not ck and ((final / "adapter_config.json").is_file() or (final / "config.json").is_file()):
            last = metrics_frame(paths.metrics(m))["step"].max() if paths.metrics(m).is_file() else 0
            ck = [(int(last), final)]  # no intermediate checkpoint: the final model only
        if not ck:
            skipped[m] = "no checkpoint-* folder and no final model (not trained in this run?)"
            continue
        plan += [(m, step, folder) for step, folder in pick_evenly(ck, P.gradients.max_checkpoints)]
    return plan, skipped


def _write_outputs(paths: RunPaths, table: pd.DataFrame, batch: AnalysisBatch,
                   grams: dict[tuple[str, int], GradientGram]) -> None:
    """``paths.cancellation_csv`` and ``gradients/grams.json``."""
    paths.cancellation_csv.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(paths.cancellation_csv, index=False)
    (paths.gradients / "grams.json").write_text(json.dumps({
        "dims": list(batch.dims), "analysis_ids": batch.ids, "vector_order": "shared_1..K, specific_1..K",
        "grams": [{"method": m, "step": s, "gram": g.gram.tolist(), "n_params": g.n_params}
                  for (m, s), g in grams.items()],
    }, indent=1))


@timing.timed("gradient measurement")
def analyse_run(P: Params, paths: RunPaths, log: Callable[[str], None] | None = print) -> RunAnalysis:
    """Per-dimension gradients of every analysed checkpoint of a run (notebook 04's work).

    Loads the SFT model (the DPO reference) once, wraps it in a LoRA adapter and swaps each checkpoint's
    adapter weights in; step 0 is a fresh adapter (seeded with ``run.seed``; its B = 0, so only the B
    matrices have a gradient there). Writes ``paths.cancellation_csv`` and ``gradients/grams.json``.
    """
    t_start = time.time()
    say = log or (lambda s: None)
    gs = P.gradients
    sft, batch, ref = _analysis_batch(P, paths, say)
    plan, skipped = checkpoint_plan(P, paths)
    lag_metrics = metrics_frame(paths.metrics("lagdpo")) if paths.metrics("lagdpo").is_file() else None

    torch.manual_seed(P.run.seed)
    full_ft = any((f / "config.json").is_file() and not (f / "adapter_config.json").is_file() for _, _, f in plan)
    policy = sft if full_ft else apply_lora(sft, P.model.lora)
    grams: dict[tuple[str, int], GradientGram] = {}
    recs = []

    def run_one(method: str, step: int, model, folder: Path | None) -> None:
        t0 = time.time()
        gg = gradient_gram(model, batch, ref, P.train.dpo.beta, param_filter=gs.param_filter,
                           micro_batch=gs.micro_batch, max_vector_gb=gs.max_vector_gb)
        grams[(method, step)] = gg
        for label, w, wstep in weightings_for(gg, step, lag_metrics):
            rec = {"method": method, "step": step, "checkpoint": folder.name if folder else "start",
                   "weights_step": wstep, **gram_record(gg, w, label)}
            recs.append(rec)
        say(f"{method:>13} step {step:>5}: {time.time() - t0:5.1f}s  mean cos "
            f"{np.nanmean(gg.cosine()[np.triu_indices(gg.K, 1)]):+.3f}  "
            f"cancellation (uniform) {gg.cancellation_ratio(None):.3f}")

    if gs.include_start:
        run_one("start", 0, policy, None)  # full fine-tuning: the SFT weights themselves
    for method, step, folder in plan:
        if (folder / "adapter_config.json").is_file():
            load_adapter_weights(policy, folder)
            run_one(method, step, policy, folder)
        else:
            model = AutoModelForCausalLM.from_pretrained(folder, dtype=next(sft.parameters()).dtype)
            run_one(method, step, model, folder)
            del model
    table = pd.DataFrame(recs)
    _write_outputs(paths, table, batch, grams)
    return RunAnalysis(table, grams, batch.ids, time.time() - t_start, skipped)


def training_dynamics(P: Params, paths: RunPaths) -> tuple[pd.DataFrame | None, dict[str, pd.DataFrame]]:
    """Steps-to-target (``gradients.targets``, ``target_metric``, ``target_window``) for every DPO method
    with a metrics.jsonl, and the metrics themselves."""
    metrics = {m: metrics_frame(paths.metrics(m)) for m in DPO_METHODS if paths.metrics(m).is_file()}
    gs = P.gradients
    if not metrics:
        return None, metrics
    return dynamics_table(metrics, dict(gs.targets), gs.target_metric, gs.target_window), metrics
