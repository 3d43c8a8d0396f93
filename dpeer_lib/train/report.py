"""The tables behind notebook 03's figures (per-dimension curves, λ and weights) and its collapse check.

Collapse (the failure Lag-DPO is meant to prevent) means that one dimension gets *worse* while the
combined objective improves: its per-dimension loss ends above where it started (log 2, since the
policy starts equal to its reference), its reward accuracy falls below chance, or on held-out data its
implicit-reward accuracy is below 0.5. :func:`collapse_table` computes these per method and dimension
from metrics.jsonl and eval/selection.csv; :func:`collapse_markdown` words the verdict from those
numbers, so the notebook's conclusion is computed, never asserted.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.core.paths import DPO_METHODS, RunPaths
from dpeer_lib.core.stats import wilson
from dpeer_lib.train.common import read_metrics


def method_metrics(paths: RunPaths, methods: Sequence[str] = DPO_METHODS) -> pd.DataFrame:
    """Long table ``method, step, dimension, loss, margin, acc`` from every method's metrics.jsonl."""
    records = []
    for m in methods:
        for r in read_metrics(paths.metrics(m)):
            for d in DIMENSIONS:
                if r.get(f"loss_{d}") is not None:
                    records.append({"method": m, "step": r["step"], "dimension": d, "loss": r[f"loss_{d}"],
                                    "margin": r.get(f"margin_{d}"), "acc": r.get(f"acc_{d}")})
    return pd.DataFrame.from_records(records, columns=["method", "step", "dimension", "loss", "margin", "acc"])


