"""Timed phases: nesting, recursion, summing, and the runner's breakdown in the manifest."""
import json
import time

import pytest

from dpeer_lib.core import timing


@pytest.fixture
def recorder(tmp_path):
    path = tmp_path / "phases.jsonl"
    timing.record_to(path)
    yield path
    timing.record_to(None)


def test_phases_nest_and_a_recursive_phase_counts_once(recorder):
    @timing.timed("fit")
    def fit(depth: int) -> int:
        time.sleep(0.05)
        return depth if depth == 0 else fit(depth - 1)

    with timing.phase("judging"):
        with timing.phase("model load"):
            time.sleep(0.02)
        fit(2)
    fit(0)
    names = [json.loads(line)["phase"] for line in recorder.read_text().splitlines()]
    assert names == ["judging / model load", "judging / fit", "judging", "fit"]
    summary = timing.summarise(recorder, total_seconds=10.0)
    assert summary["fit"]["calls"] == 1 and summary["judging / fit"]["seconds"] >= 0.1  # 3 nested calls of 0.05 s, counted once
    top = summary["judging"]["seconds"] + summary["fit"]["seconds"]
    # unaccounted = total minus the top-level phases only (nested ones are inside them)
    assert summary["unaccounted"]["seconds"] == pytest.approx(10.0 - top, abs=0.15)


def test_summary_skips_torn_lines_and_nothing_is_written_outside_a_run(tmp_path):
    path = tmp_path / "phases.jsonl"
    path.write_text('{"phase": "a", "seconds": 1.5}\n{"phase": "a", "seconds": 2}\n{"phase": "b", "sec')
    assert timing.summarise(path) == {"a": {"seconds": 3.5, "calls": 2}}
    timing.record_to(None)
    with timing.phase("x"):
        pass
    assert path.read_text().count("\n") == 2


def test_the_runner_writes_each_notebook_s_phases_into_the_manifest(tmp_path, monkeypatch):
    from test_runner import _notebook

    from dpeer_lib.core.params import load_params
    from dpeer_lib.core.runner import REPO_ROOT, run

    monkeypatch.setattr("dpeer_lib.core.runner.library_digest", lambda: "fixed")
    nb = _notebook(tmp_path / "01_timed.ipynb",
                   "import time\nfrom dpeer_lib.core import nb, timing\nP, paths = nb.setup(run_dir, params)\n"
                   "with timing.phase('work'):\n    time.sleep(0.3)\n    with timing.phase('inner'):\n"
                   "        time.sleep(0.1)")
    P = load_params(REPO_ROOT / "params/smoke.yaml", [f"run.runs_dir={tmp_path / 'runs'}"])
    run(P, run_name="t", notebooks=[nb], log=lambda s: None)
    root = tmp_path / "runs" / "t"
    entry = json.loads((root / "manifest.json").read_text())["notebooks"]["01_timed"]
    assert entry["phases"]["work"]["seconds"] >= 0.4 - 0.05 and entry["phases"]["work / inner"]["calls"] == 1
    assert entry["phases"]["unaccounted"]["seconds"] == pytest.approx(
        entry["seconds"] - entry["phases"]["work"]["seconds"], abs=0.2)
    assert "phases.jsonl" not in entry["artifacts"]
