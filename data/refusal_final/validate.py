#!/usr/bin/env python3
"""Check data/refusal_final/{completions,label_passes}.csv.

Standard library only.  Checks format, vocabularies, id order, prompt
grouping, cross-file consistency, label/hard_kind consistency, the size and
mix targets, the two labelling passes (agreement and Cohen's kappa) and that
build.py regenerates both files byte-identically.  Prints count tables and
exits with status 1 if anything is wrong.

    python3 data/refusal_final/validate.py
"""
import collections
import csv
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COMPLETIONS = os.path.join(HERE, "completions.csv")
PASSES = os.path.join(HERE, "label_passes.csv")

COMPLETION_FIELDS = ["id", "prompt", "safe", "type", "style", "completion",
                     "final_label", "hard_kind", "prompt_id"]
PASS_FIELDS = ["id", "pass1_label", "pass2_label", "pass2_blind", "final_label"]

LABELS = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"]
SHORT = {"1_full_compliance": "C", "2_full_refusal": "R", "3_partial_refusal": "P"}
SAFE_TYPES = ["homonym", "figurative", "safe_context", "history", "definition",
              "safety_info", "fiction", "public_figure", "false_premise", "privacy"]
UNSAFE_TYPES = ["violence", "weapons", "cyber", "self_harm", "fraud", "drugs",
                "privacy_violation", "hate", "misinformation", "theft"]
STYLES = ["small_open_1b", "open_instruct_7b", "cautious_large", "chatty_consumer",
          "terse", "reasons_aloud", "persona_bot", "non_native", "code_assistant",
          "mixed_language"]
# hard_kind -> final labels it may carry
HARD_KINDS = {
    "scary_words": {"1_full_compliance"},
    "quotes_refusal": {"1_full_compliance"},
    "disclaimer_then_answer": {"1_full_compliance"},
    "warned_compliance": {"1_full_compliance"},
    "deliberation": set(LABELS),
    "no_refusal_words": {"2_full_refusal"},
    "lecture_only": {"2_full_refusal"},
    "redirect_only": {"2_full_refusal"},
    "substitute_only": {"2_full_refusal"},
    "split_answer": {"3_partial_refusal"},
    "refuse_then_answer": {"3_partial_refusal"},
    "diluted_generic": {"3_partial_refusal"},
    "non_english": {"2_full_refusal", "3_partial_refusal"},
}

# size and mix targets (from the brief)
ROWS_RANGE = (300, 340)
PROMPTS_RANGE = (100, 110)
SAFE_PROMPT_SHARE = (0.50, 0.60)
LABEL_SHARE = {"1_full_compliance": (0.40, 0.50),
               "2_full_refusal": (0.30, 0.40),
               "3_partial_refusal": (0.12, 0.20)}
REPLIES_PER_PROMPT = (2, 4)
MIN_PROMPTS_PER_TYPE = 3
MIN_ROWS_PER_STYLE = 10
MIN_MIXED_PROMPT_SHARE = 0.50

problems = []


def problem(msg):
    problems.append(msg)


def read_csv(path, fields):
    if not os.path.exists(path):
        problem("missing file %s" % os.path.basename(path))
        return []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            problem("%s is empty" % os.path.basename(path))
            return []
        if header != fields:
            problem("%s header is %r, expected %r" % (os.path.basename(path), header, fields))
            return []
        out = []
        for n, rec in enumerate(reader, start=2):
            if len(rec) != len(fields):
                problem("%s record %d has %d fields" % (os.path.basename(path), n, len(rec)))
                continue
            out.append(dict(zip(fields, rec)))
        return out


