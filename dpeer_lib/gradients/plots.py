"""The figures of notebook 04, drawn from the analysis table (:func:`dpeer_lib.gradients.measure.gram_record` rows),
the training metrics and the toy."""
from __future__ import annotations

import itertools
from typing import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
import numpy as np
import pandas as pd

from dpeer_lib.gradients.dynamics import smoothed
from dpeer_lib.gradients.measure import analysed_dims, dimension_pairs
from dpeer_lib.gradients.toy import QuadraticToy, ToySolution


def cosine_matrix(table: pd.DataFrame, method: str, step: int, dims: Sequence[str] | None = None, which: str = "") -> np.ndarray:
    """The cosine matrix of one analysed checkpoint from the CSV table (``which``: "", "shared_", "specific_")."""
    dims = list(dims or analysed_dims(table))
    row = table[(table.method == method) & (table.step == step)].iloc[0]
    M = np.eye(len(dims))
    for (i, a), (j, b) in itertools.combinations(enumerate(dims), 2):
        M[i, j] = M[j, i] = row[f"cos_{which}{a}_{b}"]
    return M


def _series(table: pd.DataFrame, method: str, weighting: str):
    """Rows of one method and weighting over training, with the shared step-0 row prepended."""
    part = table[(table.method == method) & (table.weighting == weighting)]
    start = table[(table.method == "start") & (table.weighting == weighting)]
    return pd.concat([start, part]).sort_values("step")


def plot_cosine_heatmaps(table: pd.DataFrame) -> Figure:
    """Cosine matrices of the g_d: at the start and at each method's last analysed checkpoint."""
    dims = analysed_dims(table)
    panels = []
    if (table.method == "start").any():
        panels.append(("start (SFT, step 0)", "start", 0))
    for m in [m for m in table.method.unique() if m != "start"]:
        last = int(table[table.method == m].step.max())
        panels.append((f"{m}, step {last}", m, last))
    fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.0), squeeze=False)
    for ax, (title, m, s) in zip(axes[0], panels):
        M = cosine_matrix(table, m, s, dims)
        im = ax.imshow(M, vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set_xticks(range(len(dims)), dims)
        ax.set_yticks(range(len(dims)), dims)
        for i in range(len(dims)):
            for j in range(len(dims)):
                ax.text(j, i, f"{M[i, j]:.2f}", ha="center", va="center", fontsize=8)
        ax.set_title(title, fontsize=9)
    fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8, label="cos(g_i, g_j)")
    return fig


def plot_cancellation(table: pd.DataFrame) -> Figure:
    """The cancellation ratio over training: one panel per weighting, one line per method."""
    weightings = [w for w in ("uniform", "lagdpo", "pooled") if (table.weighting == w).any()]
    methods = [m for m in table.method.unique() if m != "start"]
    fig, axes = plt.subplots(1, len(weightings), figsize=(3.6 * len(weightings), 3.2), squeeze=False, sharey=True)
    for ax, wname in zip(axes[0], weightings):
        for k, m in enumerate(methods):
            s = _series(table, m, wname)
            ax.plot(s.step, s.cancellation_ratio, marker="o", ls="-" if k % 2 == 0 else "--", color=f"C{k}", label=m)
        ax.set_title(f"{wname} weights", fontsize=9)
        ax.set_xlabel("optimizer step (checkpoint)")
    axes[0][0].set_ylabel("1 − ‖Σ w g‖ / Σ w ‖g‖")
    axes[0][0].legend(fontsize=7)
    fig.suptitle("Gradient cancellation on the analysis batch", fontsize=10)
    return fig


def plot_progress(table: pd.DataFrame, weightings: Sequence[str] = ("uniform", "lagdpo")) -> Figure:
    """Per-dimension first-order progress ⟨g_d, Σ w g⟩ over training; un-learned points (< 0) marked ×."""
    dims = analysed_dims(table)
    methods = [m for m in table.method.unique() if m != "start"]
    weightings = [w for w in weightings if (table.weighting == w).any()]
    fig, axes = plt.subplots(len(weightings), len(methods), figsize=(3.6 * len(methods), 2.9 * len(weightings)),
                             squeeze=False, sharex=True)
    for r, wname in enumerate(weightings):
        for c, m in enumerate(methods):
            ax = axes[r][c]
            s = _series(table, m, wname)
            for k, d in enumerate(dims):
                v = s[f"progress_{d}"].to_numpy()
                ax.plot(s.step, v, marker="o", ms=3, color=f"C{k}", label=d)
                neg = v < 0
                ax.scatter(s.step[neg], v[neg], marker="x", s=60, color="red", zorder=5)
            ax.axhline(0, color="k", lw=0.6)
            ax.set_yscale("symlog", linthresh=max(1e-6, float(np.nanmax(np.abs(
                s[[f"progress_{d}" for d in dims]].to_numpy()))) * 1e-2))
            ax.set_title(f"{m} · {wname} weights", fontsize=9)
            if c == 0:
                ax.set_ylabel("⟨g_d, Σ w g⟩  (< 0: un-learning)", fontsize=8)
            if r == len(weightings) - 1:
                ax.set_xlabel("step")
    axes[0][0].legend(fontsize=7)
    return fig


