"""Execute the ordered notebooks with papermill, record a manifest, skip what is up to date."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from dpeer_lib.core import download, timing
from dpeer_lib.core.params import Params
from dpeer_lib.core.paths import REPO_ROOT, RunPaths
from dpeer_lib.core.provenance import git_commit, library_digest, package_versions
from dpeer_lib.core.runlock import LOCK_NAME, RunLock, RunLocked

# The ordered notebooks; DPEER_NOTEBOOK_DIR points the runner at another folder of NN_*.ipynb (tests use it).
NOTEBOOK_DIR = Path(os.environ.get("DPEER_NOTEBOOK_DIR") or REPO_ROOT / "notebooks")
# Folders of the run that are not artifacts of any one notebook.
NOT_ARTIFACTS = ("notebooks", "cache", "manifest.json", "stage_status.json", "phases.jsonl", download.RUN_LOG_NAME,
                 LOCK_NAME)
OK = "ok"
# A notebook's own metadata ``"dpeer": {"params": [...]}`` names the parameters it reads (top-level sections or
# dotted keys such as ``run.seed``); its input key hashes only those, so that a sweep over a later stage's key
# leaves it up to date. No declaration, or ``"*"``, means every parameter. ``"dpeer": {"sweep": true}`` marks a
# sweep-only notebook (07, the sweep summary): a normal run does not discover it.
ALL_PARAMS = "*"


class RunError(RuntimeError):
    """The run cannot start or go on: a bad run name, a locked or unwritable folder, a failed upstream."""


class NotebookFailed(RunError):
    """A notebook raised; the message names the notebook, the cell and the exception."""


class StageDegraded(RunError):
    """A notebook finished with part of its work missing; downstream notebooks must not use it."""


class RunInterrupted(RunError):
    """Ctrl-C (or SIGTERM) during a notebook; the manifest says so and a rerun resumes."""


def check_run_name(name: str) -> str:
    """A run name is one path component: not empty, no separator, not ``.`` or ``..``."""
    bad = (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
           or name != name.strip() or name.startswith("-"))
    if bad:
        raise RunError(f"run name {name!r} is not a plain folder name: use letters, digits, '-', '_' or '.', "
                       "without '/', '..', or leading/trailing spaces (it becomes runs/<name>/)")
    return name


def notebook_meta(nb: Path) -> dict:
    """The notebook-level ``dpeer`` metadata (``params``, ``sweep``); empty when absent."""
    try:
        return dict(json.loads(nb.read_text(encoding="utf-8")).get("metadata", {}).get("dpeer") or {})
    except (OSError, json.JSONDecodeError):
        return {}


def notebook_params(nb: Path) -> list[str] | None:
    """The parameter keys a notebook declares it reads; None means all of them."""
    keys = notebook_meta(nb).get("params")
    if keys is None or ALL_PARAMS in keys:
        return None
    return sorted(set(keys))


def discover(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The ordered notebooks ``NN_*.ipynb`` of a run (sweep-only notebooks excluded)."""
    return sorted(p for p in notebook_dir.glob("[0-9][0-9]_*.ipynb") if not notebook_meta(p).get("sweep"))


def select(notebooks: list[Path], only: list[str] | None, start: str | None) -> list[Path]:
    """Apply ``--only NN`` (repeatable) and ``--from NN``."""
    def num(p: Path) -> str:
        return p.name[:2]

    known = {num(p) for p in notebooks}
    for n in [*(only or []), *([start] if start else [])]:
        if n.zfill(2) not in known:
            raise RunError(f"no notebook numbered {n!r}; have {', '.join(sorted(known))}")
    out = notebooks
    if start:
        out = [p for p in out if num(p) >= start.zfill(2)]
    if only:
        wanted = {n.zfill(2) for n in only}
        out = [p for p in out if num(p) in wanted]
    return out


