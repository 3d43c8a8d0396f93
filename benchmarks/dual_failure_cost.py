"""Time notebook 06's benchmarks for one system and extrapolate to a whole run.

    .venv/bin/python benchmarks/dual_failure_cost.py --params params/default.yaml \
        --over 24 --items 8 [--set benchmarks.sycophancy.max_turns=2 ...]

Runs the *base* model of the profile on ``--over`` over-refusal prompts and ``--items`` push-back items
(in a throwaway run folder, nothing reused), prints seconds per prompt and per item, and the projected
wall time of notebook 06 for ``--systems`` systems at the profile's own caps. On a shared, loaded
machine wall times are upper bounds; the projection from CPU time divided by the thread count estimates
the wall time on idle cores.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--params", default="params/default.yaml")
    ap.add_argument("--set", dest="overrides", action="append", default=[])
    ap.add_argument("--over", type=int, default=24, help="over-refusal prompts to time")
    ap.add_argument("--items", type=int, default=8, help="push-back items to time")
    ap.add_argument("--systems", type=int, default=5, help="systems in a full run (base, sft, 3 DPO methods)")
    args = ap.parse_args()

    import torch

    from dpeer_lib.dual_failure import stage as B
    from dpeer_lib.evaluation.generate import GenerationStore
    from dpeer_lib.core.models import load_model
    from dpeer_lib.core.params import load_params
    from dpeer_lib.core.paths import RunPaths

    P = load_params(args.params, args.overrides)
    if P.compute.torch_threads:
        torch.set_num_threads(P.compute.torch_threads)
    full_over, full_items = len(B.over_refusal_prompts(P)), len(B.sycophancy_items(P))
    Pt = load_params(args.params, args.overrides + [f"benchmarks.over_refusal.max_items={args.over}",
                                                    f"benchmarks.sycophancy.max_items={args.items}"])
    prompts, items = B.over_refusal_prompts(Pt), B.sycophancy_items(Pt)
    model, tok = load_model(P.model)
    with tempfile.TemporaryDirectory() as tmp:
        paths = RunPaths(tmp).ensure()
        store = GenerationStore(paths.generations)
        loader = lambda *_: (model, tok)  # noqa: E731
        t0, c0 = time.perf_counter(), time.process_time()
        B.run_system(Pt, paths, "base", prompts, [], store, loader)
        t_over = (time.perf_counter() - t0) / len(prompts)
        c_over = (time.process_time() - c0) / len(prompts)
        t0, c0 = time.perf_counter(), time.process_time()
        B.run_system(Pt, paths, "base", prompts.iloc[:0], items, store, loader)
        t_item = (time.perf_counter() - t0) / max(len(items), 1)
        c_item = (time.process_time() - c0) / max(len(items), 1)
    per_system = full_over * t_over + full_items * t_item
    # CPU seconds / threads: what the wall time would be on otherwise idle cores (an estimate)
    threads = torch.get_num_threads()
    per_system_cpu = (full_over * c_over + full_items * c_item) / threads
    out = {
        "params": args.params, "overrides": args.overrides, "threads": torch.get_num_threads(),
        "load_avg": os.getloadavg(), "timed_over": len(prompts), "timed_items": len(items),
        "s_per_over_prompt": round(t_over, 3), "s_per_pushback_item": round(t_item, 3),
        "profile_over_prompts": full_over, "profile_pushback_items": full_items,
        "projected_s_per_system": round(per_system, 1),
        "projected_s_notebook06": round(per_system * args.systems, 1), "systems": args.systems,
        "cpu_s_per_over_prompt": round(c_over, 3), "cpu_s_per_pushback_item": round(c_item, 3),
        "projected_s_notebook06_idle_cores": round(per_system_cpu * args.systems, 1),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
