"""Tests of the many-facet Rasch engine (dpeer_lib.evaluation.irt): recovery, coverage, cross-checks, bad input, CLI."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dpeer_lib.__main__ import main
from dpeer_lib.evaluation import irt
from dpeer_lib.evaluation.irt import design, engine

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WINE = DATA / "irt" / "wine.csv"
THETA = "system:dimension"
SPEC = dict(facets=["system", "item", "judge"], interactions=[("system", "dimension")])


def _fit(df, **kw):
    args = {**SPEC, **kw}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", irt.IRTWarning)
        return irt.fit(df, "score", args.pop("facets"), **args)


def _no_nan(fit) -> None:
    num = fit.estimates.select_dtypes("number")
    assert np.isfinite(num.to_numpy(float)).all()
    assert not fit.estimates.isna().any().any()


# ------------------------------------------------------------------ recovery at the paper's size
def test_paper_size_theta_rmse():
    """5 systems x 4 dims x 220 items x 2 judges: theta within 0.15 logits RMSE of the truth."""
    df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=220, n_judges=2, seed=11)
    assert len(df) == 5 * 4 * 220 * 2
    f = _fit(df, reference={"system": "s1"})
    assert f.converged
    th = f.facet(THETA)
    err = th.loc[truth[THETA].index, "estimate"] - truth[THETA]
    rmse = float(np.sqrt((err ** 2).mean()))
    assert rmse <= 0.15, rmse
    # the other facets are recovered too, and the SEs are of the size the errors have
    jd = f.facet("judge").loc[truth["judge"].index, "estimate"] - truth["judge"]
    assert np.abs(jd).max() < 0.1
    tau = f.facet("threshold")["estimate"].to_numpy() - truth["threshold"].to_numpy()
    assert np.abs(tau).max() < 0.15
    assert 0.5 < rmse / th["se"].mean() < 2.0
    # reference: relative theta of the reference system is 0 with SE 0; others equal differences
    rel = th[th.index.str.startswith("s1:")]
    assert np.allclose(rel["relative"], 0) and np.allclose(rel["se_relative"], 0)
    assert np.isclose(th.loc["s3:T", "relative"], th.loc["s3:T", "estimate"] - th.loc["s1:T", "estimate"])
    _no_nan(f)


def test_coverage_of_95pct_intervals():
    """Coverage of the 95% intervals for theta over repeated simulations lies in [0.92, 0.98].

    60 replications of a 5 x 4 x 20-item x 2-judge design (800 ratings each) give 1,200 intervals, so
    the binomial SD of the coverage is about 0.006 and [0.92, 0.98] is about +-4.5 SD around 0.95: wide
    enough not to flake, narrow enough to catch SEs 20% too small (coverage about 0.88, checked below).
    JMLE's small upward bias in the spread of theta at 20 items (slope about 1.06) leaves the coverage
    near 0.94. The small design keeps it at about 2 s.
    """
    z_all = []
    for rep in range(60):
        df, truth = irt.simulate(n_items=20, n_judges=2, seed=1000 + rep)
        f = _fit(df)
        th = f.facet(THETA).loc[truth[THETA].index]
        z_all += list((th["estimate"] - truth[THETA]) / th["se"])
    z = np.abs(np.array(z_all))
    cov = float(np.mean(z < 1.959964))
    assert 0.92 <= cov <= 0.98, cov
    assert np.mean(z < 1.959964 * 0.8) < 0.92  # the test has power against too-small SEs


def test_gradient_and_information_are_exact():
    """Analytic gradient and information match central finite differences (all options on)."""
    df, _ = irt.simulate(n_systems=3, n_dims=2, n_items=25, n_judges=3, n_categories=4, judge_dim_sd=0.5,
                         seed=3)
    terms = design.build_terms(["system", "item", "judge"], None, [("system", "dimension"), ("judge", "dimension")])
    data = design.prepare(df, "score", terms, "dimension", "<t>", design.Notes())
    cats, pos = design.category_map(data.x_raw, data.group, 2, np.ones(len(df), bool), None)
    K = np.array([len(c) for c in cats])
    eng = engine.Engine(terms, [t.idx for t in terms], pos, data.group, K, eliminate=True)
    beta = np.random.default_rng(0).normal(0, 0.5, eng.P)
    ll, g, _, (Dg, B, Hr) = eng.grad_info(beta)
    eps = 1e-6
    I = np.eye(eng.P)
    gn = np.array([(eng.loglik(beta + eps * I[i])[0] - eng.loglik(beta - eps * I[i])[0]) / (2 * eps)
                   for i in range(eng.P)])
    assert np.abs(g - gn).max() < 1e-5
    Pb = eng.P_b
    H = np.zeros((eng.P, eng.P))
    H[:Pb, :Pb] = np.diag(Dg)
    H[:Pb, Pb:] = B
    H[Pb:, :Pb] = B.T
    H[Pb:, Pb:] = Hr
    Hn = np.array([(eng.grad_info(beta + eps * I[i], False)[1] - eng.grad_info(beta - eps * I[i], False)[1])
                   / (2 * eps) for i in range(eng.P)])
    assert np.abs(H + Hn).max() < 1e-5 * max(1.0, np.abs(H).max())


def test_schur_covariance_equals_dense_constrained_inverse():
    """SEs from the Schur complement equal Z (Z'HZ)^-1 Z' computed densely."""
    from scipy.linalg import null_space

    df, _ = irt.simulate(n_systems=3, n_dims=2, n_items=30, n_judges=3, seed=8)
    a = _fit(df, eliminate=True)
    b = _fit(df, eliminate=False)
    assert a.model["eliminated_facet"] == "item" and b.model["eliminated_facet"] is None
    m = a.estimates.merge(b.estimates, on=["facet", "element"])
    assert np.allclose(m["estimate_x"], m["estimate_y"], atol=1e-7)
    assert np.allclose(m["se_x"], m["se_y"], atol=1e-9)
    # and against the dense textbook formula
    terms = design.build_terms(["system", "item", "judge"], None, [("system", "dimension")])
    data = design.prepare(df, "score", terms, None, "<t>", design.Notes())
    cats, pos = design.category_map(data.x_raw, data.group, 1, np.ones(len(df), bool), None)
    eng = engine.Engine(terms, [t.idx for t in terms], pos, data.group, np.array([len(cats[0])]), eliminate=True)
    beta, conv, _, _ = eng.run(100, 1e-10)
    _, _, _, (Dg, B, Hr) = eng.grad_info(beta)
    H = np.block([[np.diag(Dg), B], [B.T, Hr]])
    Z = null_space(eng.C.T)
    dense = np.diag(Z @ np.linalg.inv(Z.T @ H @ Z) @ Z.T)
    _, var = eng.covariance(eng.factor((Dg, B, Hr)))
    assert conv and np.allclose(var, dense, rtol=1e-8, atol=1e-12)


# ------------------------------------------------------------------ model options
def test_partial_credit_and_judge_by_dimension_bias():
    thr = {"A": [-2, -1, 1, 2], "T": [-1, -0.5, 0.5, 1], "E": [-3, 0, 1, 2], "C": [0, 0, 0, 0]}
    df, truth = irt.simulate(n_items=100, n_judges=4, thresholds=thr, judge_dim_sd=0.6, seed=3)
    f = _fit(df, interactions=[("system", "dimension"), ("judge", "dimension")], thresholds_by="dimension")
    assert f.model["thresholds"] == "partial_credit"
    for d in "ATEC":
        est = f.facet(f"threshold[{d}]")["estimate"].to_numpy()
        assert np.abs(est - truth[f"threshold[{d}]"].to_numpy()).max() < 0.3
    jd = f.facet("judge:dimension")["estimate"]
    err = jd[truth["judge:dimension"].index] - truth["judge:dimension"]
    assert np.sqrt((err ** 2).mean()) < 0.1 < np.abs(truth["judge:dimension"]).mean()
    # bias terms are double-centred
    cells = pd.Series(jd.to_numpy(), index=pd.MultiIndex.from_tuples([tuple(e.split(":")) for e in jd.index]))
    assert np.allclose(cells.groupby(level=0).sum(), 0) and np.allclose(cells.groupby(level=1).sum(), 0)
    # without the bias term the fit is worse by far more than the added parameters
    g = _fit(df, thresholds_by="dimension")
    assert f.loglik - g.loglik > (f.n_params - g.n_params)


def test_disordered_thresholds_are_flagged():
    df, _ = irt.simulate(n_items=100, thresholds=[-1.5, 1.0, -0.2, 1.5], seed=12)
    thr = _fit(df).facet("threshold")
    assert list(thr["flag"]) == ["ok", "ok", "disordered", "ok"]


def test_dichotomous_and_mixed_items():
    df, truth = irt.simulate(n_items=200, n_categories=2, seed=4)
    f = _fit(df)
    th = f.facet(THETA)
    err = th.loc[truth[THETA].index, "estimate"] - truth[THETA]
    assert np.sqrt((err ** 2).mean()) < 0.2
    assert len(f.facet("threshold")) == 1
    # mixed: dimension C scored 0/1, the others 1..5, one threshold set per dimension
    df, _ = irt.simulate(n_items=60, seed=6)
    c = df["dimension"] == "C"
    df.loc[c, "score"] = (df.loc[c, "score"] >= 3).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error", irt.IRTWarning)  # no spurious unused-category warnings
        f = irt.fit(df, "score", ["system", "item", "judge"], interactions=["system,dimension"],
                    thresholds_by="dimension")
    assert len(f.facet("threshold[C]")) == 1 and len(f.facet("threshold[A]")) == 4
    _no_nan(f)


def test_fit_statistics_flag_a_random_judge():
    """Infit/outfit near 1 for model-conforming judges; a judge rating at random misfits."""
    df, _ = irt.simulate(n_items=80, n_judges=3, seed=9)
    j = _fit(df).facet("judge")
    assert j["infit"].between(0.85, 1.15).all() and j["outfit"].between(0.85, 1.15).all()
    rng = np.random.default_rng(0)
    noisy = df["judge"] == "j2"
    df.loc[noisy, "score"] = rng.integers(1, 6, noisy.sum())
    f = _fit(df)
    j = f.facet("judge")
    assert j.loc["j2", "infit"] > 1.5 and "misfit" in j.loc["j2", "flag"]
    assert j["infit"].idxmax() == "j2" and j.loc[["j0", "j1"], "infit"].max() < 1.0  # the others now overfit
    st = f.facet_stats[THETA]
    assert 0 < st["reliability"] <= 1 and st["separation"] > 0 and st["strata"] == pytest.approx(
        (4 * st["separation"] + 1) / 3)
    assert f.n_params == 20 + (80 - 1) + (3 - 1) + (4 - 1)  # theta free; items, judges, thresholds sum to 0


# ------------------------------------------------------------------ cross-check with statsmodels
def test_wine_cumulative_logit_reproduces_published_figures():
    if not WINE.is_file():
        pytest.skip(f"{WINE} not present")
    w = pd.read_csv(WINE)
    c = irt.fit_cumulative_logit(w, "rating", ["temp", "contact"])
    assert c.coef["tempwarm"] == pytest.approx(2.5031, abs=2e-4)
    assert c.coef["contactyes"] == pytest.approx(1.5278, abs=2e-4)
    assert np.allclose(c.thresholds.to_numpy(), [-1.3444, 1.2508, 3.4669, 5.0064], atol=2e-4)
    assert c.loglik == pytest.approx(-86.49, abs=0.005)
    assert c.n_params == 6
    # the adjacent-category engine agrees on direction and significance of both effects
    f = _fit(w.rename(columns={"rating": "score"}), facets=["temp", "contact", "judge"], interactions=(),
             reference={"temp": "cold"})
    warm = f.facet("temp").loc["warm"]
    assert warm["relative"] > 2 * warm["se_relative"] > 0
    assert f.facet("contact").loc["yes", "estimate"] < 0  # contact raises bitterness: lower "difficulty"


# ------------------------------------------------------------------ bad input
def _small():
    df, _ = irt.simulate(n_systems=3, n_items=30, seed=5)
    return df


def test_nan_scores_are_dropped_with_a_warning():
    df = _small()
    df.loc[[3, 7, 11], "score"] = np.nan
    with pytest.warns(irt.IRTWarning, match=r"3 of 720 rating\(s\) have a missing \(NaN\) 'score'.*rows \[3, 7, 11\]"):
        f = irt.fit(df, "score", **SPEC)
    assert f.n_obs == 717 and f.dropped["rows_missing"] == 3
    _no_nan(f)


def test_constant_responses():
    df = _small()
    # a judge who always says 3: finite estimate, flagged constant and overfitting
    extra = df[df["judge"] == "j0"].assign(judge="jconst", score=3)
    # a judge who always says 5: extreme, estimated post hoc, flagged
    extra5 = df[df["judge"] == "j0"].assign(judge="jmax", score=5)
    d = pd.concat([df, extra, extra5], ignore_index=True)
    with pytest.warns(irt.IRTWarning, match=r"judge 'jmax' has an extreme score"):
        f = irt.fit(d, "score", **SPEC)
    j = f.facet("judge")
    assert "constant" in j.loc["jconst", "flag"] and "overfit" in j.loc["jconst", "flag"]
    assert "extreme_max" in j.loc["jmax", "flag"]
    assert j.loc["jmax", "estimate"] < j.loc[["j0", "j1", "jconst"], "estimate"].min()  # most lenient
    assert j.loc["jmax", "se"] > 0
    _no_nan(f)
    # every rating identical: a clear error, not a NaN table
    with pytest.raises(irt.IRTInputError, match=r"all 720 usable rating\(s\) have the same score 4"):
        irt.fit(df.assign(score=4), "score", **SPEC)


def test_extreme_ability_element_is_flagged_not_infinite():
    df = _small()
    df.loc[(df["system"] == "s0") & (df["dimension"] == "A"), "score"] = 5
    with pytest.warns(irt.IRTWarning, match=r"'s0:A' has an extreme score"):
        f = irt.fit(df, "score", **SPEC, reference={"system": "s1"})
    th = f.facet(THETA)
    assert th.loc["s0:A", "flag"].startswith("extreme_max")
    assert th.loc["s0:A", "estimate"] > th.drop("s0:A")["estimate"].max()
    assert 0 < th.loc["s0:A", "se_relative"] < 10
    assert f.facet_stats[THETA]["n"] == 11  # extreme elements left out of separation/reliability
    _no_nan(f)


def test_single_rating_element():
    df = _small()
    one = df.iloc[[1]].assign(judge="jone")
    with pytest.warns(irt.IRTWarning, match=r"judge 'jone' has a single rating"):
        f = irt.fit(pd.concat([df, one], ignore_index=True), "score", **SPEC)
    j = f.facet("judge").loc["jone"]
    assert j["flag"].startswith("single_rating") and j["n"] == 1 and j["se"] > 0.5
    assert f.n_obs == len(df)  # its rating is not in the joint fit
    _no_nan(f)


def test_unused_categories_are_reported_and_collapsed():
    df = _small()
    d = df[df["score"] != 3]
    with pytest.warns(irt.IRTWarning, match=r"score category \['3'\] never used"):
        f = irt.fit(d, "score", **SPEC)
    assert list(f.facet("threshold").index) == ["2", "4", "5"]
    # an unused top category is found only when the scale is declared
    d = df[df["score"] < 5]
    with pytest.warns(irt.IRTWarning, match=r"\['5'\] never used"):
        f = irt.fit(d, "score", **SPEC, categories=[1, 2, 3, 4, 5])
    assert len(f.facet("threshold")) == 3
    _no_nan(f)
    with pytest.raises(irt.IRTInputError, match=r"score outside the scale"):
        irt.fit(df, "score", **SPEC, categories=[1, 2, 3, 4])


def test_malformed_tables_name_row_field_and_reason():
    df = _small().astype({"score": object})
    df.loc[5, "score"] = "five"
    with pytest.raises(irt.IRTInputError, match=r"ratings\.csv: row\(s\) \[5\]: field 'score': not a number"):
        irt.fit(df, "score", **SPEC, source="ratings.csv")
    with pytest.raises(irt.IRTInputError, match=r"missing column\(s\) \['itemz'\]"):
        irt.fit(_small(), "score", ["system", "itemz", "judge"])
    with pytest.raises(irt.IRTInputError, match=r"nested in the ability facet"):
        irt.fit(_small(), "score", ["system", "dimension", "judge"], interactions=["system,dimension"])
    d = _small()
    d.loc[0, "judge"] = None
    with pytest.warns(irt.IRTWarning, match=r"no value in facet column 'judge'"):
        irt.fit(d, "score", **SPEC)


def test_disconnected_or_nested_designs_are_reported():
    a, _ = irt.simulate(n_systems=2, n_items=20, n_judges=1, seed=1)
    b, _ = irt.simulate(n_systems=2, n_items=20, n_judges=1, seed=2)
    b = b.assign(system=b["system"].map({"s0": "s2", "s1": "s3"}), item="x" + b["item"], judge="j1")
    with pytest.warns(irt.IRTWarning) as rec:
        f = irt.fit(pd.concat([a, b], ignore_index=True), "score", **SPEC)
    assert any("disconnected into 2 subsets" in str(w.message) for w in rec)
    assert f.model["subsets"] == 2 and f.facet(THETA).loc["s2:A", "flag"].count("subset_2") == 1
    _no_nan(f)
    # each judge rated one system only: severity and ability are confounded
    df, _ = irt.simulate(n_systems=2, n_items=20, n_judges=2, seed=1, judge_assignment=np.eye(2))
    with pytest.warns(irt.IRTWarning, match=r"not identified by the data"):
        f = irt.fit(df, "score", **SPEC)
    assert f.facet(THETA)["flag"].str.contains("not_identified").any()
    _no_nan(f)


# ------------------------------------------------------------------ outputs and CLI
def test_writer_outputs_have_no_nan(tmp_path):
    df = _small()
    f = _fit(df, reference={"system": "s2"})
    p1, p2 = f.write(tmp_path)
    est = pd.read_csv(p1, keep_default_na=False)
    for col in ["facet", "element", "estimate", "se", "infit", "outfit", "n", "flag"]:
        assert col in est.columns
    assert not pd.read_csv(p1).isna().any().any()
    fj = json.loads(p2.read_text())
    assert fj["loglik"] == pytest.approx(f.loglik) and fj["n_params"] == f.n_params
    assert set(fj["facets"]) == {THETA, "item", "judge"}


def test_cli_on_wine(tmp_path, capsys):
    if not WINE.is_file():
        pytest.skip(f"{WINE} not present")
    out = tmp_path / "irt"
    rc = main(["irt", "--ratings", str(WINE), "--score", "rating", "--facet", "temp", "--facet", "contact",
                       "--facet", "judge", "--reference-level", "temp=cold", "--out", str(out)])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "loglik:" in printed and "warm" in printed
    est = pd.read_csv(out / "estimates.csv")
    assert not est.isna().any().any()
    assert set(est["facet"]) == {"temp", "contact", "judge", "threshold"}
    assert len(est[est["facet"] == "judge"]) == 9
    fj = json.loads((out / "fit.json").read_text())
    assert fj["converged"] and fj["n_obs"] == 72
    # the cumulative link through the same command line
    rc = main(["irt", "--ratings", str(WINE), "--score", "rating", "--facet", "temp", "--facet", "contact",
                       "--link", "cumulative", "--out", str(tmp_path / "cum")])
    assert rc == 0 and "-86.49" in capsys.readouterr().out
    est = pd.read_csv(tmp_path / "cum" / "estimates.csv").set_index(["facet", "element"])
    assert est.loc[("temp", "warm"), "estimate"] == pytest.approx(2.5031, abs=2e-4)
    # errors: clear message, non-zero exit, nothing written
    rc = main(["irt", "--ratings", str(tmp_path / "nope.csv"), "--score", "rating", "--facet", "temp",
                       "--out", str(tmp_path / "x")])
    assert rc == 2 and "file not found" in capsys.readouterr().err
    rc = main(["irt", "--ratings", str(WINE), "--score", "stars", "--facet", "temp", "--out", str(tmp_path / "x")])
    assert rc == 2 and "missing column(s) ['stars']" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


# ------------------------------------------------------------------ notebook 05's bias demo
def test_bias_demo_raw_means_mislead_and_calibration_recovers():
    """Harsh judge on the better systems: raw means misorder them, calibrated theta does not."""
    from dpeer_lib.evaluation.stage import bias_demo

    demo = bias_demo(n_items=40, seed=1)
    assert demo.tau_raw < 0 < 0.99 < demo.tau_calibrated
    assert (demo.table["rank calibrated"] == demo.table["rank true"]).all()
    assert np.allclose(demo.judges["estimated"], demo.judges["true severity"], atol=0.25)
    assert "Kendall" in demo.text and "harshness penalty" in demo.text


# ------------------------------------------------------------------ items nested in dimensions (issue 15)
def _relative_truth(truth, ref="s0"):
    tr = truth[THETA]
    return tr - tr[[f"{ref}:{e.split(':')[1]}" for e in tr.index]].to_numpy()


def test_items_nested_in_dimensions_are_identified_and_recovered():
    """8 systems x 4 dims x 50 items per dim x 3 judges, each item on its own dimension (seed 2).

    The nesting is found from the data: items sum to zero within each dimension, every SE is finite and
    no estimate is flagged not_identified (before, three directions were free and every θ was flagged).
    θ is within 0.15 logits RMSE of the truth (0.093–0.146 over seeds 0–7; 0.096 at seed 2). Relative θ (to
    s0 on the same dimension, as reported) also carries the reference's own error (SE about 0.145), so its
    RMSE is about sqrt(2) times larger (0.13–0.30 over seeds 0–7): it is bounded at 0.30, not 0.15.
    """
    df, truth = irt.simulate(n_systems=8, n_dims=4, n_items=50, n_judges=3, nested=True, seed=2)
    assert len(df) == 8 * 4 * 50 * 3 and df.groupby("item")["dimension"].nunique().max() == 1
    with pytest.warns(irt.IRTWarning, match=r"facet 'item' is nested in 'dimension' \(4 groups"):
        f = irt.fit(df, "score", **SPEC, reference={"system": "s0"})
    assert f.converged and "item sums to zero within each of its 4 groups" in f.model["identification"]
    assert not f.estimates["flag"].str.contains("not_identified").any()
    assert f.estimates["se"].between(0, 1).all()
    th = f.facet(THETA).loc[truth[THETA].index]
    other = ~th.index.str.startswith("s0:")
    rel_err = (th["relative"] - _relative_truth(truth))[other]
    assert float(np.sqrt(((th["estimate"] - truth[THETA]) ** 2).mean())) <= 0.15
    assert float(np.sqrt((rel_err ** 2).mean())) <= 0.30
    items = f.facet("item")["estimate"]
    dim_of = df.drop_duplicates("item").set_index("item")["dimension"]
    assert np.allclose(items.groupby(dim_of[items.index].to_numpy()).sum(), 0, atol=1e-8)
    n_ph = len(f.dropped["post_hoc_elements"])  # an item with an extreme score is fitted post hoc
    assert f.n_params == 32 + (200 - n_ph - 4) + (3 - 1) + (4 - 1)  # 4 constraints on the items, not 1
    _no_nan(f)


def test_nesting_detection_leaves_crossed_and_confounded_designs_alone():
    """Crossed items, and judges split by system, get no per-group constraint (the old behaviour)."""
    def groups(df):
        terms = design.build_terms(["system", "item", "judge"], None, [("system", "dimension")])
        design.prepare(df, "score", terms, None, "<t>", design.Notes())
        return design.nested_groups(terms, [t.idx for t in terms])

    assert groups(irt.simulate(n_items=20, seed=1)[0]) == {}
    assert groups(irt.simulate(n_systems=2, n_items=20, n_judges=2, seed=1, judge_assignment=np.eye(2))[0]) == {}
    nested = groups(irt.simulate(n_systems=3, n_items=10, nested=True, seed=1)[0])
    assert list(nested) == [1] and np.bincount(nested[1]).tolist() == [10, 10, 10, 10]


def test_simulate_nested_and_judge_thresholds_keep_the_default_draws():
    a, ta = irt.simulate(n_items=30, judge_dim_sd=0.5, seed=3)
    b, tb = irt.simulate(n_items=30, judge_dim_sd=0.5, seed=3, nested=False, thresholds_by="dimension")
    assert a.equals(b) and all(ta[k].equals(tb[k]) for k in ta)
    n, tn = irt.simulate(n_systems=2, n_items=5, n_judges=1, nested=True, seed=0)
    assert len(n) == 2 * 4 * 5 and len(tn["item"]) == 20


# ------------------------------------------------------------------ per-judge rating scales
JUDGE_SCALES = {"j0": [-2.5, -1, 1, 2.5], "j1": [-0.5, -0.2, 0.2, 0.5], "j2": [1, -1, 0.5, -0.5]}


@pytest.mark.parametrize("differ", [True, False])
def test_thresholds_by_judge_compared_by_bic(differ):
    """Judges with their own scales: partial credit per judge wins by BIC; one shared scale: shared wins.

    With seed 0 the BIC margins are about 560 (different scales) and 41 (same scale) points.
    """
    kw = dict(thresholds=JUDGE_SCALES, thresholds_by="judge") if differ else {}
    df, truth = irt.simulate(n_items=30, n_judges=3, seed=0, **kw)
    shared = _fit(df)
    by_judge = _fit(df, thresholds_by="judge")
    assert by_judge.model["thresholds_by"] == "judge" and len(by_judge.facet("threshold[j1]")) == 4
    cmp = irt.compare_fits({"shared": shared, "by judge": by_judge})
    assert list(cmp.columns[:8]) == ["model", "thresholds", "thresholds_by", "loglik", "n_params", "n_obs",
                                     "aic", "bic"]
    row = cmp.set_index("model")
    assert row.loc["by judge", "n_params"] - row.loc["shared", "n_params"] == 2 * 3
    assert row.loc["by judge", "loglik"] >= row.loc["shared", "loglik"]
    best = "by judge" if differ else "shared"
    assert cmp.attrs["best"] == best and cmp.loc[0, "model"] == best and cmp.loc[0, "best"]
    assert cmp.loc[1, "delta_bic"] > 20
    if differ:
        est = by_judge.facet("threshold[j0]")["estimate"].to_numpy()
        assert np.abs(est - truth["threshold[j0]"].to_numpy()).max() < 0.5
    with pytest.raises(irt.IRTInputError, match="different ratings"):
        irt.compare_fits({"a": shared, "b": _fit(df.iloc[:-50])})


# ------------------------------------------------------------------ reliability over the trained systems
def test_reliability_over_a_subset_of_systems():
    """Oracle-like systems far out inflate the facet's reliability; the subset value matches a fit without them.

    Tolerance 0.02: the two fits differ only in the item, judge and threshold estimates (the full fit
    also uses the oracles' ratings), which move the trained systems' θ and SEs by a few hundredths; over
    seeds 0-4 the difference was at most 0.007, while the inflation is 0.14 to 0.8.
    """
    trained, oracles = ["base", "sft", "dpo", "lag", "ours"], ["golden", "reject_A", "reject_T"]
    rng = np.random.default_rng(0)
    th = np.vstack([rng.normal(0, 0.4, (5, 4)), np.full((1, 4), 3.0), [[-3, .5, .5, .5], [.5, -3, .5, .5]]])
    df, _ = irt.simulate(systems=trained + oracles, theta=th, n_items=12, n_judges=2, seed=0)
    f = _fit(df, reliability_over=trained)
    alone = _fit(df[df["system"].isin(trained)])
    r = f.reliability_over
    assert r["column"] == "system" and r["others_levels"] == sorted(oracles)
    assert r["subset"]["n"] == 20 and r["others"]["n"] == 12
    assert f.facet_stats[THETA]["reliability"] > r["subset"]["reliability"] + 0.1
    assert r["subset"]["reliability"] == pytest.approx(alone.facet_stats[THETA]["reliability"], abs=0.02)
    assert r["subset"]["separation"] == pytest.approx(alone.facet_stats[THETA]["separation"], abs=0.1)
    assert f.to_dict()["reliability_over"] == r and "reliability_over" not in alone.to_dict()
    everything = f.separation_over(trained + oracles)
    assert everything["subset"]["reliability"] == pytest.approx(f.facet_stats[THETA]["reliability"], abs=1e-12)
    with pytest.raises(irt.IRTInputError, match="not in the fit"):
        f.separation_over(["nope"])


# ------------------------------------------------------------------ JMLE small-sample bias
def test_bootstrap_bias_correction_brings_the_slope_to_one():
    """5 systems x 4 dims x 12 items x 2 judges, seeds 0-59 pooled: slope of estimated on true Δθ.

    Uncorrected JMLE stretches Δθ (slope about 1.08 here, 1.09 over 150 seeds); the bootstrap
    correction (30 replicates) brings it to about 1.01. Elements with an extreme score are left out.
    The uncorrected relative θ is the corrected one times the measured stretch, so one fit gives both.
    """
    true, raw, corrected = [], [], []
    for seed in range(60):
        df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=12, n_judges=2, seed=seed)
        f = _fit(df, reference={"system": "s0"}, bias_correction="bootstrap", bias_reps=30)
        scale = f.model["bias_correction"]["scale"]
        th = f.facet(THETA).loc[truth[THETA].index]
        ok = ~th["flag"].str.contains("extreme")
        ok &= ok[[f"s0:{e.split(':')[1]}" for e in th.index]].to_numpy() & ~th.index.str.startswith("s0:")
        true += list(_relative_truth(truth)[ok])
        corrected += list(th.loc[ok, "relative"])
        raw += list(th.loc[ok, "relative"] * scale)
    slope = lambda y: float(np.polyfit(true, y, 1)[0])  # noqa: E731
    assert slope(raw) > 1.05
    assert abs(slope(corrected) - 1.0) <= 0.05


def test_bias_correction_is_off_by_default_and_rescales_consistently():
    df, _ = irt.simulate(n_items=12, seed=4)
    plain = _fit(df, reference={"system": "s0"})
    assert "bias_correction" not in plain.model
    f = _fit(df, reference={"system": "s0"}, bias_correction="bootstrap", bias_reps=20, bias_seed=1)
    b = f.model["bias_correction"]["scale"]
    assert 1.0 < b < 1.3 and f.model["bias_correction"]["reps_used"] >= 15
    p, c = plain.facet(THETA), f.facet(THETA)
    assert np.allclose(c["relative"] * b, p["relative"]) and np.allclose(c["se_relative"] * b, p["se_relative"])
    assert np.allclose(c["se"] * b, p["se"])
    assert f.cov(THETA, "s1:A", THETA, "s2:A") * b * b == pytest.approx(plain.cov(THETA, "s1:A", THETA, "s2:A"))
    assert f.facet_stats[THETA]["reliability"] == pytest.approx(plain.facet_stats[THETA]["reliability"])
    other = f.estimates["facet"] != THETA
    pd.testing.assert_frame_equal(f.estimates[other], plain.estimates[other])
    with pytest.raises(irt.IRTInputError, match="bias_correction"):
        irt.fit(df, "score", **SPEC, bias_correction="magic")