def check_upstream(chosen: list[Path], all_nbs: list[Path], entries: dict) -> None:
    """Refuse to run a notebook on the artifacts of an earlier notebook that did not finish cleanly.

    Every earlier notebook (in run order) is upstream. One that runs in this invocation is fine; one that does not
    must have finished ``ok`` in this run folder.
    """
    first = min(all_nbs.index(nb) for nb in chosen)
    for nb in all_nbs[:first]:
        status = entries.get(nb.stem, {}).get("status", "never run")
        if status != OK:
            later = all_nbs[first].stem
            raise RunError(f"{later} needs {nb.stem}, whose last run here is {status!r}; its artifacts cannot be "
                           f"trusted. Run it first: drop --only, or use --from {nb.name[:2]}")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _artifact_files(root: Path) -> dict[str, tuple[int, int]]:
    """Files of the run that notebooks produce, with (size, mtime_ns) to detect changes cheaply."""
    out = {}
    if not root.exists():
        return out
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if p.is_file() and rel.parts[0] not in NOT_ARTIFACTS:
            st = p.stat()
            out[rel.as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


def load_manifest(paths: RunPaths) -> dict:
    if paths.manifest.is_file():
        try:
            return json.loads(paths.manifest.read_text())
        except json.JSONDecodeError:
            print(f"warning: {paths.manifest} is not valid JSON; starting a new manifest", file=sys.stderr)
    return {"notebooks": {}}


def write_manifest(paths: RunPaths, manifest: dict) -> None:
    tmp = paths.manifest.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    tmp.replace(paths.manifest)


def params_subset(P: Params, keys: list[str] | None) -> dict:
    """The values of ``keys`` (sections or dotted keys) in ``P``; every parameter when ``keys`` is None."""
    dump = P.model_dump(mode="json")
    if keys is None:
        return dump
    out = {}
    for key in keys:
        cur = dump
        for part in key.split("."):
            if not isinstance(cur, dict) or part not in cur:
                raise RunError(f"a notebook declares that it reads parameter {key!r}, which does not exist")
            cur = cur[part]
        out[key] = cur
    return out


def params_digest(nb: Path, P: Params) -> str:
    """Hash of the parameters notebook ``nb`` declares it reads (all of them without a declaration)."""
    blob = json.dumps(params_subset(P, notebook_params(nb)), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def input_key(nb: Path, P: Params, upstream: dict[str, str], lib: str) -> str:
    """What a notebook's result depends on: its source, the parameters it reads, the library, upstream artifacts."""
    blob = json.dumps(
        {"notebook": sha256_file(nb), "params": params_digest(nb, P), "library": lib, "upstream": upstream},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _artifacts_intact(root: Path, artifacts: dict[str, str], last_written: dict[str, str]) -> bool:
    """Every artifact exists with the content its last writer recorded (a later notebook may append to it)."""
    return all((root / rel).is_file() and sha256_file(root / rel) == last_written.get(rel, digest)
               for rel, digest in artifacts.items())


def _last_written(entries: dict, order: list[Path]) -> dict[str, str]:
    """The hash of each artifact as recorded by the last notebook (in run order) that wrote it."""
    out: dict[str, str] = {}
    for nb in order:
        out.update(entries.get(nb.stem, {}).get("artifacts", {}))
    return out


def _up_to_date(entry: dict, key: str, root: Path, entries: dict, all_nbs: list[Path]) -> bool:
    """A notebook's last run here finished ok on the same input key, and its artifacts are as it left them."""
    return (entry.get("status") == OK and entry.get("input_key") == key
            and _artifacts_intact(root, entry.get("artifacts", {}), _last_written(entries, all_nbs)))


def outdated(P: Params, root: Path, chosen: list[Path], all_nbs: list[Path]) -> list[str]:
    """The notebooks of ``chosen`` a run in ``root`` would execute: the first one not up to date and all after it."""
    paths = RunPaths(root)
    entries = load_manifest(paths).get("notebooks", {}) if paths.manifest.is_file() else {}
    lib = library_digest()
    upstream: dict[str, str] = {}
    for nb in all_nbs:
        entry = entries.get(nb.stem, {})
        if nb in chosen and not _up_to_date(entry, input_key(nb, P, upstream, lib), paths.root, entries, all_nbs):
            return [p.stem for p in chosen[chosen.index(nb):]]
        upstream.update(entry.get("artifacts", {}))
    return []


def adopt(root: Path, donor: Path, stems: list[str], extra: dict | None = None, log=print) -> list[str]:
    """Copy the artifacts and manifest entries of notebooks ``stems`` from the run folder ``donor`` into ``root``.

    A run in ``root`` then skips them as up to date when its input keys match the donor's (same notebook, same
    declared parameters, same upstream artifacts). Copies stop at the first stem the donor did not finish ``ok``
    or whose artifacts a later notebook of the donor changed. Files are copied, not linked: a notebook may
    rewrite a file in place. ``extra`` sets top-level manifest keys (the sweep names its point). Returns the
    stems copied (those already present with the donor's key are kept as they are).
    """
    theirs_all = load_manifest(RunPaths(donor)).get("notebooks", {}) if donor else {}
    paths = RunPaths(root)
    paths.ensure()
    copied: list[str] = []
    with RunLock(root, log=log):
        manifest = load_manifest(paths)
        manifest.update(extra or {})
        entries = manifest.setdefault("notebooks", {})
        for stem in stems:
            theirs, mine = theirs_all.get(stem, {}), entries.get(stem, {})
            arts = theirs.get("artifacts", {})
            if theirs.get("status") != OK or not all(
                    (donor / rel).is_file() and sha256_file(donor / rel) == d for rel, d in arts.items()):
                break
            if mine.get("status") == OK and mine.get("input_key") == theirs.get("input_key") and _artifacts_intact(
                    root, mine.get("artifacts", {}), mine.get("artifacts", {})):
                continue
            for rel in mine.get("artifacts", {}):
                (root / rel).unlink(missing_ok=True)
            for rel in arts:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(donor / rel, root / rel)
            entries[stem] = {**copy.deepcopy(theirs), "shared_from": str(donor)}
            copied.append(stem)
        write_manifest(paths, manifest)
    return copied


def write_run_info(paths: RunPaths, manifest: dict) -> Path:
    """``tables/run_info.md``: the run's name, seed and parameter hash (and sweep point), next to its tables."""
    prm = manifest["params"]
    lines = [f"Run `{manifest['run_name']}`: profile {prm['profile']}, seed {prm['run']['seed']} (run.seed; "
             f"generation.seed {prm['generation']['seed']}), parameters {manifest['params_hash']}."]
    point = manifest.get("sweep")
    if point:
        sets = ", ".join(f"{k}={json.dumps(v)}" for k, v in point.get("overrides", {}).items()) or "no overrides"
        lines.append(f"Sweep `{point.get('name')}`, point `{point.get('point')}`: {sets}.")
    out = paths.tables / "run_info.md"
    text = "\n".join(lines) + "\n"
    if not out.is_file() or out.read_text() != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
    return out


def _failure_message(nb: Path, out: Path, err: Exception) -> str:
    cell = getattr(err, "cell_index", None)
    if cell is not None and out.is_file():
        # papermill inserts an injected-parameters cell: report the index in the source notebook.
        import nbformat

        cells = nbformat.read(out, as_version=4).cells
        if any("injected-parameters" in c.metadata.get("tags", []) for c in cells[:cell]):
            cell -= 1
    ename = getattr(err, "ename", type(err).__name__)
    evalue = getattr(err, "evalue", str(err))
    where = f"cell {cell} (counting from 0)" if cell is not None else "an unknown cell"
    source = getattr(err, "source", "")
    first = source.strip().splitlines()[0] if source and source.strip() else ""
    return (f"notebook {nb.name} failed at {where}" + (f" ({first[:80]!r})" if first else "")
            + f": {ename}: {evalue}\n  partly executed notebook kept at {out}")


def omp_wait_policy(load: float, cores: int, threads: int | None) -> str | None:
    """``PASSIVE`` when other processes already use a core this run's torch threads need, else None (spin).

    With OpenMP's default (threads spin while they wait), 2 torch threads on 2 cores beside one busy
    process ran 6.3x slower than idle, where a fair share of the cores would be 1.5x; ``PASSIVE`` kept it
    at 1.4x but cost 31% on an idle machine (``benchmarks/contention.py``, README). So: spin when idle.
    """
    if (threads or cores) < 2:
        return None  # one thread never waits for another
    return "PASSIVE" if load >= 0.5 else None


def run(P: Params, run_name: str | None = None, only: list[str] | None = None, start: str | None = None,
        notebooks: list[Path] | None = None, force: bool = False, log=print) -> dict:
    """Execute the selected notebooks in order; return the manifest. Raises NotebookFailed."""
    if "OMP_WAIT_POLICY" not in os.environ:  # the user's setting wins; the kernels inherit this one
        policy = omp_wait_policy(os.getloadavg()[0], len(os.sched_getaffinity(0)), P.compute.torch_threads)
        if policy:
            os.environ["OMP_WAIT_POLICY"] = policy
            log(f"load average {os.getloadavg()[0]:.1f}: other processes use the cores, so the notebooks run "
                f"with OMP_WAIT_POLICY={policy} (set OMP_WAIT_POLICY=ACTIVE to override)")
    name = check_run_name(P.run.name if run_name is None else run_name)
    all_nbs = notebooks if notebooks is not None else discover()
    if not all_nbs:
        raise RunError(f"no notebooks found in {NOTEBOOK_DIR}")
    chosen = select(all_nbs, only, start)  # before any folder is made: a bad --only leaves nothing behind
    root = REPO_ROOT / P.run.runs_dir / name
    try:
        RunPaths(root).ensure()
        (root / "notebooks").mkdir(exist_ok=True)
    except OSError as err:
        raise RunError(f"cannot create the run folder {root}: {err.strerror or err}; "
                       "choose a writable one with --set run.runs_dir=PATH") from None
    try:
        with RunLock(root, log=log):
            return _run_locked(P, RunPaths(root), name, all_nbs, chosen, force, log)
    except RunLocked as err:
        raise RunError(str(err)) from None


def _execute(pm, nb: Path, out: Path, parameters: dict) -> None:
    pm.execute_notebook(
        str(nb), str(out), parameters=parameters,
        kernel_name="python3", cwd=str(REPO_ROOT), progress_bar=False,
        # The kernel's own log (not cell output) warns on every start that its loopback TCP is unencrypted,
        # and prints a traceback when Ctrl-C shuts it down mid-cell. Cell errors reach us through papermill,
        # a dead kernel as DeadKernelError: its log is silenced but for crashes.
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )


def execute_notebook(nb: Path, out: Path, parameters: dict) -> None:
    """Execute one notebook outside a run (the sweep summary); raises NotebookFailed naming the cell."""
    import papermill as pm

    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        _execute(pm, nb, out, parameters)
    except Exception as err:  # papermill raises PapermillExecutionError with the cell
        raise NotebookFailed(_failure_message(nb, out, err)) from None


def _interrupted(paths: RunPaths, manifest: dict, entry: dict, stem: str, t0: float) -> RunInterrupted:
    entry.update(status="interrupted", seconds=round(time.time() - t0, 1))
    write_manifest(paths, manifest)
    return RunInterrupted(f"interrupted during {stem}; rerun the same command to resume")


def _run_locked(P: Params, paths: RunPaths, name: str, all_nbs: list[Path], chosen: list[Path], force: bool,
                log) -> dict:
    """The body of ``run`` while the run folder's lock is held."""
    import papermill as pm  # heavy (nbconvert, jupyter_client); only a real run needs it

    manifest = load_manifest(paths)
    manifest.update({
        "run_name": name, "params": P.model_dump(mode="json"), "params_hash": P.digest(),
        "git_commit": git_commit(), "packages": package_versions(), "python": sys.version.split()[0],
    })
    entries: dict = manifest.setdefault("notebooks", {})
    check_upstream(chosen, all_nbs, entries)
    write_run_info(paths, manifest)
    lib = library_digest()
    upstream: dict[str, str] = {}
    params_json = P.model_dump(mode="json")
    for i, nb in enumerate(all_nbs):
        stem = nb.stem
        entry = entries.get(stem, {})
        if nb not in chosen:
            upstream.update(entry.get("artifacts", {}))
            continue
        key = input_key(nb, P, upstream, lib)
        label = f"[{chosen.index(nb) + 1}/{len(chosen)}] {stem}"
        if not force and _up_to_date(entry, key, paths.root, entries, all_nbs):
            log(f"{label:40s} skipped (up to date)")
            upstream.update(entry["artifacts"])
            continue
        out = paths.notebooks / nb.name
        previous = entry.get("artifacts", {})
        before = _artifact_files(paths.root)
        t0 = time.time()
        entry = {"status": "running", "started": datetime.now(timezone.utc).isoformat(), "input_key": key}
        entries[stem] = entry
        write_manifest(paths, manifest)
        log(f"{label:40s} running ...")
        paths.stage_status.unlink(missing_ok=True)
        paths.phases.unlink(missing_ok=True)
        downloads = paths.root / download.RUN_LOG_NAME  # the inputs it fetches, with their sha256
        downloads.unlink(missing_ok=True)
        try:
            with download.logging_to(downloads):
                _execute(pm, nb, out, {"run_dir": str(paths.root), "params": params_json})
        except KeyboardInterrupt:
            raise _interrupted(paths, manifest, entry, stem, t0) from None
        except Exception as err:  # papermill raises PapermillExecutionError with the cell
            if getattr(err, "ename", "") == "KeyboardInterrupt":  # Ctrl-C reached the kernel first
                raise _interrupted(paths, manifest, entry, stem, t0) from None
            entry.update(status="failed", seconds=round(time.time() - t0, 1), error=str(err)[-2000:],
                         phases=timing.summarise(paths.phases, time.time() - t0),
                         downloads=download.summarise(downloads))
            write_manifest(paths, manifest)
            raise NotebookFailed(_failure_message(nb, out, err)) from None
        after = _artifact_files(paths.root)
        produced = sorted(k for k, v in after.items() if before.get(k) != v)
        # A notebook owns what it wrote now plus what it owned before and still exists.
        owned = set(produced) | {k for k in previous if k in after}
        entry.update(status=OK, seconds=round(time.time() - t0, 1),
                     artifacts={k: sha256_file(paths.root / k) for k in sorted(owned)},
                     phases=timing.summarise(paths.phases, time.time() - t0),
                     downloads=download.summarise(downloads))
        upstream.update(entry["artifacts"])
        if paths.stage_status.is_file():
            problems = json.loads(paths.stage_status.read_text())["problems"]
            entry.update(status="degraded", problems=problems)
            write_manifest(paths, manifest)
            what = "; ".join(f"{p['reason']}: " + ", ".join(f"{k} {v}" for k, v in p["counts"].items())
                             for p in problems)
            log(f"{label:40s} degraded in {entry['seconds']:.1f} s ({what})")
            raise StageDegraded(f"{stem} finished with work missing ({what}); later notebooks were not run. "
                                "Rerun the same command once the cause is fixed: only the missing work is redone")
        write_manifest(paths, manifest)
        log(f"{label:40s} ok in {entry['seconds']:.1f} s")
    write_manifest(paths, manifest)
    return manifest
