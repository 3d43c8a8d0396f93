"""Against a real OpenAI-compatible server: ``transformers serve`` on 127.0.0.1, started and stopped here.

The server loads SmolLM2-135M-Instruct (the bundled folder) on the first request that names it. Checked:
generation through ``generation.backend: openai`` gives the in-process ``hf`` backend's greedy answers, a
trained adapter reaches the server as a merged folder (``adapters: merged``), the ``openai`` judge reads
the server's real replies, and the synthesis pipeline runs against it with its call cache.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import torch

from dpeer_lib.core.local_server import ServerError, transformers_serve
from dpeer_lib.core.models import load_model, load_system, resolve_source
from dpeer_lib.core.params import EndpointSection, load_params
from dpeer_lib.core.paths import REPO_ROOT, RunPaths
from dpeer_lib.data.synthesis import synthesize
from dpeer_lib.evaluation.generate import GenRequest, generate, system_for_generation
from dpeer_lib.evaluation.judges import JudgeItem, OpenAIJudge
from dpeer_lib.evaluation.rubrics import parse_score
from dpeer_lib.evaluation.scripted_judge import scripted_judge_folder

pytestmark = pytest.mark.slow
PROMPTS = ["What is the capital of France?", "My friend keeps lying to me. What should I do?",
           "Give me one idea for a short story.", "Is it safe to mix bleach and vinegar?"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    try:
        srv = transformers_serve(log, timeout_s=120).start()
    except ServerError as err:
        pytest.fail(str(err))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def P_default():
    return load_params(REPO_ROOT / "params" / "default.yaml")


def _openai(P, server, **extra):
    gen = P.generation.model_copy(update={"backend": "openai", "max_new_tokens": 24, "batch_size": 2,
                                          "server": EndpointSection(base_url=server.base_url + "/v1",
                                                                    timeout_s=120, max_retries=1), **extra})
    return P.model_copy(update={"generation": gen})


def _requests(system: str) -> list[GenRequest]:
    return [GenRequest(system=system, item_id=f"q{i}", messages=[{"role": "user", "content": p}])
            for i, p in enumerate(PROMPTS)]


def test_openai_backend_gives_the_hf_backends_greedy_answers(server, P_default):
    P = _openai(P_default, server)
    model, tok = load_model(P.model)
    hf = generate(model, tok, _requests("base"), P.generation.model_copy(update={"backend": "hf"}), progress=False)
    folder = str(Path(resolve_source(P.model)).resolve())
    served = generate(folder, None, _requests("base"), P.generation, progress=False)
    assert [r["backend"] for r in served] == ["openai"] * len(PROMPTS)
    assert all(r["response"] for r in hf)  # real answers, so equality is not of empty strings
    assert [r["response"] for r in served] == [r["response"] for r in hf], server.log_tail()
    assert [r["n_tokens"] for r in served] == [r["n_tokens"] for r in hf]


def test_a_trained_adapter_reaches_the_server_as_a_merged_folder(server, P_default, tmp_path):
    """``adapters: merged``: the SFT adapter merged into cache/merged/sft, requested by its path."""
    from peft import LoraConfig, get_peft_model

    P = _openai(P_default, server, adapters="merged")
    paths = RunPaths(tmp_path / "run")
    model, tok = load_model(P.model)
    torch.manual_seed(0)  # a random, non-zero LoRA B: the adapter changes the answers
    cfg = LoraConfig(r=4, lora_alpha=32, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    get_peft_model(copy.deepcopy(model), cfg).save_pretrained(paths.train_dir("sft"))
    name, no_tok = system_for_generation(paths, "sft", P)
    assert no_tok is None and Path(name).is_absolute() and (Path(name) / "config.json").is_file()
    served = generate(name, None, _requests("sft"), P.generation, progress=False)
    sft, sft_tok = load_system(paths, "sft", P)
    local = generate(sft, sft_tok, _requests("sft"), P.generation.model_copy(update={"backend": "hf"}), progress=False)
    base = generate(model, tok, _requests("base"), P.generation.model_copy(update={"backend": "hf"}), progress=False)
    assert [r["response"] for r in served] == [r["response"] for r in local], server.log_tail()
    assert [r["response"] for r in served] != [r["response"] for r in base]
    lora = _openai(P_default, server, adapters="lora", served_models={"sft": "my-sft"})
    assert system_for_generation(paths, "sft", lora) == ("my-sft", None)
    assert system_for_generation(paths, "lagdpo", lora) == ("lagdpo", None)


def test_the_openai_judge_reads_the_servers_real_replies(server, P_default):
    """Every verdict is the strict parse of the server's own reply; unparseable ones are missing, not coerced.

    SmolLM2-135M rarely writes the ``Score: n`` line, so most of its verdicts are missing; the scripted tiny
    judge (built to reply ``Score: 4``, served by the same server) must give exactly 4 for every item."""
    folder = str(Path(resolve_source(P_default.model)).resolve())
    items = [JudgeItem("s", f"i{k}", d, PROMPTS[1], r) for k, (d, r) in
             enumerate([("A", "Tell them how you feel."), ("E", "Whatever."), ("T", "I am not sure.")])]

    def judge(model: str) -> OpenAIJudge:
        return OpenAIJudge("local", EndpointSection(base_url=server.base_url + "/v1", model=model, max_tokens=32,
                                                     timeout_s=120, max_retries=1))

    verdicts = judge(folder).rate(items)
    assert len(verdicts) == 3 and all(v.raw for v in verdicts)  # the server answered every one
    for v in verdicts:
        assert (v.score, v.status) == parse_score(v.raw) and v.cacheable
        assert v.score is None or 1 <= v.score <= 5
    scripted = str(scripted_judge_folder(load_params(REPO_ROOT / "params" / "smoke.yaml").model, 4).resolve())
    verdicts = judge(scripted).rate(items)
    assert [(v.score, v.status, v.raw) for v in verdicts] == [(4, "ok", "Score: 4")] * 3, server.log_tail()


def test_synthesis_runs_against_the_server_and_caches_its_calls(server, P_default, tmp_path):
    folder = str(Path(resolve_source(P_default.model)).resolve())
    ep = EndpointSection(base_url=server.base_url + "/v1", model=folder, max_tokens=64, timeout_s=120, max_retries=1)
    S = P_default.data.synthesis.model_copy(update={"enabled": True, "endpoint": ep, "n_scenes": 1,
                                                    "masks_per_scene": 1, "domains": ["work"]})
    first = synthesize(S, tmp_path / "cache", seed=0)
    assert first.n_calls >= 1 and first.n_requests >= first.n_calls
    assert len(first.rows) + len(first.dropped) == 1  # the one planned row is kept or dropped with a reason
    assert all(d["reason"] for d in first.dropped)
    again = synthesize(S, tmp_path / "cache", seed=0)
    assert again.n_calls == 0 and again.n_cached == first.n_calls and again.n_requests == 0
    assert [r["id"] for r in again.rows] == [r["id"] for r in first.rows]
