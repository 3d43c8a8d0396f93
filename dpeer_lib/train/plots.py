"""The figures of notebooks 02 (SFT loss) and 03 (per-dimension curves, λ and weights, held-out selection)."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
import numpy as np
import pandas as pd

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.core.paths import DPO_METHODS

LOG2 = math.log(2.0)
COLORS = {"A": "tab:red", "T": "tab:blue", "E": "tab:green", "C": "tab:purple"}


def plot_sft_loss(curve: pd.DataFrame) -> Figure:
    """The SFT completion cross-entropy per logging step and, when logged, the top-1 token accuracy."""
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    ax.plot(curve["step"], curve["loss"], marker="o", lw=1.5, label="loss")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("completion cross-entropy")
    if "mean_token_accuracy" in curve:
        ax2 = ax.twinx()
        ax2.plot(curve["step"], curve["mean_token_accuracy"], color="tab:orange", ls="--", label="top-1 token accuracy")
        ax2.set_ylabel("top-1 token accuracy", color="tab:orange")
    ax.set_title("SFT on the golden responses")
    return fig


def _smooth(y: pd.Series, window: int) -> pd.Series:
    return y.rolling(window, min_periods=1).mean() if window > 1 else y


def plot_dimension_curves(df: pd.DataFrame, window: int = 3) -> Figure:
    """3 × n_methods grid: per-dimension loss, margin and accuracy over steps (faint raw, bold rolling mean)."""
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


def plot_dual(lam: pd.DataFrame, wts: pd.DataFrame) -> Figure:
    """λ trajectories of Lag-DPO (left) and the weights w_d of both Lagrangian methods (right)."""
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


def plot_selection(sel: pd.DataFrame) -> Figure:
    """Grouped bars: held-out reward and likelihood selection accuracy per system and dimension."""
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
