"""Writing rows in the layout of the PersonaKnob release on the hub (``qisein/PersonaKnob``).

The release is a folder ``data/`` of CSV files ``PersonaKnob_train.csv`` and ``PersonaKnob_test.csv`` with
only the PersonaKnob columns (no ``id``, ``split`` or ``domain``), masks in their string form such as
``["E", "A"]``, ``reject_d`` empty where d is inactive, and quoted multi-line text fields. The rehearsal
profile (``params/rehearsal.yaml``) reads PersonaKnob-lite written this way, so that the paper profile's
loader is exercised on the release's format without the hub.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Iterable

from dpeer_lib.core.params import DIMENSIONS

RELEASE_COLUMNS = ["mask", "seed_scene", "context", "trigger", "prompt", "golden",
                   *(f"reject_{d}" for d in DIMENSIONS)]
FILES = {"train": "PersonaKnob_train.csv", "test": "PersonaKnob_test.csv"}


def _multiline(text: str) -> str:
    """One sentence per line, as long release answers are laid out (only whitespace changes)."""
    return re.sub(r"(?<=[.!?]) (?=[A-Z])", "\n", text)


def release_record(row: dict, multiline: bool = True) -> dict[str, str]:
    """One row as the release's CSV record: string mask, rejects only where the dimension is active."""
    mask = list(row["mask"])
    rec = {"mask": json.dumps(mask).replace('","', '", "'), **{c: str(row.get(c) or "") for c in RELEASE_COLUMNS[1:6]}}
    for d in DIMENSIONS:
        rec[f"reject_{d}"] = str(row.get(f"reject_{d}") or "") if d in mask else ""
    if multiline:
        for c in ("golden", *(f"reject_{d}" for d in DIMENSIONS)):
            rec[c] = _multiline(rec[c])
    return rec


def write_release(rows: Iterable[dict], folder: str | Path, multiline: bool = True) -> list[Path]:
    """Write ``rows`` (schema rows with a ``split``) to ``folder/data/PersonaKnob_{train,test}.csv``."""
    out = Path(folder) / "data"
    out.mkdir(parents=True, exist_ok=True)
    by_split: dict[str, list[dict]] = {"train": [], "test": []}
    for r in rows:
        if r.get("split") not in by_split:
            raise ValueError(f"row {r.get('id')!r}: split {r.get('split')!r} is neither train nor test")
        by_split[r["split"]].append(release_record(r, multiline))
    paths = []
    for split, recs in by_split.items():
        path = out / FILES[split]
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=RELEASE_COLUMNS, quoting=csv.QUOTE_MINIMAL)
            w.writeheader()
            w.writerows(recs)
        paths.append(path)
    return paths
