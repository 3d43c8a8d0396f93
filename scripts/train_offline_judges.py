"""Train the offline judges on PersonaKnob-lite's TRAIN split only; write data/offline_judges/*.json.

- embed_probe: per dimension, L2 logistic regression on MiniLM embeddings of the response. Examples from
  every train row with d active: golden and reject_e (e != d) pass d, reject_d fails d; plus each train
  scenario's own pass_d / fail_d parts. Classes are weighted equally. The L2 strength is chosen by
  4-fold cross-validation grouped by scenario (mean AUC over dimensions), never on test or validation text.
  The 1-5 score maps the logit z with a per-dimension centre (midpoint of the two class means of z on
  the training examples) and scale (2 x the pooled SD of z), as for hf_llr.
- hf_llr: per dimension, the centre (midpoint of the mean LLR of golden and of reject_d) and scale
  (2 x the pooled standard deviation) of the LLR value on a seeded sample of train rows.

Usage: .venv/bin/python scripts/train_offline_judges.py [--skip-llr] [--llr-rows 16]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dpeer_lib.core.models import load_model  # noqa: E402
from dpeer_lib.core.params import DIMENSIONS, ModelSection  # noqa: E402
from dpeer_lib.evaluation import offline_judges as oj  # noqa: E402
from dpeer_lib.evaluation.judge_validation import read_test_rows  # noqa: E402
from dpeer_lib.evaluation.judges import MiniLMEmbedder, auc  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "personaknob_lite"
L2_GRID = (0.1, 1.0, 10.0)


def examples(d, train, scenarios):
    """(prompts, responses, labels, groups) for dimension d from train rows and train scenario parts."""
    P, R, Y, G = [], [], [], []
    for r in train:
        if d not in r["mask"]:
            continue
        for text, y in [(r["golden"], 1)] + [(r[f"reject_{e}"], int(e != d)) for e in r["mask"]]:
            P.append(r["prompt"]); R.append(text); Y.append(y); G.append(r["seed_scene"])
    for s in scenarios:
        for k, y in (("pass", 1), ("fail", 0)):
            P.append(f"{s['context']} {s[f'trigger_{d}']}"); R.append(s[f"{k}_{d}"]); Y.append(y)
            G.append(s["seed_scene"])
    return P, R, np.asarray(Y, float), G


def cv_auc(X, Y, G, l2, folds=4):
    """AUC of out-of-fold logits, folds grouped by scenario."""
    fold = {g: i % folds for i, g in enumerate(sorted(set(G)))}
    f = np.array([fold[g] for g in G])
    sw = np.where(Y == 1, 0.5 / Y.mean(), 0.5 / (1 - Y.mean()))
    z = np.zeros(len(Y))
    for k in range(folds):
        w, b = oj.fit_logistic(X[f != k], Y[f != k], l2, sw[f != k])
        z[f == k] = X[f == k] @ w + b
    return auc(z[Y == 1], z[Y == 0])


def train_probe(train, scenarios, out):
    emb = MiniLMEmbedder()
    data = {d: examples(d, train, scenarios) for d in DIMENSIONS}
    feats = {d: oj.probe_features(emb.encode(P), emb.encode(R), "response") for d, (P, R, _, _) in data.items()}
    cv = {l2: {d: cv_auc(feats[d], data[d][2], data[d][3], l2) for d in DIMENSIONS} for l2 in L2_GRID}
    best = max(L2_GRID, key=lambda l2: np.mean(list(cv[l2].values())))
    dims = {}
    for d in DIMENSIONS:
        Y = data[d][2]
        w, b = oj.fit_logistic(feats[d], Y, best, np.where(Y == 1, 0.5 / Y.mean(), 0.5 / (1 - Y.mean())))
        z = feats[d] @ w + b  # the score's centre and scale: midpoint of the class means, 2 x the pooled SD
        dims[d] = {"w": [round(float(x), 6) for x in w], "b": round(b, 6), "n": int(len(Y)),
                   "centre": round(float((z[Y == 1].mean() + z[Y == 0].mean()) / 2), 6),
                   "scale": round(float(2 * z.std()), 6),
                   "n_fail": int((Y == 0).sum()), "cv_auc": round(cv[best][d], 4)}
    blob = {"kind": "embed_probe", "features": "response", "embedding_model": "all-MiniLM-L6-v2", "l2": best,
            "cv_auc_by_l2": {str(k): {d: round(v, 4) for d, v in c.items()} for k, c in cv.items()},
            "trained_on": "PersonaKnob-lite train split (rows and scenario parts); script scripts/train_offline_judges.py",
            "dimensions": dims}
    out.write_text(json.dumps(blob))
    print("probe: l2", best, {d: dims[d]["cv_auc"] for d in DIMENSIONS}, "->", out)


def calibrate_llr(train, n_rows, out):
    net, tok = load_model(ModelSection(source="bundled:smollm2-135m-instruct"))
    net.eval()
    dims = {}
    for d in DIMENSIONS:
        rows = random.Random(f"llr-{d}").sample([r for r in train if d in r["mask"]], n_rows)
        resp = [r["golden"] for r in rows] + [r[f"reject_{d}"] for r in rows]
        v = oj.llr_values(net, tok, [d] * len(resp), [r["prompt"] for r in rows] * 2, resp)
        g, j = v[:n_rows], v[n_rows:]
        dims[d] = {"centre": round(float((g.mean() + j.mean()) / 2), 6), "scale": round(float(2 * v.std()), 6),
                   "train_auc": round(auc(g, j), 4), "n_rows": n_rows}
    blob = {"kind": "hf_llr", "model": "bundled:smollm2-135m-instruct", "value": "mean per-token LLR",
            "trained_on": "PersonaKnob-lite train split: golden vs reject_d of a seeded row sample",
            "dimensions": dims}
    out.write_text(json.dumps(blob, indent=1))
    print("llr:", dims, "->", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-llr", action="store_true")
    ap.add_argument("--skip-probe", action="store_true")
    ap.add_argument("--llr-rows", type=int, default=16)
    a = ap.parse_args()
    torch.set_num_threads(2)
    train = [r for r in read_test_rows(DATA / "train.csv").values() if r["split"] == "train"]
    scenarios = [s for s in json.loads((DATA / "scenarios.json").read_text())["scenarios"] if s["split"] == "train"]
    if not a.skip_probe:
        train_probe(train, scenarios, oj.PROBE_FILE)
    if not a.skip_llr:
        calibrate_llr(train, a.llr_rows, oj.LLR_FILE)


if __name__ == "__main__":
    main()
