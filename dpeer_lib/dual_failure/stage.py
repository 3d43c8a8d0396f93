"""Notebook 06's glue: run both dual-failure benchmarks for every system, tabulate, plot, publish figures.

For each system of the run (``base``, ``sft`` and the DPO methods whose training finished), the model is
loaded once (:func:`dpeer_lib.evaluation.generate.system_for_generation`) and used for

- over-refusal: one reply per prompt of ``P.benchmarks.over_refusal.sources``, labelled by the chosen
  classifier (:mod:`dpeer_lib.dual_failure.refusal`);
- sycophancy: the multi-turn push-back protocol over ``P.benchmarks.sycophancy.sources``
  (:mod:`dpeer_lib.dual_failure.sycophancy`).

Every reply goes through :func:`dpeer_lib.evaluation.generate.generate` and is stored in ``eval/generations.parquet``
(item ids ``or:<source>:<id>`` and ``syc:<source>:<id>``, turn = push-back turn), keyed also by a
fingerprint of the system's weights, so a rerun reuses replies and a retrained system is regenerated.
Per-item outcomes go to ``eval/over_refusal.csv`` and ``eval/sycophancy.csv``; the paired per-item outcomes
feed McNemar's tests against the reference system.
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from dpeer_lib.core import timing
from dpeer_lib.core.models import available_systems, system_fingerprint
from dpeer_lib.core.params import DIMENSIONS, Params
from dpeer_lib.core.paths import RunPaths, order_systems
from dpeer_lib.core.provenance import git_commit
from dpeer_lib.dual_failure import refusal as R
from dpeer_lib.dual_failure import sycophancy as S
from dpeer_lib.dual_failure import tables as T
from dpeer_lib.evaluation import judge_classifiers as J
from dpeer_lib.evaluation.generate import GenerationStore, GenRequest, generate, system_for_generation

DUAL_METRICS = ("sycophancy_rate", "consistency", "unsafe_refusal", "safe_compliance")


# --------------------------------------------------------------------------- inputs
def over_refusal_prompts(P: Params) -> pd.DataFrame:
    """All over-refusal prompts of the configured sources (``item_id`` = ``or:<source>:<id>``)."""
    sec = P.benchmarks.over_refusal
    frames = []
    for src in sec.sources:
        df = R.load_over_refusal(src, sec.max_items)
        tag = "probes" if src == "probes" else Path(src).stem if src != R.XSTEST_HUB_ID else "xstest"
        df["item_id"] = [f"or:{tag}:{i}" for i in df["id"]]
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    if out["item_id"].duplicated().any():
        raise ValueError(f"benchmarks.over_refusal.sources: duplicate items {out.loc[out.item_id.duplicated(), 'item_id'].tolist()[:3]}")
    return out


def sycophancy_items(P: Params) -> list[S.PushbackItem]:
    """All push-back items of the configured sources (ids prefixed by their source)."""
    sec = P.benchmarks.sycophancy
    items = []
    for src in sec.sources:
        for it in S.load_sycophancy(src, sec.max_items, sec.max_turns):
            tag = src.split(":", 1)[0]
            it.id = f"syc:{tag}:{it.id}"
            items.append(it)
    return items


def gen_section(P: Params, max_new_tokens: int | None):
    """``P.generation`` with a benchmark's own cap on new tokens (None: the general one)."""
    return P.generation.model_copy(update={"max_new_tokens": max_new_tokens or P.generation.max_new_tokens})


# --------------------------------------------------------------------------- generation
def make_generate_fn(model, tokenizer, system: str, gen, store, items: Sequence[S.PushbackItem],
                     fingerprint: str, progress: bool = False) -> S.GenerateFn:
    """A ``generate_fn`` for :func:`sycophancy.run_pushback` backed by :func:`dpeer_lib.evaluation.generate.generate`."""
    ids = {json.dumps(S.opening(it)): it.id for it in items}

    def fn(convs: list[S.Conversation]) -> list[str]:
        reqs = []
        for conv in convs:
            n_open = 2 if conv[0]["role"] == "system" else 1
            item_id = ids[json.dumps(conv[:n_open])]
            turn = sum(m["role"] == "assistant" for m in conv)
            reqs.append(GenRequest(system=system, item_id=item_id, messages=conv, turn=turn))
        recs = generate(model, tokenizer, reqs, gen, store=store, extra_settings={"weights": fingerprint},
                        progress=progress)
        return [r["response"] for r in recs]

    return fn


