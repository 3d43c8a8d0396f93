"""Sweeps: grid parsing and folder names, bad keys, what points share, resume, and a smoke sweep end to end."""
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from dpeer_lib.__main__ import main
from dpeer_lib.core.runner import check_run_name, discover
from dpeer_lib.sweep.grid import (SweepError, SweepSpec, build_points, load_sweep_file, parse_grid, parse_point,
                                  split_values)
from dpeer_lib.sweep.run import plan

REPO = Path(__file__).resolve().parents[1]
SMOKE = REPO / "params" / "smoke.yaml"


# --------------------------------------------------------------------------- grid, points, slugs
def test_values_split_on_top_level_commas_only():
    assert split_values("0.1, 0.5") == ["0.1", "0.5"]
    assert split_values("[lagdpo,mo_dpo_fixed],[lagdpo]") == ["[lagdpo,mo_dpo_fixed]", "[lagdpo]"]
    assert split_values("{a: 1, b: 2},'x,y'") == ["{a: 1, b: 2}", "'x,y'"]


def test_grid_and_point_parsing():
    assert parse_grid("train.lagdpo.epsilon=0.02,0.5") == ("train.lagdpo.epsilon", ["0.02", "0.5"])
    assert parse_point("train.lagdpo.constraint=threshold;train.lagdpo.epsilon=0.6") == [
        ("train.lagdpo.constraint", "threshold"), ("train.lagdpo.epsilon", "0.6")]
    for bad, msg in [("train.lagdpo.epsilon", "expected KEY=V1"), ("train..epsilon=1", "empty part"),
                     ("train.lagdpo.epsilon=0.1,,0.2", "empty value"), ("x.y=1,1", "twice"),
                     ("run.runs_dir=a,b", "set by the sweep")]:
        with pytest.raises(SweepError, match=msg):
            parse_grid(bad)
    with pytest.raises(SweepError, match="given twice in one point"):
        parse_point("a.b=1;a.b=2")


def test_points_seeds_and_slugs():
    spec = SweepSpec(grid=[parse_grid("train.sft.max_steps=2,3"), parse_grid("train.dpo.max_steps=4,5")], seeds=2,
                     points=[parse_point("train.lagdpo.constraint=threshold")])
    pts = build_points(spec, base_seed=7)
    assert len(pts) == (2 * 2 + 1) * 2
    slugs = [p.slug for p in pts]
    assert len(set(slugs)) == len(slugs) and all(check_run_name(s) == s for s in slugs)
    assert slugs[0] == "sft.max_steps-2_dpo.max_steps-4_seed-7" and slugs[1].endswith("_seed-8")
    assert slugs[-1] == "constraint-threshold_seed-8"
    assert pts[1].sets() == ["train.sft.max_steps=2", "train.dpo.max_steps=4", "run.seed=8"]
    # values that clean to the same name stay apart; no grid at all is one base point
    odd = build_points(SweepSpec(grid=[parse_grid("data.source=a/b,a:b")]), 0)
    assert len({p.slug for p in odd}) == 2 and all("/" not in p.slug for p in odd)
    assert [p.slug for p in build_points(SweepSpec(seeds=2), 0)] == ["base_seed-0", "base_seed-1"]
    with pytest.raises(SweepError, match="one or the other"):
        build_points(SweepSpec(grid=[parse_grid("run.seed=1,2")], seeds=2), 0)
    with pytest.raises(SweepError, match="given twice"):
        build_points(SweepSpec(grid=[parse_grid("a.b=1,2"), parse_grid("a.b=3")]), 0)


def test_the_default_sweep_file(tmp_path):
    spec = load_sweep_file(REPO / "params" / "sweeps" / "eps.yaml")
    pts = build_points(spec, 0)
    assert len(pts) == 12 and spec.until == "03" and spec.name == "eps"
    forms = {p.values()["train.lagdpo.constraint"] for p in pts}
    assert forms == {"pairwise_gap", "adaptive_epsilon", "threshold"}
    eps = sorted({p.values()["train.lagdpo.epsilon"] for p in pts if p.values()["train.lagdpo.constraint"] == "pairwise_gap"})
    assert eps == [0.02, 0.05, 0.1, 0.5]
    bad = tmp_path / "bad.yaml"
    bad.write_text("params: params/smoke.yaml\ngrids: {}\n")
    with pytest.raises(SweepError, match="unknown key"):
        load_sweep_file(bad)


def test_a_bad_key_is_named_before_anything_runs(tmp_path, capsys):
    runs = tmp_path / "runs"
    rc = main(["sweep", "--params", str(SMOKE), "--grid", "train.lagdpo.epsilonn=0.1,0.2",
               "--set", f"run.runs_dir={runs}"])
    err = capsys.readouterr().err
    assert rc == 2 and "train.lagdpo.epsilonn: unknown key" in err and "did you mean 'epsilon'" in err, err
    assert not runs.exists()
    # a bad value of a good key, at the second point only, is caught too
    rc = main(["sweep", "--params", str(SMOKE), "--grid", "train.lagdpo.constraint=threshold,bogus",
               "--set", f"run.runs_dir={runs}"])
    assert rc == 2 and "constraint-bogus" in capsys.readouterr().err and not runs.exists()


