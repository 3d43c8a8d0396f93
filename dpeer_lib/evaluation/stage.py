"""Notebook 05's glue: generate, judge, calibrate with the many-facet Rasch model, draw, and the bias demo.

The statistics live in :mod:`dpeer_lib.evaluation.irt`; generation in :mod:`dpeer_lib.evaluation.generate`; judging in
:mod:`dpeer_lib.evaluation.judges`. This module joins them for PersonaKnob: every system's responses to the test
prompts, plus the oracle pseudo-systems ``golden`` and ``reject_A`` .. ``reject_C`` (the data set's own
responses), rated by every configured judge on all four dimensions, then fitted as
θ_{system,dimension} − δ_item − γ_judge − τ_k (options from ``P.irt``).
"""
from __future__ import annotations

import gc
import json
import math
import warnings
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy.stats import kendalltau

from dpeer_lib.core import timing
from dpeer_lib.core.models import available_systems, system_fingerprint
from dpeer_lib.core.nb import mark_degraded
from dpeer_lib.core.params import DIMENSIONS, Params
from dpeer_lib.core.paths import SYSTEMS, RunPaths, order_systems
from dpeer_lib.data import read_split, scenario_key, spread_over_scenarios
from dpeer_lib.evaluation import irt
from dpeer_lib.evaluation import judge_validation as JV
from dpeer_lib.evaluation.generate import GenerationStore, generate, requests_from_rows, system_for_generation
from dpeer_lib.evaluation.judges import (
    REQUEST_FAILURES,
    items_from_generations,
    judge_all,
    make_judges,
)

ORACLES = ("golden",) + tuple(f"reject_{d}" for d in DIMENSIONS)
DIM_COLOURS = {"A": "tab:blue", "T": "tab:orange", "E": "tab:green", "C": "tab:red"}
THETA = "system:dimension"


def order_systems_and_oracles(names: Sequence[str]) -> list[str]:
    """Trained systems in canonical order, then the oracles, then anything else."""
    return order_systems(names, then=ORACLES)


# ============================================================================ data
def test_rows(P: Params, paths: RunPaths) -> list[dict]:
    """The test rows judged: ``P.generation.max_items`` of them spread over the scenarios and masks (all if unset).

    The test file is sorted by scenario; its first rows would be mask variants of one situation.
    """
    return spread_over_scenarios(read_split(paths.test_jsonl), P.generation.max_items, P.run.seed)


def design_table(rows: Sequence[dict], ratings: pd.DataFrame) -> pd.DataFrame:
    """The rating design in numbers: scenarios, items, systems, judges, dimensions, ratings per cell."""
    sys_ = ratings["system"].astype(str)
    trained = ratings[~sys_.isin(ORACLES)]
    rec = {"scenarios": len({scenario_key(r) for r in rows}), "items": len(rows),
           "masks": len({",".join(sorted(r["mask"])) for r in rows}),
           "item × dimension pairs (active)": sum(len(r["mask"]) for r in rows),
           "systems (trained)": trained["system"].nunique(), "oracle pseudo-systems": int(sys_.isin(ORACLES).sum() > 0)
           and ratings.loc[sys_.isin(ORACLES), "system"].nunique(),
           "judges": ratings["judge"].nunique(), "ratings": len(ratings),
           "ratings of trained systems": len(trained)}
    for j, n in ratings.groupby("judge", observed=True).size().items():
        rec[f"ratings by {j}"] = int(n)
    return pd.Series(rec, name="design").to_frame()


