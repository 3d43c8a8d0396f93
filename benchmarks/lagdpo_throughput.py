"""LagDPOTrainer vs stock TRL DPOTrainer on the flattened pairs of the same rows, side by side in one process.

For each model (the tiny smoke model, SmolLM2-135M-Instruct with LoRA) and each reference mode
(precomputed / computed on the fly), both trainers train on the same PersonaKnob-lite prompts with the
natural mask mix (mean ≈ 2.13 active dimensions per row):

- Lag-DPO: ``--batch`` prompts per optimizer step (packed shared-prefix sequences);
- stock DPO: ``round(batch × mean active dimensions)`` (golden, reject_d) pairs per step, i.e. the same
  prompts per step on average.

Both trainers run exactly ONE epoch over the same ``--rows`` prompts (stratified by mask), so they do the
same work and the row-to-batch sampling cannot favour either; prompts/s = rows ÷ the epoch's training
time (every optimizer step: data, forward, backward, optimizer, logging; the reference precompute and
the set-up are reported apart as ``setup_s``). Peak memory is the process's peak RSS during the run (Linux
``VmHWM``, reset before each run) or CUDA's peak allocation on a GPU. The Lagrangian bookkeeping share
times the trainer's own extra work per step (step counts, weights, statistics, the all-reduce and
dual update, λ logging) against the step time. On a shared machine, run with ``--threads 1`` and read the
CPU-time columns: process CPU seconds per step are robust to other processes, wall time is not.

    python benchmarks/lagdpo_throughput.py --models tiny,smollm2 --rows 16 --out /tmp/lagdpo_bench.json
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TQDM_DISABLE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from datasets import Dataset  # noqa: E402
from transformers import TrainerCallback  # noqa: E402
from trl import DPOConfig, DPOTrainer  # noqa: E402

from dpeer_lib.data import lagdpo_view, load_rows, pooled_view  # noqa: E402
from dpeer_lib.core.models import load_model, lora_config  # noqa: E402
from dpeer_lib.core.params import load_params  # noqa: E402
from dpeer_lib.train.common import budget_rows, mean_active, quiet_training_output, without_printer  # noqa: E402
from dpeer_lib.train.lagdpo import LagDPOConfig, LagDPOTrainer  # noqa: E402
from dpeer_lib.train.pooled import PooledDPOTrainer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


class StepTimer(TrainerCallback):
    """Wall and process-CPU time between consecutive optimizer steps."""

    def __init__(self):
        self.ends: list[tuple[float, float]] = []

    def _mark(self):
        self.ends.append((time.perf_counter(), time.process_time()))

    def on_train_begin(self, args, state, control, **kwargs):
        self._mark()

    def on_step_end(self, args, state, control, **kwargs):
        self._mark()

    def step_times(self, cpu: bool = False) -> list[float]:
        k = 1 if cpu else 0
        return [b[k] - a[k] for a, b in zip(self.ends, self.ends[1:])]


def reset_peak() -> None:
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def peak_mb() -> float:
    if torch.cuda.is_available():
        return torch.cuda.max_memory_allocated() / 2**20
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def instrument(trainer: LagDPOTrainer) -> dict[str, float]:
    """Wrap the trainer's Lagrangian bookkeeping methods with timers; returns the accumulator."""
    acc = {"seconds": 0.0}
    for name in ("_end_optimizer_step", "_weights"):
        inner = getattr(trainer, name)

        def timed(*a, _inner=inner, **k):
            t = time.perf_counter()
            try:
                return _inner(*a, **k)
            finally:
                acc["seconds"] += time.perf_counter() - t

        setattr(trainer, name, timed)
    stats_add = trainer._stats.add

    def timed_add(*a, **k):
        t = time.perf_counter()
        try:
            return stats_add(*a, **k)
        finally:
            acc["seconds"] += time.perf_counter() - t

    trainer._stats.add = timed_add
    return acc


def common_args(out: str, batch: int, precompute: bool, max_length: int, lr: float) -> dict:
    return dict(output_dir=out, max_steps=-1, num_train_epochs=1, per_device_train_batch_size=batch, learning_rate=lr,
                bf16=False, gradient_checkpointing=False, use_cpu=not torch.cuda.is_available(), report_to="none",
                disable_tqdm=True, logging_steps=1, save_strategy="no", seed=0, data_seed=0, beta=0.1,
                max_length=max_length, precompute_ref_log_probs=precompute, precompute_ref_batch_size=batch)


