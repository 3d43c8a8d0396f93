"""Comparison of many-facet Rasch fits to the same ratings by log-likelihood, parameters, AIC and BIC."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from dpeer_lib.evaluation.irt.design import IRTInputError
from dpeer_lib.evaluation.irt.result import RaschFit


def compare_fits(fits: Mapping[str, RaschFit]) -> pd.DataFrame:
    """One row per fit (loglik, n_params, n_obs, AIC, BIC, their differences to the best); best by BIC first.

    The fits must be to the same ratings (equal ``n_obs``). ``attrs["best"]`` names the fit with the lowest
    BIC; the column ``best`` marks it, ``best_aic`` the one with the lowest AIC.
    """
    if len(fits) < 2:
        raise IRTInputError("compare_fits needs two or more fits")
    rows = []
    for name, f in fits.items():
        d = f.to_dict()
        rows.append({"model": name, "thresholds": f.model.get("thresholds"),
                     "thresholds_by": f.model.get("thresholds_by"), "loglik": d["loglik"],
                     "n_params": d["n_params"], "n_obs": d["n_obs"], "aic": d["aic"], "bic": d["bic"]})
    t = pd.DataFrame(rows)
    if t["n_obs"].nunique() > 1:
        raise IRTInputError(f"compare_fits: the fits use different ratings (n_obs {dict(zip(t.model, t.n_obs))}); "
                            "likelihoods of different data are not comparable")
    t["delta_aic"] = t["aic"] - t["aic"].min()
    t["delta_bic"] = t["bic"] - t["bic"].min()
    t["best_aic"] = t["delta_aic"] == 0
    t["best"] = t["delta_bic"] == 0
    t = t.sort_values(["bic", "model"], kind="stable").reset_index(drop=True)
    t.attrs["best"] = str(t.loc[0, "model"])
    return t
