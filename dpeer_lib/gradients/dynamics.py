"""Training dynamics from the trainers' ``metrics.jsonl``: steps to a stated per-dimension target (DESIGN §4)."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.train.common import read_metrics


def metrics_frame(path: str | Path) -> pd.DataFrame:
    """A trainer's ``metrics.jsonl`` as a DataFrame sorted by step; ``lambda`` stays a dict column.

    Unlike :func:`dpeer_lib.train.common.read_metrics`, a missing or empty file is an error here: the
    analysis needs the training it describes.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: metrics file not found; has the training notebook run?")
    recs = read_metrics(path)
    if not recs:
        raise ValueError(f"{path}: no records")
    return pd.DataFrame(recs).sort_values("step", kind="stable").reset_index(drop=True)


def logged_weights(metrics: pd.DataFrame, step: int, dims: Sequence[str] = DIMENSIONS) -> tuple[int, dict[str, float]] | None:
    """Lag-DPO's logged weights at the logged step nearest ``step`` (ties go to the earlier step).

    Returns ``(logged_step, {d: w_d})`` or None when the metrics carry no ``weight_*`` columns."""
    cols = [f"weight_{d}" for d in dims if f"weight_{d}" in metrics.columns]
    if not cols:
        return None
    m = metrics.dropna(subset=cols, how="all")
    if m.empty:
        return None
    k = int((m["step"] - step).abs().to_numpy().argmin())
    row = m.iloc[k]
    return int(row["step"]), {c.split("_", 1)[1]: float(row[c]) for c in cols if not math.isnan(row[c])}


def smoothed(metrics: pd.DataFrame, col: str, window: int = 1) -> np.ndarray:
    """``col`` per logged step: the trailing mean of its last ``window`` logged values, carried forward
    over steps where it was not logged (a batch without rows of that dimension)."""
    obs = metrics[col].astype(float).dropna()
    return obs.rolling(window, min_periods=1).mean().reindex(metrics.index).ffill().to_numpy()


def steps_to_target(
    metrics: pd.DataFrame, targets: dict[str, float], metric: str = "acc", window: int = 1
) -> dict[str, float]:
    """First logged step at which each dimension meets its target, and ``"all"``: the first step at which
    every targeted dimension meets it at the same time. ``metric="acc"``: ``acc_d ≥ target``;
    ``metric="loss"``: ``loss_d ≤ target``. Values are a trailing mean over the last ``window`` logged
    values of the dimension; a step whose batch had no row of d (not logged) carries d's latest value.
    NaN = never reached (or the dimension was never logged)."""
    if metric not in ("acc", "loss"):
        raise ValueError(f"metric must be 'acc' or 'loss', got {metric!r}")
    if window < 1:
        raise ValueError(f"window must be ≥ 1, got {window}")
    steps = metrics["step"].to_numpy()
    ok_all = np.ones(len(metrics), dtype=bool)
    out: dict[str, float] = {}
    for d, t in targets.items():
        col = f"{metric}_{d}"
        if col not in metrics.columns:
            out[d] = float("nan")
            ok_all[:] = False
            continue
        v = smoothed(metrics, col, window)
        ok = (v >= t) if metric == "acc" else (v <= t)
        ok &= ~np.isnan(v)
        out[d] = float(steps[ok.argmax()]) if ok.any() else float("nan")
        ok_all &= ok
    out["all"] = float(steps[ok_all.argmax()]) if ok_all.any() and targets else float("nan")
    return out


def dynamics_table(
    metrics_by_method: dict[str, pd.DataFrame], targets: dict[str, float], metric: str = "acc", window: int = 1
) -> pd.DataFrame:
    """Steps-to-target per method (rows) and dimension (columns, plus ``all``), and ``first`` naming the
    method that reaches every target soonest (None if no method does)."""
    rows = []
    for method, m in metrics_by_method.items():
        rec = {"method": method, **steps_to_target(m, targets, metric, window)}
        rec["last_step"] = int(m["step"].max())
        rows.append(rec)
    df = pd.DataFrame(rows).set_index("method")
    reached = df["all"].dropna()
    df.attrs["first"] = None if reached.empty else str(reached.idxmin())
    df.attrs["tie"] = bool(len(reached) > 1 and (reached == reached.min()).sum() > 1)
    return df
