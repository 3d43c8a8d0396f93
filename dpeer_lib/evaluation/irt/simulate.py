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
             nested: bool = False, thresholds_by: str = "dimension",
             seed: int = 0) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Draw a many-facet rating table with known parameters.

    Columns: ``system, dimension, item, judge, score`` (score 1..n_categories). Every (system, item)
    response is rated on every dimension by each judge j with probability ``judge_assignment[s, j]``
    (default: all judges; at least one judge always rates). ``nested=True``: ``n_items`` items per
    dimension, each rated on its own dimension only (items sum to zero within a dimension). ``thresholds``
    may be a dict dimension -> thresholds (partial credit), or judge (``j0``, ...) -> thresholds with
    ``thresholds_by="judge"``. Returns ``(df, truth)``; truth holds the generating parameters under the
    engine's identification (items, judges, thresholds and the judge × dimension bias centred), keyed by
    facet name: ``system:dimension``, ``item``, ``judge``, ``judge:dimension``, ``threshold`` (or
    ``threshold[<dim or judge>]`` per group).
    """
    rng = np.random.default_rng(seed)
    systems = list(systems) if systems is not None else [f"s{i}" for i in range(n_systems)]
    dims = list(dims) if dims is not None else (["A", "T", "E", "C"][:n_dims] if n_dims <= 4
                                                  else [f"d{i}" for i in range(n_dims)])
    S, Dn, J = len(systems), len(dims), n_judges
    I = n_items * Dn if nested else n_items
    item_dim = np.arange(I) // n_items if nested else None
    th = np.asarray(theta, float).reshape(S, Dn) if theta is not None else rng.normal(0, theta_sd, (S, Dn))
    delta = rng.normal(0, item_sd, I)
    if nested:
        delta -= pd.Series(delta).groupby(item_dim).transform("mean").to_numpy()
    else:
        delta -= delta.mean()
    gamma = np.asarray(judge_severity, float) if judge_severity is not None else rng.normal(0, judge_sd, J)
    gamma = gamma - gamma.mean()
    jd = rng.normal(0, judge_dim_sd, (J, Dn)) if judge_dim_sd > 0 else np.zeros((J, Dn))
    jd = jd - jd.mean(0, keepdims=True)
    jd = jd - jd.mean(1, keepdims=True)
    K = n_categories
    judges = [f"j{k}" for k in range(J)]
    by_judge = thresholds_by == "judge"
    taus = _centred_thresholds(thresholds, judges if by_judge else dims, K)
    s_all, i_all, j_all, d_all = _rated_cells(rng, judge_assignment, S, I, J, Dn, item_dim)
    eta = th[s_all, d_all] - delta[i_all] - gamma[j_all] - jd[j_all, d_all]
    tau_mat = np.stack([taus[g] for g in (judges if by_judge else dims)])  # groups x K-1
    cum = np.concatenate([np.zeros((len(tau_mat), 1)), np.cumsum(tau_mat, 1)], 1)
    ln = np.arange(K)[None, :] * eta[:, None] - cum[j_all if by_judge else d_all]
    p = np.exp(ln - ssp.logsumexp(ln, axis=1, keepdims=True))
    u = rng.random(len(eta))
    x = (u[:, None] > np.cumsum(p, 1)[:, :-1]).sum(1)
    items = [f"i{k:04d}" for k in range(I)]
    df = pd.DataFrame({
        "system": np.asarray(systems, dtype=object)[s_all],
        "dimension": np.asarray(dims, dtype=object)[d_all],
        "item": np.array(items, dtype=object)[i_all],
        "judge": np.array(judges, dtype=object)[j_all],
        "score": x + 1,
    })
    truth: dict[str, pd.Series] = {
        "system:dimension": pd.Series(th.ravel(), index=[f"{s}{SEP}{d}" for s in systems for d in dims]),
        "item": pd.Series(delta, index=items),
        "judge": pd.Series(gamma, index=judges),
        "judge:dimension": pd.Series(jd.ravel(), index=[f"j{j}{SEP}{d}" for j in range(J) for d in dims]),
    }
    labels = [str(k) for k in range(2, K + 1)]
    if isinstance(thresholds, Mapping):
        for g in taus:
            truth[f"{THRESHOLD}[{g}]"] = pd.Series(taus[g], index=labels)
    else:
        truth[THRESHOLD] = pd.Series(taus[dims[0]] if not by_judge else taus[judges[0]], index=labels)
    return df, truth


def _rated_cells(rng: np.random.Generator, judge_assignment: np.ndarray | None, S: int, I: int, J: int, Dn: int,
                 item_dim: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """System, item, judge and dimension of every rating (each rated item on all dimensions, or its own)."""
    A = np.ones((S, J)) if judge_assignment is None else np.asarray(judge_assignment, float)
    if A.shape != (S, J):
        raise ValueError(f"judge_assignment must have shape ({S}, {J}), got {A.shape}")
    rated = rng.random((S, I, J)) < A[:, None, :]
    none = ~rated.any(2)
    if none.any():
        s_idx, i_idx = np.nonzero(none)
        rated[s_idx, i_idx, A[s_idx].argmax(1)] = True
    s_i, i_i, j_i = np.nonzero(rated)
    if item_dim is not None:
        return s_i, i_i, j_i, item_dim[i_i]
    n = len(s_i)
    return np.repeat(s_i, Dn), np.repeat(i_i, Dn), np.repeat(j_i, Dn), np.tile(np.arange(Dn), n)


def _centred_thresholds(thresholds: Sequence[float] | Mapping[str, Sequence[float]] | None, dims: list[str],
                        K: int) -> dict[str, np.ndarray]:
    """The thresholds of each group (dimension or judge; default: evenly spaced in [-1.5, 1.5]), centred."""
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
