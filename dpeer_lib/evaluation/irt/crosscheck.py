"""The cross-check: a cumulative-logit (proportional odds) fit with statsmodels' ``OrderedModel``."""
from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from dpeer_lib.evaluation.irt.design import (
    FLAG_OK, THRESHOLD, IRTInputError, Notes, level_label, parse_reference, sort_levels)
from dpeer_lib.evaluation.irt.fitstats import element_fit
from dpeer_lib.evaluation.irt.result import write_outputs


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
        """The contents of fit.json."""
        return {"link": "cumulative", "loglik": self.loglik, "deviance": -2 * self.loglik, "n_obs": self.n_obs,
                "n_params": self.n_params, "aic": -2 * self.loglik + 2 * self.n_params,
                "bic": -2 * self.loglik + math.log(max(self.n_obs, 1)) * self.n_params,
                "converged": self.converged, "seconds": self.seconds,
                "coefficients": self.coef.to_dict(), "thresholds": self.thresholds.to_dict(),
                "model": self.model, "warnings": self.warnings}

    def summary(self) -> str:
        """A printable summary: fit and every coefficient and threshold."""
        t = pd.DataFrame({"estimate": pd.concat([self.coef, self.thresholds]),
                          "se": pd.concat([self.se, self.threshold_se])})
        return (f"link: cumulative  loglik: {self.loglik:.4f}  n_obs: {self.n_obs}  n_params: {self.n_params}"
                f"  converged: {self.converged} ({self.seconds:.2f} s)\n"
                + t.to_string(float_format=lambda v: f"{v:.4f}"))

    def write(self, out_dir: str | Path) -> tuple[Path, Path]:
        """Write ``estimates.csv`` and ``fit.json`` into ``out_dir``."""
        return write_outputs(self, out_dir)


def fit_cumulative_logit(df: pd.DataFrame, score: str, covariates: Sequence[str], *,
                         reference: Mapping[str, str] | Sequence[str] | str | None = None,
                         numeric: Sequence[str] = (), maxiter: int = 2000,
                         source: str = "<ratings>") -> CumulativeFit:
    """Cumulative-logit (proportional odds) fit with statsmodels ``OrderedModel``, for small data.

    Categorical covariates are dummy-coded against their first level (or the ``reference`` level) and
    named like R: ``tempwarm``. P(Y <= k) = logistic(c_k - x'b), so a positive b raises the rating.
    """
    # statsmodels is needed by this cross-check only, and it is slow to import
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    t0 = time.perf_counter()
    note = Notes()
    d, y = _complete_rows(df, score, covariates, source, note)
    X, term_levels = _design_matrix(d, covariates, numeric, parse_reference(reference), source)
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
        note(f"{source}: OrderedModel (BFGS) did not converge in {maxiter} iterations")
    k = X.shape[1]
    params = np.asarray(res.params, float)
    covm = np.asarray(res.cov_params(), float)
    coef = pd.Series(params[:k], index=list(X.columns), dtype=float)
    se = pd.Series(np.sqrt(np.maximum(np.diag(covm)[:k], 0)), index=list(X.columns), dtype=float)
    cut, cse = _cut_points(mod, params, covm, k)
    tlab = [f"{level_label(cats[i])}|{level_label(cats[i + 1])}" for i in range(len(cut))]
    rows = _covariate_rows(d, y, covariates, numeric, term_levels, coef, se, cats, np.asarray(res.predict(), float))
    xpos = np.searchsorted(cats, y.to_numpy())
    for i, lab in enumerate(tlab):
        rows.append({"facet": THRESHOLD, "element": lab, "estimate": cut[i], "se": cse[i], "relative": cut[i],
                     "se_relative": cse[i], "reference": "none", "infit": 1.0, "outfit": 1.0, "infit_z": 0.0,
                     "outfit_z": 0.0, "n": int((xpos == i).sum()), "observed_mean": float(cats[i]),
                     "expected_mean": float(cats[i]), "flag": FLAG_OK})
    model = {"covariates": list(covariates), "score": score, "distr": "logit",
             "reference": {c: term_levels[c][0] for c in covariates if c not in numeric},
             "categories": [level_label(v) for v in cats]}
    return CumulativeFit(coef, se, pd.Series(cut, index=tlab), pd.Series(cse, index=tlab), float(res.llf),
                         int(len(d)), int(len(params)), bool(res.mle_retvals.get("converged", True)),
                         pd.DataFrame(rows), note.messages, time.perf_counter() - t0, model)


