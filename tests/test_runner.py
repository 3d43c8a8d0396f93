"""The runner on small throwaway notebooks: manifest, skipping, failure reporting."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from dpeer_lib.core.params import load_params
from dpeer_lib.core.runner import NotebookFailed, RunError, StageDegraded, input_key, run

REPO = Path(__file__).resolve().parents[1]


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    first = nbformat.v4.new_code_cell("run_dir = None\nparams = None")
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def setup(tmp_path, monkeypatch):
    # The library's source is an input of every notebook; hold it fixed while the tree is edited.
    monkeypatch.setattr("dpeer_lib.core.runner.library_digest", lambda: "fixed")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    a = _notebook(nbs / "01_write.ipynb",
                  "from pathlib import Path\n(Path(run_dir) / 'data').mkdir(exist_ok=True)\n"
                  "(Path(run_dir) / 'data' / 'x.txt').write_text(str(params['train']['dpo']['beta']))")
    b = _notebook(nbs / "02_read.ipynb",
                  "from pathlib import Path\nv = (Path(run_dir) / 'data' / 'x.txt').read_text()\n"
                  "(Path(run_dir) / 'tables').mkdir(exist_ok=True)\n(Path(run_dir) / 'tables' / 'y.txt').write_text(v * 2)")
    P = load_params(REPO / "params/smoke.yaml", [f"run.runs_dir={tmp_path / 'runs'}"])
    return P, [a, b], tmp_path


def test_runs_in_order_and_writes_manifest(setup):
    P, nbs, tmp = setup
    lines = []
    run(P, run_name="t", notebooks=nbs, log=lines.append)
    root = tmp / "runs" / "t"
    assert (root / "tables" / "y.txt").read_text() == "0.10.1"
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["params_hash"] == P.digest()
    assert set(manifest["notebooks"]) == {"01_write", "02_read"}
    assert "data/x.txt" in manifest["notebooks"]["01_write"]["artifacts"]
    assert "tables/y.txt" in manifest["notebooks"]["02_read"]["artifacts"]
    assert manifest["packages"]["trl"] == "1.16.0"
    assert (root / "notebooks" / "02_read.ipynb").is_file()
    assert len(lines) == 4 and "ok in" in lines[1]


def test_rerun_skips_up_to_date_and_reruns_changed(setup):
    P, nbs, tmp = setup
    run(P, run_name="t", notebooks=nbs, log=lambda s: None)
    lines = []
    run(P, run_name="t", notebooks=nbs, log=lines.append)
    assert sum("skipped (up to date)" in ln for ln in lines) == 2
    # a changed parameter makes both out of date
    P2 = P.model_copy(deep=True)
    P2.train.dpo.beta = 0.2
    lines = []
    run(P2, run_name="t", notebooks=nbs, log=lines.append)
    assert sum("ok in" in ln for ln in lines) == 2
    # a deleted artifact makes its notebook rerun, and only it when its output is unchanged
    (tmp / "runs" / "t" / "tables" / "y.txt").unlink()
    lines = []
    run(P2, run_name="t", notebooks=nbs, log=lines.append)
    assert "skipped" in lines[0] and "ok in" in lines[-1]


def test_failing_notebook_stops_names_cell_and_keeps_partial(setup):
    P, nbs, tmp = setup
    bad = _notebook(nbs.pop().parent / "02_fail.ipynb", "x = 1", "raise ValueError('boom in cell')", "y = 2")
    with pytest.raises(NotebookFailed) as err:
        run(P, run_name="f", notebooks=[nbs[0], bad], log=lambda s: None)
    msg = str(err.value)
    assert "02_fail.ipynb" in msg and "cell 2" in msg and "ValueError" in msg and "boom in cell" in msg
    partial = tmp / "runs" / "f" / "notebooks" / "02_fail.ipynb"
    assert partial.is_file()
    nb = nbformat.read(partial, as_version=4)
    assert any(o.get("ename") == "ValueError" for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    manifest = json.loads((tmp / "runs" / "f" / "manifest.json").read_text())
    assert manifest["notebooks"]["02_fail"]["status"] == "failed"


def test_cli_exits_nonzero_on_bad_params(tmp_path, capsys):
    from dpeer_lib.__main__ import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("modle: {}\n")
    assert main(["run", "--params", str(bad)]) == 2
    assert "did you mean 'model'" in capsys.readouterr().err


def test_an_artifact_appended_to_by_a_later_notebook_does_not_rerun_the_first(setup):
    P, nbs, tmp = setup
    append = _notebook(nbs[0].parent / "03_append.ipynb",
                       "from pathlib import Path\nf = Path(run_dir) / 'data' / 'x.txt'\nf.write_text(f.read_text() + '!')")
    run(P, run_name="t", notebooks=[*nbs, append], log=lambda s: None)
    lines = []
    run(P, run_name="t", notebooks=[*nbs, append], log=lines.append)
    assert sum("skipped (up to date)" in ln for ln in lines) == 3, lines


def _declare(nb: Path, params) -> Path:
    book = nbformat.read(nb, as_version=4)
    book.metadata["dpeer"] = {"params": params}
    nbformat.write(book, nb)
    return nb


def test_declared_parameters_scope_the_input_key(setup):
    """A notebook declaring ``data`` keeps its key when train changes; undeclared, it depends on everything."""
    P, nbs, tmp = setup
    declared = _declare(nbs[0], ["data", "run.seed"])
    undeclared = nbs[1]
    P2 = P.model_copy(deep=True)
    P2.train.dpo.beta = 0.2
    P3 = P.model_copy(deep=True)
    P3.data.max_train_rows = 8
    P4 = P.model_copy(deep=True)
    P4.run.seed = 1
    key = lambda nb, p: input_key(nb, p, {}, "lib")  # noqa: E731
    assert key(declared, P2) == key(declared, P)
    assert key(declared, P3) != key(declared, P) and key(declared, P4) != key(declared, P)
    assert key(undeclared, P2) != key(undeclared, P)
    assert key(_declare(undeclared, ["*"]), P2) != key(undeclared, P)
    with pytest.raises(RunError, match="train.nope"):
        key(_declare(undeclared, ["train.nope"]), P)


def test_a_change_outside_a_notebook_s_parameters_does_not_rerun_it(setup):
    P, nbs, tmp = setup
    _declare(nbs[0], ["data"])
    run(P, run_name="t", notebooks=nbs, log=lambda s: None)
    P2 = P.model_copy(deep=True)
    P2.train.dpo.beta = 0.2  # 01 writes beta but declares only data: a wrong declaration shows here
    lines = []
    run(P2, run_name="t", notebooks=nbs, log=lines.append)
    assert "skipped (up to date)" in lines[0] and "ok in" in lines[-1], lines
    assert "seed 0" in (tmp / "runs" / "t" / "tables" / "run_info.md").read_text()


# --------------------------------------------------------------------------- reliability
@pytest.mark.parametrize("name", ["..", ".", "../x", "a/b", "", " x", "-x"])
def test_run_name_must_be_one_plain_folder_name(setup, name):
    P, nbs, tmp = setup
    with pytest.raises(RunError, match="not a plain folder name"):
        run(P, run_name=name, notebooks=nbs, log=lambda s: None)
    assert not (tmp / "runs").exists() or not any((tmp / "runs").iterdir())  # nothing was written anywhere
    assert not (tmp / "x").exists() and not (tmp / "b").exists()


def test_unknown_notebook_number_leaves_no_run_folder(setup):
    P, nbs, tmp = setup
    with pytest.raises(RunError, match="no notebook numbered '99'"):
        run(P, run_name="t99", notebooks=nbs, only=["99"], log=lambda s: None)
    assert not (tmp / "runs" / "t99").exists()


def test_unwritable_runs_folder_is_a_clear_error(setup):
    """A runs folder that cannot be written (here a file in its place, which fails even for root)."""
    P, nbs, tmp = setup
    blocker = tmp / "not_a_dir"
    blocker.write_text("")
    P2 = P.model_copy(deep=True)
    P2.run.runs_dir = str(blocker)
    with pytest.raises(RunError, match="cannot create the run folder .*not_a_dir/t: .*--set run.runs_dir"):
        run(P2, run_name="t", notebooks=nbs, log=lambda s: None)


def test_a_failed_upstream_is_not_built_on(setup):
    """Case: 01 ok, then 01 fails, then --only 02 must refuse (02 would read the older 01's artifacts)."""
    P, nbs, tmp = setup
    run(P, run_name="u", notebooks=nbs, only=["01"], log=lambda s: None)
    (tmp / "bad").mkdir()
    bad = _notebook(tmp / "bad" / "01_write.ipynb", "raise ValueError('bad input file')")
    with pytest.raises(NotebookFailed):
        run(P, run_name="u", notebooks=[bad, nbs[1]], only=["01"], log=lambda s: None)
    with pytest.raises(RunError, match="02_read needs 01_write, whose last run here is 'failed'"):
        run(P, run_name="u", notebooks=[bad, nbs[1]], only=["02"], log=lambda s: None)
    assert not (tmp / "runs" / "u" / "tables" / "y.txt").exists()  # 02 never ran
    # an upstream that never ran is refused the same way
    with pytest.raises(RunError, match="'never run'"):
        run(P, run_name="v", notebooks=nbs, only=["02"], log=lambda s: None)
    # rerunning the upstream too is fine
    run(P, run_name="u", notebooks=nbs, log=lambda s: None)
    assert (tmp / "runs" / "u" / "tables" / "y.txt").is_file()


def test_degraded_stage_stops_the_run_and_reruns_next_time(setup):
    P, nbs, tmp = setup
    flag = tmp / "outage"
    flag.write_text("down")
    judge = _notebook(tmp / "nbs" / "02_judge.ipynb",
                      "from pathlib import Path\nfrom dpeer_lib.core.nb import mark_degraded\n"
                      "from dpeer_lib.core.paths import RunPaths\n"
                      f"if Path({str(flag)!r}).exists():\n"
                      "    mark_degraded(RunPaths(run_dir), 'judgments missing', {'j: transport_error': 3})")
    after = _notebook(tmp / "nbs" / "03_after.ipynb", "x = 1")
    lines = []
    with pytest.raises(StageDegraded, match="02_judge finished with work missing .*transport_error 3"):
        run(P, run_name="d", notebooks=[nbs[0], judge, after], log=lines.append)
    assert any("degraded" in ln for ln in lines) and not any("03_after" in ln for ln in lines)
    m = json.loads((tmp / "runs" / "d" / "manifest.json").read_text())
    assert m["notebooks"]["02_judge"]["status"] == "degraded" and "03_after" not in m["notebooks"]
    flag.unlink()  # the endpoint is back: the same command reruns the degraded stage, then goes on
    lines = []
    run(P, run_name="d", notebooks=[nbs[0], judge, after], log=lines.append)
    assert "skipped" in lines[0] and "02_judge" in lines[1] and sum("ok in" in ln for ln in lines) == 2


_RUN_SCRIPT = """
import sys
from pathlib import Path
from dpeer_lib.core.params import load_params
from dpeer_lib.core.runner import RunError, run
P = load_params(sys.argv[1], ["run.runs_dir=" + sys.argv[2]])
try:
    run(P, run_name="same", notebooks=[Path(sys.argv[3])], log=lambda s: print(s, flush=True))
except RunError as err:
    print("error:", err, flush=True)
    sys.exit(2)
"""


def _start(tmp, nb):
    script = tmp / "run_one.py"
    script.write_text(_RUN_SCRIPT)
    return subprocess.Popen([sys.executable, str(script), str(REPO / "params/smoke.yaml"), str(tmp / "runs"), str(nb)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.slow
def test_two_runs_on_one_folder_do_not_interleave(tmp_path):
    """Two real processes, one run folder: the second exits with the holder named; the first is unharmed."""
    nb = _notebook(tmp_path / "01_slow.ipynb", "import time\ntime.sleep(6)")
    first = _start(tmp_path, nb)
    lock = tmp_path / "runs" / "same" / ".lock"
    for _ in range(200):
        if lock.is_file() and lock.read_text():
            break
        time.sleep(0.05)
    second = _start(tmp_path, nb)
    out2, _ = second.communicate(timeout=120)
    out1, _ = first.communicate(timeout=120)
    assert second.returncode == 2 and f"in use by PID {first.pid}" in out2, out2
    assert first.returncode == 0 and "ok in" in out1, out1
    assert lock.read_text() == ""  # released


@pytest.mark.slow
def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    nb = _notebook(tmp_path / "01_fast.ipynb", "x = 1")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "runs" / "same").mkdir(parents=True)
    (tmp_path / "runs" / "same" / ".lock").write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(),
                                                                   "started": "2026-01-01T00:00:00+00:00"}))
    p = _start(tmp_path, nb)
    out, _ = p.communicate(timeout=120)
    assert p.returncode == 0 and f"taking over the lock of PID {dead.pid}" in out, out


