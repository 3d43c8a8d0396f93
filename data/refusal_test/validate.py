#!/usr/bin/env python3
"""Validate data/refusal_test (standard library only).

Checks the format of completions.csv and label_passes.csv, the minimum counts
and balance targets of the set, and prints count tables and the two-pass
labelling agreement. Exits with status 1 on any violation.

Usage: python3 data/refusal_test/validate.py
"""
import csv
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
COMPLETIONS = os.path.join(HERE, "completions.csv")
PASSES = os.path.join(HERE, "label_passes.csv")

COMPLETION_HEADER = ["id", "prompt", "safe", "type", "style", "completion",
                     "final_label", "hard_kind", "prompt_id"]
PASSES_HEADER = ["id", "pass1_label", "pass2_label", "pass2_blind", "final_label"]

LABELS = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"]
STYLES = ["terse_small_model", "verbose_markdown", "cautious_aligned",
          "friendly_casual", "formal_corporate", "non_native_or_quirky",
          "reasoning_first", "roleplay_persona", "translated_or_multilingual",
          "code_heavy"]
HARD_KINDS = ["trigger_word_compliance", "polite_refusal_without_keywords",
              "apology_then_answer", "moralising_only", "hedged_partial",
              "answer_then_refuse", "false_premise_correction", "redirect_only",
              "quoted_refusal", "non_english_refusal"]
SAFE_TYPES = ["homonym", "figurative", "safe_context", "history", "definition",
              "safety_info", "fiction", "public_figure", "false_premise", "privacy"]
UNSAFE_TYPES = ["violence", "weapons", "cyber", "self_harm", "fraud", "drugs",
                "privacy_violation", "hate", "misinformation", "theft"]

# Which final labels each hard kind may carry (see DATA_CARD.md).
HARD_KIND_LABELS = {
    "trigger_word_compliance": {"1_full_compliance"},
    "polite_refusal_without_keywords": {"2_full_refusal"},
    "apology_then_answer": {"1_full_compliance", "3_partial_refusal"},
    "moralising_only": {"2_full_refusal"},
    "hedged_partial": {"3_partial_refusal"},
    "answer_then_refuse": {"3_partial_refusal"},
    "false_premise_correction": {"1_full_compliance"},
    "redirect_only": {"2_full_refusal"},
    "quoted_refusal": {"1_full_compliance"},
    "non_english_refusal": {"2_full_refusal", "3_partial_refusal"},
}
# Phrases a polite_refusal_without_keywords reply must not contain.
REFUSAL_KEYWORDS = ["sorry", "apolog", "can't", "cannot", "can not", "unable",
                    "as an ai", "i won't", "i will not", "not able"]
# An apology_then_answer reply must open with one of these.
APOLOGY_OPENERS = ("sorry", "i'm sorry", "i am sorry", "i can't", "i cannot",
                   "i'm not able", "i am not able")

MIN_ROWS = 260
MIN_PROMPTS = 90
SAFE_SHARE = (0.50, 0.60)            # "about 55%" of prompts are safe
REPLIES_PER_PROMPT = (2, 4)
MIN_STYLES = 8
LABEL_SHARE = {"1_full_compliance": (0.45, 0.55),
               "2_full_refusal": (0.30, 0.40),
               "3_partial_refusal": (0.15, 1.00)}
MIN_HARD_SHARE = 0.35
MIN_PER_HARD = {"moralising_only": 15, "hedged_partial": 15,
                "polite_refusal_without_keywords": 15}
MIN_MIXED_PROMPT_SHARE = 0.50        # "most prompts" get >= 2 labels

errors = []


def err(msg):
    errors.append(msg)


def read_csv(path, header):
    if not os.path.exists(path):
        err(f"missing file: {path}")
        return []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            got = next(reader)
        except StopIteration:
            err(f"{os.path.basename(path)}: empty file")
            return []
        if got != header:
            err(f"{os.path.basename(path)}: header {got} != {header}")
            return []
        rows = []
        for lineno, rec in enumerate(reader, start=2):
            if len(rec) != len(header):
                err(f"{os.path.basename(path)} record {lineno}: {len(rec)} fields, expected {len(header)}")
                continue
            rows.append(dict(zip(header, rec)))
        return rows


def table(title, row_keys, col_keys, counts, total_col=True):
    print(f"\n{title}")
    width = max([len(str(k)) for k in row_keys] + [12])
    cols = list(col_keys) + (["total"] if total_col else [])
    print("  " + " " * width + "".join(f"{c:>20}" for c in cols))
    for r in row_keys:
        vals = [counts.get((r, c), 0) for c in col_keys]
        if total_col:
            vals.append(sum(vals))
        print("  " + f"{str(r):<{width}}" + "".join(f"{v:>20}" for v in vals))
    tot = [sum(counts.get((r, c), 0) for r in row_keys) for c in col_keys]
    if total_col:
        tot.append(sum(tot))
    print("  " + f"{'total':<{width}}" + "".join(f"{v:>20}" for v in tot))


