"""The runner on small throwaway notebooks: manifest, skipping, failure reporting."""
import json
from pathlib import Path

import nbformat
import pytest

from dpeer_lib.core.params import load_params
from dpeer_lib.core.runner import NotebookFailed, run

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
