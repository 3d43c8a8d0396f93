"""The public many-facet Rasch fit: a rating table in, a :class:`RaschFit` out, as a sequence of named phases."""
from __future__ import annotations

import time
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from dpeer_lib.evaluation.irt import bias as BC
from dpeer_lib.evaluation.irt import estimate as E
from dpeer_lib.evaluation.irt import table as T
from dpeer_lib.evaluation.irt.design import (
    SEP, IRTInputError, Notes, RatingData, Term, build_terms, level_label, parse_reference, prepare)
from dpeer_lib.evaluation.irt.result import RaschFit


def fit(df: pd.DataFrame, score: str, facets: Sequence[str], *, ability: str | None = None,
        interactions: Iterable[Sequence[str] | str] = (), thresholds_by: str | None = None,
        reference: Mapping[str, str] | Sequence[str] | str | None = None,
        categories: Sequence[float] | None = None, min_ratings: int = 2, extreme_adjustment: float = 0.3,
        max_iter: int = 100, tol: float = 1e-8, eliminate: str | bool = "auto",
        source: str = "<ratings>", reliability_over: Sequence[str] | None = None,
        bias_correction: str | None = None, bias_reps: int = 50, bias_seed: int = 0) -> RaschFit:
    """Fit the many-facet Rasch model (adjacent-category logits) to a long rating table.

    ``facets``: column names (``"a:b"`` combines columns into one facet); the first (or ``ability``) is
    the positive, free facet. ``interactions``: e.g. ``[("system", "dimension"), ("judge", "dimension")]``.
    ``thresholds_by``: a column for partial-credit thresholds. ``reference``: e.g. ``{"system": "sft"}``
    adds ``relative``/``se_relative`` (difference to the element with that level, same other components).
    ``categories``: the full score scale, to detect never-used categories (default: the integer range
    of the observed scores). Warnings (also kept in ``fit.warnings``) say what was dropped or flagged.
    ``thresholds_by="judge"``: one rating scale per judge (partial credit); compare with shared thresholds
    by :func:`~dpeer_lib.evaluation.irt.compare.compare_fits`. A facet nested in a merged-in column of the
    ability facet (items rated only on their own dimension) is detected and sums to zero within each group.
    ``reliability_over``: levels of the ability facet's first column (e.g. the trained systems) over which
    ``fit.reliability_over`` reports separation and reliability, the other levels apart.
    ``bias_correction="bootstrap"``: shrink the ability facet by JMLE's stretch, measured on ``bias_reps``
    replicates drawn from the fitted model (:mod:`.bias`); fit statistics stay those of the ML fit.
    """
    t0 = time.perf_counter()
    note = Notes()
    if min_ratings < 1:
        raise IRTInputError("min_ratings must be at least 1")
    if bias_correction not in (None, *BC.METHODS):
        raise IRTInputError(f"bias_correction must be None or one of {BC.METHODS}, got {bias_correction!r}")
    terms = build_terms(list(facets), ability, interactions)
    data = prepare(df, score, terms, thresholds_by, source, note)
    E.check_scale(data, score, categories, source, note)
    scr = E.screen(data, terms, score, categories, min_ratings, source, note)
    joint = E.joint_fit(data, terms, scr, max_iter, tol, eliminate, source, note)
    est = E.place_estimates(terms, joint)
    probs = E.CategoryProbs(joint.beta, joint.eng, scr.Kg)
    usable = scr.Kg[data.group] >= 2
    if scr.posthoc:
        E.posthoc_estimates(terms, data, scr, usable, est, probs, extreme_adjustment)
    cal = E.Calibration(terms, data, scr, joint, est, E.residuals(terms, data, scr, est, probs), usable)
    bias = None
    if bias_correction:
        scale, used = BC.bootstrap_scale(joint, bias_reps, bias_seed)
        cal = BC.shrink_ability(cal, scale)
        bias = {"method": bias_correction, "reps": bias_reps, "reps_used": used, "seed": bias_seed, "scale": scale}
    ref = T.known_references(parse_reference(reference), terms, source, note)
    rows, facet_stats = T.element_rows(cal, ref, source, note)
    table = T.finite_table(rows + T.threshold_rows(cal), note)
    eng = joint.eng
    n_params = eng.P - eng.C.shape[1]
    model = _model_record(cal, score, thresholds_by, ref, extreme_adjustment, min_ratings)
    if bias:
        model["bias_correction"] = bias
    out = RaschFit(table, float(joint.ll), int(scr.active.sum()), int(n_params), bool(joint.converged),
                   int(joint.n_iter), facet_stats, model, note.messages, _dropped_record(data, terms, scr),
                   time.perf_counter() - t0, "adjacent", T.global_fit(cal), cal.joint.cov_fn, est.gidx)
    if reliability_over is not None:
        out.reliability_over = out.separation_over(reliability_over)
    return out


def _model_record(cal: E.Calibration, score: str, thresholds_by: str | None, ref: dict[str, str],
                  extreme_adjustment: float, min_ratings: int) -> dict[str, Any]:
    """The model specification as recorded in fit.json."""
    terms, eng, cats = cal.terms, cal.joint.eng, cal.scr.cats
    return {
        "ability": terms[0].name,
        "terms": [{"name": t.name, "columns": list(t.columns), "sign": t.sign, "kind": t.kind,
                   "n_elements": t.size} for t in terms],
        "score": score,
        "thresholds": "rating_scale" if thresholds_by is None else "partial_credit",
        "thresholds_by": thresholds_by,
        "categories": {cal.data.group_names[g]: [level_label(v) for v in cats[g]]
                       for g in range(len(cal.data.group_names))},
        "identification": "ability facet free; other facets, interaction margins and thresholds sum to zero"
        + "".join(f"; {terms[i].name} sums to zero within each of its {int(lab.max()) + 1} groups nested in "
                  f"{SEP.join(terms[0].columns[terms[0].n_person:])}" for i, lab in cal.joint.nest.items()),
        "reference": ref,
        "eliminated_facet": terms[list(eng.offset.keys())[0]].name if eng.big is not None else None,
        "se_method": "exact constrained inverse information (Schur complement of the largest facet)"
        if eng.big is not None else "exact constrained inverse information (dense KKT)",
        "subsets": cal.joint.n_sub,
        "extreme_adjustment": extreme_adjustment,
        "min_ratings": min_ratings,
    }


def _dropped_record(data: RatingData, terms: list[Term], scr: E.Screened) -> dict[str, Any]:
    """What was dropped or set aside, as recorded in fit.json."""
    return {
        "rows_input": data.n_input,
        "rows_missing": int(data.n_input - len(data.x_raw)),
        "rows_in_joint_fit": int(scr.active.sum()),
        "post_hoc_elements": [{"facet": terms[ti].name, "element": terms[ti].levels[e], "reason": r}
                              for (ti, e), r in sorted(scr.posthoc.items())],
        "constant_threshold_groups": scr.constant_groups,
    }