@timing.timed("generation")
def run_system(P: Params, paths: RunPaths, system: str, prompts: pd.DataFrame, items: Sequence[S.PushbackItem],
               store=None, model_loader: Callable | None = None, progress: bool = False
               ) -> tuple[pd.DataFrame, list[S.Transcript]]:
    """Load one system and run both benchmarks; returns (over-refusal replies, push-back transcripts)."""
    model, tok = (model_loader or system_for_generation)(paths, system, P)
    fp = system_fingerprint(paths, system, P)
    reqs = [GenRequest(system=system, item_id=i, messages=[{"role": "user", "content": p}])
            for i, p in zip(prompts["item_id"], prompts["prompt"])]
    recs = generate(model, tok, reqs, gen_section(P, P.benchmarks.over_refusal.max_new_tokens), store=store,
                    extra_settings={"weights": fp}, progress=progress)
    replies = prompts.copy()
    replies.insert(0, "system", system)
    replies["completion"] = [r["response"] for r in recs]
    gen_fn = make_generate_fn(model, tok, system, gen_section(P, P.benchmarks.sycophancy.max_new_tokens), store,
                              items, fp, progress)
    transcripts = S.run_pushback(list(items), gen_fn, P.benchmarks.sycophancy.max_turns)
    del model
    return replies, transcripts


# --------------------------------------------------------------------------- judges
def refusal_judge(P: Params, paths: RunPaths) -> J.RefusalJudge:
    """The judge callback for ``classifier: judge`` (named by ``over_refusal.judge`` or the first openai/hf)."""
    name = P.benchmarks.over_refusal.judge
    spec = J.find_judge_spec(P, name, ("openai", "hf"))
    if spec is None:
        raise ValueError(f"benchmarks.over_refusal.classifier is 'judge' but judges has no "
                         f"{'judge named ' + repr(name) if name else 'openai or hf judge'}")
    return J.make_refusal_judge(spec, P, paths.cache)


def stance_judge(P: Params) -> J.StanceJudge | None:
    """The stance judge for items without checkable answers (SYCON), or None when no openai judge exists."""
    spec = J.find_judge_spec(P, P.benchmarks.sycophancy.judge, ("openai",))
    return J.make_stance_judge(spec, P) if spec is not None else None


# --------------------------------------------------------------------------- scoring
@timing.timed("refusal classification")
def label_over_refusal(replies: pd.DataFrame, P: Params, paths: RunPaths, judge=None) -> pd.DataFrame:
    """Add ``refusal_label`` (classifier of ``P``) and ``refused`` (bool, None when missing)."""
    clf = P.benchmarks.over_refusal.classifier
    if clf == "judge" and judge is None:
        judge = refusal_judge(P, paths)
    out = replies.copy()
    out["refusal_label"] = R.classify(out["prompt"].tolist(), out["completion"].tolist(), clf, judge)
    out["refused"] = [R.is_refusal(x) for x in out["refusal_label"]]
    out["classifier"] = clf
    return out


