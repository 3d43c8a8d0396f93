"""Gradient cancellation (DESIGN §4): per-dimension DPO gradients, their geometry, training dynamics, a toy.

Three parts:

1. **Per-dimension gradients on a fixed analysis batch.** For a row with golden y*, active set M and
   rejects y_d, Δ_d = r(y*) − r(y_d) with r(y) = log πθ(y|x) − log π_ref(y|x), ℓ_d = −log σ(β Δ_d) and
   L_d = mean of ℓ_d over the rows where d is active (DESIGN §3). Its gradient is

       g_d = ∇L_d = −Σ_i c_{d,i} ∇log π(y*_i)  +  Σ_i c_{d,i} ∇log π(y_{d,i}),   c_{d,i} = β σ(−β Δ_{d,i}) / n_d
                    \\_____ shared part s_d _____/     \\______ specific part p_d ______/

   The shared part moves every dimension through the same golden responses (coefficient-weighted
   ∇log π(y*) with the σ coefficients held fixed); the specific part goes through the reject of d.
   s_d + p_d = g_d exactly. Every statistic we report (cosines, norms, the cancellation ratio, the
   first-order progress, the split) is a function of the Gram matrix of the 2K vectors [s; p], so that
   is what :func:`gradient_gram` computes. Each golden response is forwarded and back-propagated once:
   its gradient u_i = ∇log π(y*_i) enters s_d = −Σ_i c_{d,i} u_i of every dimension active in the row.
   Each active reject is forwarded and back-propagated once, per dimension, giving p_d. So the cost is
   one forward and one backward per sequence of the batch, the split costs nothing beyond g itself,
   and no graph outlives its micro-batch (with ``micro_batch=None`` the golden graphs wait for the
   rejects' coefficients).

   Memory: the gradient vectors live in flat float32 buffers (float64 for a float64 model) over the
   analysed parameters (the trainable ones, i.e. LoRA, by default, or a regex-named subset). When 2K
   vectors fit under ``max_vector_gb`` both halves are kept; otherwise at most K+1 are held (plus the
   one row gradient u_i being added in) and the rejects are processed three times. No per-row or
   per-pair gradient is ever stored.

2. **Training dynamics** from the trainers' ``metrics.jsonl``: steps to a stated per-dimension target.

3. **A closed-form toy**: K isotropic quadratics in 2-D with conflicting gradients; equal-weight
   gradient descent un-learns one objective, the pairwise-gap Lagrangian does not; its constrained
   optimum is derived in closed form (:func:`toy_closed_form`).

Sign convention (a deliberate deviation from DESIGN §4's wording). With the descent step
Δθ = −η Σ_k w_k g_k, the first-order change of L_d is −η ⟨g_d, Σ_k w_k g_k⟩. DESIGN names
−⟨g_d, Σ w g⟩ "progress" and says that a negative value means "gets worse"; that only holds for the
opposite sign. We report ``progress_d = ⟨g_d, Σ_k w_k g_k⟩`` (= −dL_d/dη at η = 0): positive means L_d
falls under the combined step, negative means the dimension is being un-learned.
"""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from dpeer_lib.core.params import DIMENSIONS

SHARED, SPECIFIC = "shared", "specific"


# =========================================================================== analysis batch
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
        return [self.chosen, *(self.rejected[d] for d in self.dims)]

    def n_rows(self) -> dict[str, int]:
        return {d: len(self.rejected[d]) for d in self.dims}


def _chat_ids(tok, messages: list[dict], add_generation_prompt: bool = False) -> list[int]:
    out = tok.apply_chat_template(
        messages, tokenize=True, return_dict=True, add_generation_prompt=add_generation_prompt
    )
    ids = out["input_ids"]
    return list(ids[0] if ids and isinstance(ids[0], list) else ids)


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _encode_pair(tok, prompt: str, response: str, max_length: int | None) -> tuple[list[int], list[int]]:
    """Token ids and completion mask of prompt+response, tokenised as TRL 1.16's DPOTrainer does."""
    user = [{"role": "user", "content": prompt}]
    p_ids = _chat_ids(tok, user, add_generation_prompt=True)
    full = _chat_ids(tok, user + [{"role": "assistant", "content": response}])
    n_prompt = min(_common_prefix(p_ids, full), len(p_ids))
    ids, mask = full, [0] * n_prompt + [1] * (len(full) - n_prompt)
    if max_length is not None:
        ids, mask = ids[:max_length], mask[:max_length]
    return ids, mask


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


def usable_rows(rows: Sequence[dict], tokenizer, max_length: int | None) -> list[dict]:
    """The rows whose prompt leaves room for a response under ``max_length`` (TRL and the Lag-DPO trainer
    drop the others)."""
    if max_length is None:
        return list(rows)
    return [r for r in rows
            if len(_chat_ids(tokenizer, [{"role": "user", "content": r["prompt"]}], add_generation_prompt=True))
            < max_length]


