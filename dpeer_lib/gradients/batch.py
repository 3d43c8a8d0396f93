"""The fixed analysis batch of the gradient analysis: row choice, tokenisation, per-group log-probs.

The rows are tokenised by the trainers' own :func:`dpeer_lib.train.forward.tokenize_row` (TRL's rules), then
regrouped: one group of golden responses and one group of rejects per dimension, each a right-padded
``prompt + response`` batch, because the analysis back-propagates group by group (see
:mod:`dpeer_lib.gradients.measure`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Sequence

import torch
from transformers import PreTrainedTokenizerBase

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.data import lagdpo_view
from dpeer_lib.train.forward import completion_logps, pair_ids, tokenize_row


def _sort_key(row_id: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{row_id}".encode()).hexdigest()


def select_analysis_rows(
    rows: Sequence[dict], n: int, dims: Sequence[str] = DIMENSIONS, seed: int = 0
) -> list[dict]:
    """A fixed, deterministic analysis batch of ``n`` rows: a seeded random sample that covers every
    dimension present in the data.

    Rows are visited in a seeded hash order of their ids. While a dimension has no row yet, the next row
    that has an uncovered dimension active is taken; the rest are the next rows in that order, so the
    batch mirrors the training mix of masks (the gradient cost grows with the number of active
    (row, dimension) pairs, about 2.1 per row on PersonaKnob's 15 masks). Raises when ``rows`` is empty.
    """
    if not rows:
        raise ValueError("select_analysis_rows: no rows to choose from")
    pool = sorted(rows, key=lambda r: _sort_key(str(r.get("id", "")), seed))
    present = {d for r in pool for d in _mask(r)} & set(dims)
    chosen: list[int] = []
    covered: set[str] = set()
    while present - covered and len(chosen) < n:
        k = next(i for i, r in enumerate(pool) if i not in chosen and set(_mask(r)) & (present - covered))
        chosen.append(k)
        covered |= set(_mask(pool[k]))
    for i in range(len(pool)):
        if len(chosen) >= n:
            break
        if i not in chosen:
            chosen.append(i)
    return [pool[i] for i in sorted(chosen)]


def _mask(row: dict) -> list[str]:
    mask = row.get("mask", [])
    if isinstance(mask, str):
        mask = json.loads(mask) if mask.strip().startswith("[") else [m for m in mask if m.isalpha()]
    return [str(m) for m in mask]


@dataclass
class SequenceGroup:
    """One forward group: the golden responses (``name == "chosen"``) or the rejects of one dimension."""

    name: str
    rows: list[int]  # indices into the analysis batch
    input_ids: torch.Tensor  # (m, T), right-padded
    attention_mask: torch.Tensor
    completion_mask: torch.Tensor  # 1 on the response tokens

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class AnalysisBatch:
    """A tokenised analysis batch: one golden group and one reject group per dimension present."""

    ids: list[str]
    dims: tuple[str, ...]
    chosen: SequenceGroup
    rejected: dict[str, SequenceGroup]

    @property
    def groups(self) -> list[SequenceGroup]:
        """The golden group, then the reject groups in ``dims`` order."""
        return [self.chosen, *(self.rejected[d] for d in self.dims)]

    def n_rows(self) -> dict[str, int]:
        """Rows per dimension (those where it is active)."""
        return {d: len(self.rejected[d]) for d in self.dims}


def _pad_group(name: str, rows: list[int], seqs: list[tuple[list[int], list[int]]], pad_id: int) -> SequenceGroup:
    T = max(len(s) for s, _ in seqs)
    ids = torch.full((len(seqs), T), pad_id, dtype=torch.long)
    att = torch.zeros((len(seqs), T), dtype=torch.long)
    cm = torch.zeros((len(seqs), T), dtype=torch.long)
    for i, (s, m) in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        att[i, : len(s)] = 1
        cm[i, : len(m)] = torch.tensor(m)
    return SequenceGroup(name, rows, ids, att, cm)


def _features(row: dict, index: int, tokenizer) -> dict:
    """The trainers' tokenisation of one DESIGN §9 row (``prompt_ids``, ``chosen_ids``, ``rejected_ids``)."""
    mask = [d for d in _mask(row) if d in DIMENSIONS and row.get(f"reject_{d}")]  # what the analysis uses
    view = lagdpo_view([{**row, "id": row.get("id", index), "mask": mask}])[0]
    return tokenize_row(view, tokenizer)


def usable_rows(rows: Sequence[dict], tokenizer: PreTrainedTokenizerBase, max_length: int | None) -> list[dict]:
    """The rows whose prompt leaves room for a response under ``max_length`` (TRL and the Lag-DPO trainer
    drop the others, by this same rule)."""
    if max_length is None:
        return list(rows)
    return [r for i, r in enumerate(rows) if len(_features(r, i, tokenizer)["prompt_ids"]) < max_length]


def _check_row(row: dict, index: int, dims: Sequence[str]) -> None:
    """Errors that name the row and the DESIGN §9 field, before any tokenisation."""
    for f in ("prompt", "golden"):
        if not isinstance(row.get(f), str) or not row[f]:
            raise ValueError(f"analysis row {index} (id {row.get('id')!r}): field {f!r} is missing or empty")
    for d in _mask(row):
        rej = row.get(f"reject_{d}")
        if d in dims and (not isinstance(rej, str) or not rej):
            raise ValueError(
                f"analysis row {index} (id {row.get('id')!r}): dimension {d} is active but reject_{d} is empty"
            )


def encode_analysis_batch(
    rows: Sequence[dict], tokenizer: PreTrainedTokenizerBase, max_length: int | None = 256, dims: Sequence[str] = DIMENSIONS
) -> AnalysisBatch:
    """Tokenise rows of the DESIGN §9 schema into the golden group and one reject group per dimension.

    Rows whose prompt alone fills ``max_length`` are an error (TRL drops them from training; the analysis
    batch should not contain them). Dimensions with no active row are left out of ``dims``.
    """
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    chosen, rejected = [], {d: ([], []) for d in dims}
    for i, r in enumerate(rows):
        _check_row(r, i, dims)
        feats = _features(r, i, tokenizer)
        ids, m = pair_ids(feats, 0, max_length)
        if sum(m) == 0:
            raise ValueError(
                f"analysis row {i} (id {r.get('id')!r}): the prompt alone fills max_length={max_length}; "
                "raise model.max_length or leave the row out"
            )
        chosen.append((ids, m))
        for d in _mask(r):
            if d in rejected:
                rejected[d][0].append(i)
                rejected[d][1].append(pair_ids(feats, 1 + DIMENSIONS.index(d), max_length))
    present = tuple(d for d in dims if rejected[d][0])
    if len(present) < 2:
        raise ValueError(f"analysis batch covers dimensions {present}; at least two are needed")
    return AnalysisBatch(
        ids=[str(r.get("id", i)) for i, r in enumerate(rows)],
        dims=present,
        chosen=_pad_group("chosen", list(range(len(rows))), chosen, pad_id),
        rejected={d: _pad_group(d, rejected[d][0], rejected[d][1], pad_id) for d in present},
    )


# =========================================================================== log-probabilities
def micro_batches(n: int, micro_batch: int | None) -> list[slice]:
    """Slices of ``range(n)`` of ``micro_batch`` items each (one slice for None)."""
    step = n if not micro_batch else max(1, micro_batch)
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


def group_logps(model: torch.nn.Module, g: SequenceGroup, micro_batch: int | None,
                device: torch.device | str) -> torch.Tensor:
    """Summed completion log-probs of every sequence of a group (differentiable), micro-batch by micro-batch."""
    parts = []
    for sl in micro_batches(len(g), micro_batch):
        parts.append(
            completion_logps(
                model,
                g.input_ids[sl].to(device),
                g.attention_mask[sl].to(device),
                g.completion_mask[sl].to(device),
            )
        )
    return torch.cat(parts)


@dataclass
class BatchLogps:
    """Per-sequence summed log-probs of an analysis batch (detached): golden (n,) and rejects per dim."""

    chosen: torch.Tensor
    rejected: dict[str, torch.Tensor]


def model_device(model: torch.nn.Module) -> torch.device:
    """The device of the model's (first) parameters."""
    return next(model.parameters()).device


@torch.no_grad()
def batch_logps(model: torch.nn.Module, batch: AnalysisBatch, micro_batch: int | None = None) -> BatchLogps:
    """No-grad log-probs of every sequence (use it with the reference model, or a PEFT model whose
    adapter is disabled, for the reference log-probs)."""
    dev = model_device(model)
    return BatchLogps(
        chosen=group_logps(model, batch.chosen, micro_batch, dev).detach().cpu(),
        rejected={d: group_logps(model, batch.rejected[d], micro_batch, dev).detach().cpu() for d in batch.dims},
    )
