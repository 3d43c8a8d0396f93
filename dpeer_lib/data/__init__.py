"""PersonaKnob data: loading, normalising, validating, and the views later stages train on.

One loader reads the real PersonaKnob (HF ``qisein/PersonaKnob``: CSV with multi-line quoted fields
and ``mask`` as a list or its string form) and our PersonaKnob-lite, from CSV, JSONL, JSON, Parquet,
a folder of ``train``/``test`` files, the name ``personaknob_lite`` or a hub id. Every row becomes the
DESIGN §9 schema::

    id, mask (list[str]), seed_scene, context, trigger, prompt, golden,
    reject_A, reject_T, reject_E, reject_C, split  (+ domain)

An inactive dimension's reject is ``""``. The validator checks every DESIGN §8 rule and reports all
findings at once, each naming the file, the row (1-based record number; for CSV also the line), the
row id, the field and the reason. ``strict`` mode refuses a data set with any error
(:class:`DataValidationError`); ``lenient`` mode drops the offending rows and logs how many and why.
Bad input never escapes as a pandas/json traceback: it is a finding, or a :class:`DataSourceError`
naming the file.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import logging
import math
import os
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.core.paths import DATA_DIR, REPO_ROOT

log = logging.getLogger("dpeer.data")

LITE_DIR = DATA_DIR / "personaknob_lite"
HUB_ID = "qisein/PersonaKnob"

TEXT_FIELDS = ("seed_scene", "context", "trigger", "prompt", "golden",
               "reject_A", "reject_T", "reject_E", "reject_C")
REQUIRED_COLUMNS = ("mask",) + TEXT_FIELDS
OPTIONAL_COLUMNS = ("id", "split", "domain")
ROW_FIELDS = ("id", "mask", "seed_scene", "context", "trigger", "prompt", "golden",
              "reject_A", "reject_T", "reject_E", "reject_C", "split")
SPLITS = ("train", "test")
DATA_SUFFIXES = (".csv", ".jsonl", ".json", ".parquet")

_NAME_TO_DIM = {
    "anti-sycophancy": "A", "antisycophancy": "A", "anti_sycophancy": "A", "sycophancy": "A",
    "trustworthiness": "T", "trustworthy": "T", "trust": "T",
    "empathy": "E", "empathetic": "E", "creativity": "C", "creative": "C",
}

# Every rule the validator knows: name -> what it checks. Findings carry one of these names.
RULES: dict[str, str] = {
    "unparseable_file": "the file is not valid CSV / JSON / JSONL / Parquet (or not UTF-8 text)",
    "missing_column": "a required column is absent",
    "unparseable_row": "a JSONL line is not a JSON object, or a CSV record has the wrong number of fields",
    "field_type": "a text field holds a list/object instead of text",
    "mask_format": "the mask cannot be parsed (or repeats a dimension: warning)",
    "mask_empty": "the mask names no dimension",
    "mask_unknown_dimension": "the mask names something other than A, T, E or C",
    "empty_prompt": "the prompt is empty",
    "empty_golden": "the golden response is empty",
    "reject_missing": "an active dimension has no reject",
    "reject_inactive": "an inactive dimension has a reject",
    "reject_equals_golden": "a reject is identical to the golden response",
    "length_ratio": "len(reject)/len(golden) is outside [length_ratio_min, length_ratio_max]",
    "duplicate_id": "the id was already used by an earlier row",
    "scenario_leakage": "the row's seed scene also appears in the other split (train row flagged)",
    "bad_split": "split is neither 'train' nor 'test'",
    "missing_id": "the id is empty (one was generated): warning",
    "mean_length_ratio": "across a dimension, mean reject length is off its golden by more than the tolerance: warning",
    "empty_file": "the file holds no rows: warning",
}
FILE_LEVEL_RULES = ("unparseable_file", "missing_column")


# --------------------------------------------------------------------------- errors / findings
class DataSourceError(ValueError):
    """The configured source cannot be read at all (not found, hub unreachable, nothing usable)."""


@dataclass
class Finding:
    """One validator finding. ``row`` is the 1-based record number in ``file`` (None: file level)."""

    rule: str
    file: str
    row: int | None
    id: str | None
    field: str | None
    reason: str
    severity: str = "error"
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.line is not None:
            where += f" (line {self.line})"
        if self.id:
            where += f", id {self.id!r}"
        if self.field:
            where += f", field {self.field!r}"
        return f"[{self.severity}:{self.rule}] {where}: {self.reason}"


class DataValidationError(ValueError):
    """Strict validation failed; ``findings`` lists every error (and warning) found."""

    def __init__(self, findings: list[Finding], report_path: Path | None = None, limit: int = 40):
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        lines = [f"data validation failed (strict mode): {len(errors)} error(s)"]
        lines += [f"  - {f}" for f in errors[:limit]]
        if len(errors) > limit:
            lines.append(f"  ... and {len(errors) - limit} more")
        if report_path is not None:
            lines.append(f"full report: {report_path}")
        lines.append("fix the data, or set data.mode: lenient to drop the bad rows")
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- small helpers
def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NAType", "NaTType")  # pandas missing values, without importing pandas


def _to_text(v: Any) -> tuple[str, str | None]:
    """Return (text, problem). Lists/objects are a problem; None/NaN become ""."""
    if _is_missing(v):
        return "", None
    if isinstance(v, str):
        return v.replace("\r\n", "\n").replace("\r", "\n").strip(), None
    if isinstance(v, bool):
        return str(v), None
    if isinstance(v, (int, float)):
        return (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)), None
    if hasattr(v, "item") and getattr(v, "ndim", 1) == 0:  # numpy scalar
        return _to_text(v.item())
    return "", f"expected text, got {type(v).__name__}"


class MaskError(ValueError):
    pass


def _mask_items(value: Any) -> list[Any]:
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy array from Parquet
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return list(value)
    if not isinstance(value, str):
        raise MaskError(f"mask must be a list or its string form, got {type(value).__name__}")
    s = value.strip()
    if s[:1] in "[(":
        for parse in (json.loads, ast.literal_eval):
            try:
                parsed = parse(s)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(parsed, (list, tuple)):
                return list(parsed)
            raise MaskError(f"mask {value!r} is not a list")
        m = re.fullmatch(r"[\[(]([^\[\](){}]*)[\])]", s)  # unquoted form like [E, A]
        if not m or not m.group(1).strip():
            raise MaskError(f"cannot parse mask {value!r}")
        s = m.group(1)
    return [t for t in re.split(r"[,\s;|+/]+", s) if t]


def parse_mask(value: Any) -> tuple[list[str], list[str]]:
    """Parse a mask in any accepted form; return (dimensions, warnings).

    Accepts ``["E","A"]`` (list or JSON string), ``['E', 'A']``, ``E,A``, ``E A``, ``EA`` and the
    dimension names (``empathy``). Order is kept; a repeated dimension is kept once (warning).
    Unknown tokens are kept upper-cased so the validator can report them. Raises MaskError.
    """
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        return [], []
    out: list[str] = []
    warnings: list[str] = []
    for i, item in enumerate(_mask_items(value)):
        if not isinstance(item, str):
            raise MaskError(f"mask item {i + 1} is {type(item).__name__}, not a string")
        tok = item.strip().strip("\"'").strip()
        if not tok:
            continue
        name = tok.lower()
        if name in _NAME_TO_DIM:
            dims = [_NAME_TO_DIM[name]]
        elif len(tok) > 1 and len(tok) <= 4 and set(tok.upper()) <= set(DIMENSIONS):
            dims = list(tok.upper())  # compact form "EA"
        else:
            dims = [tok.upper() if len(tok) == 1 else tok]
        for d in dims:
            if d in out:
                warnings.append(f"mask repeats {d}; kept once")
            else:
                out.append(d)
    return out, warnings


def mask_key(mask: Iterable[str]) -> str:
    """Canonical label of a mask, in A,T,E,C order: ``["E","A"]`` -> ``"A+E"``."""
    ms = set(mask)
    return "+".join(d for d in DIMENSIONS if d in ms) + "".join(f"+{d}" for d in sorted(ms - set(DIMENSIONS)))


def all_masks() -> list[tuple[str, ...]]:
    """The 15 non-empty masks, ordered by size then A,T,E,C."""
    from itertools import combinations

    return [c for k in range(1, 5) for c in combinations(DIMENSIONS, k)]


def scenario_key(row: dict) -> str:
    """The scenario a row belongs to: its seed scene, case- and whitespace-normalised."""
    return " ".join(str(row.get("seed_scene", "")).split()).casefold()


def text_length(text: str, unit: str = "chars") -> int:
    return len(text.split()) if unit == "words" else len(text)


def split_from_name(path: Path) -> str | None:
    """``train.csv``, ``PersonaKnob_test.csv``, ``train-00000-of-00001.parquet`` -> the split."""
    m = re.search(r"(?:^|[_\-.\s])(train|test)(?:$|[_\-.\s])", path.stem.lower())
    return m.group(1) if m else None


# --------------------------------------------------------------------------- readers
@dataclass
class _Record:
    row: int
    line: int | None
    data: dict[str, Any]


@dataclass
class FileRead:
    """What reading one file gave: records (raw dicts), the columns seen, and findings."""

    file: str
    records: list[_Record] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fatal: bool = False

    def fail(self, rule: str, reason: str, line: int | None = None, fld: str | None = None) -> "FileRead":
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
        import pandas as pd

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
        rid, _ = _to_text(raw.get("id"))

        def add(rule: str, fld: str | None, reason: str, severity: str = "error") -> None:
            findings.append(Finding(rule, fr.file, rec.row, rid or None, fld, reason, severity, rec.line))

        for f in TEXT_FIELDS + ("domain",):
            text, problem = _to_text(raw.get(f))
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
        split, problem = _to_text(raw.get("split"))
        split = split.lower()
        if problem:
            add("field_type", "split", problem)
        row["split"] = split or (split_hint or "")
        if not rid and "id" in present:
            add("missing_id", "id", "empty id; one is generated", "warning")
        row["id"] = rid  # "" here: load_rows numbers it per split across files
        rows.append(row)
    return rows, findings


# --------------------------------------------------------------------------- validation
def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def validate_rows(
    rows: Sequence[dict],
    *,
    length_ratio_min: float = 0.5,
    length_ratio_max: float = 2.0,
    length_unit: str = "chars",
    mean_length_tolerance: float | None = None,
    check_splits: bool = True,
) -> list[Finding]:
    """Check every DESIGN §8 rule over normalised rows; return all findings (never raises)."""
    out: list[Finding] = []

    def add(row: dict, rule: str, fld: str | None, reason: str, severity: str = "error") -> None:
        out.append(Finding(rule, str(row.get("_file", "<rows>")), row.get("_row"), row.get("id") or None,
                           fld, reason, severity, row.get("_line")))

    seen_ids: dict[str, dict] = {}
    for i, row in enumerate(rows):
        row.setdefault("_row", i + 1)
        mask = row.get("mask")
        if mask is not None:
            if not mask:
                add(row, "mask_empty", "mask", "the mask names no dimension")
            unknown = [d for d in mask if d not in DIMENSIONS]
            if unknown:
                add(row, "mask_unknown_dimension", "mask",
                    f"unknown dimension(s) {unknown}; allowed: {list(DIMENSIONS)}")
        active = set(mask or ())
        prompt, golden = row.get("prompt", ""), row.get("golden", "")
        if not str(prompt).strip():
            add(row, "empty_prompt", "prompt", "the prompt is empty")
        if not str(golden).strip():
            add(row, "empty_golden", "golden", "the golden response is empty")
        glen = text_length(golden, length_unit)
        for d in DIMENSIONS:
            fld = f"reject_{d}"
            rej = str(row.get(fld, "") or "")
            if mask is None:
                continue  # mask unparseable: already reported, reject rules would be noise
            if d in active and not rej.strip():
                add(row, "reject_missing", fld, f"dimension {d} is active but {fld} is empty")
            elif d not in active and rej.strip():
                add(row, "reject_inactive", fld, f"dimension {d} is not in the mask {list(mask)} but {fld} is set")
            elif d in active and golden.strip():
                if _norm_ws(rej) == _norm_ws(golden):
                    add(row, "reject_equals_golden", fld, f"{fld} is identical to golden")
                elif glen:
                    ratio = text_length(rej, length_unit) / glen
                    if not (length_ratio_min <= ratio <= length_ratio_max):
                        add(row, "length_ratio", fld,
                            f"len({fld})/len(golden) = {ratio:.2f} ({length_unit}) is outside "
                            f"[{length_ratio_min}, {length_ratio_max}]")
        if check_splits and row.get("split") not in SPLITS:
            add(row, "bad_split", "split", f"split is {row.get('split')!r}; expected 'train' or 'test'")
        rid = row.get("id")
        if rid:
            if rid in seen_ids:
                first = seen_ids[rid]
                add(row, "duplicate_id", "id",
                    f"id {rid!r} already used by {first.get('_file', '<rows>')} row {first.get('_row')}")
            else:
                seen_ids[rid] = row
    # scenario leakage: a seed scene present in both splits; the train rows are flagged (test stays intact)
    by_split: dict[str, dict[str, list[dict]]] = {s: defaultdict(list) for s in SPLITS}
    for row in rows:
        if row.get("split") in SPLITS and scenario_key(row):
            by_split[row["split"]][scenario_key(row)].append(row)
    for key in sorted(set(by_split["train"]) & set(by_split["test"])):
        test_ids = [r.get("id") for r in by_split["test"][key]][:5]
        for row in by_split["train"][key]:
            add(row, "scenario_leakage", "seed_scene",
                f"seed scene {row['seed_scene'][:60]!r} also appears in test (ids {test_ids})")
    if mean_length_tolerance is not None:
        for d, r in length_ratios(rows, length_unit).items():
            if r["n"] and abs(r["ratio_of_means"] - 1) > mean_length_tolerance:
                out.append(Finding("mean_length_ratio", "<dataset>", None, None, f"reject_{d}",
                                   f"mean len(reject_{d}) / mean len(golden) = {r['ratio_of_means']:.2f} "
                                   f"over {r['n']} rows; tolerance ±{mean_length_tolerance:.0%}",
                                   "warning"))
    return out


def apply_severity(findings: list[Finding], warn_rules: Iterable[str] = ()) -> list[Finding]:
    """Downgrade the named rules to warnings (e.g. ``length_ratio`` for the real PersonaKnob)."""
    warn = set(warn_rules)
    unknown = warn - set(RULES)
    if unknown:
        raise ValueError(f"data.warn_rules: unknown rule(s) {sorted(unknown)}; rules: {sorted(RULES)}")
    for f in findings:
        if f.rule in warn and f.rule not in FILE_LEVEL_RULES:
            f.severity = "warning"
    return findings


def filter_rows(rows: list[dict], findings: list[Finding]) -> tuple[list[dict], dict[str, Any]]:
    """Lenient mode: drop every row with an error finding (all rows of a file with a file-level error)."""
    bad_files = {f.file for f in findings if f.severity == "error" and f.row is None and f.rule in FILE_LEVEL_RULES}
    bad_rows: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f in findings:
        if f.severity == "error" and f.row is not None:
            bad_rows[(f.file, f.row)].add(f.rule)
    kept = [r for r in rows if r.get("_file") not in bad_files and (r.get("_file"), r.get("_row")) not in bad_rows]
    by_rule: Counter = Counter()
    for rules in bad_rows.values():
        for rule in rules:
            by_rule[rule] += 1
    row_keys = {(r.get("_file"), r.get("_row")) for r in rows}
    unread = sum(1 for k in bad_rows if k not in row_keys)  # records that never became rows (bad JSON line, ...)
    summary = {
        "rows_dropped": len(rows) - len(kept) + unread,
        "rows_dropped_by_rule": dict(sorted(by_rule.items())),
        "files_dropped": sorted(bad_files),
        "rows_in_dropped_files": sum(1 for r in rows if r.get("_file") in bad_files),
    }
    return kept, summary


# --------------------------------------------------------------------------- source resolution
def _looks_like_hub_id(source: str) -> bool:
    return source.startswith("hf:") or bool(re.fullmatch(r"[A-Za-z0-9][\w.\-]*/[\w.\-]+", source))


def _data_files(folder: Path) -> list[tuple[Path, str | None]]:
    files = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not p.is_file():
            continue
        if p.suffix.lower() not in DATA_SUFFIXES:
            continue
        split = split_from_name(p)
        if split:
            files.append((p, split))
    return sorted(files, key=lambda f: (SPLITS.index(f[1]), str(f[0])))  # train files first


def _hub_snapshot(repo_id: str) -> Path:
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    advice = (f"download it on a machine with internet access, e.g. `hf download {repo_id} --repo-type dataset "
              f"--local-dir PersonaKnob`, then set data.source to that folder (or to its train/test CSV).")
    try:
        from huggingface_hub import snapshot_download
    except ImportError:  # pragma: no cover
        raise DataSourceError(f"data source {repo_id!r}: huggingface_hub is not installed; {advice}") from None
    try:
        local = snapshot_download(repo_id=repo_id, repo_type="dataset", local_files_only=offline,
                                  allow_patterns=["*.csv", "*.jsonl", "*.json", "*.parquet", "*.md"])
    except Exception as e:  # offline, no network, not found, gated: all mean "cannot fetch"
        why = "HF_HUB_OFFLINE=1 and it is not in the local cache" if offline else f"{type(e).__name__}: {e}"
        raise DataSourceError(f"data source {repo_id!r}: cannot fetch the hub dataset ({why}). {advice}") from None
    return Path(local)


def resolve_source(source: str | Path, root: Path = REPO_ROOT) -> list[tuple[Path, str | None]]:
    """The data files a source names, each with the split its name implies (None if none)."""
    s = str(source).strip()
    if s in ("personaknob_lite", "personaknob-lite", "lite"):
        folder = root / "data" / "personaknob_lite"
        files = _data_files(folder) if folder.is_dir() else []
        if not files:
            raise DataSourceError(f"data source 'personaknob_lite': no train/test files in {folder}")
        return files
    candidates = [Path(s).expanduser()]
    if not candidates[0].is_absolute():
        candidates.append(root / s)
    for p in candidates:
        if p.is_file():
            return [(p, split_from_name(p))]
        if p.is_dir():
            files = _data_files(p)
            if not files:
                raise DataSourceError(f"data source {s!r}: folder {p} has no train/test data files "
                                      f"(names containing 'train' or 'test', suffix {', '.join(DATA_SUFFIXES)})")
            return files
    if _looks_like_hub_id(s):
        repo = s[3:] if s.startswith("hf:") else s
        folder = _hub_snapshot(repo)
        files = _data_files(folder)
        if not files:
            raise DataSourceError(f"data source {s!r}: the hub snapshot at {folder} has no train/test data files")
        return files
    raise DataSourceError(f"data source {s!r}: no such file or folder (looked in {Path.cwd()} and {root}), "
                          f"and not a hub id like {HUB_ID!r}")


def load_rows(source: str | Path, root: Path = REPO_ROOT) -> tuple[list[dict], list[Finding], list[str]]:
    """Read and normalise every file of a source: (rows, findings, files). Does not validate rules."""
    rows: list[dict] = []
    findings: list[Finding] = []
    files = resolve_source(source, root)
    for path, split in files:
        fr = read_file(path, split)
        r, f = normalize_file(fr, split)
        rows += r
        findings += f
    counters: Counter = Counter()
    for row in rows:
        if not row["id"]:  # sources without ids (the hub release): train-00001, ..., test-00001, ...
            prefix = row["split"] or "row"
            counters[prefix] += 1
            row["id"] = f"{prefix}-{counters[prefix]:05d}"
    return rows, findings, [str(p) for p, _ in files]


# --------------------------------------------------------------------------- splitting / subsampling
def assign_splits(rows: list[dict], test_fraction: float, seed: int) -> int:
    """Give rows without a split one, grouped by scenario so no scene lands in both. Returns #assigned."""
    todo = [r for r in rows if not r.get("split")]
    if not todo:
        return 0
    known = {scenario_key(r): r["split"] for r in rows if r.get("split") in SPLITS}
    groups = sorted({scenario_key(r) or r["id"] for r in todo if (scenario_key(r) or r["id"]) not in known})
    rng = random.Random(seed)
    rng.shuffle(groups)
    n_test = max(1, round(test_fraction * len(groups))) if len(groups) > 1 else 0
    test_groups = set(groups[:n_test])
    for r in todo:
        g = scenario_key(r) or r["id"]
        r["split"] = known.get(g) or ("test" if g in test_groups else "train")
    return len(todo)


