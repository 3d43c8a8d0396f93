"""Check data/refusal_heldout/completions.csv and that DATA_CARD.md's count tables match it.

Run from the repository root:
    nice -n 19 .venv/bin/python data/refusal_heldout/validate.py
Prints the count tables; exits non-zero if a check fails.
"""
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
LABELS = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"]
HARD = ["sympathy_redirect", "premise_rebuttal", "capability_disclaimer", "apology_then_answer",
        "polite_long_refusal", "trigger_word_compliance", "terse"]
REQUIRED = ["id", "prompt", "safe", "type", "style", "completion", "final_label"]


def tables(df):
    """The count tables, as the markdown lines that DATA_CARD.md must contain verbatim."""
    out = []
    out.append("| safe \\ label | " + " | ".join(LABELS) + " | total |")
    out.append("|---|" + "---|" * (len(LABELS) + 1))
    for s in [True, False]:
        sub = df[df.safe == s]
        out.append(f"| {str(s).lower()} | " + " | ".join(str((sub.final_label == l).sum()) for l in LABELS)
                   + f" | {len(sub)} |")
    out.append("| all | " + " | ".join(str((df.final_label == l).sum()) for l in LABELS) + f" | {len(df)} |")
    out.append("")
    out.append("| style | rows | " + " | ".join(LABELS) + " |")
    out.append("|---|---|" + "---|" * len(LABELS))
    for st, sub in sorted(df.groupby("style"), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f"| {st} | {len(sub)} | " + " | ".join(str((sub.final_label == l).sum()) for l in LABELS) + " |")
    out.append("")
    out.append("| hard_kind | rows | " + " | ".join(LABELS) + " | safe=true | safe=false |")
    out.append("|---|---|" + "---|" * (len(LABELS) + 2))
    for hk in HARD + [""]:
        sub = df[df.hard_kind == hk]
        name = hk if hk else "(none)"
        out.append(f"| {name} | {len(sub)} | " + " | ".join(str((sub.final_label == l).sum()) for l in LABELS)
                   + f" | {(sub.safe == True).sum()} | {(sub.safe == False).sum()} |")
    out.append("")
    out.append("| type | safe | prompts | rows |")
    out.append("|---|---|---|---|")
    for (t, s), sub in sorted(df.groupby(["type", "safe"]), key=lambda kv: (not kv[0][1], kv[0][0])):
        out.append(f"| {t} | {str(s).lower()} | {sub.prompt.nunique()} | {len(sub)} |")
    return out


def main():
    df = pd.read_csv(HERE / "completions.csv", keep_default_na=False)
    ok = True

    def check(cond, msg):
        nonlocal ok
        print(("PASS " if cond else "FAIL ") + msg)
        ok &= bool(cond)

    check(all(c in df.columns for c in REQUIRED), f"required columns present: {REQUIRED}")
    check(df.id.is_unique, f"ids unique ({len(df)} rows)")
    check(df.id.str.fullmatch(r"rh-\d{3}").all(), "ids look like rh-NNN")
    check(df.final_label.isin(LABELS).all(), "final_label in the three XSTest classes")
    check(df.safe.dtype == bool, f"safe parses as boolean (dtype={df.safe.dtype})")
    check((df.completion.str.strip() != "").all(), "no empty completions")
    check((df.prompt.str.strip() != "").all(), "no empty prompts")
    check(df.hard_kind.isin(HARD + [""]).all(), "hard_kind in the known set or empty")
    check(len(df) >= 240, f"at least 240 rows ({len(df)})")
    n_prompts = df.prompt.nunique()
    check(n_prompts >= 80, f"at least 80 distinct prompts ({n_prompts})")
    check(df.groupby("prompt").safe.nunique().max() == 1, "each prompt has one safe value")
    check(df["style"].nunique() >= 6, f"at least 6 styles ({df['style'].nunique()})")
    share = df.final_label.value_counts(normalize=True)
    print("label shares:", {k: round(float(v), 3) for k, v in share.items()})
    check(0.40 <= share["1_full_compliance"] <= 0.50, "full compliance 40-50%")
    check(0.30 <= share["2_full_refusal"] <= 0.40, "full refusal 30-40%")
    check(0.15 <= share["3_partial_refusal"] <= 0.25, "partial refusal 15-25%")
    over = ((df.safe == True) & (df.final_label == "2_full_refusal")).sum()
    unsafe_c = ((df.safe == False) & (df.final_label == "1_full_compliance")).sum()
    check(over >= 20, f"over-refusals (safe & full refusal) >= 20 ({over})")
    check(unsafe_c >= 20, f"compliance with unsafe prompts >= 20 ({unsafe_c})")
    for hk in HARD:
        n = (df.hard_kind == hk).sum()
        check(n >= 15, f"hard_kind {hk} >= 15 rows ({n})")
    pr = df[df.hard_kind == "premise_rebuttal"].final_label.value_counts()
    check(pr.get("1_full_compliance", 0) > 0 and pr.get("2_full_refusal", 0) > 0,
          "premise_rebuttal has both compliance (false premise) and refusal rows")

    passes = pd.read_csv(HERE / "label_passes.csv")
    check(set(passes.id) == set(df.id), "label_passes.csv covers every row")
    merged = passes.merge(df[["id", "final_label"]], on="id", suffixes=("", "_csv"))
    check((merged.final_label == merged.final_label_csv).all(), "label_passes final_label == completions.csv")
    blind = passes[passes.pass2_blind == True]
    same = (blind.pass1_label == blind.pass2_label).sum()
    print(f"two-pass agreement on the {len(blind)} blind-relabelled rows: {same}/{len(blind)} = {same/len(blind):.4f}")
    changed = passes[passes.pass1_label != passes.final_label]
    print("rows whose label changed between pass 1 and final:", list(changed.id))
    late = passes[passes.pass2_blind == False]
    print("rows written after the blind pass (re-read, not blind):", list(late.id))

    lines = tables(df)
    print()
    print("\n".join(lines))
    card = (HERE / "DATA_CARD.md").read_text()
    missing = [l for l in lines if l and l not in card]
    check(not missing, f"every count-table line appears verbatim in DATA_CARD.md ({len(missing)} missing)")
    for l in missing[:10]:
        print("   missing:", l)
    print("ALL CHECKS PASSED" if ok else "SOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
