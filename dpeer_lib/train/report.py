"""Training curves, λ and weight trajectories, and the collapse check of notebook 03.

Collapse (the failure Lag-DPO is meant to prevent) means that one dimension gets *worse* while the
combined objective improves: its per-dimension loss ends above where it started (log 2, since the
policy starts equal to its reference), its reward accuracy falls below chance, or on held-out data its
implicit-reward accuracy is below 0.5. :func:`collapse_table` computes these per method and dimension
from metrics.jsonl and eval/selection.csv; :func:`collapse_markdown` words the verdict from those
numbers, so the notebook's conclusion is computed, never asserted.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.core.paths import DPO_METHODS, RunPaths
from dpeer_lib.train.common import read_metrics

LOG2 = math.log(2.0)
COLORS = {"A": "tab:red", "T": "tab:blue", "E": "tab:green", "C": "tab:purple"}


def method_metrics(paths: RunPaths, methods=DPO_METHODS) -> pd.DataFrame:
    """Long table ``method, step, dimension, loss, margin, acc`` from every method's metrics.jsonl."""
    records = []
    for m in methods:
        for r in read_metrics(paths.metrics(m)):
            for d in DIMENSIONS:
                if r.get(f"loss_{d}") is not None:
                    records.append({"method": m, "step": r["step"], "dimension": d, "loss": r[f"loss_{d}"],
                                    "margin": r.get(f"margin_{d}"), "acc": r.get(f"acc_{d}")})
    return pd.DataFrame.from_records(records, columns=["method", "step", "dimension", "loss", "margin", "acc"])


def dual_trajectories(paths: RunPaths, methods=("mo_dpo_fixed", "lagdpo")) -> tuple[pd.DataFrame, pd.DataFrame]:
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


def _smooth(y: pd.Series, window: int) -> pd.Series:
    return y.rolling(window, min_periods=1).mean() if window > 1 else y


def plot_dimension_curves(df: pd.DataFrame, window: int = 3):
    """3 × n_methods grid: per-dimension loss, margin and accuracy over steps (faint raw, bold rolling mean)."""
    import matplotlib.pyplot as plt

    methods = [m for m in DPO_METHODS if m in set(df["method"])] or sorted(set(df["method"]))
    fig, axes = plt.subplots(3, max(len(methods), 1), figsize=(4.2 * max(len(methods), 1), 8), sharex=True,
                             sharey="row", squeeze=False)
    for j, m in enumerate(methods):
        sub = df[df["method"] == m]
        for i, (col, label) in enumerate([("loss", "per-dimension loss"), ("margin", "reward margin"),
                                          ("acc", "reward accuracy")]):
            ax = axes[i, j]
            for d in DIMENSIONS:
                s = sub[sub["dimension"] == d].sort_values("step")
                if s.empty:
                    continue
                ax.plot(s["step"], s[col], color=COLORS[d], alpha=0.25, lw=0.8)
                ax.plot(s["step"], _smooth(s[col], window), color=COLORS[d], lw=1.8, label=d)
            if col == "loss":
                ax.axhline(LOG2, color="grey", ls=":", lw=1)
            if col == "acc":
                ax.axhline(0.5, color="grey", ls=":", lw=1)
            if i == 0:
                ax.set_title(m)
            if j == 0:
                ax.set_ylabel(label)
            if i == 2:
                ax.set_xlabel("optimizer step")
    axes[0, 0].legend(title="dimension", fontsize=8)
    fig.tight_layout()
    return fig


def plot_dual(lam: pd.DataFrame, wts: pd.DataFrame):
    """λ trajectories of Lag-DPO (left) and the weights w_d of both Lagrangian methods (right)."""
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 3.8))
    sub = lam[lam["method"] == "lagdpo"]
    moved = [p for p, g in sub.groupby("pair") if g["lambda"].abs().max() > 0]
    for p in sorted(set(sub["pair"])):
        g = sub[sub["pair"] == p].sort_values("step")
        i = p.split(">")[0]
        a.plot(g["step"], g["lambda"], color=COLORS.get(i, "k"), lw=1.6 if p in moved else 0.6,
               alpha=1.0 if p in moved else 0.3, label=p if p in moved else None)
    a.set_title("Lag-DPO multipliers λ_ij (colour = i)")
    a.set_xlabel("optimizer step")
    a.set_ylabel("λ")
    if moved:
        a.legend(fontsize=8, ncol=2)
    else:
        a.text(0.5, 0.5, "every λ stayed 0\n(no constraint became active)", transform=a.transAxes, ha="center")
    for m, ls in (("lagdpo", "-"), ("mo_dpo_fixed", ":")):
        for d in DIMENSIONS:
            g = wts[(wts["method"] == m) & (wts["dimension"] == d)].sort_values("step")
            if not g.empty:
                b.plot(g["step"], g["weight"], color=COLORS[d], ls=ls, lw=1.6, label=f"{d} ({m})" if m == "lagdpo" else None)
    b.set_title("weights w_d (solid: lagdpo, dotted: mo_dpo_fixed)")
    b.set_xlabel("optimizer step")
    b.set_ylabel("w_d")
    b.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_selection(sel: pd.DataFrame):
    """Grouped bars: held-out reward and likelihood selection accuracy per system and dimension."""
    import matplotlib.pyplot as plt

    dims = [d for d in (*DIMENSIONS, "all") if d in set(sel["dimension"])]
    systems = list(dict.fromkeys(sel["system"]))
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8), sharey=True)
    width = 0.8 / max(len(systems), 1)
    for ax, col, title in ((axes[0], "reward_acc", "implicit-reward accuracy (ref = SFT)"),
                           (axes[1], "likelihood_acc", "likelihood-selection accuracy")):
        for k, s in enumerate(systems):
            vals = [sel[(sel.system == s) & (sel.dimension == d)][col].mean() for d in dims]
            ax.bar(np.arange(len(dims)) + k * width, vals, width, label=s)
        ax.axhline(0.5, color="grey", ls=":", lw=1)
        ax.set_xticks(np.arange(len(dims)) + 0.4 - width / 2, dims)
        ax.set_title(title)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("accuracy (held-out)")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    return fig


def wilson_upper(p: float, n: int, z: float = 1.96) -> float:
    """Upper end of the Wilson 95% interval of an accuracy ``p`` over ``n`` items (NaN when n = 0)."""
    if n <= 0 or math.isnan(p):
        return float("nan")
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre + half) / (1 + z * z / n)


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
                upper = wilson_upper(heldout, n)
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
