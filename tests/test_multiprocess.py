"""Notebooks 02 and 03 on two processes THROUGH THE RUNNER (gloo on the CPU), against one process.

The slow tests share two smoke runs of notebooks 01-03: ``one`` (1 process, per-device batch 4) and ``two``
(2 processes, per-device batch 2): the same global batch, seed and data order. They check that the two
processes really ran, that λ is identical on both ranks at every step, that every checkpoint loads, and
that the trajectories match one process's within a tolerance stated and justified below.
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from dpeer_lib.core.models import load_system  # noqa: E402
from dpeer_lib.core.params import Params, load_params  # noqa: E402
from dpeer_lib.core.paths import RunPaths  # noqa: E402
from dpeer_lib.train.lagdpo import LAMBDA_TRACE_NAME  # noqa: E402
from dpeer_lib.train.run import launch_command, launch_env  # noqa: E402
from dpeer_lib.train.sft import sft_digest  # noqa: E402
from helpers import WORDS, make_rows, tiny_model  # noqa: E402
from test_pipeline import SMOKE, _run  # noqa: E402  (the runner in a subprocess, as a user runs it)

REPO = Path(__file__).resolve().parents[1]
METHODS = ("lagdpo", "mo_dpo_fixed", "dpo_pooled")
# Smoke's 128-token limit drops 17 of the 24 budgeted DPO prompts (TRL drops prompts that fill max_length): 7
# rows do not split into equal global batches of 4, accelerate then pads rank 1's last batch with a repeated
# row and the runs differ from step 2 on for that reason alone. With 512 tokens no row is dropped: 6 steps x 4
# prompts is exactly one epoch of 24 (SFT: 6 x 4 of 32 rows). ε = 0 and a large dual step make λ move at once.
COMMON = ["model.max_length=512", "train.lagdpo.epsilon=0.0", "train.lagdpo.eta_lambda=5.0"]
ONE = [*COMMON, "train.dpo.pooled_batch_pairs=8"]
TWO = [*COMMON, "compute.num_processes=2", "train.sft.batch_size=2", "train.dpo.batch_size=2",
       "train.dpo.pooled_batch_pairs=4"]

# How close 2 x batch b must be to 1 x batch 2b (float32). DDP averages the two ranks' gradients; for SFT
# (transformers normalises by the tokens of the whole step, all ranks) and for DPO (a mean over equal halves)
# that average IS the full-batch gradient, and Lag-DPO normalises every L_d by the all-reduced row counts
# of the step (and scales by the world size) for the same reason. The same seedable sampler gives both runs
# the same permutation, and accelerate hands rank r the r-th per-device slice of each global batch, so every
# step sees the same rows; the LoRA dropout is 0. What is left is float32 rounding: other batch shapes and
# paddings (a half batch pads to its own longest row, Lag-DPO's auto layout may pick another packing), another
# summation order, amplified by Adam (its first steps are ~lr x sign(g)) over 6 steps. Measured worst cases:
# per-step loss 2.1e-5 (lagdpo; SFT 1e-6, dpo_pooled 1e-6), grad-norm 2e-4 relative, λ 1.1e-4 (λ ~ 0.1).
# Tolerances are ~10x those; what they must catch is far larger: one repeated row in a step moved the loss by
# 4e-3, a pooled batch of 9 pairs instead of 8 by 4e-3, and a gradient left at 1/world of its size (a missing
# world-size factor; Adam hides it in the loss) doubles the grad norm.
LOSS_ATOL = 2e-4
GRAD_NORM_RTOL = 3e-3
LAMBDA_ATOL = 1e-3


def _params(overrides: list[str]) -> Params:
    return load_params(SMOKE, overrides)


def _metrics(root: Path, method: str) -> list[dict]:
    return [json.loads(line) for line in (root / "train" / method / "metrics.jsonl").read_text().splitlines()]


def _trace(root: Path, method: str, rank: int) -> list[dict]:
    path = root / "train" / method / LAMBDA_TRACE_NAME.format(rank=rank)
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    runs = tmp_path_factory.mktemp("runs")
    out = {}
    for name, overrides in (("one", ONE), ("two", TWO)):
        sets = [a for o in overrides for a in ("--set", o)]
        r = _run(runs, name, None, "--only", "01", "--only", "02", "--only", "03", *sets)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
        out[name] = runs / name
    return out


# --------------------------------------------------------------------------- fast: what is launched
def test_cpu_launch_starts_n_gloo_processes_and_gpu_launch_uses_accelerate(tmp_path):
    """``accelerate launch --cpu`` starts ONE process without an MPI hostfile: the CPU goes through torchrun."""
    P = _params(["compute.num_processes=3"])
    cmd = launch_command("lagdpo", P, RunPaths(tmp_path), tmp_path / "p.json")
    assert cmd[1:3] == ["-m", "torch.distributed.run"] and "accelerate" not in " ".join(cmd)
    assert cmd[cmd.index("--nproc_per_node") + 1] == "3" and "--standalone" in cmd  # a free port, not 29500
    assert launch_env(P)["ACCELERATE_USE_CPU"] == "true"
    gpu = launch_command("lagdpo", P.model_copy(update={"compute": P.compute.model_copy(update={"device": "cuda"})}),
                         RunPaths(tmp_path), tmp_path / "p.json")
    assert gpu[1:3] == ["-m", "accelerate.commands.launch"] and gpu[gpu.index("--num_processes") + 1] == "3"
    assert gpu[gpu.index("--main_process_port") + 1] == "0" and "--config_file" in gpu


def test_sft_digest_depends_on_the_processes():
    """The per-device batch times the processes is the global batch: 2 processes train another SFT model."""
    assert sft_digest(_params([])) == sft_digest(_params(["compute.num_processes=1"]))
    assert sft_digest(_params([])) != sft_digest(_params(["compute.num_processes=2"]))


# --------------------------------------------------------------------------- slow: through the runner
@pytest.mark.slow
def test_two_processes_really_trained_every_stage(runs):
    """Every stage reports 2 processes; every checkpoint holds both ranks' RNG states but one set of weights."""
    for method in ("sft", *METHODS):
        folder = runs["two"] / "train" / method
        info = json.loads((folder / "train_info.json").read_text())
        per_device = 4 if method == "dpo_pooled" else 2  # dpo_pooled's batch is in pairs: pooled_batch_pairs
        assert info["complete"] and info["processes"] == 2 and info["per_device_batch"] == per_device
        assert info["steps"] == 6
        checkpoints = sorted(folder.glob("checkpoint-*"))
        assert [c.name for c in checkpoints] == ["checkpoint-3", "checkpoint-6"]
        for c in checkpoints:
            assert (c / "rng_state_0.pth").is_file() and (c / "rng_state_1.pth").is_file()
            assert len(list(c.glob("*.safetensors"))) == 1
    assert json.loads((runs["one"] / "train" / "lagdpo" / "train_info.json").read_text())["processes"] == 1
    assert not list((runs["one"] / "train" / "lagdpo").glob("lambda_rank*"))  # traced only with several ranks


