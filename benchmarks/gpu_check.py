"""A short GPU check: Lag-DPO on the tiny model in bf16 on CUDA against the same steps in float32 on the CPU.

Run it through ``bash benchmarks/gpu_check.sh`` on one GPU machine without network, with the project's wheels
installed in ``.venv`` (``make install``); it takes about a minute and is bounded to 8 (the wrapper's timeout).

1. prints the machine: ``nvidia-smi``, torch's view of CUDA (device, capability, bf16 support);
2. builds the data and trains SFT once, on the CPU in float32, with the project's runner (notebooks 01 and 02 of
   ``params/smoke.yaml``: the ``tiny:`` random model) into a temporary runs folder, so that both halves start
   Lag-DPO from the very same SFT weights;
3. copies that run twice and trains Lag-DPO (notebook 03, ``lagdpo`` only, ``--steps`` steps, every step logged)
   in each copy: ``compute.device=cpu, compute.bf16=false`` and ``compute.device=cuda, compute.bf16=true``;
4. reads both ``train/lagdpo/metrics.jsonl``, prints the per-step losses side by side and fails when a loss is
   not finite, when the first step's loss is not ln 2 within ``STEP1_TOL`` (the fresh LoRA adapter starts as the
   reference, so the policy/reference log-ratio is 0), or when the largest per-step difference exceeds ``--tol``;
5. generates a few greedy answers to test prompts: the CPU-trained system on the CPU (fp32) and on CUDA (fp32,
   same weights: the share of identical answers is reported, not judged: the tiny model's logits are nearly flat,
   so a rounding difference can flip a near-tie), and the CUDA-trained system on CUDA in bf16.

``--cpu-only`` skips everything that needs CUDA: the second half is a repeat of the CPU run (which must agree
within the tolerance, in practice exactly), so the whole script, the comparison included, runs on any machine.

Exit status 0 when every check passes, 1 otherwise. With ``$OUT`` set, the report (trajectories, differences,
answers, timings, the machine) is written to ``$OUT/gpu_check.json`` (after every phase, so a run cut by the
timeout still leaves what it did) and both metrics files are copied next to it.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

PARAMS = "params/smoke.yaml"
# Tolerance on |loss_gpu_bf16(step) - loss_cpu_fp32(step)|, every logged step. bf16 keeps 8 mantissa bits (relative
# rounding 2^-8 ≈ 4e-3 per operation); the DPO loss sees log-probabilities only through β·(policy − reference)
# log-ratios with β = 0.1, and the policy and reference are computed in the same precision, so most of the rounding
# cancels. Measured on this project's CPU (torch CPU autocast in bf16 against fp32, the same smoke run, 20 steps):
# the largest per-step difference was 4e-4, while the loss itself moved by 0.12 (0.693 → 0.575; the default
# 12 steps move it as much: 0.693 → 0.574). 2e-2 leaves 50x
# room for what differs on a GPU (other kernels and accumulation orders, Adam's first steps amplifying sign flips of
# near-zero gradients) and is still 6x below the loss's own movement: a GPU run that learns something else (a wrong
# attention mask or padding, a dtype bug) lands outside it.
TOL = 2e-2
# The first step's loss alone: the fresh LoRA adapter (B = 0) makes the policy the reference, so the loss is ln 2 up
# to the rounding between the reference precompute and the training forward (same precision, other batches): 7e-5
# in the CPU bf16 measurement above. 5e-3 is 70x that; more means the two forwards disagree (mask, layout, dtype).
STEP1_TOL = 5e-3
LN2 = math.log(2.0)
N_PROMPTS = 4


def log(msg: str = "") -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- the machine
def machine_info(cpu_only: bool) -> dict:
    import torch

    info: dict = {"python": sys.version.split()[0], "platform": platform.platform(), "torch": torch.__version__,
                  "torch_cuda_build": torch.version.cuda, "cuda_available": torch.cuda.is_available()}
    smi = shutil.which("nvidia-smi")
    if smi:
        try:
            p = subprocess.run([smi], capture_output=True, text=True, timeout=60)
            info["nvidia_smi"] = (p.stdout or p.stderr).strip()
        except (OSError, subprocess.TimeoutExpired) as err:
            info["nvidia_smi"] = f"nvidia-smi failed: {err}"
    else:
        info["nvidia_smi"] = None
    if info["cuda_available"]:
        i = torch.cuda.current_device()
        free, total = torch.cuda.mem_get_info(i)
        info.update(device_count=torch.cuda.device_count(), device_name=torch.cuda.get_device_name(i),
                    capability=".".join(map(str, torch.cuda.get_device_capability(i))),
                    bf16_supported=torch.cuda.is_bf16_supported(), memory_total_gib=round(total / 2**30, 1),
                    memory_free_gib=round(free / 2**30, 1), cudnn=torch.backends.cudnn.version())
    log("== machine")
    log(info["nvidia_smi"] or "nvidia-smi: not found")
    for k, v in info.items():
        if k != "nvidia_smi":
            log(f"  {k}: {v}")
    if cpu_only:
        log("  (--cpu-only: nothing below runs on a GPU)")
    elif not info["cuda_available"]:
        raise RuntimeError("torch sees no CUDA device; run with --cpu-only on a machine without a GPU")
    return info


# --------------------------------------------------------------------------- runs
def overrides(work: Path, steps: int, device: str, bf16: bool) -> list[str]:
    """The ``--set`` list of every run: one tiny model cache and runs folder under ``work``, Lag-DPO only."""
    return [f"run.runs_dir={work / 'runs'}", f"model.cache_dir={work / 'model_cache'}", "train.dpo.methods=[lagdpo]",
            f"train.dpo.max_steps={steps}", f"train.dpo.save_steps={steps}", "train.dpo.logging_steps=1",
            f"compute.device={device}", f"compute.bf16={'true' if bf16 else 'false'}"]


def run_notebooks(name: str, only: list[str], sets: list[str], timeout_s: float) -> float:
    """``python -m dpeer_lib run`` on the smoke profile; returns its wall time."""
    cmd = [sys.executable, "-m", "dpeer_lib", "run", "--params", PARAMS, "--run-name", name]
    for n in only:
        cmd += ["--only", n]
    for s in sets:
        cmd += ["--set", s]
    log(f"$ {' '.join(cmd)}")
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=REPO, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=timeout_s)
    if p.returncode != 0:
        raise RuntimeError(f"the runner failed (exit {p.returncode}) for run {name!r}: {' '.join(cmd)}")
    return time.perf_counter() - t0


def loss_series(metrics_path: Path) -> dict[str, dict[int, float | None]]:
    """``{key: {step: value}}`` for ``loss`` and every ``loss_<dim>`` of a metrics.jsonl (None = not finite)."""
    from dpeer_lib.train.common import read_metrics

    rows = read_metrics(metrics_path)
    if not rows:
        raise RuntimeError(f"{metrics_path}: no training logs")
    out: dict[str, dict[int, float | None]] = {}
    for r in rows:
        for k, v in r.items():
            if k == "loss" or k.startswith("loss_"):
                out.setdefault(k, {})[int(r["step"])] = v if (v is not None and math.isfinite(v)) else None
    return out


def compare(a: dict[str, dict[int, float | None]], b: dict[str, dict[int, float | None]], tol: float,
            names: tuple[str, str]) -> tuple[dict, list[str]]:
    """Per-key max |a − b| over the common steps, and the failures (non-finite, missing steps, loss over ``tol``)."""
    fails: list[str] = []
    diffs: dict[str, float | None] = {}
    for name, s in zip(names, (a, b)):
        if "loss" not in s:
            fails.append(f"{name}: no 'loss' in metrics.jsonl")
        for k, steps in s.items():
            bad = [st for st, v in steps.items() if v is None]
            if bad:
                fails.append(f"{name}: {k} is not finite at step(s) {bad}")
    if "loss" in a and "loss" in b and sorted(a["loss"]) != sorted(b["loss"]):
        fails.append(f"the logged steps differ: {names[0]} {sorted(a['loss'])} vs {names[1]} {sorted(b['loss'])}")
    for k in sorted(set(a) & set(b)):
        common = [st for st in sorted(set(a[k]) & set(b[k])) if a[k][st] is not None and b[k][st] is not None]
        diffs[k] = max((abs(a[k][st] - b[k][st]) for st in common), default=None)
    if diffs.get("loss") is not None and diffs["loss"] > tol:
        fails.append(f"max |loss {names[0]} - loss {names[1]}| = {diffs['loss']:.3g} > tolerance {tol:g}")
    for name, s in zip(names, (a, b)):
        first = s.get("loss", {}).get(min(s.get("loss", {}) or [0]))
        if first is not None and abs(first - LN2) > STEP1_TOL:
            fails.append(f"{name}: the first step's loss is {first:.6f}, not ln 2 = {LN2:.6f} (within {STEP1_TOL:g}); "
                         "the policy and the reference disagree before any update")
    return diffs, fails


def print_trajectories(a: dict, b: dict, names: tuple[str, str]) -> None:
    log(f"\n== Lag-DPO loss per step: {names[0]} vs {names[1]}")
    log(f"{'step':>5} {names[0]:>14} {names[1]:>14} {'|diff|':>10}")
    for st in sorted(set(a.get("loss", {})) | set(b.get("loss", {}))):
        x, y = a.get("loss", {}).get(st), b.get("loss", {}).get(st)
        d = f"{abs(x - y):10.2e}" if x is not None and y is not None else f"{'-':>10}"
        log(f"{st:5d} {x if x is not None else float('nan'):14.6f} {y if y is not None else float('nan'):14.6f} {d}")


# --------------------------------------------------------------------------- generation
def greedy_answers(run_root: Path, sets: list[str], device: str, dtype_name: str) -> list[dict]:
    """Greedy answers of the run's lagdpo system to the first test prompts, on ``device`` in ``dtype``."""
    import torch

    from dpeer_lib.core.models import load_system
    from dpeer_lib.core.params import GenerationSection, load_params
    from dpeer_lib.core.paths import RunPaths
    from dpeer_lib.data import read_split
    from dpeer_lib.evaluation.generate import hf_generate_batch, requests_from_rows

    P = load_params(REPO / PARAMS, sets)
    paths = RunPaths(run_root)
    model, tok = load_system(paths, "lagdpo", P)
    model = model.to(device=device, dtype=getattr(torch, dtype_name))
    reqs = requests_from_rows(read_split(paths.test_jsonl)[:N_PROMPTS], "lagdpo")
    gen = GenerationSection(temperature=0.0, max_new_tokens=P.generation.max_new_tokens, batch_size=N_PROMPTS)
    t0 = time.perf_counter()
    res = hf_generate_batch(model, tok, [r.messages for r in reqs], gen)
    dt = time.perf_counter() - t0
    for (text, n), r in zip(res, reqs):
        if not isinstance(text, str) or not 1 <= n <= gen.max_new_tokens:
            raise RuntimeError(f"generation on {device}/{dtype_name}: item {r.item_id}: {n} new tokens, "
                               f"expected 1..{gen.max_new_tokens}")
    del model
    return [{"item_id": r.item_id, "response": text, "n_tokens": n, "seconds": dt / len(res)}
            for (text, n), r in zip(res, reqs)]


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cpu-only", action="store_true", help="skip the CUDA half (a second CPU run takes its place)")
    ap.add_argument("--steps", type=int, default=12, help="Lag-DPO optimizer steps per half (default 12)")
    ap.add_argument("--tol", type=float, default=TOL, help=f"max per-step loss difference (default {TOL:g})")
    ap.add_argument("--work", help="folder for the runs (default: a temporary folder, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--step-timeout", type=float, default=240, help="seconds allowed to each runner call")
    a = ap.parse_args(argv)

    t_start = time.perf_counter()
    out_dir = Path(os.environ["OUT"]) if os.environ.get("OUT") else None
    work = Path(a.work).resolve() if a.work else Path(tempfile.mkdtemp(prefix="gpu_check-"))
    work.mkdir(parents=True, exist_ok=True)
    second = ("cpu", False, "cpu-fp32-repeat") if a.cpu_only else ("cuda", True, "cuda-bf16")
    names = ("cpu-fp32", second[2])
    report: dict = {"mode": "cpu-only" if a.cpu_only else "gpu", "ok": False, "failures": [], "steps": a.steps,
                    "tolerance": a.tol, "step1_tolerance": STEP1_TOL, "halves": list(names), "timings_s": {},
                    "params": PARAMS,
                    "note": "--cpu-only: nothing ran on a GPU" if a.cpu_only else None}

    def save() -> None:
        report["wall_s"] = round(time.perf_counter() - t_start, 1)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / "gpu_check.json").write_text(json.dumps(report, indent=2, default=str))

    try:
        report["machine"] = machine_info(a.cpu_only)
        save()
        base_sets = overrides(work, a.steps, "cpu", False)
        log("\n== data and SFT once, on the CPU in float32 (the common start of both halves)")
        report["timings_s"]["data_sft_cpu"] = round(run_notebooks("base", ["01", "02"], base_sets, a.step_timeout), 1)
        save()
        series, roots, sets_of = {}, {}, {}
        for name, (device, bf16) in zip(names, [("cpu", False), second[:2]]):
            root = work / "runs" / name
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(work / "runs" / "base", root, ignore=shutil.ignore_patterns(".lock"))
            sets_of[name] = overrides(work, a.steps, device, bf16)
            log(f"\n== Lag-DPO, {a.steps} steps: {name} (compute.device={device}, compute.bf16={bf16})")
            report["timings_s"][f"lagdpo_{name}"] = round(run_notebooks(name, ["03"], sets_of[name], a.step_timeout), 1)
            roots[name] = root
            series[name] = loss_series(root / "train" / "lagdpo" / "metrics.jsonl")
            if out_dir is not None:
                shutil.copy2(root / "train" / "lagdpo" / "metrics.jsonl", out_dir / f"metrics_{name}.jsonl")
            report["trajectories"] = {n: {k: [s[k][st] for st in sorted(s[k])] for k in sorted(s)}
                                      for n, s in series.items()}
            save()

        a_s, b_s = series[names[0]], series[names[1]]
        print_trajectories(a_s, b_s, names)
        diffs, fails = compare(a_s, b_s, a.tol, names)
        report["max_abs_diff"] = diffs
        report["failures"] += fails
        log("max |diff| per key: " + ", ".join(f"{k} {v:.3g}" if v is not None else f"{k} -" for k, v in diffs.items()))
        log(f"tolerance on 'loss': {a.tol:g} -> {'ok' if not fails else 'FAILED'}")
        save()

        log("\n== greedy answers (first test prompts)")
        gens: dict[str, list[dict]] = {}
        t0 = time.perf_counter()
        gens["cpu-fp32 system, cpu fp32"] = greedy_answers(roots[names[0]], sets_of[names[0]], "cpu", "float32")
        if not a.cpu_only:
            gens["cpu-fp32 system, cuda fp32"] = greedy_answers(roots[names[0]], sets_of[names[0]], "cuda", "float32")
            gens["cuda-bf16 system, cuda bf16"] = greedy_answers(roots[names[1]], sets_of[names[1]], "cuda", "bfloat16")
            same = [x["response"] == y["response"] for x, y in
                    zip(gens["cpu-fp32 system, cpu fp32"], gens["cpu-fp32 system, cuda fp32"])]
            report["greedy_same_weights_identical"] = f"{sum(same)}/{len(same)}"
        report["timings_s"]["generation"] = round(time.perf_counter() - t0, 1)
        report["generations"] = gens
        for label, rows in gens.items():
            log(f"-- {label}")
            for r in rows:
                log(f"  [{r['item_id']}] ({r['n_tokens']} tok) {r['response'][:100]!r}")
        if "greedy_same_weights_identical" in report:
            log("identical greedy answers, same weights, CPU fp32 vs CUDA fp32: "
                f"{report['greedy_same_weights_identical']} (reported, not judged)")
    except Exception as err:  # noqa: BLE001  (the report says what broke; the exit status says it failed)
        traceback.print_exc()
        report["failures"].append(f"error: {type(err).__name__}: {err}")
    finally:
        report["ok"] = not report["failures"]
        save()
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)
    log(f"\n== {'PASSED' if report['ok'] else 'FAILED'} in {report['wall_s']} s ({report['mode']})")
    for f in report["failures"]:
        log(f"  - {f}")
    if out_dir is not None:
        log(f"report: {out_dir / 'gpu_check.json'}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
