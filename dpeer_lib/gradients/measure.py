"""Per-dimension DPO gradients on a fixed analysis batch, their Gram matrix and statistics (DESIGN §4).

For a row with golden y*, active set M and rejects y_d, Δ_d = r(y*) − r(y_d) with r(y) = log πθ(y|x) −
log π_ref(y|x), ℓ_d = −log σ(β Δ_d) and L_d = mean of ℓ_d over the rows where d is active (DESIGN §3). Its
gradient is

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

Sign convention (a deliberate deviation from DESIGN §4's wording). With the descent step
Δθ = −η Σ_k w_k g_k, the first-order change of L_d is −η ⟨g_d, Σ_k w_k g_k⟩. DESIGN names
−⟨g_d, Σ w g⟩ "progress" and says that a negative value means "gets worse"; that only holds for the
opposite sign. We report ``progress_d = ⟨g_d, Σ_k w_k g_k⟩`` (= −dL_d/dη at η = 0): positive means L_d
falls under the combined step, negative means the dimension is being un-learned.
"""
from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.gradients.batch import AnalysisBatch, BatchLogps, SequenceGroup, micro_batches, model_device
from dpeer_lib.train.forward import completion_logps

SHARED, SPECIFIC = "shared", "specific"
Weights = dict[str, float] | Sequence[float] | None  # None: uniform (see GradientGram.weights)


# =========================================================================== parameters
def select_parameters(model: torch.nn.Module, pattern: str | None = None) -> list[tuple[str, torch.nn.Parameter]]:
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
        """The number of dimensions."""
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
        """‖g_d‖ per dimension."""
        return np.sqrt(np.clip(np.diag(self.G), 0.0, None))

    def cosine(self, which: str = "g") -> np.ndarray:
        """Cosine matrix of the g_d (``"g"``), the shared parts (``"shared"``) or the specific parts."""
        K = self.K
        M = {"g": self.G, SHARED: self.gram[:K, :K], SPECIFIC: self.gram[K:, K:]}[which]
        n = np.sqrt(np.clip(np.diag(M), 0.0, None))
        with np.errstate(invalid="ignore", divide="ignore"):
            return M / np.outer(n, n)

    def weights(self, w: Weights) -> np.ndarray:
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

    def combined_norm(self, w: Weights = None) -> float:
        """‖Σ_d w_d g_d‖ under the weights ``w`` (see :meth:`weights`)."""
        v = self.weights(w)
        return float(np.sqrt(max(v @ self.G @ v, 0.0)))

    def cancellation_ratio(self, w: Weights = None) -> float:
        """1 − ‖Σ w_d g_d‖ / Σ w_d ‖g_d‖: 0 when the gradients agree, 1 when they cancel completely."""
        v = self.weights(w)
        denom = float(v @ self.norms())
        return float("nan") if denom == 0 else 1.0 - self.combined_norm(v) / denom

    def progress(self, w: Weights = None) -> np.ndarray:
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
        self.dev = model_device(model)
        self.n = sum(p.numel() for p in params)
        self.dtype = _buf_dtype(params)

    def _logps(self, g: SequenceGroup, idx: torch.Tensor, grad: bool) -> torch.Tensor:
        with torch.set_grad_enabled(grad):
            return completion_logps(self.model, *_take(g, idx, self.dev))

    def golden(self) -> tuple[torch.Tensor, list[torch.Tensor] | None]:
        """Golden log-probs (n,), detached on the CPU, and the per-row graphs when they are kept."""
        g = self.batch.chosen
        if self.mb is None:
            graphs = [self._logps(g, torch.tensor([i]), True) for i in range(len(g))]
            return torch.cat([x.detach().cpu() for x in graphs]), graphs
        lps = [self._logps(g, torch.arange(sl.start, sl.stop), False).cpu() for sl in micro_batches(len(g), self.mb)]
        return torch.cat(lps), None

    def rejects(self, d: str, chosen_lp: torch.Tensor, grad: bool) -> tuple[torch.Tensor | None, torch.Tensor]:
        """``(p_d or None, β Δ_d)`` over the rows where d is active."""
        g = self.batch.rejected[d]
        rows = torch.tensor(g.rows, dtype=torch.long)
        n_d = len(rows)
        p = torch.zeros(self.n, dtype=self.dtype, device=self.dev) if grad else None
        margins = []
        for sl in micro_batches(n_d, self.mb):
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


@contextlib.contextmanager
def _analysing(model, params: list[torch.Tensor]):
    """Eval mode (no dropout) and gradients on ``params`` for the duration; both restored afterwards."""
    was_training = model.training
    model.eval()
    try:
        with _requires_grad(params):
            yield
    finally:
        model.train(was_training)