# --------------------------------------------------------------------------- what points share
@pytest.mark.parametrize("grid, shared", [
    ("train.lagdpo.epsilon=0.1,0.5", ["01", "02"]),
    ("irt.max_iter=100,200", ["01", "02", "03", "04"]),
    ("train.sft.max_steps=2,3", ["01"]),
    ("data.max_train_rows=16,32", []),
    ("benchmarks.sycophancy.max_turns=1,2", ["01", "02", "03", "04", "05"]),
])
def test_the_notebooks_declare_what_they_read(grid, shared, tmp_path):
    """The real notebooks' declarations: a later stage's key leaves the earlier stages shared."""
    sw = plan(SweepSpec(params=str(SMOKE), grid=[parse_grid(grid)], sets=[f"run.runs_dir={tmp_path}"]))
    assert sw.points[0].shared == [] and [s[:2] for s in sw.points[1].shared] == shared
    assert not any(tmp_path.iterdir())  # planning writes nothing


def test_seeds_share_nothing_and_points_share_within_a_seed(tmp_path):
    sw = plan(SweepSpec(params=str(SMOKE), grid=[parse_grid("train.lagdpo.epsilon=0.1,0.5")], seeds=2,
                        sets=[f"run.runs_dir={tmp_path}"]))
    assert [pp.donor for pp in sw.points] == [None, None, 0, 1]


# --------------------------------------------------------------------------- the driver on toy notebooks
def _notebook(path: Path, params: list[str] | None, *cells: str, sweep: bool = False) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["dpeer"] = {"sweep": True} if sweep else ({"params": params} if params is not None else {})
    first = nbformat.v4.new_code_cell("sweep_dir = None" if sweep else "run_dir = None\nparams = None")
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def toy(tmp_path):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "01_data.ipynb", ["data"],
              "from pathlib import Path\n(Path(run_dir) / 'data' / 'x.txt').write_text(str(params['data']['source']))")
    _notebook(nbs / "02_train.ipynb", ["train"],
              "from pathlib import Path\nx = (Path(run_dir) / 'data' / 'x.txt').read_text()\n"
              "(Path(run_dir) / 'tables' / 'y.txt').write_text(x + str(params['train']['dpo']['beta']))")
    _notebook(nbs / "07_summary.ipynb", None,
              "from pathlib import Path\nimport json\nm = json.loads((Path(sweep_dir) / 'sweep.json').read_text())\n"
              "ys = [(Path(sweep_dir) / p['point'] / 'tables' / 'y.txt').read_text() for p in m['points']]\n"
              "(Path(sweep_dir) / 'tables').mkdir(exist_ok=True)\n(Path(sweep_dir) / 'tables' / 'sweep.md').write_text(' '.join(ys))",
              sweep=True)
    return nbs, tmp_path / "runs"


