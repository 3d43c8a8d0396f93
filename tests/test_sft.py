"""SFT and the training stages around it: resume, skip, retrain, full fine-tune, DPO from SFT, selection.csv."""
import json
import math
import os
from pathlib import Path

import pandas as pd
import pytest
from transformers import TrainerCallback

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from dpeer_lib.data import write_split  # noqa: E402
from dpeer_lib.core.params import DIMENSIONS, load_params  # noqa: E402
from dpeer_lib.core.paths import RunPaths  # noqa: E402
from dpeer_lib.train.common import read_info, read_metrics  # noqa: E402
from dpeer_lib.train.run import train_dpo  # noqa: E402
from dpeer_lib.train.sft import train_sft  # noqa: E402
from helpers import make_rows as helper_rows  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MASKS = [["A"], ["T", "E"], ["A", "E", "C"], ["A", "T", "E", "C"], ["C"], ["T", "C"], ["E", "A"], ["T"]]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def make_rows(n, split, seed):
    return helper_rows([MASKS[i % len(MASKS)] for i in range(n)], seed, split=split, id_prefix=split,
                       prompt_words=(5, 9), response_words=(4, 8))


def params(tmp: Path, *extra: str):
    return load_params(REPO / "params" / "smoke.yaml", [
        f"model.cache_dir={tmp / 'models'}", "model.source=tiny:sft-test", "model.max_length=96",
        "train.sft.max_steps=4", "train.sft.save_steps=2", "train.sft.logging_steps=1", "train.sft.batch_size=4",
        "train.sft.learning_rate=5e-3", "train.dpo.max_steps=3", "train.dpo.save_steps=2", "train.dpo.batch_size=4",
        "train.dpo.logging_steps=1", "compute.torch_threads=1", *extra])


@pytest.fixture
def run(tmp_path):
    paths = RunPaths(tmp_path / "run").ensure()
    write_split(make_rows(16, "train", 0), paths.train_jsonl)
    write_split(make_rows(6, "test", 1), paths.test_jsonl)
    return tmp_path, paths


class _Kill(TrainerCallback):
    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == 3:
            raise KeyboardInterrupt("simulated kill")


def _mean_golden_logp(paths, system, P):
    from dpeer_lib.data import read_split
    from dpeer_lib.core.models import load_system
    from dpeer_lib.train.selection import response_logps

    model, tok = load_system(paths, system, P)
    lp = response_logps(model, tok, read_split(paths.train_jsonl), P.model.max_length)
    return float((lp["chosen"] / lp["counts"][:, 0]).mean())


def test_sft_trains_saves_resumes_and_skips(run):
    tmp, paths = run
    P = params(tmp)
    out = paths.train_dir("sft")
    with pytest.raises(KeyboardInterrupt):
        train_sft(P, paths, callbacks=[_Kill()])
    assert (out / "checkpoint-2").is_dir() and not (out / "adapter_config.json").exists()
    assert read_info(out)["complete"] is False
    # a later kill in the middle of writing checkpoint-4 would leave only the adapter card behind
    (out / "checkpoint-4").mkdir()
    (out / "checkpoint-4" / "README.md").write_text("# adapter\n")
    train_sft(P, paths)  # skips the torn checkpoint-4, resumes from checkpoint-2
    assert (out / "adapter_config.json").is_file() and read_info(out)["complete"] is True
    recs = read_metrics(paths.metrics("sft"))
    assert [r["step"] for r in recs] == [1, 2, 3, 4]  # the killed run's step-3 line was replaced, not duplicated
    assert all(math.isfinite(r["loss"]) for r in recs)
    # the same run uninterrupted logs the same losses
    P2 = params(tmp)
    paths2 = RunPaths(tmp / "run2").ensure()
    write_split(make_rows(16, "train", 0), paths2.train_jsonl)
    train_sft(P2, paths2)
    ref = read_metrics(paths2.metrics("sft"))
    assert [r["loss"] for r in recs] == pytest.approx([r["loss"] for r in ref], abs=1e-5)
    # SFT made the golden responses more likely than the base model does
    assert _mean_golden_logp(paths, "sft", P) > _mean_golden_logp(paths, "base", P) + 0.05
    # done with the same parameters: skipped; other parameters: trained again from scratch
    stamp = (out / "adapter_model.safetensors").stat().st_mtime_ns
    train_sft(P, paths)
    assert (out / "adapter_model.safetensors").stat().st_mtime_ns == stamp
    P3 = params(tmp, "train.sft.learning_rate=1e-3")
    train_sft(P3, paths)
    assert read_info(out)["params_digest"] != read_info(paths2.train_dir("sft"))["params_digest"]
    assert [r["step"] for r in read_metrics(paths.metrics("sft"))] == [1, 2, 3, 4]


