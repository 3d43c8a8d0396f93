"""The points of a sweep: ``--grid`` (a product), ``--point`` (whole points), a sweep file, seeds, folder names.

A point is a list of ``key=value`` overrides (values are YAML, as for ``--set``) and a seed. Its folder name
(slug) is ``<key>-<value>_..._seed-<k>``, with each key shortened to its last part (two parts where two swept
keys share a last part), and is always one plain path component.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dpeer_lib.core.paths import REPO_ROOT

# Set by the sweep for every point: a point may not override them.
RESERVED = ("run.name", "run.runs_dir", "run.copy_figures_to_repo")
FILE_KEYS = ("params", "name", "grid", "points", "seeds", "set", "until", "jobs")
MAX_SLUG = 120


class SweepError(ValueError):
    """A sweep that cannot be built: a bad grid, point, key, seed count or sweep file."""


@dataclass
class SweepSpec:
    """What a sweep runs: the parameter file, the grid, explicit points, seeds and the settings shared by all."""

    params: str | None = None
    name: str | None = None
    grid: list[tuple[str, list[str]]] = field(default_factory=list)
    points: list[list[tuple[str, str]]] = field(default_factory=list)
    seeds: int | None = None
    sets: list[str] = field(default_factory=list)
    until: str | None = None
    jobs: int = 1


@dataclass(frozen=True)
class Point:
    """One run of the sweep: its overrides (``(key, YAML text)`` pairs), its seed and its folder name."""

    overrides: tuple[tuple[str, str], ...]
    seed: int | None
    slug: str
    label: str

    def sets(self) -> list[str]:
        """The ``--set`` items of this point (its seed included)."""
        seed = [] if self.seed is None else [f"run.seed={self.seed}"]
        return [f"{k}={v}" for k, v in self.overrides] + seed

    def values(self) -> dict[str, Any]:
        """The overridden keys with their parsed values."""
        return {k: _parse(v) for k, v in self.overrides}


def _parse(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text != "" else ""
    except yaml.YAMLError as err:
        raise SweepError(f"value {text!r} is not valid YAML: {err}") from None


def split_values(text: str) -> list[str]:
    """Split ``V1,V2,...`` on the commas outside brackets, braces and quotes (``[a,b],c`` is two values)."""
    out, cur, depth, quote = [], [], 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur).strip())
    return out


def _key(key: str, where: str) -> str:
    key = key.strip()
    if not key or not all(key.split(".")):
        raise SweepError(f"{where}: the key {key!r} is empty or has an empty part")
    if key in RESERVED:
        raise SweepError(f"{where}: {key} is set by the sweep for every point and cannot be swept")
    return key


def parse_grid(item: str) -> tuple[str, list[str]]:
    """``KEY=V1,V2,...`` -> ``(KEY, [V1, V2, ...])``."""
    if "=" not in item:
        raise SweepError(f"--grid {item!r}: expected KEY=V1,V2,...")
    key, text = item.split("=", 1)
    key = _key(key, f"--grid {item!r}")
    values = split_values(text)
    if any(v == "" for v in values):
        raise SweepError(f"--grid {item!r}: an empty value; expected KEY=V1,V2,...")
    if len(set(values)) != len(values):
        raise SweepError(f"--grid {item!r}: a value is given twice")
    return key, values


def parse_point(item: str) -> list[tuple[str, str]]:
    """``KEY=V[;KEY2=V2...]`` -> ``[(KEY, V), (KEY2, V2)]``: one whole point."""
    pairs = []
    for part in (p for p in item.split(";") if p.strip()):
        if "=" not in part:
            raise SweepError(f"--point {item!r}: expected KEY=VALUE[;KEY=VALUE...]")
        key, value = part.split("=", 1)
        pairs.append((_key(key, f"--point {item!r}"), value.strip()))
    return _no_repeats(pairs, f"--point {item!r}")


def _no_repeats(pairs: list[tuple[str, str]], where: str) -> list[tuple[str, str]]:
    keys = [k for k, _ in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise SweepError(f"{where}: {', '.join(twice)} given twice in one point")
    return pairs


def value_text(value: Any) -> str:
    """A YAML value as ``--set`` text: plain strings stay plain, everything else is written as JSON (valid YAML)."""
    if isinstance(value, str) and _parse(value) == value:
        return value
    return json.dumps(value)


def load_sweep_file(path: str | Path) -> SweepSpec:
    """Read a sweep file (``params/sweeps/*.yaml``): params, name, grid, points, seeds, set, until, jobs."""
    path = Path(path)
    if not path.is_file():
        raise SweepError(f"{path}: sweep file not found")
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as err:
        raise SweepError(f"{path}: not valid YAML: {err}") from None
    unknown = sorted(set(raw) - set(FILE_KEYS)) if isinstance(raw, dict) else ["<not a mapping>"]
    if unknown:
        raise SweepError(f"{path}: unknown key(s) {unknown}; a sweep file has {', '.join(FILE_KEYS)}")
    grid = [(_key(k, f"{path}: grid"), [value_text(v) for v in (vs if isinstance(vs, list) else [vs])])
            for k, vs in (raw.get("grid") or {}).items()]
    points = [_no_repeats([(_key(k, f"{path}: points"), value_text(v)) for k, v in (p or {}).items()], str(path))
              for p in raw.get("points") or []]
    params = raw.get("params")  # relative to the working directory, else to the repository
    if params and not Path(params).exists() and (REPO_ROOT / params).exists():
        params = str(REPO_ROOT / params)
    return SweepSpec(params=params, name=raw.get("name"), grid=grid, points=points, seeds=raw.get("seeds"),
                     sets=[str(s) for s in raw.get("set") or []],
                     until=None if raw.get("until") is None else str(raw["until"]), jobs=int(raw.get("jobs") or 1))


def expand(spec: SweepSpec) -> list[list[tuple[str, str]]]:
    """The points without seeds: the product of the grid, then the explicit points (one empty point if neither)."""
    keys = [k for k, _ in spec.grid]
    if len(set(keys)) != len(keys):
        raise SweepError(f"--grid: a key is given twice ({', '.join(keys)}); put both values in one --grid")
    out = [list(zip(keys, combo)) for combo in itertools.product(*(vs for _, vs in spec.grid))] if spec.grid else []
    out += [list(p) for p in spec.points]
    return out or [[]]


def _short_keys(keys: list[str]) -> dict[str, str]:
    """Each key's shortest dotted suffix that no other key ends with."""
    out = {}
    for key in keys:
        parts = key.split(".")
        for n in range(1, len(parts) + 1):
            short = ".".join(parts[-n:])
            if not any(o != key and (o == short or o.endswith("." + short)) for o in keys):
                break
        out[key] = short
    return out


def _clean(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+_-]+", "-", text).strip("-.") or "x"


def labels(points: list[list[tuple[str, str]]]) -> list[str]:
    """A readable, unique, filesystem-safe name for each point (``base`` for a point without overrides)."""
    short = _short_keys(sorted({k for p in points for k, _ in p}))
    out = []
    for p in points:
        name = "_".join(f"{_clean(short[k])}-{_clean(v)}" for k, v in p) or "base"
        digest = hashlib.sha256(json.dumps(p).encode()).hexdigest()[:6]
        if len(name) > MAX_SLUG - 20:
            name = f"{name[:MAX_SLUG - 30]}-{digest}"
        out.append(name)
    for i, name in enumerate(out):  # cleaning can make two points' names equal: tell them apart
        if out.count(name) > 1:
            out[i] = f"{name}-{hashlib.sha256(json.dumps(points[i]).encode()).hexdigest()[:6]}"
    return out


def build_points(spec: SweepSpec, base_seed: int) -> list[Point]:
    """Every (point, seed) of the sweep, seeds inner: ``--seeds N`` gives run.seed = base_seed + 0..N-1."""
    raw = expand(spec)
    if spec.seeds is not None and (not isinstance(spec.seeds, int) or spec.seeds < 1):
        raise SweepError(f"--seeds {spec.seeds!r}: expected a whole number >= 1")
    if spec.seeds is not None and any(k == "run.seed" for p in raw for k, _ in p):
        raise SweepError("run.seed is swept and --seeds is given: use one or the other")
    out = []
    for p, label in zip(raw, labels(raw)):
        seeds = [base_seed + k for k in range(spec.seeds)] if spec.seeds else [None]
        for seed in seeds:
            own = next((v for k, v in p if k == "run.seed"), None)
            shown = seed if seed is not None else (own if own is not None else base_seed)
            out.append(Point(tuple(p), seed, f"{label}_seed-{_clean(str(shown))}", label))
    return out