def stratified_subsample(rows: list[dict], n: int | None, seed: int) -> list[dict]:
    """Keep n rows, stratified by mask so every mask stays present when n >= #masks; order preserved."""
    if n is None or n >= len(rows):
        return list(rows)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[mask_key(r["mask"])].append(i)
    keys = sorted(groups)
    rng = random.Random(seed)
    quota: dict[str, int] = {}
    if n < len(keys):
        log.warning("subsample of %d rows cannot keep all %d masks", n, len(keys))
        chosen = rng.sample(keys, n)
        quota = {k: int(k in chosen) for k in keys}
    else:
        quota = {k: 1 for k in keys}
        rest = n - len(keys)
        spare = {k: len(groups[k]) - 1 for k in keys}
        total_spare = sum(spare.values())
        shares = {k: rest * spare[k] / total_spare if total_spare else 0 for k in keys}
        for k in keys:
            quota[k] += int(shares[k])
        left = n - sum(quota.values())
        for k in sorted(keys, key=lambda k: (-(shares[k] - int(shares[k])), k)):
            if left <= 0:
                break
            if quota[k] < len(groups[k]):
                quota[k] += 1
                left -= 1
    keep: set[int] = set()
    for k in keys:
        keep.update(rng.sample(groups[k], min(quota[k], len(groups[k]))))
    return [rows[i] for i in sorted(keep)]


