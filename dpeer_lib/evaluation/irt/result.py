"""The result of a many-facet Rasch fit (:class:`RaschFit`) and the writer of estimates.csv and fit.json."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import pandas as pd

from dpeer_lib.evaluation.irt.design import SEP, THRESHOLD, IRTInputError
from dpeer_lib.evaluation.irt.fitstats import separation


_POSTHOC = "extreme_max|extreme_min|single_rating|few_ratings"  # flags of elements fitted post hoc


if TYPE_CHECKING:  # only for the annotation: crosscheck imports this module
    from dpeer_lib.evaluation.irt.crosscheck import CumulativeFit


@dataclass
class RaschFit:
    """A fitted many-facet Rasch model. ``estimates`` is the table written to ``estimates.csv``."""

    estimates: pd.DataFrame
    loglik: float
    n_obs: int
    n_params: int
    converged: bool
    n_iter: int
    facet_stats: dict[str, dict[str, float]]
    model: dict[str, Any]
    warnings: list[str]
    dropped: dict[str, Any]
    seconds: float
    link: str = "adjacent"
    global_fit: dict[str, float] = field(default_factory=dict)
    _cov_fn: Any = field(default=None, repr=False)
    _gidx: dict = field(default_factory=dict, repr=False)
    reliability_over: dict[str, Any] | None = None  # set by fit(..., reliability_over=...)

    # ------------------------------------------------------------------ views
    def facet(self, name: str) -> pd.DataFrame:
        """Rows of one facet, indexed by element."""
        return self.estimates[self.estimates["facet"] == name].set_index("element")

    @property
    def ability_facet(self) -> str:
        """Name of the ability facet (e.g. ``system:dimension``)."""
        return self.model["ability"]

    def theta(self) -> pd.DataFrame:
        """The ability facet with one column per component (e.g. system, dimension)."""
        t = self.facet(self.ability_facet).reset_index()
        cols = self.model["terms"][0]["columns"]
        parts = t["element"].str.split(SEP, expand=True, regex=False) if len(cols) > 1 else t[["element"]]
        for i, c in enumerate(cols):
            t.insert(i, c, parts.iloc[:, i].to_numpy() if len(cols) > 1 else t["element"].to_numpy())
        return t

    def cov(self, facet_a: str, element_a: str, facet_b: str, element_b: str) -> float:
        """Covariance of two estimates (0 for post-hoc elements, which are fitted with the rest fixed)."""
        ia = self._gidx.get((facet_a, element_a))
        ib = self._gidx.get((facet_b, element_b))
        if ia is None or ib is None or self._cov_fn is None:
            if (facet_a, element_a) == (facet_b, element_b):
                return float(self.facet(facet_a).loc[element_a, "se"] ** 2)
            return 0.0
        return float(self._cov_fn(ia, ib))

    def separation_over(self, levels: Sequence[str], column: str | None = None) -> dict[str, Any]:
        """Separation and reliability of the ability facet over the elements whose ``column`` is in ``levels``.

        ``column`` defaults to the ability facet's first column (e.g. ``system``). Returns the column, the
        levels, ``subset`` (statistics over those elements) and ``others`` (over the rest, e.g. oracle
        pseudo-systems), each as in ``facet_stats``; elements fitted post hoc are left out, as there.
        """
        cols = self.model["terms"][0]["columns"]
        column = column or cols[0]
        if column not in cols:
            raise IRTInputError(f"separation_over: {column!r} is not a column of the ability facet {cols}")
        th = self.theta()
        th = th[~th["flag"].str.contains(_POSTHOC)]
        levels = [str(v) for v in levels]
        unknown = sorted(set(levels) - set(self.theta()[column].astype(str)))
        if unknown:
            raise IRTInputError(f"separation_over: {column} level(s) {unknown} not in the fit")
        inside = th[column].astype(str).isin(levels).to_numpy()
        stat = {k: separation(th.loc[m, "estimate"].to_numpy(float), th.loc[m, "se"].to_numpy(float))
                for k, m in (("subset", inside), ("others", ~inside))}
        return {"column": column, "levels": levels,
                "others_levels": sorted(set(th.loc[~inside, column].astype(str))), **stat}

    def summary(self, max_rows: int = 40) -> str:
        """A printable summary: fit, facet separation, the ability facet and the small facets."""
        lines = [f"link: {self.link}  loglik: {self.loglik:.4f}  n_obs: {self.n_obs}  n_params: {self.n_params}"
                 f"  converged: {self.converged} ({self.n_iter} iterations, {self.seconds:.2f} s)"]
        for name, st in self.facet_stats.items():
            lines.append(f"  {name}: {st['n']} elements, separation {st['separation']:.2f}, "
                         f"reliability {st['reliability']:.3f}, strata {st['strata']:.2f}")
        main = self.facet(self.ability_facet).reset_index()
        show = ["element", "estimate", "se", "relative", "se_relative", "infit", "outfit", "n", "flag"]
        fmt = lambda v: f"{v:.4f}"  # noqa: E731
        lines.append(f"[{self.ability_facet}] (ability, +)")
        lines.append(main[show].head(max_rows).to_string(index=False, float_format=fmt))
        for name in self.estimates["facet"].unique():
            sub = self.facet(name).reset_index()
            if name == self.ability_facet or len(sub) > 15:
                continue
            lines.append(f"[{name}]" + ("" if name.startswith(THRESHOLD) else " (-)"))
            lines.append(sub[["element", "estimate", "se", "infit", "outfit", "n", "flag"]]
                         .to_string(index=False, float_format=fmt))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The contents of fit.json."""
        extra = {} if self.reliability_over is None else {"reliability_over": self.reliability_over}
        return {
            "link": self.link,
            "loglik": self.loglik,
            "deviance": -2 * self.loglik,
            "n_obs": self.n_obs,
            "n_params": self.n_params,
            "aic": -2 * self.loglik + 2 * self.n_params,
            "bic": -2 * self.loglik + math.log(max(self.n_obs, 1)) * self.n_params,
            "converged": self.converged,
            "n_iter": self.n_iter,
            "seconds": self.seconds,
            "global_fit": self.global_fit,
            "facets": self.facet_stats,
            "model": self.model,
            "dropped": self.dropped,
            "warnings": self.warnings,
            **extra,
        }

    def write(self, out_dir: str | Path) -> tuple[Path, Path]:
        """Write ``estimates.csv`` and ``fit.json`` into ``out_dir``."""
        return write_outputs(self, out_dir)


