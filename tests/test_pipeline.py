"""The smoke profile end to end: every notebook, the run folder, skipping, and resume after kills.

These tests run the real runner in subprocesses, as a user would; they take a few minutes.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dpeer_lib.core.runner import discover

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SMOKE = REPO / "params" / "smoke.yaml"
ARTIFACTS = {  # DESIGN §9, by the notebook that writes them
    "01": ["data/train.jsonl", "data/test.jsonl", "data/validation_report.json"],
    "02": ["train/sft/metrics.jsonl"],
    "03": ["train/lagdpo/metrics.jsonl", "train/mo_dpo_fixed/metrics.jsonl", "train/dpo_pooled/metrics.jsonl",
           "eval/selection.csv"],
    "04": ["gradients/cancellation.csv"],
    "05": ["eval/generations.parquet", "eval/judgments.parquet", "irt/estimates.csv", "irt/fit.json"],
    "06": [f"tables/{t}.{ext}" for t in ("main", "dual_failure", "selection") for ext in ("md", "tex", "csv")],
}


def _run(runs: Path, name: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("DPEER_FAULT", None)
    if fault:
        env["DPEER_FAULT"] = fault
    cmd = [sys.executable, "-m", "dpeer_lib", "run", "--params", str(SMOKE), "--run-name", name,
           "--set", f"run.runs_dir={runs}"]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    r = _run(runs, "full")
    assert r.returncode == 0, r.stdout + r.stderr
    return runs, r


def test_smoke_runs_every_notebook_and_writes_the_run_folder(smoke):
    runs, r = smoke
    root = runs / "full"
    manifest = json.loads((root / "manifest.json").read_text())
    names = [p.stem for p in discover()]
    assert names and all(manifest["notebooks"][n]["status"] == "ok" for n in names)
    for nb in names:
        for rel in ARTIFACTS.get(nb[:2], []):
            assert (root / rel).is_file(), f"{nb} did not write {rel}"
            assert rel in manifest["notebooks"][nb]["artifacts"], f"{rel} not in the manifest of {nb}"
        assert (root / "notebooks" / f"{nb}.ipynb").is_file()
    assert r.stdout.count(" ok in ") == len(names)


def test_rerun_skips_up_to_date_notebooks(smoke):
    runs, _ = smoke
    r = _run(runs, "full")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("skipped (up to date)") == len(discover())


def _tables(root: Path) -> dict[str, pd.DataFrame]:
    return {p.name: pd.read_csv(p) for p in sorted((root / "tables").glob("*.csv"))}


def test_killed_in_training_and_in_judging_resumes_to_the_same_tables(smoke):
    if len(discover()) < 6:
        pytest.skip("needs notebooks 01-06")
    runs, _ = smoke
    r1 = _run(runs, "resumed", fault="train:lagdpo:4")
    assert r1.returncode == 1 and "03_lag_dpo" in r1.stderr, r1.stdout + r1.stderr
    assert list((runs / "resumed" / "train" / "lagdpo").glob("checkpoint-*")), "no checkpoint before the kill"
    r2 = _run(runs, "resumed", fault="judge:6")
    assert r2.returncode == 1 and "05_irt_calibration" in r2.stderr, r2.stdout + r2.stderr
    assert "02_sft" in r2.stdout and "skipped" in r2.stdout.split("02_sft")[1].splitlines()[0]
    r3 = _run(runs, "resumed")
    assert r3.returncode == 0, r3.stdout + r3.stderr
    full, resumed = runs / "full", runs / "resumed"
    j_full = pd.read_parquet(full / "eval" / "judgments.parquet")
    j_res = pd.read_parquet(resumed / "eval" / "judgments.parquet")
    key = ["system", "item_id", "judge", "dimension"]
    assert not j_res.duplicated(key).any() and len(j_res) == len(j_full)
    a, b = _tables(full), _tables(resumed)
    assert a.keys() == b.keys() and a
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=False, rtol=1e-6, atol=1e-8, obj=name)
