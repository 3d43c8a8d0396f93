"""The sweep summary (notebook 07): every point's held-out accuracy, final losses, constraint and λ, over seeds.

Per point, seed and trained DPO method (from the point's own run folder): the held-out implicit-reward
accuracy per dimension (``eval/selection.csv``), the end-of-training loss per dimension (``metrics.jsonl``,
the mean of the last quarter of logged steps, as notebook 03 reports it), and for the Lagrangian methods the
final dual state (``lagdpo_state.json``): the EMA losses L̄ the dual step uses, the largest pairwise gap
max L̄ − min L̄, the tolerance ε at the last step, whether every constraint holds there, and λ.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dpeer_lib.core.params import DIMENSIONS, validate
from dpeer_lib.core.paths import DPO_METHODS, REPO_ROOT, RunPaths
from dpeer_lib.train import report as R
from dpeer_lib.train.lagrangian import DualSpec
from dpeer_lib.sweep.run import SWEEP_JSON
from dpeer_lib.train.plots import COLORS

METRICS = [*(f"acc_{d}" for d in DIMENSIONS), *(f"loss_{d}" for d in DIMENSIONS), "mean_acc", "worst_acc",
           "gap", "ema_gap", "epsilon_end", "max_violation", "lambda_max", "lambda_sum"]


def resolve(sweep_dir: str | Path | None) -> Path:
    """The sweep folder; None (the notebook opened by hand) picks the newest ``runs/*/sweep.json``."""
    if sweep_dir:
        return Path(sweep_dir)
    found = sorted((REPO_ROOT / "runs").glob(f"*/{SWEEP_JSON}"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise FileNotFoundError("no sweep under runs/: run `python -m dpeer_lib sweep ...` first")
    return found[-1].parent


def load_sweep(root: Path) -> dict:
    """``sweep.json`` of a sweep folder."""
    return json.loads((Path(root) / SWEEP_JSON).read_text())


def display_label(overrides: dict) -> str:
    """``constraint=threshold, epsilon=0.6`` from a point's overrides (run.seed left out; ``base`` if none)."""
    items = [(k.split(".")[-1], v) for k, v in overrides.items() if k != "run.seed"]
    return ", ".join(f"{k}={v}" for k, v in items) or "base"


def constraint_state(P, run: RunPaths, method: str) -> dict:
    """The final dual state of a Lagrangian method: EMA gap, ε at the end, worst violation, satisfied, λ."""
    f = run.train_dir(method) / "lagdpo_state.json"
    if not f.is_file():
        return {}
    state = json.loads(f.read_text())
    dual = state["dual"]
    settings = P.train.lagdpo.model_copy(update={"constraint": dual["constraint"]})
    spec = DualSpec(tuple(dual["dims"]), settings, state.get("spec", {}).get("total_steps"))
    ema = np.array([np.nan if v is None else float(v) for v in dual["ema"]])
    eps = spec.epsilons(int(dual["step"])).numpy()
    violation = spec.matrix().numpy() @ ema - eps if len(eps) else np.array([np.nan])
    lam = np.array(dual["lambda"], dtype=float)
    return {"constraint": dual["constraint"], "ema_gap": float(np.nanmax(ema) - np.nanmin(ema)),
            "epsilon_end": float(eps.mean()) if len(eps) else math.nan,
            "max_violation": float(np.max(violation)),
            "satisfied": bool(np.all(violation <= 1e-9)) if not np.isnan(violation).any() else False,
            "lambda_max": float(lam.max()) if len(lam) else 0.0, "lambda_sum": float(lam.sum()),
            "lambda_top": dual["names"][int(lam.argmax())] if len(lam) and lam.max() > 0 else ""}


def point_rows(root: Path, point: dict) -> list[dict]:
    """One record per trained DPO method of one point (empty when its notebook 03 has not finished)."""
    run = RunPaths(Path(root) / point["point"])
    if not run.manifest.is_file() or not run.selection_csv.is_file():
        return []
    P = validate(json.loads(run.manifest.read_text())["params"], str(run.manifest))
    methods = [m for m in P.train.dpo.methods if run.metrics(m).is_file()]
    curves = R.method_metrics(run, methods)
    table = R.collapse_table(curves, pd.read_csv(run.selection_csv))
    gaps = R.loss_spread(curves).set_index("method")["gap"]
    out = []
    for m in methods:
        t = table[table["method"] == m].set_index("dimension")
        rec = {"point": display_label(point["overrides"]), "slug": point["point"], "seed": P.run.seed, "method": m,
               **{k: v for k, v in point["overrides"].items() if k != "run.seed"}}
        for d in DIMENSIONS:
            rec[f"acc_{d}"] = float(t.at[d, "heldout_reward_acc"]) if d in t.index else math.nan
            rec[f"loss_{d}"] = float(t.at[d, "end_loss"]) if d in t.index else math.nan
        accs = [rec[f"acc_{d}"] for d in DIMENSIONS if not math.isnan(rec[f"acc_{d}"])]
        rec["mean_acc"] = float(np.mean(accs)) if accs else math.nan
        rec["worst_acc"] = float(np.min(accs)) if accs else math.nan
        rec["gap"] = float(gaps.get(m, math.nan))
        rec.update(constraint_state(P, run, m))
        out.append(rec)
    return out


