"""The PersonaKnob row schema (DESIGN §9): its fields, masks, scenario keys and value normalisation.

Every row, whatever its source, becomes::

    id, mask (list[str]), seed_scene, context, trigger, prompt, golden,
    reject_A, reject_T, reject_E, reject_C, split  (+ domain)

An inactive dimension's reject is ``""``.
"""
from __future__ import annotations

import ast
import json
import math
import re
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from dpeer_lib.core.params import DIMENSIONS

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


# --------------------------------------------------------------------------- value normalisation
def is_missing(v: Any) -> bool:
    """True for None, NaN and the pandas missing values."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NAType", "NaTType")  # pandas missing values, without importing pandas


def to_text(v: Any) -> tuple[str, str | None]:
    """Return (text, problem). Lists/objects are a problem; None/NaN become ""."""
    if is_missing(v):
        return "", None
    if isinstance(v, str):
        return v.replace("\r\n", "\n").replace("\r", "\n").strip(), None
    if isinstance(v, bool):
        return str(v), None
    if isinstance(v, (int, float)):
        return (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)), None
    if hasattr(v, "item") and getattr(v, "ndim", 1) == 0:  # numpy scalar
        return to_text(v.item())
    return "", f"expected text, got {type(v).__name__}"


# --------------------------------------------------------------------------- masks
class MaskError(ValueError):
    """A mask that cannot be parsed."""


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
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
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
    return [c for k in range(1, 5) for c in combinations(DIMENSIONS, k)]


# --------------------------------------------------------------------------- rows
def scenario_key(row: dict) -> str:
    """The scenario a row belongs to: its seed scene, case- and whitespace-normalised."""
    return " ".join(str(row.get("seed_scene", "")).split()).casefold()


def text_length(text: str, unit: str = "chars") -> int:
    """Length of a text in the unit of the length rules: characters or words."""
    return len(text.split()) if unit == "words" else len(text)


def split_from_name(path: Path) -> str | None:
    """``train.csv``, ``PersonaKnob_test.csv``, ``train-00000-of-00001.parquet`` -> the split."""
    m = re.search(r"(?:^|[_\-.\s])(train|test)(?:$|[_\-.\s])", path.stem.lower())
    return m.group(1) if m else None


def public_row(row: dict) -> dict:
    """The row with schema keys only (provenance dropped), in schema order."""
    out = {k: row.get(k, "" if k != "mask" else []) for k in ROW_FIELDS}
    out["mask"] = list(row.get("mask") or [])
    if "domain" in row:
        out["domain"] = row.get("domain") or ""
    return out
