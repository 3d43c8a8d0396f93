"""Train the ``learned`` refusal classifier and print the leave-one-model-out table of every classifier.

    .venv/bin/python scripts/train_refusal_classifier.py --data-dir ../shared/data/xstest
    .venv/bin/python scripts/train_refusal_classifier.py --data-dir ../shared/data/xstest --no-write \
        --params my.yaml --judge gpt4o      # adds the LLM judge (an openai/hf judge of my.yaml) to the table

Training sources: XSTest v2's human-labelled completion files ``xstest_v2_completions_{gpt4,llama2orig}.csv``
from ``--data-dir`` (never copied into the repository) and the three hand-written sets of other chat-model
styles shipped in ``data/`` (``refusal_heldout``, ``refusal_test``, ``refusal_final``; their DATA_CARD.md say how they were
written). Leave-one-source-out: for each source, the classifier is trained (its settings chosen by
cross-validation inside the training rows) on the other four and scored on it. The shipped weights
``learned.npz`` are trained on all five; the leave-one-source-out models are kept beside them
(``learned_without_<source>.npz``). ``--independent blind`` scores every classifier on
``data/refusal_blind``, a set none of them was built on (once, when everything is frozen; ``refusal_final``
served so before, and trains the weights since). Writes
``metrics.json`` and ``DATA_CARD.md`` to ``--out`` (default ``data/refusal_classifier``) and prints the tables.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from dpeer_lib.core.params import load_params
from dpeer_lib.dual_failure import refusal_learned as L
from dpeer_lib.dual_failure.refusal import agreement, classify, load_completions
from dpeer_lib.evaluation.judge_classifiers import find_judge_spec, make_refusal_judge

MODELS = ("gpt4", "llama2orig")  # XSTest's two labelled files
FILE = "xstest_v2_completions_{}.csv"
REPO = Path(__file__).resolve().parents[1]
# Hand-written sets in the repository: the rules were extended after reading `handwritten_dev`'s errors;
# `handwritten_test` and then `handwritten_final` were each scored once as a final test (README) and have
# trained the learned weights since.
HANDWRITTEN = {"handwritten_dev": REPO / "data/refusal_heldout/completions.csv",
               "handwritten_test": REPO / "data/refusal_test/completions.csv",
               "handwritten_final": REPO / "data/refusal_final/completions.csv"}
SOURCES = (*MODELS, *HANDWRITTEN)
RULES_DEVELOPED_ON = ("gpt4", "llama2orig", "handwritten_dev")  # in-sample for `rules`


def load(data_dir: Path) -> dict[str, dict]:
    """Each source's completions, human labels and features."""
    out = {}
    for m in SOURCES:
        path = HANDWRITTEN.get(m, data_dir / FILE.format(m))
        df = load_completions(path, ("prompt", "completion", "final_label"))
        t0 = time.time()
        X = L.features(df["completion"].tolist())
        print(f"{path}: {len(df)} rows, features {X.shape} in {time.time() - t0:.0f} s", file=sys.stderr)
        out[m] = {"path": str(path), "df": df, "X": X, "gold": df["final_label"].tolist(),
                  "completions": df["completion"].tolist()}
    return out


def _train_on(data: dict[str, dict], sources: list[str]) -> L.SoftmaxModel:
    X = np.vstack([data[m]["X"] for m in sources])
    gold = sum((data[m]["gold"] for m in sources), [])
    comps = sum((data[m]["completions"] for m in sources), [])
    return L.train(X, gold, comps, {"trained_on": sources})


def fit_all(data: dict[str, dict], out_dir: Path | None) -> dict[str, L.SoftmaxModel]:
    """The leave-one-source-out models (``without_<source>``) and the shipped one (``all``), saved to ``out_dir``."""
    models = {f"without_{m}": _train_on(data, [o for o in SOURCES if o != m]) for m in SOURCES}
    models["all"] = _train_on(data, list(SOURCES))
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("learned_train_*.npz"):  # the earlier XSTest-only leave-one-model-out weights
            old.unlink()
        models["all"].save(out_dir / "learned.npz")
        for m in SOURCES:
            models[f"without_{m}"].save(out_dir / f"learned_without_{m}.npz")
    return models


