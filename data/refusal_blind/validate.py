#!/usr/bin/env python3
"""Standard-library checker for data/refusal_blind.

Checks format, vocabularies, id order, prompt grouping, cross-file
consistency, size and mix targets, the self_harm rule, two-pass agreement and
Cohen's kappa, and byte-identical regeneration by build.py.  Prints count
tables and exits 1 on any problem.
"""
import collections
import csv
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
COMP_COLS = ["id", "prompt", "safe", "type", "style", "completion", "final_label", "hard_kind", "prompt_id"]
PASS_COLS = ["id", "pass1_label", "pass2_label", "pass2_blind", "final_label"]
LABELS = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"]
SAFE_TYPES = ["homonym", "figurative", "professional_context", "history", "definition",
              "safety_info", "fiction", "public_figure", "false_premise", "own_privacy"]
UNSAFE_TYPES = ["violence", "weapons", "cyber", "self_harm", "fraud", "drugs",
                "privacy_violation", "hate", "misinformation", "theft"]
STYLES = ["tiny_chat", "instruct_listy", "frontier_careful", "friendly_app", "blunt", "thinking_model",
          "branded_agent", "esl_model", "dev_helper", "old_rlhf", "multilingual", "search_assistant"]
HARD_KINDS = ["risky_vocab_comply", "disclaimer_comply", "premise_fix", "quiet_refusal",
              "in_character", "polite_partial", "refuse_then_comply", "reasoning_mismatch", "non_english"]
# share targets (inclusive), as fractions of rows
LABEL_TARGETS = {"1_full_compliance": (0.40, 0.50), "2_full_refusal": (0.30, 0.40),
                 "3_partial_refusal": (0.12, 0.20)}
HELP_RE = re.compile(r"988|116 123|741741|helpline|crisis|samaritans|findahelpline|emergency|"
                     r"Childline|Beat|024|Lifeline|ANAD|counselor|doctor|trust", re.I)

problems = []


def bad(msg):
    problems.append(msg)


def read_csv(name, cols):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        bad("missing file " + name)
        return []
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r, None)
        if header != cols:
            bad("%s: header %r != %r" % (name, header, cols))
            return []
        rows = []
        for i, rec in enumerate(r, start=2):
            if len(rec) != len(cols):
                bad("%s line-record %d: %d fields" % (name, i, len(rec)))
                continue
            rows.append(dict(zip(cols, rec)))
        return rows


def table(title, counter_by_key, cols):
    print("\n" + title)
    keys = list(counter_by_key)
    w = max([len(str(k)) for k in keys] + [8])
    print("  " + "".ljust(w) + "".join(c[:18].rjust(20) for c in cols) + "total".rjust(8))
    for k in keys:
        c = counter_by_key[k]
        tot = sum(c.values())
        print("  " + str(k).ljust(w) + "".join(str(c.get(col, 0)).rjust(20) for col in cols) + str(tot).rjust(8))


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[l] * cb[l] for l in LABELS) / (n * n)
    return po, (po - pe) / (1 - pe) if pe < 1 else 1.0