@timing.timed("generation")
def generate_systems(P: Params, paths: RunPaths, rows: Sequence[dict], systems: Sequence[str] | None = None,
                     progress: bool = False) -> pd.DataFrame:
    """Responses of every trained system (``base`` and whatever of ``sft``.. ``lagdpo`` exists) to ``rows``.

    Stored in ``eval/generations.parquet`` and reused when system, prompt, settings and weights match.
    """
    systems = list(systems) if systems is not None else available_systems(paths)
    store = GenerationStore(paths.generations)
    records: list[dict] = []
    for system in order_systems_and_oracles(systems):
        model, tok = system_for_generation(paths, system, P)
        reqs = requests_from_rows(rows, system)
        records += generate(model, tok, reqs, P.generation, store=store,
                            extra_settings={"weights": system_fingerprint(paths, system, P)}, progress=progress)
        del model
        gc.collect()
    return pd.DataFrame(records)


def oracle_responses(rows: Sequence[dict]) -> pd.DataFrame:
    """The data set's own responses as pseudo-systems: ``golden`` and each non-empty ``reject_d``."""
    recs = []
    for r in rows:
        msgs = json.dumps([{"role": "user", "content": r["prompt"]}], ensure_ascii=False)
        for name in ORACLES:
            text = r["golden"] if name == "golden" else r.get(name) or ""
            if text:
                recs.append({"system": name, "item_id": str(r["id"]), "turn": 0, "prompt": msgs,
                             "response": text, "backend": "oracle"})
    return pd.DataFrame(recs)


@timing.timed("judging")
def judge_responses(P: Params, paths: RunPaths, rows: Sequence[dict], responses: pd.DataFrame,
                    progress: bool = False) -> pd.DataFrame:
    """Every response rated by every judge on its item's dimensions (``irt.dimensions``; cached, resumable).

    Returns this run's rows of ``eval/judgments.parquet`` (which may hold other notebooks' rows too).
    """
    if len(P.judges) < 2:
        warnings.warn(f"only {len(P.judges)} judge configured; the judge facet needs two or more to be "
                      "separated from the systems", irt.IRTWarning, stacklevel=2)
    items = items_from_generations(responses.assign(turn=responses.get("turn", 0)), rows, dimensions=P.irt.dimensions)
    judges = make_judges(P)
    # a judge shown the item's own golden/reject texts (the reference judge, or show_reference) would rate
    # the oracles, which are those very texts, 5 and 1 by construction: leave it out of the oracle ratings, so the oracle check can fail
    own = [j for j in judges if P.irt.oracle_judges == "independent" and j.uses_reference]
    others = [j for j in judges if j not in own]
    trained_items = [it for it in items if it.system not in ORACLES]
    plan = [(others, items), (own, trained_items)]
    for js, its in plan:
        if js:
            out = judge_all(js, its, paths.cache / "judgments", out=paths.judgments, progress=progress)
    keys = {(j.name, it.system, it.item_id, it.dimension) for js, its in plan for j in js for it in its}
    mine = [(j, s, i, d) in keys for j, s, i, d in zip(out["judge"], out["system"], out["item_id"], out["dimension"])]
    out = out[mine].reset_index(drop=True)
    report_failed_requests(out, paths)
    return out


@timing.timed("judge validation")
def validate_judges_on_set(P: Params, paths: RunPaths, progress: bool = False) -> pd.DataFrame | None:
    """Every configured judge's pass/fail AUC per dimension (bootstrap 95% interval) on ``data/judge_validation``:
    fresh responses to the PersonaKnob-lite test scenarios that share no text with the references.
    Written to ``judges/validation.json``; None (with a note) for other data, whose prompts the set does not answer."""
    if P.data.source not in ("personaknob_lite", "personaknob-lite", "lite"):
        print(f"note: the judge-validation set answers PersonaKnob-lite test prompts; data.source is "
              f"{P.data.source!r}, so the judges are not validated here")
        return None
    return JV.validate_judges(make_judges(P), paths.cache / "judgments", out_json=paths.judge_validation,
                              seed=P.run.seed, progress=progress,
                              on_judgments=lambda j: report_failed_requests(j, paths, "validation judgments"))