def encode_analysis_batch(
    rows: Sequence[dict], tokenizer, max_length: int | None = 256, dims: Sequence[str] = DIMENSIONS
) -> AnalysisBatch:
    """Tokenise rows of the DESIGN §9 schema into the golden group and one reject group per dimension.

    Rows whose prompt alone fills ``max_length`` are an error (TRL drops them from training; the analysis
    batch should not contain them). Dimensions with no active row are left out of ``dims``.
    """
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    chosen, rejected = [], {d: ([], []) for d in dims}
    for i, r in enumerate(rows):
        for f in ("prompt", "golden"):
            if not isinstance(r.get(f), str) or not r[f]:
                raise ValueError(f"analysis row {i} (id {r.get('id')!r}): field {f!r} is missing or empty")
        ids, m = _encode_pair(tokenizer, r["prompt"], r["golden"], max_length)
        if sum(m) == 0:
            raise ValueError(
                f"analysis row {i} (id {r.get('id')!r}): the prompt alone fills max_length={max_length}; "
                "raise model.max_length or leave the row out"
            )
        chosen.append((ids, m))
        for d in _mask(r):
            if d not in rejected:
                continue
            rej = r.get(f"reject_{d}")
            if not isinstance(rej, str) or not rej:
                raise ValueError(
                    f"analysis row {i} (id {r.get('id')!r}): dimension {d} is active but reject_{d} is empty"
                )
            rejected[d][0].append(i)
            rejected[d][1].append(_encode_pair(tokenizer, r["prompt"], rej, max_length))
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
def sequence_logps(model, input_ids, attention_mask, completion_mask) -> torch.Tensor:
    """Summed log-probability of the completion tokens of each right-padded sequence, shape (m,).

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


def _slices(n: int, micro_batch: int | None) -> list[slice]:
    step = n if not micro_batch else max(1, micro_batch)
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


def _group_logps(model, g: SequenceGroup, micro_batch: int | None, device) -> torch.Tensor:
    parts = []
    for sl in _slices(len(g), micro_batch):
        parts.append(
            sequence_logps(
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


def _device(model) -> torch.device:
    return next(model.parameters()).device


@torch.no_grad()
def batch_logps(model, batch: AnalysisBatch, micro_batch: int | None = None) -> BatchLogps:
    """No-grad log-probs of every sequence (use it with the reference model, or a PEFT model whose
    adapter is disabled, for the reference log-probs)."""
    dev = _device(model)
    return BatchLogps(
        chosen=_group_logps(model, batch.chosen, micro_batch, dev).detach().cpu(),
        rejected={d: _group_logps(model, batch.rejected[d], micro_batch, dev).detach().cpu() for d in batch.dims},
    )


# =========================================================================== parameters
def select_parameters(model, pattern: str | None = None) -> list[tuple[str, torch.nn.Parameter]]:
    """The analysed parameters: every trainable one (``pattern=None``; LoRA in a PEFT model) or those
    whose name matches the regex ``pattern`` (frozen ones included). Raises when nothing is selected."""
    named = list(model.named_parameters())
    if pattern is None:
        out = [(n, p) for n, p in named if p.requires_grad]
        if not out:
            raise ValueError("select_parameters: the model has no trainable parameters; pass a pattern")
        return out
    rx = re.compile(pattern)
    out = [(n, p) for n, p in named if rx.search(n)]
    if not out:
        sample = ", ".join(n for n, _ in named[:5])
        raise ValueError(f"gradients.param_filter={pattern!r} matches no parameter (names look like: {sample}, ...)")
    return out


@contextlib.contextmanager
def _requires_grad(params: list[torch.nn.Parameter]):
    old = [p.requires_grad for p in params]
    try:
        for p in params:
            p.requires_grad_(True)
        yield
    finally:
        for p, o in zip(params, old):
            p.requires_grad_(o)


def _buf_dtype(params: list[torch.Tensor]) -> torch.dtype:
    """float64 for a float64 model (tests), else float32 (also for bf16/fp16 models)."""
    return torch.float64 if any(p.dtype == torch.float64 for p in params) else torch.float32


def _flat_grad(output: torch.Tensor, params: list[torch.Tensor], retain_graph: bool) -> torch.Tensor:
    grads = torch.autograd.grad(output, params, retain_graph=retain_graph, allow_unused=True)
    dt = _buf_dtype(params)
    return torch.cat([(g if g is not None else torch.zeros_like(p)).reshape(-1).to(dt) for g, p in zip(grads, params)])


def _dot64(a: torch.Tensor, b: torch.Tensor, chunk: int = 1 << 22) -> float:
    """Inner product accumulated in float64, in chunks (no full float64 copy of a large vector)."""
    total = 0.0
    for i in range(0, a.numel(), chunk):
        total += float(torch.dot(a[i : i + chunk].double(), b[i : i + chunk].double()))
    return total


# =========================================================================== the Gram matrix
@dataclass
class GradientGram:
    """Gram matrix of the shared and specific parts of the per-dimension gradients.

    ``gram`` is (2K, 2K) over the vectors [s_1..s_K, p_1..p_K] in ``dims`` order; g_d = s_d + p_d.
    """

    dims: tuple[str, ...]
    gram: np.ndarray
    n_params: int
    losses: dict[str, float]
    accuracies: dict[str, float]
    n_rows: dict[str, int]
    mean_margin: dict[str, float] = field(default_factory=dict)
    low_memory: bool = False

    @property
    def K(self) -> int:
        return len(self.dims)

    def _T(self) -> np.ndarray:
        K = self.K
        return np.hstack([np.eye(K), np.eye(K)])  # g = [I I] [s; p]

    @property
    def G(self) -> np.ndarray:
        """Gram matrix of the g_d, (K, K)."""
        T = self._T()
        return T @ self.gram @ T.T

    def norms(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.G), 0.0, None))

    def cosine(self, which: str = "g") -> np.ndarray:
        """Cosine matrix of the g_d (``"g"``), the shared parts (``"shared"``) or the specific parts."""
        K = self.K
        M = {"g": self.G, SHARED: self.gram[:K, :K], SPECIFIC: self.gram[K:, K:]}[which]
        n = np.sqrt(np.clip(np.diag(M), 0.0, None))
        with np.errstate(invalid="ignore", divide="ignore"):
            return M / np.outer(n, n)

    def weights(self, w: dict[str, float] | Sequence[float] | None) -> np.ndarray:
        """A weight vector over ``dims``: uniform for None; dict entries for absent dims are dropped and
        the rest renormalised to sum 1."""
        if w is None:
            return np.full(self.K, 1.0 / self.K)
        if isinstance(w, dict):
            v = np.array([float(w[d]) for d in self.dims])
        else:
            v = np.asarray(w, dtype=float)
            if v.shape != (self.K,):
                raise ValueError(f"weights: expected {self.K} values for {self.dims}, got {v.shape}")
        if (v < 0).any() or v.sum() <= 0:
            raise ValueError(f"weights must be non-negative with a positive sum, got {v}")
        return v / v.sum()

    def combined_norm(self, w=None) -> float:
        v = self.weights(w)
        return float(np.sqrt(max(v @ self.G @ v, 0.0)))

    def cancellation_ratio(self, w=None) -> float:
        """1 − ‖Σ w_d g_d‖ / Σ w_d ‖g_d‖: 0 when the gradients agree, 1 when they cancel completely."""
        v = self.weights(w)
        denom = float(v @ self.norms())
        return float("nan") if denom == 0 else 1.0 - self.combined_norm(v) / denom

    def progress(self, w=None) -> np.ndarray:
        """⟨g_d, Σ_k w_k g_k⟩ per dimension = −dL_d/dη under the step −η Σ w g (negative: un-learning)."""
        return self.G @ self.weights(w)

    def split(self) -> dict[str, np.ndarray]:
        """Per dimension: norms of the shared and specific parts, their cosine, and the share of
        ‖g_d‖² that each part's self-term contributes (the cross term makes up the rest)."""
        K = self.K
        ss = np.diag(self.gram)[:K]
        pp = np.diag(self.gram)[K:]
        sp = np.array([self.gram[d, K + d] for d in range(K)])
        with np.errstate(invalid="ignore", divide="ignore"):
            return {
                "norm_shared": np.sqrt(np.clip(ss, 0, None)),
                "norm_specific": np.sqrt(np.clip(pp, 0, None)),
                "cos_shared_specific": sp / np.sqrt(ss * pp),
            }

    def pair_terms(self, i: int, j: int) -> dict[str, float]:
        """⟨g_i, g_j⟩ split into shared·shared, cross (shared·specific both ways) and specific·specific."""
        K = self.K
        return {
            "ss": float(self.gram[i, j]),
            "cross": float(self.gram[i, K + j] + self.gram[K + i, j]),
            "pp": float(self.gram[K + i, K + j]),
        }