# --------------------------------------------------------------------------- statistics
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


# --------------------------------------------------------------------------- I/O of the normalised splits
def public_row(row: dict) -> dict:
    """The row with schema keys only (provenance dropped), in schema order."""
    out = {k: row.get(k, "" if k != "mask" else []) for k in ROW_FIELDS}
    out["mask"] = list(row.get("mask") or [])
    if "domain" in row:
        out["domain"] = row.get("domain") or ""
    return out


def write_split(rows: Iterable[dict], path: str | Path) -> Path:
    """Write rows as JSONL (schema keys only), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(public_row(row), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def read_split(path: str | Path) -> list[dict]:
    """Read a ``runs/<name>/data/{train,test}.jsonl`` written by :func:`write_split`."""
    path = Path(path)
    if not path.is_file():
        raise DataSourceError(f"{path}: not found; run notebook 01 (data build) first")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataSourceError(f"{path}, line {lineno}: not valid JSON ({e.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("mask"), list) or "golden" not in row:
                raise DataSourceError(f"{path}, line {lineno}: not a PersonaKnob row (needs mask list and golden)")
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- views
def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def _assistant(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


def sft_view(rows: Iterable[dict]) -> list[dict]:
    """SFT rows: the prompt as a user turn, golden as the assistant completion."""
    return [{"prompt": _user(r["prompt"]), "completion": _assistant(r["golden"])} for r in rows]


def lagdpo_view(rows: Iterable[dict]) -> list[dict]:
    """Lag-DPO rows: prompt, golden, and every reject tagged by dimension ([] when inactive)."""
    out = []
    for r in rows:
        item = {"id": r["id"], "mask": list(r["mask"]), "prompt": _user(r["prompt"]), "chosen": _assistant(r["golden"])}
        for d in DIMENSIONS:
            rej = r.get(f"reject_{d}") or ""
            item[f"rejected_{d}"] = _assistant(rej) if d in r["mask"] and rej else []
        out.append(item)
    return out


def pooled_view(rows: Iterable[dict]) -> list[dict]:
    """Pooled DPO pairs: one (golden, reject_d) pair per active dimension d, in A,T,E,C order."""
    out = []
    for r in rows:
        for d in DIMENSIONS:
            rej = r.get(f"reject_{d}") or ""
            if d in r["mask"] and rej:
                out.append({"id": r["id"], "dimension": d, "prompt": _user(r["prompt"]),
                            "chosen": _assistant(r["golden"]), "rejected": _assistant(rej)})
    return out


def selection_view(rows: Iterable[dict], seed: int = 0) -> list[dict]:
    """Selection items: golden and active rejects shuffled (per item, from seed and id); answer = golden's index."""
    out = []
    for r in rows:
        pairs = [("golden", r["golden"])] + [
            (d, r[f"reject_{d}"]) for d in DIMENSIONS if d in r["mask"] and r.get(f"reject_{d}")]
        random.Random(f"{seed}:{r['id']}").shuffle(pairs)
        labels = [p[0] for p in pairs]
        out.append({"id": r["id"], "prompt": r["prompt"], "candidates": [p[1] for p in pairs],
                    "labels": labels, "answer": labels.index("golden")})
    return out


