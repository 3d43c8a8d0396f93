"""How a CPU job degrades when other processes use the cores: torch threads × OpenMP wait policy × load.

The job is what notebook 06 spends its time on: batched greedy generation with SmolLM2-135M-Instruct
(``--prompts`` chat prompts, one batch, ``--tokens`` new tokens each), timed after a warm-up. The load is
``c`` other processes that each keep one core busy with single-threaded float32 matrix products (another
training or inference job). Each (threads, wait policy, c) runs in a fresh process, so the thread pool and
the OpenMP environment are its own.

The table gives each time as a ratio to the idle run with the same settings, beside the fair-share
ratio: with ``c`` busy processes and ``t`` job threads on ``n`` cores, a fair scheduler gives the job
``min(t, n·t/(t + c))`` cores instead of ``min(t, n)``; and as a ratio to the fastest idle run. A job far above its fair share is losing time to
its own threads waiting for each other (a thread that spins or is preempted holds up every parallel region).

    .venv/bin/python benchmarks/contention.py --out benchmarks/results/contention_2cores.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def job(threads: int, prompts: int, tokens: int) -> float:
    """Seconds for one batch of greedy generation (after a warm-up batch)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    import torch

    sys.path.insert(0, str(REPO))
    from dpeer_lib.core.models import load_model
    from dpeer_lib.core.params import load_params
    from dpeer_lib.evaluation.generate import hf_generate_batch

    torch.set_num_threads(threads)
    P = load_params(REPO / "params" / "default.yaml")
    model, tok = load_model(P.model)
    gen = P.generation.model_copy(update={"max_new_tokens": tokens, "batch_size": prompts})
    convs = [[{"role": "user", "content": f"Give me {k + 2} tips for keeping a houseplant alive in winter."}]
             for k in range(prompts)]
    hf_generate_batch(model, tok, convs[:2], gen.model_copy(update={"max_new_tokens": 4}), seed=0)
    t = time.perf_counter()
    hf_generate_batch(model, tok, convs, gen, seed=0)
    return time.perf_counter() - t


def burner() -> None:
    """Keep one core busy with single-threaded matrix products until killed."""
    import torch

    torch.set_num_threads(1)
    a = torch.randn(256, 256)
    while True:
        a = torch.tanh(a @ a)


def run(threads: int, policy: str, load: int, prompts: int, tokens: int) -> float:
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if policy != "default":
        env["OMP_WAIT_POLICY"] = policy
    burners = [subprocess.Popen([sys.executable, __file__, "--burn"], env={**os.environ, "OMP_NUM_THREADS": "1"})
               for _ in range(load)]
    try:
        time.sleep(1.0 if load else 0.0)
        out = subprocess.run([sys.executable, __file__, "--job", str(threads), "--prompts", str(prompts),
                              "--tokens", str(tokens)], env=env, check=True, capture_output=True, text=True)
        return float(out.stdout.strip().splitlines()[-1])
    finally:
        for b in burners:
            b.kill()
            b.wait()


def fair_share(threads: int, load: int, cores: int) -> float:
    return min(threads, cores * threads / (threads + load))


def markdown(results: list[dict], cores: int) -> str:
    best_idle = min(r["seconds"] for r in results if r["load"] == 0)
    lines = ["| torch threads | OMP_WAIT_POLICY | busy processes | seconds | × idle (same settings) | "
             "fair-share bound (× idle, same settings) | × fastest idle |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        idle = next(x["seconds"] for x in results if x["load"] == 0 and x["threads"] == r["threads"]
                    and x["policy"] == r["policy"])
        bound = fair_share(r["threads"], 0, cores) / fair_share(r["threads"], r["load"], cores)
        lines.append(f"| {r['threads']} | {r['policy']} | {r['load']} | {r['seconds']:.2f} | "
                     f"{r['seconds'] / idle:.2f}× | {bound:.2f}× | {r['seconds'] / best_idle:.2f}× |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--policies", default="default,PASSIVE")
    ap.add_argument("--loads", default="0,1,2")
    ap.add_argument("--prompts", type=int, default=16)
    ap.add_argument("--tokens", type=int, default=32)
    ap.add_argument("--out")
    ap.add_argument("--job", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--burn", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.burn:
        burner()
        return 0
    if a.job:
        print(job(a.job, a.prompts, a.tokens))
        return 0
    cores = len(os.sched_getaffinity(0))
    results = []
    for threads in (int(x) for x in a.threads.split(",")):
        for policy in a.policies.split(","):
            for load in (int(x) for x in a.loads.split(",")):
                sec = run(threads, policy, load, a.prompts, a.tokens)
                results.append({"threads": threads, "policy": policy, "load": load, "seconds": sec})
                print(json.dumps(results[-1]), flush=True)
    machine = f"{platform.processor() or platform.machine()}, {cores} cores"
    table = markdown(results, cores)
    print(f"\nMachine: {machine}; job: {a.prompts} prompts × {a.tokens} new tokens, one batch\n\n{table}")
    if a.out:
        Path(a.out).write_text(json.dumps({"machine": machine, "results": results, "markdown": table}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
