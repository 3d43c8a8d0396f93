"""What every trainer of the project shares: metrics.jsonl, CPU-safe TRL arguments, budgets, resume."""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable

import datasets
import torch
import transformers
from transformers import Trainer, TrainerCallback
from transformers.trainer_callback import PrinterCallback, ProgressCallback
from transformers.trainer import TRAINER_STATE_NAME

from dpeer_lib.core.faults import maybe_fail
from dpeer_lib.core.jsonl import iter_jsonl
from dpeer_lib.core.params import DIMENSIONS, Params
from dpeer_lib.data import stratified_subsample

CHECKPOINTS = "checkpoints"  # train/<method>/checkpoints/checkpoint-N
INFO_NAME = "train_info.json"
CHECKPOINT_RE = re.compile(r"checkpoint-\d+")
_SUMMARY_KEYS = ("train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos")


# --------------------------------------------------------------------------- metrics.jsonl
def metrics_record(step: int, logs: dict[str, Any]) -> dict[str, Any]:
    """One metrics.jsonl object (DESIGN §9) from a Trainer ``logs`` dict.

    ``lambda/A>T`` keys become the nested ``lambda`` matrix; every other numeric key is kept as is
    (``loss``, ``loss_A``, ``margin_A``, ``acc_A``, ``weight_A``, ``learning_rate``, TRL's ``rewards/*`` …).
    """
    rec: dict[str, Any] = {"step": int(step)}
    lam: dict[str, float] = {}
    for key, value in logs.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        value = float(value)
        if key.startswith("lambda/"):
            lam[key.split("/", 1)[1]] = value
        else:
            rec[key] = value if math.isfinite(value) else None
    if lam:
        rec["lambda"] = lam
    return rec


class MetricsJsonlCallback(TrainerCallback):
    """Append one JSON object per training log to ``path`` (main process only).

    On a resumed run it first drops the lines past the checkpoint's step, which a killed run may have
    written after its last checkpoint, so the file always tells one uninterrupted story.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def on_train_begin(self, args, state, control, **kwargs):
        """Keep only the lines up to the step training starts from (a resumed run re-logs the rest)."""
        if not state.is_world_process_zero:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = [r for r in read_metrics(self.path) if r.get("step", 0) <= state.global_step] if self.path.exists() else []
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w") as fh:
            for r in kept:
                fh.write(json.dumps(r) + "\n")
        tmp.replace(self.path)

    def on_log(self, args, state, control, logs=None, **kwargs):
        """Append one training log (summaries and evaluation logs are left out)."""
        if not state.is_world_process_zero or not logs:
            return
        if any(k in logs for k in _SUMMARY_KEYS) or any(k.startswith("eval_") for k in logs):
            return
        with self.path.open("a") as fh:
            fh.write(json.dumps(metrics_record(state.global_step, logs)) + "\n")


def read_metrics(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Read a metrics.jsonl file (a missing file gives []); every record must carry its ``step``."""
    path = Path(path)
    if not path.is_file():
        return []
    out = []
    for lineno, rec in iter_jsonl(path):
        if "step" not in rec:
            raise ValueError(f"{path}, line {lineno}: field 'step' is missing")
        out.append(rec)
    return out


# --------------------------------------------------------------------------- arguments
def trl_common_args(P: Params, output_dir: str | os.PathLike, *, max_steps: int, batch_size: int, grad_accum: int,
                    learning_rate: float, logging_steps: int, save_steps: int) -> dict[str, Any]:
    """TrainingArguments shared by SFT and every DPO method (CPU-safe: bf16/checkpointing from ``compute``)."""
    cpu = on_cpu(P)
    return dict(
        output_dir=str(output_dir),
        max_steps=max_steps,
        per_device_train_batch_size=batch_size,
        gradient_accumulation_steps=grad_accum,
        learning_rate=learning_rate,
        logging_steps=logging_steps,
        save_strategy="steps",
        save_steps=save_steps,
        bf16=bool(P.compute.bf16) and not cpu,
        gradient_checkpointing=bool(P.compute.gradient_checkpointing),
        use_cpu=cpu,
        seed=P.run.seed,
        data_seed=P.run.seed,
        report_to="none",
        disable_tqdm=True,
        logging_first_step=True,
        dataloader_num_workers=0,
        lr_scheduler_type="linear",
        warmup_steps=0,
        weight_decay=0.0,
        ddp_find_unused_parameters=False,  # LoRA and full fine-tuning use every trainable weight in each forward
    )


# --------------------------------------------------------------------------- processes
def on_cpu(P: Params) -> bool:
    """Whether training runs on the CPU: ``compute.device: cpu``, or ``auto`` on a machine without CUDA."""
    return P.compute.device == "cpu" or (P.compute.device == "auto" and not torch.cuda.is_available())


