"""Notebook 01's figures: rows per mask combination, rows per dimension, golden vs reject lengths."""
from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from dpeer_lib.core.params import DIMENSION_NAMES, DIMENSIONS
from dpeer_lib.data.schema import all_masks

SPLIT_NAMES = ("train", "test")


def mask_counts(stats: dict[str, Any]) -> pd.DataFrame:
    """Rows per mask (index, in :func:`all_masks` order) and split (columns), from the report's stats."""
    masks = ["+".join(m) for m in all_masks()]
    return pd.DataFrame({s: [stats[s]["per_mask"].get(m, 0) for m in masks] for s in SPLIT_NAMES}, index=masks)


def plot_mask_combinations(counts: pd.DataFrame) -> Figure:
    """Bars of rows per mask and split, over an UpSet-style matrix of each mask's active dimensions."""
    masks = list(counts.index)
    fig, (ax, axm) = plt.subplots(2, 1, figsize=(10, 5.5), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    x = range(len(masks))
    ax.bar([i - 0.2 for i in x], counts["train"], width=0.4, label="train")
    ax.bar([i + 0.2 for i in x], counts["test"], width=0.4, label="test")
    ax.set_ylabel("rows")
    ax.set_title("Rows per mask combination")
    ax.set_ylim(0, counts.values.max() * 1.2)
    ax.legend(ncol=2, loc="upper center")
    for i, m in enumerate(all_masks()):  # UpSet-style membership matrix
        for j, d in enumerate(DIMENSIONS):
            axm.scatter(i, j, s=60, color="black" if d in m else "lightgrey")
    axm.set_yticks(range(4), [f"{d} ({DIMENSION_NAMES[d]})" for d in DIMENSIONS])
    axm.set_xticks(list(x), masks, rotation=45)
    axm.set_xlabel("mask (dots: its active dimensions)")
    axm.invert_yaxis()
    return fig


def dimension_counts(stats: dict[str, Any]) -> pd.DataFrame:
    """Rows where each dimension is active (index) per split (columns), from the report's stats."""
    return pd.DataFrame({s: stats[s]["per_dimension"] for s in SPLIT_NAMES})


def plot_rows_per_dimension(per_dim: pd.DataFrame) -> Figure:
    """Bars of rows per dimension and split."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    per_dim.plot.bar(ax=ax, rot=0)
    ax.set_ylim(0, per_dim.values.max() * 1.2)
    ax.legend(ncol=2, loc="upper center")
    ax.set_xticklabels([f"{d}\n{DIMENSION_NAMES[d]}" for d in per_dim.index])
    ax.set_ylabel("rows where the dimension is active")
    ax.set_title("Rows per dimension")
    return fig


def plot_length_distributions(lengths: pd.DataFrame, unit: str) -> Figure:
    """Per dimension, histograms of golden and reject lengths (``lengths``: rows of ``length_table``)."""
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.2), sharey=True)
    for ax, d in zip(axes, DIMENSIONS):
        sub = lengths[lengths.dimension == d]
        if len(sub):
            bins = 20
            ax.hist(sub.golden_len, bins=bins, alpha=0.55, label="golden")
            ax.hist(sub.reject_len, bins=bins, alpha=0.55, label=f"reject_{d}")
        ax.set_title(f"{d}: {DIMENSION_NAMES[d]}")
        ax.set_xlabel(f"length ({unit})")
        ax.legend(fontsize=8)
    axes[0].set_ylabel("rows")
    fig.suptitle("Golden vs reject length by dimension", y=1.03)
    return fig