@pytest.mark.slow
def test_lambda_is_identical_on_both_ranks_at_every_step(runs):
    """Each rank's own λ file, step by step, bit for bit; rank 0's is what metrics.jsonl and the state hold."""
    root = runs["two"]
    t0, t1 = _trace(root, "lagdpo", 0), _trace(root, "lagdpo", 1)
    assert [r["step"] for r in t0] == [r["step"] for r in t1] == list(range(1, 7))
    assert [r["lambda"] for r in t0] == [r["lambda"] for r in t1]
    assert [r["ema"] for r in t0] == [r["ema"] for r in t1]
    assert max(t0[-1]["lambda"]) > 0.01  # λ moved, so identical is not trivially zeros
    state = json.loads((root / "train" / "lagdpo" / "lagdpo_state.json").read_text())["dual"]
    assert state["lambda"] == t0[-1]["lambda"]
    logged = {r["step"]: [r["lambda"][n] for n in state["names"]] for r in _metrics(root, "lagdpo")}
    assert all(logged[r["step"]] == pytest.approx(r["lambda"], abs=1e-12) for r in t0)
    f0, f1 = _trace(root, "mo_dpo_fixed", 0), _trace(root, "mo_dpo_fixed", 1)
    assert f0 == f1 and len(f0) == 6 and all(v == 0.0 for r in f0 for v in r["lambda"])