def world_size() -> int:
    """Processes of this launch (``WORLD_SIZE``; 1 outside a distributed launch)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def in_distributed_launch() -> bool:
    """Whether this process was started by a distributed launcher (torchrun / accelerate)."""
    return "LOCAL_RANK" in os.environ or world_size() > 1


# --------------------------------------------------------------------------- budgets, resume
def budget_rows(rows: list[dict], n_prompts: int, seed: int) -> list[dict]:
    """The rows a run of ``n_prompts`` prompts will visit: all of them, or a seeded sample when fewer.

    Training for ``max_steps`` × batch prompts within one epoch visits only that many rows, so
    precomputing reference log-probs for the others would be wasted work. The sample is stratified by
    mask (the data's mask mix is kept), and every DPO method gets the SAME sample (same seed), so the
    methods see the same prompts.
    """
    if n_prompts >= len(rows):
        return list(rows)
    return stratified_subsample(rows, n_prompts, seed)  # keeps the mask mix of the data


def mean_active(rows: Iterable[dict]) -> float:
    """Mean number of active dimensions per row."""
    rows = list(rows)
    return sum(len([d for d in r["mask"] if d in DIMENSIONS]) for r in rows) / max(len(rows), 1)


def checkpoint_problem(path: Path, require: Iterable[str] = ()) -> str | None:
    """Why a ``checkpoint-N`` folder cannot be resumed from, or None when it is complete.

    transformers writes ``trainer_state.json`` last (after the weights, optimizer, scheduler and RNG
    states), so a checkpoint is complete when that file parses; ``require`` names files a trainer adds of
    its own (Lag-DPO's ``lagdpo_state.json``).
    """
    state = path / TRAINER_STATE_NAME
    if not state.is_file():
        return f"no {TRAINER_STATE_NAME}"
    try:
        json.loads(state.read_text())["global_step"]
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        return f"{TRAINER_STATE_NAME} is torn"
    missing = [name for name in require if not (path / name).is_file()]
    return f"no {', '.join(missing)}" if missing else None


def last_checkpoint(folder: str | os.PathLike, require: Iterable[str] = ()) -> str | None:
    """The newest complete ``checkpoint-N`` under ``folder`` (None when there is none).

    A checkpoint torn by a kill while it was written is reported and removed (by rank 0), never resumed from.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None
    found = sorted((p for p in folder.iterdir() if p.is_dir() and CHECKPOINT_RE.fullmatch(p.name)),
                   key=lambda p: int(p.name.rsplit("-", 1)[1]), reverse=True)
    for path in found:
        problem = checkpoint_problem(path, require)
        if problem is None:
            return str(path)
        print(f"warning: {path} is incomplete ({problem}; a run was killed while writing it): "
              "skipped and removed, resuming from an earlier one", file=sys.stderr)
        if int(os.environ.get("RANK", "0")) == 0:
            shutil.rmtree(path, ignore_errors=True)
    return None


def write_info(folder: str | os.PathLike, info: dict[str, Any]) -> Path:
    """Write ``folder/train_info.json`` atomically; returns its path."""
    path = Path(folder) / INFO_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(info, indent=1, sort_keys=True))
    tmp.replace(path)
    return path


def read_info(folder: str | os.PathLike) -> dict[str, Any] | None:
    """``folder/train_info.json`` (None when there is none)."""
    path = Path(folder) / INFO_NAME
    return json.loads(path.read_text()) if path.is_file() else None


def is_trained(folder: str | os.PathLike, digest: str) -> bool:
    """Whether ``folder`` holds a finished training stage for parameters with this digest."""
    info = read_info(folder)
    return bool(info and info.get("complete") and info.get("params_digest") == digest)


def stage_digest(P: Params, sections: dict[str, Any]) -> str:
    """A stable hash of the parameter sections a training stage depends on."""
    blob = {k: (v.model_dump(mode="json") if hasattr(v, "model_dump") else v) for k, v in sections.items()}
    return hashlib.sha256(json.dumps(blob, sort_keys=True).encode()).hexdigest()[:16]


def prepare_stage_dir(folder: str | os.PathLike, digest: str, force: bool = False) -> None:
    """Make ``folder`` ready to train parameters with ``digest``.

    Checkpoints of the same parameters are kept (a killed run resumes from them); anything left by other
    parameters (or by ``force``) is removed, so a run never resumes someone else's checkpoint.
    """
    folder = Path(folder)
    info = read_info(folder)
    if folder.exists() and (force or info is None or info.get("params_digest") != digest):
        shutil.rmtree(folder)
    if not folder.exists() or read_info(folder) is None:
        write_info(folder, {"params_digest": digest, "complete": False})


class FaultCallback(TrainerCallback):
    """Calls ``dpeer_lib.core.faults.maybe_fail(point, global_step)`` after every optimizer step (resume tests)."""

    def __init__(self, point: str):
        self.point = point

    def on_step_end(self, args, state, control, **kwargs):
        """Fail here when the fault-injection environment names this point and step."""
        maybe_fail(self.point, state.global_step)


class StepHooks(TrainerCallback):
    """Calls ``on_step()`` after every optimizer step and ``on_begin(state)`` when training begins.

    How a trainer subclass runs its own per-step work (the dual step, per-dimension logging) after
    ``optimizer.step``, in the order callbacks were added.
    """

    def __init__(self, on_step: Callable[[], None], on_begin: Callable[[Any], None] | None = None):
        self.on_step = on_step
        self.on_begin = on_begin

    def on_train_begin(self, args, state, control, **kwargs):
        """Run ``on_begin(state)``, if any."""
        if self.on_begin is not None:
            self.on_begin(state)

    def on_step_end(self, args, state, control, **kwargs):
        """Run ``on_step()``."""
        self.on_step()


def quiet_training_output() -> None:
    """Keep notebook output readable: no per-example progress bars, no duplicate log dicts (metrics.jsonl has them)."""
    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message=r".*(gradient|activation)_checkpointing.*", category=FutureWarning)
    os.environ.setdefault("TQDM_DISABLE", "1")


def without_printer(trainer: Trainer) -> Trainer:
    """Remove the Trainer's stdout log printer (logs still reach metrics.jsonl and TRL's metrics)."""
    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)
    return trainer