def report_failed_requests(judgments: pd.DataFrame, paths: RunPaths, what: str = "judgments") -> dict[str, int]:
    """Judgments lost to the transport (timeouts, HTTP errors) after every retry: warn, and mark the stage
    degraded so that the runner reruns it. They are not cached, so the rerun makes only those calls.
    A reply that could not be parsed is the judge's answer (cached as missing), not a failure here."""
    failed = judgments[judgments["status"].isin(REQUEST_FAILURES)]
    counts = {f"{j}: {s}": int(n) for (j, s), n in failed.groupby(["judge", "status"]).size().items()}
    if counts:
        total = len(judgments)
        warnings.warn(f"{len(failed)} of {total} {what} failed in transport ({counts}); the stage is marked "
                      "degraded and the next run retries them", irt.IRTWarning, stacklevel=2)
        mark_degraded(paths, f"{what} failed in transport (of {total})", counts)
    return counts


def ratings_table(judgments: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long rating table for :func:`dpeer_lib.evaluation.irt.fit` and a count of missing judgments per judge and status."""
    j = judgments.copy()
    ok = j["score"].notna()
    missing = (j[~ok].groupby(["judge", "status"]).size().rename("n").reset_index()
               if (~ok).any() else pd.DataFrame(columns=["judge", "status", "n"]))
    r = j[ok].rename(columns={"item_id": "item"})[["system", "item", "dimension", "judge", "score"]]
    r = r.assign(score=r["score"].astype(int), item=r["item"].astype(str))
    r["dimension"] = pd.Categorical(r["dimension"], categories=[d for d in DIMENSIONS if d in set(r["dimension"])])
    r["system"] = pd.Categorical(r["system"], categories=order_systems_and_oracles(r["system"].astype(str).unique()))
    return r.reset_index(drop=True), missing


def reference_system(P: Params, systems: Sequence[str]) -> str:
    """``P.irt.reference_system`` when present, else ``sft``, else the first trained system."""
    systems = list(systems)
    for cand in (P.irt.reference_system, "sft", *SYSTEMS, *systems):
        if cand in systems:
            return cand
    raise ValueError("no systems in the rating table")


THRESHOLDS_BY = {"rating_scale": None, "partial_credit": "dimension", "by_judge": "judge"}


@timing.timed("IRT fit")
def fit_ratings(ratings: pd.DataFrame, P: Params, reference: str | None = None,
                thresholds: str | None = None) -> irt.RaschFit:
    """Fit θ_{system,dimension} − δ_item − γ_judge [− γ_{judge,dimension}] − τ_k [per dimension or judge].

    ``thresholds`` (default ``P.irt.thresholds``; ``auto`` is resolved by :func:`choose_thresholds`).
    Reliability and separation are reported over the trained systems; the oracles apart.
    """
    thresholds = thresholds or P.irt.thresholds
    if thresholds == "auto":
        return choose_thresholds(ratings, P, reference)[0]
    systems = [str(s) for s in ratings["system"].unique()]
    ref = reference or reference_system(P, systems)
    inter: list[tuple[str, str]] = [("system", "dimension")]
    if P.irt.judge_by_dimension:
        inter.append(("judge", "dimension"))
    facets = ["system", "item"] + (["judge"] if ratings["judge"].nunique() > 1 else [])
    trained = [s for s in systems if s not in ORACLES]
    return irt.fit(ratings, "score", facets, interactions=inter, thresholds_by=THRESHOLDS_BY[thresholds],
                   reference={"system": ref}, max_iter=P.irt.max_iter, tol=P.irt.tol, source="eval/judgments",
                   reliability_over=trained if trained and len(trained) < len(systems) else None,
                   bias_correction=None if P.irt.bias_correction == "none" else P.irt.bias_correction,
                   bias_reps=P.irt.bias_reps, bias_seed=P.run.seed)


@timing.timed("IRT fit")
def choose_thresholds(ratings: pd.DataFrame, P: Params, reference: str | None = None
                      ) -> tuple[irt.RaschFit, pd.DataFrame]:
    """Shared thresholds against one set per judge: both fitted, compared by log-likelihood, parameters,
    AIC and BIC; returns the fit with the lower BIC and the comparison (``attrs["best"]`` names it)."""
    if ratings["judge"].nunique() < 2:
        f = fit_ratings(ratings, P, reference, "rating_scale")
        return f, pd.DataFrame([{"model": "rating_scale", "note": "one judge: nothing to compare"}])
    fits = {name: fit_ratings(ratings, P, reference, name) for name in ("rating_scale", "by_judge")}
    if len({f.n_obs for f in fits.values()}) > 1:
        # a judge that uses one score only carries no information under its own scale, and its ratings
        # leave the per-judge fit: the two likelihoods are then of different data and cannot be compared
        table = pd.DataFrame([{"model": k, "n_obs": f.n_obs, "loglik": f.loglik, "n_params": f.n_params,
                               "note": "not comparable: the per-judge fit drops ratings" if k == "by_judge" else
                               "kept"} for k, f in fits.items()])
        table.attrs["best"] = "rating_scale"
    else:
        table = irt.compare_fits(fits)
    best = fits[table.attrs["best"]]
    best.model["threshold_comparison"] = table.to_dict("records")
    return best, table


# ============================================================================ tables
def threshold_comparison(fit: irt.RaschFit) -> pd.DataFrame:
    """The shared-vs-per-judge threshold comparison recorded by :func:`choose_thresholds` (empty if none)."""
    return pd.DataFrame(fit.model.get("threshold_comparison", []))


def theta_table(fit: irt.RaschFit) -> pd.DataFrame:
    """θ per system and dimension (long), with raw means, SEs, the difference to the reference and flags."""
    t = fit.theta()
    t["system"] = pd.Categorical(t["system"], categories=order_systems_and_oracles(t["system"].unique()))
    t["dimension"] = pd.Categorical(t["dimension"], categories=[d for d in DIMENSIONS if d in set(t["dimension"])])
    return t.sort_values(["system", "dimension"]).reset_index(drop=True)


def difference_table(fit: irt.RaschFit, digits: int = 2) -> pd.DataFrame:
    """The paper's table: θ(system, d) − θ(reference, d) with its SE, systems × dimensions."""
    t = theta_table(fit)
    ref = t.loc[t["flag"].str.contains("reference"), "system"].astype(str)
    t = t[~t["system"].isin(set(ref))]
    cell = t.apply(lambda r: f"{r['relative']:+.{digits}f} ({r['se_relative']:.{digits}f})"
                   + (" *" if "extreme" in r["flag"] else ""), axis=1)
    return (t.assign(cell=cell).pivot(index="system", columns="dimension", values="cell")
            .reindex(columns=[d for d in DIMENSIONS if d in set(t["dimension"])]).dropna(how="all"))


def oracle_check(fit: irt.RaschFit) -> pd.DataFrame:
    """Validity check: on dimension d, reject_d should have the lowest θ of the oracle pseudo-systems.

    It passes only when reject_d is strictly below every other reject and below golden: a tie (judges
    that cannot tell the oracles apart) is no evidence and fails."""
    t = theta_table(fit)
    rows = []
    for d in DIMENSIONS:
        sub = t[t["dimension"] == d].set_index("system")["estimate"]
        rej = sub[[s for s in sub.index if str(s).startswith("reject_")]]
        name = f"reject_{d}"
        if name not in sub.index:
            continue
        rows.append({"dimension": d, "theta(reject_d)": sub[name],
                     "theta(golden)": sub.get("golden", np.nan),
                     "lowest reject": str(rej.idxmin()) if len(rej) else "",
                     "rank among all systems (1 = lowest)": int((sub < sub[name]).sum() + 1),
                     "passes": bool(len(rej) and (rej.drop(name) > sub[name]).all()
                                    and sub.get("golden", -np.inf) > sub[name])})
    return pd.DataFrame(rows)


def expected_score(eta: np.ndarray, thresholds: np.ndarray, categories: Sequence[float]) -> np.ndarray:
    """Expected rating at logit ``eta`` under the rating-scale model (a Facets "fair average")."""
    tau = np.concatenate([[0.0], np.cumsum(thresholds)])
    k = np.arange(len(tau))
    ln = np.multiply.outer(np.atleast_1d(eta), k) - tau
    p = np.exp(ln - ln.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    return p @ np.asarray(categories, float)


def fair_average(fit: irt.RaschFit) -> pd.Series:
    """Each θ_{s,d} as an expected score for an average item and an average judge (rating scale only)."""
    t = theta_table(fit)
    out = {}
    for _, r in t.iterrows():
        key = _threshold_facet(fit, r["dimension"])
        th = fit.facet(key)
        cats = [float(c) for c in fit.model["categories"][_group(fit, r["dimension"])]]
        out[(r["system"], r["dimension"])] = float(expected_score(r["estimate"], th["estimate"].to_numpy(), cats)[0])
    return pd.Series(out)


def _group(fit: irt.RaschFit, dim: str) -> str:
    return "all" if fit.model["thresholds_by"] is None else str(dim)


def _threshold_facet(fit: irt.RaschFit, dim: str) -> str:
    return irt.THRESHOLD if fit.model["thresholds_by"] is None else f"{irt.THRESHOLD}[{dim}]"


# ============================================================================ figures
def _plt():
    """pyplot on the Agg backend unless one is chosen already (figures are saved, not shown)."""
    import matplotlib  # imported when a figure is drawn: the fitting code does not need it

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def plot_wright_map(fit: irt.RaschFit, title: str = "Wright map: systems, items and judges on one logit scale"):
    """Systems (θ per dimension), items (δ histogram), judges (γ) and thresholds on one logit axis."""
    plt = _plt()
    t = theta_table(fit)
    items = fit.facet("item")
    judges = fit.facet("judge") if "judge" in set(fit.estimates["facet"]) else None
    fig, axes = plt.subplots(1, 4, figsize=(13, 6), sharey=True, gridspec_kw={"width_ratios": [3, 1.2, 1.2, 0.9]})
    ax = axes[0]
    systems = list(t["system"].cat.categories)
    for d in t["dimension"].cat.categories:
        sub = t[t["dimension"] == d]
        x = np.array([systems.index(s) for s in sub["system"]]) + (list(DIMENSIONS).index(d) - 1.5) * 0.15
        ax.errorbar(x, sub["estimate"], yerr=1.96 * sub["se"], fmt="o", ms=5, capsize=2,
                    color=DIM_COLOURS.get(d), label=d)
        ext = sub["flag"].str.contains("extreme").to_numpy()
        if ext.any():
            ax.scatter(x[ext], sub["estimate"][ext], marker="^", s=60, facecolors="none", edgecolors="k")
    ax.set_xticks(range(len(systems)), systems, rotation=45, ha="right")
    ax.set_ylabel("logits")
    ax.set_title("systems: θ (95% CI; ^ extreme)")
    ax.legend(title="dimension", fontsize=8, ncol=4, loc="best")
    ax.axhline(0, color="grey", lw=0.5)
    ok = ~items["flag"].str.contains("extreme")
    axes[1].hist(items.loc[ok, "estimate"], bins=min(30, max(5, len(items) // 3)), orientation="horizontal",
                 color="grey")
    axes[1].set_title(f"items: δ (n={len(items)})")
    axes[1].set_xlabel("count")
    if judges is not None:
        axes[2].errorbar(np.zeros(len(judges)), judges["estimate"], yerr=1.96 * judges["se"], fmt="s", capsize=3)
        for name, r in judges.iterrows():
            axes[2].annotate(str(name), (0.05, r["estimate"]), fontsize=8, va="center")
        axes[2].set_xlim(-0.5, 1.5)
    axes[2].set_xticks([])
    axes[2].set_title("judges: severity γ")
    thr = fit.estimates[fit.estimates["facet"].str.startswith(irt.THRESHOLD)]
    axes[3].scatter(np.zeros(len(thr)), thr["estimate"], marker="_", s=300, color="k")
    for _, r in thr.iterrows():
        axes[3].annotate(f"→{r['element']}", (0.1, r["estimate"]), fontsize=8, va="center")
    axes[3].set_xticks([])
    axes[3].set_xlim(-0.5, 1.5)
    axes[3].set_title("thresholds τ")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_raw_vs_theta(fit: irt.RaschFit):
    """Raw mean score against calibrated θ (with 95% CI), one panel per dimension."""
    plt = _plt()
    t = theta_table(fit)
    dims = list(t["dimension"].cat.categories)
    fig, axes = plt.subplots(1, len(dims), figsize=(3.6 * len(dims), 3.6), squeeze=False)
    for ax, d in zip(axes[0], dims):
        sub = t[t["dimension"] == d]
        ax.errorbar(sub["observed_mean"], sub["estimate"], yerr=1.96 * sub["se"], fmt="o", capsize=2,
                    color=DIM_COLOURS.get(d))
        for _, r in sub.iterrows():
            ax.annotate(str(r["system"]), (r["observed_mean"], r["estimate"]), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
        ax.set_title(f"{d}")
        ax.set_xlabel("raw mean score")
    axes[0][0].set_ylabel("calibrated θ (logits)")
    fig.suptitle("Raw mean vs calibrated θ per dimension")
    fig.tight_layout()
    return fig


def plot_judge_severity(fit: irt.RaschFit):
    """Judge severity γ with 95% intervals (positive = harsh), with infit/outfit in the labels."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.5 * max(2, fit.facet_stats.get("judge", {}).get("n", 2))))
    if "judge" not in set(fit.estimates["facet"]):
        ax.text(0.5, 0.5, "one judge only: no judge facet", ha="center")
        return fig
    j = fit.facet("judge")
    y = np.arange(len(j))
    ax.errorbar(j["estimate"], y, xerr=1.96 * j["se"], fmt="s", capsize=4)
    ax.set_yticks(y, [f"{n}  (infit {r['infit']:.2f}, outfit {r['outfit']:.2f})" for n, r in j.iterrows()])
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("severity γ (logits; + = harsh), 95% CI")
    ax.set_title("Judge severity")
    fig.tight_layout()
    return fig


def plot_reference_differences(fit: irt.RaschFit):
    """θ(system, d) − θ(reference, d) with 95% intervals: the paper's "+2.5 trustworthiness" figure."""
    plt = _plt()
    t = theta_table(fit)
    ref = t.loc[t["flag"].str.contains("reference"), "system"].astype(str)
    t = t[~t["system"].isin(set(ref))]
    systems = [s for s in t["system"].cat.categories if s in set(t["system"])]
    dims = list(t["dimension"].cat.categories)
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(systems)), 4))
    w = 0.8 / len(dims)
    for k, d in enumerate(dims):
        sub = t[t["dimension"] == d].set_index("system").reindex(systems)
        x = np.arange(len(systems)) + (k - (len(dims) - 1) / 2) * w
        ax.bar(x, sub["relative"], width=w, yerr=1.96 * sub["se_relative"], capsize=2,
               color=DIM_COLOURS.get(d), label=d)
    ax.axhline(0, color="k", lw=0.7)
    ax.set_xticks(range(len(systems)), systems, rotation=30, ha="right")
    ax.set_ylabel(f"θ − θ({ref.iloc[0] if len(ref) else 'reference'}) (logits), 95% CI")
    ax.set_title("Calibrated difference to the reference system, per dimension")
    ax.legend(title="dimension", ncol=len(dims), fontsize=8)
    fig.tight_layout()
    return fig


# ============================================================================ bias demo
@dataclass
class BiasDemo:
    """Simulated biased judges: raw means vs calibrated θ against the truth."""

    table: pd.DataFrame  # per system: true θ, raw mean, fair average, calibrated θ, ranks, share rated by each judge
    judges: pd.DataFrame  # per judge: true and estimated severity
    tau_raw: float
    tau_calibrated: float
    fit: irt.RaschFit
    ratings: pd.DataFrame
    text: str


def bias_demo(systems: Sequence[str] = SYSTEMS, gap: float = 0.3,
              severities: Sequence[float] = (-1.5, 0.0, 1.5),
              judge_names: Sequence[str] = ("lenient", "neutral", "harsh"),
              n_items: int = 60, seed: int = 0) -> BiasDemo:
    """Raw means rank systems wrongly when harsh judges rate the better systems more often; MFRM does not.

    True θ rises by ``gap`` logits per system in ``systems`` order (the same on every dimension, plus a
    per-dimension offset). The lenient judge rates the weak systems most, the harsh judge the strong
    ones (an unbalanced assignment, as when judges are allotted unevenly or some systems are rated by a
    stricter model). Each response is rated on all four dimensions by one to three judges.
    """
    S, J = len(systems), len(severities)
    base = gap * (np.arange(S) - (S - 1) / 2)
    dim_offset = np.array([0.3, -0.2, 0.1, -0.2])
    theta = base[:, None] + dim_offset[None, :]
    r = np.arange(S) / max(S - 1, 1)
    A = np.zeros((S, J))
    A[:, 0] = 0.9 - 0.8 * r  # lenient: mostly the weak systems
    A[:, -1] = 0.1 + 0.8 * r  # harsh: mostly the strong systems
    if J > 2:
        A[:, 1:-1] = 0.25
    df, truth = irt.simulate(systems=list(systems), n_items=n_items, n_judges=J, theta=theta,
                             judge_severity=list(severities), judge_assignment=A, seed=seed)
    names = dict(zip([f"j{k}" for k in range(J)], judge_names))
    df["judge"] = df["judge"].map(names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", irt.IRTWarning)
        fit = irt.fit(df, "score", ["system", "item", "judge"], interactions=[("system", "dimension")],
                      reference={"system": systems[1] if S > 1 else systems[0]})
    t = theta_table(fit)
    cal = t.groupby("system", observed=True)["estimate"].mean().reindex(systems)
    fair = fair_average(fit).groupby(level=0).mean().reindex(systems)
    raw = df.groupby("system")["score"].mean().reindex(systems)
    share = (df.groupby(["system", "judge"]).size().unstack(fill_value=0)
             .pipe(lambda m: m.div(m.sum(axis=1), axis=0)).reindex(index=systems, columns=list(judge_names)))
    true = pd.Series(theta.mean(1), index=systems)
    tab = pd.DataFrame({"true θ": true, "raw mean": raw, "fair average": fair, "calibrated θ": cal,
                        "rank true": true.rank(ascending=False).astype(int),
                        "rank raw": raw.rank(ascending=False, method="min").astype(int),
                        "rank calibrated": cal.rank(ascending=False, method="min").astype(int)})
    for jn in judge_names:
        tab[f"share {jn}"] = share[jn]
    tau_raw = float(kendalltau(true, raw).statistic)
    tau_cal = float(kendalltau(true, cal).statistic)
    jest = fit.facet("judge").reindex(list(judge_names))
    jt = pd.DataFrame({"true severity": np.asarray(severities) - np.mean(severities),
                       "estimated": jest["estimate"].to_numpy(), "se": jest["se"].to_numpy()},
                      index=list(judge_names))
    text = _demo_text(systems, gap, judge_names, tab, jt, raw, cal, tau_raw, tau_cal)
    return BiasDemo(tab, jt, tau_raw, tau_cal, fit, df, text)


def _demo_text(systems: Sequence[str], gap: float, judge_names: Sequence[str], tab: pd.DataFrame,
               jt: pd.DataFrame, raw: pd.Series, cal: pd.Series, tau_raw: float, tau_cal: float) -> str:
    """The bias demo's findings in words: rank agreement, recovered severities, the removed penalty and bonus."""
    best, worst = systems[-1], systems[0]
    return (
        f"Truth: {' < '.join(systems)} (θ rises {gap:.2f} logits per step). "
        f"Raw means give Kendall τ = {tau_raw:+.2f} with the true order "
        f"(raw: {' > '.join(raw.sort_values(ascending=False).index)}); "
        f"the calibrated θ give τ = {tau_cal:+.2f} "
        f"(calibrated: {' > '.join(cal.sort_values(ascending=False).index)}). "
        f"The judges' severities were recovered as "
        + ", ".join(f"{n} {r['estimated']:+.2f} ± {1.96 * r['se']:.2f} (true {r['true severity']:+.2f})"
                    for n, r in jt.iterrows())
        + f" logits. Calibration removed a harshness penalty of "
        f"{tab.loc[best, 'fair average'] - tab.loc[best, 'raw mean']:.2f} score points from {best} (raw mean "
        f"{tab.loc[best, 'raw mean']:.2f} -> fair average {tab.loc[best, 'fair average']:.2f}; "
        f"{100 * tab.loc[best, f'share {judge_names[-1]}']:.0f}% of its ratings came from the {judge_names[-1]} "
        f"judge) and a leniency bonus of {tab.loc[worst, 'raw mean'] - tab.loc[worst, 'fair average']:.2f} from "
        f"{worst} ({tab.loc[worst, 'raw mean']:.2f} -> {tab.loc[worst, 'fair average']:.2f}; "
        f"{100 * tab.loc[worst, f'share {judge_names[0]}']:.0f}% from the {judge_names[0]} judge)."
    )


def plot_bias_demo(demo: BiasDemo):
    """Raw means and calibrated θ against the true θ, systems labelled."""
    plt = _plt()
    t = demo.table
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, col, lab, tau in ((axes[0], "raw mean", "raw mean score", demo.tau_raw),
                              (axes[1], "calibrated θ", "calibrated θ (logits)", demo.tau_calibrated)):
        ax.plot(t["true θ"], t[col], "o-", color="tab:red" if tau < 0.99 else "tab:green")
        for s, r in t.iterrows():
            ax.annotate(str(s), (r["true θ"], r[col]), fontsize=8, xytext=(3, 3), textcoords="offset points")
        ax.set_xlabel("true θ (logits)")
        ax.set_ylabel(lab)
        ax.set_title(f"{col}: Kendall τ with truth = {tau:+.2f}")
    fig.suptitle("Bias demo: a harsh judge rates the better systems more often")
    fig.tight_layout()
    return fig


def run_summary(fit: irt.RaschFit, missing: pd.DataFrame) -> dict[str, Any]:
    """Numbers for the notebook's closing markdown and the runner's manifest.

    θ reliability and separation are over the trained systems; over the oracles they are reported apart
    (the oracles spread θ widely and would inflate both)."""
    st = fit.facet_stats
    over = getattr(fit, "reliability_over", None)
    sub = over["subset"] if over else st.get(THETA, {})
    return {"loglik": fit.loglik, "n_ratings": fit.n_obs, "n_params": fit.n_params, "converged": fit.converged,
            "thresholds": fit.model.get("thresholds_by") or "shared",
            "theta_reliability_trained": sub.get("reliability", math.nan),
            "theta_separation_trained": sub.get("separation", math.nan),
            "theta_reliability_oracles": over["others"].get("reliability", math.nan) if over else math.nan,
            "theta_reliability_all": st[THETA]["reliability"] if THETA in st else math.nan,
            "bias_scale": fit.model.get("bias_correction", {}).get("scale", math.nan),
            "judge_separation": st.get("judge", {}).get("separation", math.nan),
            "missing_judgments": int(missing["n"].sum()) if len(missing) else 0}