# --------------------------------------------------------------------------- the whole stage
def _finding_dicts(findings: Sequence[Finding]) -> list[dict]:
    return [asdict(f) for f in findings]


def validate_dataset(
    rows: list[dict],
    findings: list[Finding],
    *,
    mode: str = "strict",
    length_ratio_min: float = 0.5,
    length_ratio_max: float = 2.0,
    length_unit: str = "chars",
    mean_length_tolerance: float | None = None,
    warn_rules: Iterable[str] = (),
    report_path: str | Path | None = None,
    source: str = "",
    files: Sequence[str] = (),
) -> tuple[list[dict], dict[str, Any]]:
    """Validate rows (plus the loader's findings), apply the mode, write the report; return (kept, report).

    strict: any error raises DataValidationError (after writing the report). lenient: rows with an
    error are dropped, and the drop is logged and reported.
    """
    if mode not in ("strict", "lenient"):
        raise ValueError(f"data.mode must be 'strict' or 'lenient', got {mode!r}")
    all_findings = list(findings) + validate_rows(
        rows, length_ratio_min=length_ratio_min, length_ratio_max=length_ratio_max,
        length_unit=length_unit, mean_length_tolerance=mean_length_tolerance)
    apply_severity(all_findings, warn_rules)
    errors = [f for f in all_findings if f.severity == "error"]
    report: dict[str, Any] = {
        "source": source,
        "files": list(files),
        "mode": mode,
        "rules": RULES,
        "rows_read": len(rows),
        "n_errors": len(errors),
        "n_warnings": len(all_findings) - len(errors),
        "errors_by_rule": dict(sorted(Counter(f.rule for f in errors).items())),
        "warnings_by_rule": dict(sorted(Counter(f.rule for f in all_findings if f.severity != "error").items())),
        "findings": _finding_dicts(all_findings),
    }
    rp = Path(report_path) if report_path else None
    if mode == "strict":
        kept, drop = rows, {"rows_dropped": 0, "rows_dropped_by_rule": {}, "files_dropped": []}
        report.update(ok=not errors, rows_kept=len(rows) if not errors else 0, dropped=drop)
        if errors:
            _write_report(report, rp)
            raise DataValidationError(all_findings, rp)
    else:
        kept, drop = filter_rows(rows, all_findings)
        report.update(ok=True, rows_kept=len(kept), dropped=drop)
        if drop["rows_dropped"] or drop["files_dropped"]:
            log.warning("lenient validation dropped %d row(s) by rule %s%s", drop["rows_dropped"],
                        drop["rows_dropped_by_rule"],
                        f" and file(s) {drop['files_dropped']}" if drop["files_dropped"] else "")
    for w in (f for f in all_findings if f.severity != "error"):
        log.info("%s", w)
    _write_report(report, rp)
    return kept, report


