"""The one forward path of the preference methods: tokenisation, collation, masks, log-probs, losses.

Used by the Lag-DPO trainer (:mod:`dpeer_lib.train.lagdpo`), the pooled baseline's per-dimension logging,
the held-out selection evaluation and the gradient analysis (:mod:`dpeer_lib.gradients`).

**One forward per batch.** With ``layout="shared_prefix"`` each row becomes ONE sequence::

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
picks, per batch, the layout with fewer forward FLOPs (:meth:`DataCollatorForMultiPreference._cost`):
the shared prefix saves projection/MLP work on every re-encoded prompt, but its longer sequences cost more
in dense masked attention, which dominates only in small-hidden models (the tiny smoke model).

**Losses.** ``ℓ_d = −log σ(β (r(y*) − r(y_d)))`` with ``r = log π − log π_ref`` (sums over completion
tokens, as TRL); ``L_d`` = mean of ``ℓ_d`` over the rows where d is active.
"""
from __future__ import annotations

import functools
import types
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from accelerate.utils import is_peft_model
from transformers import PreTrainedTokenizerBase, ProcessorMixin
from transformers.data.data_collator import DataCollatorMixin
from trl.data_utils import _tokenize, common_prefix_length, is_conversational  # _tokenize: what DPOTrainer runs
from trl.trainer.utils import FusedCausalLMOutput, add_fused_lm_head, pad, use_adapter

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.train.lagrangian import all_reduce_sum

D = len(DIMENSIONS)  # reject slots, in DIMENSIONS order
SLOTS = 1 + D  # slot 0 = golden (chosen), slot 1 + k = reject of DIMENSIONS[k]
LAYOUTS = ("auto", "shared_prefix", "separate")


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


