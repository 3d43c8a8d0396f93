"""Supervised fine-tuning on the golden responses with TRL's ``SFTTrainer`` (notebook 02).

LoRA by default (``model.lora.enabled`` and not ``train.sft.full_finetune``); the loss is on the
completion only (TRL's default for prompt-completion data); off CUDA the LM head scores only those
positions (:func:`~dpeer_lib.train.forward.compact_trl_lm_head`). The adapter — or, for a full fine-tune,
the whole model — is saved at ``train/sft/``; checkpoints go to ``train/sft/checkpoint-N`` and a killed
run resumes from the newest one. Every DPO method starts from this model and uses it as its reference.
"""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from datasets import Dataset
from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

from dpeer_lib.core import timing
from dpeer_lib.core.models import load_model, lora_config
from dpeer_lib.core.params import Params
from dpeer_lib.core.paths import RunPaths
from dpeer_lib.data import read_split, sft_view
from dpeer_lib.train.forward import compact_trl_head_off_cuda
from dpeer_lib.train.common import (FaultCallback, MetricsJsonlCallback, in_distributed_launch, is_trained,
                                    last_checkpoint, prepare_stage_dir, quiet_training_output, read_metrics,
                                    stage_digest, trl_common_args, without_printer, write_info)


def sft_digest(P: Params) -> str:
    """What SFT depends on: model, data, the SFT section, the seed and (when > 1) the processes.

    ``batch_size`` is per device, so the processes change the global batch and thus the model; one process
    stays out of the hash, so the SFT models of existing single-process runs stay valid.
    """
    sections = {"model": P.model, "data": P.data, "sft": P.train.sft, "seed": P.run.seed}
    if P.compute.num_processes > 1:
        sections["processes"] = P.compute.num_processes
    return stage_digest(P, sections=sections)


def sft_config(P: Params, output_dir: str | Path) -> SFTConfig:
    """TRL's SFTConfig for ``train.sft``: completion-only loss, no packing, the shared CPU-safe arguments."""
    S = P.train.sft
    return SFTConfig(
        **trl_common_args(P, output_dir, max_steps=S.max_steps, batch_size=S.batch_size, grad_accum=S.grad_accum,
                          learning_rate=S.learning_rate, logging_steps=S.logging_steps, save_steps=S.save_steps),
        max_length=P.model.max_length,
        packing=False,
        completion_only_loss=True,
    )


def train_sft(P: Params, paths: RunPaths, *, force: bool = False,
              callbacks: list[TrainerCallback] | None = None) -> Path:
    """Train (or resume, or skip when already done with these parameters) the SFT model; return its folder."""
    out = paths.train_dir("sft")
    digest = sft_digest(P)
    if not force and is_trained(out, digest):
        return out
    if not in_distributed_launch():
        prepare_stage_dir(out, digest, force=force)
    rows = read_split(paths.train_jsonl)
    quiet_training_output()
    model, tok = load_model(P.model)
    use_lora = P.model.lora.enabled and not P.train.sft.full_finetune
    with timing.phase("trainer set-up (tokenisation)"):
        trainer = without_printer(SFTTrainer(
            model=model,
            args=sft_config(P, out),
            train_dataset=Dataset.from_list(sft_view(rows)),
            processing_class=tok,
            peft_config=lora_config(P.model.lora) if use_lora else None,
            callbacks=[MetricsJsonlCallback(paths.metrics("sft")), FaultCallback("train:sft"), *(callbacks or [])],
        ))
        compact_trl_head_off_cuda(trainer)  # off CUDA TRL's head scores the prompt positions too
    t0 = time.time()
    with timing.phase("training steps"):
        trainer.train(resume_from_checkpoint=last_checkpoint(out))
    trainer.save_model(str(out))
    if trainer.is_world_process_zero():
        write_info(out, {"method": "sft", "params_digest": digest, "complete": True, "lora": use_lora,
                         "rows": len(rows), "steps": trainer.state.global_step, "train_seconds": time.time() - t0,
                         "base": P.model.source, "processes": trainer.args.world_size,
                         "per_device_batch": trainer.args.per_device_train_batch_size})
    return out


def sft_loss_curve(paths: RunPaths) -> pd.DataFrame:
    """The SFT metrics.jsonl as a DataFrame (step, loss, …)."""
    return pd.DataFrame(read_metrics(paths.metrics("sft")))
