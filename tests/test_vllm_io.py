"""evaluation.vllm_io: what we send to vLLM's ``LLM.chat`` and read back, with stand-ins for vLLM's objects."""
from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dpeer_lib.core.params import GenerationSection
from dpeer_lib.evaluation import vllm_io
from dpeer_lib.evaluation.vllm_io import chat_inputs, lora_request_args, parse_outputs, sampling_kwargs


# --------------------------------------------------------------------------- stand-ins for vLLM's objects
@dataclass
class Completion:  # vllm.outputs.CompletionOutput
    text: str
    token_ids: list[int]
    finish_reason: str | None = "stop"


@dataclass
class RequestOutput:  # vllm.outputs.RequestOutput
    outputs: list[Completion] = field(default_factory=list)


def out(text: str, n: int, reason: str | None = "stop") -> RequestOutput:
    return RequestOutput([Completion(text, list(range(100, 100 + n)), reason)])


class FakeLLM:
    """``vllm.LLM`` for ``chat``: records every call and answers each conversation from its last message."""

    def __init__(self, answer=None):
        self.calls: list[dict] = []
        self.answer = answer or (lambda conv, i: out(f"  re: {conv[-1]['content']}\n", 2 + i))

    def chat(self, messages, sampling_params, use_tqdm=False, lora_request=None):
        self.calls.append(dict(messages=messages, sampling_params=sampling_params, use_tqdm=use_tqdm,
                               lora_request=lora_request))
        return [self.answer(conv, i) for i, conv in enumerate(messages)]


@pytest.fixture
def fake_vllm(monkeypatch):
    """A stand-in ``vllm`` package whose SamplingParams and LoRARequest record their arguments."""
    made: dict[str, list] = {"sp": [], "lora": []}

    class SamplingParams:
        def __init__(self, **kw):
            self.kw = kw
            made["sp"].append(kw)

    class LoRARequest:
        def __init__(self, lora_name, lora_int_id, lora_path):
            self.args = (lora_name, lora_int_id, lora_path)
            made["lora"].append(self.args)

    vllm = types.ModuleType("vllm")
    lora = types.ModuleType("vllm.lora")
    request = types.ModuleType("vllm.lora.request")
    vllm.SamplingParams, request.LoRARequest = SamplingParams, LoRARequest
    vllm.lora, lora.request = lora, request
    for name, mod in (("vllm", vllm), ("vllm.lora", lora), ("vllm.lora.request", request)):
        monkeypatch.setitem(sys.modules, name, mod)
    return made


@pytest.fixture(autouse=True)
def fresh_lora_ids(monkeypatch):
    monkeypatch.setattr(vllm_io, "_LORA_IDS", {})


def adapter(root: Path, name: str) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "adapter_config.json").write_text(json.dumps({"r": 4}))
    return d


