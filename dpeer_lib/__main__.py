"""Command line: ``python -m dpeer_lib {run,sweep,irt,classify-refusals} ...``."""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import warnings
from pathlib import Path

from dpeer_lib.core.params import ParamsError, anchor_local_paths, load_params
from dpeer_lib.core.plan import dry_run
from dpeer_lib.core.runner import NotebookFailed, RunError, RunInterrupted, StageDegraded, run
from dpeer_lib.data.validate import RULES


def check_stage_settings(P) -> None:
    """Checks that need a stage's own tables (core cannot import the stages): before the first notebook runs."""
    unknown = sorted(set(P.data.warn_rules) - set(RULES))
    if unknown:
        raise ParamsError(f"data.warn_rules: unknown rule(s) {unknown}; the rules are {', '.join(sorted(RULES))}")


def _run(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m dpeer_lib run",
                                 description="Execute the notebooks in order on a parameter file.")
    ap.add_argument("--params", required=True, help="params/<profile>.yaml")
    ap.add_argument("--run-name", help="folder under runs/ (default: run.name in the file)")
    ap.add_argument("--only", action="append", metavar="NN", help="run only notebook NN (repeatable)")
    ap.add_argument("--from", dest="start", metavar="NN", help="run notebooks from NN on")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                    help="override a parameter, e.g. train.lagdpo.epsilon=0.3 (repeatable)")
    ap.add_argument("--force", action="store_true", help="rerun notebooks even when up to date")
    ap.add_argument("--dry-run", action="store_true",
                    help="validate everything, resolve paths and endpoints, print the plan; run nothing")
    args = ap.parse_args(argv)
    try:
        P = anchor_local_paths(load_params(args.params, args.overrides), Path.cwd())
        check_stage_settings(P)
    except ParamsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.dry_run:
        return dry_run(P, args.params)
    if P.profile != "paper":  # smoke and default never reach a hub: fail fast instead of hanging
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return _supervised(lambda: run(P, run_name=args.run_name, only=args.only, start=args.start, force=args.force))


