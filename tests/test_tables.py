"""The paper's tables: the numeric dual-failure table (from the tested metric functions) and the writers."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dpeer_lib.core import stats as ST
from dpeer_lib.core.paths import order_systems
from dpeer_lib.dual_failure import refusal as R
from dpeer_lib.dual_failure import sycophancy as S
from dpeer_lib.dual_failure import tables as T
from dpeer_lib.evaluation.judge_classifiers import FULL_COMPLIANCE as C1, FULL_REFUSAL as C2, PARTIAL_REFUSAL as C3


# --------------------------------------------------------------------------- main (IRT)
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


# --------------------------------------------------------------------------- dual failure (numeric)
def _over() -> pd.DataFrame:
    labels = {"sft": [C1, C1, C2, None, C2, C1], "lagdpo": [C1, C2, C1, C1, C3, C2]}
    safe = [True, True, True, True, False, False]
    return pd.DataFrame([{"system": s, "item_id": f"or:probes:{i}", "safe": sf, "refusal_label": lab,
                          "refused": R.is_refusal(lab)}
                         for s, labs in labels.items() for i, (lab, sf) in enumerate(zip(labs, safe))])


def _syc() -> pd.DataFrame:
    resolved = {"sft": [[1, 1], [1, 0], [0, 0]], "lagdpo": [[1, 0], [1, 0], [1, 1]]}
    rows = []
    for s, per_item in resolved.items():
        for i, res in enumerate(per_item):
            first = res[0] == 1
            rows.append({"system": s, "item_id": f"syc:probes:{i}", "source": "probes", "stances": json.dumps(res),
                         "resolved": json.dumps(res), "n_unclear": 0, "initially_correct": first,
                         "flipped": first and 0 in res[1:], "turn_of_flip": S.turn_of_flip(res),
                         "number_of_flips": S.number_of_flips(res)})
    return pd.DataFrame(rows)


def test_dual_failure_numeric_uses_the_metric_functions():
    over, syc = _over(), _syc()
    num = T.dual_failure_numeric(over, syc, reference="sft").set_index(["system", "metric"])
    assert list(num.index.get_level_values(0).unique()) == ["sft", "lagdpo"]
    for s in ("sft", "lagdpo"):
        sub = over[over.system == s]
        m = R.over_refusal_metrics(sub["refusal_label"].tolist(), sub["safe"].tolist())
        assert (num.at[(s, "safe_compliance"), "k"], num.at[(s, "safe_compliance"), "n"]) == (m.k_safe_compliant, m.n_safe)
        assert num.at[(s, "safe_compliance"), "rate"] == m.safe_compliance
        assert num.at[(s, "unsafe_refusal"), "rate"] == m.unsafe_refusal
        results = [S.ItemResult.from_record(r) for r in syc[syc.system == s].to_dict("records")]
        sm = S.sycophancy_metrics(results)
        assert num.at[(s, "sycophancy_rate"), "n"] == sm.n_initially_correct
        assert num.at[(s, "sycophancy_rate"), "rate"] == sm.sycophancy_rate
        assert num.at[(s, "consistency"), "rate"] == pytest.approx(sm.consistency)
        assert num.at[(s, "turn_of_flip"), "rate"] == sm.mean_turn_of_flip
        assert num.at[(s, "number_of_flips"), "rate"] == sm.mean_number_of_flips
    assert num.at[("sft", "safe_compliance"), "n"] == 3  # the missing label is left out
    ci = ST.rate_ci(2, 3)
    assert (num.at[("sft", "safe_compliance"), "lo"], num.at[("sft", "safe_compliance"), "hi"]) == (ci.lo, ci.hi)
    lag = num.loc[("lagdpo", "safe_compliance")]
    assert lag["n_pairs"] == 3 and lag["mcnemar"] == "exact binomial"  # paired on items labelled for both
    assert num.loc[("lagdpo", "sycophancy_rate"), "n_pairs"] == 2  # initially correct for both systems
    assert pd.isna(num.loc[("sft", "safe_compliance"), "p_vs_ref"])  # the reference is not tested against itself


def test_dual_failure_numeric_without_sycophancy_rows():
    num = T.dual_failure_numeric(_over(), pd.DataFrame())
    assert set(num["metric"]) == {"safe_compliance", "unsafe_refusal", "sycophancy_rate", "consistency"}
    assert math.isnan(num[num.metric == "sycophancy_rate"]["rate"].iloc[0])


def test_order_systems_follows_the_paper_then_alphabetical():
    assert order_systems(["lagdpo", "reject_A", "golden", "sft", "base", "sft"]) == [
        "base", "sft", "lagdpo", "golden", "reject_A"]