def _all_parts(pc: _PartComputer) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
    """S and P (K × n each) and the margins, holding all 2K vectors at once."""
    dims = pc.batch.dims
    chosen_lp, graphs = pc.golden()
    P = torch.zeros((len(dims), pc.n), dtype=pc.dtype, device=pc.dev)
    margins: dict[str, torch.Tensor] = {}
    for k, d in enumerate(dims):
        P[k], margins[d] = pc.rejects(d, chosen_lp, grad=True)
    S = torch.zeros_like(P)
    pc.shared_into(S, pc.coefficients(margins), graphs)
    return S, P, margins


def _low_memory_gram(pc: _PartComputer, gram: np.ndarray) -> dict[str, torch.Tensor]:
    """Fill ``gram`` holding at most K+1 vectors: S, then each p_d streamed against it, then P in S's memory."""
    dims = pc.batch.dims
    K = len(dims)
    S = torch.zeros((K, pc.n), dtype=pc.dtype, device=pc.dev)
    chosen_lp, graphs = pc.golden()
    margins = {d: pc.rejects(d, chosen_lp, grad=False)[1] for d in dims}  # coefficients from no-grad log-probs
    pc.shared_into(S, pc.coefficients(margins), graphs)
    for a in range(K):
        for b in range(a, K):
            gram[a, b] = gram[b, a] = _dot64(S[a], S[b])
    for k, d in enumerate(dims):  # K vectors in S + one streamed p_d
        p, _ = pc.rejects(d, chosen_lp, grad=True)
        for a in range(K):
            gram[a, K + k] = gram[K + k, a] = _dot64(S[a], p)
        del p
    for k, d in enumerate(dims):  # S's memory now holds P
        S[k] = pc.rejects(d, chosen_lp, grad=True)[0]
    for a in range(K):
        for b in range(a, K):
            gram[K + a, K + b] = gram[K + b, K + a] = _dot64(S[a], S[b])
    return margins


def gradient_parts(model: torch.nn.Module, batch: AnalysisBatch, ref: BatchLogps, beta: float,
                   params: list[torch.Tensor] | None = None, param_filter: str | None = None,
                   micro_batch: int | None = None) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
    """The flat shared parts S (K × n), specific parts P (K × n) and margins β Δ per dimension;
    g_d = S[k] + P[k]. Holds 2K vectors, as :func:`gradient_gram` does when they fit in memory."""
    if params is None:
        params = [p for _, p in select_parameters(model, param_filter)]
    with _analysing(model, params):
        return _all_parts(_PartComputer(model, batch, ref, beta, params, micro_batch))


def gradient_gram(model: torch.nn.Module, batch: AnalysisBatch, ref: BatchLogps, beta: float,
                  params: list[torch.Tensor] | None = None, param_filter: str | None = None,
                  micro_batch: int | None = None, max_vector_gb: float = 2.0) -> GradientGram:
    """The Gram matrix of [s; p] for ``model`` (the policy) on ``batch`` against reference log-probs ``ref``.

    Cost: one forward and one backward per golden response and per active reject (plus a no-grad
    golden pass when ``micro_batch`` is set). If 2K flat vectors exceed ``max_vector_gb``, at most K+1
    are held instead: S is kept, each p_d is streamed against it, then the p_d are recomputed into S's
    memory for the ⟨p_d, p_e⟩ block (the rejects then cost three passes).
    """
    K = len(batch.dims)
    gram = np.zeros((2 * K, 2 * K))
    if params is None:
        params = [p for _, p in select_parameters(model, param_filter)]
    n_params = sum(p.numel() for p in params)
    low_memory = 2 * K * n_params * 4 / 2**30 > max_vector_gb
    with _analysing(model, params):
        pc = _PartComputer(model, batch, ref, beta, params, micro_batch)
        if low_memory:
            margins = _low_memory_gram(pc, gram)
        else:
            S, P, margins = _all_parts(pc)
            for a in range(K):
                for b in range(a, K):
                    gram[a, b] = gram[b, a] = _dot64(S[a], S[b])
                    gram[K + a, K + b] = gram[K + b, K + a] = _dot64(P[a], P[b])
                for b in range(K):
                    gram[a, K + b] = gram[K + b, a] = _dot64(S[a], P[b])
            del S, P
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


def dimension_pairs(dims: Sequence[str]) -> list[tuple[str, str]]:
    """The unordered pairs of dimensions, in ``dims`` order (the ``cos_<a>_<b>`` columns)."""
    return list(itertools.combinations(dims, 2))


def analysed_dims(table: pd.DataFrame) -> list[str]:
    """The dimensions a table of :func:`gram_record` rows has values for, in DIMENSIONS order."""
    return [d for d in DIMENSIONS if f"progress_{d}" in table.columns and table[f"progress_{d}"].notna().any()]
