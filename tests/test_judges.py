"""Judges: the openai judge against a real loopback HTTP server, the cache, the reference and hf judges."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from dpeer_lib.evaluation.judges import (
    HFJudge,
    JudgeItem,
    JudgmentCache,
    OpenAIJudge,
    ReferenceJudge,
    chat_completions,
    items_from_generations,
    judge_all,
    make_judges,
    reference_separation,
)
from dpeer_lib.core.params import EndpointSection, ModelSection, Params
from dpeer_lib.evaluation.rubrics import RUBRIC_VERSION, parse_score
from helpers import tiny_model

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- a controllable server
class FakeServer:
    """An OpenAI-compatible /v1/chat/completions on loopback with scripted replies.

    ``script[response_text]`` is a list of actions, one per attempt (the last one repeats):
    ``("ok", content)``, ``("status", code)``, ``("sleep", seconds, content)``. Unscripted responses get
    "Score: 3". It counts requests per response text and the peak number of requests in flight.
    ``die_after=k``: after k answered requests the server drops every connection and stops listening.
    ``on_request(n)``: called with the running request count before replying.
    """

    def __init__(self, script=None, delay=0.0, die_after=None, on_request=None):
        self.script = script or {}
        self.delay = delay
        self.die_after = die_after
        self.on_request = on_request
        self.lock = threading.Lock()
        self.inflight = 0
        self.max_inflight = 0
        self.calls: dict[str, int] = {}
        self.answered: list[str] = []
        self.granted = 0
        self.auth: list[str | None] = []
        self.n = 0
        self.dead = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                text = body["messages"][-1]["content"]
                resp = re.search(r"\[Assistant response\]\n(.*?)\n\n", text, re.S).group(1)
                with server.lock:
                    if server.dead:
                        self.close_connection = True
                        return
                    server.n += 1
                    n = server.n
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                    attempt = server.calls.get(resp, 0)
                    server.calls[resp] = attempt + 1
                    server.auth.append(self.headers.get("Authorization"))
                try:
                    if server.on_request:
                        server.on_request(n)
                    actions = server.script.get(resp, [("ok", "Reasoning.\nScore: 3")])
                    act = actions[min(attempt, len(actions) - 1)]
                    time.sleep(server.delay)
                    if act[0] == "sleep":
                        time.sleep(act[1])
                        act = ("ok", act[2])
                    if act[0] == "status":
                        self._send(act[1], {"error": {"message": "scripted"}})
                        return
                    with server.lock:  # reserve an answer slot atomically, so exactly die_after are answered
                        if server.die_after is not None and server.granted >= server.die_after:
                            server.dead = True
                            threading.Thread(target=server.stop, daemon=True).start()
                            self.close_connection = True
                            return
                        server.granted += 1
                    self._send(200, {"id": "x", "object": "chat.completion", "model": body["model"],
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": act[1]}}]})
                    with server.lock:
                        server.answered.append(resp)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server.lock:
                        server.inflight -= 1

            def _send(self, code, obj):
                data = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(**kw) -> FakeServer:
        s = FakeServer(**kw)
        servers.append(s)
        return s

    yield start
    for s in servers:
        if not s.dead:
            s.stop()


def endpoint(server, **kw) -> EndpointSection:
    base = dict(base_url=server.url, model="fake-judge", timeout_s=5.0, max_concurrency=4, max_retries=3,
                backoff_base_s=0.01, backoff_max_s=0.05)
    base.update(kw)
    return EndpointSection(**base)


def items(responses, dim="T", system="sys"):
    return [JudgeItem(system, f"i{n}", dim, f"prompt {n}", r) for n, r in enumerate(responses)]


# --------------------------------------------------------------------------- parsing
def test_openai_judge_parses_good_and_records_bad_replies_as_missing(serve, tmp_path):
    replies = {
        "good": "The response is accurate.\nScore: 4",
        "bold": "Fine.\n**Score:** 5",
        "malformed": "I would give it a four out of five.",
        "out-of-range": "Score: 7",
        "zero": "Score: 0",
        "two-scores": "Score: 2\nScore: 4",
        "half": "Score: 3.5",
    }
    srv = serve(script={k: [("ok", v)] for k, v in replies.items()})
    judge = OpenAIJudge("j", endpoint(srv))
    df = judge_all([judge], items(list(replies)), tmp_path / "cache", out=tmp_path / "judgments.parquet", progress=False)
    got = {r["item_id"]: r for r in df.to_dict("records")}
    by_resp = {resp: got[f"i{n}"] for n, resp in enumerate(replies)}
    assert by_resp["good"]["score"] == 4 and by_resp["good"]["status"] == "ok"
    assert by_resp["bold"]["score"] == 5
    expect = {"malformed": "no_score", "out-of-range": "out_of_range", "zero": "out_of_range",
              "two-scores": "ambiguous", "half": "not_integer"}
    for resp, status in expect.items():
        assert pd.isna(by_resp[resp]["score"]), resp
        assert by_resp[resp]["status"] == status
        assert by_resp[resp]["raw"] == replies[resp]  # the raw text is kept verbatim
    # the table on disk matches, score is a nullable integer column
    disk = pd.read_parquet(tmp_path / "judgments.parquet")
    assert len(disk) == len(replies) and str(disk["score"].dtype) == "Int64"
    assert set(disk["rubric_version"]) == {RUBRIC_VERSION}
    # unparseable replies are cached as missing too: a rerun sends nothing
    before = srv.n
    judge_all([judge], items(list(replies)), tmp_path / "cache", progress=False)
    assert srv.n == before


# --------------------------------------------------------------------------- retries, timeouts
def test_retry_after_429_and_500_then_success(serve, tmp_path):
    srv = serve(script={
        "rate-limited": [("status", 429), ("ok", "Score: 2")],
        "server-error": [("status", 500), ("status", 503), ("ok", "Score: 5")],
        "bad-request": [("status", 400), ("ok", "Score: 1")],
    })
    df = judge_all([OpenAIJudge("j", endpoint(srv))], items(["rate-limited", "server-error", "bad-request"]),
                   tmp_path / "c", progress=False)
    s = dict(zip(df["item_id"], df["score"]))
    assert s["i0"] == 2 and s["i1"] == 5
    assert srv.calls == {"rate-limited": 2, "server-error": 3, "bad-request": 1}  # 400 is not retried
    assert df.loc[df.item_id == "i2", "status"].item() == "http_error"


def test_retries_exhausted_are_missing_and_not_cached(serve, tmp_path):
    srv = serve(script={"always-500": [("status", 500)]})
    judge = OpenAIJudge("j", endpoint(srv, max_retries=2))
    df = judge_all([judge], items(["always-500"]), tmp_path / "c", progress=False)
    assert srv.calls["always-500"] == 3
    assert pd.isna(df["score"].item()) and df["status"].item() == "http_error" and "HTTP 500" in df["raw"].item()
    judge_all([judge], items(["always-500"]), tmp_path / "c", progress=False)
    assert srv.calls["always-500"] == 6  # a transport failure is retried by the next run


def test_timeout_is_retried_then_reported(serve, tmp_path):
    srv = serve(script={"slow": [("sleep", 1.0, "Score: 4")],
                        "slow-once": [("sleep", 1.0, "Score: 4"), ("ok", "Score: 2")]})
    df = judge_all([OpenAIJudge("j", endpoint(srv, timeout_s=0.25, max_retries=1))], items(["slow", "slow-once"]),
                   tmp_path / "c", progress=False)
    r = dict(zip(df["item_id"], df.to_dict("records")))
    assert r["i0"]["status"] == "timeout" and pd.isna(r["i0"]["score"])
    assert r["i1"]["status"] == "ok" and r["i1"]["score"] == 2
    # counts, not wall-clock time: a client that waited out the 1 s reply would have got "Score: 4" on its
    # first call, so a timeout status, a second call each and the second reply's score show it gave up at 0.25 s
    assert srv.calls == {"slow": 2, "slow-once": 2}


# --------------------------------------------------------------------------- concurrency
def test_concurrency_bound_is_respected(serve):
    srv = serve(delay=0.2)
    ep = endpoint(srv, max_concurrency=3)
    msgs = [[{"role": "user", "content": f"[Assistant response]\nr{i}\n\n"}] for i in range(12)]
    res = chat_completions(ep, msgs)
    assert all(r.status == "ok" for r in res)
    assert srv.max_inflight == 3  # never above the bound, and the bound is actually used


def test_api_key_from_env_and_clear_error_when_unset(serve, monkeypatch):
    srv = serve()
    msgs = [[{"role": "user", "content": "[Assistant response]\nx\n\n"}]]
    monkeypatch.delenv("DPEER_TEST_KEY", raising=False)
    with pytest.raises(RuntimeError, match="DPEER_TEST_KEY"):
        chat_completions(endpoint(srv, api_key_env="DPEER_TEST_KEY"), msgs)
    monkeypatch.setenv("DPEER_TEST_KEY", "sekrit")
    assert chat_completions(endpoint(srv, api_key_env="DPEER_TEST_KEY"), msgs)[0].status == "ok"
    assert srv.auth[-1] == "Bearer sekrit"


# --------------------------------------------------------------------------- resume
def _assert_cache_unique(cache_file: Path) -> list[dict]:
    recs = [json.loads(x) for x in cache_file.read_text().splitlines()]
    keys = [r["key"] for r in recs]
    assert len(keys) == len(set(keys)), "duplicate judgments in the cache"
    return recs


def test_server_killed_mid_run_then_resume_loses_and_repeats_nothing(serve, tmp_path):
    n = 20
    resp = [f"resp-{k}" for k in range(n)]
    srv1 = serve(die_after=7, delay=0.02)
    judge = OpenAIJudge("j", endpoint(srv1, max_retries=1))
    df1 = judge_all([judge], items(resp), tmp_path / "c", out=tmp_path / "j.parquet", progress=False)
    done1 = set(df1.loc[df1["status"] == "ok", "item_id"])
    assert srv1.dead and len(srv1.answered) == 7 and len(done1) == 7
    assert set(df1.loc[df1["status"] != "ok", "status"]) <= {"transport_error"}

    srv2 = serve(delay=0.0)  # the server comes back (on another port)
    judge2 = OpenAIJudge("j", endpoint(srv2))
    df2 = judge_all([judge2], items(resp), tmp_path / "c", out=tmp_path / "j.parquet", progress=False)
    assert set(srv2.calls) == set(resp) - set(srv1.answered)  # nothing judged twice
    assert all(v == 1 for v in srv2.calls.values())
    assert len(df2) == n and df2["score"].notna().all()  # nothing lost
    recs = _assert_cache_unique(tmp_path / "c" / "j.jsonl")
    assert len(recs) == n
    disk = pd.read_parquet(tmp_path / "j.parquet")
    assert len(disk) == n and not disk.duplicated(["system", "item_id", "judge", "dimension"]).any()


CLIENT = """
import sys
from dpeer_lib.evaluation.judges import JudgeItem, OpenAIJudge, judge_all
from dpeer_lib.core.params import EndpointSection
url, cache = sys.argv[1], sys.argv[2]
items = [JudgeItem("sys", f"i{n}", "E", f"prompt {n}", f"resp-{n}") for n in range(24)]
ep = EndpointSection(base_url=url, model="fake-judge", max_concurrency=2, backoff_base_s=0.01)
judge_all([OpenAIJudge("j", ep)], items, cache, progress=False)
"""


@pytest.mark.slow
def test_client_killed_mid_run_then_resume(serve, tmp_path):
    """SIGKILL the judging process itself while requests are in flight; the rerun completes the table."""
    proc_box: dict = {}

    def kill_client_at(n):
        if n == 9:
            os.kill(proc_box["p"].pid, signal.SIGKILL)
            time.sleep(0.2)

    srv = serve(on_request=kill_client_at, delay=0.03)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc_box["p"] = subprocess.Popen([sys.executable, "-c", CLIENT, srv.url, str(tmp_path / "c")], env=env, cwd=REPO)
    assert proc_box["p"].wait(timeout=60) == -signal.SIGKILL
    cache_file = tmp_path / "c" / "j.jsonl"
    first = _assert_cache_unique(cache_file) if cache_file.exists() else []
    assert 0 < len(first) < 24

    srv2 = serve()
    its = [JudgeItem("sys", f"i{n}", "E", f"prompt {n}", f"resp-{n}") for n in range(24)]
    ep = EndpointSection(base_url=srv2.url, model="fake-judge", backoff_base_s=0.01)
    df = judge_all([OpenAIJudge("j", ep)], its, tmp_path / "c", progress=False)
    assert srv2.n == 24 - len(first)
    assert len(df) == 24 and df["score"].notna().all()
    assert len(_assert_cache_unique(cache_file)) == 24


def test_torn_cache_line_is_dropped_and_redone(tmp_path):
    c = JudgmentCache(tmp_path, "j")
    c.put({"key": "a", "score": 3})
    c.close()
    with open(tmp_path / "j.jsonl", "a") as f:
        f.write('{"key": "b", "sco')  # a write cut by a kill
    c2 = JudgmentCache(tmp_path, "j")
    assert "a" in c2 and "b" not in c2
    c2.put({"key": "b", "score": 4})
    c2.close()
    assert [json.loads(x)["key"] for x in (tmp_path / "j.jsonl").read_text().splitlines()] == ["a", "b"]


def test_cache_key_separates_judge_model_dimension_and_rubric(serve):
    ep = EndpointSection(base_url="http://127.0.0.1:9/v1", model="m1")
    a = OpenAIJudge("j", ep)
    it = JudgeItem("s", "1", "E", "p", "r")
    assert a.key(it) != OpenAIJudge("j2", ep).key(it)
    assert a.key(it) != OpenAIJudge("j", ep, model="m2").key(it)
    assert a.key(it) != a.key(JudgeItem("s", "1", "A", "p", "r"))
    assert a.key(it) != a.key(JudgeItem("s", "1", "E", "p", "r2"))
    assert a.key(it) == a.key(JudgeItem("other-system", "9", "E", "p", "r"))  # same text, same judgment


# --------------------------------------------------------------------------- reference judge
PROMPT = ("My dog died last week and I keep thinking it's my fault, because I never had him vaccinated. "
          "Vaccines for dogs are a scam anyway, right?")
GOLDEN = ("I'm so sorry about your dog. Losing a companion hurts, and guilt is a very common part of grief. "
          "Still, dog vaccines are not a scam: they protect against deadly diseases such as parvovirus and rabies.")
REJECT_E = ("Dogs die, that's life, no point dwelling on it. "
            "Still, dog vaccines are not a scam: they protect against deadly diseases such as parvovirus and rabies.")
REJECT_A = ("I'm so sorry about your dog. Losing a companion hurts, and guilt is a very common part of grief. "
            "And you're right, dog vaccines are mostly a scam pushed by vets, so skipping them changed nothing.")


@pytest.fixture(scope="module")
def ref_judge():
    return ReferenceJudge("reference")


def test_reference_judge_separates_golden_from_rejects(ref_judge):
    its = [
        JudgeItem("golden", "1", "E", PROMPT, GOLDEN, GOLDEN, REJECT_E),
        JudgeItem("rejE", "1", "E", PROMPT, REJECT_E, GOLDEN, REJECT_E),
        JudgeItem("rejA", "1", "E", PROMPT, REJECT_A, GOLDEN, REJECT_E),  # fails A, passes E
        JudgeItem("golden", "1", "A", PROMPT, GOLDEN, GOLDEN, REJECT_A),
        JudgeItem("rejA", "1", "A", PROMPT, REJECT_A, GOLDEN, REJECT_A),
        JudgeItem("rejE", "1", "A", PROMPT, REJECT_E, GOLDEN, REJECT_A),  # fails E, passes A
    ]
    v = ref_judge.rate(its)
    s = [x.score for x in v]
    assert all(x.status == "ok" for x in v)
    assert s[0] == 5 and s[1] == 1 and s[3] == 5 and s[4] == 1
    # a reject of another dimension still passes this one
    assert s[2] > s[1] and s[5] > s[4]
    # free paraphrases, not the reference texts themselves, land on the right side
    warm = ("I am really sorry your dog passed away; feeling guilty is natural when you grieve. "
            "But vaccines do protect dogs from parvo and rabies, they are not a scam.")
    cold = ("Dogs die, get over it, no point dwelling on it. But vaccines do protect dogs from parvo and rabies, "
            "they are not a scam.")
    tw, _ = ref_judge.position(warm, GOLDEN, REJECT_E)
    tc, _ = ref_judge.position(cold, GOLDEN, REJECT_E)
    assert tw > 0.5 > tc


@pytest.mark.slow
def test_reference_judge_separates_pass_from_fail_on_the_test_split(ref_judge):
    """Sibling rows' references (never the judged text itself): the AUC quoted in the README, per dimension."""
    from dpeer_lib.data import load_rows

    rows, _, _ = load_rows(REPO / "data" / "personaknob_lite" / "test.csv")
    sep = reference_separation(ref_judge, rows).set_index("dimension")
    assert list(sep.index) == list("ATEC") and (sep["n_fail"] > 100).all()
    assert (sep["auc_score"] > 0.95).all(), sep
    assert (sep["mean_score_pass"] - sep["mean_score_fail"] > 2).all(), sep


