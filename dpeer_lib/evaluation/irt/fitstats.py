"""Fit statistics of a many-facet Rasch fit: infit/outfit mean-squares, separation, reliability, strata."""
from __future__ import annotations

import math

import numpy as np


def element_fit(x: np.ndarray, E: np.ndarray, W: np.ndarray, C4: np.ndarray, idx: np.ndarray,
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


def separation(est: np.ndarray, se: np.ndarray) -> dict[str, float]:
    """Facet spread against measurement error: separation, reliability and strata."""
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
