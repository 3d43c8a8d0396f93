"""Many-facet rating data drawn from the adjacent-category model with known parameters (for tests and demos)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import special as ssp

from dpeer_lib.evaluation.irt.design import SEP, THRESHOLD


def simulate(n_systems: int = 5, n_dims: int = 4, n_items: int = 220, n_judges: int = 2,
             n_categories: int = 5, *, systems: Sequence[str] | None = None,
             dims: Sequence[str] | None = None, theta: np.ndarray | None = None, theta_sd: float = 1.0,
             item_sd: float = 1.0, judge_sd: float = 0.5, judge_severity: Sequence[float] | None = None,
             thresholds: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
             judge_dim_sd: float = 0.0, judge_assignment: np.ndarray | None = None,
             seed: int = 0) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Draw a many-facet rating table with known parameters.

    Columns: ``system, dimension, item, judge, score`` (score 1..n_categories). Every (system, item)
    response is rated on every dimension by each judge j with probability ``judge_assignment[s, j]``
    (default: all judges; at least one judge always rates). ``thresholds`` may be a dict dimension ->
    thresholds (partial credit). Returns ``(df, truth)``; truth holds the generating parameters under the
    engine's identification (items, judges, thresholds and the judge × dimension bias centred), keyed by
    facet name: ``system:dimension``, ``item``, ``judge``, ``judge:dimension``, ``threshold`` (or
    ``threshold[<dim>]`` per dimension).
    """
    rng = np.random.default_rng(seed)
    systems = list(systems) if systems is not None else [f"s{i}" for i in range(n_systems)]
    dims = list(dims) if dims is not None else (["A", "T", "E", "C"][:n_dims] if n_dims <= 4
                                                  else [f"d{i}" for i in range(n_dims)])
    S, Dn, I, J = len(systems), len(dims), n_items, n_judges
    th = np.asarray(theta, float).reshape(S, Dn) if theta is not None else rng.normal(0, theta_sd, (S, Dn))
    delta = rng.normal(0, item_sd, I)
    delta -= delta.mean()
    gamma = np.asarray(judge_severity, float) if judge_severity is not None else rng.normal(0, judge_sd, J)
    gamma = gamma - gamma.mean()
    jd = rng.normal(0, judge_dim_sd, (J, Dn)) if judge_dim_sd > 0 else np.zeros((J, Dn))
    jd = jd - jd.mean(0, keepdims=True)
    jd = jd - jd.mean(1, keepdims=True)
    K = n_categories
    taus = _centred_thresholds(thresholds, dims, K)
    A = np.ones((S, J)) if judge_assignment is None else np.asarray(judge_assignment, float)
    if A.shape != (S, J):
        raise ValueError(f"judge_assignment must have shape ({S}, {J}), got {A.shape}")
    rated = rng.random((S, I, J)) < A[:, None, :]
    none = ~rated.any(2)
    if none.any():
        s_idx, i_idx = np.nonzero(none)
        rated[s_idx, i_idx, A[s_idx].argmax(1)] = True
    s_i, i_i, j_i = np.nonzero(rated)
    n = len(s_i)
    s_all = np.repeat(s_i, Dn)
    i_all = np.repeat(i_i, Dn)
    j_all = np.repeat(j_i, Dn)
    d_all = np.tile(np.arange(Dn), n)
    eta = th[s_all, d_all] - delta[i_all] - gamma[j_all] - jd[j_all, d_all]
    tau_mat = np.stack([taus[d] for d in dims])  # Dn x K-1
    cum = np.concatenate([np.zeros((Dn, 1)), np.cumsum(tau_mat, 1)], 1)
    ln = np.arange(K)[None, :] * eta[:, None] - cum[d_all]
    p = np.exp(ln - ssp.logsumexp(ln, axis=1, keepdims=True))
    u = rng.random(len(eta))
    x = (u[:, None] > np.cumsum(p, 1)[:, :-1]).sum(1)
    df = pd.DataFrame({
        "system": np.asarray(systems, dtype=object)[s_all],
        "dimension": np.asarray(dims, dtype=object)[d_all],
        "item": np.array([f"i{k:04d}" for k in range(I)], dtype=object)[i_all],
        "judge": np.array([f"j{k}" for k in range(J)], dtype=object)[j_all],
        "score": x + 1,
    })
    truth: dict[str, pd.Series] = {
        "system:dimension": pd.Series(th.ravel(), index=[f"{s}{SEP}{d}" for s in systems for d in dims]),
        "item": pd.Series(delta, index=[f"i{k:04d}" for k in range(I)]),
        "judge": pd.Series(gamma, index=[f"j{k}" for k in range(J)]),
        "judge:dimension": pd.Series(jd.ravel(), index=[f"j{j}{SEP}{d}" for j in range(J) for d in dims]),
    }
    labels = [str(k) for k in range(2, K + 1)]
    if isinstance(thresholds, Mapping):
        for d in dims:
            truth[f"{THRESHOLD}[{d}]"] = pd.Series(taus[d], index=labels)
    else:
        truth[THRESHOLD] = pd.Series(taus[dims[0]], index=labels)
    return df, truth


def _centred_thresholds(thresholds: Sequence[float] | Mapping[str, Sequence[float]] | None, dims: list[str],
                        K: int) -> dict[str, np.ndarray]:
    """The thresholds of each dimension (default: evenly spaced in [-1.5, 1.5]), centred to sum to zero."""
    if thresholds is None:
        thresholds = np.linspace(-1.5, 1.5, K - 1) if K > 2 else np.zeros(1)
    if isinstance(thresholds, Mapping):
        taus = {d: np.asarray(thresholds[d], float) for d in dims}
    else:
        taus = {d: np.asarray(thresholds, float) for d in dims}
    for d in dims:
        if len(taus[d]) != K - 1:
            raise ValueError(f"thresholds for {d!r}: need {K - 1} values, got {len(taus[d])}")
        taus[d] = taus[d] - taus[d].mean()
    return taus