def plot_split(table: pd.DataFrame) -> Figure:
    """Shared (via golden) vs specific (via reject) parts: mean pairwise cosine among each, and the
    ratio of their norms, over training (uniform-weight rows; these do not depend on the weighting)."""
    dims = analysed_dims(table)
    pairs = dimension_pairs(dims)
    methods = [m for m in table.method.unique() if m != "start"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    for k, m in enumerate(methods):
        s = _series(table, m, "uniform")
        for which, ls in (("", "-"), ("shared_", "--"), ("specific_", ":")):
            mean_cos = s[[f"cos_{which}{a}_{b}" for a, b in pairs]].mean(axis=1)
            ax_label = {"": "g", "shared_": "shared", "specific_": "specific"}[which]
            axes[0].plot(s.step, mean_cos, ls, marker="o", ms=3, color=f"C{k}", label=f"{m} · {ax_label}")
        ratio = np.mean([s[f"norm_shared_{d}"] / s[f"norm_specific_{d}"] for d in dims], axis=0)
        cross = s[[f"cos_shared_specific_{d}" for d in dims]].mean(axis=1)
        axes[1].plot(s.step, ratio, marker="o", ms=3, color=f"C{k}", label=f"{m} · ‖s‖/‖p‖")
        axes[1].plot(s.step, cross, "--", marker="s", ms=3, color=f"C{k}", label=f"{m} · cos(s_d, p_d)")
    axes[0].axhline(0, color="k", lw=0.6)
    axes[0].set_title("mean pairwise cosine: g, shared parts, specific parts", fontsize=9)
    axes[1].axhline(0, color="k", lw=0.6)
    axes[1].set_title("per dimension (mean over d): norm ratio and within-d cosine", fontsize=9)
    for ax in axes:
        ax.set_xlabel("step")
        ax.legend(fontsize=6, ncol=2)
    return fig


def plot_dynamics(metrics: dict[str, pd.DataFrame], targets: dict[str, float], metric: str = "acc", window: int = 1,
                  methods: Sequence[str] = ("mo_dpo_fixed", "lagdpo")) -> Figure:
    """Training ``acc_d`` (or ``loss_d``) per dimension for the compared methods, with the targets."""
    dims = [d for d in targets if any(f"{metric}_{d}" in m.columns for m in metrics.values())]
    fig, axes = plt.subplots(1, len(dims), figsize=(3.2 * len(dims), 2.8), squeeze=False, sharey=True, sharex=True)
    for ax, d in zip(axes[0], dims):
        for k, m in enumerate([m for m in methods if m in metrics]):
            df = metrics[m]
            if f"{metric}_{d}" not in df.columns:
                continue
            v = smoothed(df, f"{metric}_{d}", window)
            logged = df[f"{metric}_{d}"].notna().to_numpy()
            ax.plot(df.step, v, color=f"C{k}", ls="-" if k % 2 == 0 else "--", drawstyle="steps-post", label=m)
            ax.plot(df.step[logged], v[logged], "o", ms=3, color=f"C{k}")
        ax.axhline(targets[d], color="k", ls="--", lw=0.8)
        ax.set_title(f"{d}: {metric} (trailing mean {window})", fontsize=9)
        ax.set_xlabel("step")
    axes[0][0].legend(fontsize=7)
    return fig


def plot_toy(toy: QuadraticToy, sol: ToySolution, naive: pd.DataFrame, lag: pd.DataFrame) -> Figure:
    """The toy: both trajectories over the level sets, and each objective's loss along them."""
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    pts = np.vstack([toy.a, naive[["x", "y"]].to_numpy(), lag[["x", "y"]].to_numpy()])
    lo, hi = pts.min(0) - 0.5, pts.max(0) + 0.5
    xs, ys = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    grid = np.stack([xs.ravel(), ys.ravel()], 1)
    F_ = np.stack([toy.losses(p) for p in grid]).reshape(xs.shape + (len(toy.h),))
    ax = axes[0]
    ax.contour(xs, ys, F_.mean(-1), levels=15, colors="0.8", linewidths=0.6)
    ax.contourf(xs, ys, (F_.max(-1) - F_.min(-1)) <= toy.epsilon, levels=[0.5, 1.5], colors=["#d8f0d8"])
    for k, n in enumerate(toy.names):
        ax.plot(*toy.a[k], "^", color=f"C{k + 2}", ms=9)
        ax.annotate(f"argmin f_{n}", toy.a[k], textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.plot(naive.x, naive.y, "-", color="C0", label="equal weights")
    ax.plot(lag.x, lag.y, "-", color="C1", label="Lagrangian (pairwise gap)")
    ax.plot(*sol.unconstrained_theta, "o", mfc="none", mec="C0", ms=11, label="closed form, unconstrained")
    ax.plot(*sol.theta, "*", color="C1", ms=13, label="closed form, constrained")
    ax.set_title("trajectories (green: |f_i − f_j| ≤ ε for all pairs)", fontsize=9)
    ax.legend(fontsize=7, loc="best")
    for ax, df, title in ((axes[1], naive, "equal weights"), (axes[2], lag, "Lagrangian")):
        for k, n in enumerate(toy.names):
            ax.plot(df.step, df[f"f_{n}"], color=f"C{k + 2}", label=f"f_{n}")
        for k, n in enumerate(toy.names):
            target = sol.unconstrained_losses[k] if df is naive else sol.losses[k]
            ax.axhline(target, color=f"C{k + 2}", ls=":", lw=0.8)
        ax.set_xscale("symlog", linthresh=10)
        ax.set_xlim(left=0)
        ax.set_title(f"{title}: losses (dotted: closed form)", fontsize=9)
        ax.set_xlabel("step")
        ax.legend(fontsize=7)
    return fig
