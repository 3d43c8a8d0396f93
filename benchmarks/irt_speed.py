"""Speed of the many-facet Rasch engine (dpeer_lib.evaluation.irt), printed as a Markdown table.

1. A 10^6-rating fit: 5 systems x 4 dimensions x 5,000 items x 10 judges, with SEs for every facet
   (target: at most 15 s on 2 idle CPU cores), and with ``--large 5000,50000`` also 10^7 ratings. Each runs
   in its own process, which reports its peak memory; the time is split into set-up (checks, indexing,
   screening), the Newton steps (count x seconds per step) and the SEs.
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

Usage: ``.venv/bin/python benchmarks/irt_speed.py [--large 5000,50000] [--skip-statsmodels]``
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
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


def _large(n_items: int) -> dict:
    """Fit 5 systems x 4 dimensions x ``n_items`` items x 10 judges; time the Newton steps and the SEs apart."""
    from dpeer_lib.evaluation.irt import estimate
    from dpeer_lib.evaluation.irt.engine import Engine

    spent = {"newton": 0.0, "joint": 0.0}

    def clocked(fn, key):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[key] += time.perf_counter() - t0
        return wrapper

    Engine.run = clocked(Engine.run, "newton")
    estimate.joint_fit = clocked(estimate.joint_fit, "joint")  # Newton, then the information and SEs
    df, truth = irt.simulate(n_systems=5, n_dims=4, n_items=n_items, n_judges=10, seed=1)
    t = time.perf_counter()
    f = irt.fit(df, "score", ["system", "item", "judge"], interactions=[("system", "dimension")],
                reference={"system": "s1"})
    sec = time.perf_counter() - t
    return {"ratings": len(df), "params": f.n_params, "seconds": sec, "loglik": f.loglik, "n_iter": f.n_iter,
            "per_iter": spent["newton"] / max(f.n_iter, 1), "se_seconds": spent["joint"] - spent["newton"],
            "setup_seconds": sec - spent["joint"], "rmse": _rmse(f, truth),
            "se_theta": float(f.facet("system:dimension")["se"].mean()), "se_judge": float(f.facet("judge")["se"].mean()),
            "peak_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20}


def _large_in_subprocess(n_items: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(n_items)], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", type=lambda v: [int(x) for x in v.split(",")], default=[5000],
                    help="items of the large designs (x 200 ratings each; 5000 = 10^6, 50000 = 10^7)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--skip-statsmodels", action="store_true")
    ap.add_argument("--statsmodels-items", action="store_true", help="also run OrderedModel on model F (slow)")
    args = ap.parse_args()
    warnings.simplefilter("ignore", irt.IRTWarning)
    if args.child:
        print(json.dumps(_large(args.child)))
        return
    rows = []
    spec = dict(interactions=[("system", "dimension")], reference={"system": "s1"})

    # ---- 1. large designs, each in a fresh process so that its peak memory is its own
    for n_items in args.large:
        r = _large_in_subprocess(n_items)
        rows.append(("F: system:dim + item + judge", "ours (adjacent; Newton, Schur SEs)", r["ratings"],
                     r["params"], f"{r['seconds']:.2f}", r["loglik"],
                     f"θ RMSE {r['rmse']:.3f}; mean SE θ {r['se_theta']:.4f}, judge {r['se_judge']:.4f}; "
                     f"{r['n_iter']} Newton steps × {r['per_iter']:.2f} s, SEs {r['se_seconds']:.2f} s, "
                     f"set-up and fit statistics {r['setup_seconds']:.2f} s; peak memory {r['peak_gib']:.2f} GiB"))
        print(f"{r['ratings']:,} ratings, ours: {r['seconds']:.2f} s", flush=True)

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
