"""Judge validation on free responses that share no text with the references (``data/judge_validation/``).

Each line of ``responses.jsonl`` is one hand-written response to a PersonaKnob-lite test row
(``row_id``), labelled ``pass`` or ``fail`` on every dimension active in that row. :func:`validate_judges`
rates every (response, labelled dimension) with each judge through :func:`judges.judge_all` (so the
judgments are cached) and reports, per judge and dimension, the AUC of the 1–5 score separating pass
from fail, with a seeded, label-stratified bootstrap 95% interval.
"""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from dpeer_lib.core.jsonl import JsonlError, iter_jsonl
from dpeer_lib.core.paths import REPO_ROOT
from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.evaluation.judges import Judge, JudgeItem, auc, judge_all

VALIDATION_FILE = REPO_ROOT / "data" / "judge_validation" / "responses.jsonl"
TEST_ROWS_FILE = REPO_ROOT / "data" / "personaknob_lite" / "test.csv"
SYSTEM = "judge-validation"
LABELS = ("pass", "fail")
RESULT_COLUMNS = ["judge", "dimension", "n_pass", "n_fail", "n_missing", "auc", "auc_lo", "auc_hi",
                  "mean_pass", "mean_fail", "auc_value"]


class ValidationSetError(ValueError):
    """A malformed judge-validation line; the message names the file, the line and the field."""


def read_test_rows(path: str | Path = TEST_ROWS_FILE) -> dict[str, dict]:
    """PersonaKnob-lite rows by id from a CSV (``mask`` parsed from its JSON string form)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        r = dict(r)
        r["mask"] = json.loads(r["mask"]) if isinstance(r["mask"], str) else list(r["mask"])
        out[r["id"]] = r
    return out


def _check_record(rec: dict, where: str, rows: dict[str, dict], seen: set[str]) -> None:
    """Raise :class:`ValidationSetError` naming ``where`` and the field if ``rec`` is malformed."""
    def bad(field: str, why: str) -> ValidationSetError:
        return ValidationSetError(f"{where}: field {field!r}: {why}")

    for field in ("id", "row_id", "response"):
        if not isinstance(rec.get(field), str) or not rec[field].strip():
            raise bad(field, "missing or not a non-empty string")
    if rec["id"] in seen:
        raise bad("id", f"duplicate id {rec['id']!r}")
    row = rows.get(rec["row_id"])
    if row is None:
        raise bad("row_id", f"{rec['row_id']!r} is not a row of the test split")
    labels = rec.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise bad("labels", "missing or not a non-empty object")
    for d, v in labels.items():
        if d not in DIMENSIONS:
            raise bad("labels", f"unknown dimension {d!r}")
        if v not in LABELS:
            raise bad(f"labels.{d}", f"{v!r} is not 'pass' or 'fail'")
    if sorted(labels) != sorted(row["mask"]):
        raise bad("labels", f"dimensions {sorted(labels)} differ from the row's active ones {sorted(row['mask'])}")
    if "target" in rec and rec["target"] not in labels:
        raise bad("target", f"{rec['target']!r} is not a labelled dimension")


def load_validation_set(path: str | Path = VALIDATION_FILE,
                        rows: dict[str, dict] | None = None) -> list[dict]:
    """The validated records of a judge-validation JSONL (``rows``: test rows by id; default test.csv)."""
    path = Path(path)
    rows = read_test_rows() if rows is None else rows
    out: list[dict] = []
    seen: set[str] = set()
    try:
        for lineno, rec in iter_jsonl(path):
            _check_record(rec, f"{path}, line {lineno}", rows, seen)
            seen.add(rec["id"])
            out.append(rec)
    except JsonlError as err:
        raise ValidationSetError(str(err)) from None
    if not out:
        raise ValidationSetError(f"{path}: no records")
    return out


def validation_items(records: Sequence[dict], rows: dict[str, dict]) -> list[JudgeItem]:
    """One judge item per (record, labelled dimension): the row's prompt, golden and reject_d as references."""
    items = []
    for rec in records:
        row = rows[rec["row_id"]]
        for d in rec["labels"]:
            items.append(JudgeItem(SYSTEM, rec["id"], d, row["prompt"], rec["response"],
                                   row.get("golden") or None, row.get(f"reject_{d}") or None))
    return items