def _supervised(call, failed: tuple = (NotebookFailed, StageDegraded)) -> int:
    """Run ``call`` with SIGTERM as Ctrl-C; exit 130 when interrupted, 1 on ``failed``, 2 on other RunErrors."""
    # a scheduler's SIGTERM (pre-emption, scancel) stops the run like Ctrl-C: the manifest records it
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        call()
    except RunInterrupted as err:
        print(str(err), file=sys.stderr)
        return 130
    except failed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except RunError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # between notebooks: nothing is half-written
        print("interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    return 0


# The stage commands import their stages (pandas, torch, transformers) inside the function: `run` and
# `--help` start in a fraction of a second instead of several.

SWEEP_HELP = """Run the notebooks once per point of a parameter grid and seed, in runs/<name>/<point>/, then the
summary notebook 07 over all points (runs/<name>/tables/sweep.{md,csv}, runs/<name>/figures/).

Points: --grid KEY=V1,V2 (repeatable) is a product; --point 'KEY=V;KEY2=V2' (repeatable) adds one whole
point, for grids that are not a product; a sweep file (--sweep params/sweeps/eps.yaml) holds the same
(params, name, grid, points, seeds, set, until, jobs) and the command line adds to it. --seeds N repeats
every point with run.seed = (the file's seed) + 0..N-1. Every point is validated before anything runs.

Notebooks that every point has in common with an earlier point (the same notebook and declared
parameters up to it) run once and are copied; a rerun of the same command skips finished points."""


def sweep_main(argv: list[str]) -> int:
    """``python -m dpeer_lib sweep``: a grid of runs with shared upstream stages, then the sweep summary."""
    from dpeer_lib.sweep.grid import SweepError, SweepSpec, load_sweep_file, parse_grid, parse_point
    from dpeer_lib.sweep.run import PointFailed, describe, plan, run_sweep

    ap = argparse.ArgumentParser(prog="python -m dpeer_lib sweep", description=SWEEP_HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sweep", metavar="FILE.yaml", help="a sweep file, e.g. params/sweeps/eps.yaml")
    ap.add_argument("--params", help="params/<profile>.yaml (or params: in the sweep file)")
    ap.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2,...",
                    help="sweep KEY over the values (repeatable: the product of all --grid)")
    ap.add_argument("--point", action="append", default=[], metavar="KEY=V[;KEY=V...]",
                    help="one more point with these overrides (repeatable)")
    ap.add_argument("--seeds", type=int, help="repeat every point with N seeds (run.seed + 0..N-1)")
    ap.add_argument("--name", help="sweep folder under runs/ (default: sweep-<profile file name>)")
    ap.add_argument("--jobs", type=int, help="points run at once, in separate processes (default 1)")
    ap.add_argument("--until", metavar="NN", help="run each point's notebooks up to NN only (e.g. 03)")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                    help="override a parameter at every point (repeatable)")
    ap.add_argument("--dry-run", action="store_true", help="validate every point, print the plan; run nothing")
    args = ap.parse_args(argv)
    try:
        spec = load_sweep_file(args.sweep) if args.sweep else SweepSpec()
        spec.grid += [parse_grid(g) for g in args.grid]
        spec.points += [parse_point(p) for p in args.point]
        spec.sets += args.overrides
        for k in ("params", "name", "seeds", "until", "jobs"):
            if getattr(args, k) is not None:
                setattr(spec, k, getattr(args, k))
        if spec.jobs < 1:
            raise SweepError(f"--jobs {spec.jobs}: expected 1 or more")
        sw = plan(spec, check=check_stage_settings)
    except (SweepError, ParamsError, RunError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(describe(sw), flush=True)
    if args.dry_run:
        return 0
    return _supervised(lambda: run_sweep(sw, jobs=spec.jobs, log=lambda s: print(s, flush=True)),
                       failed=(NotebookFailed, PointFailed))

def _parse_categories(text: str | None) -> list[float] | None:
    """``1-5`` (an integer range) or ``0,1,2`` (explicit categories)."""
    if not text:
        return None
    text = text.strip()
    m = re.fullmatch(r"(-?\d+)\s*-\s*(-?\d+)", text)
    if m:
        return [float(v) for v in range(int(m.group(1)), int(m.group(2)) + 1)]
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        from dpeer_lib.evaluation.irt import IRTInputError

        raise IRTInputError(f"--categories {text!r}: expected a range like 1-5 or a list like 0,1,2") from None


def irt_main(argv: list[str]) -> int:
    """``python -m dpeer_lib irt``: fit a rating table, write estimates.csv and fit.json, print a summary."""
    ap = argparse.ArgumentParser(prog="python -m dpeer_lib irt",
                                 description="Many-facet Rasch calibration of a long rating table.")
    ap.add_argument("--ratings", required=True, help="CSV (or .parquet) with one row per rating")
    ap.add_argument("--score", required=True, help="column with the ordinal score")
    ap.add_argument("--facet", action="append", required=True,
                    help="facet column (repeatable; the first is the ability facet; a:b combines columns)")
    ap.add_argument("--ability", help="name the ability facet instead of taking the first --facet")
    ap.add_argument("--interaction", action="append", default=[], metavar="A,B",
                    help="with the ability facet: combined facet (system,dimension); otherwise a bias term")
    ap.add_argument("--reference-level", action="append", default=[], metavar="FACET=LEVEL",
                    help="report estimates relative to this level, e.g. system=sft")
    ap.add_argument("--thresholds-by", help="partial credit: one threshold set per value of this column")
    ap.add_argument("--categories", help="full score scale, e.g. 1-5 or 0,1 (to report unused categories)")
    ap.add_argument("--min-ratings", type=int, default=2, help="elements with fewer ratings are fitted post hoc")
    ap.add_argument("--link", choices=["adjacent", "cumulative"], default="adjacent",
                    help="adjacent (Rasch, default) or cumulative (statsmodels OrderedModel, small data)")
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--out", required=True, help="output folder for estimates.csv and fit.json")
    args = ap.parse_args(argv)
    import pandas as pd

    from dpeer_lib.evaluation.irt import CumulativeFit, IRTInputError, IRTWarning, RaschFit, fit, fit_cumulative_logit
    from dpeer_lib.evaluation.irt.design import split_facet

    path = Path(args.ratings)
    if not path.is_file():
        print(f"error: {path}: file not found", file=sys.stderr)
        return 2
    try:
        df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    except Exception as err:  # noqa: BLE001 - report any reader failure with the file name
        print(f"error: {path}: cannot read the table: {err}", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IRTWarning)
            if args.link == "cumulative":
                facets = [c for f in args.facet for c in split_facet(f)]
                res: RaschFit | CumulativeFit = fit_cumulative_logit(
                    df, args.score, facets, reference=args.reference_level or None, source=str(path))
            else:
                res = fit(df, args.score, args.facet, ability=args.ability, interactions=args.interaction,
                          thresholds_by=args.thresholds_by, reference=args.reference_level or None,
                          categories=_parse_categories(args.categories), min_ratings=args.min_ratings,
                          max_iter=args.max_iter, source=str(path))
    except IRTInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    p1, p2 = res.write(args.out)
    print(res.summary())
    print(f"wrote {p1} and {p2}")
    return 0


def classify_refusals_main(argv: list[str] | None = None) -> int:
    """``python -m dpeer_lib classify-refusals --input FILE.csv --output OUT.csv [--classifier ...]``."""
    from dpeer_lib.dual_failure.refusal import CLASSIFIERS, RefusalDataError, agreement, classify, load_completions

    ap = argparse.ArgumentParser(
        prog="python -m dpeer_lib classify-refusals",
        description="Label completions as 1_full_compliance / 2_full_refusal / 3_partial_refusal (XSTest classes).",
    )
    ap.add_argument("--input", required=True, help="CSV with columns prompt and completion")
    ap.add_argument("--output", required=True, help="CSV to write: the input plus a label column")
    ap.add_argument("--classifier", choices=CLASSIFIERS, default="rules",
                    help="strmatch (XSTest's rule), rules (ours), learned (MiniLM + rules, shipped weights), judge")
    ap.add_argument("--params", help="judge only: parameter file whose judges list holds the judge")
    ap.add_argument("--judge", help="judge only: name of the judge in --params (default: the first openai/hf judge)")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                    help="judge only: override a parameter of --params")
    ap.add_argument("--cache-dir", help="judge only: folder for the verdict cache")
    args = ap.parse_args(argv)
    try:
        df = load_completions(args.input)
    except RefusalDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        judge = _cli_judge(args) if args.classifier == "judge" else None
    except (ParamsError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    prompts = df["prompt"].astype(str).tolist()
    completions = df["completion"].astype(str).tolist()
    if judge is not None:
        verdicts = judge(prompts, completions)
        df["label"] = [lab or "" for lab, _, _ in verdicts]
        df["label_status"] = [st for _, st, _ in verdicts]
        df["judge_raw"] = [raw for _, _, raw in verdicts]
    else:
        df["label"] = classify(prompts, completions, args.classifier)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False)
    counts = df["label"].replace("", "missing").value_counts().to_dict()
    print(f"{out}: {len(df)} rows labelled with {args.classifier}: {counts}")
    if "final_label" in df.columns:
        agr = agreement(df["label"].replace("", None).tolist(), df["final_label"].tolist())
        (bl, bh), (tl, th) = agr["binary_ci"], agr["three_class_ci"]
        print(f"agreement with final_label: binary {agr['binary']:.3f} [{bl:.3f}, {bh:.3f}], 3-class "
              f"{agr['three_class']:.3f} [{tl:.3f}, {th:.3f}] (n={agr['n']}, Wilson 95%)")
    return 0


