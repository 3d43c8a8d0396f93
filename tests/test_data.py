"""Loader, validator (one test per rule, each from a small broken file), views and the shipped data set."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from dpeer_lib import data as D
from dpeer_lib.core.params import DIMENSIONS, DataSection, Params
from dpeer_lib.core.paths import RunPaths
from dpeer_lib.data.stage import build_dataset

REPO = Path(__file__).resolve().parents[1]
COLUMNS = ["id", "mask", "seed_scene", "domain", "context", "trigger", "prompt", "golden",
           "reject_A", "reject_T", "reject_E", "reject_C", "split"]


def make_row(rid: str, mask=("E", "A"), scene: str | None = None, split: str = "train", mask_text: str | None = None,
             **over) -> dict:
    """A valid PersonaKnob-format row (mask in string form); keyword overrides break it on purpose."""
    golden = f"I hear how hard this is ({rid}).\nThe claim is not right, and here is why, gently."
    row = {"id": rid, "mask": mask_text if mask_text is not None else json.dumps(list(mask)),
           "seed_scene": scene or f"scene of {rid}", "domain": "health", "context": "Some context.",
           "trigger": "A trigger.", "prompt": f"My question {rid}, with a comma,\nand a second line?",
           "golden": golden, "split": split}
    for d in DIMENSIONS:
        row[f"reject_{d}"] = (f"A reject ({rid}) that fails {d} only,\nbut reads about as long as golden.."
                              if d in mask else "")
    row.update(over)
    return row


def write_csv(path: Path, rows: list[dict], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def good_pair(tmp_path: Path, train_extra=(), test_extra=()) -> Path:
    """A folder with train.csv (4 good rows + extras) and test.csv (2 good rows + extras)."""
    folder = tmp_path / "pk"
    folder.mkdir()
    write_csv(folder / "train.csv", [make_row(f"tr{i}", mask=m) for i, m in
                                     enumerate([("E", "A"), ("T",), ("A", "T", "E", "C"), ("C",)])] + list(train_extra))
    write_csv(folder / "test.csv", [make_row(f"te{i}", split="test", mask=m) for i, m in
                                    enumerate([("A",), ("E", "C")])] + list(test_extra))
    return folder


def settings(source, **fields) -> DataSection:
    """The data settings of a run reading ``source``; ``fields`` override DataSection's defaults."""
    return DataSection(source=str(source), **fields)


def findings_of(source, rule: str, **fields) -> list[D.Finding]:
    """Load in strict mode, expect refusal, and return the findings of ``rule``."""
    with pytest.raises(D.DataValidationError) as exc:
        D.load_dataset(settings(source, mode="strict", **fields))
    found = [f for f in exc.value.findings if f.rule == rule and f.severity == "error"]
    assert found, f"no {rule} finding; got {[str(f) for f in exc.value.findings]}"
    return found


# --------------------------------------------------------------------------- loader
def test_loader_reads_personaknob_csv_with_multiline_fields_and_string_masks(tmp_path):
    rows = [make_row("a", mask=("E", "A"), mask_text='["E","A"]'),
            make_row("b", mask=("E", "A"), mask_text="['E', 'A']"),
            make_row("c", mask=("E", "A"), mask_text="E,A"),
            make_row("d", mask=("T",), mask_text="[\"T\"]", split="test")]
    path = write_csv(tmp_path / "personaknob.csv", rows)
    assert "\n" in path.read_text().split("\n", 2)[1] or path.read_text().count("\n") > 5  # real multi-line records
    train, test, report = D.load_dataset(settings(path), report_path=tmp_path / "report.json")
    assert [r["id"] for r in train] == ["a", "b", "c"] and [r["id"] for r in test] == ["d"]
    assert all(r["mask"] == ["E", "A"] for r in train) and test[0]["mask"] == ["T"]
    assert train[0]["prompt"] == "My question a, with a comma,\nand a second line?"
    assert train[0]["reject_T"] == "" and train[0]["reject_E"].startswith("A reject (a) that fails E")
    assert report["ok"] and report["n_errors"] == 0
    assert json.loads((tmp_path / "report.json").read_text())["rows_kept"] == 4