def _take(g: SequenceGroup, idx: torch.Tensor, dev) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Rows ``idx`` of a group, trimmed to their longest sequence, on ``dev``."""
    att = g.attention_mask[idx]
    T = int(att.sum(1).max())
    return g.input_ids[idx, :T].to(dev), att[:, :T].to(dev), g.completion_mask[idx, :T].to(dev)


class _PartComputer:
    """The shared parts s_d and specific parts p_d with detached coefficients, golden once per row.

    - Golden: each row's golden response is forwarded once (alone) and back-propagated once, giving
      u_i = ∇log π(y*_i); it enters s_d = −Σ_i c_{d,i} u_i for every dimension active in the row. With
      ``micro_batch=None`` the row graphs are kept from the first forward until the coefficients are
      known; otherwise a no-grad pass gives the log-probs and each row is recomputed for its VJP.
    - Rejects: per dimension, micro-batch by micro-batch, one forward and one VJP give p_d.
    """

    def __init__(self, model, batch: AnalysisBatch, ref: BatchLogps, beta: float, params: list[torch.Tensor],
                 micro_batch: int | None):
        self.model, self.batch, self.ref, self.beta, self.params, self.mb = model, batch, ref, beta, params, micro_batch
        self.dev = _device(model)
        self.n = sum(p.numel() for p in params)
        self.dtype = _buf_dtype(params)

    def _logps(self, g: SequenceGroup, idx: torch.Tensor, grad: bool) -> torch.Tensor:
        with torch.set_grad_enabled(grad):
            return sequence_logps(self.model, *_take(g, idx, self.dev))

    def golden(self) -> tuple[torch.Tensor, list[torch.Tensor] | None]:
        """Golden log-probs (n,), detached on the CPU, and the per-row graphs when they are kept."""
        g = self.batch.chosen
        if self.mb is None:
            graphs = [self._logps(g, torch.tensor([i]), True) for i in range(len(g))]
            return torch.cat([x.detach().cpu() for x in graphs]), graphs
        lps = [self._logps(g, torch.arange(sl.start, sl.stop), False).cpu() for sl in _slices(len(g), self.mb)]
        return torch.cat(lps), None

    def rejects(self, d: str, chosen_lp: torch.Tensor, grad: bool) -> tuple[torch.Tensor | None, torch.Tensor]:
        """``(p_d or None, β Δ_d)`` over the rows where d is active."""
        g = self.batch.rejected[d]
        rows = torch.tensor(g.rows, dtype=torch.long)
        n_d = len(rows)
        p = torch.zeros(self.n, dtype=self.dtype, device=self.dev) if grad else None
        margins = []
        for sl in _slices(n_d, self.mb):
            pos = torch.arange(sl.start, sl.stop)
            lp_r = self._logps(g, pos, grad)
            m = self.beta * ((chosen_lp[rows[pos]].double() - self.ref.chosen[rows[pos]].double())
                             - (lp_r.detach().double().cpu() - self.ref.rejected[d][pos].double()))
            margins.append(m)
            if grad:
                c = (self.beta * torch.sigmoid(-m) / n_d).to(self.dev, lp_r.dtype)
                p += _flat_grad((c * lp_r).sum(), self.params, retain_graph=False)
        return p, torch.cat(margins)

    def coefficients(self, margins: dict[str, torch.Tensor]) -> torch.Tensor:
        """c_{d,i} = β σ(−β Δ_{d,i}) / n_d as a (K, n) matrix, 0 where d is inactive."""
        b = self.batch
        C = torch.zeros((len(b.dims), len(b.chosen)), dtype=torch.float64)
        for k, d in enumerate(b.dims):
            C[k, torch.tensor(b.rejected[d].rows)] = self.beta * torch.sigmoid(-margins[d]) / len(margins[d])
        return C

    def shared_into(self, S: torch.Tensor, C: torch.Tensor, graphs: list[torch.Tensor] | None) -> None:
        """S[k] = −Σ_i C[k, i] u_i; one VJP per row (the graph is freed after it)."""
        S.zero_()
        for i in range(C.shape[1]):
            active = C[:, i].nonzero().flatten().tolist()
            if graphs is not None:
                lp = graphs[i]
                graphs[i] = None
            else:
                lp = self._logps(self.batch.chosen, torch.tensor([i]), True)
            if not active:
                continue
            u = _flat_grad(lp.sum(), self.params, retain_graph=False)
            for k in active:
                S[k] -= float(C[k, i]) * u


def _terms_from_margins(margins: dict[str, torch.Tensor]) -> tuple[dict, dict, dict]:
    losses = {d: float((-F.logsigmoid(m)).mean()) for d, m in margins.items()}
    accs = {d: float((m > 0).double().mean()) for d, m in margins.items()}
    mean = {d: float(m.mean()) for d, m in margins.items()}
    return losses, accs, mean


def gradient_parts(
    model,
    batch: AnalysisBatch,
    ref: BatchLogps,
    beta: float,
    params: list[torch.Tensor] | None = None,
    param_filter: str | None = None,
    micro_batch: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
    """The flat shared parts S (K × n), specific parts P (K × n) and margins β Δ per dimension;
    g_d = S[k] + P[k]. Holds 2K vectors: meant for tests and small parameter sets (:func:`gradient_gram`
    is the memory-aware entry point)."""
    was_training = model.training
    model.eval()
    if params is None:
        params = [p for _, p in select_parameters(model, param_filter)]
    try:
        with _requires_grad(params):
            pc = _PartComputer(model, batch, ref, beta, params, micro_batch)
            chosen_lp, graphs = pc.golden()
            parts = {d: pc.rejects(d, chosen_lp, grad=True) for d in batch.dims}
            margins = {d: parts[d][1] for d in batch.dims}
            P = torch.stack([parts[d][0] for d in batch.dims])
            S = torch.zeros_like(P)
            pc.shared_into(S, pc.coefficients(margins), graphs)
    finally:
        model.train(was_training)
    return S, P, margins


def gradient_gram(
    model,
    batch: AnalysisBatch,
    ref: BatchLogps,
    beta: float,
    params: list[torch.Tensor] | None = None,
    param_filter: str | None = None,
    micro_batch: int | None = None,
    max_vector_gb: float = 2.0,
) -> GradientGram:
    """The Gram matrix of [s; p] for ``model`` (the policy) on ``batch`` against reference log-probs ``ref``.

    Cost: one forward and one backward per golden response and per active reject (plus a no-grad
    golden pass when ``micro_batch`` is set). If 2K flat vectors exceed ``max_vector_gb``, at most K+1
    are held instead: S is kept, each p_d is streamed against it, then the p_d are recomputed into S's
    memory for the ⟨p_d, p_e⟩ block (the rejects then cost three passes).
    """
    was_training = model.training
    model.eval()
    K = len(batch.dims)
    gram = np.zeros((2 * K, 2 * K))
    if params is None:
        params = [p for _, p in select_parameters(model, param_filter)]
    n_params = sum(p.numel() for p in params)
    low_memory = 2 * K * n_params * 4 / 2**30 > max_vector_gb
    margins: dict[str, torch.Tensor] = {}
    try:
        with _requires_grad(params):
            pc = _PartComputer(model, batch, ref, beta, params, micro_batch)
            S = torch.zeros((K, n_params), dtype=pc.dtype, device=pc.dev)
            chosen_lp, graphs = pc.golden()
            if not low_memory:
                Pv = torch.zeros((K, n_params), dtype=pc.dtype, device=pc.dev)
                for k, d in enumerate(batch.dims):
                    Pv[k], margins[d] = pc.rejects(d, chosen_lp, grad=True)
                pc.shared_into(S, pc.coefficients(margins), graphs)
                for a in range(K):
                    for b in range(a, K):
                        gram[a, b] = gram[b, a] = _dot64(S[a], S[b])
                        gram[K + a, K + b] = gram[K + b, K + a] = _dot64(Pv[a], Pv[b])
                    for b in range(K):
                        gram[a, K + b] = gram[K + b, a] = _dot64(S[a], Pv[b])
                del Pv
            else:
                for d in batch.dims:  # coefficients from no-grad reject log-probs
                    margins[d] = pc.rejects(d, chosen_lp, grad=False)[1]
                pc.shared_into(S, pc.coefficients(margins), graphs)
                for a in range(K):
                    for b in range(a, K):
                        gram[a, b] = gram[b, a] = _dot64(S[a], S[b])
                for k, d in enumerate(batch.dims):  # K vectors in S + one streamed p_d
                    p, _ = pc.rejects(d, chosen_lp, grad=True)
                    for a in range(K):
                        gram[a, K + k] = gram[K + k, a] = _dot64(S[a], p)
                    del p
                for k, d in enumerate(batch.dims):  # S's memory now holds P
                    S[k] = pc.rejects(d, chosen_lp, grad=True)[0]
                for a in range(K):
                    for b in range(a, K):
                        gram[K + a, K + b] = gram[K + b, K + a] = _dot64(S[a], S[b])
            del S, graphs
    finally:
        model.train(was_training)
    losses, accs, mean_margin = _terms_from_margins(margins)
    return GradientGram(
        dims=batch.dims,
        gram=gram,
        n_params=n_params,
        losses=losses,
        accuracies=accs,
        n_rows=batch.n_rows(),
        mean_margin=mean_margin,
        low_memory=low_memory,
    )


def gram_from_vectors(S: torch.Tensor, P: torch.Tensor) -> np.ndarray:
    """The (2K, 2K) Gram matrix of stacked shared and specific parts (float64)."""
    V = torch.cat([S, P]).double()
    return (V @ V.T).cpu().numpy()


def gram_record(gg: GradientGram, weights: dict[str, float] | None, label: str) -> dict[str, Any]:
    """One flat record (a CSV row) of every statistic under one weighting."""
    w = gg.weights(weights)
    rec: dict[str, Any] = {"weighting": label, "n_params": gg.n_params}
    cos = gg.cosine("g")
    cs, cp = gg.cosine(SHARED), gg.cosine(SPECIFIC)
    off = [(i, j) for i, j in itertools.combinations(range(gg.K), 2)]
    for i, j in off:
        a, b = gg.dims[i], gg.dims[j]
        rec[f"cos_{a}_{b}"] = float(cos[i, j])
        rec[f"cos_shared_{a}_{b}"] = float(cs[i, j])
        rec[f"cos_specific_{a}_{b}"] = float(cp[i, j])
    rec["neg_cos_share"] = float(np.mean([cos[i, j] < 0 for i, j in off]))
    rec["cancellation_ratio"] = gg.cancellation_ratio(w)
    rec["combined_norm"] = gg.combined_norm(w)
    prog = gg.progress(w)
    sp = gg.split()
    for k, d in enumerate(gg.dims):
        rec[f"w_{d}"] = float(w[k])
        rec[f"progress_{d}"] = float(prog[k])
        rec[f"norm_{d}"] = float(gg.norms()[k])
        rec[f"norm_shared_{d}"] = float(sp["norm_shared"][k])
        rec[f"norm_specific_{d}"] = float(sp["norm_specific"][k])
        rec[f"cos_shared_specific_{d}"] = float(sp["cos_shared_specific"][k])
        rec[f"loss_{d}"] = gg.losses.get(d, float("nan"))
        rec[f"acc_{d}"] = gg.accuracies.get(d, float("nan"))
        rec[f"margin_{d}"] = gg.mean_margin.get(d, float("nan"))
        rec[f"rows_{d}"] = gg.n_rows.get(d, 0)
    return rec


# =========================================================================== training dynamics
def read_metrics(path: str | Path):
    """A trainer's ``metrics.jsonl`` as a DataFrame sorted by step; ``lambda`` stays a dict column."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: metrics file not found; has the training notebook run?")
    recs = []
    for k, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}, line {k}: not valid JSON ({err.msg})") from None
        if "step" not in rec:
            raise ValueError(f"{path}, line {k}: field 'step' is missing")
        recs.append(rec)
    if not recs:
        raise ValueError(f"{path}: no records")
    return pd.DataFrame(recs).sort_values("step", kind="stable").reset_index(drop=True)


