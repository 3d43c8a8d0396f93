"""PersonaKnob data (notebook 01), one concept per module:

* :mod:`~dpeer_lib.data.schema`: the row schema, masks, scenario keys, value normalisation;
* :mod:`~dpeer_lib.data.readers`: reading one CSV/JSONL/JSON/Parquet file into schema rows;
* :mod:`~dpeer_lib.data.validate`: the DESIGN §8 rules, findings, strict/lenient mode, the report;
* :mod:`~dpeer_lib.data.load`: resolving a source (path, folder, ``personaknob_lite``, hub id),
  splitting, and the normalised splits on disk;
* :mod:`~dpeer_lib.data.views`: the subsample and the views the training stages read;
* :mod:`~dpeer_lib.data.stats`, :mod:`~dpeer_lib.data.plots`: statistics and notebook 01's figures;
* :mod:`~dpeer_lib.data.synthesis`: the synthesis pipeline; :mod:`~dpeer_lib.data.stage`: notebook 01's
  entry point ``build_dataset`` (not re-exported here, so that importing the data views does not
  import the HTTP client).

This package re-exports the names other stages and tests use.
"""
from dpeer_lib.data.load import (
    HUB_ID,
    LITE_DIR,
    DataSourceError,
    assign_splits,
    load_dataset,
    load_rows,
    read_split,
    resolve_source,
    write_split,
)
from dpeer_lib.data.readers import read_file
from dpeer_lib.data.schema import (
    ROW_FIELDS,
    SPLITS,
    MaskError,
    all_masks,
    mask_key,
    parse_mask,
    public_row,
    scenario_key,
)
from dpeer_lib.data.stats import dataset_stats, length_ratios, length_table
from dpeer_lib.data.validate import RULES, DataValidationError, Finding, validate_dataset, validate_rows
from dpeer_lib.data.views import (lagdpo_view, pooled_view, selection_view, sft_view, spread_over_scenarios,
                                  stratified_subsample)

__all__ = [
    "HUB_ID", "LITE_DIR", "ROW_FIELDS", "RULES", "SPLITS",
    "DataSourceError", "DataValidationError", "Finding", "MaskError",
    "all_masks", "assign_splits", "dataset_stats", "lagdpo_view", "length_ratios", "length_table",
    "load_dataset", "load_rows", "mask_key", "parse_mask", "pooled_view", "public_row", "read_file",
    "read_split", "resolve_source", "scenario_key", "selection_view", "sft_view", "spread_over_scenarios",
    "stratified_subsample",
    "validate_dataset", "validate_rows", "write_split",
]
