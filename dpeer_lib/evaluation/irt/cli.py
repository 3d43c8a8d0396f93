"""``python -m dpeer_lib irt``: fit a rating table from a file and write estimates.csv and fit.json."""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

from dpeer_lib.evaluation.irt.crosscheck import CumulativeFit, fit_cumulative_logit
from dpeer_lib.evaluation.irt.design import IRTInputError, IRTWarning, split_facet
from dpeer_lib.evaluation.irt.calibrate import fit
from dpeer_lib.evaluation.irt.result import RaschFit


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