def logged_weights(metrics, step: int, dims: Sequence[str] = DIMENSIONS) -> tuple[int, dict[str, float]] | None:
    """Lag-DPO's logged weights at the logged step nearest ``step`` (ties go to the earlier step).

    Returns ``(logged_step, {d: w_d})`` or None when the metrics carry no ``weight_*`` columns."""
    cols = [f"weight_{d}" for d in dims if f"weight_{d}" in metrics.columns]
    if not cols:
        return None
    m = metrics.dropna(subset=cols, how="all")
    if m.empty:
        return None
    k = int((m["step"] - step).abs().to_numpy().argmin())
    row = m.iloc[k]
    return int(row["step"]), {c.split("_", 1)[1]: float(row[c]) for c in cols if not math.isnan(row[c])}


def smoothed(metrics, col: str, window: int = 1) -> np.ndarray:
    """``col`` per logged step: the trailing mean of its last ``window`` logged values, carried forward
    over steps where it was not logged (a batch without rows of that dimension)."""
    obs = metrics[col].astype(float).dropna()
    return obs.rolling(window, min_periods=1).mean().reindex(metrics.index).ffill().to_numpy()


def steps_to_target(
    metrics, targets: dict[str, float], metric: str = "acc", window: int = 1
) -> dict[str, float]:
    """First logged step at which each dimension meets its target, and ``"all"``: the first step at which
    every targeted dimension meets it at the same time. ``metric="acc"``: ``acc_d ≥ target``;
    ``metric="loss"``: ``loss_d ≤ target``. Values are a trailing mean over the last ``window`` logged
    values of the dimension; a step whose batch had no row of d (not logged) carries d's latest value.
    NaN = never reached (or the dimension was never logged)."""
    if metric not in ("acc", "loss"):
        raise ValueError(f"metric must be 'acc' or 'loss', got {metric!r}")
    if window < 1:
        raise ValueError(f"window must be ≥ 1, got {window}")
    steps = metrics["step"].to_numpy()
    ok_all = np.ones(len(metrics), dtype=bool)
    out: dict[str, float] = {}
    for d, t in targets.items():
        col = f"{metric}_{d}"
        if col not in metrics.columns:
            out[d] = float("nan")
            ok_all[:] = False
            continue
        v = smoothed(metrics, col, window)
        ok = (v >= t) if metric == "acc" else (v <= t)
        ok &= ~np.isnan(v)
        out[d] = float(steps[ok.argmax()]) if ok.any() else float("nan")
        ok_all &= ok
    out["all"] = float(steps[ok_all.argmax()]) if ok_all.any() and targets else float("nan")
    return out


def dynamics_table(
    metrics_by_method: dict[str, Any], targets: dict[str, float], metric: str = "acc", window: int = 1
):
    """Steps-to-target per method (rows) and dimension (columns, plus ``all``), and ``first`` naming the
    method that reaches every target soonest (None if no method does)."""
    import pandas as pd

    rows = []
    for method, m in metrics_by_method.items():
        rec = {"method": method, **steps_to_target(m, targets, metric, window)}
        rec["last_step"] = int(m["step"].max())
        rows.append(rec)
    df = pd.DataFrame(rows).set_index("method")
    reached = df["all"].dropna()
    df.attrs["first"] = None if reached.empty else str(reached.idxmin())
    df.attrs["tie"] = bool(len(reached) > 1 and (reached == reached.min()).sum() > 1)
    return df


# =========================================================================== the closed-form toy
@dataclass(frozen=True)
class QuadraticToy:
    """K isotropic quadratics f_d(θ) = (h_d/2)‖θ − a_d‖² in 2-D, and the pairwise-gap tolerance ε."""

    centers: tuple[tuple[float, float], ...]
    curvatures: tuple[float, ...]
    epsilon: float
    names: tuple[str, ...]

    @property
    def a(self) -> np.ndarray:
        return np.asarray(self.centers, dtype=float)

    @property
    def h(self) -> np.ndarray:
        return np.asarray(self.curvatures, dtype=float)

    def losses(self, theta) -> np.ndarray:
        diff = np.asarray(theta, float)[None, :] - self.a
        return 0.5 * self.h * (diff**2).sum(1)

    def grads(self, theta) -> np.ndarray:
        return self.h[:, None] * (np.asarray(theta, float)[None, :] - self.a)

    def weighted_minimiser(self, w) -> np.ndarray:
        """argmin Σ w_d f_d = Σ w_d h_d a_d / Σ w_d h_d (needs Σ w_d h_d > 0)."""
        wh = np.asarray(w, float) * self.h
        return (wh[:, None] * self.a).sum(0) / wh.sum()


def default_toy() -> QuadraticToy:
    """Three objectives named after persona dimensions: T and E pull the same way, A pulls against them.

    Equal weights settle where f_A exceeds f_T by far more than ε; only the (A, T) constraint binds at
    the constrained optimum (checked in :func:`toy_closed_form`)."""
    return QuadraticToy(
        centers=((2.0, 0.6), (1.6, -0.8), (-1.0, 0.2)),
        curvatures=(0.5, 1.5, 1.0),
        epsilon=0.5,
        names=("T", "E", "A"),
    )


TOY_START = (-0.5, -1.5)  # all three objectives start unlearned: f = (T 2.67, E 3.68, A 1.57)


@dataclass
class ToySolution:
    theta: np.ndarray
    lam: dict[str, float]  # "i>j" -> λ_ij, only the active pair is non-zero
    weights: np.ndarray
    losses: np.ndarray
    active: tuple[str, str] | None
    unconstrained_theta: np.ndarray
    unconstrained_losses: np.ndarray


