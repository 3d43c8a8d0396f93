from pathlib import Path

import pytest

from dpeer_lib.core.params import ParamsError, load_params

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("profile", ["smoke", "default", "paper"])
def test_profiles_validate(profile):
    P = load_params(REPO / "params" / f"{profile}.yaml")
    assert P.profile == profile
    assert len(P.judges) >= (1 if profile == "smoke" else 2)


def test_unknown_key_names_the_key_and_the_closest_valid_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("train:\n  lagdpo:\n    epsiln: 0.3\n")
    with pytest.raises(ParamsError) as err:
        load_params(bad)
    msg = str(err.value)
    assert str(bad) in msg and "train.lagdpo.epsiln" in msg and "'epsilon'" in msg


def test_wrong_type_and_range_name_expected_and_given(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: {max_length: abc}\ntrain: {lagdpo: {eta_lambda: -1}}\n")
    with pytest.raises(ParamsError) as err:
        load_params(bad)
    msg = str(err.value)
    assert "model.max_length" in msg and "'abc'" in msg and "integer" in msg
    assert "train.lagdpo.eta_lambda" in msg and "greater than or equal to 0" in msg and "-1" in msg


def test_malformed_yaml_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: [unclosed\n")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(bad)


def test_overrides_apply_and_validate():
    P = load_params(REPO / "params/smoke.yaml", ["train.lagdpo.epsilon=0.3", "judges.0.name=ref2"])
    assert P.train.lagdpo.epsilon == 0.3 and P.judges[0].name == "ref2"
    with pytest.raises(ParamsError, match="train.lagdpo.epsilon"):
        load_params(REPO / "params/smoke.yaml", ["train.lagdpo.epsilon=-2"])


def test_digest_changes_with_parameters():
    a = load_params(REPO / "params/smoke.yaml")
    b = load_params(REPO / "params/smoke.yaml", ["train.dpo.beta=0.2"])
    assert a.digest() != b.digest()
    assert a.digest() == load_params(REPO / "params/smoke.yaml").digest()


def test_paper_dry_run_passes(capsys):
    from dpeer_lib.__main__ import main

    assert main(["run", "--params", str(REPO / "params/paper.yaml"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "GPU-h" in out and "03_lag_dpo" in out and "dry run ok" in out


def test_override_appends_to_a_list_and_refuses_a_bad_index():
    P = load_params(REPO / "params/smoke.yaml", ["judges.2={name: extra, kind: reference}"])
    assert [j.name for j in P.judges][-1] == "extra"
    with pytest.raises(ParamsError, match="out of range"):
        load_params(REPO / "params/smoke.yaml", ["judges.7={name: x, kind: reference}"])


@pytest.mark.parametrize("item, says", [
    ("judges.x=1", "judges is a list; 'x' is not an index"),
    ("run.seed.x=1", "run.seed is a value (0), not a section"),
    ("run..seed=1", "has an empty part"),
    ("train.lagdpo.epsilon=[1,", "the value is not valid YAML"),
])
def test_bad_set_paths_are_parameter_errors_naming_the_key(item, says):
    with pytest.raises(ParamsError) as err:
        load_params(REPO / "params/smoke.yaml", [item])
    assert f"--set {item!r}" in str(err.value) and says in str(err.value)


def test_an_empty_parameter_file_is_refused(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("\n# nothing\n")
    with pytest.raises(ParamsError, match="empty.yaml: the parameter file is empty"):
        load_params(empty)
    (tmp_path / "minimal.yaml").write_text("profile: default\n")  # every default, said explicitly: allowed
    assert load_params(tmp_path / "minimal.yaml").profile == "default"


def test_dry_run_checks_local_paths_and_reports_hub_ids_as_such(capsys, monkeypatch):
    from dpeer_lib.core.plan import dry_run

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    P = load_params(REPO / "params/smoke.yaml", ["data.source=data/nowhere.csv"])
    assert dry_run(P, "smoke") == 1
    out = capsys.readouterr().out
    assert "[ERR] data data/nowhere.csv: no such file or folder" in out and "hub id" not in out
    assert "model ~1.0M parameters" in out  # the tiny model's own size, not a 7B guess
    P = load_params(REPO / "params/smoke.yaml", ["data.source=org/some-dataset"])
    assert dry_run(P, "smoke") == 0
    out = capsys.readouterr().out
    assert "data org/some-dataset: hub id" in out and "HF_HUB_OFFLINE=1: it will be refused" in out


def test_unknown_warn_rule_is_refused_before_any_notebook(capsys):
    from dpeer_lib.__main__ import main

    assert main(["run", "--params", str(REPO / "params/smoke.yaml"), "--set", "data.warn_rules=[length_ration]",
                 "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "data.warn_rules: unknown rule(s) ['length_ration']" in err and "length_ratio" in err


def test_relative_local_paths_are_anchored_at_the_working_directory(tmp_path, monkeypatch):
    from dpeer_lib.core.params import anchor_local_paths

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "rows.csv").write_text("id\n")
    (tmp_path / "sycon").mkdir()
    P = load_params(REPO / "params/smoke.yaml", ["data.source=mine/rows.csv", "model.source=tiny:smoke",
                                                 "benchmarks.sycophancy.sources=[probes, 'sycon:sycon']"])
    A = anchor_local_paths(P, tmp_path)
    assert A.data.source == str(tmp_path / "mine" / "rows.csv")
    assert A.benchmarks.sycophancy.sources == ["probes", f"sycon:{tmp_path / 'sycon'}"]
    assert A.model.source == "tiny:smoke" and P.data.source == "mine/rows.csv"  # names left alone, P unchanged
    assert anchor_local_paths(P, tmp_path / "mine").data.source == "mine/rows.csv"  # not there: unchanged


@pytest.mark.parametrize("item, says", [
    ("train.lagdpo.epsilon_pairs={A>X: 0.1}", "bad pair name 'A>X'"),
    ("train.lagdpo.epsilon_pairs={A>A: 0.1}", "bad pair name 'A>A'"),
    ("train.lagdpo.thresholds={Q: 0.5}", "'Q'"),
])
def test_lagdpo_pair_and_threshold_keys_are_checked_when_the_file_loads(item, says):
    with pytest.raises(ParamsError) as err:
        load_params(REPO / "params/smoke.yaml", [item])
    assert says in str(err.value) and "train.lagdpo" in str(err.value)