@pytest.mark.parametrize("text,expected", [
    ('["E","A"]', ["E", "A"]), ("['E', 'A']", ["E", "A"]), ("E,A", ["E", "A"]), ("E A", ["E", "A"]),
    ("[E, A]", ["E", "A"]), ("EA", ["E", "A"]), ("empathy, anti-sycophancy", ["E", "A"]), (["t", "c"], ["T", "C"]),
    ('["X"]', ["X"]),
])
def test_parse_mask_forms(text, expected):
    assert D.parse_mask(text)[0] == expected


def test_jsonl_json_and_parquet_load_like_csv(tmp_path):
    pd = pytest.importorskip("pandas")
    rows = [make_row("a"), make_row("b", mask=("T", "C")), make_row("c", mask=("A",), split="test")]
    write_csv(tmp_path / "x.csv", rows)
    ref_train, ref_test, _ = D.load_dataset(settings(tmp_path / "x.csv"))
    lists = [{**r, "mask": json.loads(r["mask"])} for r in rows]  # mask as a real list
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(r) for r in lists) + "\n")
    (tmp_path / "x.json").write_text(json.dumps(lists))
    pd.DataFrame(lists).to_parquet(tmp_path / "x.parquet")
    for name in ("x.jsonl", "x.json", "x.parquet"):
        train, test, _ = D.load_dataset(settings(tmp_path / name))
        strip = lambda rs: [D.public_row(r) for r in rs]  # noqa: E731
        assert strip(train) == strip(ref_train) and strip(test) == strip(ref_test), name


def test_folder_split_from_file_names_and_auto_split(tmp_path):
    folder = good_pair(tmp_path)
    train, test, _ = D.load_dataset(settings(folder))
    assert {r["split"] for r in train} == {"train"} and len(train) == 4 and len(test) == 2
    # a single file without a split column is split by scenario, seeded, with no scenario in both splits
    rows = [make_row(f"r{i}", scene=f"scene {i // 2}") for i in range(20)]
    write_csv(tmp_path / "all.csv", rows, [c for c in COLUMNS if c != "split"])
    train, test, report = D.load_dataset(settings(tmp_path / "all.csv", test_fraction=0.2), seed=3)
    assert len(test) == 4 and report["rows_auto_split"] == 20
    assert not ({D.scenario_key(r) for r in train} & {D.scenario_key(r) for r in test})


def test_hub_style_folder_without_id_split_or_domain(tmp_path):
    """The release's layout: train/test CSVs with only the PersonaKnob columns, masks as Python lists."""
    cols = ["mask", "seed_scene", "context", "trigger", "prompt", "golden", "reject_A", "reject_T", "reject_E",
            "reject_C"]
    folder = tmp_path / "snapshot" / "data"
    folder.mkdir(parents=True)
    write_csv(folder / "PersonaKnob_train.csv", [make_row(f"x{i}", mask_text="['E', 'A']") for i in range(3)], cols)
    write_csv(folder / "PersonaKnob_train_part2.csv", [make_row("z", mask_text="['E', 'A']")], cols)  # a 2nd shard
    write_csv(folder / "PersonaKnob_test.csv", [make_row("y", mask=("T",), mask_text="['T']")], cols)
    train, test, _ = D.load_dataset(settings(tmp_path / "snapshot"))
    assert [r["id"] for r in train] == [f"train-{i:05d}" for i in range(1, 5)] and test[0]["id"] == "test-00001"
    assert train[3]["prompt"].startswith("My question z")
    assert train[0]["mask"] == ["E", "A"] and train[0]["domain"] == "" and test[0]["split"] == "test"


