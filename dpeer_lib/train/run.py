"""Train the DPO methods of notebook 03 under one budget, in-process or under ``accelerate launch``.

Every method starts from the SFT model and uses it as its reference. With LoRA (the default) the SFT
adapter is **merged into the base weights** and a fresh LoRA adapter is trained on top, so the reference
is simply "adapters disabled" (no second model in memory, no extra adapter in the forward) and every
method's adapter is a delta from the same SFT model; ``dpeer_lib.core.models.load_system`` loads base + SFT
(merged) + the method's adapter. Without LoRA the policy is a full copy of the SFT model and the
reference is either precomputed before training or a frozen in-memory copy (never reloaded from disk by
name: see DESIGN §7).

Same budget for every method: ``max_steps`` optimizer steps, the same learning rate and schedule, and the
same prompts: ``batch_size`` prompts per device step for the Lagrangian methods; ``dpo_pooled`` sees the
flattened pairs of the same prompts, ``round(batch_size × mean active dimensions)`` pairs per step, so all
methods consume the same preference pairs per step on average. Only the prompts the budget visits are
used (see :func:`dpeer_lib.train.common.budget_rows`).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import torch
import torch.distributed as dist
from datasets import Dataset
from transformers import PreTrainedModel, PreTrainedTokenizerBase, TrainerCallback
from trl import DPOConfig

from dpeer_lib.core import timing
from dpeer_lib.core.models import load_system, lora_config
from dpeer_lib.core.nb import seed_everything
from dpeer_lib.core.params import LagDPOSection, Params, load_params, validate
from dpeer_lib.core.paths import DPO_METHODS, REPO_ROOT, RunPaths
from dpeer_lib.data import lagdpo_view, pooled_view, read_split
from dpeer_lib.train.common import (FaultCallback, MetricsJsonlCallback, budget_rows, in_distributed_launch,
                                    is_trained, last_checkpoint, mean_active, on_cpu, prepare_stage_dir, stage_digest,
                                    quiet_training_output, trl_common_args, without_printer, world_size,
                                    write_info)
from dpeer_lib.train.lagdpo import LagDPOConfig, LagDPOTrainer
from dpeer_lib.train.pooled import PooledDPOTrainer
from dpeer_lib.train.sft import sft_digest, train_sft

ACCELERATE_DIR = REPO_ROOT / "params" / "accelerate"


def dpo_digest(P: Params) -> str:
    """What every DPO method depends on (SFT included, since it is their start and reference)."""
    return stage_digest(P, sections={"model": P.model, "data": P.data, "train": P.train, "seed": P.run.seed,
                                     "processes": P.compute.num_processes})


def lagdpo_settings(P: Params, method: str) -> LagDPOSection:
    """The Lagrangian's settings for ``method`` (mo_dpo_fixed: λ frozen at 0, equal weights)."""
    if method == "mo_dpo_fixed":
        return P.train.lagdpo.model_copy(update={"constraint": "pairwise_gap", "freeze_lambda": True})
    return P.train.lagdpo.model_copy()


def pooled_pairs_per_step(P: Params, rows: list[dict]) -> int:
    """dpo_pooled's pairs per device step: the set value, else ``round(batch_size × mean active dimensions)``."""
    if P.train.dpo.pooled_batch_pairs:
        return P.train.dpo.pooled_batch_pairs
    return max(1, round(P.train.dpo.batch_size * mean_active(rows)))