def main():
    comp = read_csv(COMPLETIONS, COMPLETION_HEADER)
    passes = read_csv(PASSES, PASSES_HEADER)
    if not comp:
        err("completions.csv has no rows")

    # ---------------------------------------------------------------- format
    seen_text = {}
    prompts = OrderedDict()  # prompt_id -> (prompt, safe, type)
    expected_q = 0
    for i, r in enumerate(comp, start=1):
        rid = r["id"]
        if rid != f"rt-{i:03d}":
            err(f"row {i}: id {rid!r}, expected rt-{i:03d}")
        for k in COMPLETION_HEADER:
            if k != "hard_kind" and not r[k].strip():
                err(f"{rid}: empty field {k}")
        if r["safe"] not in ("true", "false"):
            err(f"{rid}: safe={r['safe']!r} not true/false")
        if r["final_label"] not in LABELS:
            err(f"{rid}: bad final_label {r['final_label']!r}")
        if r["style"] not in STYLES:
            err(f"{rid}: bad style {r['style']!r}")
        if r["hard_kind"] and r["hard_kind"] not in HARD_KINDS:
            err(f"{rid}: bad hard_kind {r['hard_kind']!r}")
        if r["hard_kind"] != r["hard_kind"].strip():
            err(f"{rid}: hard_kind has stray whitespace")
        allowed_types = SAFE_TYPES if r["safe"] == "true" else UNSAFE_TYPES
        if r["type"] not in allowed_types:
            err(f"{rid}: type {r['type']!r} not allowed for safe={r['safe']}")
        pid = r["prompt_id"]
        if pid not in prompts:
            expected_q += 1
            if pid != f"q{expected_q:03d}":
                err(f"{rid}: prompt_id {pid!r}, expected q{expected_q:03d} (new prompt ids must be sequential)")
            prompts[pid] = (r["prompt"], r["safe"], r["type"])
        elif prompts[pid] != (r["prompt"], r["safe"], r["type"]):
            err(f"{rid}: prompt/safe/type differ from earlier rows of {pid}")
        elif list(prompts)[-1] != pid:
            err(f"{rid}: rows of {pid} are not contiguous")
        text = r["completion"].strip()
        if text in seen_text:
            err(f"{rid}: completion duplicates {seen_text[text]}")
        seen_text[text] = rid
        # hard kind consistency
        hk, lab, low = r["hard_kind"], r["final_label"], text.lower()
        if hk in HARD_KIND_LABELS and lab not in HARD_KIND_LABELS[hk]:
            err(f"{rid}: hard_kind {hk} with label {lab}")
        if hk == "polite_refusal_without_keywords":
            hits = [k for k in REFUSAL_KEYWORDS if k in low.replace("\u2019", "'")]
            if hits:
                err(f"{rid}: polite_refusal_without_keywords contains {hits}")
        if hk == "apology_then_answer" and not low.replace("\u2019", "'").startswith(APOLOGY_OPENERS):
            err(f"{rid}: apology_then_answer does not open with an apology/refusal")
    texts = [p[0] for p in prompts.values()]
    dup_prompts = [t for t, c in Counter(texts).items() if c > 1]
    if dup_prompts:
        err(f"prompt text used under several prompt ids: {dup_prompts}")

    # ------------------------------------------------------------ label_passes
    by_id = {r["id"]: r for r in comp}
    pass_ids = [p["id"] for p in passes]
    if pass_ids != [r["id"] for r in comp]:
        err("label_passes.csv ids are not the same, in the same order, as completions.csv")
    for p in passes:
        for k in PASSES_HEADER:
            if not p[k].strip():
                err(f"label_passes {p['id']}: empty field {k}")
        for k in ("pass1_label", "pass2_label", "final_label"):
            if p[k] not in LABELS:
                err(f"label_passes {p['id']}: bad {k} {p[k]!r}")
        if p["pass2_blind"] not in ("true", "false"):
            err(f"label_passes {p['id']}: pass2_blind={p['pass2_blind']!r} not true/false")
        c = by_id.get(p["id"])
        if c is None:
            err(f"label_passes {p['id']}: id not in completions.csv")
        elif c["final_label"] != p["final_label"]:
            err(f"{p['id']}: final_label differs between files "
                f"({c['final_label']} vs {p['final_label']})")
        if p["pass1_label"] == p["pass2_label"] and p["final_label"] != p["pass1_label"]:
            err(f"{p['id']}: both passes agree but final_label differs")

    # ---------------------------------------------------------- minimum counts
    n = len(comp)
    if n < MIN_ROWS:
        err(f"only {n} rows (< {MIN_ROWS})")
    if len(prompts) < MIN_PROMPTS:
        err(f"only {len(prompts)} prompts (< {MIN_PROMPTS})")
    per_prompt = Counter(r["prompt_id"] for r in comp)
    for pid, k in per_prompt.items():
        if not REPLIES_PER_PROMPT[0] <= k <= REPLIES_PER_PROMPT[1]:
            err(f"{pid}: {k} replies (allowed {REPLIES_PER_PROMPT[0]}-{REPLIES_PER_PROMPT[1]})")
    n_safe_prompts = sum(1 for v in prompts.values() if v[1] == "true")
    safe_share = n_safe_prompts / max(len(prompts), 1)
    if not SAFE_SHARE[0] <= safe_share <= SAFE_SHARE[1]:
        err(f"safe prompt share {safe_share:.1%} outside {SAFE_SHARE[0]:.0%}-{SAFE_SHARE[1]:.0%}")
    styles_used = Counter(r["style"] for r in comp)
    if len(styles_used) < MIN_STYLES:
        err(f"only {len(styles_used)} styles used (< {MIN_STYLES})")
    labels = Counter(r["final_label"] for r in comp)
    for lab, (lo, hi) in LABEL_SHARE.items():
        share = labels[lab] / max(n, 1)
        if not lo <= share <= hi:
            err(f"label {lab} share {share:.1%} outside {lo:.0%}-{hi:.0%}")
    hard = Counter(r["hard_kind"] for r in comp if r["hard_kind"])
    hard_share = sum(hard.values()) / max(n, 1)
    if hard_share < MIN_HARD_SHARE:
        err(f"hard_kind share {hard_share:.1%} < {MIN_HARD_SHARE:.0%}")
    for hk, k in MIN_PER_HARD.items():
        if hard[hk] < k:
            err(f"only {hard[hk]} rows of {hk} (< {k})")
    labels_per_prompt = {}
    for r in comp:
        labels_per_prompt.setdefault(r["prompt_id"], set()).add(r["final_label"])
    mixed = sum(1 for s in labels_per_prompt.values() if len(s) >= 2)
    mixed_share = mixed / max(len(prompts), 1)
    if mixed_share <= MIN_MIXED_PROMPT_SHARE:
        err(f"only {mixed}/{len(prompts)} prompts have >= 2 labels (need more than half)")

    # ----------------------------------------------------------------- tables
    print(f"rows: {n}   prompts: {len(prompts)} ({n_safe_prompts} safe = {safe_share:.1%}, "
          f"{len(prompts) - n_safe_prompts} unsafe)   styles: {len(styles_used)}")
    print(f"prompts with >= 2 labels: {mixed}/{len(prompts)} ({mixed_share:.1%})")
    print(f"rows with a hard_kind: {sum(hard.values())}/{n} ({hard_share:.1%})")
    print("label shares: " + ", ".join(f"{lab} {labels[lab]} ({labels[lab] / max(n, 1):.1%})"
                                       for lab in LABELS))
    table("label x safe (rows)", LABELS, ["true", "false"],
          Counter((r["final_label"], r["safe"]) for r in comp))
    table("style x label (rows)", STYLES, LABELS,
          Counter((r["style"], r["final_label"]) for r in comp))
    table("hard_kind x label (rows)", HARD_KINDS + ["(none)"], LABELS,
          Counter((r["hard_kind"] or "(none)", r["final_label"]) for r in comp))
    table("type x label (rows)", SAFE_TYPES + UNSAFE_TYPES, LABELS,
          Counter((r["type"], r["final_label"]) for r in comp))

    # -------------------------------------------------------------- agreement
    if passes:
        m = len(passes)
        agree = sum(1 for p in passes if p["pass1_label"] == p["pass2_label"])
        po = agree / m
        c1 = Counter(p["pass1_label"] for p in passes)
        c2 = Counter(p["pass2_label"] for p in passes)
        pe = sum(c1[l] * c2[l] for l in LABELS) / (m * m)
        kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
        blind = sum(1 for p in passes if p["pass2_blind"] == "true")
        print(f"\ntwo-pass agreement: {agree}/{m} = {po:.1%}, Cohen's kappa = {kappa:.3f} "
              f"(pass 2 blind for {blind}/{m} rows)")
        table("pass1 x pass2 (rows)", LABELS, LABELS,
              Counter((p["pass1_label"], p["pass2_label"]) for p in passes))
        dis = [p for p in passes if p["pass1_label"] != p["pass2_label"]]
        for p in dis:
            print(f"  disagreement {p['id']}: pass1={p['pass1_label']} pass2={p['pass2_label']} "
                  f"final={p['final_label']}")

    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors[:200]:
            print("  - " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
