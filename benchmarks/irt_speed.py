"""Speed of the many-facet Rasch engine (dpeer_lib.irt), printed as a Markdown table.

1. A 10^6-rating fit: 5 systems x 4 dimensions x 5,000 items x 10 judges, SEs for every facet
   included (target: <= 60 s on 2 CPU cores).
2. The same 8k-rating problem (5 x 4 x 200 items x 2 judges) fitted by statsmodels' OrderedModel
   (cumulative logit, dummy-coded facets) and by our engine (adjacent-category logit), side by side.
   The two links differ (cumulative vs adjacent logits), so the table also gives the correlation of
   their theta estimates, which measure the same ordering on different scales.

Usage: ``.venv/bin/python benchmarks/irt_speed.py [--n-items-large 5000] [--skip-statsmodels]``
"""
from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np

from dpeer_lib import irt


def _rmse(fit: irt.RaschFit, truth) -> float:
    th = fit.facet("system:dimension").loc[truth["system:dimension"].index, "estimate"]
    return float(np.sqrt(((th - truth["system:dimension"]) ** 2).mean()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-items-large", type=int, default=5000, help="items in the 10^6 design (x 200 ratings)")
    ap.add_argument("--skip-statsmodels", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore", irt.IRTWarning)
    rows = []
    spec = dict(interactions=[("system", "dimension")], reference={"system": "s1"})

    # ---- 1. a million ratings
    df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=args.n_items_large, n_judges=10, seed=1)
    t = time.perf_counter()
    f = irt.fit(df, "score", ["system", "item", "judge"], **spec)
    sec = time.perf_counter() - t
    se_sys = f.facet("system:dimension")["se"].mean()
    se_j = f.facet("judge")["se"].mean()
    rows.append(("ours (adjacent, Newton + Schur SEs)", len(df), f.n_params, sec, f.loglik,
                 f"theta RMSE {_rmse(f, truth):.3f}; mean SE theta {se_sys:.4f}, judge {se_j:.4f}; "
                 f"{f.n_iter} Newton steps"))
    print(f"10^6 ratings: {sec:.2f} s", flush=True)

    # ---- 2. 8k ratings, both engines
    df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=200, n_judges=2, seed=2)
    t = time.perf_counter()
    f8 = irt.fit(df, "score", ["system", "item", "judge"], **spec)
    sec8 = time.perf_counter() - t
    rows.append(("ours (adjacent, Newton + Schur SEs)", len(df), f8.n_params, sec8, f8.loglik,
                 f"theta RMSE {_rmse(f8, truth):.3f}"))
    print(f"8k ratings, ours: {sec8:.2f} s", flush=True)
    if not args.skip_statsmodels:
        d = df.assign(system_dimension=df["system"] + ":" + df["dimension"])
        t = time.perf_counter()
        c = irt.fit_cumulative_logit(d, "score", ["system_dimension", "item", "judge"],
                                     reference={"system_dimension": "s1:A"})
        secc = time.perf_counter() - t
        print(f"8k ratings, statsmodels OrderedModel: {secc:.2f} s", flush=True)
        ours = f8.facet("system:dimension")["estimate"]
        theirs = c.estimates[c.estimates["facet"] == "system_dimension"].set_index("element")["estimate"]
        ours_rel = ours - ours["s1:A"]
        r = float(np.corrcoef(ours_rel[theirs.index], theirs)[0, 1])
        rows.append(("statsmodels OrderedModel (cumulative, BFGS)", len(df), c.n_params, secc, c.loglik,
                     f"converged {c.converged}; corr(theta) with ours {r:.4f}; {secc / sec8:.0f}x slower"))

    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
          f"numpy {np.__version__}\n")
    print("| engine | ratings | free params | seconds | log-likelihood | notes |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, n, p, s, ll, note in rows:
        print(f"| {name} | {n:,} | {p:,} | {s:.2f} | {ll:,.1f} | {note} |")


if __name__ == "__main__":
    main()