def pair_ids(features: dict, slot: int, max_length: int | None) -> tuple[list[int], list[int]]:
    """``prompt + response`` of one slot of a tokenised row (0 golden, 1 + k the reject of ``DIMENSIONS[k]``)
    and its completion mask (1 on response tokens), truncated as TRL's ``keep_start``: the first ``max_length``."""
    prompt = list(features["prompt_ids"])
    response = list(features["chosen_ids"] if slot == 0 else features["rejected_ids"][slot - 1])
    ids, mask = prompt + response, [0] * len(prompt) + [1] * len(response)
    if max_length is not None:
        ids, mask = ids[:max_length], mask[:max_length]
    return ids, mask


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
            P = len(ex["prompt_ids"])
            for s in (s for s, m in enumerate([1] + list(ex["dim_mask"])) if m):
                ids, _ = pair_ids(ex, s, self.max_length)  # _sequences checked that P < max_length
                resp = ids[P:]
                n = len(resp)
                seqs.append({"ids": ids, "pos": list(range(P + n)), "lab": [-100] * (P - 1) + resp + [-100],
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
        """The padded batch of ``examples`` (see the class docstring for its keys)."""
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
    """The attention kernel named in the model's config (``eager`` when none is named)."""
    config = getattr(base_model(model), "config", None)
    return str(getattr(config, "_attn_implementation", None) or "eager")


def default_layout(model: torch.nn.Module) -> str:
    """``auto`` unless the attention kernel ignores custom 4-D masks (flash-attention): then ``separate``."""
    return "separate" if "flash" in attention_implementation(model) else "auto"


def model_dims(model: torch.nn.Module) -> tuple[int, int, int] | None:
    """``(hidden_size, num_hidden_layers, vocab_size)`` for the ``auto`` layout's cost model."""
    config = getattr(base_model(model), "config", None)
    if config is None:
        return None
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    try:
        return int(text.hidden_size), int(text.num_hidden_layers), int(text.vocab_size)
    except (AttributeError, TypeError):
        return None


def unwrap_distributed(model: torch.nn.Module) -> torch.nn.Module:
    """The module under DDP / DeepSpeed engine wrappers (a PEFT model stays a PEFT model)."""
    while hasattr(model, "module") and isinstance(getattr(model, "module"), torch.nn.Module):
        model = model.module
    return model


def base_model(model: torch.nn.Module) -> torch.nn.Module:
    """The causal LM under DDP / PEFT wrappers (the module whose ``forward`` TRL patches)."""
    model = unwrap_distributed(model)
    if is_peft_model(model):
        model = model.get_base_model()
    return model


def has_fused_lm_head(model: torch.nn.Module) -> bool:
    """Whether TRL's ``add_fused_lm_head`` patched this model (``forward(..., fused_lm_head=True)``)."""
    return _patched(model, "_fused_forward")


def _patched(model: torch.nn.Module, name: str) -> bool:
    """Whether a forward named ``name`` wraps the base model's forward (at any depth of wrapping)."""
    fwd = base_model(model).__dict__.get("forward")
    while fwd is not None:
        func = getattr(fwd, "__func__", fwd)
        if getattr(getattr(func, "__code__", None), "co_name", "") == name:
            return True
        fwd = getattr(func, "_dpeer_inner", None)
    return False


def ensure_fused_lm_head(model: torch.nn.Module) -> torch.nn.Module:
    """Patch TRL's fused LM head onto ``model`` once (generation is unaffected); returns ``model``."""
    if not has_fused_lm_head(model):
        add_fused_lm_head(base_model(model))
    return model


def plain_lm_head(model: torch.nn.Module) -> bool:
    """Whether the logits are ``lm_head(h)`` with no scaling or soft-capping (what the compact head computes)."""
    config = base_model(model).config
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    return not any(getattr(text, k, None) not in (None, 1.0) for k in
                   ("final_logit_softcapping", "logit_scale", "output_multiplier", "lm_head_multiplier",
                    "logits_scaling"))


def ensure_compact_lm_head(model: torch.nn.Module) -> torch.nn.Module:
    """Patch ``forward(..., compact_lm_head=True, shift_labels=L)`` onto the base model once: it runs the
    backbone, projects ONLY the positions with ``L != -100`` through the LM head and returns their
    log-probabilities (at least float32) (zeros elsewhere) as ``.log_probs``. Any other call is the forward it wraps.

    Why not TRL's fused head everywhere: off Triton devices it scores every position (padding and prompts
    included) and recomputes the logits in backward, which on CPU made a Lag-DPO step 1.56× the plain
    forward and backward of the same batch (``benchmarks/lagdpo_throughput.py``). On CUDA it scores only
    the valid positions in tiles, without materialising the logits, so :func:`sequence_logps` keeps it there.
    """
    if _patched(model, "_compact_forward"):
        return model
    target = base_model(model)
    inner = target.forward

    @functools.wraps(type(target).forward)  # keeps the signature that ``generate`` validates its kwargs against
    def _compact_forward(self, *args, compact_lm_head: bool = False, shift_labels=None, **kwargs):
        if not compact_lm_head:
            if shift_labels is not None:
                kwargs["shift_labels"] = shift_labels
            return inner(*args, **kwargs)
        kwargs.pop("labels", None)
        kwargs["use_cache"] = False
        hidden = getattr(self, self.base_model_prefix)(*args, **kwargs).last_hidden_state
        mask = shift_labels != -100
        logits = self.get_output_embeddings()(hidden[mask])
        if logits.dtype in (torch.float16, torch.bfloat16):
            logits = logits.float()
        lp = -F.cross_entropy(logits, shift_labels[mask], reduction="none")
        return FusedCausalLMOutput(log_probs=lp.new_zeros(mask.shape).masked_scatter(mask, lp), label_mask=mask)

    _compact_forward._dpeer_inner = inner
    target.forward = types.MethodType(_compact_forward, target)
    return model


def compact_trl_lm_head(model: torch.nn.Module) -> torch.nn.Module:
    """Make TRL's ``forward(..., labels=L, fused_lm_head=True)`` project only the scored positions (``L != -100``)
    through the LM head, with every field TRL's trainers read (``log_probs``, ``entropy``, ``mean_logits``,
    ``is_top1``, ``log_sum_sq_probs``) and TRL's ``loss``; any other call is the forward it wraps.

    For the stock ``DPOTrainer`` (``dpo_pooled``) on a CPU, where TRL's head scores every position, prompts and
    padding included, and recomputes the logits in backward (see :func:`ensure_compact_lm_head`). The log-probs
    and their gradients equal TRL's up to float rounding (tested); the other fields are logged metrics only, so
    they are computed without gradients.
    """
    if _patched(model, "_compact_trl_forward"):
        return model
    if not plain_lm_head(model):
        raise ValueError("compact_trl_lm_head: this model scales or soft-caps its logits; keep TRL's fused head")
    target = base_model(model)
    inner = target.forward

    @functools.wraps(type(target).forward)
    def _compact_trl_forward(self, *args, fused_lm_head: bool = False, labels=None, shift_labels=None,
                             num_items_in_batch=None, **kwargs):
        if not fused_lm_head:
            for k, v in (("labels", labels), ("shift_labels", shift_labels), ("num_items_in_batch", num_items_in_batch)):
                if v is not None:
                    kwargs[k] = v
            return inner(*args, **kwargs)
        kwargs["use_cache"] = False
        hidden = getattr(self, self.base_model_prefix)(*args, **kwargs).last_hidden_state
        if shift_labels is None:
            hidden, shift_labels = hidden[:, :-1], labels[:, 1:]
        mask = shift_labels != -100
        logits = self.get_output_embeddings()(hidden[mask])
        logits = logits.float() if logits.dtype in (torch.float16, torch.bfloat16) else logits
        target_ids = shift_labels[mask]
        fields = {"log_probs": -F.cross_entropy(logits, target_ids, reduction="none")}
        with torch.no_grad():
            logp = logits.detach().log_softmax(-1)
            fields["entropy"] = -(logp.exp() * logp).sum(-1)
            fields["log_sum_sq_probs"] = torch.logsumexp(2 * logp, -1)
            fields["mean_logits"] = logits.detach().mean(-1)
        full = {k: v.new_zeros(mask.shape).masked_scatter(mask, v) for k, v in fields.items()}
        is_top1 = mask.new_zeros(mask.shape).masked_scatter(mask, logits.detach().argmax(-1) == target_ids)
        n = mask.sum().clamp(min=1) if num_items_in_batch is None else num_items_in_batch
        return FusedCausalLMOutput(loss=-full["log_probs"].sum() / n, is_top1=is_top1, label_mask=mask, **full)

    _compact_trl_forward._dpeer_inner = inner
    target.forward = types.MethodType(_compact_trl_forward, target)
    return model


def compact_trl_head_off_cuda(trainer, enabled: bool | None = None) -> bool:
    """Apply :func:`compact_trl_lm_head` to a TRL trainer's model (and reference model) unless it runs on CUDA,
    where TRL's own head is already compact; ``enabled`` forces the choice. Returns whether it was applied."""
    if enabled is None:
        enabled = trainer.accelerator.device.type != "cuda" and plain_lm_head(trainer.model)
    if enabled:
        compact_trl_lm_head(trainer.model)
        if getattr(trainer, "ref_model", None) is not None:
            compact_trl_lm_head(trainer.ref_model)
    return bool(enabled)


def sequence_logps(model: torch.nn.Module, batch: dict[str, torch.Tensor], head: str | None = None
                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row summed completion log-probs: ``(chosen [B], rejected [B, D])`` for a collated batch.

    One forward of ``model`` over the whole batch; inactive rejects are 0 (see ``batch["dim_mask"]``).
    Differentiable; call it under ``torch.no_grad()`` for reference/evaluation passes. The LM head scores only
    the completion tokens: TRL's fused head on CUDA, :func:`ensure_compact_lm_head` elsewhere (``head``:
    ``"fused"`` or ``"compact"`` forces one).
    """
    if head is None:
        head = "compact" if batch["input_ids"].device.type != "cuda" and plain_lm_head(model) else "fused"
    compact = head == "compact"
    if compact:
        ensure_compact_lm_head(model)
    else:
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
    flag = {"compact_lm_head": True} if compact else {"fused_lm_head": True}
    out = model(input_ids=batch["input_ids"], attention_mask=attention, position_ids=batch["position_ids"],
                shift_labels=labels, use_cache=False, **flag)
    per_token = out.log_probs[:, -labels.size(1):]
    scored = labels != -100
    B = batch["dim_mask"].size(0)
    flat = per_token.new_zeros(B * SLOTS).index_add(0, batch["score_index"][scored], per_token[scored])
    flat = flat.view(B, SLOTS)
    return flat[:, 0], flat[:, 1:]


def completion_logps(model: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                     completion_mask: torch.Tensor) -> torch.Tensor:
    """Summed log-probability of the completion tokens of each right-padded sequence, shape (m,).

    The plain-logits counterpart of :func:`sequence_logps` for the gradient analysis, which back-propagates
    sequence by sequence and needs the model's own precision (TRL's fused LM head computes in float32).
    Logits are only computed from the first position that predicts a completion token on (the
    ``logits_to_keep`` of HF causal LMs), which saves the prompt part of the vocabulary projection.
    """
    T = input_ids.shape[1]
    target_mask = completion_mask[:, 1:]
    first = int(target_mask.any(0).nonzero()[0]) if target_mask.any() else 0  # first predicting position
    keep = (T - 1) - first
    out = model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False, logits_to_keep=keep + 1)
    logits = out.logits[:, -(keep + 1) : -1]
    if logits.dtype in (torch.float16, torch.bfloat16):
        logits = logits.float()
    labels = input_ids[:, first + 1 :]
    lp = logits.gather(-1, labels.unsqueeze(-1)).squeeze(-1) - torch.logsumexp(logits, dim=-1)
    return (lp * target_mask[:, first:].to(lp.dtype)).sum(-1)


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
        if model is not None and is_peft_model(unwrap_distributed(model)):
            peft_model = unwrap_distributed(model)
            name = "ref" if "ref" in peft_model.peft_config else None
            with use_adapter(peft_model, adapter_name=name):
                return sequence_logps(model, batch)
    raise ValueError("reference log-probs: the batch has none, no ref_model was given and the model is not a PEFT model")


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



# =========================================================================== per-dimension statistics
class DimensionStats:
    """Per-dimension sums over an optimizer step: loss, margin, correct (margin > 0) and row count."""

    def __init__(self) -> None:
        self.buf = torch.zeros(4, D, dtype=torch.float64)

    def add(self, losses: torch.Tensor, margins: torch.Tensor, dim_mask: torch.Tensor) -> None:
        """Add one micro-batch's per-(row, dimension) losses and margins (see :func:`preference_losses`)."""
        active = dim_mask.bool()
        self.buf[0] += losses.detach().double().sum(0).cpu()
        self.buf[1] += margins.detach().double().sum(0).cpu()
        self.buf[2] += ((margins.detach() > 0) & active).double().sum(0).cpu()
        self.buf[3] += active.double().sum(0).cpu()

    def reduce_and_reset(self, reduce: bool = True) -> torch.Tensor:
        """The (4, D) sums, summed over every process when ``reduce``; the accumulator starts again at 0."""
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
