"""Small-sample bias of joint maximum likelihood: a parametric-bootstrap correction of the ability scale.

JMLE stretches the logit scale when each ability element has few ratings (the incidental-parameter bias:
at 12 items x 2 judges per system x dimension, estimated Δθ regressed on true Δθ has a slope of about
1.09). The stretch depends on the whole design (ratings per element, judges, categories), so it is
measured on the fitted model itself: ratings are redrawn from the fitted parameters, refitted, and the
slope b of refitted θ on fitted θ estimates the stretch; the ability facet is then shrunk by 1/b about
its mean (estimates, SEs and covariances alike). Elements with an extreme score in a replicate are left
out of that replicate.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from dpeer_lib.evaluation.irt.engine import Engine
from dpeer_lib.evaluation.irt.estimate import Calibration, JointFit

METHODS = ("bootstrap",)


def bootstrap_scale(joint: JointFit, reps: int, seed: int) -> tuple[float, int]:
    """The stretch b of the ability facet (slope of refitted on fitted θ) and the replicates used."""
    eng, beta = joint.eng, joint.beta
    cum = np.cumsum(np.exp(eng.logp(beta)), 1)[:, :-1]
    off, size = eng.offset[0], eng.terms[0].size
    theta = beta[off:off + size]
    rng = np.random.default_rng(seed)
    elim = eng.terms[eng.big].name if eng.big is not None else False
    num = den = 0.0
    used = 0
    for _ in range(reps):
        x = (rng.random(eng.N)[:, None] > cum).sum(1)
        keep, ok_el = _non_extreme(eng, x)
        if keep.sum() < 2 or any(len(np.unique(x[keep & (eng.group == g)])) < eng.K[g] for g in range(eng.G)
                                 if (eng.group == g).any()):
            continue
        rep = Engine(eng.terms, [t.idx[keep] for t in eng.terms], x[keep], eng.group[keep], eng.K,
                     eliminate=elim, nest=joint.nest)
        b, _, _, _ = rep.run(50, 1e-6)
        th_hat, th_rep = theta[ok_el], b[off:off + size][ok_el]
        if len(th_hat) < 2:
            continue
        d_hat = th_hat - th_hat.mean()
        num += float(d_hat @ (th_rep - th_rep.mean()))
        den += float(d_hat @ d_hat)
        used += 1
    return (num / den if den > 0 and num > 0 else 1.0), used


def _non_extreme(eng: Engine, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ratings whose elements all have a non-extreme score in ``x``, and the ability elements kept."""
    top = x == eng.K[eng.group] - 1
    bot = x == 0
    keep = np.ones(eng.N, bool)
    for t in eng.terms:
        n = np.bincount(t.idx, minlength=t.size)
        ext = (np.bincount(t.idx, top, minlength=t.size) == n) | (np.bincount(t.idx, bot, minlength=t.size) == n)
        keep &= ~ext[t.idx]
    ab = eng.terms[0]
    return keep, np.bincount(ab.idx[keep], minlength=ab.size) > 0


def shrink_ability(cal: Calibration, b: float) -> Calibration:
    """The calibration with the ability facet shrunk by 1/b about its joint-fit mean (values, SEs, covariance)."""
    joint, est = cal.joint, cal.est
    off, size = joint.eng.offset[0], joint.eng.terms[0].size
    keep = joint.keep_el[0]
    m = float(est.values[0][keep].mean()) if len(keep) else 0.0
    values = [v.copy() for v in est.values]
    ses = [s.copy() for s in est.ses]
    values[0] = m + (values[0] - m) / b
    ses[0] = ses[0] / b
    var = joint.var.copy()
    var[off:off + size] /= b * b
    se = joint.se.copy()
    se[off:off + size] /= b
    beta = joint.beta.copy()
    beta[off:off + size] = m + (beta[off:off + size] - m) / b
    new_joint = replace(joint, beta=beta, var=var, se=se, cov_fn=_scaled_cov(joint.cov_fn, off, off + size, b))
    return replace(cal, joint=new_joint, est=replace(est, values=values, ses=ses))


def _scaled_cov(cov_fn: Callable[[int, int], float], lo: int, hi: int, b: float) -> Callable[[int, int], float]:
    """``cov_fn`` with the parameters in [lo, hi) divided by b."""
    def cov(i: int, j: int) -> float:
        f = (1.0 / b if lo <= i < hi else 1.0) * (1.0 / b if lo <= j < hi else 1.0)
        return cov_fn(i, j) * f
    return cov