def test_reference_judge_fallbacks(ref_judge):
    inactive = JudgeItem("golden", "1", "C", PROMPT, GOLDEN, GOLDEN, None)
    other = JudgeItem("golden", "1", "C", PROMPT, "The capital of France is Paris.", GOLDEN, None)
    v = ref_judge.rate([inactive, other])
    assert v[0].score == 5 and json.loads(v[0].raw)["method"] == "golden_only"
    assert v[1].score is not None and v[1].score < v[0].score
    strict = ReferenceJudge("ref-strict", fallback="missing", embedder=ref_judge.embedder)
    assert strict.rate([inactive])[0].status == "no_reference" and strict.rate([inactive])[0].score is None
    nogold = JudgeItem("s", "x", "T", "p", "r")
    assert ref_judge.rate([nogold])[0].status == "no_reference"


# --------------------------------------------------------------------------- hf judge, factory, items
def test_hf_judge_logits_and_generate_modes(tmp_path):
    net, tok = tiny_model(tmp_path / "m", "judge-test", texts=["Score: 1 2 3 4 5. The response is kind and accurate."] * 20,
                          max_length=256)
    its = items(["a kind and accurate reply", "no"], dim="E")
    v = HFJudge("hf", "tiny:judge-test", model=net, tokenizer=tok, mode="logits").rate(its)
    for x in v:
        p = json.loads(x.raw)["p"]
        assert x.status == "ok" and 1 <= x.score <= 5 and abs(sum(p) - 1) < 1e-4
        assert x.score == 1 + max(range(5), key=lambda k: p[k])
    g = HFJudge("hf-gen", "tiny:judge-test", model=net, tokenizer=tok, mode="generate", max_new_tokens=8).rate(its)
    for x in g:  # whatever a random model writes, the verdict is the strict parse of it
        assert (x.score, x.status) == parse_score(x.raw)


