"""The ``dpo_pooled`` baseline: stock TRL ``DPOTrainer`` on the flattened (golden, reject_d) pairs.

:class:`PooledDPOTrainer` changes nothing in TRL's tokenisation, collation, loss or gradients (a test
checks loss and gradients against ``DPOTrainer`` itself). Off CUDA it computes TRL's LM-head outputs at the
scored positions only (:func:`~dpeer_lib.train.forward.compact_trl_lm_head`; ``compact_head=False`` keeps
TRL's head, which there scores every position): the same log-probs and gradients up to float rounding, half
the time per step on SmolLM2 on 2 CPU threads (``benchmarks/lagdpo_throughput.py --pooled-compact``).
Otherwise it only *observes*: a forward hook records the
per-token log-probs TRL already computes, and the trainer turns them into the same per-dimension
training metrics (``loss_A``, ``margin_A``, ``acc_A`` …) the Lag-DPO trainer logs, so every method's
metrics.jsonl can be compared dimension by dimension. Rows without a ``dimension`` column train as
plain DPO, without per-dimension metrics.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from accelerate.utils import broadcast_object_list
from datasets import Dataset, load_from_disk
from trl import DPOConfig, DPOTrainer
from trl.trainer.dpo_trainer import DataCollatorForPreference

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.train.common import StepHooks
from dpeer_lib.train.forward import D, DimensionStats, base_model, compact_trl_head_off_cuda

DIM_COLUMN = "dim_index"


@dataclass
class _CollatorWithDimension:
    """TRL's ``DataCollatorForPreference`` plus a ``dim_index`` tensor (−1 when a row has none)."""

    inner: DataCollatorForPreference

    def __call__(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
        out = self.inner([{k: v for k, v in ex.items() if k != DIM_COLUMN} for ex in examples])
        if DIM_COLUMN in examples[0]:
            out[DIM_COLUMN] = torch.tensor([int(ex[DIM_COLUMN]) for ex in examples], dtype=torch.long)
        return out


class PooledDPOTrainer(DPOTrainer):
    """Stock ``DPOTrainer`` with per-dimension logging (observation only)."""

    def __init__(self, model, ref_model=None, args: DPOConfig | None = None, data_collator=None,
                 train_dataset: Dataset | None = None, eval_dataset=None, processing_class=None,
                 compute_metrics=None, callbacks=None, optimizers=(None, None), peft_config=None,
                 compact_head: bool | None = None):
        if processing_class is None:
            raise ValueError("PooledDPOTrainer needs processing_class (the tokenizer)")
        if args is None:
            args = DPOConfig("dpo-pooled-output")
        tok = getattr(processing_class, "tokenizer", processing_class)
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        if data_collator is None:
            data_collator = _CollatorWithDimension(DataCollatorForPreference(
                pad_token_id=tok.pad_token_id, max_length=args.max_length, truncation_mode=args.truncation_mode,
                pad_to_multiple_of=args.pad_to_multiple_of))
        self._stats = DimensionStats()
        self._records: list[torch.Tensor] | None = None
        super().__init__(model=model, ref_model=ref_model, args=args, data_collator=data_collator,
                         train_dataset=train_dataset, eval_dataset=eval_dataset, processing_class=processing_class,
                         compute_metrics=compute_metrics, callbacks=callbacks, optimizers=optimizers,
                         peft_config=peft_config)
        self.compact_head = compact_trl_head_off_cuda(self, compact_head)
        self._hooks = [base_model(self.model).register_forward_hook(self._record)]
        if self.ref_model is not None:
            self._hooks.append(base_model(self.ref_model).register_forward_hook(self._record))
        self.add_callback(StepHooks(self._end_optimizer_step))

    # ------------------------------------------------------------------ data: add dim_index only
    def _prepare_dataset(self, dataset, processing_class, args, dataset_name):
        dataset = super()._prepare_dataset(dataset, processing_class, args, dataset_name)
        if "dimension" in dataset.column_names and DIM_COLUMN not in dataset.column_names:
            bad = sorted({d for d in dataset["dimension"] if d not in DIMENSIONS})
            if bad:
                raise ValueError(f"pooled {dataset_name} dataset: column 'dimension' has unknown values {bad}")
            dataset = dataset.map(lambda ex: {DIM_COLUMN: DIMENSIONS.index(ex["dimension"])})
        return dataset

    def _set_signature_columns_if_needed(self):
        super()._set_signature_columns_if_needed()
        if DIM_COLUMN not in self._signature_columns:
            self._signature_columns = [*self._signature_columns, DIM_COLUMN]

    def _precompute_ref_logps(self, dataset: Dataset, name: str, batch_size: int) -> Dataset:
        """TRL's precompute; on several processes an in-memory dataset is first written where every rank sees it.

        TRL writes the reference log-probs next to the dataset's cache files and every rank reads them back.
        An in-memory dataset (``Dataset.from_list``) has none, so each process would use its own temporary
        folder and the other ranks would not find rank 0's file (FileNotFoundError under DDP).
        """
        if isinstance(dataset, Dataset) and not dataset.cache_files and self.accelerator.num_processes > 1:
            dataset = self._on_shared_disk(dataset, name)
        return super()._precompute_ref_logps(dataset, name, batch_size)

    def _on_shared_disk(self, dataset: Dataset, name: str) -> Dataset:
        """``dataset`` saved by rank 0 under ``output_dir/datasets/`` (which every rank shares), then loaded there."""
        key = [f"{name}-{dataset._fingerprint}"]
        broadcast_object_list(key, from_process=0)
        folder = os.path.join(self.args.output_dir, "datasets", key[0])
        if self.accelerator.is_main_process and not os.path.isdir(folder):
            tmp = folder + ".tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            dataset.save_to_disk(tmp)
            os.replace(tmp, folder)  # a killed save never leaves a folder that looks complete
        self.accelerator.wait_for_everyone()
        return load_from_disk(folder)

    def compute_ref_log_probs(self, model, inputs):
        """TRL's reference log-probs of a batch, without the ``dim_index`` column TRL does not know."""
        return super().compute_ref_log_probs(model, {k: v for k, v in inputs.items() if k != DIM_COLUMN})

    # ------------------------------------------------------------------ observe the stock loss
    def _record(self, module, args, output):
        if self._records is not None and getattr(output, "log_probs", None) is not None:
            self._records.append(output.log_probs.detach())

    def _compute_loss(self, model, inputs, return_outputs):
        inputs = dict(inputs)
        dim_index = inputs.pop(DIM_COLUMN, None)
        self._records = [] if dim_index is not None else None
        try:
            result = super()._compute_loss(model, inputs, return_outputs)
        finally:
            records, self._records = self._records, None
        if dim_index is not None and records and self.model.training:
            self._observe(records, inputs, dim_index)
        return result

    def _observe(self, records: list[torch.Tensor], inputs: dict, dim_index: torch.Tensor) -> None:
        seq_len = inputs["completion_mask"].size(1) - 1
        chosen, rejected = records[0][:, -seq_len:].sum(1).chunk(2)
        if self.precompute_ref_logps:
            ref_chosen, ref_rejected = inputs["ref_chosen_logps"], inputs["ref_rejected_logps"]
        elif len(records) > 1:
            ref_chosen, ref_rejected = records[1][:, -seq_len:].sum(1).chunk(2)
        else:
            return
        margins = self.beta * ((chosen - ref_chosen.to(chosen)) - (rejected - ref_rejected.to(rejected)))
        onehot = F.one_hot(dim_index.clamp(min=0), D).to(margins.dtype) * (dim_index >= 0)[:, None]
        self._stats.add((-F.logsigmoid(margins))[:, None] * onehot, margins[:, None] * onehot, onehot.long())

    def _end_optimizer_step(self) -> None:
        buf = self._stats.reduce_and_reset()
        for key, value in DimensionStats.metrics(buf).items():
            if "/" not in key:  # TRL logs its own rewards/* already
                self._metrics["train"][key].append(value)