def toy_closed_form(toy: QuadraticToy) -> ToySolution:
    """Closed-form optimum of  min (1/K)Σ f_d  s.t.  f_i − f_j ≤ ε  for all i ≠ j.

    Derivation. Without constraints the optimum is θ_s = Σ h_d a_d / Σ h_d. If a pair (i, j) is violated
    there, take it as the only active constraint with multiplier λ. Stationarity of the Lagrangian
    (1/K)Σ f_d + λ(f_i − f_j − ε) gives the weights w = 1/K + λ(e_i − e_j) (DESIGN §3's weight formula)
    and θ(λ) = Σ w_d h_d a_d / H(λ), H(λ) = Σ w_d h_d. Writing θ(λ) − a_d = v_d(λ)/H(λ) with
    v_d(λ) = Σ_k w_k h_k (a_k − a_d) linear in λ, the active constraint f_i − f_j = ε becomes

        (h_i/2)‖v_i(λ)‖² − (h_j/2)‖v_j(λ)‖² − ε H(λ)² = 0,

    a quadratic in λ; λ* is its smallest positive root. Sufficiency: if w(λ*) ≥ 0 the Lagrangian is
    convex in θ, so θ(λ*) minimises it globally; θ(λ*) is feasible and complementary slackness holds,
    so (θ*, λ*) is a saddle point and θ* is the global constrained optimum (no convexity of the
    constraint set is needed). Each of these conditions is checked; a toy that needs two active
    constraints raises ``ValueError``.
    """
    a, h, K, eps = toy.a, toy.h, len(toy.h), toy.epsilon
    names = toy.names
    w0 = np.full(K, 1.0 / K)
    th_s = toy.weighted_minimiser(w0)
    f_s = toy.losses(th_s)
    pairs = [(i, j) for i in range(K) for j in range(K) if i != j]
    lam = {f"{names[i]}>{names[j]}": 0.0 for i, j in pairs}
    viol = [(f_s[i] - f_s[j] - eps, i, j) for i, j in pairs if f_s[i] - f_s[j] - eps > 0]
    if not viol:
        return ToySolution(th_s, lam, w0, f_s, None, th_s, f_s)
    _, i, j = max(viol)
    e = np.zeros(K)
    e[i], e[j] = 1.0, -1.0

    def lin(d):  # v_d(λ) = v0 + λ v1
        v0 = (w0[:, None] * h[:, None] * (a - a[d])).sum(0)
        v1 = (e[:, None] * h[:, None] * (a - a[d])).sum(0)
        return v0, v1

    vi0, vi1 = lin(i)
    vj0, vj1 = lin(j)
    H0, H1 = float(w0 @ h), float(e @ h)
    A = 0.5 * h[i] * vi1 @ vi1 - 0.5 * h[j] * vj1 @ vj1 - eps * H1**2
    B = h[i] * vi0 @ vi1 - h[j] * vj0 @ vj1 - 2 * eps * H0 * H1
    C = 0.5 * h[i] * vi0 @ vi0 - 0.5 * h[j] * vj0 @ vj0 - eps * H0**2
    roots = np.roots([A, B, C]) if abs(A) > 1e-14 else np.array([-C / B])
    pos = sorted(float(r.real) for r in roots if abs(r.imag) < 1e-12 and r.real > 0)
    if not pos:
        raise ValueError("toy_closed_form: no positive multiplier solves the active constraint")
    lam_star = pos[0]
    w = w0 + lam_star * e
    if (w < 0).any():
        raise ValueError(f"toy_closed_form: weights {w} go negative at λ*={lam_star:.4g}; pick another toy")
    th = toy.weighted_minimiser(w)
    f = toy.losses(th)
    gaps = np.array([f[p] - f[q] - eps for p, q in pairs])
    if (gaps > 1e-9).any():
        raise ValueError("toy_closed_form: a second constraint is violated; this toy needs two active pairs")
    lam[f"{names[i]}>{names[j]}"] = lam_star
    return ToySolution(th, lam, w, f, (names[i], names[j]), th_s, f_s)


def toy_dual(toy: QuadraticToy, eta_lambda: float = 0.02, lambda_max: float = 10.0, ema_decay: float = 0.0,
             w_min: float = 0.0) -> Callable[[np.ndarray], np.ndarray]:
    """The trainer's own dual logic (:class:`dpeer_lib.train.lagrangian.DualState`, ``pairwise_gap``) as a map
    from the current losses (in ``toy.names`` order) to the weights of this step. Per call: the weights
    come from the current λ, then the EMA and λ are updated with these losses, as in training."""
    from dpeer_lib.train.lagrangian import DualSpec, DualState

    state = DualState(DualSpec(dims=tuple(toy.names), constraint="pairwise_gap", epsilon=toy.epsilon,
                               eta=eta_lambda, lambda_max=lambda_max, w_min=w_min, ema_decay=ema_decay))
    order = [state.spec.dims.index(n) for n in toy.names]  # DualSpec puts dims in A, T, E, C order

    def step(losses: np.ndarray) -> np.ndarray:
        w = state.weights().numpy()[order]
        canon = np.empty(len(order))
        canon[order] = losses
        state.update(torch.tensor(canon))
        return w

    step.state = state  # type: ignore[attr-defined]
    return step


def toy_trajectory(
    toy: QuadraticToy,
    method: str,
    start: Sequence[float] = TOY_START,
    steps: int = 2000,
    lr: float = 0.05,
    eta_lambda: float = 0.02,
    ema_decay: float = 0.0,
):
    """Gradient descent on the toy: ``method="naive"`` (equal weights) or ``"lagrangian"`` (the
    pairwise-gap dual ascent of :mod:`dpeer_lib.train.lagrangian`; ``ema_decay=0`` feeds it the exact losses).
    Returns a DataFrame with θ, the losses, weights, the cancellation ratio and per-objective progress
    ⟨∇f_d, Σ w ∇f⟩ at each step."""
    import pandas as pd

    if method not in ("naive", "lagrangian"):
        raise ValueError(f"method must be 'naive' or 'lagrangian', got {method!r}")
    K = len(toy.h)
    theta = np.asarray(start, float).copy()
    dual = toy_dual(toy, eta_lambda=eta_lambda, ema_decay=ema_decay) if method == "lagrangian" else None
    recs = []
    for t in range(steps + 1):
        f = toy.losses(theta)
        g = toy.grads(theta)
        w = np.full(K, 1.0 / K) if dual is None else dual(f)
        comb = w @ g
        denom = float(w @ np.linalg.norm(g, axis=1))
        rec = {"step": t, "x": theta[0], "y": theta[1],
               "cancellation_ratio": 1 - np.linalg.norm(comb) / denom if denom > 0 else float("nan")}
        for k, n in enumerate(toy.names):
            rec[f"f_{n}"] = f[k]
            rec[f"w_{n}"] = w[k]
            rec[f"progress_{n}"] = float(g[k] @ comb)
        recs.append(rec)
        theta = theta - lr * comb
    return pd.DataFrame(recs)


# =========================================================================== a whole run (notebook 04)
def find_checkpoints(train_dir: str | Path) -> list[tuple[int, Path]]:
    """``(step, folder)`` of every ``checkpoint-N`` under ``train_dir`` or ``train_dir/checkpoints``, sorted."""
    train_dir = Path(train_dir)
    found: dict[int, Path] = {}
    for parent in (train_dir, train_dir / "checkpoints"):
        for folder in parent.glob("checkpoint-*"):
            tail = folder.name.split("-", 1)[1]
            if folder.is_dir() and tail.isdigit() and (
                (folder / "adapter_config.json").is_file() or (folder / "config.json").is_file()
            ):
                found.setdefault(int(tail), folder)
    return sorted(found.items())


def pick_evenly(items: Sequence, k: int | None) -> list:
    """``k`` items evenly spaced over ``items``, the last always included (all of them for None)."""
    items = list(items)
    if k is None or len(items) <= k:
        return items
    idx = sorted({round(len(items) - 1 - i * (len(items) - 1) / (k - 1)) for i in range(k)}) if k > 1 else [len(items) - 1]
    return [items[i] for i in idx]


def _load_adapter_weights(policy, folder: Path) -> None:
    """Load a saved LoRA adapter into the live PEFT model (same config), in place."""
    from peft import load_peft_weights, set_peft_model_state_dict

    cfg = json.loads((folder / "adapter_config.json").read_text())
    live = policy.peft_config["default"]
    if int(cfg.get("r", live.r)) != int(live.r) or set(cfg.get("target_modules") or []) != set(live.target_modules):
        raise ValueError(
            f"{folder}: adapter r={cfg.get('r')} targets={cfg.get('target_modules')} differs from the run's LoRA "
            f"(r={live.r}, targets={sorted(live.target_modules)}); analyse it with the parameters it was trained with"
        )
    result = set_peft_model_state_dict(policy, load_peft_weights(str(folder), device="cpu"))
    unused = [k for k in getattr(result, "unexpected_keys", []) if "lora_" in k]
    if unused:
        raise ValueError(f"{folder}: adapter weights {unused[:3]} match no module of the model")


@dataclass
class RunAnalysis:
    """What :func:`analyse_run` returns: the CSV table, the Gram matrices and what was analysed."""

    table: Any  # pandas DataFrame, one row per (method, step, weighting)
    grams: dict[tuple[str, int], GradientGram]
    analysis_ids: list[str]
    seconds: float
    skipped: dict[str, str]


