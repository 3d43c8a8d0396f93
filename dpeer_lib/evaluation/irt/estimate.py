"""The estimation phases of a many-facet Rasch fit, from a prepared design to parameter values and residuals.

1. :func:`check_scale`: unused or out-of-scale score categories;
2. :func:`screen`: elements with an extreme score or too few ratings are set aside (repeatedly, since
   setting one aside can make another extreme), as are threshold groups with a constant score;
3. :func:`joint_fit`: Newton on the remaining ratings, with standard errors and identification checks;
4. :func:`place_estimates`, :func:`posthoc_estimates`: every element's value, the set-aside ones fitted
   with every other parameter held fixed;
5. :func:`residuals`: expected scores, variances and fourth moments of every rating, for the fit statistics.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from scipy import optimize as sopt

from dpeer_lib.evaluation.irt.design import (
    SEP, IRTInputError, Notes, RatingData, Term, category_map, connected_subsets, full_scale, level_label,
    nested_groups)
from dpeer_lib.evaluation.irt.engine import Engine, log_normalise


Posthoc = dict[tuple[int, int], str]  # (term index, element) -> reason it was left out of the joint fit


@dataclass
class Screened:
    """Which ratings enter the joint fit, which elements are fitted post hoc, and the category map."""

    active: np.ndarray  # (N,) bool
    posthoc: Posthoc
    constant_groups: list[str]
    cats: list[np.ndarray]  # observed categories per threshold group
    pos: np.ndarray  # (N,) category position of every rating
    Kg: np.ndarray  # number of categories per group


@dataclass
class JointFit:
    """The Newton solution on the active ratings and its covariance."""

    eng: Engine
    beta: np.ndarray
    converged: bool
    n_iter: int
    ll: float
    cov_fn: Callable[[int, int], float]
    var: np.ndarray
    se: np.ndarray
    unident: np.ndarray  # (P,) bool: SE > 100 logits
    keep_el: list[np.ndarray]  # per term: the elements with active ratings
    n_sub: int
    sub_of: list[np.ndarray]  # per term: connected subset of each kept element
    nest: dict[int, np.ndarray] = field(default_factory=dict)  # nested facets: term -> group of each element


@dataclass
class Estimates:
    """Every element's value and SE (post-hoc ones included) and its position in the joint parameter vector."""

    values: list[np.ndarray]
    ses: list[np.ndarray]
    gidx: dict[tuple[str, str], int]


@dataclass
class Residuals:
    """Per rating: category position, expected position and raw score, variance and fourth central moment."""

    x: np.ndarray
    E: np.ndarray
    E_raw: np.ndarray
    W: np.ndarray
    C4: np.ndarray


class CategoryProbs:
    """Category probabilities at the fitted thresholds, for any linear predictor."""

    def __init__(self, beta: np.ndarray, eng: Engine, Kg: np.ndarray):
        G = len(Kg)
        tau = beta[eng.tau_off:].reshape(eng.Kmax - 1, G).T if eng.Kmax > 1 else np.zeros((G, 0))
        self.cum = np.concatenate([np.zeros((G, 1)), np.cumsum(tau, 1)], 1)
        self.cum[np.arange(eng.Kmax)[None, :] >= Kg[:, None]] = np.inf
        self.kvec = np.arange(eng.Kmax, dtype=float)

    def __call__(self, eta: np.ndarray, grp: np.ndarray) -> np.ndarray:
        return np.exp(log_normalise(eta[:, None] * self.kvec[None, :] - self.cum[grp]))


# ============================================================================ 1. the score scale
def check_scale(data: RatingData, score: str, categories: Sequence[float] | None, source: str,
                note: Notes) -> None:
    """Note non-integer scores and never-used categories; reject scores outside a declared scale."""
    x_raw, group = data.x_raw, data.group
    G = len(data.group_names)
    if not np.all(np.mod(x_raw, 1) == 0) and categories is None:
        note(f"{source}: field {score!r} has non-integer scores; each distinct value is treated as an "
             "ordered category")
    if categories is not None:
        full = full_scale(x_raw, categories)
        outside = ~np.isin(x_raw, full)
        if outside.any():
            i = list(data.rows[outside][:5])
            raise IRTInputError(f"{source}: row(s) {i}: field {score!r}: score outside the scale "
                                f"{[level_label(v) for v in full]}")
    for g in range(G):
        xg = x_raw[group == g]
        full = full_scale(xg, categories)  # declared scale, or the group's own integer range
        if full is not None:
            used = np.unique(xg)
            unused = [v for v in full if v not in used]
            if unused:
                gname = "" if G == 1 else f" in threshold group {data.group_names[g]!r}"
                note(f"{source}: score categor{'y' if len(unused) == 1 else 'ies'} "
                     f"{[level_label(v) for v in unused]} never used{gname}; the model uses the observed "
                     f"categories {[level_label(v) for v in used]} (a threshold into an unused category is not "
                     "estimable, so the categories on either side are treated as adjacent)")


