"""The rating design of a many-facet Rasch fit: facets (terms), element indices, categories, constraints.

A rating table becomes one integer element index per term and rating (:func:`prepare`), a category
position per rating (:func:`category_map`) and the identification constraints (:func:`identification_constraints`):
every facet but the ability facet sums to zero, an interaction sums to zero over each of its columns, and
each threshold group's thresholds sum to zero.
"""
from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import linalg as sla
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

SEP = ":"  # joins the columns of a combined facet, and the levels of its elements
THRESHOLD = "threshold"
FLAG_OK = "ok"


class IRTInputError(ValueError):
    """A rating table that cannot be fitted (the message names the source, row, field and reason)."""


class IRTWarning(UserWarning):
    """Something in the rating table was dropped, collapsed or flagged."""


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class Notes:
    """Warnings of one fit: kept in order (for ``fit.warnings``) and issued as :class:`IRTWarning`."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, msg: str) -> None:
        self.messages.append(msg)
        # attribute the warning to the first frame outside this package (the caller of fit), wherever
        # inside the package it was noted
        frame, level = sys._getframe(0), 1
        while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
            frame, level = frame.f_back, level + 1
        warnings.warn(msg, IRTWarning, stacklevel=level)


@dataclass
class Term:
    """One facet or interaction of the model: its columns, sign, kind and (after :func:`prepare`) elements."""

    name: str
    columns: tuple[str, ...]
    sign: float
    kind: str  # "ability" | "facet" | "interaction"
    levels: list[str] = field(default_factory=list)
    comp: list[tuple[str, ...]] = field(default_factory=list)  # component levels per element
    idx: np.ndarray | None = None  # (N,) element index of every rating
    n_person: int = 1  # ability facet: its leading columns as named (the rest were merged in from interactions)

    @property
    def size(self) -> int:
        return len(self.levels)


def split_facet(name: str) -> tuple[str, ...]:
    """The columns of a facet name (``"a:b"`` -> ``("a", "b")``)."""
    return tuple(c.strip() for c in str(name).split(SEP) if c.strip())


def build_terms(facets: Sequence[str], ability: str | None,
                 interactions: Iterable[Sequence[str] | str]) -> list[Term]:
    """The model's terms: the ability facet first (interactions with it merged in), then facets, then biases."""
    facets = [f for f in facets]
    if not facets:
        raise IRTInputError("at least one facet is needed (the first one is the ability facet)")
    ab = split_facet(ability) if ability else split_facet(facets[0])
    cols_f = [split_facet(f) for f in facets]
    if ab not in cols_f:
        cols_f.insert(0, ab)
    ab_cols = list(ab)
    bias: list[tuple[str, ...]] = []
    for inter in interactions or ():
        cols = split_facet(inter.replace(",", SEP)) if isinstance(inter, str) else tuple(inter)
        if len(cols) < 2:
            raise IRTInputError(f"interaction {inter!r}: needs two or more columns, e.g. 'judge,dimension'")
        if any(c in ab for c in cols):  # contains a column of the ability facet as named: merge
            ab_cols += [c for c in cols if c not in ab_cols]
        else:
            bias.append(cols)
    terms = [Term(SEP.join(ab_cols), tuple(ab_cols), +1.0, "ability", n_person=len(ab))]
    for cols in cols_f:
        if cols == ab:
            continue
        if set(cols) <= set(ab_cols):
            raise IRTInputError(
                f"facet {SEP.join(cols)!r} is nested in the ability facet {SEP.join(ab_cols)!r} and cannot be "
                "identified next to it; drop it (the ability facet already carries its effect)")
        terms.append(Term(SEP.join(cols), cols, -1.0, "facet"))
    for cols in bias:
        terms.append(Term(SEP.join(cols), cols, -1.0, "interaction"))
    names = [t.name for t in terms]
    if len(set(names)) != len(names):
        raise IRTInputError(f"facets must be distinct, got {names}")
    return terms


def sort_levels(s: pd.Series) -> list:
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


def level_label(v: Any) -> str:
    """A level as text (``2.0`` -> ``"2"``)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass
class RatingData:
    """A rating table reduced to scores, threshold groups and (in ``terms``) element indices."""

    terms: list[Term]
    x_raw: np.ndarray  # (N,) float scores
    group: np.ndarray  # (N,) threshold group
    group_names: list[str]
    rows: np.ndarray  # original DataFrame index labels
    n_input: int


def prepare(df: pd.DataFrame, score: str, terms: list[Term], thresholds_by: str | None,
            source: str, note: Notes) -> RatingData:
    """Check the table and index every rating's elements (``terms`` are filled in place); drop incomplete rows."""
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
        note(msg)
    for c in cols[1:]:
        na = df[c].isna().to_numpy() & keep
        if na.any():
            i = list(df.index[na][:10])
            msg = (f"{source}: {int(na.sum())} rating(s) have no value in facet column {c!r} and are dropped "
                   f"(rows {i})")
            note(msg)
            keep &= ~na
    if not keep.any():
        raise IRTInputError(f"{source}: no rating has both a score and every facet value")
    d = df.loc[keep, cols]
    x = num[keep].to_numpy(float)
    for t in terms:
        _index_elements(t, d, len(x))
    if thresholds_by:
        lv = sort_levels(d[thresholds_by])
        group = pd.Categorical(d[thresholds_by], categories=lv).codes.astype(np.int64)
        gnames = [level_label(v) for v in lv]
    else:
        group = np.zeros(len(x), np.int64)
        gnames = ["all"]
    return RatingData(terms, x, group, gnames, d.index.to_numpy(), n_input)


