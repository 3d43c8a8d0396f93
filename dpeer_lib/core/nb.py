"""What every notebook calls first: parameters, run folder, seeds, figure saving."""
from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from dpeer_lib.core import timing
from dpeer_lib.core.params import Params, load_params, validate
from dpeer_lib.core.paths import REPO_ROOT, RunPaths



def seed_everything(seed: int) -> None:
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:  # pragma: no cover
        pass
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:  # pragma: no cover
        pass


def setup(run_dir: str | None, params: dict[str, Any] | None, default_params: str = "params/smoke.yaml"):
    """Validate the injected parameters and prepare the run folder.

    Under the runner, ``params`` is the validated parameter dict and ``run_dir`` the run folder.
    Opened interactively (``make lab``), both may be None: the notebook then uses
    ``default_params`` and ``runs/lab``. Returns ``(Params, RunPaths)``; the working directory
    becomes the repository root so relative paths in parameter files resolve the same way.
    """
    os.chdir(REPO_ROOT)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    P: Params = validate(params, "<injected parameters>") if params else load_params(default_params)
    paths = RunPaths(Path(run_dir or Path(P.run.runs_dir) / "lab")).ensure()
    timing.record_to(paths.phases if run_dir else None)  # under the runner: the manifest's time breakdown
    if P.compute.torch_threads:
        import torch

        torch.set_num_threads(P.compute.torch_threads)
    seed_everything(P.run.seed)
    return P, paths


def mark_degraded(paths: RunPaths, reason: str, counts: dict[str, int]) -> None:
    """Tell the runner that this stage finished with work missing (e.g. judgments lost to an endpoint outage).

    The runner records the notebook as ``degraded``, stops before any downstream notebook, and reruns the stage on
    the next run; caches make that rerun repeat only the missing calls.
    """
    old = json.loads(paths.stage_status.read_text()) if paths.stage_status.is_file() else {"problems": []}
    old["problems"].append({"reason": reason, "counts": dict(counts)})
    paths.stage_status.write_text(json.dumps(old, indent=2))


def savefig(fig, paths: RunPaths, name: str) -> Path:
    """Save a figure as PNG and PDF under the run's figures/ folder; return the PNG path."""
    out = paths.figures / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    with timing.phase("figure saving"):
        fig.savefig(out, dpi=120, bbox_inches="tight")
        fig.savefig(out.with_suffix(".pdf"), bbox_inches="tight")
    return out
