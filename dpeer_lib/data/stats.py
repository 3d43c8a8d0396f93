"""Data-set statistics: rows per split, mask, domain and dimension, and golden/reject length ratios."""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.data.schema import mask_key, scenario_key, text_length


def length_ratios(rows: Sequence[dict], unit: str = "chars") -> dict[str, dict[str, float]]:
    """Per dimension: rows, mean golden/reject length, ratio of means, mean and range of per-row ratios."""
    out: dict[str, dict[str, float]] = {}
    for d in DIMENSIONS:
        g, r, ratios = [], [], []
        for row in rows:
            if d in (row.get("mask") or ()) and row.get(f"reject_{d}") and row.get("golden"):
                gl, rl = text_length(row["golden"], unit), text_length(row[f"reject_{d}"], unit)
                g.append(gl)
                r.append(rl)
                if gl:
                    ratios.append(rl / gl)
        n = len(g)
        out[d] = {
            "n": n,
            "mean_golden": sum(g) / n if n else 0.0,
            "mean_reject": sum(r) / n if n else 0.0,
            "ratio_of_means": (sum(r) / sum(g)) if n and sum(g) else 0.0,
            "mean_ratio": sum(ratios) / len(ratios) if ratios else 0.0,
            "min_ratio": min(ratios) if ratios else 0.0,
            "max_ratio": max(ratios) if ratios else 0.0,
        }
    return out


def length_table(rows: Sequence[dict], unit: str = "chars") -> list[dict]:
    """One record per (row, active dimension): golden and reject length, for length-distribution plots."""
    out = []
    for r in rows:
        for d in DIMENSIONS:
            if d in (r.get("mask") or ()) and r.get(f"reject_{d}"):
                out.append({"id": r["id"], "split": r.get("split", ""), "dimension": d,
                            "golden_len": text_length(r["golden"], unit),
                            "reject_len": text_length(r[f"reject_{d}"], unit)})
    return out


def dataset_stats(train: Sequence[dict], test: Sequence[dict], unit: str = "chars") -> dict[str, Any]:
    """Rows per split, per mask, per domain and per dimension, and length ratios (for report and data card)."""
    stats: dict[str, Any] = {"length_unit": unit}
    for name, rows in (("train", train), ("test", test)):
        stats[name] = {
            "rows": len(rows),
            "scenarios": len({scenario_key(r) for r in rows}),
            "per_mask": dict(sorted(Counter(mask_key(r["mask"]) for r in rows).items())),
            "per_domain": dict(sorted(Counter(r.get("domain") or "" for r in rows).items())),
            "per_dimension": {d: sum(d in r["mask"] for r in rows) for d in DIMENSIONS},
            "length_ratios": length_ratios(rows, unit),
        }
    return stats
