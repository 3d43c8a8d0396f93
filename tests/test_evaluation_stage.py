"""Notebook 05's stage: which items are judged, who rates the oracles, the oracle check, the threshold choice."""
from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pandas as pd

from dpeer_lib.core.params import DIMENSIONS, Params
from dpeer_lib.core.paths import RunPaths
from dpeer_lib.data import all_masks, mask_key, scenario_key, spread_over_scenarios
from dpeer_lib.evaluation import irt
from dpeer_lib.evaluation import stage as C
from dpeer_lib.evaluation.judges import BaseJudge, Verdict


def _rows(n_scenes=4):
    """A test split sorted by scenario, as PersonaKnob-lite's is: every mask of scene 0, then of scene 1, ..."""
    rows = []
    for s in range(n_scenes):
        for k, m in enumerate(all_masks()):
            r = {"id": f"s{s}m{k}", "seed_scene": f"Scene {s}", "mask": list(m), "prompt": f"p{s}{k}",
                 "golden": f"golden {s} {k}"}
            for d in DIMENSIONS:
                r[f"reject_{d}"] = f"reject {d} {s} {k}" if d in m else ""
            rows.append(r)
    return rows


def test_items_spread_over_scenarios_and_masks():
    rows = _rows()
    first12 = rows[:12]
    assert len({scenario_key(r) for r in first12}) == 1  # what taking the first rows used to give
    pick = spread_over_scenarios(rows, 12, seed=0)
    per_scene = Counter(scenario_key(r) for r in pick)
    assert len(pick) == 12 and sorted(per_scene.values()) == [3, 3, 3, 3]
    assert len({mask_key(r["mask"]) for r in pick}) == 12  # 12 different masks
    assert [rows.index(r) for r in pick] == sorted(rows.index(r) for r in pick)  # file order kept
    assert spread_over_scenarios(rows, None, 0) == rows and spread_over_scenarios(rows, 999, 0) == rows
    assert spread_over_scenarios(rows, 12, seed=0) == pick and spread_over_scenarios(rows, 12, seed=1) != pick


class _FakeJudge(BaseJudge):
    """Scores 5 for golden, 1 for a reject and 3 otherwise; counts what it is asked."""

    def __init__(self, name, uses_reference):
        self.name, self.model, self.uses_reference, self.seen = name, "fake", uses_reference, []

    def rate(self, items, on_verdict=None):
        out = []
        for i, it in enumerate(items):
            self.seen.append(it.system)
            v = Verdict(5 if it.response.startswith("golden") else 1 if it.response.startswith("reject") else 3,
                        "ok", "Score", cacheable=True)
            if on_verdict:
                on_verdict(i, v)
            out.append(v)
        return out


def test_a_judge_shown_the_references_does_not_rate_the_oracles(tmp_path, monkeypatch):
    rows = spread_over_scenarios(_rows(2), 6, 0)
    ref, indep = _FakeJudge("ref", True), _FakeJudge("indep", False)
    monkeypatch.setattr(C, "make_judges", lambda P: [ref, indep])
    P = Params.model_validate({"judges": [{"name": "a", "kind": "reference"}, {"name": "b", "kind": "reference"}]})
    gen = pd.DataFrame([{"system": "sft", "item_id": r["id"], "turn": 0, "prompt": "[]", "response": "an answer"}
                        for r in rows])
    responses = pd.concat([gen, C.oracle_responses(rows)], ignore_index=True)
    out = C.judge_responses(P, RunPaths(tmp_path).ensure(), rows, responses)
    assert set(ref.seen) == {"sft"} and set(indep.seen) == {"sft", *C.ORACLES}
    assert not ((out["judge"] == "ref") & out["system"].isin(C.ORACLES)).any()
    assert len(out) == sum(len(r["mask"]) for r in rows) * (1 + 1 + 1) + sum(len(r["mask"]) ** 2 for r in rows)
    # every rating is on an active dimension of its item
    active = {(r["id"], d) for r in rows for d in r["mask"]}
    assert set(zip(out["item_id"], out["dimension"])) <= active
    P_all = P.model_copy(deep=True)
    P_all.irt.oracle_judges = "all"
    ref.seen.clear()
    C.judge_responses(P_all, RunPaths(tmp_path / "all").ensure(), rows, responses)
    assert set(C.ORACLES) & set(ref.seen)


def _oracle_fit(gap: float, seed: int = 0) -> irt.RaschFit:
    """Oracles whose reject_d is ``gap`` logits below the others on d (0: indistinguishable)."""
    systems = ["sft", "golden", *(f"reject_{d}" for d in DIMENSIONS)]
    theta = np.zeros((len(systems), 4))
    theta[1] = 1.0
    for k in range(4):
        theta[2 + k, k] = -gap
    df, _ = irt.simulate(systems=systems, n_items=60, n_judges=2, theta=theta, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", irt.IRTWarning)
        return irt.fit(df, "score", ["system", "item", "judge"], interactions=[("system", "dimension")],
                       reference={"system": "sft"})


def test_oracle_check_passes_when_judges_see_the_dimension_and_fails_otherwise():
    good = C.oracle_check(_oracle_fit(gap=2.0))
    assert good["passes"].all() and len(good) == 4
    blind = C.oracle_check(_oracle_fit(gap=0.0, seed=1))
    assert not blind["passes"].all()  # judges that cannot see d give no evidence: the check fails


def test_thresholds_by_judge_chosen_when_judges_use_their_own_scales():
    df, _ = irt.simulate(n_systems=4, n_items=60, n_judges=2, thresholds_by="judge",
                         thresholds={"j0": [-2.0, -1.0, 1.0, 2.0], "j1": [-0.3, -0.1, 0.1, 0.3]}, seed=0)
    ratings = df.assign(system=df["system"].astype(str))
    P = Params()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", irt.IRTWarning)
        fit, table = C.choose_thresholds(ratings, P, reference=str(ratings["system"].iloc[0]))
    assert table.attrs["best"] == "by_judge" and fit.model["thresholds_by"] == "judge"
    assert {"aic", "bic", "loglik", "n_params"} <= set(table.columns)
    assert C.threshold_comparison(fit)["model"].tolist() == table["model"].tolist()
