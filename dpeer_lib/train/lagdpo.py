"""Lag-DPO: multi-objective DPO with one loss per persona dimension and Lagrangian weights (DESIGN §3).

``LagDPOTrainer`` subclasses TRL 1.16's ``DPOTrainer`` and replaces its three data/loss hooks:
``_prepare_dataset`` (tokenise a row's prompt, golden and every active reject), the collator
(:class:`DataCollatorForMultiPreference`) and ``_compute_loss``. The optimizer, scheduler, PEFT handling,
reference handling, checkpointing and distributed set-up stay TRL's / transformers'.

**One policy forward and one reference forward per batch.** With the default ``layout="shared_prefix"``
each row becomes ONE sequence::

    [prompt[:-1]] [p, golden …] [p, reject_A …] [p, reject_T …] …      (p = the prompt's last token)

with a custom 4-D attention mask (each response block sees the shared prompt prefix and itself, causally)
and position ids that restart at ``len(prompt) − 1`` in every block. Short rows are packed into the same
sequence as others (first-fit decreasing, never longer than the batch's longest row), each row seeing
only itself, because rows with 1 to 4 rejects differ several-fold in length. The prompt is encoded once per row,
golden once per row, each reject once; the repeated ``p`` token supplies the hidden state that predicts
each response's first token. Log-probabilities equal those of separate ``prompt + response`` sequences
up to float rounding (tested against stock TRL). ``layout="separate"`` packs ``[prompt+golden]`` and
``[prompt+reject_d]`` as separate rows of the same padded batch (still one forward); it needs no custom
mask, so it is the fallback for attention kernels that ignore 4-D masks (flash-attention). ``layout="auto"``
(the default) picks, per batch, the layout with fewer forward FLOPs (:meth:`DataCollatorForMultiPreference._cost`):
the shared prefix saves projection/MLP work on every re-encoded prompt, but its longer sequences cost more
in dense masked attention, which dominates only in small-hidden models (the tiny smoke model).

**Loss.** ``ℓ_d = −log σ(β (r(y*) − r(y_d)))`` with ``r = log π − log π_ref`` (sums over completion
tokens, as TRL); ``L_d`` = mean of ``ℓ_d`` over the rows where d is active; ``loss = Σ_d w_d L_d`` with
``w`` from :class:`dpeer_lib.train.lagrangian.DualState`, renormalised over the dimensions present. In training
the counts behind ``L_d`` are those of the whole optimizer step (all gradient-accumulation micro-batches
and all processes), so the gradient does not depend on how the step is split; the loss is therefore
already scaled for gradient accumulation (``loss_is_scaled_for_ga = True``).

**Dual step** once per optimizer step (a ``TrainerCallback.on_step_end``), after one all-reduce of the
step's per-dimension sums; λ and the EMA go into every checkpoint (``lagdpo_state.json``) and are
restored by ``train(resume_from_checkpoint=...)``.
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
import torch.nn.functional as F
from accelerate.utils import is_peft_model
from datasets import Dataset, IterableDataset
from torch.utils.data import DataLoader
from transformers import PreTrainedTokenizerBase, ProcessorMixin, TrainerCallback
from transformers.data.data_collator import DataCollatorMixin
from transformers.trainer_utils import PREFIX_CHECKPOINT_DIR, get_last_checkpoint
from trl import DPOConfig, DPOTrainer
from trl.data_utils import _tokenize, common_prefix_length, is_conversational
from trl.models.utils import disable_gradient_checkpointing
from trl.trainer.utils import add_fused_lm_head, global_then_local_main_first, pad, use_adapter

from dpeer_lib.train.lagrangian import DualSpec, DualState, all_reduce_sum
from dpeer_lib.core.params import DIMENSIONS

log = logging.getLogger("dpeer.lagdpo")

D = len(DIMENSIONS)  # reject slots, in DIMENSIONS order
SLOTS = 1 + D  # slot 0 = golden (chosen), slot 1 + k = reject of DIMENSIONS[k]
DUAL_STATE_NAME = "lagdpo_state.json"
LAYOUTS = ("auto", "shared_prefix", "separate")
TOKENIZED_COLUMNS = ["prompt_ids", "chosen_ids", "rejected_ids", "dim_mask", "ref_chosen_logps", "ref_rejected_logps"]


# =========================================================================== tokenisation
class RowError(ValueError):
    """A preference row that cannot be used, naming the row, the field and the reason."""


def _row_name(example: dict, index: int | None) -> str:
    rid = example.get("id")
    where = f"row {index}" if index is not None else "row"
    return f"{where} (id={rid!r})" if rid is not None else where


def check_row(example: dict, index: int | None = None) -> list[bool]:
    """Active dimensions of a Lag-DPO row (``rejected_X`` non-empty), checked against its ``mask`` if any."""
    if not example.get("prompt"):
        raise RowError(f"lagdpo {_row_name(example, index)}: field 'prompt' is empty")
    if not example.get("chosen"):
        raise RowError(f"lagdpo {_row_name(example, index)}: field 'chosen' (golden) is empty")
    active = [bool(example.get(f"rejected_{d}")) for d in DIMENSIONS]
    if "mask" in example and example["mask"] is not None:
        mask = list(example["mask"])
        unknown = [m for m in mask if m not in DIMENSIONS]
        if unknown:
            raise RowError(f"lagdpo {_row_name(example, index)}: field 'mask' names unknown dimension(s) {unknown}")
        for k, d in enumerate(DIMENSIONS):
            if (d in mask) != active[k]:
                state = "is empty although" if d in mask else "is filled although"
                neg = "" if d in mask else " not"
                raise RowError(
                    f"lagdpo {_row_name(example, index)}: field 'rejected_{d}' {state} {d!r} is{neg} in the mask {mask}"
                )
    if not any(active):
        raise RowError(f"lagdpo {_row_name(example, index)}: no active dimension (every rejected_X is empty)")
    return active


def tokenize_row(
    example: dict, processing_class: PreTrainedTokenizerBase | ProcessorMixin, eos_token: str | None = None
) -> dict[str, Any]:
    """Tokenise one Lag-DPO row the way TRL's ``DPOTrainer._prepare_dataset`` tokenises a pair.

    Returns ``prompt_ids``, ``chosen_ids``, ``rejected_ids`` (D lists in DIMENSIONS order, ``[]`` when
    inactive) and ``dim_mask`` (D ints). Conversational rows go through the chat template (prompt with the
    generation prompt); plain-text rows get EOS appended to each response, as in TRL. The completion starts
    where the tokenised prompt and every tokenised prompt+response first diverge (``common_prefix_length``).
    """
    active = check_row(example)
    responses = [example["chosen"]] + [example.get(f"rejected_{d}") if a else None for d, a in zip(DIMENSIONS, active)]
    prompt = example["prompt"]
    if is_conversational({"prompt": prompt}):
        kwargs = dict(example.get("chat_template_kwargs") or {})
        prompt_ids = _tokenize(processing_class, prompt, add_generation_prompt=True, **kwargs)["input_ids"]
        full = [None if r is None else _tokenize(processing_class, prompt + r, **kwargs)["input_ids"] for r in responses]
    else:
        eos = eos_token or ""

        def with_eos(text: str) -> str:
            return text if text.endswith(eos) else text + eos

        prompt_ids = _tokenize(processing_class, prompt)["input_ids"]
        full = [None if r is None else _tokenize(processing_class, prompt + with_eos(r))["input_ids"] for r in responses]
    prompt_len = min(common_prefix_length(prompt_ids, f) for f in full if f is not None)
    if prompt_len == 0:
        raise RowError(f"lagdpo {_row_name(example, None)}: the prompt tokenises to nothing")
    return {
        "prompt_ids": prompt_ids[:prompt_len],
        "chosen_ids": full[0][prompt_len:],
        "rejected_ids": [[] if f is None else f[prompt_len:] for f in full[1:]],
        "dim_mask": [int(a) for a in active],
    }


# =========================================================================== collation
@dataclass
class DataCollatorForMultiPreference(DataCollatorMixin):
    """Collate tokenised Lag-DPO rows (see :func:`tokenize_row`) into ONE padded batch.

    Output (N sequences of length T; N = B for ``shared_prefix``, B + Σ K_i for ``separate``):

    - ``input_ids``, ``attention_mask`` (2-D padding mask), ``position_ids``;
    - ``shift_labels``: the token each position predicts, −100 where nothing is scored;
    - ``score_index``: for scored positions, ``row * SLOTS + slot`` (slot 0 golden, 1 + k reject k);
    - ``block_ids``, ``prefix_ids`` (``shared_prefix`` only): a block id per token (a row's prompt prefix
      or one of its responses; −1 for padding) and the id of the token's row-prefix block; the model
      input's 4-D mask is built from them by :func:`build_attention_mask`. With ``pack`` (default)
      several rows share one sequence (first-fit decreasing, never longer than the longest row), which
      removes most of the padding that rows with 1 to 4 rejects would otherwise need;
    - ``dim_mask`` (B × D), ``token_counts`` (B × SLOTS, scored tokens per response);
    - ``ref_chosen_logps`` (B) and ``ref_rejected_logps`` (B × D) when the rows carry them.

    Truncation matches TRL's ``keep_start``: each ``prompt + response`` keeps its first ``max_length``
    tokens, so a response keeps ``max_length − len(prompt)`` tokens.
    """

    pad_token_id: int
    max_length: int | None = None
    layout: str = "shared_prefix"
    pack: bool = True
    pad_to_multiple_of: int | None = None
    return_tensors: str = "pt"
    model_dims: tuple[int, int, int] | None = None  # (hidden, layers, vocab): the cost model of layout="auto"

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout: {self.layout!r} is not one of {LAYOUTS}")

    def _row_sequence(self, b: int, ex: dict) -> dict[str, list[int]]:
        """Row ``b`` as one shared-prefix sequence; ``blk`` is 0 for the prefix and 1 + slot per response."""
        prompt = list(ex["prompt_ids"])
        P = len(prompt)
        budget = None if self.max_length is None else self.max_length - P
        responses = [list(ex["chosen_ids"])] + [list(r) for r in ex["rejected_ids"]]
        mask = [1] + list(ex["dim_mask"])
        seq = {"ids": prompt[:-1], "pos": list(range(P - 1)), "lab": [-100] * (P - 1), "idx": [0] * (P - 1),
               "blk": [0] * (P - 1)}
        for s in (s for s in range(SLOTS) if mask[s]):
            resp = responses[s][:budget] if budget is not None else responses[s]
            n = len(resp)
            seq["ids"] += [prompt[-1]] + resp
            seq["pos"] += list(range(P - 1, P + n))
            seq["lab"] += resp + [-100]
            seq["idx"] += [b * SLOTS + s] * n + [0]
            seq["blk"] += [1 + s] * (n + 1)
        return seq

    def _cost(self, seqs: list[dict]) -> float:
        """Forward FLOPs of a padded batch: L·(21h²·T + 4h·T²) per sequence (projections + MLP, dense masked
        attention) plus the LM head 2Vh·T. Longer shared sequences save projection work but cost T²."""
        h, layers, vocab = self.model_dims
        T = max(len(q["ids"]) for q in seqs)
        if self.pad_to_multiple_of:
            T = -(-T // self.pad_to_multiple_of) * self.pad_to_multiple_of
        return len(seqs) * (layers * (21.0 * h * h * T + 4.0 * h * T * T) + 2.0 * vocab * h * T)

    def _sequences(self, examples: list[dict]) -> tuple[str, list[dict[str, list[int]]]]:
        """``(layout used, sequences)``; ``auto`` picks the cheaper layout for this batch (:meth:`_cost`)."""
        for b, ex in enumerate(examples):
            P = len(ex["prompt_ids"])
            if self.max_length is not None and self.max_length - P < 1:
                raise RowError(f"lagdpo batch row {b}: prompt of {P} tokens leaves nothing under max_length={self.max_length}")
        if self.layout == "separate":
            return "separate", self._separate(examples)
        shared = self._shared(examples)
        if self.layout == "auto" and self.model_dims is not None:
            separate = self._separate(examples)
            if self._cost(separate) < self._cost(shared):
                return "separate", separate
        return "shared_prefix", shared

    def _separate(self, examples: list[dict]) -> list[dict[str, list[int]]]:
        """One ``prompt + response`` sequence per (row, response): the layout of stock TRL, in one batch."""
        seqs = []
        for b, ex in enumerate(examples):
            prompt = list(ex["prompt_ids"])
            P = len(prompt)
            budget = None if self.max_length is None else self.max_length - P
            responses = [list(ex["chosen_ids"])] + [list(r) for r in ex["rejected_ids"]]
            for s in (s for s, m in enumerate([1] + list(ex["dim_mask"])) if m):
                resp = responses[s][:budget] if budget is not None else responses[s]
                n = len(resp)
                seqs.append({"ids": prompt + resp, "pos": list(range(P + n)), "lab": [-100] * (P - 1) + resp + [-100],
                             "idx": [0] * (P - 1) + [b * SLOTS + s] * n + [0]})
        return seqs

    def _shared(self, examples: list[dict]) -> list[dict[str, list[int]]]:
        """One sequence per row (prompt once, then golden and every active reject), rows packed together."""
        rows = [self._row_sequence(b, ex) for b, ex in enumerate(examples)]
        # Pack rows into sequences no longer than the longest row (first-fit decreasing): less padding, same
        # attention width. Block ids become unique per sequence; ``pre`` names each token's row prefix block.
        capacity = max(len(r["ids"]) for r in rows)
        bins: list[list[dict]] = []
        for r in sorted(rows, key=lambda r: -len(r["ids"])) if self.pack else rows:
            fit = next((bn for bn in bins if sum(len(x["ids"]) for x in bn) + len(r["ids"]) <= capacity), None) \
                if self.pack else None
            if fit is None:
                bins.append([r])
            else:
                fit.append(r)
        seqs = []
        for bn in bins:
            seq = {"ids": [], "pos": [], "lab": [], "idx": [], "blk": [], "pre": []}
            for j, r in enumerate(bn):
                base = j * (SLOTS + 1)
                for key in ("ids", "pos", "lab", "idx"):
                    seq[key] += r[key]
                seq["blk"] += [base + x for x in r["blk"]]
                seq["pre"] += [base] * len(r["blk"])
            seqs.append(seq)
        return seqs

    def torch_call(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
        layout, seqs = self._sequences(examples)

        def padded(key: str, value: int) -> torch.Tensor:
            return pad([torch.tensor(s[key], dtype=torch.long) for s in seqs], padding_value=value,
                       padding_side="right", pad_to_multiple_of=self.pad_to_multiple_of)

        out: dict[str, Any] = {
            "input_ids": padded("ids", self.pad_token_id),
            "attention_mask": pad([torch.ones(len(s["ids"]), dtype=torch.long) for s in seqs], padding_value=0,
                                  padding_side="right", pad_to_multiple_of=self.pad_to_multiple_of),
            "position_ids": padded("pos", 0),
            "shift_labels": padded("lab", -100),
            "score_index": padded("idx", 0),
        }
        if layout == "shared_prefix":
            out["block_ids"] = padded("blk", -1)
            out["prefix_ids"] = padded("pre", -1)
        B = len(examples)
        dim_mask = torch.tensor([list(ex["dim_mask"]) for ex in examples], dtype=torch.long)
        out["dim_mask"] = dim_mask
        scored = out["shift_labels"] != -100
        out["token_counts"] = torch.zeros(B * SLOTS, dtype=torch.long).index_add_(
            0, out["score_index"][scored], torch.ones(int(scored.sum()), dtype=torch.long)).view(B, SLOTS)
        if "ref_chosen_logps" in examples[0]:
            out["ref_chosen_logps"] = torch.tensor([ex["ref_chosen_logps"] for ex in examples], dtype=torch.float32)
            out["ref_rejected_logps"] = torch.tensor([list(ex["ref_rejected_logps"]) for ex in examples],
                                                     dtype=torch.float32)
        return out


# =========================================================================== forward
def build_attention_mask(block_ids: torch.Tensor, prefix_ids: torch.Tensor | None = None,
                         dtype: torch.dtype | None = None) -> torch.Tensor:
    """The 4-D mask (N, 1, T, T) of the shared-prefix layout.

    Query i may see key j when j ≤ i, j is not padding (block −1), and j lies in i's own block or in the
    prompt-prefix block of i's row (``prefix_ids``; all 0 when omitted, i.e. one row per sequence). Rows
    packed into one sequence therefore never see each other. Every position sees itself, so padding rows
    never become all −inf (NaN in softmax). ``dtype=None`` gives a boolean mask (True = attend; what SDPA
    takes under any autocast dtype); a float ``dtype`` the additive form (0 / finfo.min) eager attention adds.
    """
    T = block_ids.size(1)
    device = block_ids.device
    if prefix_ids is None:
        prefix_ids = torch.zeros_like(block_ids)
    causal = torch.ones(T, T, dtype=torch.bool, device=device).tril()
    k = block_ids[:, None, :]
    allowed = causal & (k >= 0) & ((k == block_ids[:, :, None]) | (k == prefix_ids[:, :, None]))
    allowed |= torch.eye(T, dtype=torch.bool, device=device)
    if dtype is None:
        return allowed[:, None]
    mask = torch.zeros(allowed.shape, dtype=dtype, device=device)
    mask.masked_fill_(~allowed, torch.finfo(dtype).min)
    return mask[:, None]


def attention_implementation(model: torch.nn.Module) -> str:
    config = getattr(_base_model(model), "config", None)
    return str(getattr(config, "_attn_implementation", None) or "eager")


def default_layout(model: torch.nn.Module) -> str:
    """``auto`` unless the attention kernel ignores custom 4-D masks (flash-attention): then ``separate``."""
    return "separate" if "flash" in attention_implementation(model) else "auto"


def model_dims(model: torch.nn.Module) -> tuple[int, int, int] | None:
    """``(hidden_size, num_hidden_layers, vocab_size)`` for the ``auto`` layout's cost model."""
    config = getattr(_base_model(model), "config", None)
    if config is None:
        return None
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    try:
        return int(text.hidden_size), int(text.num_hidden_layers), int(text.vocab_size)
    except (AttributeError, TypeError):
        return None