def build_trainer(method: str, P: Params, paths: RunPaths, rows: list[dict], model: PreTrainedModel,
                  tok: PreTrainedTokenizerBase,
                  callbacks: list[TrainerCallback] | None = None) -> LagDPOTrainer | PooledDPOTrainer:
    """The trainer of one DPO method on ``rows`` (a policy ``model`` that is the SFT model)."""
    if method not in DPO_METHODS:
        raise ValueError(f"unknown DPO method {method!r}; expected one of {DPO_METHODS}")
    S = P.train.dpo
    out = paths.train_dir(method)
    lora = P.model.lora.enabled
    ref_model = None if (lora or S.precompute_ref_log_probs) else copy.deepcopy(model).eval()
    batch = pooled_pairs_per_step(P, rows) if method == "dpo_pooled" else S.batch_size
    common = trl_common_args(P, out, max_steps=S.max_steps, batch_size=batch, grad_accum=S.grad_accum,
                             learning_rate=S.learning_rate, logging_steps=S.logging_steps, save_steps=S.save_steps)
    dpo = dict(beta=S.beta, max_length=P.model.max_length, precompute_ref_log_probs=S.precompute_ref_log_probs,
               precompute_ref_batch_size=batch)
    cbs = [MetricsJsonlCallback(paths.metrics(method)), FaultCallback(f"train:{method}"), *(callbacks or [])]
    peft = lora_config(P.model.lora) if lora else None
    if method == "dpo_pooled":
        return PooledDPOTrainer(model, ref_model=ref_model, args=DPOConfig(**common, **dpo),
                                train_dataset=Dataset.from_list(pooled_view(rows)), processing_class=tok,
                                peft_config=peft, callbacks=cbs)
    args = LagDPOConfig(**common, **dpo, lagdpo=lagdpo_settings(P, method), layout=S.layout,
                        ref_logps_cache_dir=str(paths.cache / "ref_logps"))
    return LagDPOTrainer(model, ref_model=ref_model, args=args, train_dataset=Dataset.from_list(lagdpo_view(rows)),
                         processing_class=tok, peft_config=peft, callbacks=cbs)


def train_dpo(method: str, P: Params, paths: RunPaths, *, force: bool = False,
              callbacks: list[TrainerCallback] | None = None) -> Path:
    """Train one DPO method in this process (resuming from its newest checkpoint); return its folder."""
    out = paths.train_dir(method)
    digest = dpo_digest(P)
    if not force and is_trained(out, digest):
        return out
    if not in_distributed_launch():
        prepare_stage_dir(out, digest, force=force)
    S = P.train.dpo
    rows = budget_rows(read_split(paths.train_jsonl), S.max_steps * S.batch_size * S.grad_accum * world_size(),
                       P.run.seed)
    quiet_training_output()
    model, tok = load_system(paths, "sft", P)
    model.train()
    # TRL computes the reference log-probs in the trainer's __init__ when train.dpo.precompute_ref_log_probs is on
    ref = "precomputed reference log-probs" if P.train.dpo.precompute_ref_log_probs else None
    with timing.phase("trainer set-up (tokenisation" + (f", {ref})" if ref else ")")):
        trainer = without_printer(build_trainer(method, P, paths, rows, model, tok, callbacks))
    t0 = time.time()
    with timing.phase("training steps" + ("" if ref else " (reference log-probs included)")):
        trainer.train(resume_from_checkpoint=last_checkpoint(out, require=getattr(trainer, "CHECKPOINT_FILES", ())))
    trainer.save_model(str(out))
    if trainer.is_world_process_zero():
        info = {"method": method, "params_digest": digest, "complete": True, "prompts": len(rows),
                "steps": trainer.state.global_step, "train_seconds": time.time() - t0,
                "per_device_batch": trainer.args.per_device_train_batch_size, "processes": world_size(),
                "mean_active_dims": mean_active(rows),
                "lora": P.model.lora.enabled}
        if hasattr(trainer, "save_dual_state"):
            trainer.save_dual_state(out)
            info["dims"] = list(trainer.dims)
        write_info(out, info)
    return out


def accelerate_config(P: Params) -> Path:
    """The accelerate config file named by ``compute.accelerate_config`` (default ``ddp.yaml``)."""
    name = P.compute.accelerate_config or "ddp.yaml"
    for cand in (Path(name), ACCELERATE_DIR / name, REPO_ROOT / name):
        if cand.is_file():
            return cand
    raise FileNotFoundError(f"compute.accelerate_config={name!r}: not found (looked in {ACCELERATE_DIR})")


