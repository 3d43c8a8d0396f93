"""Cost of one per-dimension gradient analysis (dpeer_lib.gradients.gradient_gram) on a real model.

Sizes the default profile's notebook 04: run it on the target machine and pick ``gradients.analysis_rows``
and ``gradients.max_checkpoints`` so that (checkpoints + 1) × seconds-per-analysis + load fits the budget.

    .venv/bin/python benchmarks/gradient_cost.py --rows 4 8 16 --threads 2 [--source bundled:smollm2-135m-instruct]

Rows are synthetic, with PersonaKnob-lite-like lengths (or pass --data runs/<name>/data/train.jsonl).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch

from dpeer_lib import gradients as G
from dpeer_lib.core.models import apply_lora, load_model
from dpeer_lib.core.params import DIMENSIONS, LoraSection, ModelSection

WORDS = ("honest answer because the evidence shows that your plan could work if you first check "
         "the numbers with someone you trust and then take one small step this week").split()


def synthetic_rows(n: int, prompt_words: int, response_words: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    masks = [m for k in range(1, 5) for m in __import__("itertools").combinations(DIMENSIONS, k)]

    def text(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + "."

    rows = []
    for i in range(n):
        mask = list(masks[i % len(masks)])
        r = {"id": f"s{i}", "mask": mask, "prompt": text(prompt_words), "golden": text(response_words)}
        for d in DIMENSIONS:
            r[f"reject_{d}"] = text(response_words) if d in mask else ""
        rows.append(r)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="bundled:smollm2-135m-instruct")
    ap.add_argument("--rows", type=int, nargs="+", default=[4, 8, 16])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--prompt-words", type=int, default=60)
    ap.add_argument("--response-words", type=int, default=80)
    ap.add_argument("--micro-batch", type=int, default=None)
    ap.add_argument("--data", default=None, help="a train.jsonl to take rows from instead of synthetic ones")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0, c0 = time.time(), time.process_time()
    model, tok = load_model(ModelSection(source=args.source, max_length=args.max_length))
    model = apply_lora(model, LoraSection(r=8, alpha=16))
    load = {"wall_s": time.time() - t0, "cpu_s": time.process_time() - c0}
    print("load", load, flush=True)
    pool = None
    if args.data:
        from dpeer_lib.data import read_split

        pool = read_split(args.data)
    results = []
    for n in args.rows:
        rows = G.select_analysis_rows(pool, n) if pool else synthetic_rows(n, args.prompt_words, args.response_words)
        batch = G.encode_analysis_batch(rows, tok, max_length=args.max_length)
        tokens = int(sum(g.attention_mask.sum() for g in batch.groups))
        t0, c0 = time.time(), time.process_time()
        with model.disable_adapter():
            ref = G.batch_logps(model, batch, args.micro_batch)
        ref_t = (time.time() - t0, time.process_time() - c0)
        t0, c0 = time.time(), time.process_time()
        gg = G.gradient_gram(model, batch, ref, beta=0.1, micro_batch=args.micro_batch)
        g_t = (time.time() - t0, time.process_time() - c0)
        rec = {"rows": n, "sequences": sum(len(g) for g in batch.groups), "tokens": tokens,
               "n_params": gg.n_params, "ref_wall_s": ref_t[0], "ref_cpu_s": ref_t[1],
               "gram_wall_s": g_t[0], "gram_cpu_s": g_t[1], "threads": args.threads,
               "load_avg_1min": os.getloadavg()[0]}
        print(json.dumps(rec), flush=True)
        results.append(rec)
    if args.out:
        with open(args.out, "w") as fh:
            json.dump({"load": load, "results": results, "args": vars(args)}, fh, indent=1)


if __name__ == "__main__":
    main()