def table(title, rows, cols, cell, row_label="", total=True):
    """Print a small fixed-width table; cell(r, c) -> int."""
    print("\n" + title)
    w0 = max([len(row_label)] + [len(str(r)) for r in rows]) + 2
    widths = [max(len(str(c)), 5) + 2 for c in cols]
    head = row_label.ljust(w0) + "".join(str(c).rjust(w) for c, w in zip(cols, widths))
    if total:
        head += "total".rjust(7)
    print(head)
    col_tot = [0] * len(cols)
    for r in rows:
        vals = [cell(r, c) for c in cols]
        line = str(r).ljust(w0) + "".join(str(v).rjust(w) for v, w in zip(vals, widths))
        if total:
            line += str(sum(vals)).rjust(7)
        print(line)
        col_tot = [a + b for a, b in zip(col_tot, vals)]
    if total:
        print("total".ljust(w0) + "".join(str(v).rjust(w) for v, w in zip(col_tot, widths))
              + str(sum(col_tot)).rjust(7))


def cohen_kappa(a, b, labels):
    n = len(a)
    if n == 0:
        return float("nan"), float("nan")
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[l] * cb[l] for l in labels) / (n * n)
    kappa = (po - pe) / (1 - pe) if pe < 1 else float("nan")
    return po, kappa


def check_completions(rows):
    ids_seen = set()
    comp_seen = {}
    prompt_of = {}          # prompt_id -> (prompt, safe, type)
    pid_of_text = {}        # prompt text -> prompt_id
    closed = set()          # prompt_ids whose block has ended
    last_pid = None
    next_pid = 1
    for n, r in enumerate(rows, start=1):
        rid = r["id"]
        if rid != "rf-%03d" % n:
            problem("row %d has id %r, expected rf-%03d" % (n, rid, n))
        if rid in ids_seen:
            problem("duplicate id %s" % rid)
        ids_seen.add(rid)
        for k in ("prompt", "completion"):
            if not r[k].strip():
                problem("%s: empty %s" % (rid, k))
            elif r[k] != r[k].strip():
                problem("%s: %s has leading/trailing whitespace" % (rid, k))
        if r["safe"] not in ("true", "false"):
            problem("%s: safe=%r" % (rid, r["safe"]))
        vocab = SAFE_TYPES if r["safe"] == "true" else UNSAFE_TYPES
        if r["type"] not in vocab:
            problem("%s: type %r not allowed with safe=%s" % (rid, r["type"], r["safe"]))
        if r["style"] not in STYLES:
            problem("%s: unknown style %r" % (rid, r["style"]))
        if r["final_label"] not in LABELS:
            problem("%s: final_label %r" % (rid, r["final_label"]))
        hk = r["hard_kind"]
        if hk:
            if hk not in HARD_KINDS:
                problem("%s: unknown hard_kind %r" % (rid, hk))
            elif r["final_label"] not in HARD_KINDS[hk]:
                problem("%s: hard_kind %s inconsistent with %s" % (rid, hk, r["final_label"]))
        c = r["completion"]
        if c in comp_seen:
            problem("%s: completion duplicates %s" % (rid, comp_seen[c]))
        comp_seen[c] = rid
        pid = r["prompt_id"]
        if pid != last_pid:
            if last_pid is not None:
                closed.add(last_pid)
            if pid in closed:
                problem("%s: prompt_id %s not on adjacent rows" % (rid, pid))
            elif pid not in prompt_of:
                if pid != "p%03d" % next_pid:
                    problem("%s: prompt_id %s out of order, expected p%03d" % (rid, pid, next_pid))
                next_pid += 1
            last_pid = pid
        key = (r["prompt"], r["safe"], r["type"])
        if pid in prompt_of:
            if prompt_of[pid] != key:
                problem("%s: prompt/safe/type differ within %s" % (rid, pid))
        else:
            prompt_of[pid] = key
            if r["prompt"] in pid_of_text:
                problem("%s: prompt text of %s repeats %s" % (rid, pid, pid_of_text[r["prompt"]]))
            pid_of_text[r["prompt"]] = pid
    return prompt_of


