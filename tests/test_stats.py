"""Wilson intervals and McNemar tests against statsmodels and hand computation; the table writers."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from dpeer_lib.core import stats as ST
from dpeer_lib.dual_failure import tables as T


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


# --------------------------------------------------------------------------- tables
def _estimates():
    rows = []
    theta = {"sft": {"A": 0.1, "T": -0.2, "E": 0.3, "C": 0.0}, "lagdpo": {"A": -0.5, "T": 0.9, "E": 0.4, "C": -0.3}}
    for s, dims in theta.items():
        for d, v in dims.items():
            rows.append({"facet": "system:dimension", "element": f"{s}:{d}", "estimate": v, "se": 0.2,
                         "relative": v - theta["sft"][d], "se_relative": 0.25, "reference": f"sft:{d}"})
    rows.append({"facet": "item", "element": "i1", "estimate": 0.0, "se": 0.1, "relative": 0.0,
                 "se_relative": 0.1, "reference": "none"})
    return pd.DataFrame(rows)


def test_irt_theta_and_main_table():
    th = T.irt_theta(_estimates())
    assert len(th) == 8
    lag_t = th[(th.system == "lagdpo") & (th.dimension == "T")].iloc[0]
    assert lag_t.delta_vs_ref == pytest.approx(1.1) and lag_t.se_delta == pytest.approx(0.25)
    disp, num = T.main_table(th)
    assert list(disp["system"]) == ["sft", "lagdpo", f"{T.PAPER_COLUMN} (Δ vs SFT)"]
    assert list(disp.columns) == ["system", *[f"θ {d}" for d in "ATEC"], *[f"Δ {d} vs sft" for d in "ATEC"]]
    paper = disp.iloc[-1]
    assert paper["Δ T vs sft"] == "+2.5" and paper["Δ C vs sft"] == "-1.3" and paper["Δ A vs sft"] == "-0.8"
    assert disp.loc[1, "Δ T vs sft"] == "+1.10 ± 0.25" and disp.loc[1, "θ T"] == "+0.90 ± 0.20"
    assert disp.loc[0, "Δ T vs sft"] == "(reference)"
    assert set(num["paper_lagdpo_delta_vs_sft"]) == {2.5, 0.8, -0.8, -1.3}
    with pytest.raises(ValueError, match="system:dimension"):
        T.irt_theta(_estimates().query("facet == 'item'"))


def test_write_all_writes_three_formats_with_paper_column(tmp_path):
    dual = []
    for s in ("sft", "lagdpo"):
        for m, (k, n) in {"sycophancy_rate": (13, 24), "unsafe_refusal": (40, 60), "safe_compliance": (98, 100)}.items():
            ci = ST.rate_ci(k, n)
            dual.append({"system": s, "metric": m, "k": k, "n": n, "rate": ci.rate, "lo": ci.lo, "hi": ci.hi,
                         "p_vs_ref": None if s == "sft" else 0.04})
    sel = pd.DataFrame([{"system": s, "dimension": d, "reward_accuracy": 0.6, "selection_accuracy": 0.5}
                        for s in ("sft", "lagdpo") for d in "ATEC"])
    written = T.write_all(tmp_path, main=T.main_table(T.irt_theta(_estimates())), dual=pd.DataFrame(dual),
                          selection=sel)
    assert set(written) == {"main", "dual_failure", "selection"}
    for name, files in written.items():
        assert {p.suffix for p in files.values()} == {".md", ".tex", ".csv"}
        md = files["md"].read_text()
        tex = files["tex"].read_text()
        assert T.PAPER_COLUMN in md and "paper: Lag-DPO" in tex
        assert tex.startswith(r"\begin{table}") and rf"\label{{tab:{name}}}" in tex and r"\bottomrule" in tex
        assert "_" not in tex.replace(r"\_", "").replace("tab:dual_failure", "")  # underscores escaped
    md = written["dual_failure"]["md"].read_text()
    assert "0.542" in md and "0.980" in md and "(p=0.04)" in md
    row = md.splitlines()[4]
    assert row.startswith("| sycophancy rate") and "0.542 [" in row  # 13/24 = 0.542 with its interval
    csv = pd.read_csv(written["dual_failure"]["csv"])
    assert {"system", "metric", "k", "n", "rate", "lo", "hi"} <= set(csv.columns)
    assert "0.643" in md  # the paper's unsafe refusal
    assert pd.read_csv(written["main"]["csv"])["paper_lagdpo_delta_vs_sft"].notna().all()


def test_selection_display_shows_accuracies_and_keeps_everything_in_the_csv():
    sel = pd.DataFrame([{"system": s, "dimension": d, "n": 8, "reward_acc": 0.75, "likelihood_acc": 0.5,
                         "reward_margin": 0.1} for s in ("lagdpo", "sft") for d in ["A", "T", "all"]])
    disp, num = T.selection_table(sel)
    assert list(disp["system"]) == ["sft", "lagdpo"]  # the paper's order, not the input's
    assert list(disp.columns) == ["system", "reward acc A", "reward acc T", "reward acc all",
                                  "likelihood acc A", "likelihood acc T", "likelihood acc all", T.PAPER_COLUMN]
    assert disp.loc[0, "reward acc T"] == "0.750"
    assert {"n", "reward_margin"} <= set(num.columns)