def test_personaknob_lite_name_resolves_under_repo_root(tmp_path):
    folder = tmp_path / "data" / "personaknob_lite"
    folder.mkdir(parents=True)
    write_csv(folder / "train.csv", [make_row("a")])
    write_csv(folder / "test.csv", [make_row("b", split="test")])
    files = D.resolve_source("personaknob_lite", root=tmp_path)
    assert [(p.name, s) for p, s in files] == [("train.csv", "train"), ("test.csv", "test")]


def test_unknown_source_and_offline_hub_give_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(D.DataSourceError, match="no such file or folder"):
        D.load_dataset(settings(tmp_path / "nope.csv"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(D.DataSourceError) as exc:
        D.load_dataset(settings("qisein/PersonaKnob"))
    msg = str(exc.value)
    assert "qisein/PersonaKnob" in msg and "HF_HUB_OFFLINE" in msg and "download" in msg and "data.source" in msg


# --------------------------------------------------------------------------- validator: one test per rule
def test_rule_missing_column(tmp_path):
    folder = good_pair(tmp_path)
    write_csv(folder / "train.csv", [make_row("tr0")], [c for c in COLUMNS if c != "reject_C"])
    (f,) = findings_of(folder, "missing_column")
    assert f.file.endswith("train.csv") and f.field == "reject_C" and f.row is None


def test_rule_unparseable_csv(tmp_path):
    folder = good_pair(tmp_path)
    text = (folder / "train.csv").read_text()
    (folder / "train.csv").write_text(text + 'bad,"["E"],unterminated quote\n')
    (f,) = findings_of(folder, "unparseable_file")
    assert f.file.endswith("train.csv") and "not valid CSV" in f.reason and f.line == text.count("\n") + 1


def test_rule_unparseable_json_and_binary(tmp_path):
    folder = good_pair(tmp_path)
    (folder / "test.csv").unlink()
    (folder / "test.json").write_text('[{"id": "x", "mask": ["A"],')  # truncated JSON
    (f,) = findings_of(folder, "unparseable_file")
    assert f.file.endswith("test.json") and "not valid JSON" in f.reason
    (folder / "test.json").unlink()
    (folder / "test.parquet").write_bytes(b"PAR1\x00\x01garbage")
    (f,) = findings_of(folder, "unparseable_file")
    assert f.file.endswith("test.parquet")


def test_rule_unparseable_row_jsonl_and_csv_shape(tmp_path):
    folder = good_pair(tmp_path)
    (folder / "test.csv").unlink()
    good = {**make_row("te0", mask=("A",), split="test"), "mask": ["A"]}
    (folder / "test.jsonl").write_text(json.dumps(good) + "\n{not json}\n[1, 2]\n")
    found = findings_of(folder, "unparseable_row")
    assert [(f.row, f.line) for f in found] == [(2, 2), (3, 3)]
    lines = (folder / "train.csv").read_text()
    (folder / "train.csv").write_text(lines + "extra,field,only\n")
    found = findings_of(folder, "unparseable_row")
    assert any(f.file.endswith("train.csv") and "3 fields" in f.reason for f in found)


def test_rule_field_type(tmp_path):
    folder = good_pair(tmp_path)
    (folder / "test.csv").unlink()
    bad = {**make_row("te0", mask=("A",), split="test"), "mask": ["A"], "golden": {"text": "x"}}
    (folder / "test.jsonl").write_text(json.dumps(bad) + "\n")
    (f,) = findings_of(folder, "field_type")
    assert f.id == "te0" and f.field == "golden"


def test_rule_mask_format(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", mask_text="[[E")]), "mask_format")
    assert f.id == "bad" and f.field == "mask" and f.row == 5


def test_rule_mask_empty(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", mask=(), mask_text="[]")]), "mask_empty")
    assert f.id == "bad"


def test_rule_mask_unknown_dimension(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, test_extra=[make_row("bad", split="test", mask_text='["E","X"]')]),
                       "mask_unknown_dimension")
    assert f.id == "bad" and f.field == "mask" and "'X'" in f.reason and f.file.endswith("test.csv")


def test_rule_empty_prompt(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", prompt="   ")]), "empty_prompt")
    assert (f.id, f.field) == ("bad", "prompt")


def test_rule_empty_golden(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", golden="")]), "empty_golden")
    assert (f.id, f.field) == ("bad", "golden")


def test_rule_reject_missing(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", mask=("E", "A"), reject_E="")]),
                       "reject_missing")
    assert (f.id, f.field) == ("bad", "reject_E")


def test_rule_reject_inactive(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", mask=("E",), reject_C="a stray reject")]),
                       "reject_inactive")
    assert (f.id, f.field) == ("bad", "reject_C")


def test_rule_reject_equals_golden(tmp_path):
    r = make_row("bad", mask=("A", "T"))
    r["reject_T"] = r["golden"].replace("\n", "  \n ")  # only whitespace differs
    (f,) = findings_of(good_pair(tmp_path, train_extra=[r]), "reject_equals_golden")
    assert (f.id, f.field) == ("bad", "reject_T")


def test_rule_length_ratio(tmp_path):
    folder = good_pair(tmp_path, train_extra=[make_row("bad", mask=("C",), reject_C="Too short.")])
    (f,) = findings_of(folder, "length_ratio")
    assert (f.id, f.field) == ("bad", "reject_C")
    # the bounds come from the parameters: a wide range accepts the row
    D.load_dataset(settings(folder, length_ratio_min=0.05, length_ratio_max=20))
    # and the rule can be downgraded to a warning (e.g. for the real PersonaKnob)
    _, _, rep = D.load_dataset(settings(folder, warn_rules=["length_ratio"]))
    assert rep["warnings_by_rule"]["length_ratio"] == 1


def test_rule_duplicate_id(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, test_extra=[make_row("tr1", split="test", scene="other")]),
                       "duplicate_id")
    assert f.id == "tr1" and f.file.endswith("test.csv") and "train.csv row 2" in f.reason and f.row == 3


def test_rule_scenario_leakage(tmp_path):
    folder = good_pair(tmp_path, test_extra=[make_row("te9", split="test", scene="  Scene of TR2 ")])
    (f,) = findings_of(folder, "scenario_leakage")
    assert f.id == "tr2" and f.field == "seed_scene" and "te9" in f.reason


def test_rule_bad_split(tmp_path):
    (f,) = findings_of(good_pair(tmp_path, train_extra=[make_row("bad", split="validation")]), "bad_split")
    assert (f.id, f.field) == ("bad", "split")


def test_all_findings_at_once_strict_message_and_report(tmp_path):
    extra = [make_row("b1", prompt=""), make_row("b2", mask_text='["E","A","Q"]'), make_row("b3", reject_E=""),
             make_row("tr0", scene="fresh scene")]
    folder = good_pair(tmp_path, train_extra=extra)
    report = tmp_path / "out" / "validation_report.json"
    with pytest.raises(D.DataValidationError) as exc:
        D.load_dataset(settings(folder), report_path=report)
    rules = {f.rule for f in exc.value.findings}
    assert {"empty_prompt", "mask_unknown_dimension", "reject_missing", "duplicate_id"} <= rules
    msg = str(exc.value)
    assert "train.csv, row 5" in msg and "'b1'" in msg and "field 'prompt'" in msg and str(report) in msg
    saved = json.loads(report.read_text())
    assert saved["ok"] is False and saved["n_errors"] == 4
    assert all({"file", "row", "id", "field", "reason", "rule"} <= set(f) for f in saved["findings"])


def test_lenient_drops_bad_rows_and_reports_why(tmp_path, caplog):
    extra = [make_row("b1", prompt=""), make_row("b2", mask_text='["E","A","Q"]'), make_row("b3", reject_E="")]
    folder = good_pair(tmp_path, train_extra=extra,
                       test_extra=[make_row("te5", split="test", scene="scene of tr0")])
    (folder / "more_train.jsonl").write_text("{broken\n")
    with caplog.at_level("WARNING", logger="dpeer.data"):
        train, test, report = D.load_dataset(settings(folder, mode="lenient"), report_path=tmp_path / "r.json")
    assert sorted(r["id"] for r in train) == ["tr1", "tr2", "tr3"]  # tr0 leaks into test
    assert len(test) == 3
    drop = report["dropped"]
    assert drop["rows_dropped"] == 5
    assert drop["rows_dropped_by_rule"] == {"empty_prompt": 1, "mask_unknown_dimension": 1, "reject_missing": 1,
                                            "scenario_leakage": 1, "unparseable_row": 1}
    assert "dropped 5 row(s)" in caplog.text


def test_lenient_drops_whole_file_on_file_level_error(tmp_path):
    folder = good_pair(tmp_path)
    write_csv(folder / "train_extra.csv", [make_row("x")], ["id", "mask", "prompt"])
    train, _, report = D.load_dataset(settings(folder, mode="lenient"))
    assert len(train) == 4 and report["dropped"]["files_dropped"][0].endswith("train_extra.csv")


def test_no_traceback_from_garbage_inputs(tmp_path):
    """Every kind of garbage ends as a DataValidationError/DataSourceError, never a pandas/json exception."""
    cases = {"a_train.csv": b"", "b_train.csv": b"\xff\xfe\x00garbage", "c_train.jsonl": b"\n\n",
             "d_train.json": b"{\"train\": 3}", "e_train.csv": b"just,a,header\n", "f_train.parquet": b""}
    for name, blob in cases.items():
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_bytes(blob)
        with pytest.raises((D.DataValidationError, D.DataSourceError)):
            D.load_dataset(settings(folder))
        with pytest.raises(D.DataSourceError, match="0 train and 0 test"):
            D.load_dataset(settings(folder, mode="lenient"))


def test_lenient_with_nothing_left_names_the_file_level_cause(tmp_path):
    """Lenient mode dropping every file says why (encoding, missing column), not only "0 rows left"."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "train.csv").write_bytes(b"\xff\xfe\x00garbage")
    write_csv(folder / "test.csv", [make_row("x")], ["id", "mask", "prompt"])
    with pytest.raises(D.DataSourceError) as err:
        D.load_dataset(settings(folder, mode="lenient"))
    msg = str(err.value)
    assert "0 train and 0 test" in msg and "Dropped because of" in msg
    assert "[error:unparseable_file]" in msg and "train.csv" in msg
    assert "[error:missing_column]" in msg and "test.csv" in msg


def test_missing_relative_source_lists_each_place_looked_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(D.DataSourceError) as err:
        D.load_dataset(settings("nowhere/rows.csv"))
    msg = str(err.value)
    assert str(tmp_path / "nowhere/rows.csv") in msg and msg.count("nowhere/rows.csv") == 3  # source + 2 places
    monkeypatch.chdir(REPO)  # here both candidates are the same path: it is listed once
    with pytest.raises(D.DataSourceError) as err:
        D.load_dataset(settings("nowhere/rows.csv"))
    assert str(err.value).count("nowhere/rows.csv") == 2


# --------------------------------------------------------------------------- views
def _rows():
    return [D.public_row({**make_row("a", mask=("E", "A")), "mask": ["E", "A"]}),
            D.public_row({**make_row("b", mask=("A", "T", "E", "C")), "mask": ["A", "T", "E", "C"]})]


def test_sft_and_lagdpo_views():
    rows = _rows()
    sft = D.sft_view(rows)
    assert sft[0] == {"prompt": [{"role": "user", "content": rows[0]["prompt"]}],
                      "completion": [{"role": "assistant", "content": rows[0]["golden"]}]}
    lag = D.lagdpo_view(rows)
    assert lag[0]["rejected_T"] == [] and lag[0]["rejected_C"] == []
    assert lag[0]["rejected_E"] == [{"role": "assistant", "content": rows[0]["reject_E"]}]
    assert lag[0]["chosen"][0]["content"] == rows[0]["golden"] and lag[0]["mask"] == ["E", "A"]
    assert all(lag[1][f"rejected_{d}"] for d in DIMENSIONS)


def test_pooled_view_one_pair_per_active_dimension():
    pooled = D.pooled_view(_rows())
    assert [(p["id"], p["dimension"]) for p in pooled] == [("a", "A"), ("a", "E"), ("b", "A"), ("b", "T"),
                                                            ("b", "E"), ("b", "C")]
    assert pooled[1]["rejected"][0]["content"] == _rows()[0]["reject_E"]


def test_selection_view_shuffles_with_seed_and_points_at_golden():
    rows = [D.public_row({**make_row(f"r{i}", mask=("A", "T", "E", "C")), "mask": list("ATEC")}) for i in range(40)]
    s0, s0b, s1 = D.selection_view(rows, 0), D.selection_view(rows, 0), D.selection_view(rows, 1)
    assert s0 == s0b
    assert [x["labels"] for x in s0] != [x["labels"] for x in s1]
    for item, row in zip(s0, rows):
        assert item["candidates"][item["answer"]] == row["golden"] and item["labels"][item["answer"]] == "golden"
        assert sorted(item["labels"]) == sorted(["golden", "A", "T", "E", "C"])
        for lab, cand in zip(item["labels"], item["candidates"]):
            assert cand == (row["golden"] if lab == "golden" else row[f"reject_{lab}"])
    assert len({x["answer"] for x in s0}) > 1  # golden is not always in the same place


def test_write_and_read_split_round_trip(tmp_path):
    rows = _rows()
    D.write_split(rows, tmp_path / "d" / "train.jsonl")
    assert D.read_split(tmp_path / "d" / "train.jsonl") == rows
    (tmp_path / "bad.jsonl").write_text('{"mask": ["A"], "golden": "x"}\n{oops\n')
    with pytest.raises(D.DataSourceError, match="bad.jsonl, line 2"):
        D.read_split(tmp_path / "bad.jsonl")


def test_stratified_subsample_keeps_every_mask():
    rows = []
    for k, m in enumerate(D.all_masks()):
        rows += [{"id": f"{k}-{i}", "mask": list(m)} for i in range(2 + 3 * (k % 4))]
    sub = D.stratified_subsample(rows, 32, seed=0)
    assert len(sub) == 32 and len({D.mask_key(r["mask"]) for r in sub}) == 15
    assert sub == D.stratified_subsample(rows, 32, seed=0) and sub != D.stratified_subsample(rows, 32, seed=1)
    assert [r["id"] for r in sub] == [r["id"] for r in rows if r in sub]  # order kept


def test_build_dataset_writes_run_folder(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    train_rows = [make_row(f"tr{k}-{i}", mask=m) for k, m in enumerate(D.all_masks()) for i in range(3)]
    test_rows = [make_row(f"te{k}", mask=m, split="test") for k, m in enumerate(D.all_masks())]
    write_csv(folder / "train.csv", train_rows)
    write_csv(folder / "test.csv", test_rows)
    P = Params.model_validate({"data": {"source": str(folder), "max_train_rows": 20}})
    paths = RunPaths(tmp_path / "run").ensure()
    train, test, report = build_dataset(P, paths)
    assert len(train) == 20 and len(test) == 15
    assert len({D.mask_key(r["mask"]) for r in train}) == 15
    assert D.read_split(paths.train_jsonl) == train and D.read_split(paths.test_jsonl) == test
    saved = json.loads(paths.validation_report.read_text())
    assert saved["ok"] and saved["stats"]["train"]["rows"] == 20 and saved["subsample"]["train"] == [45, 20]
    assert set(train[0]) == set(D.ROW_FIELDS) | {"domain"}


# --------------------------------------------------------------------------- the shipped data set
LITE = REPO / "data" / "personaknob_lite"


@pytest.mark.skipif(not ((LITE / "train.csv").exists() and (LITE / "test.csv").exists()),
                    reason="PersonaKnob-lite not authored yet")
def test_shipped_personaknob_lite_passes_strict_validation(tmp_path):
    train, test, report = D.load_dataset(settings("personaknob_lite", mode="strict", mean_length_tolerance=0.2),
                                         report_path=tmp_path / "r.json")
    assert report["n_errors"] == 0 and report["warnings_by_rule"].get("mean_length_ratio") is None
    assert len(train) >= 240 and len(test) >= 48
    tr_masks, te_masks = Counter(D.mask_key(r["mask"]) for r in train), Counter(D.mask_key(r["mask"]) for r in test)
    assert len(tr_masks) == 15 and min(tr_masks.values()) >= 12
    assert len(te_masks) == 15 and min(te_masks.values()) >= 2
    assert len({r["domain"] for r in train + test}) >= 8
    for d, r in D.length_ratios(train + test).items():
        assert abs(r["ratio_of_means"] - 1) <= 0.2, (d, r)


def test_plots_draw_notebook_01_figures_from_the_report():
    matplotlib = pytest.importorskip("matplotlib")
    pd = pytest.importorskip("pandas")
    matplotlib.use("Agg")
    from dpeer_lib.data import plots  # after choosing the backend

    rows = [D.public_row({**make_row(f"r{k}", mask=m, split="train" if k % 3 else "test"), "mask": list(m)})
            for k, m in enumerate(D.all_masks())]
    stats = D.dataset_stats([r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "test"])
    counts = plots.mask_counts(stats)
    assert list(counts.index) == ["+".join(m) for m in D.all_masks()] and counts.values.sum() == 15
    per_dim = plots.dimension_counts(stats)
    assert list(per_dim.index) == list(DIMENSIONS) and per_dim.values.sum() == 32  # each dimension is in 8 masks
    figs = [plots.plot_mask_combinations(counts), plots.plot_rows_per_dimension(per_dim),
            plots.plot_length_distributions(pd.DataFrame(D.length_table(rows)), "chars")]
    assert [len(f.axes) for f in figs] == [2, 1, 4]
    for f in figs:
        matplotlib.pyplot.close(f)


def test_lite_written_in_the_release_layout_loads_back_the_same(tmp_path):
    """The rehearsal's PersonaKnob file: the release's columns, string masks, empty inactive rejects,
    multi-line answers; loading it gives back the lite rows (ids renumbered, whitespace aside)."""
    from dpeer_lib.data.release import RELEASE_COLUMNS, write_release

    train, test, _ = D.load_dataset(settings("personaknob_lite"))
    paths = write_release(train + test, tmp_path / "snap")
    with paths[0].open(newline="", encoding="utf-8") as fh:
        recs = list(csv.DictReader(fh))
    assert list(recs[0]) == RELEASE_COLUMNS and recs[0]["mask"].startswith('["')
    assert any("\n" in r["golden"] for r in recs)
    two = next(r for r in recs if r["mask"].count('"') >= 4)
    assert '", "' in two["mask"]  # the release's spacing: ["E", "A"]
    inactive = [(r, d) for r in recs for d in DIMENSIONS if d not in json.loads(r["mask"])]
    assert inactive and all(r[f"reject_{d}"] == "" for r, d in inactive)
    train2, test2, _ = D.load_dataset(settings(tmp_path / "snap"))
    norm = lambda s: " ".join((s or "").split())  # noqa: E731
    for a, b in zip(train + test, train2 + test2):
        assert list(a["mask"]) == list(b["mask"]) and a["prompt"] == b["prompt"]
        assert [norm(a[c]) for c in ("golden", "reject_A", "reject_T", "reject_E", "reject_C")] == \
            [norm(b[c]) for c in ("golden", "reject_A", "reject_T", "reject_E", "reject_C")]
    assert len(train2) == len(train) and len(test2) == len(test) and test2[0]["id"] == "test-00001"
