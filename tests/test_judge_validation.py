"""Judge validation: the AUC and its interval, the set's independence from the references, the loader, the offline judges."""
from __future__ import annotations

import collections
import json
import re

import numpy as np
import pandas as pd
import pytest

from dpeer_lib.core.params import DIMENSIONS, JudgeSpec
from dpeer_lib.evaluation import offline_judges as oj
from dpeer_lib.evaluation.judge_validation import (
    REPO_ROOT,
    VALIDATION_FILE,
    ValidationSetError,
    bootstrap_auc,
    load_validation_set,
    read_test_rows,
    separation_table,
    validate_judges,
    validation_items,
)
from dpeer_lib.evaluation.judges import BaseJudge, Verdict, auc, make_judge

SCENARIOS = REPO_ROOT / "data" / "personaknob_lite" / "scenarios.json"


# --------------------------------------------------------------------------- AUC on constructed cases
def test_auc_known_answers():
    assert auc([3, 4, 5], [1, 2]) == 1.0
    assert auc([1, 2], [3, 4, 5]) == 0.0
    assert auc([3, 3, 3], [3, 3]) == 0.5
    # pos (2, 4), neg (1, 3, 4): pairs won 1 + 2.5 of 6 -> hand computed 3.5 / 6
    assert auc([2, 4], [1, 3, 4]) == pytest.approx(3.5 / 6)


def test_bootstrap_interval_contains_estimate_and_is_seeded():
    rng = np.random.default_rng(1)
    pos, neg = rng.normal(1, 1, 40), rng.normal(0, 1, 40)
    lo, hi = bootstrap_auc(pos, neg, n_boot=500, seed=3)
    assert lo <= auc(pos, neg) <= hi and hi - lo < 0.4
    assert (lo, hi) == bootstrap_auc(pos, neg, n_boot=500, seed=3)
    assert bootstrap_auc([1, 2, 3], [0, 0.5], n_boot=200) == (1.0, 1.0)


def test_separation_table_on_a_constructed_judgment_table():
    recs = [{"id": f"r{i}", "labels": {"A": "pass" if i < 3 else "fail"}} for i in range(6)]
    scores = [5, 4, 4, 4, 2, 1]  # pos (5, 4, 4) vs neg (4, 2, 1): 8 wins + 2 ties of 9 pairs
    df = pd.DataFrame({"item_id": [r["id"] for r in recs], "judge": "j", "dimension": "A",
                       "score": pd.array(scores, dtype="Int64"), "raw": ""})
    row = separation_table(df, recs, n_boot=200).iloc[0]
    assert (row.n_pass, row.n_fail, row.n_missing) == (3, 3, 0)
    assert row.auc == pytest.approx(9 / 9 - 1 / 9) and row.auc_lo <= row.auc <= row.auc_hi


# --------------------------------------------------------------------------- the set itself
def _sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return {re.sub(r"\s+", " ", s).strip().lower().rstrip(".!?") for s in parts if s.strip()}


def _reference_texts() -> list[str]:
    texts = [r[k] for r in read_test_rows().values() for k in ("golden", "reject_A", "reject_T", "reject_E", "reject_C")]
    for s in json.loads(SCENARIOS.read_text())["scenarios"]:
        texts += [v for k, v in s.items() if isinstance(v, str) and k not in ("scene_id", "domain", "split")]
    return [t for t in texts if t]


def test_validation_set_shares_no_sentence_with_references_or_scenario_parts():
    ref = set().union(*map(_sentences, _reference_texts()))
    shared = [(r["id"], s) for r in load_validation_set() for s in _sentences(r["response"]) & ref]
    assert shared == []


def test_validation_set_shares_no_eight_word_span_with_references():
    def grams(t, n=8):
        w = re.findall(r"[a-z0-9£$']+", t.lower())
        return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    ref = set().union(*map(grams, _reference_texts()))
    assert [r["id"] for r in load_validation_set() if grams(r["response"]) & ref] == []


def test_the_overlap_check_can_fail():
    golden = next(iter(read_test_rows().values()))["golden"]
    ref = set().union(*map(_sentences, _reference_texts()))
    assert _sentences("Fresh words here. " + golden) & ref


def test_validation_set_is_balanced_and_covers_every_test_scenario():
    recs = load_validation_set()
    counts = collections.Counter((d, v) for r in recs for d, v in r["labels"].items())
    assert len(recs) >= 200
    assert all(counts[(d, "pass")] >= 32 and counts[(d, "fail")] >= 32 for d in DIMENSIONS)
    assert len({r["row_id"].rsplit("-", 1)[0] for r in recs}) == 8


# --------------------------------------------------------------------------- the loader
def _write(tmp_path, lines):
    p = tmp_path / "responses.jsonl"
    p.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n")
    return p


GOOD = {"id": "x1", "row_id": "pkl-health-04-A", "labels": {"A": "pass"}, "response": "Hello."}


@pytest.mark.parametrize("bad, field", [
    ({**GOOD, "labels": {"A": "maybe"}}, "labels.A"),
    ({**GOOD, "labels": {"A": "pass", "T": "fail"}}, "labels"),
    ({**GOOD, "row_id": "pkl-nowhere-A"}, "row_id"),
    ({**GOOD, "response": ""}, "response"),
    ({**GOOD, "id": "x0"}, "id"),  # duplicate of the first line
])
def test_loader_names_file_line_and_field(tmp_path, bad, field):
    p = _write(tmp_path, [{**GOOD, "id": "x0"}, bad])
    with pytest.raises(ValidationSetError, match=rf"{re.escape(str(p))}, line 2: field '{re.escape(field)}'"):
        load_validation_set(p)


