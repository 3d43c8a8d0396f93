"""What the training stages see of the rows: a mask-stratified subsample, and the SFT, Lag-DPO,
pooled-DPO and selection views (chat-format prompts and responses)."""
from __future__ import annotations

import logging
import random
from collections import defaultdict
from typing import Iterable

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.data.schema import mask_key, scenario_key

log = logging.getLogger("dpeer.data")


def stratified_subsample(rows: list[dict], n: int | None, seed: int) -> list[dict]:
    """Keep n rows, stratified by mask so every mask stays present when n >= #masks; order preserved."""
    if n is None or n >= len(rows):
        return list(rows)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[mask_key(r["mask"])].append(i)
    keys = sorted(groups)
    rng = random.Random(seed)
    quota: dict[str, int] = {}
    if n < len(keys):
        log.warning("subsample of %d rows cannot keep all %d masks", n, len(keys))
        chosen = rng.sample(keys, n)
        quota = {k: int(k in chosen) for k in keys}
    else:
        quota = {k: 1 for k in keys}
        rest = n - len(keys)
        spare = {k: len(groups[k]) - 1 for k in keys}
        total_spare = sum(spare.values())
        shares = {k: rest * spare[k] / total_spare if total_spare else 0 for k in keys}
        for k in keys:
            quota[k] += int(shares[k])
        left = n - sum(quota.values())
        for k in sorted(keys, key=lambda k: (-(shares[k] - int(shares[k])), k)):
            if left <= 0:
                break
            if quota[k] < len(groups[k]):
                quota[k] += 1
                left -= 1
    keep: set[int] = set()
    for k in keys:
        keep.update(rng.sample(groups[k], min(quota[k], len(groups[k]))))
    return [rows[i] for i in sorted(keep)]


def spread_over_scenarios(rows: list[dict], n: int | None, seed: int) -> list[dict]:
    """Keep n rows spread evenly over the scenarios, and within them over masks not yet taken; order preserved.

    Round-robin over the scenarios (in a seeded order); each turn takes, from that scenario's rows in a seeded
    order, the first whose mask has been taken least so far. So 12 rows of 8 scenarios are 1–2 per scenario
    with 12 different masks, never 12 masks of one scenario.
    """
    if n is None or n >= len(rows):
        return list(rows)
    rng = random.Random(seed)
    by_scene: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_scene[scenario_key(r)].append(i)
    scenes = sorted(by_scene)
    rng.shuffle(scenes)
    for s in scenes:
        rng.shuffle(by_scene[s])
    used: dict[str, int] = defaultdict(int)
    keep: list[int] = []
    while len(keep) < n:
        for s in scenes:
            if len(keep) == n or not by_scene[s]:
                continue
            pick = min(by_scene[s], key=lambda i: used[mask_key(rows[i]["mask"])])  # first among the least used
            by_scene[s].remove(pick)
            used[mask_key(rows[pick]["mask"])] += 1
            keep.append(pick)
    return [rows[i] for i in sorted(keep)]


# --------------------------------------------------------------------------- views
def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def _assistant(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


def sft_view(rows: Iterable[dict]) -> list[dict]:
    """SFT rows: the prompt as a user turn, golden as the assistant completion."""
    return [{"prompt": _user(r["prompt"]), "completion": _assistant(r["golden"])} for r in rows]


def lagdpo_view(rows: Iterable[dict]) -> list[dict]:
    """Lag-DPO rows: prompt, golden, and every reject tagged by dimension ([] when inactive)."""
    out = []
    for r in rows:
        item = {"id": r["id"], "mask": list(r["mask"]), "prompt": _user(r["prompt"]), "chosen": _assistant(r["golden"])}
        for d in DIMENSIONS:
            rej = r.get(f"reject_{d}") or ""
            item[f"rejected_{d}"] = _assistant(rej) if d in r["mask"] and rej else []
        out.append(item)
    return out


def pooled_view(rows: Iterable[dict]) -> list[dict]:
    """Pooled DPO pairs: one (golden, reject_d) pair per active dimension d, in A,T,E,C order."""
    out = []
    for r in rows:
        for d in DIMENSIONS:
            rej = r.get(f"reject_{d}") or ""
            if d in r["mask"] and rej:
                out.append({"id": r["id"], "dimension": d, "prompt": _user(r["prompt"]),
                            "chosen": _assistant(r["golden"]), "rejected": _assistant(rej)})
    return out


def selection_view(rows: Iterable[dict], seed: int = 0) -> list[dict]:
    """Selection items: golden and active rejects shuffled (per item, from seed and id); answer = golden's index."""
    out = []
    for r in rows:
        pairs = [("golden", r["golden"])] + [
            (d, r[f"reject_{d}"]) for d in DIMENSIONS if d in r["mask"] and r.get(f"reject_{d}")]
        random.Random(f"{seed}:{r['id']}").shuffle(pairs)
        labels = [p[0] for p in pairs]
        out.append({"id": r["id"], "prompt": r["prompt"], "candidates": [p[1] for p in pairs],
                    "labels": labels, "answer": labels.index("golden")})
    return out
