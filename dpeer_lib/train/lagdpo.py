"""Lag-DPO: multi-objective DPO with one loss per persona dimension and Lagrangian weights (DESIGN §3).

``LagDPOTrainer`` subclasses TRL 1.16's ``DPOTrainer`` and replaces its three data/loss hooks:
``_prepare_dataset`` (tokenise a row's prompt, golden and every active reject), the collator
(:class:`~dpeer_lib.train.forward.DataCollatorForMultiPreference`) and ``_compute_loss``; the batch layouts,
log-probabilities and per-dimension losses are those of :mod:`dpeer_lib.train.forward`. The optimizer,
scheduler, PEFT handling, reference handling, checkpointing and distributed set-up stay TRL's / transformers'.

**Loss.** ``loss = Σ_d w_d L_d`` with ``w`` from :class:`dpeer_lib.train.lagrangian.DualState`, renormalised
over the dimensions present. In training the counts behind ``L_d`` are those of the whole optimizer step
(all gradient-accumulation micro-batches and all processes), so the gradient does not depend on how the
step is split; the loss is therefore already scaled for gradient accumulation (``loss_is_scaled_for_ga = True``).

**Dual step** once per optimizer step (a ``TrainerCallback.on_step_end``), after one all-reduce of the
step's per-dimension sums; λ and the EMA go into every checkpoint (``lagdpo_state.json``) and are
restored by ``train(resume_from_checkpoint=...)``. The Lagrangian's settings are one
:class:`~dpeer_lib.core.params.LagDPOSection`, carried as ``LagDPOConfig.lagdpo``.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any

import torch
from accelerate.utils import broadcast_object_list, is_peft_model
from datasets import Dataset, IterableDataset
from torch.utils.data import DataLoader
from transformers import PreTrainedTokenizerBase, ProcessorMixin, TrainerCallback
from transformers.trainer_utils import PREFIX_CHECKPOINT_DIR
from trl import DPOConfig, DPOTrainer
from trl.models import prepare_deepspeed
from trl.models.utils import disable_gradient_checkpointing
from trl.trainer.utils import global_then_local_main_first, use_adapter

from dpeer_lib.core.faults import maybe_fail
from dpeer_lib.core.params import DIMENSIONS, LagDPOSection
from dpeer_lib.train.common import StepHooks, last_checkpoint
from dpeer_lib.train.forward import (D, LAYOUTS, DataCollatorForMultiPreference, DimensionStats,
                                     attention_implementation, check_row, model_dims, preference_losses,
                                     sequence_logps, tokenize_row)
from dpeer_lib.train.lagrangian import DualSpec, DualState, all_reduce_sum

log = logging.getLogger("dpeer.lagdpo")

DUAL_STATE_NAME = "lagdpo_state.json"
LAMBDA_TRACE_NAME = "lambda_rank{rank}.jsonl"  # with several processes: each rank's λ after every dual step
TOKENIZED_COLUMNS = ["prompt_ids", "chosen_ids", "rejected_ids", "dim_mask", "ref_chosen_logps", "ref_rejected_logps"]


# =========================================================================== config
@dataclass
class LagDPOConfig(DPOConfig):
    """``DPOConfig`` plus Lag-DPO's Lagrangian settings (``lagdpo``: a ``LagDPOSection``, or a dict / JSON of one).

    CPU defaults of TRL (``bf16=True``, ``gradient_checkpointing=True``) are not changed here: pass
    ``bf16=False, gradient_checkpointing=False`` on a CPU (``dpeer_lib.train.common`` does).
    """

    _VALID_DICT_FIELDS = DPOConfig._VALID_DICT_FIELDS + ["lagdpo"]

    lagdpo: LagDPOSection | dict | str | None = field(
        default_factory=LagDPOSection, metadata={"help": "the Lagrangian's settings (params.LagDPOSection)"})
    dimensions: list[str] | None = field(default=None, metadata={"help": "active dimensions; None = from the data"})
    layout: str = field(default="auto", metadata={
        "help": "auto (per batch, the cheaper by a FLOP model) | shared_prefix | separate"})
    ref_logps_cache_dir: str | None = field(
        default=None, metadata={"help": "folder caching precomputed reference log-probs, keyed by content"})

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout: {self.layout!r} is not one of {LAYOUTS}")
        super().__post_init__()  # parses a JSON string in lagdpo (a _VALID_DICT_FIELDS entry)
        self.lagdpo = LagDPOSection.model_validate(self.lagdpo or {})
        if list(self.loss_type) != ["sigmoid"]:
            raise ValueError(f"LagDPOConfig: only loss_type=['sigmoid'] is implemented, got {self.loss_type}")
        if self.ld_alpha is not None or self.f_divergence_type != "reverse_kl" or self.use_weighting:
            raise ValueError("LagDPOConfig: ld_alpha, f_divergence_type and use_weighting are not supported")
        if self.truncation_mode != "keep_start":
            raise ValueError("LagDPOConfig: only truncation_mode='keep_start' is supported")
        if self.padding_free:
            raise ValueError("LagDPOConfig: padding_free is not supported (the shared-prefix layout already avoids re-encoding)")

    def to_dict(self) -> dict[str, Any]:
        """``TrainingArguments.to_dict`` with the settings as a plain dict (JSON-serialisable)."""
        out = super().to_dict()
        out["lagdpo"] = self.lagdpo.model_dump(mode="json")
        return out


# =========================================================================== trainer
class LagDPOTrainer(DPOTrainer):
    """TRL ``DPOTrainer`` with one DPO loss per persona dimension and Lagrangian weights (DESIGN §3)."""

    CHECKPOINT_FILES = (DUAL_STATE_NAME,)  # a checkpoint without them is incomplete

    loss_is_scaled_for_ga = True  # L_d is normalised by the rows of the whole optimizer step
    _tag_names = ["trl", "dpo", "lag-dpo"]
    _name = "LagDPO"

    def __init__(
        self,
        model,
        ref_model=None,
        args: LagDPOConfig | None = None,
        data_collator=None,
        train_dataset: Dataset | None = None,
        eval_dataset: Dataset | dict[str, Dataset] | None = None,
        processing_class: PreTrainedTokenizerBase | ProcessorMixin | None = None,
        compute_metrics=None,
        callbacks: list[TrainerCallback] | None = None,
        optimizers=(None, None),
        peft_config=None,
    ):
        if args is None:
            args = LagDPOConfig("lagdpo-output")
        if not isinstance(args, LagDPOConfig):
            raise TypeError(f"LagDPOTrainer needs a LagDPOConfig, got {type(args).__name__}")
        if processing_class is None:
            raise ValueError("LagDPOTrainer needs processing_class (the tokenizer)")
        if isinstance(train_dataset, IterableDataset):
            raise TypeError("LagDPOTrainer needs a map-style Dataset (dimensions are read from it)")
        tok = processing_class.tokenizer if isinstance(processing_class, ProcessorMixin) else processing_class
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        attn = "" if isinstance(model, str) else attention_implementation(model)
        if args.layout != "separate" and "flash" in attn:
            log.warning("attention %r ignores custom 4-D masks: using layout='separate'", attn)
            args.layout = "separate"
        if data_collator is None:
            data_collator = DataCollatorForMultiPreference(
                pad_token_id=tok.pad_token_id, max_length=args.max_length, layout=args.layout,
                pad_to_multiple_of=args.pad_to_multiple_of,
                model_dims=None if isinstance(model, str) else model_dims(model),
            )
        self._stats = DimensionStats()
        self._eval_stats = DimensionStats()
        self._step_counts: torch.Tensor | None = None
        self.dual: DualState | None = None
        super().__init__(
            model=model, ref_model=ref_model, args=args, data_collator=data_collator, train_dataset=train_dataset,
            eval_dataset=eval_dataset, processing_class=processing_class, compute_metrics=compute_metrics,
            callbacks=callbacks, optimizers=optimizers, peft_config=peft_config,
        )
        if isinstance(self.data_collator, DataCollatorForMultiPreference) and self.data_collator.model_dims is None:
            self.data_collator.model_dims = model_dims(self.model)
        present = torch.tensor(list(self.train_dataset.with_format(None)["dim_mask"])).sum(0) > 0
        data_dims = [d for k, d in enumerate(DIMENSIONS) if present[k]]
        dims = list(args.dimensions) if args.dimensions else data_dims
        missing = [d for d in dims if d not in data_dims]
        if missing:
            raise ValueError(f"dimensions {missing} were requested but no training row has them active")
        self.dims = tuple(d for d in DIMENSIONS if d in dims)
        self._dim_index = torch.tensor([DIMENSIONS.index(d) for d in self.dims])
        self.dual = DualState(DualSpec(self.dims, args.lagdpo))  # the horizon is set at train begin
        self.add_callback(StepHooks(self._end_optimizer_step, self._on_train_begin))

    # ------------------------------------------------------------------ data
    def _prepare_dataset(self, dataset, processing_class, args, dataset_name):
        first = next(iter(dataset))
        if "prompt_ids" in first and "rejected_ids" in first:
            return dataset  # already tokenised
        if isinstance(dataset, Dataset):
            for i, ex in enumerate(dataset):
                check_row(ex, i)
        map_kwargs: dict[str, Any] = {}
        if isinstance(dataset, Dataset):
            map_kwargs["num_proc"] = args.dataset_num_proc
            map_kwargs["desc"] = f"Tokenizing {dataset_name} dataset (Lag-DPO)"
        tok = processing_class.tokenizer if isinstance(processing_class, ProcessorMixin) else processing_class
        keep = set(TOKENIZED_COLUMNS) | {"id"}
        remove = [c for c in (dataset.column_names or []) if c not in keep]
        with global_then_local_main_first():
            dataset = dataset.map(
                tokenize_row, fn_kwargs={"processing_class": processing_class, "eos_token": tok.eos_token},
                remove_columns=remove, **map_kwargs,
            )
            if args.max_length is not None:
                if isinstance(dataset, Dataset):
                    map_kwargs["desc"] = f"Dropping fully truncated examples from {dataset_name} dataset"
                dataset = dataset.filter(lambda ex: len(ex["prompt_ids"]) < args.max_length, **map_kwargs)
        return dataset

    def _set_signature_columns_if_needed(self):
        if self._signature_columns is None:
            self._signature_columns = list(TOKENIZED_COLUMNS)

    # ------------------------------------------------------------------ reference
    def _reference_logps(self, model, inputs) -> tuple[torch.Tensor, torch.Tensor]:
        adapter_context = contextlib.nullcontext()
        if self.ref_model is None and is_peft_model(self.model):
            unwrapped = self.accelerator.unwrap_model(self.model)
            adapter_context = use_adapter(unwrapped, adapter_name="ref" if "ref" in unwrapped.peft_config else None)
        with (
            torch.no_grad(),
            disable_gradient_checkpointing(self.model, self.args.gradient_checkpointing_kwargs),
            adapter_context,
            self.accelerator.autocast(),
        ):
            return sequence_logps(model, inputs)

    def compute_ref_log_probs(self, model, inputs):
        """Reference log-probs of one collated batch: ``(chosen [B], rejected [B, D])``."""
        return self._reference_logps(model, inputs)

    def _precompute_ref_logps(self, dataset: Dataset, name: str, batch_size: int) -> Dataset:
        """Add ``ref_chosen_logps`` and ``ref_rejected_logps`` (D per row, 0 when inactive) to ``dataset``."""
        if isinstance(dataset, IterableDataset):
            raise ValueError("precompute_ref_log_probs needs a map-style Dataset")
        if "ref_chosen_logps" in dataset.column_names:
            return dataset
        # Under ZeRO-3 the weights' hash differs by rank: every rank takes rank 0's path, else one rank could
        # read the cache while another computes and waits forever in the gather below.
        cache = broadcast_object_list([self._ref_cache_path(dataset)], from_process=0)[0]
        if cache is not None and os.path.isfile(cache):
            with open(cache) as fh:
                saved = json.load(fh)
            if len(saved["chosen"]) == len(dataset):
                dataset = dataset.add_column("ref_chosen_logps", saved["chosen"])
                return dataset.add_column("ref_rejected_logps", saved["rejected"])
        loader = DataLoader(dataset, batch_size=batch_size, collate_fn=self.data_collator, shuffle=False,
                            num_workers=self.args.dataloader_num_workers, pin_memory=self.args.dataloader_pin_memory)
        loader = self.accelerator.prepare(loader)
        if self.ref_model is None and self.is_deepspeed_enabled:
            if self._precompute_engine is None:
                self._precompute_engine = prepare_deepspeed(self.model, self.accelerator)
            model = self._precompute_engine
        else:
            model = self.ref_model or self.model
        chosen_all, rejected_all = [], []
        for batch in loader:
            chosen, rejected = self.compute_ref_log_probs(model, batch)
            chosen, rejected = self.accelerator.gather_for_metrics((chosen, rejected))
            chosen_all.append(chosen.float().cpu())
            rejected_all.append(rejected.float().cpu())
        chosen = torch.cat(chosen_all)
        rejected = torch.cat(rejected_all)
        if len(chosen) != len(dataset):
            raise RuntimeError(f"reference precompute for {name}: {len(chosen)} values for {len(dataset)} rows")
        if cache is not None and self.accelerator.is_main_process:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(cache + ".tmp", "w") as fh:
                json.dump({"chosen": chosen.tolist(), "rejected": rejected.tolist()}, fh)
            os.replace(cache + ".tmp", cache)
        dataset = dataset.add_column("ref_chosen_logps", chosen.tolist())
        return dataset.add_column("ref_rejected_logps", rejected.tolist())

    def _ref_cache_path(self, dataset: Dataset) -> str | None:
        """``<cache_dir>/<key>.json``: the key hashes the reference weights, the tokens and the truncation.

        Methods that share the reference and the rows (``mo_dpo_fixed`` and ``lagdpo``) then compute the
        reference pass once.
        """
        folder = getattr(self.args, "ref_logps_cache_dir", None)
        if not folder or self._precompute_model_hash is None:
            return None
        h = hashlib.sha256()
        h.update(str(self._precompute_model_hash).encode())
        h.update(json.dumps([self.args.max_length, self.args.layout]).encode())
        cols = dataset.select_columns(["prompt_ids", "chosen_ids", "rejected_ids"]).with_format(None)
        for row in cols:
            h.update(json.dumps([row["prompt_ids"], row["chosen_ids"], row["rejected_ids"]]).encode())
        return os.path.join(folder, f"ref_logps-{h.hexdigest()[:20]}.json")

    # ------------------------------------------------------------------ loss
    def get_batch_samples(self, epoch_iterator, num_batches, device):
        """Fetch the step's micro-batches and count active rows per dimension over all of them (all ranks)."""
        batch_samples, num_items = super().get_batch_samples(epoch_iterator, num_batches, device)
        counts = torch.zeros(D, dtype=torch.float64)
        for b in batch_samples:
            counts += b["dim_mask"].detach().double().sum(0).cpu()
        self._step_counts = all_reduce_sum(counts)
        return batch_samples, num_items

    def _weights(self, counts: torch.Tensor) -> torch.Tensor:
        """Full D-vector of weights from the dual state, renormalised over the dimensions with rows."""
        present = counts[self._dim_index] > 0
        w = torch.zeros(D, dtype=torch.float64)
        w[self._dim_index] = self.dual.weights(present)
        return w

    def _compute_loss(self, model, inputs, return_outputs):
        mode = "train" if self.model.training else "eval"
        chosen, rejected = sequence_logps(model, inputs)
        if self.precompute_ref_logps:
            ref_chosen, ref_rejected = inputs["ref_chosen_logps"], inputs["ref_rejected_logps"]
        else:
            ref_chosen, ref_rejected = self._reference_logps(self.ref_model or self.model, inputs)
        ref_chosen, ref_rejected = ref_chosen.to(chosen), ref_rejected.to(rejected)
        dim_mask = inputs["dim_mask"]
        losses, margins = preference_losses(chosen, rejected, ref_chosen, ref_rejected, dim_mask, self.beta)
        if mode == "train" and self._step_counts is not None:
            counts = self._step_counts.to(losses.device)
            scale = float(self.accelerator.num_processes)  # DDP averages gradients over ranks
        else:
            counts = dim_mask.sum(0).double()
            scale = 1.0
        weights = self._weights(counts.cpu()).to(device=losses.device, dtype=losses.dtype)
        per_dim = losses.sum(0) / counts.clamp(min=1.0).to(losses.dtype)
        loss = (weights * per_dim).sum() * scale
        if mode == "train":
            self._stats.add(losses, margins, dim_mask)
        else:
            self._eval_stats.add(losses, margins, dim_mask)
            for key, value in DimensionStats.metrics(self._eval_stats.reduce_and_reset()).items():
                self._metrics["eval"][key].append(value)
        if return_outputs:
            return loss, {"chosen_logps": chosen.detach(), "rejected_logps": rejected.detach()}
        return loss

    def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None):
        """Evaluation: the weighted loss only (there are no logits to return from the packed layout)."""
        inputs = self._prepare_inputs(inputs)
        with torch.no_grad(), self.compute_loss_context_manager():
            loss = self.compute_loss(model, inputs)
        return loss.detach(), None, None

    # ------------------------------------------------------------------ dual step, logging
    def _on_train_begin(self, state) -> None:
        """The ε schedule's horizon: the optimizer steps of this training (TRL derived it from max_steps or epochs)."""
        self.dual.with_total_steps(state.max_steps)
        path = self.lambda_trace_path()
        if path is not None:  # a resumed run re-traces the steps after its checkpoint
            kept = []
            if os.path.isfile(path):
                with open(path) as fh:
                    for line in fh:
                        try:
                            if json.loads(line)["step"] <= state.global_step:
                                kept.append(line)
                        except json.JSONDecodeError:
                            break  # a line torn by a kill
            os.makedirs(self.args.output_dir, exist_ok=True)
            with open(path + ".tmp", "w") as fh:
                fh.writelines(kept)
            os.replace(path + ".tmp", path)

    def lambda_trace_path(self) -> str | None:
        """``output_dir/lambda_rank{r}.jsonl`` of this rank when there are several processes, else None.

        Every rank appends its own λ after each dual step, so that λ being identical on every rank (the dual
        update runs on all-reduced numbers) can be checked from the files rather than trusted.
        """
        if self.accelerator.num_processes <= 1:
            return None
        return os.path.join(self.args.output_dir, LAMBDA_TRACE_NAME.format(rank=self.accelerator.process_index))

    def _end_optimizer_step(self) -> None:
        """One all-reduce of the step's statistics, then the EMA + dual update (identical on every rank)."""
        buf = self._stats.reduce_and_reset()
        idx = self._dim_index
        self.dual.accumulate(buf[0, idx], buf[3, idx])
        self.dual.end_step(reduce=False)
        path = self.lambda_trace_path()
        if path is not None:
            state = self.dual.state_dict()
            with open(path, "a") as fh:
                rec = {"step": self.state.global_step, "lambda": state["lambda"], "ema": state["ema"]}
                fh.write(json.dumps(rec) + "\n")
        for key, value in DimensionStats.metrics(buf).items():
            self._metrics["train"][key].append(value)
        self._step_counts = None

    def log(self, logs: dict[str, float], start_time: float | None = None) -> None:
        """TRL's log, plus λ, the weights and (adaptive_epsilon) the current tolerance on training logs."""
        if self.model.training and self.dual is not None and "loss" in logs:
            for name, value in self.dual.lambda_dict().items():
                logs[f"lambda/{name}"] = value
            for d, value in self.dual.weight_dict().items():
                logs[f"weight_{d}"] = value
            if self.dual.spec.settings.constraint == "adaptive_epsilon":
                logs["epsilon"] = self.dual.epsilon_now()
        super().log(logs, start_time)

    # ------------------------------------------------------------------ checkpoints
    def dual_state_dict(self) -> dict[str, Any]:
        """λ, the EMA and the step (restored on resume), with the constraint problem they belong to."""
        spec = self.dual.spec
        return {"dual": self.dual.state_dict(), "spec": {
            "constraint": spec.settings.constraint, "dims": list(spec.dims),
            "freeze_lambda": spec.settings.freeze_lambda, "total_steps": spec.total_steps}}

    def save_dual_state(self, folder: str | os.PathLike) -> str:
        """Write ``folder/lagdpo_state.json`` atomically; returns its path."""
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, DUAL_STATE_NAME)
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(self.dual_state_dict(), fh, indent=1)
        os.replace(tmp, path)
        return path

    def load_dual_state(self, folder: str | os.PathLike) -> None:
        """Restore λ, the EMA and the step from a checkpoint folder written by :meth:`save_dual_state`."""
        path = os.path.join(folder, DUAL_STATE_NAME)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: missing; the checkpoint {folder} was not written by LagDPOTrainer")
        with open(path) as fh:
            self.dual.load_state_dict(json.load(fh)["dual"])

    def _save_checkpoint(self, model, trial):
        if self.args.should_save:
            run_dir = self._get_output_dir(trial=trial)
            self.save_dual_state(os.path.join(run_dir, f"{PREFIX_CHECKPOINT_DIR}-{self.state.global_step}"))
        maybe_fail("checkpoint", self.state.global_step)  # the resume tests tear a checkpoint here
        super()._save_checkpoint(model, trial)

    def train(self, resume_from_checkpoint: str | bool | None = None, trial=None, ignore_keys_for_eval=None, **kwargs):
        """``Trainer.train``; on resume, λ and the EMA are restored from the checkpoint first."""
        if isinstance(resume_from_checkpoint, bool):
            resume_from_checkpoint = (last_checkpoint(self.args.output_dir, require=self.CHECKPOINT_FILES)
                                      if resume_from_checkpoint else None)
            if resume_from_checkpoint is None:
                raise ValueError(f"No valid checkpoint found in output directory ({self.args.output_dir})")
        if resume_from_checkpoint is not None:
            self.load_dual_state(resume_from_checkpoint)
        return super().train(resume_from_checkpoint=resume_from_checkpoint, trial=trial,
                             ignore_keys_for_eval=ignore_keys_for_eval, **kwargs)