def dual_trajectories(paths: RunPaths,
                      methods: Sequence[str] = ("mo_dpo_fixed", "lagdpo")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(lambdas, weights)``: long tables ``method, step, pair, lambda`` and ``method, step, dimension, weight``."""
    lam, wts = [], []
    for m in methods:
        for r in read_metrics(paths.metrics(m)):
            for pair, v in (r.get("lambda") or {}).items():
                lam.append({"method": m, "step": r["step"], "pair": pair, "lambda": v})
            for d in DIMENSIONS:
                if r.get(f"weight_{d}") is not None:
                    wts.append({"method": m, "step": r["step"], "dimension": d, "weight": r[f"weight_{d}"]})
    return (pd.DataFrame.from_records(lam, columns=["method", "step", "pair", "lambda"]),
            pd.DataFrame.from_records(wts, columns=["method", "step", "dimension", "weight"]))


def largest_lambdas(lam: pd.DataFrame, k: int = 4) -> dict[str, float]:
    """Lag-DPO's largest multiplier per constraint pair over training, the ``k`` largest (rounded to 4 places)."""
    top = lam[lam.method == "lagdpo"].groupby("pair")["lambda"].max().sort_values(ascending=False)
    return top.head(k).round(4).to_dict()


def collapse_table(df: pd.DataFrame, selection: pd.DataFrame | None = None, tail: float = 0.25,
                   tol: float = 0.02) -> pd.DataFrame:
    """Per method and dimension: start/end training loss and accuracy, held-out accuracy, collapse flags.

    ``end_*`` averages the last ``tail`` share of the logged steps (training batches are noisy).
    ``collapsed`` = the end loss exceeds the start by more than ``tol`` (the dimension got worse than the
    reference), or the held-out implicit-reward accuracy is *significantly* below 0.5 (the upper end of its
    Wilson 95% interval is under 0.5, so a handful of test rows cannot trigger it).
    """
    records = []
    for (m, d), g in df.groupby(["method", "dimension"]):
        g = g.sort_values("step")
        n_tail = max(1, int(math.ceil(len(g) * tail)))
        start = float(g["loss"].iloc[0])
        end = float(g["loss"].iloc[-n_tail:].mean())
        rec = {"method": m, "dimension": d, "start_loss": start, "end_loss": end, "delta_loss": end - start,
               "end_acc": float(g["acc"].iloc[-n_tail:].mean()), "end_margin": float(g["margin"].iloc[-n_tail:].mean())}
        heldout, upper, n = np.nan, np.nan, 0
        if selection is not None:
            s = selection[(selection["system"] == m) & (selection["dimension"] == d)]
            if not s.empty:
                heldout, n = float(s["reward_acc"].iloc[0]), int(s["n"].iloc[0])
                upper = wilson(heldout * n, n)[1]  # heldout counts a tie as half a success
        rec["heldout_reward_acc"] = heldout
        rec["heldout_n"] = n
        rec["heldout_upper95"] = upper
        rec["worse_than_start"] = bool(end > start + tol)
        rec["heldout_below_chance"] = bool(not math.isnan(upper) and upper < 0.5)
        rec["collapsed"] = rec["worse_than_start"] or rec["heldout_below_chance"]
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    if out.empty:
        return out
    order = {m: i for i, m in enumerate(DPO_METHODS)}
    out["_o"] = out["method"].map(order).fillna(99)
    out["_d"] = out["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    return out.sort_values(["_o", "_d"]).drop(columns=["_o", "_d"]).reset_index(drop=True)


def loss_spread(df: pd.DataFrame, tail: float = 0.25) -> pd.DataFrame:
    """Per method: the end-of-training gap max_d L_d − min_d L_d (what pairwise_gap bounds by ε)."""
    rows = []
    for m, g in df.groupby("method"):
        ends = {}
        for d, gd in g.groupby("dimension"):
            gd = gd.sort_values("step")
            ends[d] = float(gd["loss"].iloc[-max(1, int(math.ceil(len(gd) * tail))):].mean())
        if ends:
            hi, lo = max(ends, key=ends.get), min(ends, key=ends.get)
            rows.append({"method": m, "worst": hi, "best": lo, "gap": ends[hi] - ends[lo]})
    return pd.DataFrame.from_records(rows, columns=["method", "worst", "best", "gap"])


def collapse_markdown(table: pd.DataFrame, spread: pd.DataFrame | None = None, epsilon: float | None = None,
                      lambdas: pd.DataFrame | None = None) -> str:
    """A short verdict, worded from the numbers in ``table`` (and the gap / λ when given)."""
    if table.empty:
        return "No per-dimension metrics were logged, so collapse cannot be assessed."
    lines = []
    for m, g in table.groupby("method", sort=False):
        bad = g[g["collapsed"]]
        if bad.empty:
            lines.append(f"- **{m}**: no dimension collapsed: every per-dimension loss ended at or below its start "
                         f"(largest change {g['delta_loss'].max():+.3f}) and no held-out reward accuracy was "
                         f"significantly below 0.5 (lowest {g['heldout_reward_acc'].min():.2f}).")
        else:
            parts = []
            for _, r in bad.iterrows():
                why = []
                if r["worse_than_start"]:
                    why.append(f"loss {r['start_loss']:.3f} → {r['end_loss']:.3f}")
                if r["heldout_below_chance"]:
                    why.append(f"held-out reward accuracy {r['heldout_reward_acc']:.2f} "
                               f"(n = {r['heldout_n']}, 95% upper bound {r['heldout_upper95']:.2f})")
                parts.append(f"{r['dimension']} ({', '.join(why)})")
            lines.append(f"- **{m}**: collapse in {', '.join(parts)}.")
    if spread is not None and not spread.empty:
        for _, r in spread.iterrows():
            tail = f" (ε = {epsilon})" if epsilon is not None else ""
            lines.append(f"- {r['method']}: end-of-training gap L_{r['worst']} − L_{r['best']} = {r['gap']:.3f}{tail}.")
    if lambdas is not None:
        sub = lambdas[lambdas["method"] == "lagdpo"]
        if sub.empty or float(sub["lambda"].abs().max()) == 0.0:
            lines.append("- Every Lag-DPO multiplier stayed at 0: no pairwise constraint became active, so Lag-DPO "
                         "trained with the same equal weights as mo_dpo_fixed.")
        else:
            top = sub.loc[sub["lambda"].idxmax()]
            lines.append(f"- The largest Lag-DPO multiplier was λ[{top['pair']}] = {top['lambda']:.3f} "
                         f"(step {int(top['step'])}): that constraint was active and shifted weight to {top['pair'][0]}.")
    return "\n".join(lines)
