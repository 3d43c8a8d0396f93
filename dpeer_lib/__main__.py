"""Command line: ``python -m dpeer_lib {run,irt,classify-refusals} ...``."""
from __future__ import annotations

import argparse
import os
import signal
import sys
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
    # a scheduler's SIGTERM (pre-emption, scancel) stops the run like Ctrl-C: the manifest records it
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        run(P, run_name=args.run_name, only=args.only, start=args.start, force=args.force)
    except RunInterrupted as err:
        print(str(err), file=sys.stderr)
        return 130
    except (NotebookFailed, StageDegraded) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except RunError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # between notebooks: nothing is half-written
        print("interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"run": "_run", "irt": "irt", "classify-refusals": "refusal"}
    if not argv or argv[0] not in commands:
        print("usage: python -m dpeer_lib {run,irt,classify-refusals} [options]\n"
              "  run                execute the notebooks on a parameter file\n"
              "  irt                fit a many-facet Rasch model to a long rating table\n"
              "  classify-refusals  label completions as compliance / refusal / partial refusal",
              file=sys.stderr)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        return _run(rest)
    if cmd == "irt":
        from dpeer_lib.evaluation.irt import irt_main

        return irt_main(rest)
    from dpeer_lib.dual_failure.refusal import classify_refusals_main

    return classify_refusals_main(rest)


if __name__ == "__main__":
    sys.exit(main())
