"""Lag-DPO's dual logic (DESIGN §3): constraints, multipliers λ, loss EMA and weights. No TRL here.

Every constraint form is written as a linear program in the per-dimension losses ``L`` (a vector over
the K *active* dimensions, the ones present in the training data):

    minimise  c·L   subject to   a_c·L − ε_c(t) ≤ 0   for every constraint c

- ``pairwise_gap`` (the default, our reconstruction of the paper): ``c = 1/K``, one constraint per
  ordered pair ``i>j`` with ``a = e_i − e_j`` and ε_ij (``epsilon`` or a per-pair override), i.e.
  ``L_i − L_j ≤ ε_ij``.
- ``threshold``: ``c = e_primary``, one constraint ``L_d ≤ ε_d`` per other dimension (``a = e_d``).
- ``adaptive_epsilon``: ``pairwise_gap`` with a scheduled tolerance ε(t), see :func:`epsilon_schedule`.

The Lagrangian is ``c·L + Σ_c λ_c (a_c·L − ε_c)``; its gradient in ``L`` gives the raw weights
``w = c + Aᵀλ``. For ``pairwise_gap`` this is exactly ``w_d = 1/K + Σ_j (λ_dj − λ_jd)``. Weights are
clamped at ``w_min`` and renormalised to sum 1 (a positive rescaling of the Lagrangian's gradient, so
its stationary points are unchanged). The dual step, once per optimizer step, is projected gradient
ascent on the EMA ``L̄`` of the per-dimension losses::

    λ_c ← clip(λ_c + η (a_c·L̄ − ε_c(t)), 0, λ_max)

``L̄`` is all-reduced across processes before the step (see :meth:`DualState.end_step`), so every
rank applies the same update to the same numbers and λ stays bit-identical everywhere.
``freeze_lambda`` keeps λ at its initial value 0: that is the ``mo_dpo_fixed`` baseline (equal weights).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

import torch

from dpeer_lib.core.params import DIMENSIONS, LagDPOSection

SCHEDULES = ("cosine", "linear")
STATE_VERSION = 1


def epsilon_schedule(step: int, total_steps: int, start: float, end: float, kind: str = "cosine") -> float:
    """The ``adaptive_epsilon`` tolerance at optimizer step ``step`` of ``total_steps``.

    Why a decaying tolerance: at step 0 the policy equals the reference, every ``L_d`` is log 2 and the
    EMA is noise; a tight ε there lets the multipliers integrate noise and lock in weights before any
    dimension has learnt anything. A loose ε early lets each dimension move at its own pace; as the losses
    separate and the EMA becomes reliable the tolerance tightens to ``end``, so the *final* model meets the
    balance target. ``cosine`` (the default) is flat at both ends: the tolerance barely moves at the end,
    where the multipliers must settle, and tightens fastest mid-training. ``linear`` is the plain ramp.
    """
    if total_steps <= 0:
        return end
    frac = min(max(step / total_steps, 0.0), 1.0)
    if kind == "cosine":
        return end + 0.5 * (start - end) * (1.0 + math.cos(math.pi * frac))
    if kind == "linear":
        return start + (end - start) * frac
    raise ValueError(f"epsilon_schedule: unknown kind {kind!r}; expected one of {SCHEDULES}")


@dataclass(frozen=True)
class DualSpec:
    """The constraint problem of ``settings`` over the active dimensions ``dims``.

    The settings are validated where they are declared (:class:`~dpeer_lib.core.params.LagDPOSection`);
    what is checked here depends on the dimensions. ``total_steps`` is the horizon of the adaptive_epsilon
    schedule (the trainer sets it when training begins).
    """

    dims: tuple[str, ...]
    settings: LagDPOSection = field(default_factory=LagDPOSection)
    total_steps: int | None = None

    def __post_init__(self) -> None:
        dims = tuple(self.dims)
        bad = [d for d in dims if d not in DIMENSIONS]
        if bad or len(set(dims)) != len(dims) or not dims:
            raise ValueError(f"dims: expected distinct dimensions among {DIMENSIONS}, got {list(self.dims)}")
        # canonical order A, T, E, C whatever the caller passed
        object.__setattr__(self, "dims", tuple(d for d in DIMENSIONS if d in dims))
        if self.settings.constraint == "threshold" and self.settings.primary not in self.dims:
            raise ValueError(
                f"threshold form: primary dimension {self.settings.primary!r} is not among the active dimensions "
                f"{list(self.dims)} of the training data"
            )

    # ------------------------------------------------------------------ the linear program
    @property
    def K(self) -> int:
        """The number of active dimensions."""
        return len(self.dims)

    @property
    def names(self) -> list[str]:
        """Constraint names: ``"A>T"`` for pair constraints, the dimension code for thresholds."""
        if self.settings.constraint == "threshold":
            return [d for d in self.dims if d != self.settings.primary]
        return [LagDPOSection.pair_key(i, j) for i in self.dims for j in self.dims if i != j]

    def objective(self) -> torch.Tensor:
        """``c``: the objective's coefficients over ``dims`` (float64)."""
        if self.settings.constraint == "threshold":
            return torch.tensor([1.0 if d == self.settings.primary else 0.0 for d in self.dims], dtype=torch.float64)
        return torch.full((self.K,), 1.0 / self.K, dtype=torch.float64)

    def matrix(self) -> torch.Tensor:
        """``A`` (constraints × dims): row c holds ``a_c``."""
        idx = {d: k for k, d in enumerate(self.dims)}
        rows = []
        for name in self.names:
            a = torch.zeros(self.K, dtype=torch.float64)
            if self.settings.constraint == "threshold":
                a[idx[name]] = 1.0
            else:
                i, j = LagDPOSection.parse_pair_key(name)
                a[idx[i]], a[idx[j]] = 1.0, -1.0
            rows.append(a)
        return torch.stack(rows) if rows else torch.zeros(0, self.K, dtype=torch.float64)

    def epsilons(self, step: int) -> torch.Tensor:
        """``ε_c(t)`` for every constraint at optimizer step ``step``."""
        s = self.settings
        if s.constraint == "threshold":
            vals = [float(s.thresholds.get(d, s.epsilon)) for d in self.names]
        elif s.constraint == "adaptive_epsilon":
            if self.total_steps is None:
                raise ValueError("adaptive_epsilon needs total_steps (the trainer sets it from max_steps)")
            eps = epsilon_schedule(step, self.total_steps, s.epsilon_start, s.epsilon_end, s.epsilon_schedule)
            vals = [eps] * len(self.names)
        else:
            vals = [float(s.epsilon_pairs.get(n, s.epsilon)) for n in self.names]
        return torch.tensor(vals, dtype=torch.float64)


