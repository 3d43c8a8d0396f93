"""Gradient cancellation (DESIGN §4): per-dimension DPO gradients, their geometry, training dynamics, a toy.

- :mod:`~dpeer_lib.gradients.batch` — the fixed analysis batch (row choice, tokenisation, log-probs);
- :mod:`~dpeer_lib.gradients.measure` — per-dimension gradients split into shared and specific parts,
  their Gram matrix and the statistics built on it (cosines, cancellation ratio, first-order progress);
- :mod:`~dpeer_lib.gradients.dynamics` — steps to a per-dimension target from the trainers' metrics.jsonl;
- :mod:`~dpeer_lib.gradients.toy` — the closed-form convex example;
- :mod:`~dpeer_lib.gradients.plots` and :mod:`~dpeer_lib.gradients.summary` — notebook 04's figures and note;
- :mod:`~dpeer_lib.gradients.stage` — ``analyse_run``, the entry point notebook 04 calls.
"""
from dpeer_lib.gradients.batch import (AnalysisBatch, BatchLogps, SequenceGroup, batch_logps, encode_analysis_batch,
                                       group_logps, select_analysis_rows, usable_rows)
from dpeer_lib.gradients.dynamics import dynamics_table, logged_weights, metrics_frame, smoothed, steps_to_target
from dpeer_lib.gradients.measure import (SHARED, SPECIFIC, GradientGram, gradient_gram, gradient_parts, gram_record,
                                         select_parameters)
from dpeer_lib.gradients.plots import (cosine_matrix, plot_cancellation, plot_cosine_heatmaps, plot_dynamics,
                                       plot_progress, plot_split, plot_toy)
from dpeer_lib.gradients.stage import (RunAnalysis, analyse_run, checkpoint_plan, find_checkpoints,
                                       load_adapter_weights, pick_evenly, training_dynamics, weightings_for)
from dpeer_lib.gradients.summary import summarize
from dpeer_lib.gradients.toy import (TOY_START, QuadraticToy, ToySolution, default_toy, toy_closed_form, toy_dual,
                                     toy_table, toy_trajectory)

__all__ = [
    "SHARED", "SPECIFIC", "TOY_START", "AnalysisBatch", "BatchLogps", "GradientGram", "QuadraticToy", "RunAnalysis",
    "SequenceGroup", "ToySolution", "analyse_run", "batch_logps", "checkpoint_plan", "cosine_matrix", "default_toy",
    "dynamics_table", "encode_analysis_batch", "find_checkpoints", "gradient_gram", "gradient_parts", "gram_record",
    "group_logps", "load_adapter_weights", "logged_weights", "metrics_frame", "pick_evenly", "plot_cancellation",
    "plot_cosine_heatmaps", "plot_dynamics", "plot_progress", "plot_split", "plot_toy", "select_analysis_rows",
    "select_parameters", "smoothed", "steps_to_target", "summarize", "toy_closed_form", "toy_dual", "toy_table",
    "toy_trajectory", "training_dynamics", "usable_rows", "weightings_for",
]