# ============================================================================ 2. screening
_REASONS = {"single_rating": "has a single rating", "few_ratings": "has fewer than {min_ratings} ratings",
            "extreme_max": "has an extreme score (every rating in the top category)",
            "extreme_min": "has an extreme score (every rating in the bottom category)"}


def screen(data: RatingData, terms: list[Term], score: str, categories: Sequence[float] | None,
           min_ratings: int, source: str, note: Notes) -> Screened:
    """Set aside constant threshold groups and extreme or sparse elements until none is left."""
    x_raw, group = data.x_raw, data.group
    G = len(data.group_names)
    active = np.ones(len(x_raw), bool)
    posthoc: Posthoc = {}
    constant_groups: list[str] = []
    for _ in range(100):
        cats, pos = category_map(x_raw, group, G, active, categories)
        Kg = np.array([len(c) for c in cats])
        if _drop_constant_groups(data, active, constant_groups, score, source, note):
            continue
        if not _set_aside_elements(terms, active, posthoc, pos, Kg[group], min_ratings):
            break
    if not active.any() or len(np.unique(x_raw[active])) < 2:
        raise IRTInputError(f"{source}: after setting aside extreme and single-rating elements no rating "
                            "is left to calibrate (every element has an extreme score)")
    for (ti, e), reason in sorted(posthoc.items()):
        t = terms[ti]
        n_e = int((t.idx == e).sum())
        what = _REASONS[reason].format(min_ratings=min_ratings)
        note(f"{source}: {t.name} {t.levels[e]!r} {what} ({n_e} rating(s)): left out of the joint fit and "
             f"estimated with the other facets held fixed (flag {reason})")
    cats, pos = category_map(x_raw, group, G, active, categories)
    Kg = np.array([len(c) for c in cats])
    return Screened(active, posthoc, constant_groups, cats, pos, Kg)


def _drop_constant_groups(data: RatingData, active: np.ndarray, constant_groups: list[str], score: str,
                          source: str, note: Notes) -> bool:
    """Drop (in ``active``) each threshold group whose active ratings share one score; True if any was."""
    x_raw, group = data.x_raw, data.group
    G = len(data.group_names)
    changed = False
    for g in range(G):
        m = active & (group == g)
        if m.any() and len(np.unique(x_raw[m])) < 2:
            gname = data.group_names[g]
            if G == 1:
                v = level_label(x_raw[m][0])
                raise IRTInputError(
                    f"{source}: field {score!r}: all {int(m.sum())} usable rating(s) have the same score {v}"
                    " (constant responses): there is nothing to calibrate")
            constant_groups.append(gname)
            note(f"{source}: threshold group {gname!r}: every usable rating has the same score; its "
                 f"{int(m.sum())} rating(s) are dropped")
            active &= ~(group == g)
            changed = True
    return changed


def _set_aside_elements(terms: list[Term], active: np.ndarray, posthoc: Posthoc, pos: np.ndarray,
                        top_pos: np.ndarray, min_ratings: int) -> bool:
    """Move (out of ``active``, into ``posthoc``) elements that are extreme or sparse; True if any was."""
    top = pos == (top_pos - 1)
    bot = pos == 0
    changed = False
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
    return changed


# ============================================================================ 3. the joint fit
def joint_fit(data: RatingData, terms: list[Term], scr: Screened, max_iter: int, tol: float,
              eliminate: str | bool, source: str, note: Notes) -> JointFit:
    """Newton on the active ratings (elements re-indexed to those with active ratings), SEs, checks."""
    fit_terms, act_idx, keep_el = _active_terms(terms, scr.active)
    n_sub, sub_of = connected_subsets(fit_terms, act_idx)
    if n_sub > 1:
        sizes = np.bincount(sub_of[0][act_idx[0]], minlength=n_sub)
        examples = "; ".join(
            f"subset {k + 1}: {', '.join(fit_terms[0].levels[e] for e in np.nonzero(sub_of[0] == k)[0][:4])}"
            for k in range(min(n_sub, 4)))
        note(f"{source}: the design is disconnected into {n_sub} subsets (ratings per subset: {sizes.tolist()}): "
             "no rating links them, so their estimates are not on a common scale and the SEs of a shift "
             f"between subsets are huge ({examples}); elements outside subset 1 are flagged 'subset_<k>'")
    nest = nested_groups(fit_terms, act_idx)
    _note_nesting(fit_terms, nest, source, note)
    eng = Engine(fit_terms, act_idx, scr.pos[scr.active], data.group[scr.active], scr.Kg, eliminate=eliminate,
                 nest=nest)
    beta, converged, n_iter, ll = eng.run(max_iter, tol)
    if not converged:
        note(f"{source}: Newton iterations did not converge in {max_iter} steps")
    ll, _, _, info = eng.grad_info(beta)
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
    return JointFit(eng, beta, converged, n_iter, ll, cov_fn, var, se_all, unident, keep_el, n_sub, sub_of, nest)


