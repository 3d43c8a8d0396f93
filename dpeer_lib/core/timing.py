"""Where a notebook's time goes: named phases, summed into the run manifest.

Library code wraps its costly steps in ``with phase("generation"):`` (model loads, training steps,
generation, judging, fitting, figure saving). Phases nest: a model load inside generation is recorded as
``generation / model load``. While a notebook runs under the runner, :func:`dpeer_lib.core.nb.setup` points
the recorder at the run folder's ``phases.jsonl``; the runner folds that file into the notebook's manifest
entry (:func:`summarise`) as ``phases: {name: {"seconds", "calls"}}`` plus ``unaccounted`` (notebook time
outside any top-level phase: imports, kernel start, notebook glue). Outside a run nothing is written.
"""
from __future__ import annotations

import functools
import json
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

SEP = " / "
F = TypeVar("F", bound=Callable[..., Any])
_state = threading.local()
_target: dict[str, Path | None] = {"file": None}


def record_to(path: str | Path | None) -> None:
    """Append finished phases to ``path`` (JSON lines); None stops recording."""
    _target["file"] = Path(path) if path is not None else None


def _stack() -> list[str]:
    if not hasattr(_state, "stack"):
        _state.stack = []
    return _state.stack


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the enclosed block as ``name`` (nested in the enclosing phase, if any; a phase re-entered
    within itself, as a recursive call, counts once)."""
    stack = _stack()
    if stack and stack[-1] == name:
        yield
        return
    stack.append(name)
    label = SEP.join(stack)
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - t0
        stack.pop()
        target = _target["file"]
        if target is not None:
            with target.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"phase": label, "seconds": round(seconds, 3)}) + "\n")


def timed(name: str) -> Callable[[F], F]:
    """Decorator: every call of the function is the phase ``name``."""
    def deco(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with phase(name):
                return fn(*args, **kwargs)
        return wrapper  # type: ignore[return-value]
    return deco


def summarise(path: str | Path, total_seconds: float | None = None) -> dict:
    """Sum a ``phases.jsonl`` by phase: ``{name: {"seconds", "calls"}}``, slowest first, plus ``unaccounted``.

    Torn or foreign lines are skipped (a notebook killed mid-write must not break the manifest).
    """
    sums: dict[str, dict] = {}
    path = Path(path)
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                rec = json.loads(line)
                name, sec = str(rec["phase"]), float(rec["seconds"])
            except (ValueError, KeyError, TypeError):
                continue
            s = sums.setdefault(name, {"seconds": 0.0, "calls": 0})
            s["seconds"] += sec
            s["calls"] += 1
    out = {k: {"seconds": round(v["seconds"], 1), "calls": v["calls"]}
           for k, v in sorted(sums.items(), key=lambda kv: -kv[1]["seconds"])}
    if total_seconds is not None:
        top = sum(v["seconds"] for k, v in sums.items() if SEP not in k)
        out["unaccounted"] = {"seconds": round(max(0.0, total_seconds - top), 1), "calls": 1}
    return out