def _forward(model: torch.nn.Module, ids: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(input_ids=ids).logits.float()


@pytest.mark.slow
def test_checkpoints_load_with_peft_and_run_a_forward(runs):
    """Final adapters and checkpoints load on the merged SFT model; the final one is checkpoint-6's, and
    the 2-process model answers like the 1-process one."""
    from peft import PeftModel

    P2, P1 = _params(TWO), _params(ONE)
    sft, tok = load_system(RunPaths(runs["two"]), "sft", P2)
    ids = tok(" ".join(WORDS[:12]), return_tensors="pt").input_ids
    ref = _forward(sft, ids)
    for method in METHODS:
        folder = runs["two"] / "train" / method
        final = _forward(PeftModel.from_pretrained(copy.deepcopy(sft), folder).eval(), ids)
        assert torch.isfinite(final).all() and (final - ref).abs().max() > 1e-4  # the adapter is not a no-op
        last = _forward(PeftModel.from_pretrained(copy.deepcopy(sft), folder / "checkpoint-6").eval(), ids)
        assert torch.equal(final, last)
        mid = _forward(PeftModel.from_pretrained(copy.deepcopy(sft), folder / "checkpoint-3").eval(), ids)
        assert torch.isfinite(mid).all() and not torch.equal(mid, final)
        one = _forward(load_system(RunPaths(runs["one"]), method, P1)[0], ids)
        two = _forward(load_system(RunPaths(runs["two"]), method, P2)[0], ids)
        assert torch.allclose(two, final, atol=1e-4)  # load_system merges the same adapter
        assert (two - one).abs().max() < 10 * LOSS_ATOL * max(1.0, float(one.abs().max())), method


def _compare(one: list[dict], two: list[dict]) -> dict[str, float]:
    """Worst per-step differences of loss, grad norm (relative) and λ between the two runs."""
    assert [r["step"] for r in one] == [r["step"] for r in two] and one
    out = {"loss": max(abs(a["loss"] - b["loss"]) for a, b in zip(one, two)),
           "grad_norm": max(abs(a["grad_norm"] - b["grad_norm"]) / a["grad_norm"] for a, b in zip(one, two))}
    if "lambda" in one[0]:
        out["lambda"] = max(abs(a["lambda"][k] - b["lambda"][k]) for a, b in zip(one, two) for k in a["lambda"])
    return out


@pytest.mark.slow
def test_two_processes_follow_the_one_process_trajectory(runs):
    """Same global batch, seed and rows: per-step loss, grad norm and λ within the tolerances above."""
    worst = {}
    for method in ("sft", *METHODS):
        one, two = _metrics(runs["one"], method), _metrics(runs["two"], method)
        worst[method] = d = _compare(one, two)
        print(method, {k: f"{v:.2e}" for k, v in d.items()})
        assert d["loss"] <= LOSS_ATOL and d["grad_norm"] <= GRAD_NORM_RTOL, (method, d)
        assert d.get("lambda", 0.0) <= LAMBDA_ATOL, (method, d)
        assert one[-1]["loss"] != one[0]["loss"]  # training moved, the comparison is not of constants
    assert max(v for r in _metrics(runs["one"], "lagdpo") for v in r["lambda"].values()) > 0.01


# --------------------------------------------------------------------------- slow: a rank-dependent weights hash
def _cache_worker(out: str, cache: str) -> None:
    """Two Lag-DPO trainers on the same rows share the reference cache, with each rank hashing other weights
    (as under ZeRO-3, where each rank sees its own shard)."""
    import trl.trainer.dpo_trainer as dpo_trainer
    from datasets import Dataset

    from dpeer_lib.data import lagdpo_view
    from dpeer_lib.train.lagdpo import LagDPOConfig, LagDPOTrainer

    torch.set_num_threads(1)
    rank = int(os.environ["RANK"])
    dpo_trainer.hash_module = lambda module: f"the weights as rank {rank} sees them"
    model, tok = tiny_model(Path(cache), "multiprocess-cache", texts=[" ".join(WORDS)] * 4)
    rows = make_rows([["A"], ["T", "E"], ["A", "C"], ["E"], ["C", "T"], ["A", "E", "C"]], seed=3)
    got = []
    for name in ("first", "second"):
        cfg = LagDPOConfig(output_dir=str(Path(out) / name), bf16=False, gradient_checkpointing=False, use_cpu=True,
                           report_to="none", disable_tqdm=True, per_device_train_batch_size=2, max_length=80,
                           precompute_ref_log_probs=True, ref_logps_cache_dir=str(Path(out) / "ref"))
        tr = LagDPOTrainer(copy.deepcopy(model), ref_model=copy.deepcopy(model), args=cfg,
                           train_dataset=Dataset.from_list(lagdpo_view(rows)), processing_class=tok)
        got.append(list(tr.train_dataset.with_format(None)["ref_chosen_logps"]))
    with open(os.path.join(out, f"rank{rank}.json"), "w") as fh:
        json.dump({"ref": got, "files": sorted(os.listdir(Path(out) / "ref"))}, fh)
    torch.distributed.barrier()
    torch.distributed.destroy_process_group()


@pytest.mark.slow
def test_reference_cache_is_shared_when_ranks_hash_the_weights_differently(tmp_path):
    """Every rank must take rank 0's cache path: else rank 0 reads the cache that rank 1 recomputes, and rank 1
    waits forever in the gather (this test then times out)."""
    cache = tmp_path / "models"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "ACCELERATE_USE_CPU": "true",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), str(REPO / "tests"), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", __file__,
           "--cache-worker", str(tmp_path), str(cache)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180, cwd=REPO)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    r0, r1 = (json.loads((tmp_path / f"rank{k}.json").read_text()) for k in (0, 1))
    assert len(r0["files"]) == 1 and r0["files"] == r1["files"]  # one cache, rank 0's
    assert r0["ref"][0] == r0["ref"][1] == r1["ref"][0] == r1["ref"][1] and len(r0["ref"][0]) == 6


if __name__ == "__main__" and "--cache-worker" in sys.argv:
    i = sys.argv.index("--cache-worker")
    _cache_worker(sys.argv[i + 1], sys.argv[i + 2])
