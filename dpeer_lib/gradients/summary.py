"""The closing note of notebook 04, worded from the computed numbers only."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dpeer_lib.core.params import Params
from dpeer_lib.gradients.measure import analysed_dims, dimension_pairs
from dpeer_lib.gradients.toy import QuadraticToy, ToySolution


def _cosine_lines(table: pd.DataFrame, dims: list[str]) -> list[str]:
    """What the uniform-weight rows say: points, negative cosines, the shared/specific split, cancellation."""
    lines: list[str] = []
    pairs = dimension_pairs(dims)
    uni = table[table.weighting == "uniform"]
    cos = uni[[f"cos_{a}_{b}" for a, b in pairs]].to_numpy()
    n_ck = len(uni)
    neg_share = float((cos < 0).mean())
    lines.append(f"**Measured on {n_ck} analysed points** ({', '.join(sorted(uni.method.unique()))}), "
                 f"{int(uni[[f'rows_{d}' for d in dims]].iloc[0].sum())} (row, dimension) pairs in one fixed "
                 f"analysis batch, {int(uni.n_params.iloc[0]):,} analysed parameters.")
    per_pair = {f"{a}–{b}": float((uni[f"cos_{a}_{b}"] < 0).mean()) for a, b in pairs}
    worst = sorted(per_pair.items(), key=lambda kv: -kv[1])
    lines.append(f"- Share of negative pairwise cosines over all points and pairs: **{neg_share:.0%}** "
                 f"(range of cosines {np.nanmin(cos):+.2f} … {np.nanmax(cos):+.2f}). Pairs most often negative: "
                 + ", ".join(f"{k} {v:.0%}" for k, v in worst[:3]) + ".")
    sh = uni[[f"cos_shared_{a}_{b}" for a, b in pairs]].to_numpy()
    sp = uni[[f"cos_specific_{a}_{b}" for a, b in pairs]].to_numpy()
    within = uni[[f"cos_shared_specific_{d}" for d in dims]].to_numpy()
    lines.append(f"- Split: mean pairwise cosine of the shared (golden) parts {np.nanmean(sh):+.2f}, of the "
                 f"reject-specific parts {np.nanmean(sp):+.2f}, of the full gradients {np.nanmean(cos):+.2f}; "
                 f"within a dimension, cos(s_d, p_d) averages {np.nanmean(within):+.2f}. "
                 + ("The shared parts are the more aligned of the two here."
                    if np.nanmean(sh) > np.nanmean(sp) else
                    "The shared parts are not more aligned than the reject-specific parts here."))
    cr = uni.cancellation_ratio.to_numpy()
    lines.append(f"- Cancellation ratio with uniform weights: {np.nanmin(cr):.3f} … {np.nanmax(cr):.3f} "
                 f"(median {np.nanmedian(cr):.3f}).")
    return lines


def _weighting_lines(table: pd.DataFrame, dims: list[str]) -> list[str]:
    """Lag-DPO's weights against uniform ones, and where first-order progress is negative."""
    lines: list[str] = []
    if (table.weighting == "lagdpo").any():
        both = table[table.weighting.isin(["uniform", "lagdpo"])].pivot_table(
            index=["method", "step"], columns="weighting", values="cancellation_ratio")
        both = both.dropna()
        lagw = table[table.weighting == "lagdpo"][[f"w_{d}" for d in dims]].to_numpy()
        spread = float(np.abs(lagw - 1.0 / len(dims)).max())
        if spread < 1e-9:
            lines.append("- Lag-DPO's logged weights stayed uniform (λ = 0) at every analysed step, so the two "
                         "weightings coincide here.")
        else:
            lower = int((both["lagdpo"] < both["uniform"]).sum())
            lines.append(f"- Lag-DPO's logged weights (up to {spread:.3f} away from 1/K) give a lower cancellation "
                         f"ratio than uniform weights at **{lower} of {len(both)}** points (mean difference "
                         f"{float((both['lagdpo'] - both['uniform']).mean()):+.4f}).")
    for wname in ("uniform", "lagdpo"):
        part = table[table.weighting == wname]
        if part.empty:
            continue
        negs = [(r.method, int(r.step), d) for r in part.itertuples() for d in dims
                if getattr(r, f"progress_{d}") < 0]
        if negs:
            lines.append(f"- With {wname} weights, first-order progress is negative (the dimension is being "
                         f"un-learned by the combined step) at {len(negs)} of {len(part) * len(dims)} "
                         f"(point, dimension) cells: " + ", ".join(f"{m}@{s}:{d}" for m, s, d in negs[:8])
                         + (" …" if len(negs) > 8 else "") + ".")
        else:
            lines.append(f"- With {wname} weights, every dimension's first-order progress is positive at every "
                         f"analysed point: no dimension is un-learned by the combined step on this batch.")
    return lines


