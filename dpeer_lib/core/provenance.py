"""What produced a run: the git commit, the library's source hash, the package versions."""
from __future__ import annotations

import hashlib
import importlib.metadata
import subprocess

from dpeer_lib.core.paths import REPO_ROOT

PACKAGES = ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "papermill",
            "statsmodels", "pandas", "numpy", "pydantic")


def library_digest() -> str:
    """Hash of the library's source: a code change makes every notebook out of date."""
    h = hashlib.sha256()
    # the sweep driver and summary run around the notebooks, not in them: editing them must not
    # invalidate the runs of a sweep
    files = (q for q in (REPO_ROOT / "dpeer_lib").rglob("*.py") if "sweep" not in q.relative_to(REPO_ROOT).parts)
    for p in sorted(files):
        h.update(p.relative_to(REPO_ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def git_commit() -> str:
    """HEAD of the repository, with ``-dirty`` when tracked files differ from it; ``unknown`` outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


