"""Drive a sweep: validate every point first, run the points through the runner, then the summary notebook.

Each point is an ordinary run (``python -m dpeer_lib run`` in a subprocess) in ``runs/<name>/<point>/``.
Before a point runs, the notebooks it has in common with an earlier point are copied from that point (the
*donor*) with their manifest entries, so the runner skips them as up to date. Two points have notebook ``NN``
in common when ``NN`` and every notebook before it read the same declared parameters (see
``core.runner.notebook_params``): a sweep over ``train.lagdpo.*`` shares 01 and 02, one over ``irt.*``
everything before 05. The runner still checks every input key, so a wrong share is rerun, not trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dpeer_lib.core.faults import maybe_fail
from dpeer_lib.core.params import Params, ParamsError, anchor_local_paths, load_params
from dpeer_lib.core.paths import REPO_ROOT
from dpeer_lib.core.runlock import RunLock, RunLocked
from dpeer_lib.core.runner import (RunError, RunInterrupted, adopt, check_run_name, discover, execute_notebook,
                                   notebook_meta, outdated, params_digest, select, sha256_file)
from dpeer_lib.sweep.grid import Point, SweepError, SweepSpec, build_points

SWEEP_JSON = "sweep.json"
DONE = ("ok", "finished")


class PointFailed(RunError):
    """A point's run failed; the sweep stopped starting points and skipped the summary."""


@dataclass
class PlannedPoint:
    """A point with its validated parameters, run folder, ``--set`` items and sharing."""

    point: Point
    P: Params
    root: Path
    sets: list[str]
    sigs: list[str]
    donor: int | None = None
    shared: list[str] = field(default_factory=list)
    status: str = "pending"  # pending | running | ok | failed | finished (up to date before this invocation)
    started: float = 0.0
    seconds: float | None = None


@dataclass
class Sweep:
    """A validated sweep: its folder, points and the notebooks every point runs."""

    spec: SweepSpec
    name: str
    root: Path
    points: list[PlannedPoint]
    chosen: list[Path]
    all_nbs: list[Path]
    notebook_dir: Path


def _signatures(P: Params, nbs: list[Path]) -> list[str]:
    """Per notebook, a hash of it and every earlier notebook with the parameters each declares it reads."""
    out, h = [], ""
    for nb in nbs:
        h = hashlib.sha256(f"{h}|{sha256_file(nb)}|{params_digest(nb, P)}".encode()).hexdigest()[:16]
        out.append(h)
    return out


