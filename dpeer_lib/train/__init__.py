"""Training: SFT (TRL ``SFTTrainer``), Lag-DPO (a ``DPOTrainer`` subclass) and the DPO baselines.

- :mod:`dpeer_lib.train.sft` — ``train_sft``: SFT on the golden responses, LoRA by default.
- :mod:`dpeer_lib.train.forward` — the one forward path: ``tokenize_row``, ``DataCollatorForMultiPreference``,
  ``sequence_logps`` (per-row golden/reject log-probs from ONE forward), ``preference_losses`` and
  ``dimension_losses`` (model, collated batch) -> ``{d: L_d}``.
- :mod:`dpeer_lib.train.lagdpo` — ``LagDPOConfig``, ``LagDPOTrainer``.
- :mod:`dpeer_lib.train.pooled` — ``PooledDPOTrainer``: stock DPO on flattened pairs (+ logging only).
- :mod:`dpeer_lib.train.run` — ``train_method``: one stage, resumable, under ``accelerate launch``
  when ``compute.num_processes > 1``; also ``python -m dpeer_lib.train``.
- :mod:`dpeer_lib.train.selection` — ``evaluate_selection``: ``eval/selection.csv``.
- :mod:`dpeer_lib.train.report` — the computed collapse verdict of notebook 03; :mod:`dpeer_lib.train.plots` —
  the figures of notebooks 02 and 03.

The dual logic (λ, EMA, constraint forms) is :mod:`dpeer_lib.train.lagrangian`, free of TRL.
"""
from dpeer_lib.train.forward import (DataCollatorForMultiPreference, dimension_losses, preference_losses,
                                     sequence_logps, tokenize_row)
from dpeer_lib.train.lagdpo import LagDPOConfig, LagDPOTrainer
from dpeer_lib.train.run import train_dpo, train_method
from dpeer_lib.train.sft import train_sft

__all__ = ["DataCollatorForMultiPreference", "LagDPOConfig", "LagDPOTrainer", "dimension_losses",
           "preference_losses", "sequence_logps", "tokenize_row", "train_dpo", "train_method", "train_sft"]