def test_full_finetune_saves_the_whole_model(run):
    tmp, paths = run
    P = params(tmp, "train.sft.full_finetune=true", "train.sft.max_steps=2")
    out = train_sft(P, paths)
    assert (out / "config.json").is_file() and not (out / "adapter_config.json").exists()
    assert _mean_golden_logp(paths, "sft", P) > _mean_golden_logp(paths, "base", P)


def test_dpo_methods_start_at_the_sft_reference_and_selection_csv(run):
    tmp, paths = run
    P = params(tmp)
    train_sft(P, paths)
    for method in ("dpo_pooled", "mo_dpo_fixed", "lagdpo"):
        out = train_dpo(method, P, paths)
        recs = read_metrics(paths.metrics(method))
        assert [r["step"] for r in recs] == [1, 2, 3]
        # step 1 is computed before any update: policy == reference == SFT, so every ℓ_d = log 2
        assert recs[0]["loss"] == pytest.approx(math.log(2), abs=1e-5)
        for d in DIMENSIONS:
            assert recs[0][f"loss_{d}"] == pytest.approx(math.log(2), abs=1e-5)
            assert recs[0][f"margin_{d}"] == pytest.approx(0.0, abs=1e-5)
        assert (out / "adapter_config.json").is_file() and read_info(out)["complete"]
    # mo_dpo_fixed and lagdpo share rows and reference: the reference pass ran once
    assert len(list((paths.cache / "ref_logps").glob("*.json"))) == 1
    fixed = read_metrics(paths.metrics("mo_dpo_fixed"))
    assert all(r[f"weight_{d}"] == 0.25 for r in fixed for d in DIMENSIONS)
    assert all(v == 0 for r in fixed for v in r["lambda"].values())
    state = json.loads((paths.train_dir("lagdpo") / "lagdpo_state.json").read_text())
    assert state["dual"]["step"] == 3 and state["spec"]["dims"] == list(DIMENSIONS)
    info = read_info(paths.train_dir("dpo_pooled"))
    assert info["prompts"] == 12  # max_steps x batch: only the prompts the budget visits
    assert info["per_device_batch"] == round(4 * info["mean_active_dims"]) > 4  # same pairs per step on average
    from dpeer_lib.train.selection import evaluate_selection

    table = evaluate_selection(P, paths)
    saved = pd.read_csv(paths.selection_csv)
    assert list(saved.columns) == ["system", "dimension", "n", "reward_acc", "likelihood_acc", "reward_margin",
                                   "likelihood_margin"]
    assert set(saved["system"]) == {"base", "sft", "dpo_pooled", "mo_dpo_fixed", "lagdpo"}
    assert not saved.isna().any().any()
    sft = saved[saved.system == "sft"]
    assert (sft["reward_acc"] == 0.5).all() and (sft["reward_margin"] == 0).all()  # the tie convention
    assert set(saved["dimension"]) == {*DIMENSIONS, "all"}
    assert len(table) == len(saved) == 5 * 5
