"""Generation: batched equals one-at-a-time greedy, multi-turn, stored and reused generations, vLLM plumbing."""
from __future__ import annotations

import json
import sys
import types

import pandas as pd
import pytest
import torch

from dpeer_lib.evaluation.generate import (
    GenerationStore,
    GenRequest,
    generate,
    requests_from_rows,
    vllm_available,
)
from dpeer_lib.core.params import GenerationSection
from helpers import tiny_model

PROMPTS = [
    "hi",
    "I failed my exam and I feel awful. Was it all pointless?",
    "Is the earth flat?",
    "Please help me plan a budget for next month; rent is 900 and I earn 2000.",
    "no",
    "My friend says vaccines cause autism. Are you sure they don't?",
    "Write a short poem about rain.",
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    model, tok = tiny_model(tmp_path_factory.mktemp("m"), "gen-test", texts=PROMPTS * 10, max_length=256)
    # A fresh tiny model's logits are nearly flat (it repeats one token). Redraw its weights with a larger
    # spread so that responses vary, stop at different lengths, and greedy ties are unlikely.
    torch.manual_seed(0)
    with torch.no_grad():
        for prm in model.parameters():
            if prm.dim() >= 2:
                prm.normal_(0.0, 0.1)
    return model.eval(), tok


def reqs(system="base", prompts=PROMPTS):
    return [GenRequest(system, f"i{n}", [{"role": "user", "content": p}]) for n, p in enumerate(prompts)]


def gen(**kw) -> GenerationSection:
    base = dict(batch_size=4, max_new_tokens=10, temperature=0.0)
    base.update(kw)
    return GenerationSection(**base)


def test_batched_equals_one_at_a_time_greedy(tiny):
    model, tok = tiny
    batched = generate(model, tok, reqs(), gen(batch_size=4), progress=False)
    single = generate(model, tok, reqs(), gen(batch_size=1), progress=False)
    assert [r["response"] for r in batched] == [r["response"] for r in single]
    assert [r["n_tokens"] for r in batched] == [r["n_tokens"] for r in single]
    assert [r["item_id"] for r in batched] == [f"i{n}" for n in range(len(PROMPTS))]  # request order kept
    assert len({r["response"] for r in batched}) > 1


def test_early_stop_in_a_padded_batch(tiny):
    """Make a token the model emits early an end-of-sequence token: the batch must stop each row there."""
    model, tok = tiny
    first = generate(model, tok, reqs(), gen(batch_size=1), progress=False)
    enc = tok.apply_chat_template([{"role": "user", "content": PROMPTS[1]}], add_generation_prompt=True,
                                  tokenize=False)
    ids = tok(enc, return_tensors="pt", add_special_tokens=False)
    out = model.generate(**ids, max_new_tokens=10, do_sample=False, pad_token_id=tok.pad_token_id)
    stop_tok = int(out[0, ids["input_ids"].shape[1] + 2])  # the 3rd generated token of item 1
    old = model.generation_config.eos_token_id
    model.generation_config.eos_token_id = [tok.eos_token_id, stop_tok]
    try:
        b = generate(model, tok, reqs(), gen(batch_size=7), progress=False)
        s = generate(model, tok, reqs(), gen(batch_size=1), progress=False)
    finally:
        model.generation_config.eos_token_id = old
    assert [r["n_tokens"] for r in b] == [r["n_tokens"] for r in s]
    assert [r["response"] for r in b] == [r["response"] for r in s]
    assert b[1]["n_tokens"] <= 3 < 10
    assert max(r["n_tokens"] for r in b) == 10  # rows of different lengths shared one padded batch
    assert first[1]["n_tokens"] > b[1]["n_tokens"]


def test_sampling_is_seeded(tiny):
    model, tok = tiny
    a = generate(model, tok, reqs(), gen(temperature=1.0, top_p=0.9, seed=3), progress=False)
    b = generate(model, tok, reqs(), gen(temperature=1.0, top_p=0.9, seed=3), progress=False)
    c = generate(model, tok, reqs(), gen(temperature=1.0, top_p=0.9, seed=4), progress=False)
    assert [r["response"] for r in a] == [r["response"] for r in b]
    assert [r["response"] for r in a] != [r["response"] for r in c]


def test_rerun_reuses_stored_generations(tiny, tmp_path, monkeypatch):
    model, tok = tiny
    path = tmp_path / "eval" / "generations.parquet"
    first = generate(model, tok, reqs(), gen(), store=GenerationStore(path), progress=False)
    df = pd.read_parquet(path)
    assert len(df) == len(PROMPTS)
    for col in ("system", "item_id", "turn", "prompt", "response", "settings", "seed", "n_tokens", "seconds"):
        assert col in df
    assert json.loads(df["settings"][0])["max_new_tokens"] == 10 and (df["seconds"] > 0).all()

    calls = []
    real = model.generate

    def counting(*a, **k):
        calls.append(k.get("input_ids", a[0] if a else None).shape[0])
        return real(*a, **k)

    monkeypatch.setattr(model, "generate", counting)
    again = generate(model, tok, reqs(), gen(), store=GenerationStore(path), progress=False)
    assert calls == [] and [r["response"] for r in again] == [r["response"] for r in first]
    # one new item: only it is generated; the table grows by one row
    more = reqs(prompts=PROMPTS + ["a brand new prompt"])
    generate(model, tok, more, gen(), store=GenerationStore(path), progress=False)
    assert calls == [1] and len(pd.read_parquet(path)) == len(PROMPTS) + 1
    # other settings are a different generation, stored beside the first
    generate(model, tok, reqs(), gen(max_new_tokens=4), store=GenerationStore(path), progress=False)
    assert sum(calls) == 1 + len(PROMPTS)
    assert len(pd.read_parquet(path)) == 2 * len(PROMPTS) + 1


def test_requests_from_rows_and_bad_input():
    rows = [{"id": 7, "prompt": "hello"}]
    r = requests_from_rows(rows, "sft")[0]
    assert r.item_id == "7" and r.messages == [{"role": "user", "content": "hello"}]
    with pytest.raises(ValueError, match="row 0: field 'prompt'"):
        requests_from_rows([{"id": 1}], "sft")
    with pytest.raises(ValueError, match="last message must be a user turn"):
        GenRequest("s", "1", [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}])