def weightings_for(gg: GradientGram, step: int, lag_metrics) -> list[tuple[str, dict[str, float] | None, int | None]]:
    """The weightings analysed at a checkpoint: uniform, Lag-DPO's logged weights at the nearest logged
    step (when Lag-DPO was trained), and pooled (∝ active rows per dimension, what pooled DPO's mean
    over pairs amounts to)."""
    out: list[tuple[str, dict[str, float] | None, int | None]] = [("uniform", None, None)]
    if lag_metrics is not None:
        got = logged_weights(lag_metrics, step, gg.dims)
        if got is not None and all(d in got[1] for d in gg.dims):
            out.append(("lagdpo", got[1], got[0]))
    out.append(("pooled", {d: float(gg.n_rows[d]) for d in gg.dims}, None))
    return out


def analyse_run(P, paths, log: Callable[[str], None] | None = print) -> RunAnalysis:
    """Per-dimension gradients of every analysed checkpoint of a run (notebook 04's work).

    Loads the SFT model (the DPO reference) once, wraps it in a LoRA adapter and swaps each checkpoint's
    adapter weights in; step 0 is a fresh adapter (seeded with ``run.seed``; its B = 0, so only the B
    matrices have a gradient there). Writes ``paths.cancellation_csv`` and ``gradients/grams.json``.
    """
    import time

    import pandas as pd

    from dpeer_lib.data import read_split
    from dpeer_lib.core.models import apply_lora, load_system

    t_start = time.time()
    say = log or (lambda s: None)
    gs = P.gradients
    rows = read_split(paths.train_jsonl if gs.analysis_split == "train" else paths.test_jsonl)
    sft, tok = load_system(paths, "sft", P)
    usable = usable_rows(rows, tok, P.model.max_length)
    if len(usable) < len(rows):
        say(f"{len(rows) - len(usable)} of {len(rows)} rows left out: their prompt fills max_length "
            f"({P.model.max_length}), as the trainer drops them")
    pick = select_analysis_rows(usable, gs.analysis_rows, seed=P.run.seed)
    batch = encode_analysis_batch(pick, tok, max_length=P.model.max_length)
    ref = batch_logps(sft, batch, gs.micro_batch)
    say(f"analysis batch: {len(pick)} rows, dims {batch.dims}, rows per dim {batch.n_rows()}")

    skipped: dict[str, str] = {}
    plan: list[tuple[str, int, Path | None]] = []
    for m in gs.methods:
        ck = find_checkpoints(paths.train_dir(m))
        final = paths.train_dir(m)
        if not ck and ((final / "adapter_config.json").is_file() or (final / "config.json").is_file()):
            last = read_metrics(paths.metrics(m))["step"].max() if paths.metrics(m).is_file() else 0
            ck = [(int(last), final)]  # no intermediate checkpoint: the final model only
        if not ck:
            skipped[m] = "no checkpoint-* folder and no final model (not trained in this run?)"
            continue
        plan += [(m, step, folder) for step, folder in pick_evenly(ck, gs.max_checkpoints)]
    lag_metrics = read_metrics(paths.metrics("lagdpo")) if paths.metrics("lagdpo").is_file() else None

    torch.manual_seed(P.run.seed)
    lora = P.model.lora
    full_ft = any((f / "config.json").is_file() and not (f / "adapter_config.json").is_file() for _, _, f in plan)
    policy = sft if full_ft else apply_lora(sft, lora)
    grams: dict[tuple[str, int], GradientGram] = {}
    recs = []

    def run_one(method: str, step: int, model, folder: Path | None) -> None:
        t0 = time.time()
        gg = gradient_gram(model, batch, ref, P.train.dpo.beta, param_filter=gs.param_filter,
                           micro_batch=gs.micro_batch, max_vector_gb=gs.max_vector_gb)
        grams[(method, step)] = gg
        for label, w, wstep in weightings_for(gg, step, lag_metrics):
            rec = {"method": method, "step": step, "checkpoint": folder.name if folder else "start",
                   "weights_step": wstep, **gram_record(gg, w, label)}
            recs.append(rec)
        say(f"{method:>13} step {step:>5}: {time.time() - t0:5.1f}s  mean cos "
            f"{np.nanmean(gg.cosine()[np.triu_indices(gg.K, 1)]):+.3f}  "
            f"cancellation (uniform) {gg.cancellation_ratio(None):.3f}")

    if gs.include_start:
        run_one("start", 0, policy, None)  # full fine-tuning: the SFT weights themselves
    for method, step, folder in plan:
        if (folder / "adapter_config.json").is_file():
            _load_adapter_weights(policy, folder)
            run_one(method, step, policy, folder)
        else:
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(folder, dtype=next(sft.parameters()).dtype)
            run_one(method, step, model, folder)
            del model
    table = pd.DataFrame(recs)
    paths.cancellation_csv.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(paths.cancellation_csv, index=False)
    (paths.gradients / "grams.json").write_text(json.dumps({
        "dims": list(batch.dims), "analysis_ids": batch.ids, "vector_order": "shared_1..K, specific_1..K",
        "grams": [{"method": m, "step": s, "gram": g.gram.tolist(), "n_params": g.n_params}
                  for (m, s), g in grams.items()],
    }, indent=1))
    return RunAnalysis(table, grams, batch.ids, time.time() - t_start, skipped)


def training_dynamics(P, paths):
    """Steps-to-target (``gradients.targets``, ``target_metric``, ``target_window``) for every DPO method
    with a metrics.jsonl, and the metrics themselves."""
    from dpeer_lib.core.paths import DPO_METHODS

    metrics = {m: read_metrics(paths.metrics(m)) for m in DPO_METHODS if paths.metrics(m).is_file()}
    gs = P.gradients
    if not metrics:
        return None, metrics
    return dynamics_table(metrics, dict(gs.targets), gs.target_metric, gs.target_window), metrics


# =========================================================================== figures
def _pairs(dims: Sequence[str]) -> list[tuple[str, str]]:
    return list(itertools.combinations(dims, 2))


def _dims_of(table) -> list[str]:
    return [d for d in DIMENSIONS if f"progress_{d}" in table.columns and table[f"progress_{d}"].notna().any()]


def cosine_matrix(table, method: str, step: int, dims: Sequence[str] | None = None, which: str = "") -> np.ndarray:
    """The cosine matrix of one analysed checkpoint from the CSV table (``which``: "", "shared_", "specific_")."""
    dims = list(dims or _dims_of(table))
    row = table[(table.method == method) & (table.step == step)].iloc[0]
    M = np.eye(len(dims))
    for (i, a), (j, b) in itertools.combinations(enumerate(dims), 2):
        M[i, j] = M[j, i] = row[f"cos_{which}{a}_{b}"]
    return M


def _series(table, method: str, weighting: str):
    """Rows of one method and weighting over training, with the shared step-0 row prepended."""
    import pandas as pd

    part = table[(table.method == method) & (table.weighting == weighting)]
    start = table[(table.method == "start") & (table.weighting == weighting)]
    return pd.concat([start, part]).sort_values("step")


def plot_cosine_heatmaps(table):
    """Cosine matrices of the g_d: at the start and at each method's last analysed checkpoint."""
    import matplotlib.pyplot as plt

    dims = _dims_of(table)
    panels = []
    if (table.method == "start").any():
        panels.append(("start (SFT, step 0)", "start", 0))
    for m in [m for m in table.method.unique() if m != "start"]:
        last = int(table[table.method == m].step.max())
        panels.append((f"{m}, step {last}", m, last))
    fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.0), squeeze=False)
    for ax, (title, m, s) in zip(axes[0], panels):
        M = cosine_matrix(table, m, s, dims)
        im = ax.imshow(M, vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set_xticks(range(len(dims)), dims)
        ax.set_yticks(range(len(dims)), dims)
        for i in range(len(dims)):
            for j in range(len(dims)):
                ax.text(j, i, f"{M[i, j]:.2f}", ha="center", va="center", fontsize=8)
        ax.set_title(title, fontsize=9)
    fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8, label="cos(g_i, g_j)")
    return fig