def main():
    comp = read_csv("completions.csv", COMP_COLS)
    passes = read_csv("label_passes.csv", PASS_COLS)
    if not comp or not passes:
        return finish(comp, passes)

    # ids and order
    for i, r in enumerate(comp, start=1):
        if r["id"] != "rb-%03d" % i:
            bad("completions: row %d has id %s (expected rb-%03d)" % (i, r["id"], i))
    if [r["id"] for r in passes] != [r["id"] for r in comp]:
        bad("label_passes ids differ from completions ids (set or order)")

    # vocabularies and fields
    for r in comp:
        rid = r["id"]
        if r["safe"] not in ("true", "false"):
            bad(rid + ": safe=" + r["safe"])
        if r["safe"] == "true" and r["type"] not in SAFE_TYPES:
            bad(rid + ": type %s not a safe=true type" % r["type"])
        if r["safe"] == "false" and r["type"] not in UNSAFE_TYPES:
            bad(rid + ": type %s not a safe=false type" % r["type"])
        if r["style"] not in STYLES:
            bad(rid + ": style " + r["style"])
        if r["final_label"] not in LABELS:
            bad(rid + ": final_label " + r["final_label"])
        if r["hard_kind"] and r["hard_kind"] not in HARD_KINDS:
            bad(rid + ": hard_kind " + r["hard_kind"])
        if not re.fullmatch(r"p\d{3}", r["prompt_id"]):
            bad(rid + ": prompt_id " + r["prompt_id"])
        if not r["completion"].strip() or r["completion"] != r["completion"].strip():
            bad(rid + ": empty or untrimmed completion")
        if not r["prompt"].strip():
            bad(rid + ": empty prompt")

    # prompt grouping
    groups = collections.OrderedDict()
    last = None
    for r in comp:
        pid = r["prompt_id"]
        if pid != last and pid in groups:
            bad("prompt %s rows are not contiguous" % pid)
        groups.setdefault(pid, []).append(r)
        last = pid
    for n, (pid, rs) in enumerate(groups.items(), start=1):
        if pid != "p%03d" % n:
            bad("prompt ids not sequential: %s at position %d" % (pid, n))
        if len({(r["prompt"], r["safe"], r["type"]) for r in rs}) != 1:
            bad(pid + ": rows disagree on prompt/safe/type")
        if not 2 <= len(rs) <= 4:
            bad(pid + ": %d replies (need 2-4)" % len(rs))
        styles = [r["style"] for r in rs]
        if len(set(styles)) != len(styles):
            bad(pid + ": repeated style within prompt")
    if len({r["prompt"] for r in comp}) != len(groups):
        bad("the same prompt text appears under more than one prompt_id")
    dup_completions = [t for t, c in collections.Counter(r["completion"] for r in comp).items() if c > 1]
    if dup_completions:
        bad("%d duplicated completions" % len(dup_completions))

    # cross-file consistency
    pmap = {r["id"]: r for r in passes}
    for r in comp:
        p = pmap.get(r["id"])
        if not p:
            continue
        for col in ("pass1_label", "pass2_label", "final_label"):
            if p[col] not in LABELS:
                bad("%s: %s=%s" % (r["id"], col, p[col]))
        if p["pass2_blind"] != "true":
            bad(r["id"] + ": pass2_blind must be true")
        if p["final_label"] != r["final_label"]:
            bad(r["id"] + ": final_label differs between files")
        if p["pass1_label"] == p["pass2_label"] and p["final_label"] != p["pass1_label"]:
            bad(r["id"] + ": passes agree but final differs")
        if p["final_label"] not in (p["pass1_label"], p["pass2_label"]):
            bad(r["id"] + ": final is neither pass label")

    # size and mix targets
    n_rows, n_prompts = len(comp), len(groups)
    if not 300 <= n_rows <= 340:
        bad("row count %d outside 300-340" % n_rows)
    if not 100 <= n_prompts <= 115:
        bad("prompt count %d outside 100-115" % n_prompts)
    safe_prompts = sum(1 for rs in groups.values() if rs[0]["safe"] == "true")
    if not 0.50 <= safe_prompts / n_prompts <= 0.60:
        bad("safe prompt share %.3f outside 0.50-0.60" % (safe_prompts / n_prompts))
    lab = collections.Counter(r["final_label"] for r in comp)
    for l, (lo, hi) in LABEL_TARGETS.items():
        share = lab[l] / n_rows
        if not lo <= share <= hi:
            bad("label %s share %.3f outside %.2f-%.2f" % (l, share, lo, hi))
    ptype = collections.Counter(rs[0]["type"] for rs in groups.values())
    for t in SAFE_TYPES + UNSAFE_TYPES:
        if ptype[t] < 4:
            bad("type %s has %d prompts (need >=4)" % (t, ptype[t]))
    sty = collections.Counter(r["style"] for r in comp)
    for s in STYLES:
        if sty[s] < 15:
            bad("style %s has %d rows (need >=15)" % (s, sty[s]))

    # self_harm rule: every reply supportive, points to help, never full compliance
    for r in comp:
        if r["type"] == "self_harm":
            if r["final_label"] == "1_full_compliance":
                bad(r["id"] + ": self_harm reply labelled full compliance")
            if not HELP_RE.search(r["completion"]):
                bad(r["id"] + ": self_harm reply does not point to help")

    # agreement
    a = [p["pass1_label"] for p in passes]
    b = [p["pass2_label"] for p in passes]
    po, k = kappa(a, b) if passes else (0, 0)
    n_dis = sum(x != y for x, y in zip(a, b))
    if k < 0.6:
        bad("pass1/pass2 kappa %.3f below 0.6" % k)

    # regeneration
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run([sys.executable, os.path.join(HERE, "build.py"), "--out", tmp],
                             capture_output=True, text=True)
        if res.returncode != 0:
            bad("build.py failed: " + res.stderr.strip())
        else:
            for name in ("completions.csv", "label_passes.csv"):
                with open(os.path.join(tmp, name), "rb") as f1, open(os.path.join(HERE, name), "rb") as f2:
                    if f1.read() != f2.read():
                        bad(name + " is not byte-identical to build.py output")

    # tables
    print("refusal_blind: %d rows, %d prompts (%d safe=true, %d safe=false)"
          % (n_rows, n_prompts, safe_prompts, n_prompts - safe_prompts))
    print("\nlabels overall")
    for l in LABELS:
        print("  %-20s %4d  %5.1f%%" % (l, lab[l], 100.0 * lab[l] / n_rows))
    by = collections.OrderedDict()
    for s in ("true", "false"):
        by["safe=" + s] = collections.Counter(r["final_label"] for r in comp if r["safe"] == s)
    table("labels by safety", by, LABELS)
    by = collections.OrderedDict()
    for t in SAFE_TYPES + UNSAFE_TYPES:
        by["%s (%d prompts)" % (t, ptype[t])] = collections.Counter(r["final_label"] for r in comp if r["type"] == t)
    table("labels by type (rows)", by, LABELS)
    by = collections.OrderedDict()
    for s in STYLES:
        by[s] = collections.Counter(r["final_label"] for r in comp if r["style"] == s)
    table("labels by style (rows)", by, LABELS)
    by = collections.OrderedDict()
    for h in HARD_KINDS + [""]:
        by[h or "(none)"] = collections.Counter(r["final_label"] for r in comp if r["hard_kind"] == h)
    table("hard_kind by final label (rows)", by, LABELS)
    print("\ntwo-pass agreement (one author did both passes: self-consistency, not inter-annotator agreement)")
    print("  rows %d, agree %d, disagree %d, observed agreement %.3f, Cohen's kappa %.3f"
          % (len(a), len(a) - n_dis, n_dis, po, k))
    conf = collections.Counter(zip(a, b))
    print("  pass1 \\ pass2      " + "".join(l[:2].rjust(6) for l in LABELS))
    for x in LABELS:
        print("  %-18s " % x + "".join(str(conf[(x, y)]).rjust(6) for y in LABELS))
    return finish(comp, passes)


def finish(comp, passes):
    if problems:
        print("\nPROBLEMS (%d):" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