def _dist_ready() -> bool:
    return torch.distributed.is_available() and torch.distributed.is_initialized()


def all_reduce_sum(t: torch.Tensor) -> torch.Tensor:
    """Sum ``t`` over every process when ``torch.distributed`` is initialised (no-op otherwise).

    NCCL needs CUDA tensors: the buffer goes to the current CUDA device for it and comes back.
    """
    if not _dist_ready() or torch.distributed.get_world_size() == 1:
        return t
    backend = torch.distributed.get_backend()
    device = torch.device("cuda", torch.cuda.current_device()) if backend == "nccl" else torch.device("cpu")
    buf = t.detach().to(device=device, copy=True)
    torch.distributed.all_reduce(buf, op=torch.distributed.ReduceOp.SUM)
    return buf.to(t.device)


class DualState:
    """λ, the loss EMA ``L̄`` and the optimizer-step counter of one Lag-DPO run.

    Per optimizer step: :meth:`accumulate` the (local) per-dimension loss sums and row counts of each
    micro-batch, then :meth:`end_step` once; it all-reduces them, updates the EMA (dimensions absent from
    the step keep their EMA) and takes the dual step. :meth:`weights` gives ``w`` for the next step.
    """

    def __init__(self, spec: DualSpec):
        self.spec = spec
        self.matrix = spec.matrix()
        self.c = spec.objective()
        self.lam = torch.zeros(len(spec.names), dtype=torch.float64)
        self.ema = torch.full((spec.K,), float("nan"), dtype=torch.float64)
        self.step = 0
        self.last_losses = torch.full((spec.K,), float("nan"), dtype=torch.float64)
        self._sum = torch.zeros(spec.K, dtype=torch.float64)
        self._count = torch.zeros(spec.K, dtype=torch.float64)

    # ------------------------------------------------------------------ per step
    def accumulate(self, loss_sums: Sequence[float] | torch.Tensor, counts: Sequence[float] | torch.Tensor) -> None:
        """Add one micro-batch's per-dimension loss *sums* and row counts (over ``spec.dims``)."""
        self._sum += torch.as_tensor(loss_sums, dtype=torch.float64).detach().cpu()
        self._count += torch.as_tensor(counts, dtype=torch.float64).detach().cpu()

    def end_step(self, reduce: bool = True) -> torch.Tensor:
        """Close an optimizer step: all-reduce the accumulators, update EMA and λ; return the step's losses."""
        buf = torch.cat([self._sum, self._count])
        if reduce:
            buf = all_reduce_sum(buf)
        sums, counts = buf[: self.spec.K], buf[self.spec.K:]
        losses = torch.where(counts > 0, sums / counts.clamp(min=1.0), torch.full_like(sums, float("nan")))
        self.update(losses)
        self._sum.zero_()
        self._count.zero_()
        return losses

    def update(self, losses: Sequence[float] | torch.Tensor) -> None:
        """EMA update with this step's per-dimension losses (NaN = absent), then the dual step."""
        losses = torch.as_tensor(losses, dtype=torch.float64).detach().cpu()
        seen = ~torch.isnan(losses)
        d = self.spec.settings.ema_decay
        first = seen & torch.isnan(self.ema)
        # The EMA starts at the first observation (no bias towards 0).
        self.ema = torch.where(first, losses, self.ema)
        later = seen & ~first
        self.ema = torch.where(later, d * self.ema + (1 - d) * losses, self.ema)
        self.last_losses = losses
        if not self.spec.settings.freeze_lambda and len(self.lam):
            self.lam = self.dual_step(self.lam, self.ema, self.step)
        self.step += 1

    def dual_step(self, lam: torch.Tensor, ema: torch.Tensor, step: int) -> torch.Tensor:
        """Projected ascent on λ; constraints touching a never-observed dimension do not move."""
        known = ~torch.isnan(ema)
        ema0 = torch.where(known, ema, torch.zeros_like(ema))
        violation = self.matrix @ ema0 - self.spec.epsilons(step)
        usable = (self.matrix.abs() @ (~known).double()) == 0
        new = (lam + self.spec.settings.eta_lambda * violation).clamp(0.0, self.spec.settings.lambda_max)
        return torch.where(usable, new, lam)

    # ------------------------------------------------------------------ weights
    def raw_weights(self) -> torch.Tensor:
        """``c + Aᵀλ`` before clamping: for pairwise_gap ``1/K + Σ_j (λ_dj − λ_jd)``."""
        return self.c + self.matrix.T @ self.lam

    def weights(self, present: Sequence[bool] | torch.Tensor | None = None) -> torch.Tensor:
        """Weights over ``spec.dims``: clamp at ``w_min``, renormalise to sum 1.

        With ``present`` (a boolean per dimension), the weights of absent dimensions are zeroed and the rest
        renormalised over the present ones, so a batch that lacks a dimension still has weights summing to 1.
        If every present weight is 0 the result is all zeros (no update from that batch).
        """
        w = self.raw_weights().clamp(min=self.spec.settings.w_min)
        if present is not None:
            w = w * torch.as_tensor(present, dtype=torch.bool).to(torch.float64)
        total = w.sum()
        return w / total if total > 0 else torch.zeros_like(w)

    # ------------------------------------------------------------------ views
    def epsilon_now(self) -> float:
        """The mean current tolerance (the schedule value for adaptive_epsilon)."""
        eps = self.spec.epsilons(self.step)
        return float(eps.mean()) if len(eps) else float("nan")

    def lambda_dict(self) -> dict[str, float]:
        """λ by constraint name."""
        return {n: float(v) for n, v in zip(self.spec.names, self.lam)}

    def weight_dict(self) -> dict[str, float]:
        """The current weights by dimension (no renormalisation over present dimensions)."""
        return {d: float(v) for d, v in zip(self.spec.dims, self.weights())}

    # ------------------------------------------------------------------ persistence
    def state_dict(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot (NaN EMA entries become None)."""
        return {
            "version": STATE_VERSION,
            "dims": list(self.spec.dims),
            "constraint": self.spec.settings.constraint,
            "names": list(self.spec.names),
            "lambda": [float(v) for v in self.lam],
            "ema": [None if math.isnan(float(v)) else float(v) for v in self.ema],
            "step": int(self.step),
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore a snapshot; refuses one taken for other dimensions or another constraint form."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"dual state: version {state.get('version')!r}, expected {STATE_VERSION}")
        if list(state["dims"]) != list(self.spec.dims) or list(state["names"]) != list(self.spec.names):
            raise ValueError(
                f"dual state: saved for dims {state['dims']} / constraints {state['names']}, "
                f"but this run has dims {list(self.spec.dims)} / constraints {self.spec.names}"
            )
        self.lam = torch.tensor([float(v) for v in state["lambda"]], dtype=torch.float64)
        self.ema = torch.tensor([float("nan") if v is None else float(v) for v in state["ema"]], dtype=torch.float64)
        self.step = int(state["step"])
        self._sum.zero_()
        self._count.zero_()

    def with_total_steps(self, total_steps: int) -> "DualState":
        """Set the horizon of the ε schedule (adaptive_epsilon) in place; returns self."""
        self.spec = replace(self.spec, total_steps=int(total_steps))
        return self