def write_outputs(fit: "RaschFit | CumulativeFit", out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``estimates.csv`` and ``fit.json`` (DESIGN §9); no NaN in either.

    ``estimates.csv``, one row per facet element:

    - ``facet``, ``element``: e.g. ``system:dimension`` / ``sft:T``; thresholds are facet ``threshold``
      (``threshold[<group>]`` for partial credit), element = the category the step leads into;
    - ``estimate``, ``se``: logits under the identification (ability free, others sum to zero);
    - ``relative``, ``se_relative``, ``reference``: the difference to the reference element (same other
      components) and its SE from the joint covariance; equal to estimate/se when no reference applies;
    - ``infit``, ``outfit`` (mean-squares, expected 1) and their Wilson-Hilferty ``infit_z``, ``outfit_z``;
      for thresholds: the fit of the ratings observed in that category;
    - ``n`` ratings, ``observed_mean`` and ``expected_mean`` raw scores;
    - ``flag``: ``ok`` or ``;``-joined ``reference``, ``extreme_max``/``extreme_min``, ``single_rating``,
      ``few_ratings``, ``constant``, ``misfit`` (a mean-square > 1.5), ``overfit`` (infit < 0.5),
      ``not_identified``, ``subset_<k>``, ``fixed_by_constraint`` (a one-element facet, 0 by the constraint);
      thresholds: ``disordered`` (below the threshold before it: the category is never the most probable).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    est = fit.estimates.copy()
    num = est.select_dtypes("number").columns
    if est[num].isna().any().any() or not np.isfinite(est[num].to_numpy(float)).all():
        raise RuntimeError("internal error: NaN or inf in the estimates table")  # never expected
    p1 = out / "estimates.csv"
    est.to_csv(p1, index=False, float_format="%.6g")
    p2 = out / "fit.json"
    p2.write_text(json.dumps(_jsonable(fit.to_dict()), indent=2, allow_nan=False))
    return p1, p2


def _jsonable(o: Any) -> Any:
    if isinstance(o, dict):
        return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (float, np.floating)):
        v = float(o)
        return v if math.isfinite(v) else None
    if isinstance(o, np.ndarray):
        return _jsonable(o.tolist())
    if isinstance(o, np.bool_):
        return bool(o)
    return o