def _base_model(model: torch.nn.Module) -> torch.nn.Module:
    """The causal LM under DDP / PEFT wrappers (the module whose ``forward`` TRL patches)."""
    while hasattr(model, "module") and isinstance(getattr(model, "module"), torch.nn.Module):
        model = model.module  # DDP / DeepSpeed engine
    if is_peft_model(model):
        model = model.get_base_model()
    return model


def has_fused_lm_head(model: torch.nn.Module) -> bool:
    """Whether TRL's ``add_fused_lm_head`` patched this model (``forward(..., fused_lm_head=True)``)."""
    fwd = _base_model(model).__dict__.get("forward")
    func = getattr(fwd, "__func__", fwd)
    return getattr(getattr(func, "__code__", None), "co_name", "") == "_fused_forward"


def ensure_fused_lm_head(model: torch.nn.Module) -> torch.nn.Module:
    """Patch TRL's fused LM head onto ``model`` once (generation is unaffected); returns ``model``."""
    if not has_fused_lm_head(model):
        add_fused_lm_head(_base_model(model))
    return model


def sequence_logps(model: torch.nn.Module, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row summed completion log-probs: ``(chosen [B], rejected [B, D])`` for a collated batch.

    One forward of ``model`` over the whole batch; inactive rejects are 0 (see ``batch["dim_mask"]``).
    Differentiable; call it under ``torch.no_grad()`` for reference/evaluation passes.
    """
    ensure_fused_lm_head(model)
    if "block_ids" in batch:
        impl = attention_implementation(model)
        if "flash" in impl:
            raise ValueError(f"attention {impl!r} ignores 4-D masks: collate with layout='separate'")
        if impl == "sdpa":
            attention = build_attention_mask(batch["block_ids"], batch.get("prefix_ids"))
        else:  # eager and kernels that add the mask to their scores
            dtype = next(p for p in model.parameters() if p.dtype.is_floating_point).dtype
            attention = build_attention_mask(batch["block_ids"], batch.get("prefix_ids"), dtype)
    else:
        attention = batch["attention_mask"]
    labels = batch["shift_labels"]
    out = model(input_ids=batch["input_ids"], attention_mask=attention, position_ids=batch["position_ids"],
                shift_labels=labels, fused_lm_head=True, use_cache=False)
    per_token = out.log_probs[:, -labels.size(1):]
    scored = labels != -100
    B = batch["dim_mask"].size(0)
    flat = per_token.new_zeros(B * SLOTS).index_add(0, batch["score_index"][scored], per_token[scored])
    flat = flat.view(B, SLOTS)
    return flat[:, 0], flat[:, 1:]


def preference_losses(
    chosen: torch.Tensor, rejected: torch.Tensor, ref_chosen: torch.Tensor, ref_rejected: torch.Tensor,
    dim_mask: torch.Tensor, beta: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per (row, dimension) DPO losses ``ℓ_d`` and reward margins ``β (r(y*) − r(y_d))`` (0 where inactive)."""
    active = dim_mask.bool()
    margins = beta * ((chosen - ref_chosen)[:, None] - (rejected - ref_rejected))
    margins = torch.where(active, margins, torch.zeros_like(margins))
    losses = torch.where(active, -F.logsigmoid(margins), torch.zeros_like(margins))
    return losses, margins


def reference_logps(
    batch: dict[str, torch.Tensor], model: torch.nn.Module | None = None, ref_model: torch.nn.Module | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Reference log-probs: precomputed in the batch, else ``ref_model``, else ``model`` with adapters off."""
    if "ref_chosen_logps" in batch:
        return batch["ref_chosen_logps"], batch["ref_rejected_logps"]
    with torch.no_grad():
        if ref_model is not None:
            return sequence_logps(ref_model, batch)
        if model is not None and is_peft_model(_unwrap(model)):
            peft_model = _unwrap(model)
            name = "ref" if "ref" in peft_model.peft_config else None
            with use_adapter(peft_model, adapter_name=name):
                return sequence_logps(model, batch)
    raise ValueError("reference log-probs: the batch has none, no ref_model was given and the model is not a PEFT model")


def _unwrap(model: torch.nn.Module) -> torch.nn.Module:
    while hasattr(model, "module") and isinstance(getattr(model, "module"), torch.nn.Module):
        model = model.module
    return model


def dimension_losses(
    model: torch.nn.Module, batch: dict[str, torch.Tensor], beta: float, ref_model: torch.nn.Module | None = None
) -> dict[str, torch.Tensor]:
    """``{d: L_d}`` for the dimensions present in ``batch`` (differentiable in ``model``'s parameters).

    ``L_d`` is the mean of ``ℓ_d`` over the batch rows where d is active. The reference is taken from the
    batch (precomputed), else ``ref_model``, else ``model`` with its adapters disabled (PEFT).
    """
    chosen, rejected = sequence_logps(model, batch)
    ref_c, ref_r = reference_logps(batch, model=model, ref_model=ref_model)
    losses, _ = preference_losses(chosen, rejected, ref_c.to(chosen), ref_r.to(chosen), batch["dim_mask"], beta)
    counts = batch["dim_mask"].sum(0)
    return {d: losses[:, k].sum() / counts[k] for k, d in enumerate(DIMENSIONS) if counts[k] > 0}


# =========================================================================== config
@dataclass
class LagDPOConfig(DPOConfig):
    """``DPOConfig`` plus Lag-DPO's Lagrangian fields (they mirror ``params.LagDPOSection``).

    CPU defaults of TRL (``bf16=True``, ``gradient_checkpointing=True``) are not changed here: pass
    ``bf16=False, gradient_checkpointing=False`` on a CPU (``dpeer_lib.train.common`` does).
    """

    _VALID_DICT_FIELDS = DPOConfig._VALID_DICT_FIELDS + ["epsilon_pairs", "thresholds"]

    constraint: str = field(default="pairwise_gap", metadata={"help": "pairwise_gap | threshold | adaptive_epsilon"})
    epsilon: float = field(default=0.5, metadata={"help": "tolerance ε for every pair (or threshold default)"})
    epsilon_pairs: dict[str, float] | str | None = field(default_factory=dict, metadata={"help": 'per-pair ε, keys "A>T"'})
    thresholds: dict[str, float] | str | None = field(default_factory=dict, metadata={"help": "threshold form: ε_d"})
    primary: str = field(default="T", metadata={"help": "threshold form: the minimised dimension"})
    eta_lambda: float = field(default=0.5, metadata={"help": "dual step size η_λ"})
    lambda_max: float = field(default=10.0, metadata={"help": "λ is clipped to [0, lambda_max]"})
    w_min: float = field(default=0.0, metadata={"help": "weights are clamped at w_min, then renormalised"})
    ema_decay: float = field(default=0.9, metadata={"help": "decay of the per-dimension loss EMA"})
    epsilon_start: float = field(default=1.0, metadata={"help": "adaptive_epsilon: ε at step 0"})
    epsilon_end: float = field(default=0.25, metadata={"help": "adaptive_epsilon: ε at the last step"})
    epsilon_schedule: str = field(default="cosine", metadata={"help": "adaptive_epsilon: cosine | linear"})
    freeze_lambda: bool = field(default=False, metadata={"help": "keep λ = 0 (equal weights): mo_dpo_fixed"})
    dimensions: list[str] | None = field(default=None, metadata={"help": "active dimensions; None = from the data"})
    layout: str = field(default="auto", metadata={
        "help": "auto (per batch, the cheaper by a FLOP model) | shared_prefix | separate"})
    ref_logps_cache_dir: str | None = field(
        default=None, metadata={"help": "folder caching precomputed reference log-probs, keyed by content"})

    def __post_init__(self) -> None:
        for name in ("epsilon_pairs", "thresholds"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, json.loads(value))
            elif value is None:
                setattr(self, name, {})
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout: {self.layout!r} is not one of {LAYOUTS}")
        super().__post_init__()
        if list(self.loss_type) != ["sigmoid"]:
            raise ValueError(f"LagDPOConfig: only loss_type=['sigmoid'] is implemented, got {self.loss_type}")
        if self.ld_alpha is not None or self.f_divergence_type != "reverse_kl" or self.use_weighting:
            raise ValueError("LagDPOConfig: ld_alpha, f_divergence_type and use_weighting are not supported")
        if self.truncation_mode != "keep_start":
            raise ValueError("LagDPOConfig: only truncation_mode='keep_start' is supported")
        if self.padding_free:
            raise ValueError("LagDPOConfig: padding_free is not supported (the shared-prefix layout already avoids re-encoding)")
        # Validate the dual settings early (with all dimensions; the trainer narrows to the active ones).
        DualSpec.from_section(self, self.dimensions or DIMENSIONS, total_steps=max(self.max_steps, 1))


# =========================================================================== per-dimension statistics
class DimensionStats:
    """Per-dimension sums over an optimizer step: loss, margin, correct (margin > 0) and row count."""

    def __init__(self) -> None:
        self.buf = torch.zeros(4, D, dtype=torch.float64)

    def add(self, losses: torch.Tensor, margins: torch.Tensor, dim_mask: torch.Tensor) -> None:
        active = dim_mask.bool()
        self.buf[0] += losses.detach().double().sum(0).cpu()
        self.buf[1] += margins.detach().double().sum(0).cpu()
        self.buf[2] += ((margins.detach() > 0) & active).double().sum(0).cpu()
        self.buf[3] += active.double().sum(0).cpu()

    def reduce_and_reset(self, reduce: bool = True) -> torch.Tensor:
        out = all_reduce_sum(self.buf.clone()) if reduce else self.buf.clone()
        self.buf.zero_()
        return out

    @staticmethod
    def metrics(buf: torch.Tensor, prefix: str = "") -> dict[str, float]:
        """``loss_A``, ``margin_A``, ``acc_A`` … for dimensions with rows, and pooled ``rewards/*``."""
        out: dict[str, float] = {}
        for k, d in enumerate(DIMENSIONS):
            n = float(buf[3, k])
            if n > 0:
                out[f"{prefix}loss_{d}"] = float(buf[0, k]) / n
                out[f"{prefix}margin_{d}"] = float(buf[1, k]) / n
                out[f"{prefix}acc_{d}"] = float(buf[2, k]) / n
        total = float(buf[3].sum())
        if total > 0:
            out[f"{prefix}rewards/margins"] = float(buf[1].sum()) / total
            out[f"{prefix}rewards/accuracies"] = float(buf[2].sum()) / total
        return out


class _OptimizerStepCallback(TrainerCallback):
    """Calls the trainer's ``_end_optimizer_step`` once per optimizer step (after ``optimizer.step``)."""

    def __init__(self, trainer: "LagDPOTrainer"):
        self.trainer = trainer

    def on_train_begin(self, args, state, control, **kwargs):
        self.trainer._on_train_begin(state)

    def on_step_end(self, args, state, control, **kwargs):
        self.trainer._end_optimizer_step()


# =========================================================================== trainer
class LagDPOTrainer(DPOTrainer):
    """TRL ``DPOTrainer`` with one DPO loss per persona dimension and Lagrangian weights (DESIGN §3)."""

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
        self.dual = DualState(DualSpec.from_section(args, self.dims, total_steps=args.max_steps if args.max_steps > 0 else None))
        self.add_callback(_OptimizerStepCallback(self))

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
        cache = self._ref_cache_path(dataset)
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
            from trl.models import prepare_deepspeed

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
        if self.dual.spec.constraint == "adaptive_epsilon" and state.max_steps:
            self.dual.with_total_steps(state.max_steps)

    def _end_optimizer_step(self) -> None:
        """One all-reduce of the step's statistics, then the EMA + dual update (identical on every rank)."""
        buf = self._stats.reduce_and_reset()
        idx = self._dim_index
        self.dual.accumulate(buf[0, idx], buf[3, idx])
        self.dual.end_step(reduce=False)
        for key, value in DimensionStats.metrics(buf).items():
            self._metrics["train"][key].append(value)
        self._step_counts = None

    def log(self, logs: dict[str, float], start_time: float | None = None) -> None:
        if self.model.training and self.dual is not None and "loss" in logs:
            for name, value in self.dual.lambda_dict().items():
                logs[f"lambda/{name}"] = value
            for d, value in self.dual.weight_dict().items():
                logs[f"weight_{d}"] = value
            if self.dual.spec.constraint == "adaptive_epsilon":
                logs["epsilon"] = self.dual.epsilon_now()
        super().log(logs, start_time)

    # ------------------------------------------------------------------ checkpoints
    def dual_state_dict(self) -> dict[str, Any]:
        return {"dual": self.dual.state_dict(), "spec": {
            "constraint": self.dual.spec.constraint, "dims": list(self.dual.spec.dims),
            "frozen": self.dual.spec.frozen, "total_steps": self.dual.spec.total_steps}}

    def save_dual_state(self, folder: str | os.PathLike) -> str:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, DUAL_STATE_NAME)
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(self.dual_state_dict(), fh, indent=1)
        os.replace(tmp, path)
        return path

    def load_dual_state(self, folder: str | os.PathLike) -> None:
        path = os.path.join(folder, DUAL_STATE_NAME)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: missing; the checkpoint {folder} was not written by LagDPOTrainer")
        with open(path) as fh:
            self.dual.load_state_dict(json.load(fh)["dual"])

    def _save_checkpoint(self, model, trial):
        if self.args.should_save:
            run_dir = self._get_output_dir(trial=trial)
            self.save_dual_state(os.path.join(run_dir, f"{PREFIX_CHECKPOINT_DIR}-{self.state.global_step}"))
        super()._save_checkpoint(model, trial)

    def train(self, resume_from_checkpoint: str | bool | None = None, trial=None, ignore_keys_for_eval=None, **kwargs):
        """``Trainer.train``; on resume, λ and the EMA are restored from the checkpoint first."""
        if isinstance(resume_from_checkpoint, bool):
            resume_from_checkpoint = get_last_checkpoint(self.args.output_dir) if resume_from_checkpoint else None
            if resume_from_checkpoint is None:
                raise ValueError(f"No valid checkpoint found in output directory ({self.args.output_dir})")
        if resume_from_checkpoint is not None:
            self.load_dual_state(resume_from_checkpoint)
        return super().train(resume_from_checkpoint=resume_from_checkpoint, trial=trial,
                             ignore_keys_for_eval=ignore_keys_for_eval, **kwargs)
