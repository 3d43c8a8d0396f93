"""The synthesis pipeline against a real OpenAI-compatible HTTP server on loopback.

The server (stdlib ``http.server``) answers each stage with controlled replies, so the tests check
the protocol, caching, resuming, verification and the error paths, not the quality of the text.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dpeer_lib import data as D
from dpeer_lib.core.openai_client import ChatClient, EndpointError, run_sync
from dpeer_lib.core.params import DataSection, SynthesisSection
from dpeer_lib.data.synthesis import TEMPLATES, SynthesisError, parse_reply, plan_rows, synthesize


class FakeLLM:
    """State of the fake server: what it was asked, and how it should misbehave."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # every request: path, headers, body
        self.served: list[str] = []  # bodies answered with a 200 chat completion
        self.mode = "ok"  # ok | http500 | garbage_body | slow | http401
        self.ok_budget: int | None = None  # after this many 200s, switch to http500
        self.fail_first = 0  # answer the first N requests with 500
        self.delay = 0.0
        self.verify_fails: dict[str, list[str]] = {}  # reject dimension -> what the judge says it fails
        self.garbage_stage: str | None = None  # content (not JSON) for this stage

    def stage_of(self, body: dict) -> str:
        system = body["messages"][0]["content"]
        return next(s for s, t in TEMPLATES.items() if t.system == system)

    def reply(self, body: dict) -> str:
        stage = self.stage_of(body)
        user = body["messages"][1]["content"]
        h = hashlib.sha1(user.encode()).hexdigest()[:6]
        if stage == self.garbage_stage:
            return "Sure! Here is my answer, without any JSON at all."
        if stage == "seed_scene":
            dom, idx = re.search(r"Domain: (.*)\. Scenario number (\d+)", user).groups()
            return json.dumps({"seed_scene": f"A person in {dom}, case {idx}."})
        if stage == "verify":
            cand = re.search(r"Candidate reply: (.*)\nFor each", user, re.S).group(1)
            m = re.match(r"REJECT-(\w)", cand)
            fails = [] if m is None else self.verify_fails.get(m.group(1), [m.group(1)])
            return "```json\n" + json.dumps({"fails": fails, "reason": "checked"}) + "\n```"
        if stage == "reject":
            dim = re.search(r"fails exactly one dimension, [\w-]+ \((\w)\)", user).group(1)
            return json.dumps({"reject": f"REJECT-{dim} {h}: a reply of about the same length as golden."})
        if stage == "golden":
            return json.dumps({"golden": f"GOLDEN {h}: a reply of about the same length as each reject."})
        return json.dumps({stage: f"{stage} text {h}"})


def _make_handler(state: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):  # quiet
            pass

        def _send(self, code: int, payload: bytes, ctype: str = "application/json"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.loads(raw)
            with state.lock:
                state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                n = len(state.requests)
                mode = state.mode
                if state.ok_budget is not None and len(state.served) >= state.ok_budget:
                    mode = "http500"
                if n <= state.fail_first:
                    mode = "http500"
            if mode == "slow":
                time.sleep(state.delay)
            if self.path != "/v1/chat/completions":
                return self._send(404, b'{"error": "not found"}')
            if mode == "http500":
                return self._send(500, b'{"error": "overloaded"}')
            if mode == "http401":
                return self._send(401, b'{"error": "invalid api key"}')
            if mode == "garbage_body":
                return self._send(200, b"<html>502 bad gateway</html>", "text/html")
            content = state.reply(body)
            with state.lock:
                state.served.append(json.dumps(body, sort_keys=True))
            out = {"id": "x", "object": "chat.completion", "model": body["model"],
                   "choices": [{"index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": content}}]}
            self._send(200, json.dumps(out).encode())

    return Handler


@pytest.fixture
def server():
    state = FakeLLM()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(state))
    httpd.daemon_threads = True
    httpd.handle_error = lambda *a: None  # a client that timed out closes the socket: not an error here
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    t.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    yield state
    httpd.shutdown()
    httpd.server_close()


def section(url: str, **over) -> SynthesisSection:
    ep = {"base_url": url, "model": "fake-model", "timeout_s": 5, "max_concurrency": 4, "max_retries": 1,
          "max_tokens": 64, "backoff_base_s": 0.01, **over.pop("endpoint", {})}
    return SynthesisSection.model_validate({"enabled": True, "endpoint": ep, "n_scenes": 3, "masks_per_scene": 2,
                                            "domains": ["health", "money"], **over})