CONVS = [
    [{"role": "user", "content": "Is the earth flat?"}],
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"},
     {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Are you sure?"}],
]


# --------------------------------------------------------------------------- sampling_kwargs
def test_sampling_kwargs_greedy_and_sampled():
    g = sampling_kwargs(GenerationSection(temperature=0.0, top_p=0.3, max_new_tokens=17, seed=5))
    assert g == {"n": 1, "temperature": 0.0, "top_p": 1.0, "max_tokens": 17, "seed": 5}
    s = sampling_kwargs(GenerationSection(temperature=0.7, top_p=0.3, max_new_tokens=9, seed=11))
    assert s == {"n": 1, "temperature": 0.7, "top_p": 0.3, "max_tokens": 9, "seed": 11}
    assert all(type(s[k]) is float for k in ("temperature", "top_p")) and type(s["max_tokens"]) is int


# --------------------------------------------------------------------------- chat_inputs
def test_chat_inputs_copies():
    convs = [list(c) for c in CONVS]
    got = chat_inputs(convs)
    assert got == CONVS
    got[1][0]["content"] = "changed"
    got[0].append({"role": "assistant", "content": "x"})
    assert convs[1][0]["content"] == "Be brief." and len(convs[0]) == 1  # the caller's lists are untouched
    assert chat_inputs(iter([CONVS[0]])) == [CONVS[0]]
    assert chat_inputs([]) == []


@pytest.mark.parametrize("conv, match", [
    ("hello", r"conversation 1: expected a list of messages, got str"),
    ({"role": "user", "content": "hi"}, r"conversation 1: expected a list of messages, got dict"),
    ([], r"conversation 1: no messages"),
    (["hi"], r"conversation 1, message 0: expected a dict"),
    ([{"content": "hi"}], r"conversation 1, message 0: field 'role' is missing"),
    ([{"role": "system", "content": "s"}, {"role": "user"}], r"conversation 1, message 1: field 'content' is missing"),
    ([{"role": "bot", "content": "hi"}], r"conversation 1, message 0: field 'role' must be one of .*'bot'"),
    ([{"role": "user", "content": 3}], r"conversation 1, message 0: field 'content' must be a str, got int"),
    ([{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}],
     r"conversation 1, message 1: field 'role' of the last message must be 'user'.*'assistant'"),
])
def test_chat_inputs_errors_name_conversation_message_and_field(conv, match):
    with pytest.raises(ValueError, match=match):
        chat_inputs([CONVS[0], conv])


# --------------------------------------------------------------------------- lora_request_args
def test_lora_request_args(tmp_path, monkeypatch):
    assert lora_request_args(None) is None
    a = adapter(tmp_path / "run1" / "train", "lagdpo")
    b = adapter(tmp_path / "run2" / "train", "lagdpo")  # same folder name, another run
    name_a, id_a, path_a = lora_request_args(a)
    assert path_a == str(a.resolve()) and Path(path_a).is_absolute()
    assert isinstance(id_a, int) and 1 <= id_a <= vllm_io.LORA_ID_MAX
    assert name_a.startswith("lagdpo-") and name_a.endswith(str(id_a))
    monkeypatch.chdir(tmp_path)
    assert lora_request_args("run1/train/lagdpo") == (name_a, id_a, path_a)  # relative and str: the same adapter
    name_b, id_b, path_b = lora_request_args(str(b))
    assert id_b != id_a and name_b != name_a and path_b == str(b.resolve())
    # stable: a fresh process (registry) derives the same id from the same path
    vllm_io._LORA_IDS.clear()
    assert lora_request_args(b)[1] == id_b


def test_lora_ids_never_shared_on_a_hash_collision(tmp_path, monkeypatch):
    a, b = adapter(tmp_path, "a"), adapter(tmp_path, "b")
    id_a = lora_request_args(a)[1]
    assert id_a == vllm_io._hashed_id(str(a.resolve()))
    monkeypatch.setattr(vllm_io, "_hashed_id", lambda key: id_a)  # every path now hashes like a's
    id_b = lora_request_args(b)[1]
    assert id_b != id_a and id_b >= 1
    assert lora_request_args(a)[1] == id_a and lora_request_args(b)[1] == id_b


def test_lora_request_args_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere.*does not exist"):
        lora_request_args(tmp_path / "nowhere")
    (tmp_path / "plain").mkdir()
    with pytest.raises(FileNotFoundError, match=r"plain has no adapter_config.json"):
        lora_request_args(tmp_path / "plain")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match=r"file is a file"):
        lora_request_args(tmp_path / "file")
    with pytest.raises(ValueError, match="lora_path is empty"):
        lora_request_args("")


# --------------------------------------------------------------------------- parse_outputs
def test_parse_outputs():
    outs = [out("  hello there \n", 4, "stop"), out("cut", 16, "length"), out("", 1)]
    assert parse_outputs(outs, 3) == [("hello there", 4), ("cut", 16), ("", 1)]
    # a stand-in without finish_reason (older objects) is read too
    ns = types.SimpleNamespace(outputs=[types.SimpleNamespace(text=" x ", token_ids=(7, 8))])
    assert parse_outputs(iter([ns]), 1) == [("x", 2)]


def test_parse_outputs_errors():
    with pytest.raises(RuntimeError, match=r"returned 1 output\(s\) for 2 conversation"):
        parse_outputs([out("a", 1)], 2)
    with pytest.raises(RuntimeError, match=r"returned 0 output\(s\) for 1"):
        parse_outputs(None, 1)
    with pytest.raises(RuntimeError, match="vLLM output 1 has no completions"):
        parse_outputs([out("a", 1), RequestOutput([])], 2)
    with pytest.raises(RuntimeError, match="vLLM output 0 has no completions"):
        parse_outputs([types.SimpleNamespace()], 1)
    with pytest.raises(RuntimeError, match=r"vLLM output 1 did not finish \(finish_reason='abort'\)"):
        parse_outputs([out("a", 1), out("b", 1, "abort")], 2)
    with pytest.raises(RuntimeError, match=r"did not finish \(finish_reason=None\)"):
        parse_outputs([out("a", 1, None)], 1)
    with pytest.raises(RuntimeError, match="vLLM output 0: the completion's text is NoneType"):
        parse_outputs([RequestOutput([Completion(None, [1])])], 1)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="vLLM output 0: the completion has no token_ids"):
        parse_outputs([RequestOutput([Completion("a", None)])], 1)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the backend uses exactly these