def _common(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _chosen(all_nbs: list[Path], until: str | None) -> list[Path]:
    if until is None:
        return list(all_nbs)
    select(all_nbs, [until], None)  # an unknown NN is a clear error
    return [p for p in all_nbs if p.name[:2] <= until.zfill(2)]


def plan(spec: SweepSpec, check: Callable[[Params], None] | None = None, notebook_dir: Path | None = None,
         cwd: Path | None = None) -> Sweep:
    """Validate every point's parameters (errors name the point and key) and decide what each point shares."""
    if not spec.params:
        raise SweepError("no parameter file: give --params P.yaml (or params: in the sweep file)")
    nb_dir = Path(notebook_dir or os.environ.get("DPEER_NOTEBOOK_DIR") or REPO_ROOT / "notebooks")
    base = load_params(spec.params, spec.sets)
    name = check_run_name(spec.name or f"sweep-{Path(spec.params).stem}")
    root = REPO_ROOT / base.run.runs_dir / name
    all_nbs = discover(nb_dir)
    if not all_nbs:
        raise RunError(f"no notebooks found in {nb_dir}")
    chosen = _chosen(all_nbs, spec.until)
    planned = []
    for pt in build_points(spec, base.run.seed):
        sets = [*spec.sets, *pt.sets(), f"run.runs_dir={root}", "run.copy_figures_to_repo=false"]
        try:
            P = anchor_local_paths(load_params(spec.params, sets), cwd or Path.cwd())
            if check is not None:
                check(P)
        except ParamsError as err:
            raise ParamsError(f"sweep point {pt.slug}: {err}") from None
        planned.append(PlannedPoint(pt, P, root / pt.slug, sets, _signatures(P, chosen)))
    for i, pp in enumerate(planned):
        best = max(range(i), key=lambda j: (_common(pp.sigs, planned[j].sigs), -j), default=None)
        n = _common(pp.sigs, planned[best].sigs) if best is not None else 0
        if n:
            pp.donor, pp.shared = best, [nb.stem for nb in chosen[:n]]
    return Sweep(spec, name, root, planned, chosen, all_nbs, nb_dir)


def describe(sw: Sweep) -> str:
    """What the sweep will run: points, notebooks, and what each point takes from an earlier one."""
    lines = [f"sweep {sw.name}: {len(sw.points)} point(s) in {sw.root}, notebooks "
             f"{', '.join(nb.name[:2] for nb in sw.chosen)}"]
    for pp in sw.points:
        share = (f"shares {', '.join(s[:2] for s in pp.shared)} with {sw.points[pp.donor].point.slug}"
                 if pp.shared else "runs every notebook")
        lines.append(f"  {pp.point.slug}: {' '.join(pp.point.sets()) or '(base parameters)'}; {share}")
    return "\n".join(lines)


def _info(sw: Sweep, pp: PlannedPoint) -> dict:
    seed = {} if pp.point.seed is None else {"run.seed": pp.point.seed}
    return {"name": sw.name, "point": pp.point.slug, "label": pp.point.label, "seed": pp.P.run.seed,
            "overrides": {**pp.point.values(), **seed}}


def write_sweep_json(sw: Sweep) -> Path:
    """``runs/<name>/sweep.json``: the command's settings and every point (folder, overrides, sharing, status)."""
    out = sw.root / SWEEP_JSON
    data = {"name": sw.name, "params": str(sw.spec.params), "set": sw.spec.sets, "until": sw.spec.until,
            "seeds": sw.spec.seeds, "notebooks": [nb.stem for nb in sw.chosen],
            "points": [{**_info(sw, pp), "donor": None if pp.donor is None else sw.points[pp.donor].point.slug,
                        "shared": pp.shared, "status": pp.status, "seconds": pp.seconds} for pp in sw.points]}
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(out)
    return out


def _command(sw: Sweep, pp: PlannedPoint) -> list[str]:
    only = [a for nb in sw.chosen for a in ("--only", nb.name[:2])] if sw.chosen != sw.all_nbs else []
    sets = [a for s in pp.sets for a in ("--set", s)]
    return [sys.executable, "-m", "dpeer_lib", "run", "--params", str(Path(sw.spec.params).resolve()), *sets,
            "--run-name", pp.point.slug, *only]


def _forward(stream, prefix: str, log) -> None:
    for line in stream:
        log(f"{prefix} {line.rstrip()}")


def _start(sw: Sweep, pp: PlannedPoint, log) -> tuple[subprocess.Popen, threading.Thread]:
    """Copy what the point shares from its donor, then start its run in a subprocess (output prefixed)."""
    donor = sw.points[pp.donor].root if pp.donor is not None else None
    copied = adopt(pp.root, donor, pp.shared, extra={"sweep": _info(sw, pp)}, log=log)
    prefix = f"[{pp.point.slug}]"
    if copied:
        log(f"{prefix} shared from {sw.points[pp.donor].point.slug}: {', '.join(copied)}")
    pp.status, pp.started = "running", time.time()
    proc = subprocess.Popen(_command(sw, pp), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            bufsize=1)
    th = threading.Thread(target=_forward, args=(proc.stdout, prefix, log), daemon=True)
    th.start()
    return proc, th


def _stop(running: dict, log) -> None:
    """After Ctrl-C / SIGTERM: give the points a moment to record the interruption, then stop them."""
    deadline = time.time() + 5
    for proc, _ in running.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
    for proc, th in running.values():
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            log(f"a point (PID {proc.pid}) did not stop within 60 s of SIGTERM; killing it")
            proc.kill()
        th.join(timeout=5)


def _finish(sw: Sweep, pp: PlannedPoint, proc: subprocess.Popen, log) -> None:
    pp.seconds = round(time.time() - pp.started, 1)
    pp.status = "ok" if proc.returncode == 0 else "failed"
    what = "ok" if pp.status == "ok" else f"failed (exit code {proc.returncode})"
    log(f"[{pp.point.slug}] point {what} in {pp.seconds:.1f} s")
    write_sweep_json(sw)


def _ready(sw: Sweep, pp: PlannedPoint) -> bool:
    return pp.status == "pending" and (pp.donor is None or sw.points[pp.donor].status in DONE)


def run_points(sw: Sweep, jobs: int = 1, log=print) -> None:
    """Run every point not yet finished, ``jobs`` at a time, each after its donor; stop starting after a failure."""
    for pp in sw.points:
        if not outdated(pp.P, pp.root, sw.chosen, sw.all_nbs):
            pp.status = "finished"
            log(f"[{pp.point.slug}] skipped (finished)")
    running: dict[int, tuple[subprocess.Popen, threading.Thread]] = {}
    finished = 0
    try:
        while True:
            if not any(p.status == "failed" for p in sw.points):
                for i, pp in enumerate(sw.points):
                    if len(running) < jobs and _ready(sw, pp):
                        running[i] = _start(sw, pp, log)
            if not running:
                return
            time.sleep(0.2)
            for i, (proc, th) in list(running.items()):
                if proc.poll() is not None:
                    th.join()
                    del running[i]
                    _finish(sw, sw.points[i], proc, log)
                    finished += 1
                    maybe_fail("sweep:point", finished)  # the resume test kills the sweep here
    except KeyboardInterrupt:
        _stop(running, log)
        raise RunInterrupted("sweep interrupted; rerun the same command to resume (finished points are skipped)")


def summary_notebook(notebook_dir: Path) -> Path | None:
    """The sweep-only notebook (metadata ``"dpeer": {"sweep": true}``) of ``notebook_dir``, if any."""
    found = [p for p in sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb")) if notebook_meta(p).get("sweep")]
    return found[0] if found else None


def run_summary(sw: Sweep, log=print) -> Path | None:
    """Execute the summary notebook over the sweep folder; it writes ``tables/sweep.*`` and ``figures/``."""
    nb = summary_notebook(sw.notebook_dir)
    if nb is None:
        log(f"no sweep summary notebook in {sw.notebook_dir}; summary skipped")
        return None
    out = sw.root / "notebooks" / nb.name
    t0 = time.time()
    log(f"{nb.stem:40s} running ...")
    execute_notebook(nb, out, {"sweep_dir": str(sw.root)})
    log(f"{nb.stem:40s} ok in {time.time() - t0:.1f} s")
    return out


def run_sweep(sw: Sweep, jobs: int = 1, log=print) -> Sweep:
    """Run the sweep under its folder's lock: the points, then (when all finished) the summary."""
    sw.root.mkdir(parents=True, exist_ok=True)
    try:
        with RunLock(sw.root, log=log):
            write_sweep_json(sw)
            t0 = time.time()
            run_points(sw, jobs, log)
            failed = [pp.point.slug for pp in sw.points if pp.status == "failed"]
            if failed:
                left = sum(pp.status == "pending" for pp in sw.points)
                raise PointFailed(f"{len(failed)} point(s) failed: {', '.join(failed)} (their output is above; "
                               f"{left} not started). Rerun the same command once fixed: finished points are skipped")
            log(f"all {len(sw.points)} points finished ({time.time() - t0:.0f} s in this invocation)")
            run_summary(sw, log)
    except RunLocked as err:
        raise RunError(str(err)) from None
    return sw
