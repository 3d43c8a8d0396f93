"""The estimates table of a many-facet Rasch fit: one row per facet element and threshold, with flags.

Columns and flags are described in :func:`dpeer_lib.evaluation.irt.result.write_outputs`.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from dpeer_lib.evaluation.irt.design import FLAG_OK, SEP, THRESHOLD, Notes, Term, level_label
from dpeer_lib.evaluation.irt.estimate import Calibration
from dpeer_lib.evaluation.irt.fitstats import element_fit, separation


def known_references(ref: dict[str, str], terms: list[Term], source: str, note: Notes) -> dict[str, str]:
    """``ref`` without (and noting) the columns that are no facet column."""
    ref_cols_known = {c for t in terms for c in t.columns}
    for c in list(ref):
        if c not in ref_cols_known:
            note(f"{source}: reference level {c}={ref[c]}: {c!r} is not a facet column; ignored")
            ref.pop(c)
    return ref


def element_rows(cal: Calibration, ref: dict[str, str], source: str,
                 note: Notes) -> tuple[list[dict[str, Any]], dict[str, dict[str, float]]]:
    """The rows of every facet element and each facet's separation statistics."""
    rows_out: list[dict[str, Any]] = []
    facet_stats: dict[str, dict[str, float]] = {}
    posthoc, x_raw, res = cal.scr.posthoc, cal.data.x_raw, cal.res
    for ti, t in enumerate(cal.terms):
        values, ses = cal.est.values[ti], cal.est.ses[ti]
        # statistics on the ratings used for the estimate: active ones, or the element's own rows if post-hoc
        ph = np.array([(ti, e) in posthoc for e in range(t.size)])
        sel = (cal.scr.active | ph[t.idx]) & cal.usable
        st = element_fit(res.x[sel], res.E[sel], res.W[sel], res.C4[sel], t.idx[sel], t.size)
        raw_mean = np.bincount(t.idx[sel], x_raw[sel], minlength=t.size) / np.maximum(st["n"], 1)
        exp_raw = np.bincount(t.idx[sel], res.E_raw[sel], minlength=t.size) / np.maximum(st["n"], 1)
        xmin = np.full(t.size, np.inf)
        xmax = np.full(t.size, -np.inf)
        np.minimum.at(xmin, t.idx[sel], x_raw[sel])
        np.maximum.at(xmax, t.idx[sel], x_raw[sel])
        rel, se_rel, ref_label = _relative(cal, ti, ref, source, note)
        for e in range(t.size):
            flags = _flags(cal, ti, e, st, xmin[e] == xmax[e], ref_label[e])
            rows_out.append({
                "facet": t.name, "element": t.levels[e], "estimate": values[e], "se": ses[e],
                "relative": rel[e], "se_relative": se_rel[e], "reference": ref_label[e],
                "infit": st["infit"][e], "outfit": st["outfit"][e], "infit_z": st["infit_z"][e],
                "outfit_z": st["outfit_z"][e], "n": int(st["n"][e]), "observed_mean": raw_mean[e],
                "expected_mean": exp_raw[e], "flag": ";".join(flags) or FLAG_OK,
            })
        ok = np.array([(ti, e) not in posthoc for e in range(t.size)])
        facet_stats[t.name] = separation(values[ok], ses[ok])
        facet_stats[t.name].update({"sign": t.sign, "kind": t.kind,
                                    "mean_infit": float(np.mean(st["infit"][ok])) if ok.any() else 1.0,
                                    "mean_outfit": float(np.mean(st["outfit"][ok])) if ok.any() else 1.0})
    return rows_out, facet_stats