def predictions(data: dict[str, dict], models: dict[str, L.SoftmaxModel], judge=None) -> dict:
    """``{(classifier, file): {"held_out": labels or None, "in_sample": labels or None}}``."""
    out = {}
    for m in SOURCES:
        d = data[m]
        strm = classify(d["df"]["prompt"].tolist(), d["completions"], "strmatch")
        rules = classify(d["df"]["prompt"].tolist(), d["completions"], "rules")
        out[("strmatch", m)] = {"held_out": strm, "in_sample": None}  # never fitted to anything
        dev = m in RULES_DEVELOPED_ON
        out[("rules", m)] = {"held_out": None if dev else rules, "in_sample": rules if dev else None}
        out[("learned", m)] = {"held_out": models[f"without_{m}"].predict(d["X"]),
                               "in_sample": models["all"].predict(d["X"])}
        if judge is not None:
            labels = [lab for lab, _, _ in judge(d["df"]["prompt"].tolist(), d["completions"])]
            out[("judge", m)] = {"held_out": labels, "in_sample": None}
    return out


def _fmt(a: dict | None) -> tuple[str, str]:
    if a is None:
        return "—", "—"
    b, t = a["binary_ci"], a["three_class_ci"]
    return (f"{a['binary']:.3f} [{b[0]:.3f}, {b[1]:.3f}]", f"{a['three_class']:.3f} [{t[0]:.3f}, {t[1]:.3f}]")