def collect(root: str | Path) -> pd.DataFrame:
    """The long table of the sweep: one row per point, seed and method, in the sweep's point order."""
    meta = load_sweep(Path(root))
    rows = [r for pt in meta["points"] for r in point_rows(Path(root), pt)]
    df = pd.DataFrame.from_records(rows)
    for c in METRICS:
        if c not in df:
            df[c] = math.nan
    return df


def aggregate(df: pd.DataFrame) -> pd.DataFrame:
    """Per point and method: mean and sample standard deviation over seeds, seeds counted, constraint held k/n."""
    if df.empty:
        return pd.DataFrame()
    order = list(dict.fromkeys(df["point"]))
    g = df.groupby(["point", "method"], sort=False)
    mean = g[METRICS].mean().add_suffix("_mean")
    sd = g[METRICS].std(ddof=1).add_suffix("_sd")
    out = pd.concat([mean, sd], axis=1)
    out["seeds"] = g["seed"].nunique()
    held = df["satisfied"] if "satisfied" in df else pd.Series(False, index=df.index)
    out["satisfied"] = held.fillna(False).astype(bool).groupby([df["point"], df["method"]], sort=False).sum()
    out = out.reset_index()
    out["_o"] = out["point"].map({p: i for i, p in enumerate(order)})
    out["_m"] = out["method"].map({m: i for i, m in enumerate(DPO_METHODS)}).fillna(len(DPO_METHODS))
    return out.sort_values(["_o", "_m"]).drop(columns=["_o", "_m"]).reset_index(drop=True)


def _pm(mean: float, sd: float, digits: int = 3) -> str:
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "n/a"
    return f"{mean:.{digits}f}" + ("" if sd is None or math.isnan(sd) else f" ± {sd:.{digits}f}")