def _relative(cal: Calibration, ti: int, ref: dict[str, str], source: str,
              note: Notes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each element's difference to its reference element (same other components), its SE and the reference."""
    t = cal.terms[ti]
    values, ses, gidx = cal.est.values[ti], cal.est.ses[ti], cal.est.gidx
    var, cov_fn = cal.joint.var, cal.joint.cov_fn
    rcol = [c for c in t.columns if c in ref]
    rel = values.copy()
    se_rel = ses.copy()
    ref_label = np.array(["none"] * t.size, dtype=object)
    if not rcol:
        return rel, se_rel, ref_label
    c = rcol[0]
    ci = t.columns.index(c)
    lookup = {lv: k for k, lv in enumerate(t.levels)}
    if ref[c] not in {cp[ci] for cp in t.comp}:
        note(f"{source}: reference level {c}={ref[c]} not found among {sorted({cp[ci] for cp in t.comp})}; "
             "relative estimates are not computed for that facet")
        return rel, se_rel, ref_label
    for e in range(t.size):
        rc = list(t.comp[e])
        rc[ci] = ref[c]
        r_e = lookup.get(SEP.join(rc))
        if r_e is None:
            continue
        rel[e] = values[e] - values[r_e]
        ia, ib = gidx.get((t.name, t.levels[e])), gidx.get((t.name, t.levels[r_e]))
        if e == r_e:
            v = 0.0
        elif ia is not None and ib is not None:
            v = var[ia] + var[ib] - 2 * cov_fn(ia, ib)
        else:
            v = ses[e] ** 2 + ses[r_e] ** 2
        se_rel[e] = math.sqrt(max(v, 0.0))
        ref_label[e] = t.levels[r_e]
    return rel, se_rel, ref_label


def _flags(cal: Calibration, ti: int, e: int, st: dict[str, np.ndarray], constant: bool,
           ref_label: str) -> list[str]:
    """The flags of element ``e`` of term ``ti`` (see ``write_outputs``)."""
    t, posthoc, joint = cal.terms[ti], cal.scr.posthoc, cal.joint
    flags = []
    if (ti, e) in posthoc:
        flags.append(posthoc[(ti, e)])
    if st["n"][e] >= 2 and constant and (ti, e) not in posthoc:
        flags.append("constant")
    extreme = posthoc.get((ti, e), "").startswith("extreme")
    if not extreme and st["n"][e] >= 2 and (st["infit"][e] > 1.5 or st["outfit"][e] > 1.5):
        flags.append("misfit")
    if not extreme and st["n"][e] >= 5 and st["infit"][e] < 0.5:
        flags.append("overfit")
    if ref_label == t.levels[e]:
        flags.append("reference")
    gi_e = cal.est.gidx.get((t.name, t.levels[e]))
    if gi_e is not None and joint.unident[gi_e]:
        flags.append("not_identified")
    if joint.n_sub > 1 and (ti, e) not in posthoc:
        k_e = int(joint.sub_of[ti][np.searchsorted(joint.keep_el[ti], e)])
        if k_e > 0:
            flags.append(f"subset_{k_e + 1}")
    if (ti, e) not in posthoc and t.kind == "facet" and t.size == 1:
        flags.append("fixed_by_constraint")
    return flags


def threshold_rows(cal: Calibration) -> list[dict[str, Any]]:
    """One row per threshold (the step into each category but the lowest), per threshold group."""
    G = len(cal.data.group_names)
    beta, se_all, tau_off = cal.joint.beta, cal.joint.se, cal.joint.eng.tau_off
    scr, res = cal.scr, cal.res
    rows = []
    for gi in range(G):
        fname = THRESHOLD if G == 1 else f"{THRESHOLD}[{cal.data.group_names[gi]}]"
        for j in range(1, scr.Kg[gi]):
            p = tau_off + (j - 1) * G + gi
            mk = (scr.pos == j) & (cal.data.group == gi) & scr.active & cal.usable
            n_k = int(mk.sum())
            # category fit (Winsteps style): residuals of the ratings observed in this category
            ck = element_fit(res.x[mk], res.E[mk], res.W[mk], res.C4[mk], np.zeros(n_k, np.int64), 1)
            prev = beta[p - G] if j > 1 else -np.inf
            rows.append({
                "facet": fname, "element": level_label(scr.cats[gi][j]), "estimate": beta[p], "se": se_all[p],
                "relative": beta[p], "se_relative": se_all[p], "reference": "none", "infit": ck["infit"][0],
                "outfit": ck["outfit"][0], "infit_z": ck["infit_z"][0], "outfit_z": ck["outfit_z"][0], "n": n_k,
                "observed_mean": float(scr.cats[gi][j]), "expected_mean": float(scr.cats[gi][j]),
                "flag": "disordered" if beta[p] < prev else FLAG_OK,  # below the step before it
            })
    return rows


def finite_table(rows: list[dict[str, Any]], note: Notes) -> pd.DataFrame:
    """The rows as a table, any non-finite number replaced by 0 (with a note; never expected)."""
    est = pd.DataFrame(rows)
    for c in est.select_dtypes("number").columns:
        bad = ~np.isfinite(est[c].to_numpy(float))
        if bad.any():  # should not happen; never let NaN through
            note(f"internal: {int(bad.sum())} non-finite value(s) in column {c!r} replaced by 0")
            est.loc[bad, c] = 0.0
    return est


def global_fit(cal: Calibration) -> dict[str, float]:
    """Infit and outfit mean-squares over every rating of the joint fit."""
    sel = cal.scr.active & cal.usable
    res = cal.res
    gfit = element_fit(res.x[sel], res.E[sel], res.W[sel], res.C4[sel], np.zeros(int(sel.sum()), np.int64), 1)
    return {"infit": float(gfit["infit"][0]), "outfit": float(gfit["outfit"][0])}
