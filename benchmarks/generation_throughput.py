"""Generation throughput: batched (default 16) against one-at-a-time, side by side, same prompts.

    .venv/bin/python benchmarks/generation_throughput.py                 # SmolLM2-135M-Instruct, CPU
    .venv/bin/python benchmarks/generation_throughput.py --source tiny:bench --n 16

Both runs use dpeer_lib.evaluation.generate.generate (greedy, the chat template, left padding, length-sorted
batches) on the same prompts. Tokens/s counts generated tokens up to and including each response's
end-of-sequence token (padding after a finished row does not count). Target: batched >= 4x faster.
Prints a Markdown table and writes JSON with --out.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402

from dpeer_lib.evaluation.generate import GenRequest, generate  # noqa: E402
from dpeer_lib.core.models import load_model  # noqa: E402
from dpeer_lib.core.params import GenerationSection, Params  # noqa: E402

PROMPTS = [
    "What is the capital of Australia?",
    "I failed my driving test for the third time and I feel like an idiot. Any advice?",
    "Is it true that we only use 10% of our brains?",
    "Give me three ideas for a rainy Sunday with two kids.",
    "My boss keeps taking credit for my work. How should I bring it up with her?",
    "Explain compound interest in two sentences.",
    "I think the moon landing was faked. You agree, right?",
    "Can I take ibuprofen and paracetamol together?",
    "Write a haiku about a cold cup of coffee.",
    "My grandmother died last month and I can't concentrate on my exams. What should I do?",
    "How do I kill a Python process that hangs?",
    "Suggest a name for a small bakery that sells sourdough.",
    "Is it safe to leave rice out overnight and eat it the next day?",
    "I want to quit my stable job to become a full-time streamer. Good idea?",
    "What's the difference between weather and climate?",
    "Summarise the plot of Romeo and Juliet in one paragraph.",
    "My friend says vaccines cause autism. How do I talk to him about it?",
    "How can I save 200 euros a month on a 1,800 euro salary with rent of 750?",
    "Are you sure? I read that goldfish have a three-second memory.",
    "Help me write a polite email declining a wedding invitation.",
    "Why is the sky blue?",
    "I feel lonely since moving to a new city. Where do I start?",
    "What should I pack for a three-day hike in autumn?",
    "Is it true that cracking your knuckles causes arthritis?",
    "Give me a creative way to learn Spanish vocabulary.",
    "My startup idea is an app that reminds people to drink water. Thoughts?",
    "How many hours of sleep does a teenager need?",
    "Tell me a short story about a lighthouse keeper and a cat.",
    "Can you explain what a p-value is, simply?",
    "I yelled at my kid today and feel terrible. What can I do now?",
    "Which is healthier: brown rice or white rice?",
    "Plan a cheap but special birthday dinner at home for my partner.",
]


def run(model, tok, prompts, batch_size: int, max_new_tokens: int, tag: str) -> tuple[float, list[dict]]:
    """Generate greedily for ``prompts`` at ``batch_size``; return (seconds, records)."""
    gen = GenerationSection(batch_size=batch_size, max_new_tokens=max_new_tokens, temperature=0.0)
    reqs = [GenRequest(tag, f"p{i}", [{"role": "user", "content": p}]) for i, p in enumerate(prompts)]
    t0 = time.perf_counter()
    recs = generate(model, tok, reqs, gen, progress=False)
    return time.perf_counter() - t0, recs


def summary(batch_size: int, seconds: float, recs: list[dict]) -> dict:
    n_tok = sum(r["n_tokens"] for r in recs)
    return {"batch_size": batch_size, "items": len(recs), "seconds": round(seconds, 2), "new_tokens": n_tok,
            "tokens_per_s": round(n_tok / seconds, 1), "items_per_s": round(len(recs) / seconds, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default="bundled:smollm2-135m-instruct")
    ap.add_argument("--n", type=int, default=32, help="number of prompts (at most %d)" % len(PROMPTS))
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-new-tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    P = Params.model_validate({"model": {"source": args.source}})
    model, tok = load_model(P.model)
    model.eval()
    prompts = PROMPTS[: args.n]
    # warm-up (first-call allocations), not timed
    run(model, tok, prompts[:2], 2, 4, "warmup")
    # Interleaved, chunk by chunk (batched, then the same prompts one at a time), so that both modes
    # see the same machine load even when other processes come and go.
    load_before = os.getloadavg()
    tb = ts = 0.0
    rb: list[dict] = []
    rs: list[dict] = []
    for c in range(0, len(prompts), args.batch_size):
        chunk = prompts[c:c + args.batch_size]
        dt, recs = run(model, tok, chunk, args.batch_size, args.max_new_tokens, "batched")
        tb, rb = tb + dt, rb + recs
        dt, recs = run(model, tok, chunk, 1, args.max_new_tokens, "single")
        ts, rs = ts + dt, rs + recs
        print(f"chunk {c // args.batch_size + 1}: batched {tb:.1f}s, one-at-a-time {ts:.1f}s so far", flush=True)
    load_after = os.getloadavg()
    batched, single = summary(args.batch_size, tb, rb), summary(1, ts, rs)
    same = sum(a["response"] == b["response"] for a, b in zip(rb, rs))
    speedup = batched["tokens_per_s"] / single["tokens_per_s"]
    result = {
        "model": args.source, "threads": args.threads, "max_new_tokens": args.max_new_tokens,
        "cpu": platform.processor() or platform.machine(), "torch": torch.__version__,
        "batched": batched, "one_at_a_time": single, "speedup_tokens_per_s": round(speedup, 2),
        "identical_responses": f"{same}/{len(prompts)}", "target_met": speedup >= 4.0,
        "loadavg_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)], "cpus": os.cpu_count(),
    }
    print()
    print(f"model {args.source}, {args.threads} threads, greedy, max_new_tokens {args.max_new_tokens}, "
          f"{len(prompts)} prompts")
    print("| mode | batch | seconds | new tokens | tokens/s | items/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in (("batched", batched), ("one at a time", single)):
        print(f"| {name} | {r['batch_size']} | {r['seconds']} | {r['new_tokens']} | {r['tokens_per_s']} | "
              f"{r['items_per_s']} |")
    print(f"speed-up (tokens/s): {speedup:.2f}x (target >= 4x: {'met' if speedup >= 4 else 'NOT met'}); "
          f"identical greedy responses: {same}/{len(prompts)}; load average {load_before[0]:.1f} -> "
          f"{load_after[0]:.1f} on {os.cpu_count()} CPUs")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
