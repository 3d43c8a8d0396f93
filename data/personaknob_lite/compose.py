"""Compose PersonaKnob-lite rows from the authored scenarios.

Run from anywhere: ``python data/personaknob_lite/compose.py`` (``--out DIR`` to write elsewhere).

For every scenario in ``scenarios.json`` and every one of the 15 non-empty masks over the
persona dimensions A, T, E, C it writes one row:

* ``prompt``  = the scenario's context + the triggers of the active dimensions (seeded order);
* ``golden``  = the passing parts of the active dimensions, joined in a seeded order with
  seeded connectives;
* ``reject_d`` (d active) = golden with the failing part of d swapped in for its passing part,
  same order and connectives, so reject_d differs from golden in dimension d alone;
  ``reject_d`` is "" when d is inactive.

The output (``train.csv``, ``test.csv``) has PersonaKnob's columns plus ``domain``. The script is
deterministic: every random choice comes from ``random.Random`` seeded with the row id. It prints
the statistics of the data card and exits non-zero if a check fails.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIMS = ("A", "T", "E", "C")
COLUMNS = ["id", "mask", "seed_scene", "domain", "context", "trigger", "prompt", "golden",
           "reject_A", "reject_T", "reject_E", "reject_C", "split"]
SCENE_FIELDS = ["scene_id", "domain", "split", "seed_scene", "context"] + [
    f"{kind}_{d}" for d in DIMS for kind in ("trigger", "pass", "fail")]
PART_RATIO = (0.85, 1.15)   # fail_d / pass_d, per scenario and dimension
ROW_RATIO = (0.6, 1.6)      # reject_d / golden, per row
MEAN_RATIO = (0.8, 1.2)     # mean reject_d / golden, overall and per dimension

# Sentence-initial connectives. They go only before empathy and creativity parts, whose pass and
# fail versions both open with a statement or an imperative; A and T parts often open with a direct
# answer ("Yes, ...", "I'd push back ...") and are joined plainly.
CONNECTIVES = {
    "E": ["Also, ", "One more thing: ", "For what it's worth, ", "Separately, "],
    "C": ["Also, ", "One more thing: ", "On the practical side, ", "As for a way forward, "],
}
PRONOUN_I = {"I", "I'm", "I'd", "I've", "I'll"}


def masks() -> list[tuple[str, ...]]:
    """The 15 non-empty masks in canonical order (by size, then A, T, E, C)."""
    return [m for k in range(1, 5) for m in itertools.combinations(DIMS, k)]


def decap(text: str) -> str:
    """Lower-case the first letter for use after a connective, keeping 'I' and acronyms."""
    first = text.split()[0]
    if first.rstrip(",:;") in PRONOUN_I or any(ch.isupper() for ch in first[1:]):
        return text
    return text[0].lower() + text[1:]


def load_scenarios(path: Path) -> list[dict]:
    """Read and check scenarios.json; exit with a clear message on a bad scenario."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        sys.exit(f"{path}: cannot read scenarios: {exc}")
    scenes = doc["scenarios"] if isinstance(doc, dict) else doc
    errors, seen = [], set()
    for i, s in enumerate(scenes):
        sid = s.get("scene_id", f"#{i}")
        for f in SCENE_FIELDS:
            if not isinstance(s.get(f), str) or not s[f].strip():
                errors.append(f"{path}: scenario {sid}: field {f}: missing or empty")
        if sid in seen:
            errors.append(f"{path}: scenario {sid}: duplicate scene_id")
        seen.add(sid)
        if s.get("split") not in ("train", "test"):
            errors.append(f"{path}: scenario {sid}: field split: must be train or test")
        for d in DIMS:
            p, f = s.get(f"pass_{d}", ""), s.get(f"fail_{d}", "")
            if p and f:
                r = len(f) / len(p)
                if not PART_RATIO[0] <= r <= PART_RATIO[1]:
                    errors.append(f"{path}: scenario {sid}: fail_{d}/pass_{d} length ratio {r:.2f} "
                                  f"outside {PART_RATIO}")
                if p.strip() == f.strip():
                    errors.append(f"{path}: scenario {sid}: fail_{d} equals pass_{d}")
    if errors:
        sys.exit("\n".join(errors))
    return scenes


def compose_row(s: dict, mask: tuple[str, ...]) -> dict:
    """Build one row for scenario ``s`` and ``mask`` (canonical order)."""
    letters = "".join(mask)
    row_id = f"pkl-{s['scene_id']}-{letters}"
    rng = random.Random(f"personaknob-lite:{row_id}")

    trig_order = rng.sample(mask, len(mask))
    trigger = " ".join(s[f"trigger_{d}"] for d in trig_order)
    prompt = s["context"] + rng.choice([" ", " ", " ", "\n\n"]) + trigger

    order = rng.sample(mask, len(mask))
    # joiner before each part: (separator, connective); the first part has none
    joins: list[tuple[str, str]] = [("", "")]
    used: set[str] = set()
    for d in order[1:]:
        sep = rng.choice(["\n\n", "\n\n", " "])
        conn = ""
        options = [c for c in CONNECTIVES.get(d, []) if c not in used]
        if options and rng.random() < 0.45:
            conn = rng.choice(options)
            used.add(conn)
        joins.append((sep, conn))

    def assemble(swap: str | None) -> str:
        out = []
        for (sep, conn), d in zip(joins, order):
            part = s[f"fail_{d}"] if d == swap else s[f"pass_{d}"]
            out.append(sep + (conn + decap(part) if conn else part))
        return "".join(out)

    row = {
        "id": row_id,
        "mask": json.dumps(list(mask), separators=(",", ":")),
        "seed_scene": s["seed_scene"],
        "domain": s["domain"],
        "context": s["context"],
        "trigger": trigger,
        "prompt": prompt,
        "golden": assemble(None),
        "split": s["split"],
    }
    for d in DIMS:
        row[f"reject_{d}"] = assemble(d) if d in mask else ""
    return row


