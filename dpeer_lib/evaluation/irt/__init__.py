"""Many-facet Rasch calibration of ratings (DESIGN §5): long rating table in, calibrated facets out.

Model (adjacent-category logits; rating scale, optionally partial credit)::

    log P(X_n = k) / P(X_n = k-1) = sum_f s_f * b_f[level_f(n)] - tau_{g(n), k}

The first facet (or the one named ``ability``) enters with s = +1 and has free levels (θ); every other
facet enters with s = -1 (difficulty, severity) and sums to zero. Thresholds τ sum to zero within their
group (one group = rating scale; ``thresholds_by=COL`` = partial credit, one scale per value of COL; a
group whose ratings use two categories is a dichotomous item). An interaction that contains a column of
the ability facet is merged into it (``system`` × ``dimension`` gives θ_{s,d}); any other interaction is
a bias term (e.g. judge × dimension) centred to sum to zero over each of its columns.

Estimation is joint maximum likelihood in float64 by Newton's method with exact gradients and the exact
(observed = expected, the model being a canonical exponential family) information matrix. The largest
facet's block of the information is diagonal, so it is eliminated by a Schur complement; the rest, with the
identification constraints as a KKT system, is dense and small. Standard errors come from the same
factorisation (exact constrained covariance; no dense P x P Hessian is formed). Elements with an extreme
score (all ratings in the bottom or top category) or with fewer than ``min_ratings`` ratings are left out
of the joint fit and estimated afterwards with every other parameter held fixed (extreme scores adjusted
by ``extreme_adjustment`` score points, as Facets/Winsteps do); they are flagged, never NaN.

``fit_cumulative_logit`` is the cross-check with statsmodels' ``OrderedModel`` (cumulative logit), and
``simulate`` draws many-facet data with known parameters.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import linalg as sla
from scipy import optimize as sopt
from scipy import special as ssp

SEP = ":"  # joins the columns of a combined facet, and the levels of its elements
THRESHOLD = "threshold"
_FLAG_OK = "ok"


class IRTInputError(ValueError):
    """A rating table that cannot be fitted (the message names the source, row, field and reason)."""


class IRTWarning(UserWarning):
    """Something in the rating table was dropped, collapsed or flagged."""


# ============================================================================ model specification
@dataclass
class _Term:
    name: str
    columns: tuple[str, ...]
    sign: float
    kind: str  # "ability" | "facet" | "interaction"
    levels: list[str] = field(default_factory=list)
    comp: list[tuple[str, ...]] = field(default_factory=list)  # component levels per element
    idx: np.ndarray | None = None  # (N,) element index of every rating

    @property
    def size(self) -> int:
        return len(self.levels)


def _split(name: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in str(name).split(SEP) if c.strip())


def _build_terms(facets: Sequence[str], ability: str | None,
                 interactions: Iterable[Sequence[str] | str]) -> list[_Term]:
    facets = [f for f in facets]
    if not facets:
        raise IRTInputError("at least one facet is needed (the first one is the ability facet)")
    ab = _split(ability) if ability else _split(facets[0])
    cols_f = [_split(f) for f in facets]
    if ab not in cols_f:
        cols_f.insert(0, ab)
    ab_cols = list(ab)
    bias: list[tuple[str, ...]] = []
    for inter in interactions or ():
        cols = _split(inter.replace(",", SEP)) if isinstance(inter, str) else tuple(inter)
        if len(cols) < 2:
            raise IRTInputError(f"interaction {inter!r}: needs two or more columns, e.g. 'judge,dimension'")
        if any(c in ab for c in cols):  # contains a column of the ability facet as named: merge
            ab_cols += [c for c in cols if c not in ab_cols]
        else:
            bias.append(cols)
    terms = [_Term(SEP.join(ab_cols), tuple(ab_cols), +1.0, "ability")]
    for cols in cols_f:
        if cols == ab:
            continue
        if set(cols) <= set(ab_cols):
            raise IRTInputError(
                f"facet {SEP.join(cols)!r} is nested in the ability facet {SEP.join(ab_cols)!r} and cannot be "
                "identified next to it; drop it (the ability facet already carries its effect)")
        terms.append(_Term(SEP.join(cols), cols, -1.0, "facet"))
    for cols in bias:
        terms.append(_Term(SEP.join(cols), cols, -1.0, "interaction"))
    names = [t.name for t in terms]
    if len(set(names)) != len(names):
        raise IRTInputError(f"facets must be distinct, got {names}")
    return terms


def _sort_levels(s: pd.Series) -> list:
    """Levels in a stable order: a categorical's own order, numbers numerically, else alphabetically."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        present = set(pd.unique(s.dropna()))
        return [c for c in s.cat.categories if c in present]
    vals = pd.unique(s.dropna())
    try:
        return sorted(vals, key=lambda v: (0, float(v), "") if _isnum(v) else (1, 0.0, str(v)))
    except TypeError:  # pragma: no cover - mixed exotic types
        return sorted(vals, key=str)


def _isnum(v: Any) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def _label(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ============================================================================ simulation
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


# ============================================================================ data preparation
@dataclass
class _Data:
    terms: list[_Term]
    x_raw: np.ndarray  # (N,) float scores
    group: np.ndarray  # (N,) threshold group
    group_names: list[str]
    rows: np.ndarray  # original DataFrame index labels
    n_input: int


def _prepare(df: pd.DataFrame, score: str, terms: list[_Term], thresholds_by: str | None,
             source: str, warn: list[str]) -> _Data:
    if not isinstance(df, pd.DataFrame):
        raise IRTInputError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}")
    cols = [score] + sorted({c for t in terms for c in t.columns} | ({thresholds_by} if thresholds_by else set()))
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise IRTInputError(f"{source}: missing column(s) {missing}; the table has {list(df.columns)}")
    n_input = len(df)
    if n_input == 0:
        raise IRTInputError(f"{source}: the rating table is empty")
    raw = df[score]
    num = pd.to_numeric(raw, errors="coerce")
    blank = raw.astype(str).str.strip().str.lower().isin(["", "nan", "na", "none", "<na>"])
    bad = num.isna() & raw.notna() & ~blank
    if bad.any():
        i = bad[bad].index[:5]
        vals = [raw.loc[k] for k in i]
        raise IRTInputError(f"{source}: row(s) {list(i)}: field {score!r}: not a number ({vals!r}); "
                            "scores must be numeric categories (missing ones may be empty or NaN)")
    num = num.astype(float)
    inf = np.isinf(num.to_numpy())
    if inf.any():
        i = list(num.index[inf][:5])
        raise IRTInputError(f"{source}: row(s) {i}: field {score!r}: infinite score")
    keep = num.notna().to_numpy().copy()
    if (~keep).any():
        i = list(df.index[~keep][:10])
        msg = (f"{source}: {int((~keep).sum())} of {n_input} rating(s) have a missing (NaN) {score!r} and are "
               f"dropped (rows {i}{' ...' if (~keep).sum() > 10 else ''})")
        warn.append(msg)
        warnings.warn(msg, IRTWarning, stacklevel=3)
    for c in cols[1:]:
        na = df[c].isna().to_numpy() & keep
        if na.any():
            i = list(df.index[na][:10])
            msg = (f"{source}: {int(na.sum())} rating(s) have no value in facet column {c!r} and are dropped "
                   f"(rows {i})")
            warn.append(msg)
            warnings.warn(msg, IRTWarning, stacklevel=3)
            keep &= ~na
    if not keep.any():
        raise IRTInputError(f"{source}: no rating has both a score and every facet value")
    d = df.loc[keep, cols]
    x = num[keep].to_numpy(float)
    for t in terms:
        codes = []
        comps = []
        for c in t.columns:
            lv = _sort_levels(d[c])
            codes.append(pd.Categorical(d[c], categories=lv).codes.astype(np.int64))
            comps.append([_label(v) for v in lv])
        if len(codes) == 1:
            used = np.unique(codes[0])
            remap = np.full(len(comps[0]), -1)
            remap[used] = np.arange(len(used))
            t.idx = remap[codes[0]]
            t.comp = [(comps[0][u],) for u in used]
        else:
            key = np.zeros(len(x), np.int64)
            for cd, cp in zip(codes, comps):
                key = key * len(cp) + cd
            used, inv = np.unique(key, return_inverse=True)
            t.idx = inv.astype(np.int64)
            t.comp = []
            for u in used:
                parts = []
                for cp in reversed(comps):
                    parts.append(cp[u % len(cp)])
                    u //= len(cp)
                t.comp.append(tuple(reversed(parts)))
        t.levels = [SEP.join(c) for c in t.comp]
    if thresholds_by:
        lv = _sort_levels(d[thresholds_by])
        group = pd.Categorical(d[thresholds_by], categories=lv).codes.astype(np.int64)
        gnames = [_label(v) for v in lv]
    else:
        group = np.zeros(len(x), np.int64)
        gnames = ["all"]
    return _Data(terms, x, group, gnames, d.index.to_numpy(), n_input)