def _complete_rows(df: pd.DataFrame, score: str, covariates: Sequence[str], source: str,
                   note: Notes) -> tuple[pd.DataFrame, pd.Series]:
    """The rows with a numeric score and every covariate, and their scores."""
    cols = [score] + list(covariates)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise IRTInputError(f"{source}: missing column(s) {missing}; the table has {list(df.columns)}")
    y = pd.to_numeric(df[score], errors="coerce")
    keep = y.notna() & df[list(covariates)].notna().all(axis=1)
    if (~keep).any():
        note(f"{source}: {int((~keep).sum())} row(s) with a missing score or covariate are dropped")
    return df.loc[keep], y[keep]


def _design_matrix(d: pd.DataFrame, covariates: Sequence[str], numeric: Sequence[str], ref: dict[str, str],
                   source: str) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Numeric covariates as they are, categorical ones dummy-coded against the reference (first) level."""
    X_parts = []
    term_levels: dict[str, list[str]] = {}
    for c in covariates:
        if c in numeric:
            X_parts.append(d[[c]].astype(float))
            term_levels[c] = [c]
            continue
        lv = [level_label(v) for v in sort_levels(d[c])]
        lab = d[c].map(level_label)
        if c in ref:
            if ref[c] not in lv:
                raise IRTInputError(f"{source}: reference level {c}={ref[c]} not among {lv}")
            lv = [ref[c]] + [v for v in lv if v != ref[c]]
        term_levels[c] = lv
        for v in lv[1:]:
            X_parts.append(pd.DataFrame({f"{c}{v}": (lab == v).astype(float).to_numpy()}, index=d.index))
    X = pd.concat(X_parts, axis=1) if X_parts else pd.DataFrame(index=d.index)
    return X, term_levels


def _cut_points(mod: Any, params: np.ndarray, covm: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The cut points c_k and their SEs (delta method through statsmodels' log-increment parametrisation)."""
    cut = np.asarray(mod.transform_threshold_params(params))[1:-1]
    Jm = np.zeros((len(cut), len(params) - k))  # d cut / d (first cut, log increments)
    u = params[k:]
    for i in range(len(cut)):
        Jm[i, 0] = 1.0
        for q in range(1, i + 1):
            Jm[i, q] = math.exp(u[q])
    cse = np.sqrt(np.maximum(np.diag(Jm @ covm[k:, k:] @ Jm.T), 0))
    return cut, cse


def _covariate_rows(d: pd.DataFrame, y: pd.Series, covariates: Sequence[str], numeric: Sequence[str],
                    term_levels: dict[str, list[str]], coef: pd.Series, se: pd.Series, cats: np.ndarray,
                    probs: np.ndarray) -> list[dict[str, Any]]:
    """One estimates row per covariate level, with fit statistics from the predicted category probabilities."""
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
                         "expected_mean": float(d[c].mean()), "flag": FLAG_OK})
            continue
        lv = term_levels[c]
        lab = d[c].map(level_label).to_numpy()
        ix = np.array([lv.index(v) for v in lab])
        st = element_fit(xpos.astype(float), E, W, C4, ix, len(lv))
        for e, v in enumerate(lv):
            b = 0.0 if e == 0 else coef[f"{c}{v}"]
            s = 0.0 if e == 0 else se[f"{c}{v}"]
            rows.append({"facet": c, "element": v, "estimate": b, "se": s, "relative": b, "se_relative": s,
                         "reference": lv[0], "infit": st["infit"][e], "outfit": st["outfit"][e],
                         "infit_z": st["infit_z"][e], "outfit_z": st["outfit_z"][e], "n": int(st["n"][e]),
                         "observed_mean": float(y.to_numpy()[ix == e].mean()),
                         "expected_mean": float(np.interp(st["exp"][e], kvec, cats)),
                         "flag": "reference" if e == 0 else FLAG_OK})
    return rows
