"""The run folder layout (DESIGN §9): every stage reads and writes through these paths."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"  # the data sets this project ships (PersonaKnob-lite, probe sets)

HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")


def is_hub_id(source: str) -> bool:
    """``org/name`` as on the HF hub: one slash, no path prefix (``/``, ``./``, ``~``), no file suffix."""
    return (bool(HUB_ID.fullmatch(source)) and not source.startswith((".", "~"))
            and Path(source).suffix.lower() not in (".csv", ".jsonl", ".json", ".parquet", ".txt", ".yaml"))


METHODS = ("sft", "dpo_pooled", "mo_dpo_fixed", "lagdpo")
DPO_METHODS = ("dpo_pooled", "mo_dpo_fixed", "lagdpo")
SYSTEMS = ("base", *METHODS)  # the paper's order in every table and figure


def order_systems(names, then: tuple[str, ...] = ()) -> list[str]:
    """Distinct ``names`` in ``SYSTEMS`` order, then those in ``then`` (e.g. oracles), then the rest alphabetically."""
    known = list(SYSTEMS) + list(then)
    return sorted(set(names), key=lambda s: (known.index(s) if s in known else len(known), s))


@dataclass(frozen=True)
class RunPaths:
    """Stable artifact paths under ``runs/<run-name>/``."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def judge_validation(self) -> Path:
        """Each judge's AUC on the judge-validation set (notebook 05)."""
        return self.root / "judges" / "validation.json"

    @property
    def stage_status(self) -> Path:
        """Written by a notebook whose stage finished with work missing (see ``core.nb.mark_degraded``)."""
        return self.root / "stage_status.json"

    @property
    def phases(self) -> Path:
        """The running notebook's timed phases (see ``core.timing``); folded into the manifest after it."""
        return self.root / "phases.jsonl"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def train_jsonl(self) -> Path:
        return self.data / "train.jsonl"

    @property
    def test_jsonl(self) -> Path:
        return self.data / "test.jsonl"

    @property
    def validation_report(self) -> Path:
        return self.data / "validation_report.json"

    def train_dir(self, method: str) -> Path:
        return self.root / "train" / method

    def metrics(self, method: str) -> Path:
        return self.train_dir(method) / "metrics.jsonl"

    @property
    def eval(self) -> Path:
        return self.root / "eval"

    @property
    def selection_csv(self) -> Path:
        return self.eval / "selection.csv"

    @property
    def generations(self) -> Path:
        return self.eval / "generations.parquet"

    @property
    def judgments(self) -> Path:
        return self.eval / "judgments.parquet"

    @property
    def cache(self) -> Path:
        """On-disk caches (judgments, synthesis calls, generations in progress)."""
        return self.root / "cache"

    @property
    def gradients(self) -> Path:
        return self.root / "gradients"

    @property
    def cancellation_csv(self) -> Path:
        return self.gradients / "cancellation.csv"

    @property
    def irt(self) -> Path:
        return self.root / "irt"

    @property
    def tables(self) -> Path:
        return self.root / "tables"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    def ensure(self) -> "RunPaths":
        for p in (self.data, self.eval, self.cache, self.gradients, self.irt, self.tables, self.figures):
            p.mkdir(parents=True, exist_ok=True)
        return self