def table(data: dict[str, dict], preds: dict) -> tuple[str, dict]:
    """The Markdown table (per classifier and file, and both files pooled) and its figures."""
    rows = ["| classifier | scored on | held-out binary [95% CI] | held-out 3-class [95% CI] | "
            "in-sample binary | in-sample 3-class |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    figures: dict = {}
    groups = {**{m: (m,) for m in SOURCES}, "XSTest both": MODELS, "handwritten (3 sets)": tuple(HANDWRITTEN),
              "all five": SOURCES}
    for clf in dict.fromkeys(c for c, _ in preds):
        for m, files in groups.items():
            cell = {}
            for kind in ("held_out", "in_sample"):
                if any(preds[(clf, f)][kind] is None for f in files):
                    cell[kind] = None
                    continue
                pred = sum((list(preds[(clf, f)][kind]) for f in files), [])
                cell[kind] = agreement(pred, sum((data[f]["gold"] for f in files), []))
            figures[f"{clf}/{m}"] = cell
            ho, ins = _fmt(cell["held_out"]), _fmt(cell["in_sample"])
            ins = tuple(x.split(" [")[0] for x in ins)
            rows.append(f"| `{clf}` | {m} | {ho[0]} | {ho[1]} | {ins[0]} | {ins[1]} |")
    return "\n".join(rows), figures


# A hand-labelled set none of the classifiers was built or tuned on (its DATA_CARD.md says how it was written,
# by an author who saw neither the code nor the other sets): evaluated once, after every classifier was frozen.
INDEPENDENT = {"blind": REPO / "data/refusal_blind/completions.csv"}


def independent_table(sets: dict[str, Path], model: L.SoftmaxModel) -> tuple[str, dict]:
    """Every classifier (the shipped ``learned`` weights) on each independent set: binary and 3-class agreement,
    and binary agreement on the rows of each hard kind."""
    rows = ["| set | classifier | rows | binary [95% CI] | 3-class [95% CI] | binary on hard rows |",
            "| --- | --- | ---: | ---: | ---: | ---: |"]
    figures: dict = {}
    for name, path in sets.items():
        df = load_completions(path, ("prompt", "completion", "final_label"))
        prompts, comps, gold = df["prompt"].tolist(), df["completion"].tolist(), df["final_label"].tolist()
        hard = df["hard_kind"].astype(str).str.len() > 0 if "hard_kind" in df else None
        preds = {"strmatch": classify(prompts, comps, "strmatch"), "rules": classify(prompts, comps, "rules"),
                 "learned": model.predict(L.features(comps))}
        for clf, pred in preds.items():
            a = agreement(pred, gold)
            shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
            cell = {"all": a, "file": str(shown), "rows": len(df)}
            if hard is not None and hard.any():
                idx = [i for i, h in enumerate(hard) if h]
                cell["hard"] = agreement([pred[i] for i in idx], [gold[i] for i in idx])
                kinds = df["hard_kind"].astype(str).tolist()
                cell["by_hard_kind"] = {}
                for k in sorted(set(kinds) - {""}):
                    at = [i for i, v in enumerate(kinds) if v == k]
                    cell["by_hard_kind"][k] = agreement([pred[i] for i in at], [gold[i] for i in at])["binary"]
            figures[f"{clf}/{name}"] = cell
            b, t = _fmt(a)
            h = f"{cell['hard']['binary']:.3f} (n={cell['hard']['n']})" if "hard" in cell else "—"
            rows.append(f"| {name} (`{shown}`) | `{clf}` | {len(df)} | {b} | {t} | {h} |")
    return "\n".join(rows), figures


def data_card(data: dict[str, dict], models: dict[str, L.SoftmaxModel], md: str, md_ind: str = "") -> str:
    """DATA_CARD.md: the data the weights were trained on (paths and counts), their settings and figures."""
    lines = ["# Learned refusal classifier: data card", "",
             "Written by `scripts/train_refusal_classifier.py`; do not edit by hand.", "",
             "## Training data (read from a path, never copied into the repository)", "",
             "| file | rows | distinct completions | 1_full_compliance | 2_full_refusal | 3_partial_refusal |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for m in SOURCES:
        d = data[m]
        counts = d["df"]["final_label"].value_counts()
        where = (f"`{Path(d['path']).relative_to(REPO)}` (hand-written, in the repository)" if m in HANDWRITTEN
                 else f"`{Path(d['path']).name}` (XSTest v2, `model_completions/`, human `final_label`)")
        lines.append(f"| {m}: {where} | "
                     f"{len(d['df'])} | {len(set(map(str.strip, d['completions'])))} | "
                     + " | ".join(str(int(counts.get(lab, 0))) for lab in L.LABELS) + " |")
    lines += ["", "XSTest: github.com/paul-rottger/exaggerated-safety (Röttger et al., NAACL 2024). Only the "
              "`completion` text and `final_label` are used (not the prompt, not the prompt type).", "",
              "## Weights", ""]
    for name, mod in models.items():
        meta = mod.meta
        lines.append(f"- `{'learned.npz' if name == 'all' else f'learned_{name}.npz'}`: trained on "
                     f"{' + '.join(meta['trained_on'])} ({meta['n_rows']} rows, {meta['n_train']} distinct), "
                     f"l2 = {meta['l2']:g}, balance = {meta['balance']:g} (5-fold CV inside the training rows).")
    lines += ["", "`learned.npz` (all five sources) is the one `classify(..., 'learned')` uses.", "",
              "## Agreement with the human labels", "",
              "Held-out = leave-one-source-out: trained on the other four sources, scored on this one; "
              "in-sample = the shipped weights, trained on all five. `rules` was developed on gpt4, llama2orig "
              "and handwritten_dev (in-sample there) and never changed after handwritten_test was scored "
              "(held out there, and on handwritten_final). The learned classifier takes the rules' evidence as input, so its held-out "
              "figures on the rules' development sources are held-out for the learned weights only.", "", md, ""]
    if md_ind:
        lines += ["## A blind independent set", "",
                  "The shipped weights and rules on `data/refusal_blind/`, written for this check by an author "
                  "who saw no classifier, code or other set, and scored once, after everything was frozen.",
                  "", md_ind, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: train, save, print the table (``--no-write`` keeps the shipped files)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, type=Path, help="folder with xstest_v2_completions_*.csv")
    ap.add_argument("--out", type=Path, default=L.WEIGHTS_DIR, help="folder for weights, metrics and data card")
    ap.add_argument("--no-write", action="store_true", help="only print the table")
    ap.add_argument("--params", help="add the LLM judge: parameter file with an openai/hf judge")
    ap.add_argument("--judge", help="name of the judge in --params (default: the first openai/hf judge)")
    ap.add_argument("--cache-dir", help="judge verdict cache folder")
    ap.add_argument("--independent", nargs="*", default=[], choices=sorted(INDEPENDENT),
                    help="independent sets to score (once, when everything is frozen)")
    args = ap.parse_args(argv)
    judge = None
    if args.params:
        P = load_params(args.params)
        spec = find_judge_spec(P, args.judge, ("openai", "hf"))
        if spec is None:
            print(f"error: {args.params}: no openai/hf judge {args.judge or ''}", file=sys.stderr)
            return 2
        judge = make_refusal_judge(spec, P, args.cache_dir)
    data = load(args.data_dir)
    models = fit_all(data, None if args.no_write else args.out)
    md, figures = table(data, predictions(data, models, judge))
    print(md)
    sets = {k: p for k, p in INDEPENDENT.items() if p.is_file() and k in args.independent}
    md_ind, ind = independent_table(sets, models["all"]) if sets else ("", {})
    print("\n" + md_ind)
    if not args.no_write:
        meta = {k: m.meta for k, m in models.items()}
        (args.out / "metrics.json").write_text(json.dumps({"figures": figures, "independent": ind, "models": meta},
                                                          indent=1) + "\n")
        (args.out / "DATA_CARD.md").write_text(data_card(data, models, md, md_ind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
