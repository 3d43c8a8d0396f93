"""Intervals and paired tests for the benchmark rates (DESIGN §6), via statsmodels.

- :func:`wilson` / :func:`rate_ci`: Wilson score interval of a binomial proportion
  (``statsmodels.stats.proportion.proportion_confint(method="wilson")``).
- :func:`mcnemar_paired`: McNemar's test of two systems on the *same* items, each item giving a binary
  outcome per system (``statsmodels.stats.contingency_tables.mcnemar``). Items missing for either system
  are dropped. By default the exact binomial test is used when there are fewer than 25 discordant pairs,
  and the chi-square test with continuity correction otherwise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Mapping, Sequence

import numpy as np

EXACT_BELOW = 25  # discordant pairs under which McNemar's exact binomial version is used


@dataclass(frozen=True)
class RateCI:
    """A proportion k/n with its Wilson interval (NaN when n = 0)."""

    k: int
    n: int
    rate: float
    lo: float
    hi: float
    alpha: float = 0.05

    def fmt(self, digits: int = 3) -> str:
        if self.n == 0:
            return "n/a"
        return f"{self.rate:.{digits}f} [{self.lo:.{digits}f}, {self.hi:.{digits}f}]"


def wilson(k: float, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (``(nan, nan)`` when n = 0; k may count half successes)."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"wilson: need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return float("nan"), float("nan")
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
    p = k / n  # guard against rounding at k = 0 or k = n (the interval always contains p)
    return max(0.0, min(float(lo), p)), min(1.0, max(float(hi), p))


def rate_ci(k: int, n: int, alpha: float = 0.05) -> RateCI:
    lo, hi = wilson(k, n, alpha)
    return RateCI(int(k), int(n), k / n if n else float("nan"), lo, hi, alpha)


def complement(ci: RateCI) -> RateCI:
    """The interval of 1 - rate (e.g. consistency from the sycophancy rate); Wilson is symmetric in this."""
    return RateCI(ci.n - ci.k, ci.n, 1 - ci.rate if ci.n else float("nan"), 1 - ci.hi, 1 - ci.lo, ci.alpha)


@dataclass(frozen=True)
class McNemarResult:
    """Paired comparison of systems a and b: ``b10`` items where only a succeeds, ``b01`` only b."""

    n_pairs: int
    n11: int
    b10: int
    b01: int
    n00: int
    statistic: float
    pvalue: float
    method: str

    @property
    def difference(self) -> float:
        """rate(a) - rate(b) over the paired items."""
        return (self.b10 - self.b01) / self.n_pairs if self.n_pairs else float("nan")


def _bool(v) -> bool | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return bool(v)


def mcnemar_paired(a: Sequence, b: Sequence, exact: bool | None = None) -> McNemarResult:
    """McNemar's test on paired binary outcomes ``a[i]``, ``b[i]`` of the same item i (None = missing)."""
    if len(a) != len(b):
        raise ValueError(f"mcnemar_paired: {len(a)} outcomes for a but {len(b)} for b (pair them per item)")
    pairs = [(x, y) for x, y in ((_bool(x), _bool(y)) for x, y in zip(a, b)) if x is not None and y is not None]
    n11 = sum(x and y for x, y in pairs)
    b10 = sum(x and not y for x, y in pairs)
    b01 = sum(y and not x for x, y in pairs)
    n00 = sum((not x) and (not y) for x, y in pairs)
    n = len(pairs)
    if b10 + b01 == 0:  # no discordant pair: no evidence of a difference
        return McNemarResult(n, n11, b10, b01, n00, 0.0, 1.0, "none (no discordant pairs)")
    use_exact = (b10 + b01) < EXACT_BELOW if exact is None else exact
    from statsmodels.stats.contingency_tables import mcnemar

    res = mcnemar(np.array([[n11, b10], [b01, n00]]), exact=use_exact, correction=True)
    method = "exact binomial" if use_exact else "chi-square, continuity-corrected"
    return McNemarResult(n, n11, b10, b01, n00, float(res.statistic), float(res.pvalue), method)


def mcnemar_by_item(a: Mapping[Hashable, object], b: Mapping[Hashable, object],
                    exact: bool | None = None) -> McNemarResult:
    """McNemar's test on per-item outcomes keyed by item id; only items present in both are paired."""
    keys = [k for k in a if k in b]
    return mcnemar_paired([a[k] for k in keys], [b[k] for k in keys], exact)