def _write_report(report: dict, path: Path | None) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    tmp.replace(path)


def load_dataset(
    source: str | Path,
    *,
    mode: str = "strict",
    length_ratio_min: float = 0.5,
    length_ratio_max: float = 2.0,
    length_unit: str = "chars",
    mean_length_tolerance: float | None = None,
    warn_rules: Iterable[str] = (),
    test_fraction: float = 0.15,
    seed: int = 0,
    report_path: str | Path | None = None,
    extra_rows: Sequence[dict] = (),
) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Load, validate and split a source (no subsampling): (train, test, report)."""
    rows, findings, files = load_rows(source)
    rows += list(extra_rows)
    n_assigned = assign_splits(rows, test_fraction, seed)
    kept, report = validate_dataset(
        rows, findings, mode=mode, length_ratio_min=length_ratio_min, length_ratio_max=length_ratio_max,
        length_unit=length_unit, mean_length_tolerance=mean_length_tolerance, warn_rules=warn_rules,
        report_path=report_path, source=str(source), files=files)
    report["rows_auto_split"] = n_assigned
    train = [r for r in kept if r["split"] == "train"]
    test = [r for r in kept if r["split"] == "test"]
    if not train or not test:
        _write_report(report, Path(report_path) if report_path else None)
        see = f" (see {report_path})" if report_path else ""
        raise DataSourceError(f"data source {str(source)!r}: {len(train)} train and {len(test)} test rows "
                              f"left after validation; both splits need rows{see}")
    return train, test, report


def build_dataset(P, paths) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Notebook 01's stage: load the configured source, optionally expand it by synthesis, validate,
    subsample (seeded, mask-stratified), and write ``train.jsonl``, ``test.jsonl`` and the report.

    Returns (train, test, report); rows are in the public schema (no provenance keys).
    """
    D = P.data
    extra: list[dict] = []
    synth_summary = None
    if D.synthesis.enabled:
        from dpeer_lib.data.synthesis import synthesize

        avoid: set[str] = set()
        try:
            base_rows, _, _ = load_rows(D.source)
            avoid = {scenario_key(r) for r in base_rows if r.get("split") == "test"}
        except DataSourceError:
            pass
        result = synthesize(D.synthesis, cache_dir=paths.cache / "synthesis", seed=P.run.seed, avoid_scenes=avoid)
        extra = result.rows
        synth_summary = result.summary()
    train, test, report = load_dataset(
        D.source, mode=D.mode, length_ratio_min=D.length_ratio_min, length_ratio_max=D.length_ratio_max,
        length_unit=D.length_unit, mean_length_tolerance=D.mean_length_tolerance, warn_rules=D.warn_rules,
        test_fraction=D.test_fraction, seed=P.run.seed, report_path=paths.validation_report, extra_rows=extra)
    n_train, n_test = len(train), len(test)
    train = [public_row(r) for r in stratified_subsample(train, D.max_train_rows, P.run.seed)]
    test = [public_row(r) for r in stratified_subsample(test, D.max_test_rows, P.run.seed + 1)]
    write_split(train, paths.train_jsonl)
    write_split(test, paths.test_jsonl)
    report["synthesis"] = synth_summary
    report["subsample"] = {"train": [n_train, len(train)], "test": [n_test, len(test)]}
    report["stats"] = dataset_stats(train, test, D.length_unit)
    report["outputs"] = {"train": str(paths.train_jsonl), "test": str(paths.test_jsonl)}
    _write_report(report, paths.validation_report)
    return train, test, report