def _category_map(x_raw: np.ndarray, group: np.ndarray, n_groups: int, active: np.ndarray,
                  categories: Sequence[float] | None) -> tuple[list[np.ndarray], np.ndarray]:
    """Observed categories per group (on active ratings) and each rating's category position."""
    cats: list[np.ndarray] = []
    pos = np.full(len(x_raw), -1, np.int64)
    for g in range(n_groups):
        m = group == g
        c = np.unique(x_raw[m & active]) if (m & active).any() else np.unique(x_raw[m])
        cats.append(c)
        pos[m] = np.clip(np.searchsorted(c, x_raw[m]), 0, max(len(c) - 1, 0))
        # a score below/above the kept categories maps to the nearest one (used only for post-hoc elements)
    return cats, pos


def _full_scale(x: np.ndarray, categories: Sequence[float] | None) -> np.ndarray | None:
    if categories is not None:
        return np.asarray(sorted(float(c) for c in categories))
    if np.all(np.mod(x, 1) == 0):
        return np.arange(x.min(), x.max() + 1)
    return None


# ============================================================================ fit result
@dataclass
class RaschFit:
    """A fitted many-facet Rasch model. ``estimates`` is the table written to ``estimates.csv``."""

    estimates: pd.DataFrame
    loglik: float
    n_obs: int
    n_params: int
    converged: bool
    n_iter: int
    facet_stats: dict[str, dict[str, float]]
    model: dict[str, Any]
    warnings: list[str]
    dropped: dict[str, Any]
    seconds: float
    link: str = "adjacent"
    global_fit: dict[str, float] = field(default_factory=dict)
    _cov_fn: Any = field(default=None, repr=False)
    _gidx: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ views
    def facet(self, name: str) -> pd.DataFrame:
        """Rows of one facet, indexed by element."""
        return self.estimates[self.estimates["facet"] == name].set_index("element")

    @property
    def ability_facet(self) -> str:
        return self.model["ability"]

    def theta(self) -> pd.DataFrame:
        """The ability facet with one column per component (e.g. system, dimension)."""
        t = self.facet(self.ability_facet).reset_index()
        cols = self.model["terms"][0]["columns"]
        parts = t["element"].str.split(SEP, expand=True, regex=False) if len(cols) > 1 else t[["element"]]
        for i, c in enumerate(cols):
            t.insert(i, c, parts.iloc[:, i].to_numpy() if len(cols) > 1 else t["element"].to_numpy())
        return t

    def cov(self, facet_a: str, element_a: str, facet_b: str, element_b: str) -> float:
        """Covariance of two estimates (0 for post-hoc elements, which are fitted with the rest fixed)."""
        ia = self._gidx.get((facet_a, element_a))
        ib = self._gidx.get((facet_b, element_b))
        if ia is None or ib is None or self._cov_fn is None:
            if (facet_a, element_a) == (facet_b, element_b):
                return float(self.facet(facet_a).loc[element_a, "se"] ** 2)
            return 0.0
        return float(self._cov_fn(ia, ib))

    def summary(self, max_rows: int = 40) -> str:
        lines = [f"link: {self.link}  loglik: {self.loglik:.4f}  n_obs: {self.n_obs}  n_params: {self.n_params}"
                 f"  converged: {self.converged} ({self.n_iter} iterations, {self.seconds:.2f} s)"]
        for name, st in self.facet_stats.items():
            lines.append(f"  {name}: {st['n']} elements, separation {st['separation']:.2f}, "
                         f"reliability {st['reliability']:.3f}, strata {st['strata']:.2f}")
        main = self.facet(self.ability_facet).reset_index()
        show = ["element", "estimate", "se", "relative", "se_relative", "infit", "outfit", "n", "flag"]
        fmt = lambda v: f"{v:.4f}"  # noqa: E731
        lines.append(f"[{self.ability_facet}] (ability, +)")
        lines.append(main[show].head(max_rows).to_string(index=False, float_format=fmt))
        for name in self.estimates["facet"].unique():
            sub = self.facet(name).reset_index()
            if name == self.ability_facet or len(sub) > 15:
                continue
            lines.append(f"[{name}]" + ("" if name.startswith(THRESHOLD) else " (-)"))
            lines.append(sub[["element", "estimate", "se", "infit", "outfit", "n", "flag"]]
                         .to_string(index=False, float_format=fmt))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "link": self.link,
            "loglik": self.loglik,
            "deviance": -2 * self.loglik,
            "n_obs": self.n_obs,
            "n_params": self.n_params,
            "aic": -2 * self.loglik + 2 * self.n_params,
            "bic": -2 * self.loglik + math.log(max(self.n_obs, 1)) * self.n_params,
            "converged": self.converged,
            "n_iter": self.n_iter,
            "seconds": self.seconds,
            "global_fit": self.global_fit,
            "facets": self.facet_stats,
            "model": self.model,
            "dropped": self.dropped,
            "warnings": self.warnings,
        }

    def write(self, out_dir: str | Path) -> tuple[Path, Path]:
        """Write ``estimates.csv`` and ``fit.json`` into ``out_dir``."""
        return write_outputs(self, out_dir)


def write_outputs(fit: "RaschFit | CumulativeFit", out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``estimates.csv`` and ``fit.json`` (DESIGN §9); no NaN in either.

    ``estimates.csv``, one row per facet element:

    - ``facet``, ``element``: e.g. ``system:dimension`` / ``sft:T``; thresholds are facet ``threshold``
      (``threshold[<group>]`` for partial credit), element = the category the step leads into;
    - ``estimate``, ``se``: logits under the identification (ability free, others sum to zero);
    - ``relative``, ``se_relative``, ``reference``: the difference to the reference element (same other
      components) and its SE from the joint covariance; equal to estimate/se when no reference applies;
    - ``infit``, ``outfit`` (mean-squares, expected 1) and their Wilson-Hilferty ``infit_z``, ``outfit_z``;
      for thresholds: the fit of the ratings observed in that category;
    - ``n`` ratings, ``observed_mean`` and ``expected_mean`` raw scores;
    - ``flag``: ``ok`` or ``;``-joined ``reference``, ``extreme_max``/``extreme_min``, ``single_rating``,
      ``few_ratings``, ``constant``, ``misfit`` (a mean-square > 1.5), ``overfit`` (infit < 0.5),
      ``not_identified``, ``subset_<k>``, ``fixed_by_constraint`` (a one-element facet, 0 by the constraint);
      thresholds: ``disordered`` (below the threshold before it: the category is never the most probable).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    est = fit.estimates.copy()
    num = est.select_dtypes("number").columns
    if est[num].isna().any().any() or not np.isfinite(est[num].to_numpy(float)).all():
        raise RuntimeError("internal error: NaN or inf in the estimates table")  # never expected
    p1 = out / "estimates.csv"
    est.to_csv(p1, index=False, float_format="%.6g")
    p2 = out / "fit.json"
    p2.write_text(json.dumps(_jsonable(fit.to_dict()), indent=2, allow_nan=False))
    return p1, p2


def _jsonable(o: Any) -> Any:
    if isinstance(o, dict):
        return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (float, np.floating)):
        v = float(o)
        return v if math.isfinite(v) else None
    if isinstance(o, np.ndarray):
        return _jsonable(o.tolist())
    if isinstance(o, np.bool_):
        return bool(o)
    return o


