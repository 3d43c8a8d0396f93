"""The validator: every DESIGN §8 rule, its findings, the strict/lenient decision and the report.

All findings are reported at once, each naming the file, the row (1-based record number; for CSV
also the line), the row id, the field and the reason. ``strict`` mode refuses a data set with any
error (:class:`DataValidationError`); ``lenient`` mode drops the offending rows and logs how many and
why. The settings (length bounds and unit, mean-length tolerance, warning rules, mode) are the
fields of :class:`~dpeer_lib.core.params.DataSection`, declared there once.
"""
from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from dpeer_lib.core.params import DIMENSIONS, DataSection
from dpeer_lib.data.schema import SPLITS, scenario_key, text_length
from dpeer_lib.data.stats import length_ratios

log = logging.getLogger("dpeer.data")

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


# --------------------------------------------------------------------------- findings
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


# --------------------------------------------------------------------------- the rules
def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def _finding(row: dict, rule: str, fld: str | None, reason: str, severity: str = "error") -> Finding:
    """A finding located at a row (its file, record number, line and id)."""
    return Finding(rule, str(row.get("_file", "<rows>")), row.get("_row"), row.get("id") or None,
                   fld, reason, severity, row.get("_line"))


def _content_findings(row: dict, settings: DataSection) -> list[Finding]:
    """The rules on one row's content: mask, prompt, golden and every reject."""
    out: list[Finding] = []
    mask = row.get("mask")
    if mask is not None:
        if not mask:
            out.append(_finding(row, "mask_empty", "mask", "the mask names no dimension"))
        unknown = [d for d in mask if d not in DIMENSIONS]
        if unknown:
            out.append(_finding(row, "mask_unknown_dimension", "mask",
                                f"unknown dimension(s) {unknown}; allowed: {list(DIMENSIONS)}"))
    active = set(mask or ())
    prompt, golden = row.get("prompt", ""), row.get("golden", "")
    if not str(prompt).strip():
        out.append(_finding(row, "empty_prompt", "prompt", "the prompt is empty"))
    if not str(golden).strip():
        out.append(_finding(row, "empty_golden", "golden", "the golden response is empty"))
    unit, lo, hi = settings.length_unit, settings.length_ratio_min, settings.length_ratio_max
    glen = text_length(golden, unit)
    for d in DIMENSIONS:
        fld = f"reject_{d}"
        rej = str(row.get(fld, "") or "")
        if mask is None:
            continue  # mask unparseable: already reported, reject rules would be noise
        if d in active and not rej.strip():
            out.append(_finding(row, "reject_missing", fld, f"dimension {d} is active but {fld} is empty"))
        elif d not in active and rej.strip():
            out.append(_finding(row, "reject_inactive", fld,
                                f"dimension {d} is not in the mask {list(mask)} but {fld} is set"))
        elif d in active and golden.strip():
            if _norm_ws(rej) == _norm_ws(golden):
                out.append(_finding(row, "reject_equals_golden", fld, f"{fld} is identical to golden"))
            elif glen:
                ratio = text_length(rej, unit) / glen
                if not (lo <= ratio <= hi):
                    out.append(_finding(row, "length_ratio", fld,
                                        f"len({fld})/len(golden) = {ratio:.2f} ({unit}) is outside [{lo}, {hi}]"))
    return out


def _leakage_findings(rows: Sequence[dict]) -> list[Finding]:
    """A seed scene present in both splits; the train rows are flagged (test stays intact)."""
    out: list[Finding] = []
    by_split: dict[str, dict[str, list[dict]]] = {s: defaultdict(list) for s in SPLITS}
    for row in rows:
        if row.get("split") in SPLITS and scenario_key(row):
            by_split[row["split"]][scenario_key(row)].append(row)
    for key in sorted(set(by_split["train"]) & set(by_split["test"])):
        test_ids = [r.get("id") for r in by_split["test"][key]][:5]
        for row in by_split["train"][key]:
            out.append(_finding(row, "scenario_leakage", "seed_scene",
                                f"seed scene {row['seed_scene'][:60]!r} also appears in test (ids {test_ids})"))
    return out


def _mean_length_findings(rows: Sequence[dict], unit: str, tolerance: float) -> list[Finding]:
    """Warnings for dimensions whose mean reject length is off the mean golden length by more than tolerance."""
    out: list[Finding] = []
    for d, r in length_ratios(rows, unit).items():
        if r["n"] and abs(r["ratio_of_means"] - 1) > tolerance:
            out.append(Finding("mean_length_ratio", "<dataset>", None, None, f"reject_{d}",
                               f"mean len(reject_{d}) / mean len(golden) = {r['ratio_of_means']:.2f} "
                               f"over {r['n']} rows; tolerance ±{tolerance:.0%}",
                               "warning"))
    return out


def validate_rows(rows: Sequence[dict], settings: DataSection, *, check_splits: bool = True) -> list[Finding]:
    """Check every DESIGN §8 rule over normalised rows; return all findings (never raises)."""
    out: list[Finding] = []
    seen_ids: dict[str, dict] = {}
    for i, row in enumerate(rows):
        row.setdefault("_row", i + 1)
        out += _content_findings(row, settings)
        if check_splits and row.get("split") not in SPLITS:
            out.append(_finding(row, "bad_split", "split",
                                f"split is {row.get('split')!r}; expected 'train' or 'test'"))
        rid = row.get("id")
        if rid:
            if rid in seen_ids:
                first = seen_ids[rid]
                out.append(_finding(row, "duplicate_id", "id",
                                    f"id {rid!r} already used by {first.get('_file', '<rows>')} "
                                    f"row {first.get('_row')}"))
            else:
                seen_ids[rid] = row
    out += _leakage_findings(rows)
    if settings.mean_length_tolerance is not None:
        out += _mean_length_findings(rows, settings.length_unit, settings.mean_length_tolerance)
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


# --------------------------------------------------------------------------- mode and report
def write_report(report: dict, path: Path | None) -> None:
    """Write the validation report as JSON, atomically (nothing when path is None)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    tmp.replace(path)


def validate_dataset(
    rows: list[dict],
    findings: list[Finding],
    settings: DataSection,
    *,
    report_path: str | Path | None = None,
    files: Sequence[str] = (),
) -> tuple[list[dict], dict[str, Any]]:
    """Validate rows (plus the loader's findings), apply the mode, write the report; return (kept, report).

    strict: any error raises DataValidationError (after writing the report). lenient: rows with an
    error are dropped, and the drop is logged and reported.
    """
    mode = settings.mode
    all_findings = list(findings) + validate_rows(rows, settings)
    apply_severity(all_findings, settings.warn_rules)
    errors = [f for f in all_findings if f.severity == "error"]
    report: dict[str, Any] = {
        "source": str(settings.source),
        "files": list(files),
        "mode": mode,
        "rules": RULES,
        "rows_read": len(rows),
        "n_errors": len(errors),
        "n_warnings": len(all_findings) - len(errors),
        "errors_by_rule": dict(sorted(Counter(f.rule for f in errors).items())),
        "warnings_by_rule": dict(sorted(Counter(f.rule for f in all_findings if f.severity != "error").items())),
        "findings": [asdict(f) for f in all_findings],
    }
    rp = Path(report_path) if report_path else None
    if mode == "strict":
        kept, drop = rows, {"rows_dropped": 0, "rows_dropped_by_rule": {}, "files_dropped": []}
        report.update(ok=not errors, rows_kept=len(rows) if not errors else 0, dropped=drop)
        if errors:
            write_report(report, rp)
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
    write_report(report, rp)
    return kept, report