def launch_command(method: str, P: Params, paths: RunPaths, params_file: Path) -> list[str]:
    """The command that trains ``method`` on ``compute.num_processes`` processes.

    On a GPU machine it is ``accelerate launch`` with the config file from ``params/accelerate/`` (DDP or
    DeepSpeed ZeRO-2/3). On a CPU it is ``torch.distributed.run`` (gloo): ``accelerate launch --cpu`` starts
    ONE process unless it is given an MPI hostfile, which would silently train single-process. Both pick a
    free rendezvous port, so two runs on one machine do not collide on the default port 29500.
    """
    n = str(P.compute.num_processes)
    if on_cpu(P):
        cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nnodes", "1", "--nproc_per_node", n]
    else:
        cmd = [sys.executable, "-m", "accelerate.commands.launch", "--num_processes", n, "--num_machines", "1",
               "--main_process_port", "0", "--config_file", str(accelerate_config(P))]
    return cmd + ["-m", "dpeer_lib.train", "--method", method, "--run-dir", str(paths.root),
                  "--params-file", str(params_file)]


def launch_env(P: Params) -> dict[str, str]:
    """The environment of the launched processes: offline hub; on a CPU, accelerate's CPU flag and the threads."""
    env = {**os.environ, "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1")}
    if on_cpu(P):
        env["ACCELERATE_USE_CPU"] = "true"
        env["OMP_NUM_THREADS"] = str(P.compute.torch_threads or 1)  # torchrun's default, without its warning
    return env


def train_method(method: str, P: Params, paths: RunPaths, *, force: bool = False) -> Path:
    """Train ``sft`` or a DPO method (skip when done); with ``compute.num_processes > 1`` via ``accelerate launch``."""
    with timing.phase(f"train {method}"):
        return _train_method(method, P, paths, force=force)


def _train_method(method: str, P: Params, paths: RunPaths, *, force: bool = False) -> Path:
    digest = sft_digest(P) if method == "sft" else dpo_digest(P)
    out = paths.train_dir(method)
    if not force and is_trained(out, digest):
        return out
    if P.compute.num_processes > 1 and not in_distributed_launch():
        prepare_stage_dir(out, digest, force=force)
        return _launch(method, P, paths)
    if method == "sft":
        return train_sft(P, paths, force=force)
    return train_dpo(method, P, paths, force=force)


def _launch(method: str, P: Params, paths: RunPaths) -> Path:
    """Train ``method`` under ``accelerate launch`` (the parameters travel as a JSON file)."""
    out = paths.train_dir(method)
    out.mkdir(parents=True, exist_ok=True)
    params_file = out / "launch_params.json"
    params_file.write_text(json.dumps(P.model_dump(mode="json")))
    cmd = launch_command(method, P, paths, params_file)
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=launch_env(P))
    if proc.returncode != 0:
        raise RuntimeError(f"the launch of {method} failed with exit code {proc.returncode}: {' '.join(cmd)}")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m dpeer_lib.train --method M --run-dir R --params-file F`` (what accelerate launches)."""
    ap = argparse.ArgumentParser(prog="python -m dpeer_lib.train", description=main.__doc__)
    ap.add_argument("--method", required=True, choices=["sft", *DPO_METHODS])
    ap.add_argument("--run-dir", required=True)
    ap.add_argument("--params-file", required=True, help="a JSON or YAML parameter file")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    path = Path(a.params_file)
    if path.suffix == ".json":
        P = validate(json.loads(path.read_text()), str(path))
    else:
        P = load_params(path)
    if P.compute.torch_threads:
        torch.set_num_threads(P.compute.torch_threads)
    seed_everything(P.run.seed)
    paths = RunPaths(Path(a.run_dir))
    if a.method == "sft":
        train_sft(P, paths, force=a.force)
    else:
        train_dpo(a.method, P, paths, force=a.force)
    _close_process_group()
    return 0


def _close_process_group() -> None:
    """Tear gloo/NCCL down explicitly: a process group left to interpreter exit can abort a rank (SIGABRT)."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()