# ============================================================================ the engine
class _Engine:
    """Newton/KKT solver for the adjacent-category many-facet model on prepared integer data."""

    def __init__(self, terms: list[_Term], idx: list[np.ndarray], x: np.ndarray, group: np.ndarray,
                 K: np.ndarray, eliminate: str | bool = "auto"):
        self.terms = terms
        self.x = x
        self.group = group
        self.G = len(K)
        self.K = K
        self.Kmax = int(K.max())
        self.N = len(x)
        sizes = [t.size for t in terms]
        order = list(range(len(terms)))
        big = None
        if eliminate is True or (eliminate == "auto" and max(sizes) > 60):
            big = int(np.argmax(sizes))
        elif isinstance(eliminate, str) and eliminate not in ("auto",):
            big = [t.name for t in terms].index(eliminate)
        if big is not None:
            order = [big] + [i for i in order if i != big]
        self.big = big
        self.P_b = sizes[big] if big is not None else 0
        # slots: (component, offset, size, index array, coefficient)
        self.slots: list[tuple[int, int, int, np.ndarray, float]] = []
        self.offset: dict[int, int] = {}
        off = 0
        for i in order:
            self.offset[i] = off
            self.slots.append((0, off, sizes[i], idx[i], terms[i].sign))
            off += sizes[i]
        self.tau_off = off
        for j in range(1, self.Kmax):
            self.slots.append((j, off, self.G, group, 1.0))
            off += self.G
        self.P = off
        self.P_r = self.P - self.P_b
        self._build_constraints(idx)
        q = self.P_r + self.C.shape[1]
        if q > 6000:
            raise IRTInputError(
                f"{self.P_r} parameters outside the largest facet: too many for the dense Schur system; "
                "merge or drop a large facet")
        self.kvec = np.arange(self.Kmax, dtype=float)

    # -------------------------------------------------------------- constraints
    def _build_constraints(self, idx: list[np.ndarray]) -> None:
        cols: list[np.ndarray] = []
        for i, t in enumerate(self.terms):
            off = self.offset[i]
            if t.kind == "facet":
                c = np.zeros(self.P)
                c[off:off + t.size] = 1.0
                cols.append(c)
            elif t.kind == "interaction":
                comp = np.array(t.comp, dtype=object)
                for a in range(len(t.columns)):
                    others = [b for b in range(len(t.columns)) if b != a]
                    keys = [tuple(row[others]) for row in comp]
                    for kk in dict.fromkeys(keys):
                        c = np.zeros(self.P)
                        members = [e for e, key in enumerate(keys) if key == kk]
                        c[off + np.array(members)] = 1.0
                        cols.append(c)
        for g in range(self.G):
            c = np.zeros(self.P)
            for j in range(1, self.K[g]):
                c[self.tau_off + (j - 1) * self.G + g] = 1.0
            if self.K[g] > 1:
                cols.append(c)
            for j in range(max(self.K[g], 1), self.Kmax):  # categories the group does not have: fixed at 0
                e = np.zeros(self.P)
                e[self.tau_off + (j - 1) * self.G + g] = 1.0
                cols.append(e)
        if not cols:
            self.C = np.zeros((self.P, 0))
            return
        C = np.stack(cols, 1)
        # keep an orthonormal basis of the constraint space (drops redundant margins)
        Q, R, _ = sla.qr(C, mode="economic", pivoting=True)
        d = np.abs(np.diag(R))
        rank = int((d > 1e-9 * max(d.max(), 1.0)).sum())
        self.C = Q[:, :rank]

    # -------------------------------------------------------------- likelihood pieces
    def eta(self, beta: np.ndarray) -> np.ndarray:
        e = np.zeros(self.N)
        for comp, off, L, ix, coef in self.slots:
            if comp == 0:
                e += coef * beta[off + ix]
        return e

    def logp(self, beta: np.ndarray) -> np.ndarray:
        """(N, Kmax) log category probabilities (-inf for categories a group does not have)."""
        tau = beta[self.tau_off:].reshape(self.Kmax - 1, self.G).T if self.Kmax > 1 else np.zeros((self.G, 0))
        cum = np.concatenate([np.zeros((self.G, 1)), np.cumsum(tau, 1)], 1)
        cum[np.arange(self.Kmax)[None, :] >= self.K[:, None]] = np.inf
        ln = np.multiply.outer(self.eta(beta), self.kvec)
        ln -= cum[0] if self.G == 1 else cum[self.group]
        return _log_normalise(ln)

    def loglik(self, beta: np.ndarray) -> tuple[float, np.ndarray]:
        lp = self.logp(beta)
        return float(np.take_along_axis(lp, self.x[:, None], 1).sum()), lp

    def moments(self, lp: np.ndarray) -> dict[str, np.ndarray]:
        P = np.exp(lp)
        E = P @ self.kvec
        Gfull = np.cumsum(P[:, ::-1], 1)[:, ::-1]  # P(X >= j)
        XG = np.cumsum((P * self.kvec)[:, ::-1], 1)[:, ::-1]  # E[X 1(X >= j)]
        return {"P": P, "E": E, "G": Gfull, "XG": XG, "EX2": P @ (self.kvec ** 2)}

    def _V(self, m: dict, a: int, b: int) -> np.ndarray:
        """Covariance of sufficient statistics t_0 = X, t_j = -1(X >= j)."""
        if a > b:
            a, b = b, a
        if a == 0 and b == 0:
            return m["EX2"] - m["E"] ** 2
        if a == 0:
            return -(m["XG"][:, b] - m["E"] * m["G"][:, b])
        return m["G"][:, max(a, b)] - m["G"][:, a] * m["G"][:, b]

    def _resid(self, m: dict, a: int) -> np.ndarray:
        if a == 0:
            return self.x - m["E"]
        return -((self.x >= a).astype(float) - m["G"][:, a])

    def grad_info(self, beta: np.ndarray, need_info: bool = True, lp: np.ndarray | None = None):
        if lp is None:
            lp = self.logp(beta)
        ll = float(np.take_along_axis(lp, self.x[:, None], 1).sum())
        m = self.moments(lp)
        g = np.zeros(self.P)
        res = {a: self._resid(m, a) for a in range(self.Kmax)}
        for comp, off, L, ix, coef in self.slots:
            g[off:off + L] += np.bincount(ix, coef * res[comp], minlength=L)
        if not need_info:
            return ll, g, m, None
        Pb, Pr = self.P_b, self.P_r
        Dg = np.zeros(Pb)
        B = np.zeros((Pb, Pr))
        Hr = np.zeros((Pr, Pr))
        Vc: dict[tuple[int, int], np.ndarray] = {}

        def V(a, b):
            k = (min(a, b), max(a, b))
            if k not in Vc:
                Vc[k] = self._V(m, *k)
            return Vc[k]

        ns = len(self.slots)
        for sa in range(ns):
            ca, oa, La, ia, wa = self.slots[sa]
            for sb in range(sa, ns):
                cb, ob, Lb, ib, wb = self.slots[sb]
                w = wa * wb * V(ca, cb)
                if sa == sb:
                    dg = np.bincount(ia, w, minlength=La)
                    if oa < Pb:
                        Dg += dg
                    else:
                        r = np.arange(oa - Pb, oa - Pb + La)
                        Hr[r, r] += dg
                    continue
                blk = np.bincount(ia * Lb + ib, w, minlength=La * Lb).reshape(La, Lb)
                if oa < Pb:  # the eliminated facet is always the first slot
                    B[:, ob - Pb:ob - Pb + Lb] += blk
                else:
                    Hr[oa - Pb:oa - Pb + La, ob - Pb:ob - Pb + Lb] += blk
                    Hr[ob - Pb:ob - Pb + Lb, oa - Pb:oa - Pb + La] += blk.T
        return ll, g, m, (Dg, B, Hr)

    # -------------------------------------------------------------- KKT with Schur complement
    def factor(self, info) -> dict[str, np.ndarray]:
        Dg, B, Hr = info
        Pb, Pr = self.P_b, self.P_r
        C = self.C
        Cb, Cr = C[:Pb], C[Pb:]
        m = C.shape[1]
        scale = max(float(Dg.max()) if Pb else 0.0, float(np.abs(np.diag(Hr)).max()) if Pr else 0.0, 1.0)
        D = Dg + 1e-12 * scale
        E = np.concatenate([B, Cb], 1)  # Pb x (Pr + m)
        F = np.zeros((Pr + m, Pr + m))
        F[:Pr, :Pr] = Hr + 1e-12 * scale * np.eye(Pr)
        F[:Pr, Pr:] = Cr
        F[Pr:, :Pr] = Cr.T
        U = E / D[:, None] if Pb else np.zeros((0, Pr + m))
        M = F - E.T @ U
        return {"D": D, "E": E, "U": U, "M": M}

    def solve(self, fac: dict, g: np.ndarray) -> np.ndarray:
        Pb, Pr = self.P_b, self.P_r
        gb, gr = g[:Pb], g[Pb:]
        rhs = np.concatenate([gr, np.zeros(self.C.shape[1])]) - fac["U"].T @ gb
        z = _sym_solve(fac["M"], rhs)
        sb = (gb - fac["E"] @ z) / fac["D"]
        return np.concatenate([sb, z[:Pr]])

    def run(self, max_iter: int, tol: float) -> tuple[np.ndarray, bool, int, float]:
        beta = np.zeros(self.P)
        converged = False
        ll = -np.inf
        it = 0
        lp = None
        for it in range(1, max_iter + 1):
            ll, g, _, info = self.grad_info(beta, lp=lp)
            step = self.solve(self.factor(info), g)
            big = np.abs(step).max()
            if big > 4.0:  # damp very long first steps
                step *= 4.0 / big
            a = 1.0
            for _ in range(40):
                new = beta + a * step
                ll_new, lp = self.loglik(new)
                if ll_new >= ll - 1e-10 * (abs(ll) + 1):
                    break
                a *= 0.5
            beta = new
            if a * np.abs(step).max() < tol or (a == 1.0 and abs(ll_new - ll) < 1e-13 * (abs(ll) + 1)):
                converged = True
                ll = ll_new
                break
            ll = ll_new
        return beta, converged, it, ll

    def covariance(self, fac: dict):
        """Return a function (i, j) -> Cov(beta_i, beta_j) and the vector of variances."""
        Pb, Pr = self.P_b, self.P_r
        Minv = _sym_inv(fac["M"])
        U, D = fac["U"], fac["D"]
        UM = U @ Minv if Pb else np.zeros((0, Minv.shape[0]))
        var = np.empty(self.P)
        if Pb:
            var[:Pb] = 1.0 / D + np.einsum("ij,ij->i", UM, U)
        var[Pb:] = np.diag(Minv)[:Pr]

        def cov(i: int, j: int) -> float:
            if i >= Pb and j >= Pb:
                return Minv[i - Pb, j - Pb]
            if i < Pb and j < Pb:
                return (1.0 / D[i] if i == j else 0.0) + UM[i] @ U[j]
            if i < Pb:
                return -UM[i, j - Pb]
            return -UM[j, i - Pb]

        return cov, np.maximum(var, 0.0)


