"""`make rehearse`: the paper profile rehearsed end to end on this machine, against real local servers.

It runs ``params/rehearsal.yaml`` (the paper profile with only what needs a GPU or the internet replaced) through
the ordinary runner, after setting up what the paper profile would find on a GPU node:

1. PersonaKnob-lite written in the hub release's layout (:mod:`dpeer_lib.data.release`): the data source;
2. a loopback mirror of the GitHub files the profile downloads (XSTest's prompts, SYCON-Bench), served by a
   plain HTTP server on 127.0.0.1 and reached through ``DPEER_GITHUB_BASE``, into a fresh download cache;
3. ``transformers serve`` on 127.0.0.1: the generation server (``generation.backend: openai``, trained systems
   as merged folders) and the two ``openai`` judges, each a tiny model built to reply ``Score: k``
   (:mod:`dpeer_lib.evaluation.scripted_judge`; judge-a k = 3, judge-b k = 4), so that every verdict that came
   over HTTP is parsed and the IRT judge facet has two judges of known, different severity.

Training runs on 2 processes (gloo). Afterwards it checks, from the run folder, that each of these was really
used, and prints which real component served each step. Everything is fresh on every call (``runs/rehearsal``
and ``runs/rehearsal-inputs`` are rebuilt). ``--shared`` names the folder with ``xstest/`` and ``sycon/``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from dpeer_lib.core.download import CACHE_ENV, GITHUB_BASE_ENV, OFFLINE_ENV
from dpeer_lib.core.local_server import static_files, transformers_serve
from dpeer_lib.core.models import resolve_source
from dpeer_lib.core.params import load_params
from dpeer_lib.core.paths import REPO_ROOT
from dpeer_lib.data.load import load_rows
from dpeer_lib.data.release import write_release
from dpeer_lib.dual_failure.sycophancy import SYCON_FILES
from dpeer_lib.evaluation.scripted_judge import scripted_judge_folder

PARAMS = REPO_ROOT / "params" / "rehearsal.yaml"
RUN = REPO_ROOT / "runs" / "rehearsal"
INPUTS = REPO_ROOT / "runs" / "rehearsal-inputs"
XSTEST = ("paul-rottger/exaggerated-safety", "xstest_prompts.csv")
SYCON = "JiseungHong/SYCON-Bench"
JUDGE_SCORES = {"judge-a": 3, "judge-b": 4}  # what each scripted judge writes (judge-b the more lenient)


class RehearsalError(RuntimeError):
    pass


def mirror_github(shared: Path, root: Path) -> list[str]:
    """Lay out the shared copies of XSTest and SYCON-Bench as raw.githubusercontent.com serves them."""
    copied = []
    src = shared / "xstest" / XSTEST[1]
    pairs = [(src, root / XSTEST[0] / "HEAD" / XSTEST[1])]
    for local, upstream in SYCON_FILES.items():
        pairs.append((shared / "sycon" / local, root / SYCON / "HEAD" / upstream[0]))
    for a, b in pairs:
        if not a.is_file():
            raise RehearsalError(f"{a}: missing; --shared must name a folder with xstest/ and sycon/ "
                                 "(see ../shared/data/README.md)")
        b.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(a, b)
        copied.append(str(b.relative_to(root)))
    return copied


def check(run: Path) -> list[str]:
    """What the run folder shows was used; raises when a component was not."""
    seen = []
    manifest = json.loads((run / "manifest.json").read_text())
    bad = {k: v.get("status") for k, v in manifest["notebooks"].items() if v.get("status") != "ok"}
    if bad:
        raise RehearsalError(f"notebooks not ok: {bad}")
    synth = json.loads((run / "data" / "validation_report.json").read_text()).get("synthesis") or {}
    if not synth.get("calls") and not synth.get("cached_calls"):
        raise RehearsalError(f"data.synthesis made no calls to the server: {synth}")
    seen.append(f"synthesis: {synth['calls']} calls to transformers serve, {synth['rows']} row(s) kept, "
                f"{synth['dropped']} dropped with a reason")
    downloads = [d for v in manifest["notebooks"].values() for d in v.get("downloads", [])]
    urls = {d["url"] for d in downloads if not d["from_cache"]}
    if not any(XSTEST[1] in u for u in urls) or not any(SYCON in u for u in urls):
        raise RehearsalError(f"XSTest and SYCON-Bench were not both downloaded: {sorted(urls)}")
    seen.append(f"downloads: {len(urls)} files from the loopback mirror, sha256 in the manifest")
    for method in ("sft", "dpo_pooled", "mo_dpo_fixed", "lagdpo"):
        info = json.loads((run / "train" / method / "train_info.json").read_text())
        if info.get("processes") != 2:
            raise RehearsalError(f"{method} trained on {info.get('processes')} process(es), not 2")
    traces = [[json.loads(x)["lambda"] for x in (run / "train" / "lagdpo" / f"lambda_rank{r}.jsonl").read_text()
               .splitlines()] for r in (0, 1)]
    if not traces[0] or traces[0] != traces[1]:
        raise RehearsalError("λ differs between the two ranks (train/lagdpo/lambda_rank*.jsonl)")
    seen.append(f"training: sft and 3 DPO methods on 2 processes (gloo); λ identical on both ranks at all "
                f"{len(traces[0])} steps")
    gens = pd.read_parquet(run / "eval" / "generations.parquet")
    if set(gens["backend"]) != {"openai"}:
        raise RehearsalError(f"generation backends {sorted(set(gens['backend']))}, expected only openai")
    seen.append(f"generation: {len(gens)} responses from transformers serve (backend openai, "
                f"{gens['system'].nunique()} systems as merged folders)")
    j = pd.read_parquet(run / "eval" / "judgments.parquet")
    for name, score in JUDGE_SCORES.items():
        g = j[j["judge"] == name]
        if g.empty or not (g["raw"] == f"Score: {score}").all() or not (g["score"] == score).all():
            got = g[["raw", "score"]].drop_duplicates().head(5).to_dict("records")
            raise RehearsalError(f"{name}: expected every reply 'Score: {score}' parsed to {score} "
                                 f"in eval/judgments.parquet; got {got}")
    per = {name: f"{len(j[j['judge'] == name])} verdicts, all 'Score: {k}' parsed" for name, k in JUDGE_SCORES.items()}
    seen.append(f"judges: 2 openai judges at transformers serve (scripted tiny models): {per}")
    fit = json.loads((run / "irt" / "fit.json").read_text())
    est = pd.read_csv(run / "irt" / "estimates.csv")
    judges = est[est["facet"] == "judge"].set_index("element")
    sev = judges["estimate"]
    if not sev.get("judge-b", 0.0) < sev.get("judge-a", 0.0):  # severity: judge-b writes 4 where judge-a writes 3
        raise RehearsalError(f"IRT judge severities {sev.to_dict()}: judge-b (always 4) should be below "
                             "judge-a (always 3)")
    seen.append(f"IRT: fitted on {fit['n_obs']} scored ratings; judge severity judge-a {sev['judge-a']:+.2f} "
                f"({judges.loc['judge-a', 'flag']}) > judge-b {sev['judge-b']:+.2f} "
                f"({judges.loc['judge-b', 'flag']}: every rating at its top category, set aside post hoc)")
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.environ.get("DPEER_SHARED_DATA", str(REPO_ROOT.parent / "shared" / "data")),
                    help="folder with xstest/ and sycon/ (default ../shared/data or $DPEER_SHARED_DATA)")
    args = ap.parse_args(argv)
    t0 = time.time()
    shutil.rmtree(RUN, ignore_errors=True)
    shutil.rmtree(INPUTS, ignore_errors=True)
    rows, _, _ = load_rows("personaknob_lite")
    write_release(rows, INPUTS / "PersonaKnob")
    mirror_github(Path(args.shared), INPUTS / "github")
    P = load_params(PARAMS)
    served = str(Path(resolve_source(P.model)).resolve())  # the tiny model's folder, built once
    logs = INPUTS / "logs"
    with static_files(INPUTS / "github", logs / "files.log") as files, \
            transformers_serve(logs / "serve.log", timeout_s=120) as serve:
        v1 = serve.base_url + "/v1"
        sets = [f"data.source={INPUTS / 'PersonaKnob'}", f"generation.server.base_url={v1}",
                f"data.synthesis.endpoint.base_url={v1}", f"data.synthesis.endpoint.model={served}"]
        for k, score in enumerate(JUDGE_SCORES.values()):
            judge = str(scripted_judge_folder(P.model, score).resolve())
            sets += [f"judges.{k}.endpoint.base_url={v1}", f"judges.{k}.model={judge}",
                     f"judges.{k}.endpoint.model={judge}"]
        env = {**os.environ, GITHUB_BASE_ENV: files.base_url, CACHE_ENV: str(INPUTS / "cache"),
               "HF_HUB_OFFLINE": "1"}
        env.pop(OFFLINE_ENV, None)
        cmd = [sys.executable, "-m", "dpeer_lib", "run", "--params", str(PARAMS), *[a for s in sets for a in ("--set", s)]]
        print("rehearsal:", " ".join(cmd), flush=True)
        proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env)
        if proc.returncode != 0:
            print(f"--- transformers serve log (tail) ---\n{serve.log_tail()}", file=sys.stderr)
            return proc.returncode
    try:
        seen = check(RUN)
    except RehearsalError as err:
        print(f"rehearsal FAILED: {err}", file=sys.stderr)
        return 1
    print(f"rehearsal ok in {time.time() - t0:.0f} s; real components used:")
    for line in [f"data: PersonaKnob-lite in the release layout ({INPUTS / 'PersonaKnob' / 'data'})", *seen]:
        print("  -", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
