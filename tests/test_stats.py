"""Wilson intervals and McNemar tests against statsmodels and hand computation."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from dpeer_lib.core import stats as ST


# --------------------------------------------------------------------------- Wilson
@pytest.mark.parametrize("k,n", [(0, 10), (7, 20), (20, 20), (49, 100), (1, 3)])
def test_wilson_matches_statsmodels(k, n):
    lo, hi = ST.wilson(k, n)
    ref = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert (lo, hi) == pytest.approx(ref, abs=1e-12)
    assert lo <= k / n <= hi


def test_wilson_by_hand():
    k, n, z = 7, 20, sps.norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert ST.wilson(k, n) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert ST.wilson(7, 20, alpha=0.1)[1] < centre + half  # a narrower interval at 90%


def test_rate_ci_and_complement():
    ci = ST.rate_ci(13, 24)
    assert ci.rate == pytest.approx(13 / 24)
    comp = ST.complement(ci)
    ref = proportion_confint(11, 24, method="wilson")
    assert (comp.lo, comp.hi) == pytest.approx(ref, abs=1e-12)  # Wilson is symmetric in k <-> n-k
    assert comp.rate + ci.rate == pytest.approx(1.0)
    assert math.isnan(ST.rate_ci(0, 0).rate) and ST.rate_ci(0, 0).fmt() == "n/a"
    with pytest.raises(ValueError):
        ST.wilson(5, 3)


# --------------------------------------------------------------------------- McNemar
def _pairs(n11, b10, b01, n00):
    a = [1] * n11 + [1] * b10 + [0] * b01 + [0] * n00
    b = [1] * n11 + [0] * b10 + [1] * b01 + [0] * n00
    return a, b


def test_mcnemar_exact_matches_statsmodels_and_hand():
    a, b = _pairs(30, 2, 8, 10)
    r = ST.mcnemar_paired(a, b)
    assert (r.n_pairs, r.n11, r.b10, r.b01, r.n00) == (50, 30, 2, 8, 10)
    assert r.method == "exact binomial"
    ref = mcnemar(np.array([[30, 2], [8, 10]]), exact=True)
    assert r.pvalue == pytest.approx(ref.pvalue, abs=1e-12)
    assert r.pvalue == pytest.approx(2 * (1 + 10 + 45) / 2**10, abs=1e-12)  # 2 * P(X <= 2), X ~ Bin(10, 1/2)
    assert r.difference == pytest.approx((2 - 8) / 50)


def test_mcnemar_chi2_matches_statsmodels_and_hand():
    a, b = _pairs(5, 10, 30, 5)
    r = ST.mcnemar_paired(a, b)
    assert r.method.startswith("chi-square")
    ref = mcnemar(np.array([[5, 10], [30, 5]]), exact=False, correction=True)
    assert (r.statistic, r.pvalue) == pytest.approx((ref.statistic, ref.pvalue), abs=1e-12)
    assert r.statistic == pytest.approx((abs(10 - 30) - 1) ** 2 / 40)
    assert r.pvalue == pytest.approx(sps.chi2.sf((abs(10 - 30) - 1) ** 2 / 40, 1))


def test_mcnemar_pairs_per_item_and_drops_missing():
    a = {"i1": True, "i2": True, "i3": False, "i4": None, "i5": True}
    b = {"i1": False, "i2": True, "i3": True, "i4": True, "i6": False}
    r = ST.mcnemar_by_item(a, b)
    assert r.n_pairs == 3 and (r.b10, r.b01) == (1, 1)
    none = ST.mcnemar_paired([1, 0], [1, 0])
    assert none.pvalue == 1.0 and none.b10 == none.b01 == 0
    with pytest.raises(ValueError, match="pair them per item"):
        ST.mcnemar_paired([1], [1, 0])