def _log_normalise(ln: np.ndarray) -> np.ndarray:
    """Row-wise ln - logsumexp(ln), in place (rows have at least one finite entry)."""
    mx = ln.max(1, keepdims=True)
    ln -= mx
    s = np.exp(ln).sum(1, keepdims=True)
    ln -= np.log(s)
    return ln


def _subsets(terms: list[_Term], idx: list[np.ndarray]) -> tuple[int, list[np.ndarray]]:
    """Connected subsets of the design (elements linked by sharing a rating), largest first."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    offs = np.cumsum([0] + [t.size for t in terms])
    n = int(offs[-1])
    rows = np.concatenate([idx[0] + offs[0]] * (len(terms) - 1)) if len(terms) > 1 else np.zeros(0, np.int64)
    cols = np.concatenate([idx[k] + offs[k] for k in range(1, len(terms))]) if len(terms) > 1 else np.zeros(0, np.int64)
    g = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    k, lab = connected_components(g, directed=False)
    # the ability facet alone (no other facet) is one subset per element; treat as connected
    if len(terms) == 1:
        return 1, [np.zeros(terms[0].size, np.int64)]
    order = np.argsort(-np.bincount(lab, minlength=k))
    rank = np.empty(k, np.int64)
    rank[order] = np.arange(k)
    lab = rank[lab]
    return int(k), [lab[offs[i]:offs[i + 1]] for i in range(len(terms))]


def _sym_solve(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return sla.solve(M, b, assume_a="sym", check_finite=False)
    except (sla.LinAlgError, ValueError):
        return np.linalg.lstsq(M, b, rcond=None)[0]


def _sym_inv(M: np.ndarray) -> np.ndarray:
    try:
        return sla.inv(M, check_finite=False)
    except (sla.LinAlgError, ValueError):
        return np.linalg.pinv(M)


# ============================================================================ fit statistics
def _element_fit(x: np.ndarray, E: np.ndarray, W: np.ndarray, C4: np.ndarray, idx: np.ndarray,
                 L: int) -> dict[str, np.ndarray]:
    """Infit/outfit mean-squares (and Wilson-Hilferty z) per element from residuals."""
    W = np.maximum(W, 1e-12)
    r2 = (x - E) ** 2
    n = np.bincount(idx, minlength=L).astype(float)
    sW = np.bincount(idx, W, minlength=L)
    infit = np.bincount(idx, r2, minlength=L) / np.maximum(sW, 1e-12)
    outfit = np.bincount(idx, r2 / W, minlength=L) / np.maximum(n, 1)
    q_in = np.sqrt(np.maximum(np.bincount(idx, C4 - W ** 2, minlength=L), 0) / np.maximum(sW, 1e-12) ** 2)
    q_out = np.sqrt(np.maximum(np.bincount(idx, C4 / W ** 2, minlength=L) / np.maximum(n, 1) ** 2
                               - 1 / np.maximum(n, 1), 0))
    return {"infit": infit, "outfit": outfit, "infit_z": _wh(infit, q_in), "outfit_z": _wh(outfit, q_out),
            "n": n, "obs": np.bincount(idx, x, minlength=L) / np.maximum(n, 1),
            "exp": np.bincount(idx, E, minlength=L) / np.maximum(n, 1)}


def _wh(ms: np.ndarray, q: np.ndarray) -> np.ndarray:
    q = np.maximum(q, 1e-6)
    z = (np.cbrt(ms) - 1) * (3 / q) + q / 3
    return np.clip(z, -99, 99)


def _separation(est: np.ndarray, se: np.ndarray) -> dict[str, float]:
    n = len(est)
    if n == 0:
        return {"n": 0, "mean": 0.0, "sd": 0.0, "rmse": 0.0, "true_sd": 0.0, "separation": 0.0,
                "reliability": 0.0, "strata": 1 / 3}
    sd2 = float(np.var(est)) if n > 1 else 0.0
    mse = float(np.mean(se ** 2))
    true = max(sd2 - mse, 0.0)
    sep = math.sqrt(true / mse) if mse > 0 else 0.0
    rel = true / sd2 if sd2 > 0 else 0.0
    return {"n": n, "mean": float(np.mean(est)), "sd": math.sqrt(sd2), "rmse": math.sqrt(mse),
            "true_sd": math.sqrt(true), "separation": sep, "reliability": rel, "strata": (4 * sep + 1) / 3}


# ============================================================================ public fit
def _parse_reference(reference: Any) -> dict[str, str]:
    if reference is None:
        return {}
    if isinstance(reference, Mapping):
        return {str(k): str(v) for k, v in reference.items()}
    if isinstance(reference, str):
        reference = [reference]
    out = {}
    for r in reference:
        if "=" not in str(r):
            raise IRTInputError(f"reference level {r!r}: expected FACET=LEVEL, e.g. system=sft")
        k, v = str(r).split("=", 1)
        out[k.strip()] = v.strip()
    return out


def fit(df: pd.DataFrame, score: str, facets: Sequence[str], *, ability: str | None = None,
        interactions: Iterable[Sequence[str] | str] = (), thresholds_by: str | None = None,
        reference: Mapping[str, str] | Sequence[str] | str | None = None,
        categories: Sequence[float] | None = None, min_ratings: int = 2, extreme_adjustment: float = 0.3,
        max_iter: int = 100, tol: float = 1e-8, eliminate: str | bool = "auto",
        source: str = "<ratings>") -> RaschFit:
    """Fit the many-facet Rasch model (adjacent-category logits) to a long rating table.

    ``facets``: column names (``"a:b"`` combines columns into one facet); the first (or ``ability``) is
    the positive, free facet. ``interactions``: e.g. ``[("system", "dimension"), ("judge", "dimension")]``.
    ``thresholds_by``: a column for partial-credit thresholds. ``reference``: e.g. ``{"system": "sft"}``
    adds ``relative``/``se_relative`` (difference to the element with that level, same other components).
    ``categories``: the full score scale, to detect never-used categories (default: the integer range
    of the observed scores). Warnings (also kept in ``fit.warnings``) say what was dropped or flagged.
    """
    t0 = time.perf_counter()
    warn: list[str] = []

    def note(msg: str) -> None:
        warn.append(msg)
        warnings.warn(msg, IRTWarning, stacklevel=3)

    if min_ratings < 1:
        raise IRTInputError("min_ratings must be at least 1")
    terms = _build_terms(list(facets), ability, interactions)
    data = _prepare(df, score, terms, thresholds_by, source, warn)
    x_raw, group = data.x_raw, data.group
    G = len(data.group_names)
    N = len(x_raw)
    if not np.all(np.mod(x_raw, 1) == 0) and categories is None:
        note(f"{source}: field {score!r} has non-integer scores; each distinct value is treated as an "
             "ordered category")
    # ---- unused categories of the declared / integer scale
    if categories is not None:
        full = _full_scale(x_raw, categories)
        outside = ~np.isin(x_raw, full)
        if outside.any():
            i = list(data.rows[outside][:5])
            raise IRTInputError(f"{source}: row(s) {i}: field {score!r}: score outside the scale "
                                f"{[_label(v) for v in full]}")
    for g in range(G):
        xg = x_raw[group == g]
        full = _full_scale(xg, categories)  # declared scale, or the group's own integer range
        if full is not None:
            used = np.unique(xg)
            unused = [v for v in full if v not in used]
            if unused:
                gname = "" if G == 1 else f" in threshold group {data.group_names[g]!r}"
                note(f"{source}: score categor{'y' if len(unused) == 1 else 'ies'} "
                     f"{[_label(v) for v in unused]} never used{gname}; the model uses the observed "
                     f"categories {[_label(v) for v in used]} (a threshold into an unused category is not "
                     "estimable, so the categories on either side are treated as adjacent)")
    # ---- iterative exclusion of extreme and sparse elements
    active = np.ones(N, bool)
    posthoc: dict[tuple[int, int], str] = {}
    constant_groups: list[str] = []
    for _ in range(100):
        changed = False
        cats, pos = _category_map(x_raw, group, G, active, categories)
        Kg = np.array([len(c) for c in cats])
        for g in range(G):
            m = active & (group == g)
            if m.any() and len(np.unique(x_raw[m])) < 2:
                gname = data.group_names[g]
                if G == 1:
                    v = _label(x_raw[m][0])
                    raise IRTInputError(
                        f"{source}: field {score!r}: all {int(m.sum())} usable rating(s) have the same score {v}"
                        " (constant responses): there is nothing to calibrate")
                constant_groups.append(gname)
                note(f"{source}: threshold group {gname!r}: every usable rating has the same score; its "
                     f"{int(m.sum())} rating(s) are dropped")
                active &= ~(group == g)
                changed = True
        if changed:
            continue
        top = pos == (Kg[group] - 1)
        bot = pos == 0
        for ti, t in enumerate(terms):
            ix = t.idx
            n_act = np.bincount(ix[active], minlength=t.size)
            n_top = np.bincount(ix[active & top], minlength=t.size)
            n_bot = np.bincount(ix[active & bot], minlength=t.size)
            for e in np.nonzero(n_act > 0)[0]:
                reason = None
                if n_act[e] < min_ratings:
                    reason = "single_rating" if n_act[e] == 1 else "few_ratings"
                elif n_top[e] == n_act[e]:
                    reason = "extreme_max"
                elif n_bot[e] == n_act[e]:
                    reason = "extreme_min"
                if reason:
                    posthoc[(ti, int(e))] = reason
                    active &= ~(ix == e)
                    changed = True
        if not changed:
            break
    if not active.any() or len(np.unique(x_raw[active])) < 2:
        raise IRTInputError(f"{source}: after setting aside extreme and single-rating elements no rating "
                            "is left to calibrate (every element has an extreme score)")
    for (ti, e), reason in sorted(posthoc.items()):
        t = terms[ti]
        n_e = int((t.idx == e).sum())
        what = {"single_rating": "has a single rating", "few_ratings": f"has fewer than {min_ratings} ratings",
                "extreme_max": "has an extreme score (every rating in the top category)",
                "extreme_min": "has an extreme score (every rating in the bottom category)"}[reason]
        note(f"{source}: {t.name} {t.levels[e]!r} {what} ({n_e} rating(s)): left out of the joint fit and "
             f"estimated with the other facets held fixed (flag {reason})")
    cats, pos = _category_map(x_raw, group, G, active, categories)
    Kg = np.array([len(c) for c in cats])
    # ---- joint fit on the active ratings (elements re-indexed to those with active ratings)
    keep_el: list[np.ndarray] = []
    act_idx: list[np.ndarray] = []
    fit_terms: list[_Term] = []
    for t in terms:
        used = np.unique(t.idx[active])
        remap = np.full(t.size, -1)
        remap[used] = np.arange(len(used))
        keep_el.append(used)
        ai = remap[t.idx[active]]
        act_idx.append(ai)
        fit_terms.append(_Term(t.name, t.columns, t.sign, t.kind, [t.levels[u] for u in used],
                               [t.comp[u] for u in used], ai))
    xa = pos[active]
    ga = group[active]
    n_sub, sub_of = _subsets(fit_terms, act_idx)
    if n_sub > 1:
        sizes = np.bincount(sub_of[0][act_idx[0]], minlength=n_sub)
        examples = "; ".join(
            f"subset {k + 1}: {', '.join(fit_terms[0].levels[e] for e in np.nonzero(sub_of[0] == k)[0][:4])}"
            for k in range(min(n_sub, 4)))
        note(f"{source}: the design is disconnected into {n_sub} subsets (ratings per subset: {sizes.tolist()}): "
             "no rating links them, so their estimates are not on a common scale and the SEs of a shift "
             f"between subsets are huge ({examples}); elements outside subset 1 are flagged 'subset_<k>'")
    eng = _Engine(fit_terms, act_idx, xa, ga, Kg, eliminate=eliminate)
    beta, converged, n_iter, ll = eng.run(max_iter, tol)
    if not converged:
        note(f"{source}: Newton iterations did not converge in {max_iter} steps")
    ll, g, mom, info = eng.grad_info(beta)
    fac = eng.factor(info)
    cov_fn, var = eng.covariance(fac)
    se_all = np.sqrt(var)
    unident = se_all > 100.0  # no information on some direction: nested or disconnected facets
    if unident.any():
        names = []
        for ti, t in enumerate(fit_terms):
            off = eng.offset[ti]
            names += [f"{t.name} {lv!r}" for k, lv in enumerate(t.levels) if unident[off + k]]
        note(f"{source}: {int(unident.sum())} estimate(s) are not identified by the data (SE > 100 logits), "
             f"e.g. {', '.join(names[:6])}: a facet is nested in another (e.g. each judge rated only one "
             "system) or the design is disconnected; they are flagged 'not_identified'")
    # ---- full-data parameter values (post-hoc elements estimated with the rest fixed)
    values = [np.zeros(t.size) for t in terms]
    ses = [np.zeros(t.size) for t in terms]
    gidx: dict[tuple[str, str], int] = {}
    for ti, t in enumerate(terms):
        off = eng.offset[ti]
        values[ti][keep_el[ti]] = beta[off:off + len(keep_el[ti])]
        ses[ti][keep_el[ti]] = se_all[off:off + len(keep_el[ti])]
        for k, u in enumerate(keep_el[ti]):
            gidx[(t.name, t.levels[u])] = off + k
    tau = beta[eng.tau_off:].reshape(eng.Kmax - 1, G).T if eng.Kmax > 1 else np.zeros((G, 0))
    cum = np.concatenate([np.zeros((G, 1)), np.cumsum(tau, 1)], 1)
    cum[np.arange(eng.Kmax)[None, :] >= Kg[:, None]] = np.inf
    kvec = np.arange(eng.Kmax, dtype=float)

    def probs(eta: np.ndarray, grp: np.ndarray) -> np.ndarray:
        return np.exp(_log_normalise(eta[:, None] * kvec[None, :] - cum[grp]))

    usable = Kg[group] >= 2
    if posthoc:
        for _sweep in range(3):
            for (ti, e), reason in sorted(posthoc.items()):
                t = terms[ti]
                rows = np.nonzero((t.idx == e) & usable)[0]
                if len(rows) == 0:
                    continue
                other = np.zeros(len(rows))
                for tj, u in enumerate(terms):
                    if tj != ti:
                        other += u.sign * values[tj][u.idx[rows]]
                xr = pos[rows].astype(float)
                kr = Kg[group[rows]] - 1
                obs = xr.sum()
                if reason == "extreme_max" or (np.all(xr == kr)):
                    target = obs - extreme_adjustment
                elif reason == "extreme_min" or np.all(xr == 0):
                    target = obs + extreme_adjustment
                else:
                    target = obs
                target = min(max(target, 1e-6), kr.sum() - 1e-6)

                def f(b: float) -> float:
                    return float((probs(other + t.sign * b, group[rows]) @ kvec).sum() - target)

                lo, hi = -50.0, 50.0
                try:
                    b = sopt.brentq(f, lo, hi, xtol=1e-10)
                except ValueError:
                    b = hi if (f(hi) < 0) == (t.sign > 0) else lo
                values[ti][e] = b
                P = probs(other + t.sign * b, group[rows])
                W = P @ kvec ** 2 - (P @ kvec) ** 2
                ses[ti][e] = 1.0 / math.sqrt(max(W.sum(), 1e-12))
    # ---- per-element statistics on the full set of usable ratings
    eta_all = np.zeros(N)
    for ti, t in enumerate(terms):
        eta_all += t.sign * values[ti][t.idx]
    P_all = probs(eta_all, group)
    E_all = P_all @ kvec
    E_raw = np.zeros(N)  # expected score on the original scale
    for gi in range(G):
        m = group == gi
        E_raw[m] = np.interp(E_all[m], np.arange(len(cats[gi])), cats[gi]) if len(cats[gi]) else 0.0
    W_all = P_all @ kvec ** 2 - E_all ** 2
    C4_all = (P_all * (kvec[None, :] - E_all[:, None]) ** 4).sum(1)
    x_all = pos.astype(float)
    ref = _parse_reference(reference)
    ref_cols_known = {c for t in terms for c in t.columns}
    for c in list(ref):
        if c not in ref_cols_known:
            note(f"{source}: reference level {c}={ref[c]}: {c!r} is not a facet column; ignored")
            ref.pop(c)
    rows_out = []
    facet_stats: dict[str, dict[str, float]] = {}
    for ti, t in enumerate(terms):
        # statistics on the ratings used for the estimate: active ones, or the element's own rows if post-hoc
        ph = np.array([(ti, e) in posthoc for e in range(t.size)])
        sel = (active | ph[t.idx]) & usable
        st = _element_fit(x_all[sel], E_all[sel], W_all[sel], C4_all[sel], t.idx[sel], t.size)
        raw_mean = np.bincount(t.idx[sel], x_raw[sel], minlength=t.size) / np.maximum(st["n"], 1)
        exp_raw = np.bincount(t.idx[sel], E_raw[sel], minlength=t.size) / np.maximum(st["n"], 1)
        xmin = np.full(t.size, np.inf)
        xmax = np.full(t.size, -np.inf)
        np.minimum.at(xmin, t.idx[sel], x_raw[sel])
        np.maximum.at(xmax, t.idx[sel], x_raw[sel])
        rcol = [c for c in t.columns if c in ref]
        rel = values[ti].copy()
        se_rel = ses[ti].copy()
        ref_label = np.array(["none"] * t.size, dtype=object)
        if rcol:
            c = rcol[0]
            ci = t.columns.index(c)
            lookup = {lv: k for k, lv in enumerate(t.levels)}
            if ref[c] not in {cp[ci] for cp in t.comp}:
                note(f"{source}: reference level {c}={ref[c]} not found among {sorted({cp[ci] for cp in t.comp})}; "
                     "relative estimates are not computed for that facet")
            else:
                for e in range(t.size):
                    rc = list(t.comp[e])
                    rc[ci] = ref[c]
                    r_e = lookup.get(SEP.join(rc))
                    if r_e is None:
                        continue
                    rel[e] = values[ti][e] - values[ti][r_e]
                    ia, ib = gidx.get((t.name, t.levels[e])), gidx.get((t.name, t.levels[r_e]))
                    if e == r_e:
                        v = 0.0
                    elif ia is not None and ib is not None:
                        v = var[ia] + var[ib] - 2 * cov_fn(ia, ib)
                    else:
                        v = ses[ti][e] ** 2 + ses[ti][r_e] ** 2
                    se_rel[e] = math.sqrt(max(v, 0.0))
                    ref_label[e] = t.levels[r_e]
        for e in range(t.size):
            flags = []
            if (ti, e) in posthoc:
                flags.append(posthoc[(ti, e)])
            if st["n"][e] >= 2 and xmin[e] == xmax[e] and (ti, e) not in posthoc:
                flags.append("constant")
            extreme = posthoc.get((ti, e), "").startswith("extreme")
            if not extreme and st["n"][e] >= 2 and (st["infit"][e] > 1.5 or st["outfit"][e] > 1.5):
                flags.append("misfit")
            if not extreme and st["n"][e] >= 5 and st["infit"][e] < 0.5:
                flags.append("overfit")
            if ref_label[e] == t.levels[e]:
                flags.append("reference")
            gi_e = gidx.get((t.name, t.levels[e]))
            if gi_e is not None and unident[gi_e]:
                flags.append("not_identified")
            if n_sub > 1 and (ti, e) not in posthoc:
                k_e = int(sub_of[ti][np.searchsorted(keep_el[ti], e)])
                if k_e > 0:
                    flags.append(f"subset_{k_e + 1}")
            if (ti, e) not in posthoc and t.kind == "facet" and t.size == 1:
                flags.append("fixed_by_constraint")
            rows_out.append({
                "facet": t.name, "element": t.levels[e], "estimate": values[ti][e], "se": ses[ti][e],
                "relative": rel[e], "se_relative": se_rel[e], "reference": ref_label[e],
                "infit": st["infit"][e], "outfit": st["outfit"][e], "infit_z": st["infit_z"][e],
                "outfit_z": st["outfit_z"][e], "n": int(st["n"][e]), "observed_mean": raw_mean[e],
                "expected_mean": exp_raw[e], "flag": ";".join(flags) or _FLAG_OK,
            })
        ok = np.array([(ti, e) not in posthoc for e in range(t.size)])
        facet_stats[t.name] = _separation(values[ti][ok], ses[ti][ok])
        facet_stats[t.name].update({"sign": t.sign, "kind": t.kind,
                                    "mean_infit": float(np.mean(st["infit"][ok])) if ok.any() else 1.0,
                                    "mean_outfit": float(np.mean(st["outfit"][ok])) if ok.any() else 1.0})
    # thresholds
    for gi in range(G):
        fname = THRESHOLD if G == 1 else f"{THRESHOLD}[{data.group_names[gi]}]"
        for j in range(1, Kg[gi]):
            p = eng.tau_off + (j - 1) * G + gi
            mk = (pos == j) & (group == gi) & active & usable
            n_k = int(mk.sum())
            # category fit (Winsteps style): residuals of the ratings observed in this category
            ck = _element_fit(x_all[mk], E_all[mk], W_all[mk], C4_all[mk], np.zeros(n_k, np.int64), 1)
            prev = beta[p - G] if j > 1 else -np.inf
            rows_out.append({
                "facet": fname, "element": _label(cats[gi][j]), "estimate": beta[p], "se": se_all[p],
                "relative": beta[p], "se_relative": se_all[p], "reference": "none", "infit": ck["infit"][0],
                "outfit": ck["outfit"][0], "infit_z": ck["infit_z"][0], "outfit_z": ck["outfit_z"][0], "n": n_k,
                "observed_mean": float(cats[gi][j]), "expected_mean": float(cats[gi][j]),
                "flag": "disordered" if beta[p] < prev else _FLAG_OK,  # below the step before it
            })
    est = pd.DataFrame(rows_out)
    for c in est.select_dtypes("number").columns:
        bad = ~np.isfinite(est[c].to_numpy(float))
        if bad.any():  # should not happen; never let NaN through
            note(f"internal: {int(bad.sum())} non-finite value(s) in column {c!r} replaced by 0")
            est.loc[bad, c] = 0.0
    sel = active & usable
    gfit = _element_fit(x_all[sel], E_all[sel], W_all[sel], C4_all[sel], np.zeros(int(sel.sum()), np.int64), 1)
    n_params = eng.P - eng.C.shape[1]
    model = {
        "ability": terms[0].name,
        "terms": [{"name": t.name, "columns": list(t.columns), "sign": t.sign, "kind": t.kind,
                   "n_elements": t.size} for t in terms],
        "score": score,
        "thresholds": "rating_scale" if thresholds_by is None else "partial_credit",
        "thresholds_by": thresholds_by,
        "categories": {data.group_names[g]: [_label(v) for v in cats[g]] for g in range(G)},
        "identification": "ability facet free; other facets, interaction margins and thresholds sum to zero",
        "reference": ref,
        "eliminated_facet": terms[list(eng.offset.keys())[0]].name if eng.big is not None else None,
        "se_method": "exact constrained inverse information (Schur complement of the largest facet)"
        if eng.big is not None else "exact constrained inverse information (dense KKT)",
        "subsets": n_sub,
        "extreme_adjustment": extreme_adjustment,
        "min_ratings": min_ratings,
    }
    dropped = {
        "rows_input": data.n_input,
        "rows_missing": int(data.n_input - N),
        "rows_in_joint_fit": int(active.sum()),
        "post_hoc_elements": [{"facet": terms[ti].name, "element": terms[ti].levels[e], "reason": r}
                              for (ti, e), r in sorted(posthoc.items())],
        "constant_threshold_groups": constant_groups,
    }
    return RaschFit(est, float(ll), int(active.sum()), int(n_params), bool(converged), int(n_iter), facet_stats,
                    model, warn, dropped, time.perf_counter() - t0, "adjacent",
                    {"infit": float(gfit["infit"][0]), "outfit": float(gfit["outfit"][0])}, cov_fn, gidx)


# ============================================================================ cumulative link (statsmodels)
@dataclass
class CumulativeFit:
    """statsmodels ``OrderedModel`` (cumulative logit) fit, in the same output shape as ``RaschFit``."""

    coef: pd.Series
    se: pd.Series
    thresholds: pd.Series
    threshold_se: pd.Series
    loglik: float
    n_obs: int
    n_params: int
    converged: bool
    estimates: pd.DataFrame
    warnings: list[str]
    seconds: float
    model: dict[str, Any]
    link: str = "cumulative"

    def to_dict(self) -> dict[str, Any]:
        return {"link": "cumulative", "loglik": self.loglik, "deviance": -2 * self.loglik, "n_obs": self.n_obs,
                "n_params": self.n_params, "aic": -2 * self.loglik + 2 * self.n_params,
                "bic": -2 * self.loglik + math.log(max(self.n_obs, 1)) * self.n_params,
                "converged": self.converged, "seconds": self.seconds,
                "coefficients": self.coef.to_dict(), "thresholds": self.thresholds.to_dict(),
                "model": self.model, "warnings": self.warnings}

    def summary(self) -> str:
        t = pd.DataFrame({"estimate": pd.concat([self.coef, self.thresholds]),
                          "se": pd.concat([self.se, self.threshold_se])})
        return (f"link: cumulative  loglik: {self.loglik:.4f}  n_obs: {self.n_obs}  n_params: {self.n_params}"
                f"  converged: {self.converged} ({self.seconds:.2f} s)\n"
                + t.to_string(float_format=lambda v: f"{v:.4f}"))

    def write(self, out_dir: str | Path) -> tuple[Path, Path]:
        return write_outputs(self, out_dir)


def fit_cumulative_logit(df: pd.DataFrame, score: str, covariates: Sequence[str], *,
                         reference: Mapping[str, str] | Sequence[str] | str | None = None,
                         numeric: Sequence[str] = (), maxiter: int = 2000,
                         source: str = "<ratings>") -> CumulativeFit:
    """Cumulative-logit (proportional odds) fit with statsmodels ``OrderedModel``, for small data.

    Categorical covariates are dummy-coded against their first level (or the ``reference`` level) and
    named like R: ``tempwarm``. P(Y <= k) = logistic(c_k - x'b), so a positive b raises the rating.
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    t0 = time.perf_counter()
    warn: list[str] = []
    cols = [score] + list(covariates)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise IRTInputError(f"{source}: missing column(s) {missing}; the table has {list(df.columns)}")
    y = pd.to_numeric(df[score], errors="coerce")
    keep = y.notna() & df[list(covariates)].notna().all(axis=1)
    if (~keep).any():
        msg = f"{source}: {int((~keep).sum())} row(s) with a missing score or covariate are dropped"
        warn.append(msg)
        warnings.warn(msg, IRTWarning, stacklevel=2)
    d = df.loc[keep]
    y = y[keep]
    ref = _parse_reference(reference)
    X_parts = []
    term_levels: dict[str, list[str]] = {}
    for c in covariates:
        if c in numeric:
            X_parts.append(d[[c]].astype(float))
            term_levels[c] = [c]
            continue
        lv = [_label(v) for v in _sort_levels(d[c])]
        lab = d[c].map(_label)
        if c in ref:
            if ref[c] not in lv:
                raise IRTInputError(f"{source}: reference level {c}={ref[c]} not among {lv}")
            lv = [ref[c]] + [v for v in lv if v != ref[c]]
        term_levels[c] = lv
        for v in lv[1:]:
            X_parts.append(pd.DataFrame({f"{c}{v}": (lab == v).astype(float).to_numpy()}, index=d.index))
    X = pd.concat(X_parts, axis=1) if X_parts else pd.DataFrame(index=d.index)
    cats = np.sort(y.unique())
    if len(cats) < 2:
        raise IRTInputError(f"{source}: field {score!r}: all ratings have the same score; nothing to fit")
    yc = pd.Series(pd.Categorical(y, categories=cats, ordered=True), index=d.index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mod = OrderedModel(yc, X, distr="logit")
        # statsmodels differentiates numerically: keep scipy's default gtol (1e-5); a tighter one never stops
        res = mod.fit(method="bfgs", maxiter=maxiter, disp=False)
    if not res.mle_retvals.get("converged", True):
        msg = f"{source}: OrderedModel (BFGS) did not converge in {maxiter} iterations"
        warn.append(msg)
        warnings.warn(msg, IRTWarning, stacklevel=2)
    k = X.shape[1]
    params = np.asarray(res.params, float)
    covm = np.asarray(res.cov_params(), float)
    coef = pd.Series(params[:k], index=list(X.columns), dtype=float)
    se = pd.Series(np.sqrt(np.maximum(np.diag(covm)[:k], 0)), index=list(X.columns), dtype=float)
    cut = np.asarray(mod.transform_threshold_params(params))[1:-1]
    Jm = np.zeros((len(cut), len(params) - k))  # d cut / d (first cut, log increments)
    u = params[k:]
    for i in range(len(cut)):
        Jm[i, 0] = 1.0
        for q in range(1, i + 1):
            Jm[i, q] = math.exp(u[q])
    cse = np.sqrt(np.maximum(np.diag(Jm @ covm[k:, k:] @ Jm.T), 0))
    tlab = [f"{_label(cats[i])}|{_label(cats[i + 1])}" for i in range(len(cut))]
    thr = pd.Series(cut, index=tlab)
    thr_se = pd.Series(cse, index=tlab)
    # fit statistics per covariate level from the predicted category probabilities
    probs = np.asarray(res.predict(), float)
    kvec = np.arange(len(cats), dtype=float)
    xpos = np.searchsorted(cats, y.to_numpy())
    E = probs @ kvec
    W = probs @ kvec ** 2 - E ** 2
    C4 = (probs * (kvec[None, :] - E[:, None]) ** 4).sum(1)
    rows = []
    for c in covariates:
        if c in numeric:
            rows.append({"facet": c, "element": c, "estimate": coef[c], "se": se[c], "relative": coef[c],
                         "se_relative": se[c], "reference": "none", "infit": 1.0, "outfit": 1.0,
                         "infit_z": 0.0, "outfit_z": 0.0, "n": len(d), "observed_mean": float(d[c].mean()),
                         "expected_mean": float(d[c].mean()), "flag": _FLAG_OK})
            continue
        lv = term_levels[c]
        lab = d[c].map(_label).to_numpy()
        ix = np.array([lv.index(v) for v in lab])
        st = _element_fit(xpos.astype(float), E, W, C4, ix, len(lv))
        for e, v in enumerate(lv):
            b = 0.0 if e == 0 else coef[f"{c}{v}"]
            s = 0.0 if e == 0 else se[f"{c}{v}"]
            rows.append({"facet": c, "element": v, "estimate": b, "se": s, "relative": b, "se_relative": s,
                         "reference": lv[0], "infit": st["infit"][e], "outfit": st["outfit"][e],
                         "infit_z": st["infit_z"][e], "outfit_z": st["outfit_z"][e], "n": int(st["n"][e]),
                         "observed_mean": float(y.to_numpy()[ix == e].mean()),
                         "expected_mean": float(np.interp(st["exp"][e], kvec, cats)),
                         "flag": "reference" if e == 0 else _FLAG_OK})
    for i, lab in enumerate(tlab):
        rows.append({"facet": THRESHOLD, "element": lab, "estimate": cut[i], "se": cse[i], "relative": cut[i],
                     "se_relative": cse[i], "reference": "none", "infit": 1.0, "outfit": 1.0, "infit_z": 0.0,
                     "outfit_z": 0.0, "n": int((xpos == i).sum()), "observed_mean": float(cats[i]),
                     "expected_mean": float(cats[i]), "flag": _FLAG_OK})
    est = pd.DataFrame(rows)
    model = {"covariates": list(covariates), "score": score, "distr": "logit",
             "reference": {c: term_levels[c][0] for c in covariates if c not in numeric},
             "categories": [_label(v) for v in cats]}
    return CumulativeFit(coef, se, thr, thr_se, float(res.llf), int(len(d)), int(len(params)),
                         bool(res.mle_retvals.get("converged", True)), est, warn, time.perf_counter() - t0, model)


# ============================================================================ command line
def _parse_categories(text: str | None) -> list[float] | None:
    """``1-5`` (an integer range) or ``0,1,2`` (explicit categories)."""
    if not text:
        return None
    text = text.strip()
    m = re.fullmatch(r"(-?\d+)\s*-\s*(-?\d+)", text)
    if m:
        return [float(v) for v in range(int(m.group(1)), int(m.group(2)) + 1)]
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise IRTInputError(f"--categories {text!r}: expected a range like 1-5 or a list like 0,1,2") from None


def irt_main(argv: list[str]) -> int:
    """``python -m dpeer_lib irt``: fit a rating table, write estimates.csv and fit.json, print a summary."""
    ap = argparse.ArgumentParser(prog="python -m dpeer_lib irt",
                                 description="Many-facet Rasch calibration of a long rating table.")
    ap.add_argument("--ratings", required=True, help="CSV (or .parquet) with one row per rating")
    ap.add_argument("--score", required=True, help="column with the ordinal score")
    ap.add_argument("--facet", action="append", required=True,
                    help="facet column (repeatable; the first is the ability facet; a:b combines columns)")
    ap.add_argument("--ability", help="name the ability facet instead of taking the first --facet")
    ap.add_argument("--interaction", action="append", default=[], metavar="A,B",
                    help="with the ability facet: combined facet (system,dimension); otherwise a bias term")
    ap.add_argument("--reference-level", action="append", default=[], metavar="FACET=LEVEL",
                    help="report estimates relative to this level, e.g. system=sft")
    ap.add_argument("--thresholds-by", help="partial credit: one threshold set per value of this column")
    ap.add_argument("--categories", help="full score scale, e.g. 1-5 or 0,1 (to report unused categories)")
    ap.add_argument("--min-ratings", type=int, default=2, help="elements with fewer ratings are fitted post hoc")
    ap.add_argument("--link", choices=["adjacent", "cumulative"], default="adjacent",
                    help="adjacent (Rasch, default) or cumulative (statsmodels OrderedModel, small data)")
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--out", required=True, help="output folder for estimates.csv and fit.json")
    args = ap.parse_args(argv)
    path = Path(args.ratings)
    if not path.is_file():
        print(f"error: {path}: file not found", file=sys.stderr)
        return 2
    try:
        df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    except Exception as err:  # noqa: BLE001 - report any reader failure with the file name
        print(f"error: {path}: cannot read the table: {err}", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IRTWarning)
            if args.link == "cumulative":
                facets = [c for f in args.facet for c in _split(f)]
                res: RaschFit | CumulativeFit = fit_cumulative_logit(
                    df, args.score, facets, reference=args.reference_level or None, source=str(path))
            else:
                res = fit(df, args.score, args.facet, ability=args.ability, interactions=args.interaction,
                          thresholds_by=args.thresholds_by, reference=args.reference_level or None,
                          categories=_parse_categories(args.categories), min_ratings=args.min_ratings,
                          max_iter=args.max_iter, source=str(path))
    except IRTInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    p1, p2 = res.write(args.out)
    print(res.summary())
    print(f"wrote {p1} and {p2}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(irt_main(sys.argv[1:]))