def plot_cancellation(table):
    """The cancellation ratio over training: one panel per weighting, one line per method."""
    import matplotlib.pyplot as plt

    weightings = [w for w in ("uniform", "lagdpo", "pooled") if (table.weighting == w).any()]
    methods = [m for m in table.method.unique() if m != "start"]
    fig, axes = plt.subplots(1, len(weightings), figsize=(3.6 * len(weightings), 3.2), squeeze=False, sharey=True)
    for ax, wname in zip(axes[0], weightings):
        for k, m in enumerate(methods):
            s = _series(table, m, wname)
            ax.plot(s.step, s.cancellation_ratio, marker="o", ls="-" if k % 2 == 0 else "--", color=f"C{k}", label=m)
        ax.set_title(f"{wname} weights", fontsize=9)
        ax.set_xlabel("optimizer step (checkpoint)")
    axes[0][0].set_ylabel("1 − ‖Σ w g‖ / Σ w ‖g‖")
    axes[0][0].legend(fontsize=7)
    fig.suptitle("Gradient cancellation on the analysis batch", fontsize=10)
    return fig


def plot_progress(table, weightings: Sequence[str] = ("uniform", "lagdpo")):
    """Per-dimension first-order progress ⟨g_d, Σ w g⟩ over training; un-learned points (< 0) marked ×."""
    import matplotlib.pyplot as plt

    dims = _dims_of(table)
    methods = [m for m in table.method.unique() if m != "start"]
    weightings = [w for w in weightings if (table.weighting == w).any()]
    fig, axes = plt.subplots(len(weightings), len(methods), figsize=(3.6 * len(methods), 2.9 * len(weightings)),
                             squeeze=False, sharex=True)
    for r, wname in enumerate(weightings):
        for c, m in enumerate(methods):
            ax = axes[r][c]
            s = _series(table, m, wname)
            for k, d in enumerate(dims):
                v = s[f"progress_{d}"].to_numpy()
                ax.plot(s.step, v, marker="o", ms=3, color=f"C{k}", label=d)
                neg = v < 0
                ax.scatter(s.step[neg], v[neg], marker="x", s=60, color="red", zorder=5)
            ax.axhline(0, color="k", lw=0.6)
            ax.set_yscale("symlog", linthresh=max(1e-6, float(np.nanmax(np.abs(
                s[[f"progress_{d}" for d in dims]].to_numpy()))) * 1e-2))
            ax.set_title(f"{m} · {wname} weights", fontsize=9)
            if c == 0:
                ax.set_ylabel("⟨g_d, Σ w g⟩  (< 0: un-learning)", fontsize=8)
            if r == len(weightings) - 1:
                ax.set_xlabel("step")
    axes[0][0].legend(fontsize=7)
    return fig