def test_vllm_backend(monkeypatch, tiny):
    if not vllm_available():
        with pytest.raises(RuntimeError, match="vLLM cannot be imported"):
            generate("some/path", None, reqs(), gen(backend="vllm"), progress=False)
    # the plumbing, with a stand-in vllm module
    seen = {}

    class SamplingParams:
        def __init__(self, **kw):
            seen["sp"] = kw

    class LLM:
        def __init__(self, model, **kw):
            seen["model"] = model

        def chat(self, convs, sp, use_tqdm=False, **kw):
            seen.setdefault("batches", []).append(len(convs))
            out = []
            for c in convs:
                o = types.SimpleNamespace(text=" echo: " + c[-1]["content"] + " ", token_ids=[1, 2, 3])
                out.append(types.SimpleNamespace(outputs=[o]))
            return out

    fake = types.ModuleType("vllm")
    fake.LLM, fake.SamplingParams = LLM, SamplingParams
    monkeypatch.setitem(sys.modules, "vllm", fake)
    import dpeer_lib.evaluation.generate as G

    monkeypatch.setattr(G, "VLLM_ENGINES", {})
    res = generate("/models/base", None, reqs(), gen(backend="vllm", batch_size=4, temperature=0.7, top_p=0.8),
                   progress=False)
    assert [r["response"] for r in res] == [f"echo: {p}" for p in PROMPTS]
    assert seen["model"] == "/models/base" and seen["batches"] == [4, 3]
    assert seen["sp"]["temperature"] == 0.7 and seen["sp"]["top_p"] == 0.8 and seen["sp"]["max_tokens"] == 10
    assert all(r["n_tokens"] == 3 and r["backend"] == "vllm" for r in res)
    generate("/models/base", None, reqs("other"), gen(backend="vllm"), progress=False)
    assert len(G.VLLM_ENGINES) == 1  # the engine is built once per model path
