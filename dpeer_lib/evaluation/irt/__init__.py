"""Many-facet Rasch calibration of ratings (DESIGN §5): long rating table in, calibrated facets out.

Model (adjacent-category logits; rating scale, optionally partial credit)::

    log P(X_n = k) / P(X_n = k-1) = sum_f s_f * b_f[level_f(n)] - tau_{g(n), k}

The first facet (or the one named ``ability``) enters with s = +1 and has free levels (θ); every other
facet enters with s = -1 (difficulty, severity) and sums to zero. Thresholds τ sum to zero within their
group (one group = rating scale; ``thresholds_by=COL`` = partial credit, one scale per value of COL; a
group whose ratings use two categories is a dichotomous item). An interaction that contains a column of
the ability facet is merged into it (``system`` × ``dimension`` gives θ_{s,d}); any other interaction is
a bias term (e.g. judge × dimension) centred to sum to zero over each of its columns.

Estimation is joint maximum likelihood in float64 by Newton's method with exact gradients and the exact
information matrix (:mod:`.engine`). Elements with an extreme score (all ratings in the bottom or top
category) or with fewer than ``min_ratings`` ratings are left out of the joint fit and estimated
afterwards with every other parameter held fixed (extreme scores adjusted by ``extreme_adjustment``
score points, as Facets/Winsteps do); they are flagged, never NaN.

Modules: :mod:`.design` (terms, element indices, categories, constraints), :mod:`.engine` (Newton/KKT
solver, covariance), :mod:`.estimate` (the phases of a fit), :mod:`.table` (the estimates table and its
flags), :mod:`.fitstats` (infit/outfit, separation), :mod:`.calibrate` (:func:`fit`), :mod:`.result`
(:class:`RaschFit`, the writer), :mod:`.compare` (AIC/BIC), :mod:`.bias` (JMLE's small-sample stretch),
:mod:`.crosscheck` (statsmodels' cumulative logit), :mod:`.simulate`,
:mod:`.cli` (``python -m dpeer_lib irt``).
"""
from dpeer_lib.evaluation.irt.calibrate import fit
from dpeer_lib.evaluation.irt.compare import compare_fits
from dpeer_lib.evaluation.irt.crosscheck import CumulativeFit, fit_cumulative_logit
from dpeer_lib.evaluation.irt.design import SEP, THRESHOLD, IRTInputError, IRTWarning
from dpeer_lib.evaluation.irt.result import RaschFit, write_outputs
from dpeer_lib.evaluation.irt.simulate import simulate

__all__ = ["SEP", "THRESHOLD", "CumulativeFit", "IRTInputError", "IRTWarning", "RaschFit", "compare_fits", "fit",
           "fit_cumulative_logit", "simulate", "write_outputs"]
