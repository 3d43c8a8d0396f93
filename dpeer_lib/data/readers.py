"""Reading one data file (CSV, JSONL, JSON, Parquet) and normalising its records into schema rows.

Reads the real PersonaKnob (CSV with multi-line quoted fields and ``mask`` as a list or its string
form) and PersonaKnob-lite alike. Bad input never escapes as a pandas/json traceback: it becomes a
:class:`~dpeer_lib.data.validate.Finding` naming the file, the record and the reason.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from dpeer_lib.data.schema import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SPLITS,
    TEXT_FIELDS,
    MaskError,
    parse_mask,
    to_text,
)
from dpeer_lib.data.validate import Finding


@dataclass
class _Record:
    row: int
    line: int | None
    data: dict[str, Any]


@dataclass
class FileRead:
    """What reading one file gave: records (raw dicts), the columns seen, and findings."""

    file: str
    fatal: bool = False  # a file-level error: nothing of this file can be used
    records: list[_Record] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def fail(self, rule: str, reason: str, line: int | None = None, fld: str | None = None) -> "FileRead":
        """Record a file-level error that makes the whole file unusable."""
        self.findings.append(Finding(rule, self.file, None, None, fld, reason, line=line))
        self.fatal = True
        return self


def _read_text(path: Path, fr: FileRead) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as e:
        fr.fail("unparseable_file", f"cannot read file: {e.strerror or e}")
        return None
    if b"\x00" in raw[:65536]:
        fr.fail("unparseable_file", "binary file (contains NUL bytes), not text")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fr.fail("unparseable_file", f"not UTF-8 text (bad byte at offset {e.start})")
        return None


def _read_csv(path: Path, fr: FileRead) -> FileRead:
    text = _read_text(path, fr)
    if text is None:
        return fr
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        return fr.fail("unparseable_file", f"not valid CSV: {e}", line=reader.line_num)
    if not header or not any(h.strip() for h in header):
        return fr.fail("unparseable_file", "empty file: no header row")
    header = [h.strip() for h in header]
    fr.columns = header
    n = 0
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            return fr.fail("unparseable_file", f"not valid CSV: {e} (record starting at line {start})",
                           line=start)
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue  # blank line
        n += 1
        if len(rec) != len(header):
            fr.findings.append(Finding(
                "unparseable_row", fr.file, n, None, None,
                f"record has {len(rec)} fields, the header has {len(header)}", line=start))
            continue
        fr.records.append(_Record(n, start, dict(zip(header, rec))))
    return fr


def _read_jsonl(path: Path, fr: FileRead) -> FileRead:
    text = _read_text(path, fr)
    if text is None:
        return fr
    cols: dict[str, None] = {}
    n = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
            fr.findings.append(Finding("unparseable_row", fr.file, n, None, None,
                                       f"line is not valid JSON: {msg}", line=lineno))
            continue
        if not isinstance(obj, dict):
            fr.findings.append(Finding("unparseable_row", fr.file, n, None, None,
                                       f"line is JSON {type(obj).__name__}, not an object", line=lineno))
            continue
        cols.update(dict.fromkeys(obj))
        fr.records.append(_Record(n, lineno, obj))
    if n and not fr.records:
        return fr.fail("unparseable_file", "not JSONL: no line is a JSON object")
    fr.columns = list(cols)
    return fr


def _read_json(path: Path, fr: FileRead, split: str | None) -> FileRead:
    text = _read_text(path, fr)
    if text is None:
        return fr
    try:
        obj = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        if isinstance(e, json.JSONDecodeError) and "Extra data" in e.msg:
            return _read_jsonl(path, FileRead(fr.file))  # JSONL saved as .json
        msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        return fr.fail("unparseable_file", f"not valid JSON: {msg}",
                       line=getattr(e, "lineno", None))
    if isinstance(obj, dict):
        if split and isinstance(obj.get(split), list):
            obj = obj[split]
        elif isinstance(obj.get("data"), list):
            obj = obj["data"]
        elif any(isinstance(obj.get(s), list) for s in SPLITS):
            recs: list = []
            for s in SPLITS:
                for r in obj.get(s) or []:
                    recs.append({**r, "split": s} if isinstance(r, dict) else r)
            obj = recs
    if not isinstance(obj, list):
        return fr.fail("unparseable_file", "JSON must be a list of row objects (or {'train': [...], 'test': [...]})")
    cols: dict[str, None] = {}
    for i, r in enumerate(obj, 1):
        if not isinstance(r, dict):
            fr.findings.append(Finding("unparseable_row", fr.file, i, None, None,
                                       f"element is {type(r).__name__}, not an object"))
            continue
        cols.update(dict.fromkeys(r))
        fr.records.append(_Record(i, None, r))
    fr.columns = list(cols)
    return fr


def _read_parquet(path: Path, fr: FileRead) -> FileRead:
    try:
        import pandas as pd  # heavy, and needed for Parquet only

        df = pd.read_parquet(path)
    except Exception as e:  # pyarrow raises many types; all mean "not readable Parquet"
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return fr.fail("unparseable_file", f"not valid Parquet: {first}")
    fr.columns = [str(c) for c in df.columns]
    for i, rec in enumerate(df.to_dict("records"), 1):
        fr.records.append(_Record(i, None, {str(k): v for k, v in rec.items()}))
    return fr


def read_file(path: str | Path, split: str | None = None) -> FileRead:
    """Read one data file into raw records plus file-level findings; never raises on bad content."""
    path = Path(path)
    fr = FileRead(str(path))
    if not path.is_file():
        return fr.fail("unparseable_file", "file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, fr)
    if suffix == ".jsonl":
        return _read_jsonl(path, fr)
    if suffix == ".json":
        return _read_json(path, fr, split)
    if suffix == ".parquet":
        return _read_parquet(path, fr)
    return fr.fail("unparseable_file", f"unknown file type {suffix!r} (expected .csv, .jsonl, .json, .parquet)")


# --------------------------------------------------------------------------- normalisation
def _canonical_columns(columns: Sequence[str]) -> dict[str, str]:
    """Map source column names to schema names (case/space-insensitive): {source: canonical}."""
    lookup = {c.lower(): c for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for col in columns:
        canon = lookup.get(str(col).strip().lower().replace(" ", "_").replace("-", "_"))
        if canon and canon not in taken:
            out[col] = canon
            taken.add(canon)
    return out


def normalize_file(fr: FileRead, split_hint: str | None = None) -> tuple[list[dict], list[Finding]]:
    """Turn a file's raw records into schema rows. Rows carry ``_file``/``_row``/``_line`` provenance."""
    findings = list(fr.findings)
    if fr.fatal:
        return [], findings
    colmap = _canonical_columns(fr.columns)
    present = set(colmap.values())
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing and (fr.records or fr.columns):
        findings.append(Finding("missing_column", fr.file, None, None, ", ".join(missing),
                                f"missing required column(s) {missing}; columns found: {list(fr.columns)}; "
                                f"its {len(fr.records)} row(s) are not used"))
        return [], findings
    if not fr.records and not any(f.row is not None for f in findings):
        findings.append(Finding("empty_file", fr.file, None, None, None, "the file holds no rows",
                                severity="warning"))
    rows: list[dict] = []
    for rec in fr.records:
        raw = {colmap[k]: v for k, v in rec.data.items() if k in colmap}
        row: dict[str, Any] = {"_file": fr.file, "_row": rec.row, "_line": rec.line}
        rid, _ = to_text(raw.get("id"))

        def add(rule: str, fld: str | None, reason: str, severity: str = "error") -> None:
            findings.append(Finding(rule, fr.file, rec.row, rid or None, fld, reason, severity, rec.line))

        for f in TEXT_FIELDS + ("domain",):
            text, problem = to_text(raw.get(f))
            if problem:
                add("field_type", f, problem)
            row[f] = text
        try:
            mask, warns = parse_mask(raw.get("mask"))
            for w in warns:
                add("mask_format", "mask", w, "warning")
        except MaskError as e:
            mask = None
            add("mask_format", "mask", str(e))
        row["mask"] = mask
        split, problem = to_text(raw.get("split"))
        split = split.lower()
        if problem:
            add("field_type", "split", problem)
        row["split"] = split or (split_hint or "")
        if not rid and "id" in present:
            add("missing_id", "id", "empty id; one is generated", "warning")
        row["id"] = rid  # "" here: load_rows numbers it per split across files
        rows.append(row)
    return rows, findings
