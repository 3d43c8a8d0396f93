"""Loading a data source: resolving it to files (a path, a folder, ``personaknob_lite`` or a hub id),
reading and normalising them, giving rows without a split one, validating, and the splits on disk.

A source that cannot be read at all raises :class:`DataSourceError` naming it; everything wrong
inside a readable file is a validator finding.
"""
from __future__ import annotations

import json
import os
import random
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

from dpeer_lib.core.jsonl import JsonlError, iter_jsonl
from dpeer_lib.core.params import DataSection
from dpeer_lib.core.paths import DATA_DIR, REPO_ROOT, is_hub_id
from dpeer_lib.data.readers import normalize_file, read_file
from dpeer_lib.data.schema import DATA_SUFFIXES, SPLITS, public_row, scenario_key, split_from_name
from dpeer_lib.data.validate import Finding, validate_dataset, write_report

LITE_DIR = DATA_DIR / "personaknob_lite"
HUB_ID = "qisein/PersonaKnob"


class DataSourceError(ValueError):
    """The configured source cannot be read at all (not found, hub unreachable, nothing usable)."""


# --------------------------------------------------------------------------- source resolution
def _looks_like_hub_id(source: str) -> bool:
    """``hf:org/name``, or ``org/name`` without a path prefix or a data-file suffix (``rows/x.csv`` is a path)."""
    return source.startswith("hf:") or is_hub_id(source)


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
    if not candidates[0].is_absolute() and (root / s).resolve() != candidates[0].resolve():
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
    looked = " and ".join(str(p.resolve()) for p in candidates)
    raise DataSourceError(f"data source {s!r}: no such file or folder (looked in {looked}), "
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


# --------------------------------------------------------------------------- splitting
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


def load_dataset(
    settings: DataSection,
    *,
    seed: int = 0,
    report_path: str | Path | None = None,
    extra_rows: Sequence[dict] = (),
) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Load, validate and split ``settings.source`` (no subsampling): (train, test, report)."""
    source = settings.source
    rows, findings, files = load_rows(source)
    rows += list(extra_rows)
    n_assigned = assign_splits(rows, settings.test_fraction, seed)
    kept, report = validate_dataset(rows, findings, settings, report_path=report_path, files=files)
    report["rows_auto_split"] = n_assigned
    train = [r for r in kept if r["split"] == "train"]
    test = [r for r in kept if r["split"] == "test"]
    if not train or not test:
        write_report(report, Path(report_path) if report_path else None)
        see = f" (see {report_path})" if report_path else ""
        # name the causes: in lenient mode a file-level error (encoding, a missing column) drops whole files
        errors = [Finding(**f) for f in report["findings"] if f["severity"] == "error"]
        causes = "".join(f"\n  {f}" for f in errors[:10]) + (f"\n  ... and {len(errors) - 10} more"
                                                            if len(errors) > 10 else "")
        raise DataSourceError(f"data source {str(source)!r}: {len(train)} train and {len(test)} test rows "
                              f"left after validation; both splits need rows{see}"
                              + (f". Dropped because of:{causes}" if causes else ""))
    return train, test, report


# --------------------------------------------------------------------------- the normalised splits on disk
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
    try:
        for lineno, row in iter_jsonl(path):
            if not isinstance(row.get("mask"), list) or "golden" not in row:
                raise DataSourceError(f"{path}, line {lineno}: not a PersonaKnob row (needs mask list and golden)")
            rows.append(row)
    except JsonlError as err:
        raise DataSourceError(str(err)) from None
    return rows
