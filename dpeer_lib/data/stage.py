"""Notebook 01's stage: build the run's data set from the configured source (and synthesis)."""
from __future__ import annotations

from typing import Any

from dpeer_lib.core.params import Params
from dpeer_lib.core.paths import RunPaths
from dpeer_lib.data.load import DataSourceError, load_dataset, load_rows, write_split
from dpeer_lib.data.schema import public_row, scenario_key
from dpeer_lib.data.stats import dataset_stats
from dpeer_lib.data.synthesis import synthesize
from dpeer_lib.data.validate import write_report
from dpeer_lib.data.views import stratified_subsample


def _synthesized_rows(P: Params, paths: RunPaths) -> tuple[list[dict], dict[str, Any] | None]:
    """The rows synthesis adds (none when disabled) and its summary; it avoids the source's test scenes."""
    D = P.data
    if not D.synthesis.enabled:
        return [], None
    avoid: set[str] = set()
    try:
        base_rows, _, _ = load_rows(D.source)
        avoid = {scenario_key(r) for r in base_rows if r.get("split") == "test"}
    except DataSourceError:
        pass
    result = synthesize(D.synthesis, cache_dir=paths.cache / "synthesis", seed=P.run.seed, avoid_scenes=avoid)
    return result.rows, result.summary()


def build_dataset(P: Params, paths: RunPaths) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Notebook 01's stage: load the configured source, optionally expand it by synthesis, validate,
    subsample (seeded, mask-stratified), and write ``train.jsonl``, ``test.jsonl`` and the report.

    Returns (train, test, report); rows are in the public schema (no provenance keys).
    """
    D = P.data
    extra, synth_summary = _synthesized_rows(P, paths)
    train, test, report = load_dataset(D, seed=P.run.seed, report_path=paths.validation_report, extra_rows=extra)
    n_train, n_test = len(train), len(test)
    train = [public_row(r) for r in stratified_subsample(train, D.max_train_rows, P.run.seed)]
    test = [public_row(r) for r in stratified_subsample(test, D.max_test_rows, P.run.seed + 1)]
    write_split(train, paths.train_jsonl)
    write_split(test, paths.test_jsonl)
    report["synthesis"] = synth_summary
    report["subsample"] = {"train": [n_train, len(train)], "test": [n_test, len(test)]}
    report["stats"] = dataset_stats(train, test, D.length_unit)
    report["outputs"] = {"train": str(paths.train_jsonl), "test": str(paths.test_jsonl)}
    write_report(report, paths.validation_report)
    return train, test, report