def plot_split(table):
    """Shared (via golden) vs specific (via reject) parts: mean pairwise cosine among each, and the
    ratio of their norms, over training (uniform-weight rows; these do not depend on the weighting)."""
    import matplotlib.pyplot as plt

    dims = _dims_of(table)
    pairs = _pairs(dims)
    methods = [m for m in table.method.unique() if m != "start"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    for k, m in enumerate(methods):
        s = _series(table, m, "uniform")
        for which, ls in (("", "-"), ("shared_", "--"), ("specific_", ":")):
            mean_cos = s[[f"cos_{which}{a}_{b}" for a, b in pairs]].mean(axis=1)
            ax_label = {"": "g", "shared_": "shared", "specific_": "specific"}[which]
            axes[0].plot(s.step, mean_cos, ls, marker="o", ms=3, color=f"C{k}", label=f"{m} · {ax_label}")
        ratio = np.mean([s[f"norm_shared_{d}"] / s[f"norm_specific_{d}"] for d in dims], axis=0)
        cross = s[[f"cos_shared_specific_{d}" for d in dims]].mean(axis=1)
        axes[1].plot(s.step, ratio, marker="o", ms=3, color=f"C{k}", label=f"{m} · ‖s‖/‖p‖")
        axes[1].plot(s.step, cross, "--", marker="s", ms=3, color=f"C{k}", label=f"{m} · cos(s_d, p_d)")
    axes[0].axhline(0, color="k", lw=0.6)
    axes[0].set_title("mean pairwise cosine: g, shared parts, specific parts", fontsize=9)
    axes[1].axhline(0, color="k", lw=0.6)
    axes[1].set_title("per dimension (mean over d): norm ratio and within-d cosine", fontsize=9)
    for ax in axes:
        ax.set_xlabel("step")
        ax.legend(fontsize=6, ncol=2)
    return fig


def plot_dynamics(metrics: dict, targets: dict[str, float], metric: str = "acc", window: int = 1,
                  methods: Sequence[str] = ("mo_dpo_fixed", "lagdpo")):
    """Training ``acc_d`` (or ``loss_d``) per dimension for the compared methods, with the targets."""
    import matplotlib.pyplot as plt

    dims = [d for d in targets if any(f"{metric}_{d}" in m.columns for m in metrics.values())]
    fig, axes = plt.subplots(1, len(dims), figsize=(3.2 * len(dims), 2.8), squeeze=False, sharey=True, sharex=True)
    for ax, d in zip(axes[0], dims):
        for k, m in enumerate([m for m in methods if m in metrics]):
            df = metrics[m]
            if f"{metric}_{d}" not in df.columns:
                continue
            v = smoothed(df, f"{metric}_{d}", window)
            logged = df[f"{metric}_{d}"].notna().to_numpy()
            ax.plot(df.step, v, color=f"C{k}", ls="-" if k % 2 == 0 else "--", drawstyle="steps-post", label=m)
            ax.plot(df.step[logged], v[logged], "o", ms=3, color=f"C{k}")
        ax.axhline(targets[d], color="k", ls="--", lw=0.8)
        ax.set_title(f"{d}: {metric} (trailing mean {window})", fontsize=9)
        ax.set_xlabel("step")
    axes[0][0].legend(fontsize=7)
    return fig


def plot_toy(toy: QuadraticToy, sol: ToySolution, naive, lag):
    """The toy: both trajectories over the level sets, and each objective's loss along them."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    pts = np.vstack([toy.a, naive[["x", "y"]].to_numpy(), lag[["x", "y"]].to_numpy()])
    lo, hi = pts.min(0) - 0.5, pts.max(0) + 0.5
    xs, ys = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    grid = np.stack([xs.ravel(), ys.ravel()], 1)
    F_ = np.stack([toy.losses(p) for p in grid]).reshape(xs.shape + (len(toy.h),))
    ax = axes[0]
    ax.contour(xs, ys, F_.mean(-1), levels=15, colors="0.8", linewidths=0.6)
    ax.contourf(xs, ys, (F_.max(-1) - F_.min(-1)) <= toy.epsilon, levels=[0.5, 1.5], colors=["#d8f0d8"])
    for k, n in enumerate(toy.names):
        ax.plot(*toy.a[k], "^", color=f"C{k + 2}", ms=9)
        ax.annotate(f"argmin f_{n}", toy.a[k], textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.plot(naive.x, naive.y, "-", color="C0", label="equal weights")
    ax.plot(lag.x, lag.y, "-", color="C1", label="Lagrangian (pairwise gap)")
    ax.plot(*sol.unconstrained_theta, "o", mfc="none", mec="C0", ms=11, label="closed form, unconstrained")
    ax.plot(*sol.theta, "*", color="C1", ms=13, label="closed form, constrained")
    ax.set_title("trajectories (green: |f_i − f_j| ≤ ε for all pairs)", fontsize=9)
    ax.legend(fontsize=7, loc="best")
    for ax, df, title in ((axes[1], naive, "equal weights"), (axes[2], lag, "Lagrangian")):
        for k, n in enumerate(toy.names):
            ax.plot(df.step, df[f"f_{n}"], color=f"C{k + 2}", label=f"f_{n}")
        for k, n in enumerate(toy.names):
            target = sol.unconstrained_losses[k] if df is naive else sol.losses[k]
            ax.axhline(target, color=f"C{k + 2}", ls=":", lw=0.8)
        ax.set_xscale("symlog", linthresh=10)
        ax.set_xlim(left=0)
        ax.set_title(f"{title}: losses (dotted: closed form)", fontsize=9)
        ax.set_xlabel("step")
        ax.legend(fontsize=7)
    return fig


# =========================================================================== the closing note
def _fmt(x: float, nd: int = 3) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def summarize(table, dyn, toy: QuadraticToy, sol: ToySolution, naive, lag, P, seconds: float | None = None) -> str:
    """The notebook's closing note, as Markdown, built from the computed numbers only."""
    lines: list[str] = []
    dims = _dims_of(table) if table is not None and len(table) else []
    pairs = _pairs(dims)
    if dims:
        uni = table[table.weighting == "uniform"]
        cos = uni[[f"cos_{a}_{b}" for a, b in pairs]].to_numpy()
        n_ck = len(uni)
        neg_share = float((cos < 0).mean())
        lines.append(f"**Measured on {n_ck} analysed points** ({', '.join(sorted(uni.method.unique()))}), "
                     f"{int(uni[[f'rows_{d}' for d in dims]].iloc[0].sum())} (row, dimension) pairs in one fixed "
                     f"analysis batch, {int(uni.n_params.iloc[0]):,} analysed parameters.")
        per_pair = {f"{a}–{b}": float((uni[f"cos_{a}_{b}"] < 0).mean()) for a, b in pairs}
        worst = sorted(per_pair.items(), key=lambda kv: -kv[1])
        lines.append(f"- Share of negative pairwise cosines over all points and pairs: **{neg_share:.0%}** "
                     f"(range of cosines {np.nanmin(cos):+.2f} … {np.nanmax(cos):+.2f}). Pairs most often negative: "
                     + ", ".join(f"{k} {v:.0%}" for k, v in worst[:3]) + ".")
        sh = uni[[f"cos_shared_{a}_{b}" for a, b in pairs]].to_numpy()
        sp = uni[[f"cos_specific_{a}_{b}" for a, b in pairs]].to_numpy()
        within = uni[[f"cos_shared_specific_{d}" for d in dims]].to_numpy()
        lines.append(f"- Split: mean pairwise cosine of the shared (golden) parts {np.nanmean(sh):+.2f}, of the "
                     f"reject-specific parts {np.nanmean(sp):+.2f}, of the full gradients {np.nanmean(cos):+.2f}; "
                     f"within a dimension, cos(s_d, p_d) averages {np.nanmean(within):+.2f}. "
                     + ("The shared parts are the more aligned of the two here."
                        if np.nanmean(sh) > np.nanmean(sp) else
                        "The shared parts are not more aligned than the reject-specific parts here."))
        cr = uni.cancellation_ratio.to_numpy()
        lines.append(f"- Cancellation ratio with uniform weights: {np.nanmin(cr):.3f} … {np.nanmax(cr):.3f} "
                     f"(median {np.nanmedian(cr):.3f}).")
        if (table.weighting == "lagdpo").any():
            both = table[table.weighting.isin(["uniform", "lagdpo"])].pivot_table(
                index=["method", "step"], columns="weighting", values="cancellation_ratio")
            both = both.dropna()
            lagw = table[table.weighting == "lagdpo"][[f"w_{d}" for d in dims]].to_numpy()
            spread = float(np.abs(lagw - 1.0 / len(dims)).max())
            if spread < 1e-9:
                lines.append("- Lag-DPO's logged weights stayed uniform (λ = 0) at every analysed step, so the two "
                             "weightings coincide here.")
            else:
                lower = int((both["lagdpo"] < both["uniform"]).sum())
                lines.append(f"- Lag-DPO's logged weights (up to {spread:.3f} away from 1/K) give a lower cancellation "
                             f"ratio than uniform weights at **{lower} of {len(both)}** points (mean difference "
                             f"{float((both['lagdpo'] - both['uniform']).mean()):+.4f}).")
        for wname in ("uniform", "lagdpo"):
            part = table[table.weighting == wname]
            if part.empty:
                continue
            negs = [(r.method, int(r.step), d) for r in part.itertuples() for d in dims
                    if getattr(r, f"progress_{d}") < 0]
            if negs:
                lines.append(f"- With {wname} weights, first-order progress is negative (the dimension is being "
                             f"un-learned by the combined step) at {len(negs)} of {len(part) * len(dims)} "
                             f"(point, dimension) cells: " + ", ".join(f"{m}@{s}:{d}" for m, s, d in negs[:8])
                             + (" …" if len(negs) > 8 else "") + ".")
            else:
                lines.append(f"- With {wname} weights, every dimension's first-order progress is positive at every "
                             f"analysed point: no dimension is un-learned by the combined step on this batch.")
    else:
        lines.append("- No checkpoint was analysed (no DPO method trained in this run).")
    if dyn is not None and len(dyn):
        gs = P.gradients
        cmp = [m for m in ("mo_dpo_fixed", "lagdpo") if m in dyn.index]
        rel = "≥" if gs.target_metric == "acc" else "≤"
        tgt = ", ".join(f"{d} {rel} {v:g}" for d, v in gs.targets.items())
        lines.append(f"- Steps to target (training {gs.target_metric} from metrics.jsonl, trailing mean over "
                     f"{gs.target_window} logged step(s); targets {tgt}; 'all' = every dimension at once):")
        for m in cmp:
            r = dyn.loc[m]
            lines.append(f"    - {m}: " + ", ".join(f"{c} {'never' if math.isnan(r[c]) else int(r[c])}"
                                                     for c in [*gs.targets, 'all']) + f" (of {int(r['last_step'])} steps)")
        sub = dyn.loc[cmp, "all"].dropna() if cmp else []
        if len(cmp) == 2 and len(sub) == 2 and sub.iloc[0] != sub.iloc[1]:
            lines.append(f"    - **{sub.idxmin()}** reaches every target first.")
        elif len(cmp) == 2 and len(sub) == 2:
            lines.append("    - Both reach every target at the same logged step: no difference at this resolution.")
        elif len(sub) == 1:
            lines.append(f"    - Only **{sub.index[0]}** reaches every target within the run.")
        elif len(cmp) == 2:
            lines.append("    - Neither method reaches every target within the run: the comparison is undecided.")
    gap_n = float(naive[[f"f_{n}" for n in toy.names]].iloc[-1].pipe(lambda s: s.max() - s.min()))
    gap_l = float(lag[[f"f_{n}" for n in toy.names]].iloc[-1].pipe(lambda s: s.max() - s.min()))
    dist = float(np.linalg.norm(lag[["x", "y"]].iloc[-1].to_numpy() - sol.theta))
    worst = toy.names[int(np.argmax(sol.unconstrained_losses))]
    lines.append(f"- Toy ({len(toy.h)} quadratics in 2-D, ε = {toy.epsilon}): equal weights end with a loss spread of "
                 f"{gap_n:.3f} (> ε; f_{worst} rose by {naive[f'f_{worst}'].iloc[-1] - naive[f'f_{worst}'].min():.3f} "
                 f"above its best value along the way, i.e. was un-learned), the Lagrangian ends with {gap_l:.3f} "
                 f"and lies {dist:.1e} from the closed-form optimum (λ*_{sol.active[0]}>{sol.active[1]} = "
                 f"{sol.lam[f'{sol.active[0]}>{sol.active[1]}']:.4f}).")
    if seconds is not None:
        lines.append(f"- Gradient analysis wall time: {seconds:.0f} s.")
    lines.append("")
    lines.append("**What this does and does not support.** These are first-order measurements of the per-dimension "
                 f"DPO gradients of a {P.model.source} model with "
                 f"{'LoRA' if P.model.lora.enabled else 'full'} training on one small analysis batch of "
                 f"{P.data.source}, at a handful of checkpoints of a short run. They are not the paper's setting "
                 "(a 7–8B model on the real PersonaKnob) and do not test its claims there. Progress is measured "
                 "for a plain gradient step, while training uses Adam, whose preconditioning changes the actual "
                 "update. At step 0 a fresh LoRA adapter has B = 0, so only the B matrices have a gradient: the "
                 "start cosines are those of a random projection of the full-weight gradients. A cancellation "
                 "ratio near 1 is also what any converged weighted sum shows (its gradient vanishes), so it "
                 "signals conflict only away from a stationary point. Training accuracies come from small "
                 "batches and are noisy; steps-to-target are only as fine as the logging interval.")
    return "\n".join(lines)
