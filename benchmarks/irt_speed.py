"""Speed of the many-facet Rasch engine (dpeer_lib.evaluation.irt), printed as a Markdown table.

1. A 10^6-rating fit: 5 systems x 4 dimensions x 5,000 items x 10 judges, with SEs for every facet
   (target: at most 60 s on 2 CPU cores).
2. One 8k-rating problem (5 systems x 4 dimensions x 200 items x 2 judges), fitted side by side:
   - model S, with system x dimension and judge facets (no item facet, 25 parameters): our engine
     against statsmodels' ``OrderedModel`` (cumulative logit, dummy-coded facets, BFGS, numerical
     derivatives), both with SEs;
   - model F, the full model with the item facet (223 parameters): our engine is timed in full.
     ``OrderedModel`` differentiates numerically, so one gradient costs 2 x 223 log-likelihood
     evaluations, and a fit needs hundreds of gradients plus a 223 x 223 numerical Hessian. The
     script times one log-likelihood and one gradient for it. ``--statsmodels-items`` attempts the
     full fit (hours on 2 cores).
   The two links differ (cumulative against adjacent logits), so the table also gives the
   correlation of the two engines' θ estimates, which measure the same ordering on different scales.

Usage: ``.venv/bin/python benchmarks/irt_speed.py [--n-items-large 5000] [--skip-statsmodels]``
"""
from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np
import pandas as pd

from dpeer_lib.evaluation import irt


def _rmse(fit: irt.RaschFit, truth) -> float:
    th = fit.facet("system:dimension").loc[truth["system:dimension"].index, "estimate"]
    return float(np.sqrt(((th - truth["system:dimension"]) ** 2).mean()))


def _corr(ours: irt.RaschFit, theirs: irt.CumulativeFit, facet: str) -> float:
    a = ours.facet("system:dimension")["estimate"]
    b = theirs.estimates[theirs.estimates["facet"] == facet].set_index("element")["estimate"]
    return float(np.corrcoef(a[b.index], b)[0, 1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-items-large", type=int, default=5000, help="items in the 10^6 design (x 200 ratings)")
    ap.add_argument("--skip-statsmodels", action="store_true")
    ap.add_argument("--statsmodels-items", action="store_true", help="also run OrderedModel on model F (slow)")
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
    rows.append(("F: system:dim + item + judge", "ours (adjacent; Newton, Schur SEs)", len(df), f.n_params,
                 f"{sec:.2f}", f.loglik, f"θ RMSE {_rmse(f, truth):.3f}; mean SE θ {se_sys:.4f}, judge {se_j:.4f}; "
                 f"{f.n_iter} Newton steps"))
    print(f"10^6 ratings, ours: {sec:.2f} s", flush=True)

    # ---- 2. 8k ratings
    df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=200, n_judges=2, seed=2)
    d = df.assign(system_dimension=df["system"] + ":" + df["dimension"])
    # model S
    t = time.perf_counter()
    fs = irt.fit(df, "score", ["system", "judge"], **spec)
    secs = time.perf_counter() - t
    rows.append(("S: system:dim + judge", "ours (adjacent; Newton, exact SEs)", len(df), fs.n_params, f"{secs:.3f}",
                 fs.loglik, ""))
    print(f"8k ratings, model S, ours: {secs:.3f} s", flush=True)
    if not args.skip_statsmodels:
        t = time.perf_counter()
        cs = irt.fit_cumulative_logit(d, "score", ["system_dimension", "judge"],
                                      reference={"system_dimension": "s1:A"})
        secc = time.perf_counter() - t
        rows.append(("S: system:dim + judge", "statsmodels OrderedModel (cumulative; BFGS, numerical SEs)",
                     len(df), cs.n_params, f"{secc:.2f}", cs.loglik,
                     f"converged {cs.converged}; corr(θ) with ours {_corr(fs, cs, 'system_dimension'):.4f}; "
                     f"{secc / secs:.0f}x our time"))
        print(f"8k ratings, model S, OrderedModel: {secc:.2f} s", flush=True)
    # model F
    t = time.perf_counter()
    f8 = irt.fit(df, "score", ["system", "item", "judge"], **spec)
    sec8 = time.perf_counter() - t
    rows.append(("F: system:dim + item + judge", "ours (adjacent; Newton, Schur SEs)", len(df), f8.n_params,
                 f"{sec8:.3f}", f8.loglik, f"θ RMSE {_rmse(f8, truth):.3f}"))
    print(f"8k ratings, model F, ours: {sec8:.3f} s", flush=True)
    if not args.skip_statsmodels:
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        X = pd.get_dummies(d[["system_dimension", "item", "judge"]], drop_first=True).astype(float)
        y = pd.Series(pd.Categorical(d["score"], ordered=True))
        m = OrderedModel(y, X, distr="logit")
        p0 = m.start_params
        t = time.perf_counter()
        for _ in range(5):
            m.loglike(p0)
        t_ll = (time.perf_counter() - t) / 5
        t = time.perf_counter()
        m.score(p0)
        t_g = time.perf_counter() - t
        note = (f"not fitted: one log-likelihood {1000 * t_ll:.0f} ms, one numerical gradient {t_g:.1f} s "
                f"({len(p0)} params); the numerical Hessian alone is about {len(p0) ** 2 / 2:.0f} more evaluations")
        secf = "-"
        llf = float("nan")
        if args.statsmodels_items:
            t = time.perf_counter()
            cf = irt.fit_cumulative_logit(d, "score", ["system_dimension", "item", "judge"],
                                          reference={"system_dimension": "s1:A"})
            secf, llf = f"{time.perf_counter() - t:.1f}", cf.loglik
            note = f"converged {cf.converged}; corr(θ) with ours {_corr(f8, cf, 'system_dimension'):.4f}"
        rows.append(("F: system:dim + item + judge", "statsmodels OrderedModel (cumulative; BFGS, numerical SEs)",
                     len(df), len(p0), secf, llf, note))
        print(f"8k ratings, model F, OrderedModel: {note}", flush=True)

    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
          f"numpy {np.__version__}; load average at the end {os.getloadavg()[0]:.1f}\n")
    print("| model | engine | ratings | params | seconds | log-lik | notes |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for model, name, n, p, s, ll, note in rows:
        lls = f"{ll:,.1f}" if np.isfinite(ll) else "-"
        print(f"| {model} | {name} | {n:,} | {p:,} | {s} | {lls} | {note} |")


if __name__ == "__main__":
    main()
