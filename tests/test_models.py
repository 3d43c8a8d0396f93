import pytest
import torch

from dpeer_lib.core.models import ModelSourceError, load_model, resolve_source
from dpeer_lib.core.params import ModelSection, Params
from helpers import tiny_model


def _chat(model, tok, text, n=8):
    ids = tok.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True,
                                  return_tensors="pt", return_dict=True)
    out = model.generate(**ids, max_new_tokens=n, do_sample=False)
    return tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True), out


def test_tiny_model_saves_reloads_and_generates(tmp_path):
    model, tok = tiny_model(tmp_path / "cache", "test", texts=["hello there, how are you today?"] * 20, max_length=256)
    n = sum(p.numel() for p in model.parameters())
    assert 2e5 < n < 3e6, n
    _, out1 = _chat(model, tok, "hello")
    model.save_pretrained(tmp_path / "saved")
    tok.save_pretrained(tmp_path / "saved")
    P2 = Params.model_validate({"model": {"source": str(tmp_path / "saved")}})
    model2, tok2 = load_model(P2.model)
    _, out2 = _chat(model2, tok2, "hello")
    assert torch.equal(out1, out2)
    assert out1.shape[1] > 0 and tok2.chat_template


def test_hub_id_offline_gives_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    P = Params.model_validate({"model": {"source": "nobody/not-a-real-model-xyz", "cache_dir": str(tmp_path)}})
    with pytest.raises(ModelSourceError, match="local folder"):
        load_model(P.model)


@pytest.mark.slow
def test_bundled_smollm2_loads_offline_and_answers():
    P = Params()  # default source: bundled:smollm2-135m-instruct
    model, tok = load_model(P.model)
    text, _ = _chat(model, tok, "What is the capital of France? Answer in one word.", n=12)
    assert "paris" in text.lower(), text


def test_missing_local_model_folder_is_not_reported_as_a_hub_failure(tmp_path):
    with pytest.raises(ModelSourceError) as err:
        load_model(ModelSection(source=str(tmp_path / "models" / "Qwen-7B"), cache_dir=str(tmp_path)))
    msg = str(err.value)
    assert "no such folder" in msg and "huggingface-cli" not in msg


def test_a_new_tiny_name_is_announced(tmp_path, capsys):
    section = ModelSection(source="tiny:smok", cache_dir=str(tmp_path))
    resolve_source(section, train_texts=["a b c"] * 4)
    assert "tiny:smok: building a new random-weight model" in capsys.readouterr().err
    resolve_source(section, train_texts=["a b c"] * 4)  # cached: nothing to say
    assert capsys.readouterr().err == ""