def check_and_report(rows: list[dict]) -> list[str]:
    """Print the statistics of the data card; return the list of failed checks."""
    problems: list[str] = []
    by_split = Counter(r["split"] for r in rows)
    print("rows per split:", ", ".join(f"{k}={v}" for k, v in sorted(by_split.items())),
          f"(total {len(rows)})")
    print("\nrows per mask (train / test):")
    for m in masks():
        key = json.dumps(list(m), separators=(",", ":"))
        tr = sum(1 for r in rows if r["mask"] == key and r["split"] == "train")
        te = sum(1 for r in rows if r["mask"] == key and r["split"] == "test")
        print(f"  {key:<22} {tr:>4} / {te}")
    print("\nrows per domain (train / test):")
    for dom in sorted({r["domain"] for r in rows}):
        tr = sum(1 for r in rows if r["domain"] == dom and r["split"] == "train")
        te = sum(1 for r in rows if r["domain"] == dom and r["split"] == "test")
        print(f"  {dom:<24} {tr:>4} / {te}")

    ratios: dict[str, list[float]] = {d: [] for d in DIMS}
    for r in rows:
        for d in DIMS:
            if r[f"reject_{d}"]:
                rr = len(r[f"reject_{d}"]) / len(r["golden"])
                ratios[d].append(rr)
                if not ROW_RATIO[0] <= rr <= ROW_RATIO[1]:
                    problems.append(f"{r['id']}: reject_{d}/golden length ratio {rr:.3f} outside {ROW_RATIO}")
                if r[f"reject_{d}"] == r["golden"]:
                    problems.append(f"{r['id']}: reject_{d} equals golden")
    allr = [x for v in ratios.values() for x in v]
    print("\nlength ratio reject_d / golden (characters): mean [min, max], n")
    for d in DIMS:
        v = ratios[d]
        print(f"  {d}: {statistics.mean(v):.3f} [{min(v):.3f}, {max(v):.3f}], n={len(v)}")
        if not MEAN_RATIO[0] <= statistics.mean(v) <= MEAN_RATIO[1]:
            problems.append(f"mean reject_{d}/golden ratio {statistics.mean(v):.3f} outside {MEAN_RATIO}")
    print(f"  all: {statistics.mean(allr):.3f} [{min(allr):.3f}, {max(allr):.3f}], n={len(allr)}")
    if not MEAN_RATIO[0] <= statistics.mean(allr) <= MEAN_RATIO[1]:
        problems.append(f"mean reject/golden ratio {statistics.mean(allr):.3f} outside {MEAN_RATIO}")
    print("\nlength cues (near 0.5 and near chance mean length gives nothing away):")
    for d in DIMS:
        act = [r for r in rows if r[f"reject_{d}"]]
        p = sum(len(r["golden"]) > len(r[f"reject_{d}"]) for r in act) / len(act)
        print(f"  P(len golden > len reject_{d}) = {p:.3f}")
        if abs(p - 0.5) > 0.15:
            problems.append(f"golden is longer than reject_{d} in {p:.0%} of rows (allowed 35-65%)")
    picks = {"longest": 0, "shortest": 0}
    chance = 0.0
    for r in rows:
        lens = [len(r["golden"])] + [len(r[f"reject_{d}"]) for d in DIMS if r[f"reject_{d}"]]
        picks["longest"] += lens.index(max(lens)) == 0
        picks["shortest"] += lens.index(min(lens)) == 0
        chance += 1 / len(lens)
    chance /= len(rows)
    for k, v in picks.items():
        acc = v / len(rows)
        print(f"  selection by picking the {k} candidate: accuracy {acc:.3f} (chance {chance:.3f})")
        if abs(acc - chance) > 0.1:
            problems.append(f"picking the {k} candidate finds golden in {acc:.1%} of rows (chance {chance:.1%})")

    gl = [len(r["golden"]) for r in rows]
    print(f"\ngolden length (characters): mean {statistics.mean(gl):.0f}, min {min(gl)}, max {max(gl)}")
    pl = [len(r["prompt"]) for r in rows]
    print(f"prompt length (characters): mean {statistics.mean(pl):.0f}, min {min(pl)}, max {max(pl)}")

    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    def scene_keys(split: str) -> set[str]:
        """Scene identities of a split: the scene id inside the row id, the seed scene, the context."""
        keys = set()
        for r in rows:
            if r["split"] == split:
                keys |= {r["id"].rsplit("-", 1)[0], r["seed_scene"], r["context"]}
        return keys

    leak = scene_keys("train") & scene_keys("test")
    if leak:
        problems.append(f"scenes in both splits: {sorted(leak)}")
    print("\nchecks: no reject equals golden; no scene in both splits; unique ids; "
          f"per-row ratio within {ROW_RATIO}; mean ratios within {MEAN_RATIO}; length cues near chance:",
          "OK" if not problems else f"{len(problems)} FAILED")
    return problems


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows as fully quoted CSV (multi-line fields allowed)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writeheader()
        w.writerows({k: r[k] for k in COLUMNS} for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenarios", type=Path, default=HERE / "scenarios.json")
    ap.add_argument("--out", type=Path, default=HERE, help="folder for train.csv and test.csv")
    args = ap.parse_args(argv)

    scenes = load_scenarios(args.scenarios)
    rows = [compose_row(s, m) for s in scenes for m in masks()]
    problems = check_and_report(rows)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "test"):
        write_csv(args.out / f"{split}.csv", [r for r in rows if r["split"] == split])
    print(f"\nwrote {args.out / 'train.csv'} and {args.out / 'test.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
