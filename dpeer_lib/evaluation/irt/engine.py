"""Joint maximum likelihood for the adjacent-category many-facet model: Newton steps on a KKT system.

The exact gradient and information (observed = expected: a canonical exponential family) come from the
covariances of the sufficient statistics. The largest facet's block of the information is diagonal and
is eliminated by a Schur complement; the rest, with the identification constraints, is dense and small.
The same factorisation gives the exact constrained covariance (no dense P x P Hessian is formed).
"""
from __future__ import annotations

import numpy as np
from scipy import linalg as sla

from dpeer_lib.evaluation.irt.design import IRTInputError, Term, identification_constraints


class Engine:
    """Newton/KKT solver for the adjacent-category many-facet model on prepared integer data."""

    def __init__(self, terms: list[Term], idx: list[np.ndarray], x: np.ndarray, group: np.ndarray,
                 K: np.ndarray, eliminate: str | bool = "auto", nest: dict[int, np.ndarray] | None = None):
        self.terms = terms
        self.x = x
        self.group = group
        self.G = len(K)
        self.K = K
        self.Kmax = int(K.max())
        self.N = len(x)
        sizes = [t.size for t in terms]
        order = list(range(len(terms)))
        big = None
        if eliminate is True or (eliminate == "auto" and max(sizes) > 60):
            big = int(np.argmax(sizes))
        elif isinstance(eliminate, str) and eliminate not in ("auto",):
            big = [t.name for t in terms].index(eliminate)
        if big is not None:
            order = [big] + [i for i in order if i != big]
        self.big = big
        self.P_b = sizes[big] if big is not None else 0
        # slots: (component, offset, size, index array, coefficient)
        self.slots: list[tuple[int, int, int, np.ndarray, float]] = []
        self.offset: dict[int, int] = {}
        off = 0
        for i in order:
            self.offset[i] = off
            self.slots.append((0, off, sizes[i], idx[i], terms[i].sign))
            off += sizes[i]
        self.tau_off = off
        for j in range(1, self.Kmax):
            self.slots.append((j, off, self.G, group, 1.0))
            off += self.G
        self.P = off
        self.P_r = self.P - self.P_b
        self.C = identification_constraints(terms, self.offset, self.P, self.tau_off, K, nest)
        q = self.P_r + self.C.shape[1]
        if q > 6000:
            raise IRTInputError(
                f"{self.P_r} parameters outside the largest facet: too many for the dense Schur system; "
                "merge or drop a large facet")
        self.kvec = np.arange(self.Kmax, dtype=float)

    # -------------------------------------------------------------- likelihood pieces
    def eta(self, beta: np.ndarray) -> np.ndarray:
        """Linear predictor of every rating (ability minus difficulties, without thresholds)."""
        e = np.zeros(self.N)
        for comp, off, L, ix, coef in self.slots:
            if comp == 0:
                e += coef * beta[off + ix]
        return e

    def logp(self, beta: np.ndarray) -> np.ndarray:
        """(N, Kmax) log category probabilities (-inf for categories a group does not have)."""
        tau = beta[self.tau_off:].reshape(self.Kmax - 1, self.G).T if self.Kmax > 1 else np.zeros((self.G, 0))
        cum = np.concatenate([np.zeros((self.G, 1)), np.cumsum(tau, 1)], 1)
        cum[np.arange(self.Kmax)[None, :] >= self.K[:, None]] = np.inf
        ln = np.multiply.outer(self.eta(beta), self.kvec)
        ln -= cum[0] if self.G == 1 else cum[self.group]
        return log_normalise(ln)

    def loglik(self, beta: np.ndarray) -> tuple[float, np.ndarray]:
        """Log-likelihood at ``beta`` and the (N, Kmax) log category probabilities."""
        lp = self.logp(beta)
        return float(np.take_along_axis(lp, self.x[:, None], 1).sum()), lp

    def moments(self, lp: np.ndarray) -> dict[str, np.ndarray]:
        """Category probabilities and the moments of X that the gradient and information need."""
        P = np.exp(lp)
        E = P @ self.kvec
        Gfull = np.cumsum(P[:, ::-1], 1)[:, ::-1]  # P(X >= j)
        XG = np.cumsum((P * self.kvec)[:, ::-1], 1)[:, ::-1]  # E[X 1(X >= j)]
        return {"P": P, "E": E, "G": Gfull, "XG": XG, "EX2": P @ (self.kvec ** 2)}

    def _V(self, m: dict, a: int, b: int) -> np.ndarray:
        """Covariance of sufficient statistics t_0 = X, t_j = -1(X >= j)."""
        if a > b:
            a, b = b, a
        if a == 0 and b == 0:
            return m["EX2"] - m["E"] ** 2
        if a == 0:
            return -(m["XG"][:, b] - m["E"] * m["G"][:, b])
        return m["G"][:, max(a, b)] - m["G"][:, a] * m["G"][:, b]

    def _resid(self, m: dict, a: int) -> np.ndarray:
        if a == 0:
            return self.x - m["E"]
        return -((self.x >= a).astype(float) - m["G"][:, a])

    def grad_info(self, beta: np.ndarray, need_info: bool = True, lp: np.ndarray | None = None):
        """Log-likelihood, gradient, moments and the information in blocks (diagonal D, B, dense rest)."""
        if lp is None:
            lp = self.logp(beta)
        ll = float(np.take_along_axis(lp, self.x[:, None], 1).sum())
        m = self.moments(lp)
        g = np.zeros(self.P)
        res = {a: self._resid(m, a) for a in range(self.Kmax)}
        for comp, off, L, ix, coef in self.slots:
            g[off:off + L] += np.bincount(ix, coef * res[comp], minlength=L)
        if not need_info:
            return ll, g, m, None
        Pb, Pr = self.P_b, self.P_r
        Dg = np.zeros(Pb)
        B = np.zeros((Pb, Pr))
        Hr = np.zeros((Pr, Pr))
        Vc: dict[tuple[int, int], np.ndarray] = {}

        def V(a, b):
            k = (min(a, b), max(a, b))
            if k not in Vc:
                Vc[k] = self._V(m, *k)
            return Vc[k]

        ns = len(self.slots)
        for sa in range(ns):
            ca, oa, La, ia, wa = self.slots[sa]
            for sb in range(sa, ns):
                cb, ob, Lb, ib, wb = self.slots[sb]
                w = wa * wb * V(ca, cb)
                if sa == sb:
                    dg = np.bincount(ia, w, minlength=La)
                    if oa < Pb:
                        Dg += dg
                    else:
                        r = np.arange(oa - Pb, oa - Pb + La)
                        Hr[r, r] += dg
                    continue
                blk = np.bincount(ia * Lb + ib, w, minlength=La * Lb).reshape(La, Lb)
                if oa < Pb:  # the eliminated facet is always the first slot
                    B[:, ob - Pb:ob - Pb + Lb] += blk
                else:
                    Hr[oa - Pb:oa - Pb + La, ob - Pb:ob - Pb + Lb] += blk
                    Hr[ob - Pb:ob - Pb + Lb, oa - Pb:oa - Pb + La] += blk.T
        return ll, g, m, (Dg, B, Hr)

    # -------------------------------------------------------------- KKT with Schur complement
    def factor(self, info) -> dict[str, np.ndarray]:
        """Factorise the KKT system by eliminating the diagonal block (a Schur complement)."""
        Dg, B, Hr = info
        Pb, Pr = self.P_b, self.P_r
        C = self.C
        Cb, Cr = C[:Pb], C[Pb:]
        m = C.shape[1]
        scale = max(float(Dg.max()) if Pb else 0.0, float(np.abs(np.diag(Hr)).max()) if Pr else 0.0, 1.0)
        D = Dg + 1e-12 * scale
        E = np.concatenate([B, Cb], 1)  # Pb x (Pr + m)
        F = np.zeros((Pr + m, Pr + m))
        F[:Pr, :Pr] = Hr + 1e-12 * scale * np.eye(Pr)
        F[:Pr, Pr:] = Cr
        F[Pr:, :Pr] = Cr.T
        U = E / D[:, None] if Pb else np.zeros((0, Pr + m))
        M = F - E.T @ U
        return {"D": D, "E": E, "U": U, "M": M}

    def solve(self, fac: dict, g: np.ndarray) -> np.ndarray:
        """The constrained Newton step for gradient ``g``."""
        Pb, Pr = self.P_b, self.P_r
        gb, gr = g[:Pb], g[Pb:]
        rhs = np.concatenate([gr, np.zeros(self.C.shape[1])]) - fac["U"].T @ gb
        z = _sym_solve(fac["M"], rhs)
        sb = (gb - fac["E"] @ z) / fac["D"]
        return np.concatenate([sb, z[:Pr]])

    def run(self, max_iter: int, tol: float) -> tuple[np.ndarray, bool, int, float]:
        """Newton iterations with step halving from beta = 0: (beta, converged, iterations, loglik)."""
        beta = np.zeros(self.P)
        converged = False
        ll = -np.inf
        it = 0
        lp = None
        for it in range(1, max_iter + 1):
            ll, g, _, info = self.grad_info(beta, lp=lp)
            step = self.solve(self.factor(info), g)
            big = np.abs(step).max()
            if big > 4.0:  # damp very long first steps
                step *= 4.0 / big
            a = 1.0
            for _ in range(40):
                new = beta + a * step
                ll_new, lp = self.loglik(new)
                if ll_new >= ll - 1e-10 * (abs(ll) + 1):
                    break
                a *= 0.5
            beta = new
            if a * np.abs(step).max() < tol or (a == 1.0 and abs(ll_new - ll) < 1e-13 * (abs(ll) + 1)):
                converged = True
                ll = ll_new
                break
            ll = ll_new
        return beta, converged, it, ll

    def covariance(self, fac: dict):
        """Return a function (i, j) -> Cov(beta_i, beta_j) and the vector of variances."""
        Pb, Pr = self.P_b, self.P_r
        Minv = _sym_inv(fac["M"])
        U, D = fac["U"], fac["D"]
        UM = U @ Minv if Pb else np.zeros((0, Minv.shape[0]))
        var = np.empty(self.P)
        if Pb:
            var[:Pb] = 1.0 / D + np.einsum("ij,ij->i", UM, U)
        var[Pb:] = np.diag(Minv)[:Pr]

        def cov(i: int, j: int) -> float:
            if i >= Pb and j >= Pb:
                return Minv[i - Pb, j - Pb]
            if i < Pb and j < Pb:
                return (1.0 / D[i] if i == j else 0.0) + UM[i] @ U[j]
            if i < Pb:
                return -UM[i, j - Pb]
            return -UM[j, i - Pb]

        return cov, np.maximum(var, 0.0)


def log_normalise(ln: np.ndarray) -> np.ndarray:
    """Row-wise ln - logsumexp(ln), in place (rows have at least one finite entry)."""
    mx = ln.max(1, keepdims=True)
    ln -= mx
    s = np.exp(ln).sum(1, keepdims=True)
    ln -= np.log(s)
    return ln


def _sym_solve(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return sla.solve(M, b, assume_a="sym", check_finite=False)
    except (sla.LinAlgError, ValueError):
        return np.linalg.lstsq(M, b, rcond=None)[0]


def _sym_inv(M: np.ndarray) -> np.ndarray:
    try:
        return sla.inv(M, check_finite=False)
    except (sla.LinAlgError, ValueError):
        return np.linalg.pinv(M)