def test_protocol_rows_and_no_duplicate_calls(server, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_KEY", "sekrit")
    S = section(server.url, endpoint={"api_key_env": "FAKE_KEY"})
    res = synthesize(S, tmp_path / "cache", seed=0)
    req = server.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["headers"]["Authorization"] == "Bearer sekrit"
    body = req["body"]
    assert body["model"] == "fake-model" and body["max_tokens"] == 64 and body["temperature"] == 0.0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    # shared stages (seed scene, context) are asked once per scene, not once per row
    stages = Counter(server.stage_of(json.loads(b)) for b in server.served)
    assert stages["seed_scene"] == 3 and stages["context"] == 3 and stages["golden"] == 6
    plan = plan_rows(3, ["health", "money"], 2, 0)
    assert stages["reject"] == sum(len(m) for *_, m in plan)
    assert stages["verify"] == sum(len(m) + 1 for *_, m in plan)
    assert len(set(server.served)) == len(server.served) == res.n_calls  # no call made twice
    # rows: the DESIGN §9 schema, rejects only for active dimensions, and they pass the validator
    assert len(res.rows) == 6 and not res.dropped
    for row, (i, domain, mask) in zip(res.rows, plan):
        assert row["mask"] == list(mask) and row["domain"] == domain and row["split"] == "train"
        assert all(bool(row[f"reject_{d}"]) == (d in mask) for d in "ATEC")
        assert row["seed_scene"] == f"A person in {domain}, case {i + 1}."
    findings = D.validate_rows(res.rows, DataSection(length_ratio_min=0.5, length_ratio_max=2.0))
    assert [f for f in findings if f.severity == "error"] == []


def test_second_run_is_served_from_cache(server, tmp_path):
    S = section(server.url)
    first = synthesize(S, tmp_path / "cache")
    n = len(server.requests)
    second = synthesize(S, tmp_path / "cache")
    assert len(server.requests) == n and second.n_calls == 0 and second.n_cached >= first.n_calls
    assert [D.public_row(r) for r in second.rows] == [D.public_row(r) for r in first.rows]
    # a template change (new version) invalidates only its own stage's cached calls
    changed = {**TEMPLATES}
    from dpeer_lib.data import synthesis

    t = TEMPLATES["golden"]
    synthesis.TEMPLATES["golden"] = type(t)("v2", t.system, t.user, t.key)
    try:
        third = synthesize(S, tmp_path / "cache")
    finally:
        synthesis.TEMPLATES.update(changed)
    new_stages = Counter(server.stage_of(r["body"]) for r in server.requests[n:])
    assert new_stages["golden"] == 6 and new_stages["seed_scene"] == 0 and third.n_calls == len(server.requests) - n


def test_resume_after_interruption_repeats_no_finished_call(server, tmp_path):
    S = section(server.url, endpoint={"max_concurrency": 1, "max_retries": 0})
    full = synthesize(S, tmp_path / "reference")  # how many calls an uninterrupted run needs
    total = full.n_calls
    server.requests.clear()
    server.served.clear()
    server.ok_budget = 17  # the server dies after 17 answers
    with pytest.raises(SynthesisError) as exc:
        synthesize(S, tmp_path / "cache")
    assert "17 finished call(s) are cached" in str(exc.value) and "rerun to resume" in str(exc.value)
    first_run = set(server.served)
    assert len(first_run) == 17
    server.ok_budget = None
    server.served.clear()
    res = synthesize(S, tmp_path / "cache")
    assert res.n_calls == total - 17 and res.n_cached >= 17
    assert not (set(server.served) & first_run)  # nothing answered before is asked again
    assert [D.public_row(r) for r in res.rows] == [D.public_row(r) for r in full.rows]


def test_torn_cache_line_is_skipped_and_redone(server, tmp_path):
    S = section(server.url)
    synthesize(S, tmp_path / "cache")
    cache = tmp_path / "cache" / "calls.jsonl"
    lines = cache.read_text().splitlines(keepends=True)
    cache.write_text("".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])  # killed mid-write
    n = len(server.requests)
    res = synthesize(S, tmp_path / "cache")
    assert len(server.requests) - n == 1 and res.n_calls == 1 and len(res.rows) == 6


def test_verification_drops_rows_that_fail_more_or_other_dimensions(server, tmp_path, caplog):
    server.verify_fails = {"C": []}  # the judge says reject_C does not fail C
    S = section(server.url, n_scenes=5, masks_per_scene=3)
    with caplog.at_level("WARNING", logger="dpeer.synthesis"):
        res = synthesize(S, tmp_path / "cache")
    plan = plan_rows(5, ["health", "money"], 3, 0)
    with_c = [m for *_, m in plan if "C" in m]
    assert with_c and len(res.dropped) == len(with_c) and len(res.rows) == len(plan) - len(with_c)
    assert all("C" not in r["mask"] for r in res.rows)
    assert all(d["stage"] == "verify" and "reject_C fails nothing, expected ['C']" in d["reason"] for d in res.dropped)
    assert "synthesis dropped" in caplog.text
    # a judge that says a reject fails a second active dimension also drops the row
    server.verify_fails = {"A": ["A", "E"]}
    res2 = synthesize(S, tmp_path / "cache2")
    bad = [m for *_, m in plan if "A" in m and "E" in m]
    assert len(res2.dropped) == len(bad) and all("reject_A fails ['A', 'E']" in d["reason"] for d in res2.dropped)