@pytest.mark.slow
def test_ctrl_c_prints_one_line_and_records_the_interruption(tmp_path):
    inside = tmp_path / "inside-the-cell"
    _notebook(tmp_path / "01_slow.ipynb", f"import time\nopen({str(inside)!r}, 'w').close()\ntime.sleep(60)")
    cmd = [sys.executable, "-m", "dpeer_lib", "run", "--params", str(REPO / "params/smoke.yaml"),
           "--run-name", "cc", "--set", f"run.runs_dir={tmp_path / 'runs'}"]
    env = {**os.environ, "DPEER_NOTEBOOK_DIR": str(tmp_path)}
    # its own session, so that the signal goes to the runner and its kernel together, as a terminal's Ctrl-C does
    # SIGINT as a terminal has it: a shell's background job (`cmd &`, nohup) inherits it ignored, and so would
    # the runner here, whatever launched pytest
    p = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    manifest = tmp_path / "runs" / "cc" / "manifest.json"
    # Wait until the kernel is inside the cell: a signal during the kernel's start-up is not an interruption
    # of a notebook (under load, start-up took longer than the 1 s this test once waited after "running").
    for _ in range(1200):
        if inside.is_file():
            break
        time.sleep(0.05)
    assert manifest.is_file() and '"running"' in manifest.read_text()
    time.sleep(0.5)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, (out, err)
    assert err.strip() == "interrupted during 01_slow; rerun the same command to resume", err
    assert json.loads(manifest.read_text())["notebooks"]["01_slow"]["status"] == "interrupted"


def test_openmp_threads_sleep_instead_of_spinning_only_when_other_processes_use_the_cores():
    from dpeer_lib.core.runner import omp_wait_policy

    assert omp_wait_policy(load=0.1, cores=2, threads=2) is None  # idle: spinning is 31% faster
    assert omp_wait_policy(load=1.2, cores=2, threads=2) == "PASSIVE"  # loaded: spinning cost 6.3x
    assert omp_wait_policy(load=3.0, cores=2, threads=1) is None  # one thread never waits for another
    assert omp_wait_policy(load=3.0, cores=16, threads=None) == "PASSIVE"