def main():
    comp = read_csv(COMPLETIONS, COMPLETION_FIELDS)
    passes = read_csv(PASSES, PASS_FIELDS)
    prompt_of = check_completions(comp) if comp else {}

    # ---- cross-file consistency and the two passes
    if comp and passes:
        if [r["id"] for r in comp] != [r["id"] for r in passes]:
            problem("label_passes.csv ids differ from completions.csv ids (or order)")
        final_by_id = {r["id"]: r["final_label"] for r in comp}
        for p in passes:
            rid = p["id"]
            for k in ("pass1_label", "pass2_label", "final_label"):
                if p[k] not in LABELS:
                    problem("%s: %s=%r" % (rid, k, p[k]))
            if p["pass2_blind"] != "true":
                problem("%s: pass2_blind=%r" % (rid, p["pass2_blind"]))
            if rid in final_by_id and p["final_label"] != final_by_id[rid]:
                problem("%s: final_label differs between files" % rid)
            if p["pass1_label"] == p["pass2_label"] and p["final_label"] != p["pass1_label"]:
                problem("%s: passes agree but final_label differs" % rid)
            if p["final_label"] not in (p["pass1_label"], p["pass2_label"]):
                problem("%s: final_label is neither pass label" % rid)

    # ---- build.py regenerates the files byte-identically
    build_path = os.path.join(HERE, "build.py")
    if os.path.exists(build_path) and comp:
        spec = importlib.util.spec_from_file_location("refusal_final_build", build_path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        comp_text, pass_text = mod.render()
        for path, text in ((COMPLETIONS, comp_text), (PASSES, pass_text)):
            with open(path, encoding="utf-8", newline="") as f:
                if f.read() != text:
                    problem("build.py output differs from %s" % os.path.basename(path))
        unresolved = [p["id"] for p in passes if p["pass1_label"] != p["pass2_label"]
                      and p["id"] not in getattr(mod, "RESOLUTIONS", {})]
        if unresolved:
            problem("disagreements without a resolution: %s" % ", ".join(unresolved))
        for rid, (lab, why) in getattr(mod, "RESOLUTIONS", {}).items():
            if not why.strip():
                problem("%s: resolution without a reason" % rid)
    elif not os.path.exists(build_path):
        problem("missing build.py")

    if not comp:
        report_and_exit()

    # ---- counts and mix
    n = len(comp)
    by_pid = collections.OrderedDict()
    for r in comp:
        by_pid.setdefault(r["prompt_id"], []).append(r)
    n_prompts = len(by_pid)
    n_safe_prompts = sum(1 for pid in by_pid if prompt_of[pid][1] == "true")
    label_counts = collections.Counter(r["final_label"] for r in comp)

    if not ROWS_RANGE[0] <= n <= ROWS_RANGE[1]:
        problem("row count %d outside %s" % (n, ROWS_RANGE))
    if not PROMPTS_RANGE[0] <= n_prompts <= PROMPTS_RANGE[1]:
        problem("prompt count %d outside %s" % (n_prompts, PROMPTS_RANGE))
    share = n_safe_prompts / n_prompts
    if not SAFE_PROMPT_SHARE[0] <= share <= SAFE_PROMPT_SHARE[1]:
        problem("safe prompt share %.3f outside %s" % (share, SAFE_PROMPT_SHARE))
    for lab, (lo, hi) in LABEL_SHARE.items():
        s = label_counts[lab] / n
        if not lo <= s <= hi:
            problem("%s share %.3f outside [%.2f, %.2f]" % (lab, s, lo, hi))
    for pid, rs in by_pid.items():
        if not REPLIES_PER_PROMPT[0] <= len(rs) <= REPLIES_PER_PROMPT[1]:
            problem("%s has %d replies" % (pid, len(rs)))
        styles = [r["style"] for r in rs]
        if len(set(styles)) != len(styles):
            problem("%s repeats a style" % pid)
        if prompt_of[pid][2] == "self_harm" and any(r["final_label"] != "2_full_refusal" for r in rs):
            problem("%s (self_harm) has a reply that is not a full refusal" % pid)
    type_prompts = collections.Counter(prompt_of[pid][2] for pid in by_pid)
    for t in SAFE_TYPES + UNSAFE_TYPES:
        if type_prompts[t] < MIN_PROMPTS_PER_TYPE:
            problem("type %s has %d prompts" % (t, type_prompts[t]))
    style_rows = collections.Counter(r["style"] for r in comp)
    for s in STYLES:
        if style_rows[s] < MIN_ROWS_PER_STYLE:
            problem("style %s has %d rows" % (s, style_rows[s]))
    mixed = sum(1 for rs in by_pid.values() if len({r["final_label"] for r in rs}) > 1)
    if mixed / n_prompts < MIN_MIXED_PROMPT_SHARE:
        problem("only %d/%d prompts have replies with different labels" % (mixed, n_prompts))

    # ---- tables
    print("refusal_final: %d rows, %d prompts (%d safe, %d unsafe; safe share %.1f%%)"
          % (n, n_prompts, n_safe_prompts, n_prompts - n_safe_prompts, 100 * share))
    print("prompts whose replies carry more than one label: %d/%d (%.1f%%)"
          % (mixed, n_prompts, 100 * mixed / n_prompts))

    print("\nfinal_label shares")
    for lab in LABELS:
        print("  %-20s %4d  %5.1f%%" % (lab, label_counts[lab], 100 * label_counts[lab] / n))

    table("final_label by prompt safety (rows)", ["true", "false"], [SHORT[l] for l in LABELS],
          lambda s, c: sum(1 for r in comp if r["safe"] == s and SHORT[r["final_label"]] == c),
          row_label="safe")
    table("final_label by type (rows; prompts in brackets)",
          ["%s [%d]" % (t, type_prompts[t]) for t in SAFE_TYPES + UNSAFE_TYPES],
          [SHORT[l] for l in LABELS],
          lambda t, c: sum(1 for r in comp if r["type"] == t.split(" ")[0]
                           and SHORT[r["final_label"]] == c),
          row_label="type")
    table("final_label by style (rows)", STYLES, [SHORT[l] for l in LABELS],
          lambda s, c: sum(1 for r in comp if r["style"] == s and SHORT[r["final_label"]] == c),
          row_label="style")
    hk_names = sorted(HARD_KINDS)
    table("hard_kind by final_label (rows)", hk_names, [SHORT[l] for l in LABELS],
          lambda h, c: sum(1 for r in comp if r["hard_kind"] == h and SHORT[r["final_label"]] == c),
          row_label="hard_kind")
    n_hard = sum(1 for r in comp if r["hard_kind"])
    print("rows with a hard_kind: %d/%d (%.1f%%)" % (n_hard, n, 100 * n_hard / n))
    rpp = collections.Counter(len(rs) for rs in by_pid.values())
    print("\nreplies per prompt: " + ", ".join("%d replies: %d prompts" % (k, rpp[k]) for k in sorted(rpp)))

    if passes:
        a = [p["pass1_label"] for p in passes]
        b = [p["pass2_label"] for p in passes]
        po, kappa = cohen_kappa(a, b, LABELS)
        table("pass 1 (rows) x pass 2 (columns)", [SHORT[l] for l in LABELS], [SHORT[l] for l in LABELS],
              lambda x, y: sum(1 for p, q in zip(a, b) if SHORT[p] == x and SHORT[q] == y),
              row_label="p1\\p2")
        dis = [p["id"] for p in passes if p["pass1_label"] != p["pass2_label"]]
        print("two-pass agreement: %d/%d = %.3f, Cohen's kappa = %.3f; disagreements: %s"
              % (len(a) - len(dis), len(a), po, kappa, ", ".join(dis) or "none"))

    report_and_exit()


def report_and_exit():
    if problems:
        print("\nPROBLEMS (%d):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nOK: all checks passed")
    sys.exit(0)


if __name__ == "__main__":
    main()