def _cli_judge(args: argparse.Namespace):
    """The refusal judge named by the command line (``--params``, ``--judge``, ``--set``, ``--cache-dir``)."""
    if not args.params:
        raise ValueError("--classifier judge needs --params FILE.yaml with a judge of kind openai or hf")
    from dpeer_lib.evaluation.judge_classifiers import find_judge_spec, make_refusal_judge

    P = load_params(args.params, args.overrides)
    spec = find_judge_spec(P, args.judge, ("openai", "hf"))
    if spec is None:
        what = f"named {args.judge!r}" if args.judge else "of kind openai or hf"
        raise ValueError(f"{args.params}: no judge {what} in judges "
                         f"(found: {', '.join(f'{j.name} ({j.kind})' for j in P.judges)})")
    return make_refusal_judge(spec, P, args.cache_dir)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"run": "_run", "sweep": "sweep", "irt": "irt", "classify-refusals": "refusal"}
    if not argv or argv[0] not in commands:
        print("usage: python -m dpeer_lib {run,sweep,irt,classify-refusals} [options]\n"
              "  run                execute the notebooks on a parameter file\n"
              "  sweep              run the notebooks over a grid of parameters and seeds, then summarise\n"
              "  irt                fit a many-facet Rasch model to a long rating table\n"
              "  classify-refusals  label completions as compliance / refusal / partial refusal",
              file=sys.stderr)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        return _run(rest)
    if cmd == "sweep":
        return sweep_main(rest)
    if cmd == "irt":
        return irt_main(rest)
    return classify_refusals_main(rest)


if __name__ == "__main__":
    sys.exit(main())