def markdown_table(agg: pd.DataFrame) -> str:
    """The aggregated table as markdown: mean ± sd over seeds (sd left out with one seed)."""
    head = (["point", "method", "seeds", *(f"acc {d}" for d in DIMENSIONS), "worst acc", "mean acc",
             *(f"loss {d}" for d in DIMENSIONS), "gap L̄ (max−min)", "ε at end", "constraints hold", "λ max"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, r in agg.iterrows():
        cells = [r["point"], r["method"], str(int(r["seeds"]))]
        cells += [_pm(r[f"{c}_mean"], r[f"{c}_sd"]) for c in (*(f"acc_{d}" for d in DIMENSIONS), "worst_acc",
                                                               "mean_acc", *(f"loss_{d}" for d in DIMENSIONS),
                                                               "ema_gap", "epsilon_end")]
        held = "n/a" if math.isnan(r["ema_gap_mean"]) else f"{int(r['satisfied'])}/{int(r['seeds'])}"
        cells += [held, _pm(r["lambda_max_mean"], r["lambda_max_sd"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_tables(df: pd.DataFrame, agg: pd.DataFrame, root: str | Path) -> dict[str, Path]:
    """``tables/sweep.csv`` (every point and seed) and ``tables/sweep.md`` (mean ± sd over seeds)."""
    out = Path(root) / "tables"
    out.mkdir(parents=True, exist_ok=True)
    csv, md = out / "sweep.csv", out / "sweep.md"
    df.to_csv(csv, index=False)
    meta = load_sweep(Path(root))
    caption = (f"**Sweep `{meta['name']}`: held-out implicit-reward accuracy, end-of-training loss, the EMA loss "
               f"gap against ε and λ at the last step; mean ± sd over seeds.**")
    notes = [f"Parameters: {meta['params']}" + (f" with {' '.join(meta['set'])}" if meta["set"] else "") + ".",
             "Seeds per point: run.seed " + ", ".join(str(s) for s in sorted(df["seed"].unique())) + "."
             if len(df) else "No point has finished notebook 03.",
             "Constraints hold k/n: at the last step every constraint a·L̄ ≤ ε holds in k of n seeds "
             "(pairwise forms: L̄_i − L̄_j ≤ ε; threshold: L̄_d ≤ ε_d)."]
    md.write_text(caption + "\n\n" + markdown_table(agg) + "\n\n" + "\n".join(f"- {n}" for n in notes) + "\n")
    return {"csv": csv, "md": md}


def verdict(df: pd.DataFrame, agg: pd.DataFrame, metric: str = "mean_acc") -> str:
    """Are the differences between points larger than the spread between seeds? Worded from the numbers."""
    if agg.empty:
        return "No point has finished: nothing to compare."
    lines = []
    for m, g in agg.groupby("method", sort=False):
        means, sds = g[f"{metric}_mean"], g[f"{metric}_sd"]
        spread = float(means.max() - means.min())
        noise = float(np.nanmean(sds)) if sds.notna().any() else math.nan
        best, worst = g.loc[means.idxmax(), "point"], g.loc[means.idxmin(), "point"]
        if math.isnan(noise):
            tail = "one seed per point: the seed noise is unknown (use --seeds 2 or more)"
        elif spread <= 2 * noise:
            tail = f"within seed noise (mean sd over seeds {noise:.3f}; the range is {spread / noise:.1f} sd)"
        else:
            tail = f"larger than the seed noise (mean sd {noise:.3f}; the range is {spread / noise:.1f} sd)"
        lines.append(f"- **{m}**: {metric} ranges from {means.min():.3f} ({worst}) to {means.max():.3f} ({best}): "
                     f"{tail}.")
        held = g[g["ema_gap_mean"].notna()]
        if len(held):
            ok = ", ".join(f"{p} {int(s)}/{int(n)}" for p, s, n in zip(held["point"], held["satisfied"], held["seeds"]))
            lines.append(f"  Constraints hold at the last step (seeds): {ok}.")
    return "\n".join(lines)


def _x(agg: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    names = list(dict.fromkeys(agg["point"]))
    return np.arange(len(names)), names


def plot_dimensions(ax, agg: pd.DataFrame, what: str = "acc") -> None:
    """Per-dimension held-out accuracy (``acc``) or final loss (``loss``) per point, mean ± sd over seeds."""
    x, names = _x(agg)
    for k, d in enumerate(DIMENSIONS):
        y = agg.groupby("point", sort=False)[f"{what}_{d}_mean"].mean().reindex(names)
        e = agg.groupby("point", sort=False)[f"{what}_{d}_sd"].mean().reindex(names)
        ax.errorbar(x + (k - 1.5) * 0.06, y, yerr=e.fillna(0), marker="o", capsize=3, color=COLORS[d], label=d)
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("held-out reward accuracy" if what == "acc" else "final loss L_d")
    ax.legend(ncol=4, fontsize=8)


def plot_constraint(ax, agg: pd.DataFrame) -> None:
    """The EMA loss gap max L̄ − min L̄ per point against its ε at the last step, with λ max on a second axis."""
    x, names = _x(agg)
    g = agg[agg["ema_gap_mean"].notna()].set_index("point").reindex(names)
    held = g["satisfied"] >= g["seeds"]
    ax.bar(x, g["ema_gap_mean"], yerr=g["ema_gap_sd"].fillna(0), capsize=3,
           color=["tab:green" if h else "tab:red" for h in held], alpha=0.7, label="gap L̄ (green: constraints hold)")
    ax.scatter(x, g["epsilon_end_mean"], marker="_", s=400, color="black", label="ε at the last step", zorder=3)
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("max L̄_i − L̄_j")
    ax2 = ax.twinx()
    ax2.plot(x, g["lambda_max_mean"], "o--", color="tab:orange", label="λ max at the end")
    ax2.set_ylabel("λ max", color="tab:orange")
    ax.legend(fontsize=8, loc="upper left")


def plot_pareto(ax, df: pd.DataFrame) -> None:
    """Each point's worst dimension against its mean (held-out accuracy): seeds small, their mean large."""
    for k, (p, g) in enumerate(df.groupby("point", sort=False)):
        c = plt.cm.tab10(k % 10)
        ax.scatter(g["mean_acc"], g["worst_acc"], color=c, s=18, alpha=0.6)
        ax.scatter(g["mean_acc"].mean(), g["worst_acc"].mean(), color=c, s=90, edgecolor="black", label=p)
    ax.set_xlabel("mean held-out accuracy over dimensions")
    ax.set_ylabel("worst dimension's held-out accuracy")
    ax.legend(fontsize=7)


def plot_summary(df: pd.DataFrame, agg: pd.DataFrame, method: str = "lagdpo") -> Figure:
    """The sweep in one figure: accuracy and loss per dimension, the constraint and λ, and the Pareto view."""
    method = method if method in set(df["method"]) else df["method"].iloc[0]
    a, d = agg[agg["method"] == method], df[df["method"] == method]
    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    plot_dimensions(axes[0, 0], a, "acc")
    plot_dimensions(axes[0, 1], a, "loss")
    plot_constraint(axes[1, 0], a)
    plot_pareto(axes[1, 1], d)
    seeds = int(a["seeds"].max()) if len(a) else 0
    fig.suptitle(f"{method}: each sweep point, mean ± sd over {seeds} seed(s)")
    fig.tight_layout()
    return fig