def test_garbage_model_content_drops_the_row_never_corrupts_it(server, tmp_path):
    server.garbage_stage = "golden"
    res = synthesize(section(server.url), tmp_path / "cache")
    assert res.rows == [] and len(res.dropped) == 6
    assert all(d["stage"] == "golden" and "not a JSON object" in d["reason"] for d in res.dropped)


def test_server_down_gives_clear_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens here
    t0 = time.monotonic()
    with pytest.raises(SynthesisError) as exc:
        synthesize(section(f"http://127.0.0.1:{port}/v1"), tmp_path / "cache")
    msg = str(exc.value)
    assert f"127.0.0.1:{port}" in msg and "cannot reach the server" in msg and "2 attempt(s)" in msg
    assert time.monotonic() - t0 < 10


def test_slow_server_times_out_with_retry(server, tmp_path):
    server.mode, server.delay = "slow", 1.5
    t0 = time.monotonic()
    with pytest.raises(SynthesisError, match=r"no reply within the timeout of 0.3 s \(gave up after 2 attempt"):
        synthesize(section(server.url, endpoint={"timeout_s": 0.3, "max_concurrency": 1}), tmp_path / "cache")
    assert time.monotonic() - t0 < 5
    # each scene's first call is tried twice at most; nothing past the first stage starts
    assert 2 <= len(server.requests) <= 6
    assert {server.stage_of(r["body"]) for r in server.requests} == {"seed_scene"}


def test_garbage_http_reply_is_retried_then_fails_without_caching(server, tmp_path):
    server.mode = "garbage_body"
    with pytest.raises(SynthesisError, match="the reply is not JSON: '<html>502 bad gateway"):
        synthesize(section(server.url, endpoint={"max_concurrency": 1}), tmp_path / "cache")
    cache = tmp_path / "cache" / "calls.jsonl"
    assert not cache.exists() or cache.read_text() == ""


def test_transient_500s_are_retried(server, tmp_path):
    server.fail_first = 2
    res = synthesize(section(server.url, endpoint={"max_retries": 3, "max_concurrency": 1}), tmp_path / "cache")
    assert len(res.rows) == 6 and res.n_requests == res.n_calls + 2


def test_client_errors_are_not_retried_and_missing_key_is_named(server, tmp_path, monkeypatch):
    server.mode = "http401"
    with pytest.raises(SynthesisError, match="HTTP 401 \\(not retried\\).*invalid api key"):
        synthesize(section(server.url, endpoint={"max_retries": 3, "max_concurrency": 1}), tmp_path / "cache")
    assert len(server.requests) == 1
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(EndpointError, match="NO_SUCH_KEY_VAR"):
        synthesize(section(server.url, endpoint={"api_key_env": "NO_SUCH_KEY_VAR"}), tmp_path / "cache")


def test_runs_inside_a_running_event_loop(server, tmp_path):
    """Notebook cells run inside an event loop; synthesize must still work there."""
    async def cell():
        return synthesize(section(server.url), tmp_path / "cache")

    res = asyncio.run(cell())
    assert len(res.rows) == 6


def test_client_dedupes_identical_calls_in_flight(server, tmp_path):
    async def go():
        async with ChatClient({"base_url": server.url, "model": "m", "max_concurrency": 4}) as c:
            msgs = [{"role": "system", "content": TEMPLATES["context"].system}, {"role": "user", "content": "x"}]
            return await asyncio.gather(*[c.chat(msgs) for _ in range(5)])

    replies = run_sync(go())
    assert len({r.content for r in replies}) == 1 and len(server.requests) == 1


@pytest.mark.parametrize("content,ok", [
    ('{"golden": "hi"}', "hi"), ('```json\n{"golden": "hi"}\n```', "hi"), ('noise {"golden": " hi "} tail', "hi"),
    ('{"golden": ""}', None), ('{"other": "x"}', None), ("plain text", None), ('{"golden": ["x"]}', None),
])
def test_parse_reply(content, ok):
    if ok is None:
        with pytest.raises(ValueError):
            parse_reply("golden", content)
    else:
        assert parse_reply("golden", content) == ok
    assert parse_reply("verify", '{"fails": ["e"], "reason": "r"}')["fails"] == ["E"]
    with pytest.raises(ValueError):
        parse_reply("verify", '{"fails": ["Z"]}')
