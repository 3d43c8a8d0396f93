"""Notebook 06's glue end to end on the tiny model: systems, both benchmarks, tables, figures, manifest."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dpeer_lib.dual_failure import stage as B
from dpeer_lib.core.params import load_params
from dpeer_lib.core.paths import RunPaths


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    import torch

    from dpeer_lib.core.models import apply_lora, load_model

    root = tmp_path_factory.mktemp("run")
    P = load_params("params/smoke.yaml", [
        "benchmarks.over_refusal.max_items=6", "benchmarks.sycophancy.max_items=3",
        "benchmarks.sycophancy.max_turns=1", "benchmarks.over_refusal.max_new_tokens=6",
        "benchmarks.sycophancy.max_new_tokens=6", "generation.batch_size=16",
    ])
    paths = RunPaths(root / "run").ensure()
    torch.manual_seed(0)
    for i, system in enumerate(("sft", "lagdpo")):  # saved LoRA adapters stand in for trained systems
        model, _ = load_model(P.model)
        peft = apply_lora(model, P.model.lora)
        with torch.no_grad():
            for name, p in peft.named_parameters():
                if "lora_B" in name:
                    p.normal_(0, 0.5 * (i + 1))
        peft.save_pretrained(paths.train_dir(system))
    est = [{"facet": "system:dimension", "element": f"{s}:{d}", "estimate": v, "se": 0.2}
           for s, off in (("base", -0.5), ("sft", 0.0), ("lagdpo", 0.4)) for d, v in zip("ATEC", (off, off + .1, off, off))]
    paths.irt.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(est).to_csv(paths.irt / "estimates.csv", index=False)
    pd.DataFrame([{"system": s, "dimension": d, "selection_accuracy": 0.5} for s in ("sft", "lagdpo")
                  for d in "ATEC"]).to_csv(paths.selection_csv, index=False)
    over, syc = B.run_benchmarks(P, paths, progress=False)
    return P, paths, over, syc


def test_runs_every_finished_system_and_writes_outcomes(run):
    P, paths, over, syc = run
    assert sorted(over["system"].unique()) == ["base", "lagdpo", "sft"]
    assert len(over) == 3 * 6 and len(syc) == 3 * 3
    assert set(over["refusal_label"]) <= {"1_full_compliance", "2_full_refusal", "3_partial_refusal"}
    assert (paths.eval / "over_refusal.csv").is_file() and (paths.eval / "sycophancy.csv").is_file()
    gens = pd.read_parquet(paths.generations)
    # 6 prompts + 3 items x (answer + 1 push-back) per system; multi-turn rows carry the whole history
    assert len(gens) == 3 * (6 + 3 * 2)
    t1 = gens[gens["turn"] == 1].iloc[0]
    assert len(json.loads(t1["prompt"])) == 3  # question, answer, push-back


def test_rerun_reuses_stored_generations(run):
    P, paths, over, syc = run
    before = len(pd.read_parquet(paths.generations))
    over2, _ = B.run_benchmarks(P, paths, ["sft"], progress=False)
    assert len(pd.read_parquet(paths.generations)) == before
    assert over2["completion"].tolist() == over[over.system == "sft"]["completion"].tolist()


def test_tables_figures_and_manifest(run, tmp_path):
    P, paths, over, syc = run
    written = B.write_tables(P, paths, over, syc)
    for name in ("main", "dual_failure", "selection"):
        for ext in ("md", "tex", "csv"):
            assert (paths.tables / f"{name}.{ext}").is_file()
        assert "paper: Lag-DPO" in (paths.tables / f"{name}.md").read_text()
    dual = written["frames"]["dual_failure"]
    lag = dual[(dual.system == "lagdpo") & (dual.metric == "safe_compliance")].iloc[0]
    assert lag["n_pairs"] == lag["n"] and 0.0 <= lag["p_vs_ref"] <= 1.0
    main_md = (paths.tables / "main.md").read_text()
    assert "+0.40 ± 0.28" in main_md  # lagdpo - sft on A, SE from independent SEs
    from dpeer_lib.core.nb import savefig

    savefig(B.plot_dual_failure(dual), paths, "06_dual_failure")
    savefig(B.plot_theta(written["frames"]["theta"]), paths, "06_theta")
    P2 = P.model_copy(update={"run": P.run.model_copy(update={"copy_figures_to_repo": True})})
    manifest = B.copy_figures_to_repo(P2, paths, tmp_path)
    m = json.loads(manifest.read_text())
    assert {f["file"] for f in m["files"]} >= {"06_dual_failure.png", "06_theta.pdf"}
    assert m["params_hash"] == P2.digest() and m["run"] == P2.run.name and "git_commit" in m
    assert m["run_dir"] == str(Path(paths.root).resolve())  # a run outside the repository: absolute
    inside = json.loads(B.copy_figures_to_repo(P2, paths, Path(paths.root).parent).read_text())
    assert inside["run_dir"] == Path(paths.root).name  # a run inside it: relative, so the file is portable
    assert (tmp_path / "figures" / "06_theta.png").is_file()
    assert B.copy_figures_to_repo(P, paths, tmp_path / "other") is None
