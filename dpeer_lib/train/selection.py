"""Held-out selection accuracy per system and dimension: ``eval/selection.csv`` (notebook 03).

For every test row and active dimension d, two scores compare golden ``y*`` with ``reject_d``:

- **implicit-reward accuracy**: ``r_s(y) = log π_s(y|x) − log π_ref(y|x)`` with the SFT model as the
  reference for *every* system (the reference the DPO methods were trained against); a hit is
  ``r_s(y*) > r_s(y_d)``. Conventions, so the table never holds NaN: for ``sft`` itself every reward is
  exactly 0, an exact tie, and ties count one half — so SFT scores 0.5 (chance) by construction; for
  ``base`` the reward is still taken against SFT (above 0.5 means the base model separates golden from
  reject_d *more* than SFT does).
- **likelihood-selection accuracy**: the length-normalised log-prob (mean over response tokens) of
  golden is the highest of {golden, reject_d}; ties count one half. It needs no reference, so it is the
  fair comparison with ``base`` and ``sft``.

Dimension ``all`` is the row-level selection task of PersonaKnob: golden beats *every* active reject at
once (the likelihood version is "argmax over all candidates is golden").

Columns: ``system, dimension, n, reward_acc, likelihood_acc, reward_margin, likelihood_margin`` where the
margins are the means of ``β (r(y*) − r(y_d))`` and of the normalised log-prob difference.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import torch
from transformers import PreTrainedTokenizerBase

from dpeer_lib.core import timing
from dpeer_lib.core.models import available_systems, load_system
from dpeer_lib.core.params import DIMENSIONS, Params
from dpeer_lib.core.paths import RunPaths
from dpeer_lib.data import lagdpo_view, read_split, stratified_subsample
from dpeer_lib.train.forward import (DataCollatorForMultiPreference, default_layout, model_dims, sequence_logps,
                                     tokenize_row)

COLUMNS = ["system", "dimension", "n", "reward_acc", "likelihood_acc", "reward_margin", "likelihood_margin"]


def response_logps(model: torch.nn.Module, tok: PreTrainedTokenizerBase, rows: list[dict], max_length: int | None,
                   batch_size: int = 8) -> dict[str, np.ndarray]:
    """Summed log-probs and token counts of golden and every reject, one batched forward per chunk.

    Returns ``chosen`` (N), ``rejected`` (N × D), ``counts`` (N × (1 + D)) and ``dim_mask`` (N × D).
    """
    feats = [tokenize_row(ex, tok) for ex in lagdpo_view(rows)]
    if max_length is not None:
        feats = [f for f in feats if len(f["prompt_ids"]) < max_length]
    collate = DataCollatorForMultiPreference(pad_token_id=tok.pad_token_id, max_length=max_length,
                                             layout=default_layout(model), model_dims=model_dims(model))
    device = next(model.parameters()).device
    out = {"chosen": [], "rejected": [], "counts": [], "dim_mask": []}
    model.eval()
    with torch.no_grad():
        for i in range(0, len(feats), batch_size):
            batch = {k: v.to(device) for k, v in collate(feats[i:i + batch_size]).items()}
            chosen, rejected = sequence_logps(model, batch)
            out["chosen"].append(chosen.double().cpu())
            out["rejected"].append(rejected.double().cpu())
            out["counts"].append(batch["token_counts"].cpu())
            out["dim_mask"].append(batch["dim_mask"].cpu())
    return {k: torch.cat(v).numpy() for k, v in out.items()}


def _hit(diff: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """1 for a win, 0.5 for an exact tie, 0 for a loss."""
    return np.where(diff > tol, 1.0, np.where(diff < -tol, 0.0, 0.5))


def selection_table(logps: dict[str, dict[str, np.ndarray]], beta: float, reference: str = "sft") -> pd.DataFrame:
    """The selection table from :func:`response_logps` outputs keyed by system (see module docstring)."""
    if reference not in logps:
        raise ValueError(f"selection: the reference system {reference!r} has no log-probs")
    ref = logps[reference]
    records = []
    for system, lp in logps.items():
        mask = lp["dim_mask"].astype(bool)
        reward_c = lp["chosen"] - ref["chosen"]
        reward_r = lp["rejected"] - ref["rejected"]
        r_diff = beta * (reward_c[:, None] - reward_r)  # N × D
        if system == reference:
            r_diff = np.zeros_like(r_diff)  # exactly 0: a tie by construction
        norm = lp["counts"].clip(min=1)
        l_c = lp["chosen"] / norm[:, 0]
        l_r = lp["rejected"] / norm[:, 1:]
        l_diff = l_c[:, None] - l_r
        for k, d in enumerate(DIMENSIONS):
            m = mask[:, k]
            if m.any():
                records.append({"system": system, "dimension": d, "n": int(m.sum()),
                                "reward_acc": float(_hit(r_diff[m, k]).mean()),
                                "likelihood_acc": float(_hit(l_diff[m, k]).mean()),
                                "reward_margin": float(r_diff[m, k].mean()),
                                "likelihood_margin": float(l_diff[m, k].mean())})
        big = np.where(mask, r_diff, np.inf).min(axis=1)
        lbig = np.where(mask, l_diff, np.inf).min(axis=1)
        records.append({"system": system, "dimension": "all", "n": int(len(mask)),
                        "reward_acc": float(_hit(big).mean()), "likelihood_acc": float(_hit(lbig).mean()),
                        "reward_margin": float(r_diff[mask].mean()), "likelihood_margin": float(l_diff[mask].mean())})
    return pd.DataFrame.from_records(records, columns=COLUMNS)


@timing.timed("held-out selection")
def evaluate_selection(P: Params, paths: RunPaths, systems: list[str] | None = None,
                       rows: list[dict] | None = None) -> pd.DataFrame:
    """Score every available system on the test split and write ``eval/selection.csv``."""
    if rows is None:
        rows = read_split(paths.test_jsonl)
        if P.train.dpo.selection_rows and P.train.dpo.selection_rows < len(rows):
            rows = stratified_subsample(rows, P.train.dpo.selection_rows, P.run.seed)
    systems = systems or available_systems(paths)
    if "sft" not in systems:
        raise ValueError("selection: the SFT system is needed as the implicit-reward reference; run notebook 02")
    batch = P.train.dpo.batch_size  # per forward, as in training: on a CPU one row per forward pads nothing
    logps = {}
    for system in systems:
        model, tok = load_system(paths, system, P)
        logps[system] = response_logps(model, tok, rows, P.model.max_length, batch)
        del model
    table = selection_table(logps, beta=P.train.dpo.beta, reference="sft")
    out = Path(paths.selection_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    return table
