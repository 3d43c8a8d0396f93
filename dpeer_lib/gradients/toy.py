"""A closed-form toy (DESIGN §4): K isotropic quadratics in 2-D with conflicting gradients.

Equal-weight gradient descent un-learns one objective, the pairwise-gap Lagrangian does not; its
constrained optimum is derived in closed form (:func:`toy_closed_form`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch

from dpeer_lib.core.params import LagDPOSection
from dpeer_lib.train.lagrangian import DualSpec, DualState


@dataclass(frozen=True)
class QuadraticToy:
    """K isotropic quadratics f_d(θ) = (h_d/2)‖θ − a_d‖² in 2-D, and the pairwise-gap tolerance ε."""

    centers: tuple[tuple[float, float], ...]
    curvatures: tuple[float, ...]
    epsilon: float
    names: tuple[str, ...]

    @property
    def a(self) -> np.ndarray:
        """The minimisers a_d (K × 2)."""
        return np.asarray(self.centers, dtype=float)

    @property
    def h(self) -> np.ndarray:
        """The curvatures h_d (K)."""
        return np.asarray(self.curvatures, dtype=float)

    def losses(self, theta: Sequence[float] | np.ndarray) -> np.ndarray:
        """f_d(θ) for every objective."""
        diff = np.asarray(theta, float)[None, :] - self.a
        return 0.5 * self.h * (diff**2).sum(1)

    def grads(self, theta: Sequence[float] | np.ndarray) -> np.ndarray:
        """∇f_d(θ) for every objective (K × 2)."""
        return self.h[:, None] * (np.asarray(theta, float)[None, :] - self.a)

    def weighted_minimiser(self, w: Sequence[float] | np.ndarray) -> np.ndarray:
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
    """The closed-form optimum of :func:`toy_closed_form`, with the unconstrained one beside it."""

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
    settings = LagDPOSection(constraint="pairwise_gap", epsilon=toy.epsilon, eta_lambda=eta_lambda,
                             lambda_max=lambda_max, w_min=w_min, ema_decay=ema_decay)
    state = DualState(DualSpec(dims=tuple(toy.names), settings=settings))
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
) -> pd.DataFrame:
    """Gradient descent on the toy: ``method="naive"`` (equal weights) or ``"lagrangian"`` (the
    pairwise-gap dual ascent of :mod:`dpeer_lib.train.lagrangian`; ``ema_decay=0`` feeds it the exact losses).
    Returns a DataFrame with θ, the losses, weights, the cancellation ratio and per-objective progress
    ⟨∇f_d, Σ w ∇f⟩ at each step."""
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


def toy_table(toy: QuadraticToy, sol: ToySolution, naive: pd.DataFrame, lag: pd.DataFrame) -> pd.DataFrame:
    """θ and the losses of both closed-form optima beside the last step of each trajectory."""
    losses = [f"f_{n}" for n in toy.names]
    return pd.DataFrame({
        "closed form, unconstrained": [*sol.unconstrained_theta, *sol.unconstrained_losses],
        "equal weights, last step": [*naive[["x", "y"]].iloc[-1], *naive[losses].iloc[-1]],
        "closed form, constrained": [*sol.theta, *sol.losses],
        "Lagrangian, last step": [*lag[["x", "y"]].iloc[-1], *lag[losses].iloc[-1]],
    }, index=["θ_x", "θ_y", *losses])