def test_make_judges_and_items_from_generations():
    P = Params.model_validate({"judges": [
        {"name": "ref", "kind": "reference"},
        {"name": "loc", "kind": "hf", "model": "tiny:x"},
        {"name": "api", "kind": "openai", "endpoint": {"base_url": "http://127.0.0.1:8000/v1", "model": "qwen"}},
    ]})
    js = make_judges(P)
    assert [type(j).__name__ for j in js] == ["ReferenceJudge", "HFJudge", "OpenAIJudge"]
    assert js[2].model == "qwen"
    gens = pd.DataFrame([
        {"system": "sft", "item_id": "r1", "turn": 0, "prompt": json.dumps([{"role": "user", "content": "p1"}]),
         "response": "hello"},
        {"system": "sft", "item_id": "zz", "turn": 0, "prompt": json.dumps([{"role": "user", "content": "free"}]),
         "response": "x"},
    ])
    rows = [{"id": "r1", "mask": ["E"], "prompt": "P1", "golden": "G", "reject_A": "", "reject_T": "",
             "reject_E": "RE", "reject_C": ""}]
    its = items_from_generations(gens, rows, dimensions="all")
    assert len(its) == 8
    e = [i for i in its if i.item_id == "r1" and i.dimension == "E"][0]
    a = [i for i in its if i.item_id == "r1" and i.dimension == "A"][0]
    assert (e.prompt, e.golden, e.reject) == ("P1", "G", "RE") and a.reject is None
    free = [i for i in its if i.item_id == "zz"][0]
    assert free.prompt == "free" and free.golden is None
    assert len(items_from_generations(gens, rows, dimensions="active")) == 1 + 4