def test_vllm_generate_batch_sends_exactly_the_contract(fake_vllm, tmp_path):
    from dpeer_lib.evaluation.generate import _vllm_generate_batch

    gen = GenerationSection(backend="vllm", temperature=0.0, top_p=0.5, max_new_tokens=12, seed=3)
    llm = FakeLLM()
    res = _vllm_generate_batch(llm, CONVS, gen)
    assert res == [("re: Is the earth flat?", 2), ("re: Are you sure?", 3)]
    (call,) = llm.calls
    assert call["messages"] == CONVS and call["messages"] is not CONVS
    assert call["messages"][0] is not CONVS[0] and call["messages"][1][0] is not CONVS[1][0]
    assert call["sampling_params"].kw == sampling_kwargs(gen) == fake_vllm["sp"][0]
    assert call["use_tqdm"] is False and call["lora_request"] is None and fake_vllm["lora"] == []

    a = adapter(tmp_path / "r1" / "train", "lagdpo")
    b = adapter(tmp_path / "r2" / "train", "lagdpo")
    _vllm_generate_batch(llm, CONVS[:1], gen, str(a))
    _vllm_generate_batch(llm, CONVS[:1], gen, str(b))
    reqs = [c["lora_request"].args for c in llm.calls[1:]]
    assert reqs == [lora_request_args(a), lora_request_args(b)] == fake_vllm["lora"]
    assert reqs[0][1] != reqs[1][1] and reqs[0][0] != reqs[1][0]  # two adapters, two ids and names


def test_vllm_generate_batch_errors_reach_the_caller(fake_vllm, tmp_path):
    from dpeer_lib.evaluation.generate import _vllm_generate_batch

    gen = GenerationSection(backend="vllm")
    llm = FakeLLM()
    with pytest.raises(ValueError, match="conversation 0, message 0: field 'role'"):
        _vllm_generate_batch(llm, [[{"role": "bot", "content": "x"}]], gen)
    with pytest.raises(FileNotFoundError, match="no adapter_config.json"):
        (tmp_path / "x").mkdir()
        _vllm_generate_batch(llm, CONVS, gen, str(tmp_path / "x"))
    assert llm.calls == []  # nothing is sent when the inputs are wrong
    short = FakeLLM()
    short.chat = lambda messages, sp, use_tqdm=False, lora_request=None: [out("a", 1)]
    with pytest.raises(RuntimeError, match=r"returned 1 output\(s\) for 2"):
        _vllm_generate_batch(short, CONVS, gen)


def test_generate_with_the_vllm_backend_stores_parsed_outputs(fake_vllm, tmp_path, monkeypatch):
    """Through generate(): the fake engine's answers become stored records; a rerun reuses them."""
    import dpeer_lib.evaluation.generate as G

    monkeypatch.setattr(G, "VLLM_ENGINES", {})
    gen = GenerationSection(backend="vllm", temperature=0.0, max_new_tokens=8, batch_size=2)
    reqs = [G.GenRequest("sft", f"i{n}", [{"role": "user", "content": p}]) for n, p in enumerate(["a", "bb", "ccc"])]
    store = G.GenerationStore(tmp_path / "generations.parquet")
    llm = FakeLLM(answer=lambda conv, i: out(f" <{conv[-1]['content']}> ", len(conv[-1]["content"]), "length"))
    res = G.generate(llm, None, reqs, gen, store=store, progress=False)
    assert [(r["response"], r["n_tokens"]) for r in res] == [("<a>", 1), ("<bb>", 2), ("<ccc>", 3)]
    assert [len(c["messages"]) for c in llm.calls] == [2, 1]  # longest first, batches of 2
    assert all(c["sampling_params"].kw["max_tokens"] == 8 for c in llm.calls)
    G.generate(llm, None, reqs, gen, store=G.GenerationStore(tmp_path / "generations.parquet"), progress=False)
    assert len(llm.calls) == 2  # all reused from the store