def _sweep(nbs: Path, runs: Path, *args: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DPEER_NOTEBOOK_DIR": str(nbs)}
    env.pop("DPEER_FAULT", None)
    if fault:
        env["DPEER_FAULT"] = fault
    cmd = [sys.executable, "-m", "dpeer_lib", "sweep", "--params", str(SMOKE), "--name", "toy",
           "--set", f"run.runs_dir={runs}", *args]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_sweep_only_notebooks_are_not_part_of_a_run(toy):
    nbs, _ = toy
    assert [p.name for p in discover(nbs)] == ["01_data.ipynb", "02_train.ipynb"]
    assert all(not p.name.startswith("07") for p in discover())
    assert (REPO / "notebooks" / "07_sweep_summary.ipynb").is_file()


def test_a_killed_sweep_resumes_and_skips_finished_points(toy):
    nbs, runs = toy
    args = ("--grid", "train.dpo.beta=0.1,0.2,0.3")
    r1 = _sweep(nbs, runs, *args, fault="sweep:point:1")
    assert r1.returncode == -9, r1.stdout + r1.stderr  # killed after its first point
    assert r1.stdout.count("point ok in") == 1 and "[beta-0.1_seed-0] point ok in" in r1.stdout
    r2 = _sweep(nbs, runs, *args)
    assert r2.returncode == 0, r2.stdout + r2.stderr
    assert "[beta-0.1_seed-0] skipped (finished)" in r2.stdout and r2.stdout.count("point ok in") == 2
    out = r1.stdout + r2.stdout
    ran_01 = [ln for ln in out.splitlines() if "01_data" in ln and " ok in " in ln]
    assert len(ran_01) == 1, out  # 01 reads only data: run once, copied to the other points
    assert (runs / "toy" / "tables" / "sweep.md").read_text() == "personaknob_lite0.1 personaknob_lite0.2 personaknob_lite0.3"
    m = json.loads((runs / "toy" / "beta-0.2_seed-0" / "manifest.json").read_text())
    assert m["sweep"]["overrides"] == {"train.dpo.beta": 0.2} and m["sweep"]["name"] == "toy"
    assert m["notebooks"]["01_data"]["shared_from"].endswith("beta-0.1_seed-0")
    assert "seed 0" in (runs / "toy" / "beta-0.2_seed-0" / "tables" / "run_info.md").read_text()
    r3 = _sweep(nbs, runs, *args)
    assert r3.returncode == 0 and r3.stdout.count("skipped (finished)") == 3, r3.stdout + r3.stderr


def test_jobs_run_points_at_once_after_their_donor(toy):
    nbs, runs = toy
    r = _sweep(nbs, runs, "--grid", "train.dpo.beta=0.1,0.2,0.3", "--jobs", "2")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    first_done = next(i for i, ln in enumerate(lines) if "point ok in" in ln)
    starts = [i for i, ln in enumerate(lines) if "shared from" in ln]
    assert len(starts) == 2 and all(i > first_done for i in starts)  # both wait for the donor, then run together
    assert sum(" ok in " in ln and "01_data" in ln for ln in lines) == 1


def test_a_failing_point_stops_the_sweep_and_is_named(toy):
    nbs, runs = toy
    _notebook(nbs / "02_train.ipynb", ["train", "data"], "assert 'bad' not in params['data']['source'], 'bad source'")
    r = _sweep(nbs, runs, "--grid", "data.source=personaknob_lite,bad,other")
    assert r.returncode == 1 and "1 point(s) failed: source-bad_seed-0" in r.stderr, r.stdout + r.stderr
    assert "1 not started" in r.stderr and "07_summary" not in r.stdout


# --------------------------------------------------------------------------- the smoke profile end to end
@pytest.fixture(scope="module")
def smoke_sweep(tmp_path_factory):
    """2 Lag-DPO ε points x 2 seeds on smoke, notebooks 01-03; killed after its first point, then resumed."""
    runs = tmp_path_factory.mktemp("runs")
    cmd = [sys.executable, "-m", "dpeer_lib", "sweep", "--params", str(SMOKE), "--name", "ci",
           "--grid", "train.lagdpo.epsilon=0.02,0.5", "--seeds", "2", "--until", "03",
           "--set", f"run.runs_dir={runs}", "--set", "train.dpo.methods=[mo_dpo_fixed,lagdpo]"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("DPEER_NOTEBOOK_DIR", None)
    r1 = subprocess.run(cmd, cwd=REPO, env={**env, "DPEER_FAULT": "sweep:point:1"}, capture_output=True,
                        text=True, timeout=1200)
    r2 = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1200)
    return runs / "ci", r1, r2


@pytest.mark.slow
def test_smoke_sweep_runs_end_to_end(smoke_sweep):
    root, r1, r2 = smoke_sweep
    assert r1.returncode == -9 and r2.returncode == 0, r2.stdout + r2.stderr
    assert "07_sweep_summary" in r2.stdout and " ok in " in r2.stdout.split("07_sweep_summary")[-1]
    df = pd.read_csv(root / "tables" / "sweep.csv")
    lag = df[df["method"] == "lagdpo"]
    assert len(lag) == 4 and set(lag["seed"]) == {0, 1} and set(lag["train.lagdpo.epsilon"]) == {0.02, 0.5}
    assert lag[["acc_A", "loss_A", "ema_gap", "epsilon_end", "lambda_max"]].notna().all().all()
    assert "± " in (root / "tables" / "sweep.md").read_text()
    assert (root / "figures" / "sweep_summary.png").is_file()
    for pt in json.loads((root / "sweep.json").read_text())["points"]:
        m = json.loads((root / pt["point"] / "manifest.json").read_text())
        assert [m["notebooks"][s]["status"] for s in ("01_data_build", "02_sft", "03_lag_dpo")] == ["ok"] * 3
        assert set(m["sweep"]["overrides"]) == {"train.lagdpo.epsilon", "run.seed"}
        assert f"seed {m['params']['run']['seed']}" in (root / pt["point"] / "tables" / "run_info.md").read_text()


@pytest.mark.slow
def test_smoke_sweep_runs_sft_once_per_seed(smoke_sweep):
    """Two Lag-DPO points per seed: 02 runs once per seed and is copied to the other point."""
    root, r1, r2 = smoke_sweep
    out = r1.stdout + r2.stdout
    ran = [ln for ln in out.splitlines() if "02_sft" in ln and " ok in " in ln]
    assert len(ran) == 2, out
    assert {ln.split("]")[0] for ln in ran} == {"[epsilon-0.02_seed-0", "[epsilon-0.02_seed-1"}
    m = json.loads((root / "epsilon-0.5_seed-1" / "manifest.json").read_text())
    assert m["notebooks"]["02_sft"]["shared_from"].endswith("epsilon-0.02_seed-1")


@pytest.mark.slow
def test_smoke_sweep_resumes_without_redoing_the_first_point(smoke_sweep):
    root, r1, r2 = smoke_sweep
    assert r1.stdout.count("point ok in") == 1 and "[epsilon-0.02_seed-0] point ok in" in r1.stdout
    assert "[epsilon-0.02_seed-0] skipped (finished)" in r2.stdout
    assert "[epsilon-0.02_seed-0] [" not in r2.stdout  # none of its notebooks ran again