def bootstrap_auc(pos: Sequence[float], neg: Sequence[float], n_boot: int = 1000, seed: int = 0,
                  level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`auc`, resampling positives and negatives separately."""
    p, n = np.asarray(pos, float), np.asarray(neg, float)
    if p.size == 0 or n.size == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    stats = np.empty(n_boot)
    for b in range(n_boot):
        stats[b] = auc(p[rng.integers(0, p.size, p.size)], n[rng.integers(0, n.size, n.size)])
    a = (1 - level) / 2
    return float(np.quantile(stats, a)), float(np.quantile(stats, 1 - a))


def raw_value(raw: str, score: Any) -> float:
    """A judge's finer-grained value behind its score (raw ``value``, ``expected`` or ``t``), else the score."""
    try:
        info = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        info = {}
    for key in ("value", "expected", "t"):
        if isinstance(info, dict) and isinstance(info.get(key), (int, float)):
            return float(info[key])
    return float("nan") if score is None or pd.isna(score) else float(score)


def separation_table(judgments: pd.DataFrame, records: Sequence[dict], n_boot: int = 1000,
                     seed: int = 0) -> pd.DataFrame:
    """Per judge and dimension: counts, AUC of the score (pass vs fail) with its interval, means, value AUC."""
    label = {(r["id"], d): v for r in records for d, v in r["labels"].items()}
    df = judgments.copy()
    df["label"] = [label.get((i, d)) for i, d in zip(df["item_id"], df["dimension"])]
    df = df[df["label"].notna()]
    df["value"] = [raw_value(r, s) for r, s in zip(df["raw"], df["score"])]
    out = []
    for (judge, d), g in df.groupby(["judge", "dimension"], sort=False):
        ok = g[g["score"].notna()]
        pos = ok.loc[ok["label"] == "pass", "score"].astype(float).to_numpy()
        neg = ok.loc[ok["label"] == "fail", "score"].astype(float).to_numpy()
        lo, hi = bootstrap_auc(pos, neg, n_boot, seed)
        vp = ok.loc[ok["label"] == "pass", "value"].to_numpy()
        vn = ok.loc[ok["label"] == "fail", "value"].to_numpy()
        out.append({"judge": judge, "dimension": d, "n_pass": len(pos), "n_fail": len(neg),
                    "n_missing": int(len(g) - len(ok)), "auc": auc(pos, neg), "auc_lo": lo, "auc_hi": hi,
                    "mean_pass": float(pos.mean()) if len(pos) else float("nan"),
                    "mean_fail": float(neg.mean()) if len(neg) else float("nan"), "auc_value": auc(vp, vn)})
    res = pd.DataFrame(out, columns=RESULT_COLUMNS)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    return res.sort_values(["judge", "dimension"], key=lambda s: s.map(order) if s.name == "dimension" else s,
                           kind="stable").reset_index(drop=True)


def length_baseline(records: Sequence[dict]) -> pd.DataFrame:
    """AUC of response length (characters) per dimension: how far length alone separates pass from fail."""
    out = []
    for d in DIMENSIONS:
        pos = [len(r["response"]) for r in records if r["labels"].get(d) == "pass"]
        neg = [len(r["response"]) for r in records if r["labels"].get(d) == "fail"]
        out.append({"dimension": d, "n_pass": len(pos), "n_fail": len(neg), "auc_length": auc(pos, neg)})
    return pd.DataFrame(out)


def validate_judges(judges: Sequence[Judge], cache_dir: str | Path, path: str | Path = VALIDATION_FILE,
                    rows_path: str | Path = TEST_ROWS_FILE, out_json: str | Path | None = None,
                    n_boot: int = 1000, seed: int = 0, progress: bool = False,
                    on_judgments: Callable[[pd.DataFrame], Any] | None = None) -> pd.DataFrame:
    """Rate the validation set with every judge (cached) and return the per-judge, per-dimension AUC table.

    ``on_judgments`` sees the raw judgments first (the stage counts those lost in transport)."""
    rows = read_test_rows(rows_path)
    records = load_validation_set(path, rows)
    judgments = judge_all(judges, validation_items(records, rows), cache_dir, progress=progress)
    if on_judgments is not None:
        on_judgments(judgments)
    table = separation_table(judgments, records, n_boot=n_boot, seed=seed)
    if out_json is not None:
        write_validation_json(table, out_json, records, path, n_boot=n_boot, seed=seed)
    return table


def write_validation_json(table: pd.DataFrame, out: str | Path, records: Sequence[dict],
                          path: str | Path = VALIDATION_FILE, n_boot: int = 1000, seed: int = 0) -> Path:
    """Write the AUC table, the length baseline and the set's description as ``judges/validation.json``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    blob = {
        "set": {"path": str(path), "n_responses": len(records),
                "n_labels": sum(len(r["labels"]) for r in records),
                "scenarios": sorted({r["row_id"].rsplit("-", 1)[0] for r in records})},
        "method": {"statistic": "AUC of the 1-5 score, pass vs fail, ties counted half",
                   "interval": f"percentile bootstrap {n_boot} resamples, stratified by label, seed {seed}, 95%"},
        "judges": json.loads(table.to_json(orient="records")),
        "length_baseline": json.loads(length_baseline(records).to_json(orient="records")),
        "created": time.time(),
    }
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(blob, indent=2), encoding="utf-8")
    tmp.replace(out)
    return out