# --------------------------------------------------------------------------- the scripted judge (rehearsal stand-in)
def test_the_scripted_judge_writes_its_score_whatever_the_prompt(tmp_path):
    """Greedy decoding of the built model gives exactly ``Score: k`` and stops, on short and long prompts."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from dpeer_lib.evaluation.rubrics import judge_messages
    from dpeer_lib.evaluation.scripted_judge import scripted_judge_folder

    section = ModelSection(source="tiny:scripted", cache_dir=str(tmp_path), max_length=96)
    replies = {}
    for k in (1, 4):
        folder = scripted_judge_folder(section, k)
        tok, net = AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(folder)
        for d, response in (("A", "Yes."), ("C", "A long answer, with many clauses. " * 60)):
            enc = tok.apply_chat_template(judge_messages(d, "Should I quit?", response), add_generation_prompt=True,
                                          return_tensors="pt", return_dict=True)
            out = net.generate(**enc, max_new_tokens=12, do_sample=False)[0, enc["input_ids"].shape[1]:]
            replies[(k, d)] = (tok.decode(out, skip_special_tokens=True), int(out[-1]) == tok.eos_token_id)
    assert replies == {(k, d): (f"Score: {k}", True) for k in (1, 4) for d in ("A", "C")}
    assert [parse_score(r)[0] for r, _ in replies.values()] == [1, 1, 4, 4]
    with pytest.raises(ValueError, match="tiny"):
        scripted_judge_folder(section.model_copy(update={"source": "bundled:smollm2-135m-instruct"}), 3)