def _dynamics_lines(dyn: pd.DataFrame, P: Params) -> list[str]:
    """Steps to target per compared method, and which reaches every target first."""
    lines: list[str] = []
    gs = P.gradients
    cmp = [m for m in ("mo_dpo_fixed", "lagdpo") if m in dyn.index]
    rel = "≥" if gs.target_metric == "acc" else "≤"
    tgt = ", ".join(f"{d} {rel} {v:g}" for d, v in gs.targets.items())
    lines.append(f"- Steps to target (training {gs.target_metric} from metrics.jsonl, trailing mean over "
                 f"{gs.target_window} logged step(s); targets {tgt}; 'all' = every dimension at once):")
    for m in cmp:
        r = dyn.loc[m]
        lines.append(f"    - {m}: " + ", ".join(f"{c} {'never' if math.isnan(r[c]) else int(r[c])}"
                                                 for c in [*gs.targets, 'all']) + f" (of {int(r['last_step'])} steps)")
    sub = dyn.loc[cmp, "all"].dropna() if cmp else []
    if len(cmp) == 2 and len(sub) == 2 and sub.iloc[0] != sub.iloc[1]:
        lines.append(f"    - **{sub.idxmin()}** reaches every target first.")
    elif len(cmp) == 2 and len(sub) == 2:
        lines.append("    - Both reach every target at the same logged step: no difference at this resolution.")
    elif len(sub) == 1:
        lines.append(f"    - Only **{sub.index[0]}** reaches every target within the run.")
    elif len(cmp) == 2:
        lines.append("    - Neither method reaches every target within the run: the comparison is undecided.")
    return lines


def _toy_line(toy: QuadraticToy, sol: ToySolution, naive: pd.DataFrame, lag: pd.DataFrame) -> str:
    """The toy in one sentence: the equal-weight spread against the Lagrangian's, and its distance to θ*."""
    gap_n = float(naive[[f"f_{n}" for n in toy.names]].iloc[-1].pipe(lambda s: s.max() - s.min()))
    gap_l = float(lag[[f"f_{n}" for n in toy.names]].iloc[-1].pipe(lambda s: s.max() - s.min()))
    dist = float(np.linalg.norm(lag[["x", "y"]].iloc[-1].to_numpy() - sol.theta))
    worst = toy.names[int(np.argmax(sol.unconstrained_losses))]
    return (f"- Toy ({len(toy.h)} quadratics in 2-D, ε = {toy.epsilon}): equal weights end with a loss spread of "
            f"{gap_n:.3f} (> ε; f_{worst} rose by {naive[f'f_{worst}'].iloc[-1] - naive[f'f_{worst}'].min():.3f} "
            f"above its best value along the way, i.e. was un-learned), the Lagrangian ends with {gap_l:.3f} "
            f"and lies {dist:.1e} from the closed-form optimum (λ*_{sol.active[0]}>{sol.active[1]} = "
            f"{sol.lam[f'{sol.active[0]}>{sol.active[1]}']:.4f}).")


def _caveats(P: Params) -> str:
    """What the measurements do and do not support (the model and data named from the parameters)."""
    return ("**What this does and does not support.** These are first-order measurements of the per-dimension "
            f"DPO gradients of a {P.model.source} model with "
            f"{'LoRA' if P.model.lora.enabled else 'full'} training on one small analysis batch of "
            f"{P.data.source}, at a handful of checkpoints of a short run. They are not the paper's setting "
            "(a 7–8B model on the real PersonaKnob) and do not test its claims there. Progress is measured "
            "for a plain gradient step, while training uses Adam, whose preconditioning changes the actual "
            "update. At step 0 a fresh LoRA adapter has B = 0, so only the B matrices have a gradient: the "
            "start cosines are those of a random projection of the full-weight gradients. A cancellation "
            "ratio near 1 is also what any converged weighted sum shows (its gradient vanishes), so it "
            "signals conflict only away from a stationary point. Training accuracies come from small "
            "batches and are noisy; steps-to-target are only as fine as the logging interval.")


def summarize(table: pd.DataFrame | None, dyn: pd.DataFrame | None, toy: QuadraticToy, sol: ToySolution,
              naive: pd.DataFrame, lag: pd.DataFrame, P: Params, seconds: float | None = None) -> str:
    """The notebook's closing note, as Markdown, built from the computed numbers only."""
    dims = analysed_dims(table) if table is not None and len(table) else []
    if dims:
        lines = _cosine_lines(table, dims) + _weighting_lines(table, dims)
    else:
        lines = ["- No checkpoint was analysed (no DPO method trained in this run)."]
    if dyn is not None and len(dyn):
        lines += _dynamics_lines(dyn, P)
    lines.append(_toy_line(toy, sol, naive, lag))
    if seconds is not None:
        lines.append(f"- Gradient analysis wall time: {seconds:.0f} s.")
    lines.append("")
    lines.append(_caveats(P))
    return "\n".join(lines)