def run_one(kind: str, model, tok, rows, batch: int, precompute: bool, max_length: int, lora, out: str,
            layout: str = "auto", micro: int | None = None) -> dict:
    timer = StepTimer()
    kbar = mean_active(rows)
    reset_peak()
    t0 = time.perf_counter()
    if kind == "lagdpo":
        m = micro or batch
        if batch % m:
            raise SystemExit(f"--micro-batch {m} does not divide --batch {batch}")
        cfg = LagDPOConfig(**{**common_args(out, m, precompute, max_length, 5e-5), "gradient_accumulation_steps": batch // m},
                           layout=layout)
        tr = LagDPOTrainer(copy.deepcopy(model), args=cfg, train_dataset=Dataset.from_list(lagdpo_view(rows)),
                           processing_class=tok, peft_config=copy.deepcopy(lora), callbacks=[timer])
        book = instrument(tr)
    else:
        pairs = max(1, round(batch * kbar))
        cfg = DPOConfig(**common_args(out, pairs, precompute, max_length, 5e-5))
        cls = PooledDPOTrainer if kind == "pooled_compact" else DPOTrainer  # dpo_pooled's trainer, compact LM head
        tr = cls(copy.deepcopy(model), args=cfg, train_dataset=Dataset.from_list(pooled_view(rows)),
                 processing_class=tok, peft_config=copy.deepcopy(lora), callbacks=[timer])
        book = None
    setup_s = time.perf_counter() - t0
    without_printer(tr)
    tr.train()
    wall, cpu = sum(timer.step_times()), sum(timer.step_times(cpu=True))
    steps = len(timer.step_times())
    name = kind if kind in ("stock_dpo", "pooled_compact") else f"lagdpo[{layout}]" + (f" {micro}×{batch // micro}" if micro else "")
    res = {"trainer": name, "precompute_ref": precompute,
           "step_s": wall / steps, "prompts_per_s": len(rows) / wall, "cpu_step_s": cpu / steps,
           "prompts_per_cpu_s": len(rows) / cpu, "per_device_batch": cfg.per_device_train_batch_size,
           "peak_mb": peak_mb(), "setup_s": setup_s, "steps": steps, "epoch_s": wall}
    if book is not None:
        res["bookkeeping_share"] = book["seconds"] / wall
        res["tokens"] = sum(len(tr.data_collator._row_sequence(0, ex)["ids"])
                            for ex in tr.train_dataset.with_format(None))
        res["_bound_inputs"] = (tr.train_dataset, tr.data_collator)
    del tr
    return res


def bare_bound(model, lora, dataset, collator, steps: int, repeats: int = 1) -> dict:
    """The least work of a Lag-DPO epoch: one forward and backward of the same LoRA model over each row's
    unique tokens (prompt once, golden, every active reject; the same truncation), one row per call so
    that nothing is padded, causal attention, the model's own LM loss; no reference pass, mask building,
    collation, optimizer or logging. Returns the epoch time split into ``steps`` like the trainer's."""
    from peft import get_peft_model

    bare = get_peft_model(copy.deepcopy(model), copy.deepcopy(lora))
    bare.train()
    seqs = [collator._row_sequence(0, ex)["ids"] for ex in dataset.with_format(None)]
    tensors = [torch.tensor([ids]) for ids in seqs]
    device = next(bare.parameters()).device

    def once() -> float:
        t = time.perf_counter()
        for x in tensors:
            x = x.to(device)
            bare(input_ids=x, labels=x, use_cache=False).loss.backward()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        return time.perf_counter() - t

    once()  # warm-up: allocator, kernels
    wall = min(once() for _ in range(repeats))
    tokens = sum(len(s) for s in seqs)
    del bare
    return {"trainer": "bound (bare fwd+bwd)", "precompute_ref": True, "step_s": wall / steps,
            "prompts_per_s": len(seqs) / wall, "cpu_step_s": float("nan"), "prompts_per_cpu_s": float("nan"),
            "per_device_batch": 1, "peak_mb": float("nan"), "setup_s": 0.0, "steps": steps, "epoch_s": wall,
            "tokens": tokens}


def model_for(name: str):
    if name == "tiny":
        P = load_params(REPO / "params" / "smoke.yaml")
        section = P.model.model_copy(update={"max_length": 512})
        return load_model(section), section.max_length, lora_config(P.model.lora)
    P = load_params(REPO / "params" / "default.yaml")
    return load_model(P.model), P.model.max_length, lora_config(P.model.lora)


def markdown(results: list[dict], machine: str, threads: int) -> str:
    """The side-by-side table: speed-up over stock DPO, step time over the bare bound, tokens/s per core."""
    lines = [f"Machine: {machine}", "",
             "| model | reference | trainer | per-device batch | s/step | prompts/s | speed-up vs stock | × bound | "
             "unique tokens/s/core | CPU s/step | peak memory (MB) | bookkeeping |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        same = [x for x in results if x["model"] == r["model"]]
        base = next((x for x in same if x["precompute_ref"] == r["precompute_ref"] and x["trainer"] == "stock_dpo"),
                    None)
        bound = next((x for x in same if x["trainer"].startswith("bound")), None)
        speed = f"{r['prompts_per_s'] / base['prompts_per_s']:.2f}×" if base and "bound" not in r["trainer"] else "–"
        ratio = f"{r['epoch_s'] / bound['epoch_s']:.2f}×" if bound else "–"
        tps = f"{bound['tokens'] / r['epoch_s'] / threads:.0f}" if bound else "–"
        book = f"{100 * r['bookkeeping_share']:.2f}%" if "bookkeeping_share" in r else "–"
        ref = "precomputed" if r["precompute_ref"] else "on the fly"
        if "bound" in r["trainer"]:
            ref = "none"
        lines.append(f"| {r['model']} | {ref} | {r['trainer']} | {r['per_device_batch']} | {r['step_s']:.3f} | "
                     f"{r['prompts_per_s']:.3f} | {speed} | {ratio} | {tps} | {r['cpu_step_s']:.3f} | "
                     f"{r['peak_mb']:.0f} | {book} |")
    lines += ["", "× bound: the epoch's wall time over the bare bound's (same rows, same LoRA model, same threads). "
              "Tokens/s/core: the epoch's unique tokens (prompt once, golden, active rejects) per second per thread, "
              "the same token count for every trainer so that the column compares work done."]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="tiny,smollm2")
    ap.add_argument("--batch", type=int, default=4, help="prompts per step (Lag-DPO)")
    ap.add_argument("--rows", type=int, default=16, help="prompts in the timed epoch (stratified by mask)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--ref", default="precomputed,on_the_fly")
    ap.add_argument("--layouts", default="auto", help="Lag-DPO layouts to time: auto,shared_prefix,separate")
    ap.add_argument("--micro-batch", type=lambda v: [None if x == "-" else int(x) for x in v.split(",")],
                    default=None, help="Lag-DPO per-device micro-batches to time, e.g. '-,1' (- = the whole batch "
                    "at once); the rest of the step is gradient accumulation, the same optimizer steps")
    ap.add_argument("--skip-stock", action="store_true", help="time Lag-DPO (and the bound) only")
    ap.add_argument("--pooled-compact", action="store_true",
                    help="also time dpo_pooled's trainer (stock DPOTrainer with the compact LM head) on the same pairs")
    ap.add_argument("--no-bound", dest="bound", action="store_false", help="skip the bare fwd+bwd bound")
    ap.add_argument("--bound-repeats", type=int, default=2, help="timed repeats of the bound (the fastest counts)")
    ap.add_argument("--out", default=None, help="write the results as JSON here")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    quiet_training_output()
    rows_all, _, _ = load_rows("personaknob_lite")
    train = [r for r in rows_all if r.get("split") == "train"]
    rows = budget_rows(train, a.rows, seed=0)
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, torch threads "
               f"{torch.get_num_threads()}" + (f", {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else ""))
    results = []
    out_dir = "/tmp/lagdpo_bench_runs"
    for name in a.models.split(","):
        model, tok, = None, None
        (model, tok), max_length, lora = model_for(name)
        for ref in a.ref.split(","):
            pre = ref == "precomputed"
            stock = [] if a.skip_stock else [("stock_dpo", "-")]
            stock += [("pooled_compact", "-")] if a.pooled_compact else []
            lag = [("lagdpo", x, m) for x in a.layouts.split(",") for m in (a.micro_batch or [None])]
            for kind, layout, micro in [(*s, None) for s in stock] + lag:
                r = run_one(kind, model, tok, rows, a.batch, pre, max_length, lora, out_dir, layout, micro)
                r.update(model=name, rows=len(rows), mean_active_dims=mean_active(rows), max_length=max_length)
                bound_inputs = r.pop("_bound_inputs", None)
                results.append(r)
                print(json.dumps(r), flush=True)
                if bound_inputs is not None and a.bound and not any(
                        x["model"] == name and x["trainer"].startswith("bound") for x in results):
                    b = bare_bound(model, lora, *bound_inputs, steps=r["steps"], repeats=a.bound_repeats)
                    b.update(model=name, rows=len(rows), mean_active_dims=mean_active(rows), max_length=max_length)
                    results.append(b)
                    print(json.dumps(b), flush=True)
    table = markdown(results, machine, torch.get_num_threads())
    print("\n" + table)
    if a.out:
        Path(a.out).write_text(json.dumps({"machine": machine, "results": results, "markdown": table}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