def _note_nesting(terms: list[Term], nest: dict[int, np.ndarray], source: str, note: Notes) -> None:
    """Say which facets were found nested in the ability facet's merged-in columns."""
    merged = SEP.join(terms[0].columns[terms[0].n_person:])
    for i, lab in nest.items():
        note(f"{source}: facet {terms[i].name!r} is nested in {merged!r} ({int(lab.max()) + 1} groups of elements, "
             "each rated only with its own slice of the ability facet): it sums to zero within each group, and "
             f"ability estimates compare across {merged!r} only through that constraint")


def _active_terms(terms: list[Term], active: np.ndarray
                  ) -> tuple[list[Term], list[np.ndarray], list[np.ndarray]]:
    """The terms restricted to elements with active ratings, their index arrays and the kept elements."""
    keep_el: list[np.ndarray] = []
    act_idx: list[np.ndarray] = []
    fit_terms: list[Term] = []
    for t in terms:
        used = np.unique(t.idx[active])
        remap = np.full(t.size, -1)
        remap[used] = np.arange(len(used))
        keep_el.append(used)
        ai = remap[t.idx[active]]
        act_idx.append(ai)
        fit_terms.append(Term(t.name, t.columns, t.sign, t.kind, [t.levels[u] for u in used],
                              [t.comp[u] for u in used], ai, t.n_person))
    return fit_terms, act_idx, keep_el


# ============================================================================ 4. every element's value
def place_estimates(terms: list[Term], joint: JointFit) -> Estimates:
    """The joint fit's values and SEs on the full element lists (post-hoc elements still 0)."""
    values = [np.zeros(t.size) for t in terms]
    ses = [np.zeros(t.size) for t in terms]
    gidx: dict[tuple[str, str], int] = {}
    for ti, t in enumerate(terms):
        off = joint.eng.offset[ti]
        keep = joint.keep_el[ti]
        values[ti][keep] = joint.beta[off:off + len(keep)]
        ses[ti][keep] = joint.se[off:off + len(keep)]
        for k, u in enumerate(keep):
            gidx[(t.name, t.levels[u])] = off + k
    return Estimates(values, ses, gidx)


def posthoc_estimates(terms: list[Term], data: RatingData, scr: Screened, usable: np.ndarray,
                      est: Estimates, probs: CategoryProbs, extreme_adjustment: float) -> None:
    """Fit each set-aside element with the rest fixed (three sweeps), in place in ``est``.

    An extreme score is moved ``extreme_adjustment`` score points inwards, as Facets/Winsteps do.
    """
    kvec, group, values, ses = probs.kvec, data.group, est.values, est.ses
    for _sweep in range(3):
        for (ti, e), reason in sorted(scr.posthoc.items()):
            t = terms[ti]
            rows = np.nonzero((t.idx == e) & usable)[0]
            if len(rows) == 0:
                continue
            other = np.zeros(len(rows))
            for tj, u in enumerate(terms):
                if tj != ti:
                    other += u.sign * values[tj][u.idx[rows]]
            xr = scr.pos[rows].astype(float)
            kr = scr.Kg[group[rows]] - 1
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


# ============================================================================ 5. residuals
def residuals(terms: list[Term], data: RatingData, scr: Screened, est: Estimates,
              probs: CategoryProbs) -> Residuals:
    """Model moments of every rating (all of them, not only the active ones) at the final values."""
    group, kvec = data.group, probs.kvec
    N = len(data.x_raw)
    eta_all = np.zeros(N)
    for ti, t in enumerate(terms):
        eta_all += t.sign * est.values[ti][t.idx]
    P_all = probs(eta_all, group)
    E_all = P_all @ kvec
    E_raw = np.zeros(N)  # expected score on the original scale
    for gi in range(len(data.group_names)):
        m = group == gi
        E_raw[m] = np.interp(E_all[m], np.arange(len(scr.cats[gi])), scr.cats[gi]) if len(scr.cats[gi]) else 0.0
    W_all = P_all @ kvec ** 2 - E_all ** 2
    C4_all = (P_all * (kvec[None, :] - E_all[:, None]) ** 4).sum(1)
    return Residuals(scr.pos.astype(float), E_all, E_raw, W_all, C4_all)


@dataclass
class Calibration:
    """Everything the estimates table is built from."""

    terms: list[Term]
    data: RatingData
    scr: Screened
    joint: JointFit
    est: Estimates
    res: Residuals
    usable: np.ndarray  # (N,) bool: the rating's threshold group has two or more categories