def _index_elements(t: Term, d: pd.DataFrame, n: int) -> None:
    """Fill ``t.idx`` (each rating's element), ``t.comp`` and ``t.levels`` (the elements that occur)."""
    codes = []
    comps = []
    for c in t.columns:
        lv = sort_levels(d[c])
        codes.append(pd.Categorical(d[c], categories=lv).codes.astype(np.int64))
        comps.append([level_label(v) for v in lv])
    if len(codes) == 1:
        used = np.unique(codes[0])
        remap = np.full(len(comps[0]), -1)
        remap[used] = np.arange(len(used))
        t.idx = remap[codes[0]]
        t.comp = [(comps[0][u],) for u in used]
    else:
        key = np.zeros(n, np.int64)
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


def category_map(x_raw: np.ndarray, group: np.ndarray, n_groups: int, active: np.ndarray,
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


def full_scale(x: np.ndarray, categories: Sequence[float] | None) -> np.ndarray | None:
    """The declared scale, else the integer range of ``x``, else None (non-integer scores)."""
    if categories is not None:
        return np.asarray(sorted(float(c) for c in categories))
    if np.all(np.mod(x, 1) == 0):
        return np.arange(x.min(), x.max() + 1)
    return None


def connected_subsets(terms: list[Term], idx: list[np.ndarray]) -> tuple[int, list[np.ndarray]]:
    """Connected subsets of the design (elements linked by sharing a rating), largest first."""
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


def parse_reference(reference: Any) -> dict[str, str]:
    """``{"system": "sft"}``, ``"system=sft"`` or ``["system=sft", ...]`` as a dict facet column -> level."""
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


def nested_groups(terms: list[Term], idx: list[np.ndarray]) -> dict[int, np.ndarray]:
    """Facets nested in the merged-in columns of the ability facet (e.g. items in dimensions): term -> group.

    A facet's groups are the connected components of its elements x ability elements incidence. They
    count only when every slice of the ability facet with its merged-in columns fixed (e.g. all systems
    on one dimension) lies in one group: then each group's shift is confounded with the shift of its
    slices of θ and is fixed by a sum-to-zero constraint within the group. A split that separates systems
    (e.g. each judge rated one system) stays one constraint and is reported as not identified.
    """
    out: dict[int, np.ndarray] = {}
    ab = terms[0]
    keys = [cp[ab.n_person:] for cp in ab.comp]
    for i, t in enumerate(terms):
        if t.kind != "facet" or t.size < 2:
            continue
        g = coo_matrix((np.ones(len(idx[i])), (idx[i], t.size + idx[0])), shape=(t.size + ab.size,) * 2)
        k, lab = connected_components(g, directed=False)
        if k < 2:
            continue
        ab_lab = lab[t.size:]
        by_key: dict[tuple, set] = {}
        for e, key in enumerate(keys):
            by_key.setdefault(key, set()).add(int(ab_lab[e]))
        if all(len(v) == 1 for v in by_key.values()):
            out[i] = np.unique(lab[:t.size], return_inverse=True)[1]
    return out


def identification_constraints(terms: list[Term], offset: dict[int, int], P: int, tau_off: int,
                               K: np.ndarray, nest: Mapping[int, np.ndarray] | None = None) -> np.ndarray:
    """An orthonormal basis (P x m) of the constraints: facets (within each nested group), interaction
    margins and thresholds sum to zero."""
    G = len(K)
    Kmax = int(K.max())
    cols: list[np.ndarray] = []
    nest = nest or {}
    for i, t in enumerate(terms):
        off = offset[i]
        if t.kind == "facet":
            lab = nest.get(i, np.zeros(t.size, np.int64))
            for grp in range(int(lab.max()) + 1 if t.size else 1):
                c = np.zeros(P)
                c[off:off + t.size] = (lab == grp).astype(float)
                cols.append(c)
        elif t.kind == "interaction":
            comp = np.array(t.comp, dtype=object)
            for a in range(len(t.columns)):
                others = [b for b in range(len(t.columns)) if b != a]
                keys = [tuple(row[others]) for row in comp]
                for kk in dict.fromkeys(keys):
                    c = np.zeros(P)
                    members = [e for e, key in enumerate(keys) if key == kk]
                    c[off + np.array(members)] = 1.0
                    cols.append(c)
    for g in range(G):
        c = np.zeros(P)
        for j in range(1, K[g]):
            c[tau_off + (j - 1) * G + g] = 1.0
        if K[g] > 1:
            cols.append(c)
        for j in range(max(K[g], 1), Kmax):  # categories the group does not have: fixed at 0
            e = np.zeros(P)
            e[tau_off + (j - 1) * G + g] = 1.0
            cols.append(e)
    if not cols:
        return np.zeros((P, 0))
    C = np.stack(cols, 1)
    # keep an orthonormal basis of the constraint space (drops redundant margins)
    Q, R, _ = sla.qr(C, mode="economic", pivoting=True)
    d = np.abs(np.diag(R))
    rank = int((d > 1e-9 * max(d.max(), 1.0)).sum())
    return Q[:, :rank]