def test_loader_refuses_a_line_that_is_not_json(tmp_path):
    p = _write(tmp_path, [GOOD, "{not json"])
    with pytest.raises(ValidationSetError, match=r"line 2"):
        load_validation_set(p)


def test_loader_accepts_the_shipped_set():
    recs = load_validation_set(VALIDATION_FILE)
    items = validation_items(recs, read_test_rows())
    assert len(items) == sum(len(r["labels"]) for r in recs)
    assert all(it.reject for it in items)  # every labelled dimension is active, so reject_d exists


# --------------------------------------------------------------------------- through judge_all, cached
class LengthJudge(BaseJudge):
    """A toy judge: longer responses score higher."""

    name, model = "length", "none"
    calls = 0

    def rate(self, items, on_verdict=None):
        out = []
        for i, it in enumerate(items):
            LengthJudge.calls += 1
            out.append(Verdict(min(5, 1 + len(it.response) // 150), "ok", "{}"))
            if on_verdict:
                on_verdict(i, out[-1])
        return out


def test_validate_judges_writes_json_and_reuses_the_cache(tmp_path):
    out = tmp_path / "judges" / "validation.json"
    df = validate_judges([LengthJudge()], tmp_path / "cache", out_json=out, n_boot=100)
    assert list(df["dimension"]) == list(DIMENSIONS) and (df["n_pass"] > 0).all()
    blob = json.loads(out.read_text())
    assert blob["set"]["n_responses"] >= 200 and len(blob["judges"]) == 4 and len(blob["length_baseline"]) == 4
    calls = LengthJudge.calls
    validate_judges([LengthJudge()], tmp_path / "cache", n_boot=100)
    assert LengthJudge.calls == calls


# --------------------------------------------------------------------------- offline judge pieces
def test_fit_logistic_separates_a_separable_case():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1, 0.3, (30, 2)), rng.normal(-1, 0.3, (30, 2))])
    y = np.r_[np.ones(30), np.zeros(30)]
    w, b = oj.fit_logistic(x, y, l2=0.1)
    z = x @ w + b
    assert auc(z[y == 1], z[y == 0]) == 1.0


def test_value_to_position_and_shipped_weights():
    assert oj.value_to_position(0.0, 0.0, 0.5) == 0.5
    assert oj.value_to_position(1.0, 0.0, 0.5) == 1.0 and oj.value_to_position(-1.0, 0.0, 0.5) == 0.0
    probe = oj.load_probe()
    assert set(probe["dimensions"]) == set(DIMENSIONS) and len(probe["dimensions"]["A"]["w"]) == 384
    assert set(oj.load_llr_calibration()) == set(DIMENSIONS)


def test_new_judge_kinds_from_the_parameter_schema():
    judge = make_judge(JudgeSpec(name="probe", kind="embed_probe"))
    assert judge.name == "probe" and judge.probe["features"] == "response"
    llr = make_judge(JudgeSpec(name="llr", kind="hf_llr", model="bundled:smollm2-135m-instruct"))
    assert llr.settings()["kind"] == "hf_llr" and set(llr.calibration) == set(DIMENSIONS)
    with pytest.raises(ValueError, match="needs a model source"):
        make_judge(JudgeSpec(name="llr", kind="hf_llr"))


def test_response_logprobs_match_a_direct_computation_and_llr_judge_rates(tmp_path):
    import torch

    from helpers import tiny_model
    from dpeer_lib.evaluation.judges import JudgeItem, LLRJudge
    net, tok = tiny_model(tmp_path / "m", "llr-test", texts=["a kind and accurate reply to the user"] * 20,
                          max_length=256)
    # Three responses of different lengths share the first context (its KV cache is repeated over a
    # padded batch, split in two by batch_size=2); one has a context of its own.
    sad = oj.llr_messages("E", "I feel sad.", True)
    ctxs = [sad, oj.llr_messages("A", "Is it so?", False), sad, sad]
    resps = ["a kind reply", "no, it is not so, and here is why", "that sounds hard; I am here for you", "ok"]
    sums, counts = oj.response_logprobs(net, tok, ctxs, resps, batch_size=2)
    for c, r, s, n in zip(ctxs, resps, sums, counts):  # one at a time, no padding
        ids_c = tok(tok.apply_chat_template(c, add_generation_prompt=True, tokenize=False),
                    add_special_tokens=False)["input_ids"]
        ids_r = tok(r, add_special_tokens=False)["input_ids"]
        ids = torch.tensor([ids_c + ids_r])
        with torch.inference_mode():
            lp = torch.log_softmax(net(input_ids=ids).logits.float()[0, :-1], -1)
        want = sum(float(lp[len(ids_c) - 1 + k, t]) for k, t in enumerate(ids_r))
        assert n == len(ids_r) and s == pytest.approx(want, abs=1e-3)
    judge = LLRJudge("llr", "tiny:llr-test", model=net, tokenizer=tok, batch_size=1)
    got = []
    vs = judge.rate([JudgeItem("s", "i", d, "p", "some reply") for d in DIMENSIONS], lambda i, v: got.append(i))
    assert sorted(got) == [0, 1, 2, 3] and all(v.status == "ok" and 1 <= v.score <= 5 for v in vs)
    assert all("value" in json.loads(v.raw) for v in vs)
