"""Execute the ordered notebooks with papermill, record a manifest, skip what is up to date."""
from __future__ import annotations

import hashlib
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from dpeer_lib.core.params import Params
from dpeer_lib.core.paths import REPO_ROOT, RunPaths
from dpeer_lib.core.provenance import git_commit, library_digest, package_versions

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
# Folders of the run that are not artifacts of any one notebook.
NOT_ARTIFACTS = ("notebooks", "cache", "manifest.json")


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names the notebook, the cell and the exception."""


def discover(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The ordered notebooks ``NN_*.ipynb``."""
    return sorted(p for p in notebook_dir.glob("[0-9][0-9]_*.ipynb"))


def select(notebooks: list[Path], only: list[str] | None, start: str | None) -> list[Path]:
    """Apply ``--only NN`` (repeatable) and ``--from NN``."""
    def num(p: Path) -> str:
        return p.name[:2]

    known = {num(p) for p in notebooks}
    for n in [*(only or []), *([start] if start else [])]:
        if n.zfill(2) not in known:
            raise SystemExit(f"no notebook numbered {n!r}; have {', '.join(sorted(known))}")
    out = notebooks
    if start:
        out = [p for p in out if num(p) >= start.zfill(2)]
    if only:
        wanted = {n.zfill(2) for n in only}
        out = [p for p in out if num(p) in wanted]
    return out


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


def input_key(nb: Path, P: Params, upstream: dict[str, str], lib: str) -> str:
    """What a notebook's result depends on: its source, the parameters, the library and upstream artifacts."""
    blob = json.dumps(
        {"notebook": sha256_file(nb), "params": P.digest(), "library": lib, "upstream": upstream},
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


def run(P: Params, run_name: str | None = None, only: list[str] | None = None, start: str | None = None,
        notebooks: list[Path] | None = None, force: bool = False, log=print) -> dict:
    """Execute the selected notebooks in order; return the manifest. Raises NotebookFailed."""
    import papermill as pm

    name = run_name or P.run.name
    paths = RunPaths(REPO_ROOT / P.run.runs_dir / name).ensure()
    paths.notebooks.mkdir(parents=True, exist_ok=True)
    all_nbs = notebooks if notebooks is not None else discover()
    if not all_nbs:
        raise SystemExit(f"no notebooks found in {NOTEBOOK_DIR}")
    chosen = select(all_nbs, only, start)
    manifest = load_manifest(paths)
    manifest.update({
        "run_name": name, "params": P.model_dump(mode="json"), "params_hash": P.digest(),
        "git_commit": git_commit(), "packages": package_versions(), "python": sys.version.split()[0],
    })
    entries: dict = manifest.setdefault("notebooks", {})
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
        if (not force and entry.get("status") == "ok" and entry.get("input_key") == key
                and _artifacts_intact(paths.root, entry.get("artifacts", {}), _last_written(entries, all_nbs))):
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
        try:
            pm.execute_notebook(
                str(nb), str(out), parameters={"run_dir": str(paths.root), "params": params_json},
                kernel_name="python3", cwd=str(REPO_ROOT), progress_bar=False,
                # The kernel's own log (not cell output) warns on every start that its loopback TCP is
                # unencrypted; keep its errors only, so the runner prints one line per notebook.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except Exception as err:  # papermill raises PapermillExecutionError with the cell
            entry.update(status="failed", seconds=round(time.time() - t0, 1), error=str(err)[-2000:])
            write_manifest(paths, manifest)
            raise NotebookFailed(_failure_message(nb, out, err)) from None
        after = _artifact_files(paths.root)
        produced = sorted(k for k, v in after.items() if before.get(k) != v)
        # A notebook owns what it wrote now plus what it owned before and still exists.
        owned = set(produced) | {k for k in previous if k in after}
        entry.update(status="ok", seconds=round(time.time() - t0, 1),
                     artifacts={k: sha256_file(paths.root / k) for k in sorted(owned)})
        upstream.update(entry["artifacts"])
        write_manifest(paths, manifest)
        log(f"{label:40s} ok in {entry['seconds']:.1f} s")
    write_manifest(paths, manifest)
    return manifest