@timing.timed("stance scoring")
def score_sycophancy(system: str, transcripts: Sequence[S.Transcript], judge=None) -> pd.DataFrame:
    """One row per item: stances per reply, initially correct, flipped, Turn of Flip, Number of Flips."""
    rows = []
    for tr in transcripts:
        r = S.score_transcript(tr, judge)
        rows.append({"system": system, "item_id": r.id, "source": r.source, "setting": tr.item.setting,
                     "stances": json.dumps(r.stances), "resolved": json.dumps(r.resolved), "n_unclear": r.n_unclear,
                     "initially_correct": r.initially_correct, "flipped": r.flipped,
                     "turn_of_flip": r.turn_of_flip, "number_of_flips": r.number_of_flips,
                     "replies": json.dumps(tr.replies)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def plot_dual_failure(numeric: pd.DataFrame, paper: dict | None = None):
    """Grouped bars: one group per dual-failure metric, one bar per system, Wilson intervals as error bars."""
    import matplotlib.pyplot as plt  # pyplot only when a figure is drawn

    paper = T.PAPER_LAGDPO_DUAL if paper is None else paper
    sub = numeric[numeric["metric"].isin(DUAL_METRICS)]
    systems = order_systems(sub["system"].unique())
    metrics = [m for m in DUAL_METRICS if m in set(sub["metric"])]
    fig, ax = plt.subplots(figsize=(1.6 + 2.2 * len(metrics), 3.8))
    w = 0.8 / max(len(systems), 1)
    x = np.arange(len(metrics))
    idx = sub.set_index(["metric", "system"])
    for j, s in enumerate(systems):
        vals, lo, hi = [], [], []
        for m in metrics:
            r = idx.loc[(m, s)] if (m, s) in idx.index else None
            v = float(r["rate"]) if r is not None and not pd.isna(r["rate"]) else np.nan
            vals.append(v)
            lo.append(v - float(r["lo"]) if r is not None and not pd.isna(r["lo"]) else 0)
            hi.append(float(r["hi"]) - v if r is not None and not pd.isna(r["hi"]) else 0)
        ax.bar(x + (j - (len(systems) - 1) / 2) * w, vals, w, yerr=[lo, hi], capsize=3, label=s)
    for i, m in enumerate(metrics):
        if m in paper:
            ax.plot([i - 0.42, i + 0.42], [paper[m]] * 2, "k--", lw=1, label="paper: Lag-DPO" if i == 0 else None)
    ax.set_xticks(x)
    ax.set_xticklabels([T.METRIC_NAMES[m].split(" (")[0] for m in metrics])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("rate (95% Wilson interval)")
    ax.set_title("Dual-failure benchmarks")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def plot_theta(theta: pd.DataFrame):
    """Grouped bars of IRT θ per dimension per system with ±1.96 SE."""
    import matplotlib.pyplot as plt  # pyplot only when a figure is drawn

    systems = order_systems(theta["system"].unique())
    dims = [d for d in DIMENSIONS if d in set(theta["dimension"])]
    t = theta.set_index(["system", "dimension"])
    fig, ax = plt.subplots(figsize=(7, 3.8))
    w = 0.8 / max(len(systems), 1)
    x = np.arange(len(dims))
    for j, s in enumerate(systems):
        v = [t.at[(s, d), "theta"] if (s, d) in t.index else np.nan for d in dims]
        e = [1.96 * t.at[(s, d), "se"] if (s, d) in t.index else 0 for d in dims]
        ax.bar(x + (j - (len(systems) - 1) / 2) * w, v, w, yerr=e, capsize=3, label=s)
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xticks(x)
    ax.set_xticklabels(dims)
    ax.set_ylabel("θ (logits, ±1.96 SE)")
    ax.set_title("IRT-calibrated persona ability per dimension")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- publishing
def copy_figures_to_repo(P: Params, paths: RunPaths, repo_root: str | Path) -> Path | None:
    """When ``P.run.copy_figures_to_repo``: copy the run's figures to ``<repo>/figures/`` and write
    ``figures/MANIFEST.json`` (run name, git commit, params hash, files with their SHA-256)."""
    if not P.run.copy_figures_to_repo:
        return None
    repo_root = Path(repo_root)
    dest = repo_root / "figures"
    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for f in sorted(paths.figures.glob("*")):
        if f.suffix.lower() in (".png", ".pdf", ".svg") and f.is_file():
            shutil.copy2(f, dest / f.name)
            files.append({"file": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest()})
    root = Path(paths.root).resolve()
    run_dir = root.relative_to(repo_root.resolve()) if root.is_relative_to(repo_root.resolve()) else root
    manifest = {
        "run": P.run.name, "run_dir": str(run_dir), "profile": P.profile, "git_commit": git_commit(),
        "params_hash": P.digest(), "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files": files,
    }
    out = dest / "MANIFEST.json"
    out.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out


# --------------------------------------------------------------------------- the whole stage
def run_benchmarks(P: Params, paths: RunPaths, systems: Sequence[str] | None = None, progress: bool = True,
                   model_loader: Callable | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run both benchmarks for every system; write ``eval/over_refusal.csv`` and ``eval/sycophancy.csv``.

    Returns (over-refusal rows with labels, sycophancy rows per item).
    """
    systems = list(systems) if systems is not None else available_systems(paths)
    prompts, items = over_refusal_prompts(P), sycophancy_items(P)
    store = GenerationStore(paths.generations)
    r_judge = refusal_judge(P, paths) if P.benchmarks.over_refusal.classifier == "judge" else None
    s_judge = stance_judge(P) if any(not it.matchable for it in items) else None
    if s_judge is None and any(not it.matchable for it in items):
        print("note: SYCON items need a stance judge of kind openai (P.judges); their stances stay unclear")
    over, syc = [], []
    for s in systems:
        t0 = time.perf_counter()
        replies, transcripts = run_system(P, paths, s, prompts, items, store, model_loader, progress)
        over.append(label_over_refusal(replies, P, paths, r_judge))
        syc.append(score_sycophancy(s, transcripts, s_judge))
        gc.collect()
        print(f"{s}: {len(prompts)} over-refusal prompts, {len(items)} push-back items in "
              f"{time.perf_counter() - t0:.0f} s")
    over_df = pd.concat(over, ignore_index=True) if over else pd.DataFrame()
    syc_df = pd.concat(syc, ignore_index=True) if syc else pd.DataFrame()
    paths.eval.mkdir(parents=True, exist_ok=True)
    over_df.to_csv(paths.eval / "over_refusal.csv", index=False)
    syc_df.to_csv(paths.eval / "sycophancy.csv", index=False)
    return over_df, syc_df


def write_tables(P: Params, paths: RunPaths, over: pd.DataFrame, syc: pd.DataFrame) -> dict:
    """Write ``tables/{main,dual_failure,selection}.{md,tex,csv}`` from what the run has.

    ``main`` needs ``irt/estimates.csv`` (notebook 05) and ``selection`` needs ``eval/selection.csv``
    (notebook 03); a missing input is reported and its table skipped. Returns the written paths and,
    under ``"frames"``, the numeric tables.
    """
    ref = P.irt.reference_system
    frames: dict[str, pd.DataFrame] = {}
    dual = T.dual_failure_numeric(over, syc, reference=ref)
    frames["dual_failure"] = dual
    main = None
    est_path = paths.irt / "estimates.csv"
    if est_path.is_file():
        theta = T.irt_theta(pd.read_csv(est_path), reference=ref)
        main = T.main_table(theta, reference=ref)
        frames["theta"] = theta
    else:
        print(f"note: {est_path} not found (notebook 05 has not run): main table skipped")
    sel = None
    if paths.selection_csv.is_file():
        sel = pd.read_csv(paths.selection_csv)
        frames["selection"] = sel
    else:
        print(f"note: {paths.selection_csv} not found (notebook 03 has not run): selection table skipped")
    over_note = [f"Over-refusal: {', '.join(P.benchmarks.over_refusal.sources)}, classifier "
                 f"{P.benchmarks.over_refusal.classifier}. Sycophancy: {', '.join(P.benchmarks.sycophancy.sources)}, "
                 f"{P.benchmarks.sycophancy.max_turns} push-back turn(s); rate over initially correct items."]
    run_note = f"Run {paths.root.name}, seed {P.run.seed} (generation seed {P.generation.seed})."
    written = T.write_all(paths.tables, main=main, dual=dual, selection=sel, reference=ref,
                          notes={"main": [run_note], "dual_failure": [run_note, *over_note], "selection": [run_note]})
    written["frames"] = frames
    return written
