"""The smoke profile end to end: every notebook, the run folder, skipping, and resume after kills.

These tests run the real runner in subprocesses, as a user would; they take a few minutes.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from dpeer_lib.core.params import load_params
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


def _run(runs: Path, name: str, fault: str | None = None, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("DPEER_FAULT", None)
    if fault:
        env["DPEER_FAULT"] = fault
    cmd = [sys.executable, "-m", "dpeer_lib", "run", "--params", str(SMOKE), "--run-name", name,
           "--set", f"run.runs_dir={runs}", *extra]
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


class _ScoreServer:
    """An OpenAI-compatible endpoint on loopback that answers every request "Score: 4" and counts them."""

    def __init__(self, port: int):
        self.n = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.n += 1
                data = json.dumps({"id": "x", "object": "chat.completion", "model": body["model"], "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Score: 4"}}]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data.encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_judge_outage_degrades_the_stage_and_the_next_run_makes_only_the_missing_calls(smoke):
    """The endpoint is down: 05 is recorded degraded and 06 does not run on it; once it is back, the same
    command reruns 05 and sends exactly the calls that failed (the others are cached), then finishes."""
    runs, _ = smoke
    shutil.copytree(runs / "full", runs / "outage")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    n_judges = len(load_params(SMOKE).judges)
    judge = (f"judges.{n_judges}={{name: loop, kind: openai, model: m, endpoint: "
             f"{{base_url: 'http://127.0.0.1:{port}/v1', model: m, max_retries: 0, timeout_s: 5}}}}")
    args = ("--set", judge, "--from", "05")
    r1 = _run(runs, "outage", None, *args)
    assert r1.returncode == 1, r1.stdout + r1.stderr
    assert "05_irt_calibration" in r1.stdout and "degraded" in r1.stdout and "06_benchmark" not in r1.stdout
    failed, failed_validation = (int(n) for n in re.findall(r"loop: transport_error (\d+)", r1.stderr))
    manifest = json.loads((runs / "outage" / "manifest.json").read_text())
    assert manifest["notebooks"]["05_irt_calibration"]["status"] == "degraded"
    j1 = pd.read_parquet(runs / "outage" / "eval" / "judgments.parquet")
    lost = j1[(j1["judge"] == "loop") & (j1["status"] == "transport_error")]
    assert len(lost) == failed
    # rows with the same prompt and response share one call; the validation set's items are all distinct
    calls = lost["key"].nunique() + failed_validation
    assert (j1[j1["judge"] != "loop"]["status"] != "transport_error").all()
    server = _ScoreServer(port)
    try:
        r2 = _run(runs, "outage", None, *args)
    finally:
        server.stop()
    assert r2.returncode == 0, r2.stdout + r2.stderr
    assert server.n == calls > 0  # only the failed calls were made again
    j = pd.read_parquet(runs / "outage" / "eval" / "judgments.parquet")
    loop = j[j["judge"] == "loop"]
    assert len(loop) == failed and (loop["status"] == "ok").all() and (loop["score"] == 4).all()
