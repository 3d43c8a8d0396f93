"""Verified, cached, resumable downloads against a loopback HTTP server whose behaviour each test sets:
Range support, ETags, connections dropped halfway, corrupted bodies, missing files."""
from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dpeer_lib.core import download as D
from dpeer_lib.dual_failure import refusal as R
from dpeer_lib.dual_failure import sycophancy as S


@dataclass
class State:
    """What the server serves and how; every request is logged as (path, headers)."""

    base: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    ranges: bool = True  # honour Range requests (206)
    etags: bool = True  # send an ETag (a resumable version) and honour If-Range
    drops: int = 0  # that many responses send their Content-Length, then half the bytes, then close
    requests: list[tuple[str, dict]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def ranged(self) -> list[str]:
        return [h.get("Range", "") for _, h in self.requests]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        st: State = self.server.state  # type: ignore[attr-defined]
        st.requests.append((self.path, dict(self.headers)))
        body = st.files.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        start, rng = 0, self.headers.get("Range", "")
        if_range = self.headers.get("If-Range")
        if st.ranges and rng.startswith("bytes=") and (if_range is None or (st.etags and if_range == etag)):
            start = int(rng[6:].split("-")[0])
        chunk = body[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        if st.etags:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(chunk)))
        self.end_headers()
        if st.drops > 0:
            st.drops -= 1
            self.wfile.write(chunk[: len(chunk) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(chunk)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = State(base=f"http://127.0.0.1:{httpd.server_address[1]}")  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.state  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(D.CACHE_ENV, str(root))
    for var in (D.OFFLINE_ENV, D.LOG_ENV, D.GITHUB_BASE_ENV):
        monkeypatch.delenv(var, raising=False)
    return root


def _blob(n: int = 200_000, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(n)


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def _leftovers(dest: Path) -> list[str]:
    """Everything of ``dest`` in its folder but the lock file."""
    return sorted(p.name for p in dest.parent.iterdir() if p.name.startswith(dest.name)) if dest.parent.is_dir() else []


# --------------------------------------------------------------------------- (a) (b) download and cache
def test_first_download_is_verified_and_recorded(server):
    body = _blob()
    server.files["/d/f.bin"] = body
    got = D.fetch(server.url("/d/f.bin"), sha256=_sha(body))
    assert got.path.read_bytes() == body and got.sha256 == _sha(body) and got.size == len(body)
    assert not got.from_cache and got.path.is_relative_to(D.cache_dir()) and got.path.name == "f.bin"
    meta = json.loads(got.path.with_name("f.bin" + D.SIDECAR_SUFFIX).read_text())
    assert meta["url"] == server.url("/d/f.bin") and meta["sha256"] == _sha(body) and meta["size"] == len(body)
    assert meta["downloaded_at"] == got.downloaded_at != ""
    assert _leftovers(got.path) == ["f.bin", "f.bin" + D.SIDECAR_SUFFIX]  # no .part, no .part.json
    assert len(server.requests) == 1 and D.fetched()[-1] == got


def test_without_a_known_hash_the_served_bytes_are_hashed(server, tmp_path):
    body = _blob(5000, seed=1)
    server.files["/x.csv"] = body
    got = D.fetch(server.url("/x.csv"), tmp_path / "here" / "x.csv")
    assert got.path == tmp_path / "here" / "x.csv" and got.sha256 == _sha(body)


def test_second_run_uses_the_cache_with_zero_requests(server, monkeypatch):
    body = _blob(seed=2)
    server.files["/f.bin"] = body
    first = D.fetch(server.url("/f.bin"), sha256=_sha(body))
    n = len(server.requests)
    again = D.fetch(server.url("/f.bin"), sha256=_sha(body))
    unpinned = D.fetch(server.url("/f.bin"))  # the hash recorded on the first download is checked
    assert len(server.requests) == n == 1
    assert again.from_cache and unpinned.from_cache and again.path == first.path and again.sha256 == _sha(body)
    monkeypatch.setenv(D.OFFLINE_ENV, "1")  # offline with a warm cache: still served, still no request
    assert D.fetch(server.url("/f.bin")).from_cache and len(server.requests) == 1


def test_a_cached_file_changed_on_disk_is_downloaded_again(server):
    body = _blob(seed=3)
    server.files["/f.bin"] = body
    path = D.fetch(server.url("/f.bin")).path
    path.write_bytes(b"tampered")
    got = D.fetch(server.url("/f.bin"))
    assert not got.from_cache and path.read_bytes() == body and len(server.requests) == 2


def test_offline_without_a_cached_copy_is_a_clear_error_and_no_request(server, monkeypatch):
    server.files["/f.bin"] = b"x"
    monkeypatch.setenv(D.OFFLINE_ENV, "1")
    with pytest.raises(D.DownloadError, match=r"/f\.bin: not in the download cache .*DPEER_OFFLINE=1"):
        D.fetch(server.url("/f.bin"))
    assert server.requests == []


# --------------------------------------------------------------------------- (c) dropped connections
def test_a_connection_dropped_halfway_is_resumed_with_a_range_request(server):
    body = _blob(seed=4)
    server.files["/f.bin"] = body
    server.drops = 1
    got = D.fetch(server.url("/f.bin"), sha256=_sha(body), backoff=0)
    assert got.path.read_bytes() == body
    first, second = server.requests[0][1], server.requests[1][1]
    assert "Range" not in first and second["Range"] == f"bytes={len(body) // 2}-"
    assert second["If-Range"].startswith('"')  # the first response's ETag: a changed file is not spliced
    assert len(server.requests) == 2


def test_a_server_without_range_support_restarts_the_body(server):
    body = _blob(seed=5)
    server.files["/f.bin"] = body
    server.drops, server.ranges = 1, False
    got = D.fetch(server.url("/f.bin"), backoff=0)
    assert got.path.read_bytes() == body and got.sha256 == _sha(body) and len(server.requests) == 2


def test_without_a_version_or_a_hash_a_partial_body_is_never_continued(server):
    body = _blob(seed=6)
    server.files["/f.bin"] = body
    server.drops, server.etags = 1, False
    got = D.fetch(server.url("/f.bin"), backoff=0)
    assert got.path.read_bytes() == body and server.ranged() == ["", ""]  # started over from byte 0


def test_a_file_changed_between_attempts_is_not_spliced(server):
    old, new = _blob(seed=7), _blob(seed=8)
    server.files["/f.bin"] = old
    server.drops = 1
    orig = Handler.do_GET

    def switch(self):  # the file changes on the server right after the dropped response
        orig(self)
        server.files["/f.bin"] = new

    Handler.do_GET = switch
    try:
        got = D.fetch(server.url("/f.bin"), backoff=0)
    finally:
        Handler.do_GET = orig
    assert got.path.read_bytes() == new and got.sha256 == _sha(new)  # If-Range failed: the whole new body


def test_a_spliced_body_that_fails_the_hash_is_fetched_once_more_from_the_start(server):
    old, new = _blob(seed=9), _blob(seed=10)
    server.files["/f.bin"] = old
    server.drops, server.etags = 1, False  # no version to guard the Range request: only the hash can
    orig = Handler.do_GET

    def switch(self):
        orig(self)
        server.files["/f.bin"] = new

    Handler.do_GET = switch
    try:
        got = D.fetch(server.url("/f.bin"), sha256=_sha(new), backoff=0)
    finally:
        Handler.do_GET = orig
    assert got.path.read_bytes() == new
    assert server.ranged() == ["", f"bytes={len(old) // 2}-", ""]  # resumed, spliced, caught, restarted


def test_a_server_that_always_drops_fails_clearly_and_a_later_run_resumes(server):
    body = _blob(seed=11)
    url = server.url("/f.bin")
    server.files["/f.bin"] = body
    server.drops = 99
    with pytest.raises(D.DownloadError, match=r"/f\.bin: download failed after 3 attempt\(s\).*RemoteProtocolError"):
        D.fetch(url, sha256=_sha(body), retries=2, backoff=0)
    dest = D.default_dest(url)
    assert not dest.exists() and not dest.with_name(dest.name + D.SIDECAR_SUFFIX).exists()
    part = dest.with_name(dest.name + ".part")
    assert 0 < part.stat().st_size < len(body)  # kept only to resume from
    server.drops, n, size = 0, len(server.requests), part.stat().st_size
    got = D.fetch(url, sha256=_sha(body), backoff=0)  # "a later run": the leftover part is continued
    assert got.path.read_bytes() == body and not got.from_cache and not part.exists()
    assert server.ranged()[n:] == [f"bytes={size}-"]


# --------------------------------------------------------------------------- (d) corruption, errors
def test_a_corrupted_body_is_a_clear_error_and_nothing_is_kept(server, tmp_path):
    body = _blob(seed=12)
    bad = bytearray(body)
    bad[1234] ^= 0xFF
    server.files["/data/xstest_prompts.csv"] = bytes(bad)
    dest = tmp_path / "out" / "xstest_prompts.csv"
    url = server.url("/data/xstest_prompts.csv")
    with pytest.raises(D.HashMismatch) as err:
        D.fetch(url, dest, sha256=_sha(body))
    msg = str(err.value)
    assert url in msg and _sha(body) in msg and _sha(bytes(bad)) in msg and "nothing was kept" in msg
    assert _leftovers(dest) == []


def test_a_stale_cached_file_does_not_survive_a_failed_download(server, tmp_path):
    server.files["/f.txt"] = b"version one\n"
    dest = tmp_path / "f.txt"
    D.fetch(server.url("/f.txt"), dest)
    with pytest.raises(D.HashMismatch):
        D.fetch(server.url("/f.txt"), dest, sha256=_sha(b"version two\n"))
    assert _leftovers(dest) == []


def test_a_missing_file_is_not_found_without_retries(server):
    with pytest.raises(D.NotFound, match=r"/nope\.txt: HTTP 404"):
        D.fetch(server.url("/nope.txt"), backoff=0)
    assert len(server.requests) == 1


def test_source_strings():
    assert D.resolve("github:a-b/c.d@v1.0/x/y.csv") == (f"{D.DEFAULT_GITHUB_BASE}/a-b/c.d/v1.0/x/y.csv", None)
    assert D.resolve("github:a/b/y.csv")[0].endswith("/a/b/HEAD/y.csv")
    assert D.resolve("https://h/x.csv#sha256=" + "A" * 64) == ("https://h/x.csv", "a" * 64)
    for bad in ("github:a/b", "github:a/b/../etc/passwd", "https://h/x#md5=1", "ftp://h/x"):
        with pytest.raises(ValueError):
            D.resolve(bad)


# --------------------------------------------------------------------------- the record for the manifest
def test_fetches_of_this_and_child_processes_are_logged_for_the_manifest(server, tmp_path):
    server.files["/a.txt"], server.files["/b.txt"] = b"a\n", b"b\n"
    log = tmp_path / D.RUN_LOG_NAME
    with D.logging_to(log):
        D.fetch(server.url("/a.txt"))
        D.fetch(server.url("/a.txt"))  # a cache hit is an input too; one record per URL remains
        code = f"from dpeer_lib.core import download as D; D.fetch({server.url('/b.txt')!r})"
        subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
    assert D.LOG_ENV not in __import__("os").environ
    recs = D.summarise(log)
    assert [r["url"] for r in recs] == [server.url("/a.txt"), server.url("/b.txt")]
    assert [r["sha256"] for r in recs] == [_sha(b"a\n"), _sha(b"b\n")]
    assert not recs[0]["from_cache"]  # downloaded in this notebook, then a hit: it counts as downloaded


def test_the_runner_writes_each_notebook_s_downloads_into_the_manifest(server, tmp_path, monkeypatch):
    from test_runner import _notebook

    from dpeer_lib.core.params import load_params
    from dpeer_lib.core.runner import REPO_ROOT, run

    server.files["/in.txt"] = b"input\n"
    monkeypatch.setattr("dpeer_lib.core.runner.library_digest", lambda: "fixed")
    nb = _notebook(tmp_path / "01_fetch.ipynb",
                   f"from dpeer_lib.core import download\ndownload.fetch({server.url('/in.txt')!r})")
    P = load_params(REPO_ROOT / "params/smoke.yaml", [f"run.runs_dir={tmp_path / 'runs'}"])
    run(P, run_name="t", notebooks=[nb], log=lambda s: None)
    entry = json.loads((tmp_path / "runs" / "t" / "manifest.json").read_text())["notebooks"]["01_fetch"]
    assert [(d["url"], d["sha256"]) for d in entry["downloads"]] == [(server.url("/in.txt"), _sha(b"input\n"))]
    assert D.RUN_LOG_NAME not in entry["artifacts"]


# --------------------------------------------------------------------------- (e) the benchmark sources
def _serve_sycon(server: State, root: Path, ref: str = "HEAD", debate_dir: str = "debate-setting") -> None:
    """The shared SYCON-Bench copy in the upstream layout, <setting>-setting/data/<file>."""
    for setting, upstream in (("false-presuppositions", "false-presuppositions-setting"), ("debate", debate_dir)):
        for f in (root / setting).glob("*.*"):
            server.files[f"/JiseungHong/SYCON-Bench/{ref}/{upstream}/data/{f.name}"] = f.read_bytes()


def test_sycon_is_downloaded_from_github_and_loads_like_the_local_copy(server, shared_data, monkeypatch):
    if not (shared_data / "sycon").is_dir():
        pytest.skip(f"SYCON-Bench copy not found at {shared_data / 'sycon'}")
    monkeypatch.setenv(D.GITHUB_BASE_ENV, server.base)
    _serve_sycon(server, shared_data / "sycon")
    items = S.load_sycophancy("sycon:JiseungHong/SYCON-Bench")
    local = S.load_sycophancy(f"sycon:{shared_data / 'sycon'}")
    assert len(items) == 300 and [(i.id, i.question, i.pushbacks, i.reference) for i in items] == \
        [(i.id, i.question, i.pushbacks, i.reference) for i in local]
    assert len(server.requests) == len(S.SYCON_FILES) == 6
    by_url = {f.url: f.sha256 for f in D.fetched()}
    fp = shared_data / "sycon" / "false-presuppositions" / "push_back.csv"
    url = f"{server.base}/JiseungHong/SYCON-Bench/HEAD/false-presuppositions-setting/data/push_back.csv"
    assert by_url[url] == _sha(fp.read_bytes())
    assert len(S.load_sycophancy("sycon:JiseungHong/SYCON-Bench", max_items=5)) == 5
    assert len(server.requests) == 6  # the second load: all from the cache


def test_sycon_debate_under_its_other_upstream_folder_and_missing_files(server, shared_data, monkeypatch):
    if not (shared_data / "sycon").is_dir():
        pytest.skip(f"SYCON-Bench copy not found at {shared_data / 'sycon'}")
    monkeypatch.setenv(D.GITHUB_BASE_ENV, server.base)
    _serve_sycon(server, shared_data / "sycon", ref="abc123", debate_dir="debate_setting")
    items = S.load_sycophancy("sycon:JiseungHong/SYCON-Bench@abc123")
    assert sum(i.setting == "debate" for i in items) == 100
    _serve_sycon(server, shared_data / "sycon", ref="r2")
    del server.files["/JiseungHong/SYCON-Bench/r2/debate-setting/data/arguments.txt"]
    with pytest.raises(S.SycophancyDataError, match=r"@r2 .*debate/arguments\.txt not found upstream.*"
                                                     r"debate-setting/data/arguments\.txt: HTTP 404.*"
                                                     r"debate_setting/data/arguments\.txt: HTTP 404"):
        S.load_sycophancy("sycon:JiseungHong/SYCON-Bench@r2")
    with pytest.raises(S.SycophancyDataError, match="no such folder, and not a GitHub repository"):
        S.load_sycophancy("sycon:./no/such/folder")


def test_xstest_from_its_github_copy(server, shared_data, monkeypatch):
    csv = shared_data / "xstest" / "xstest_prompts.csv"
    if not csv.is_file():
        pytest.skip(f"XSTest prompts not found at {csv}")
    monkeypatch.setenv(D.GITHUB_BASE_ENV, server.base)
    server.files["/paul-rottger/exaggerated-safety/HEAD/xstest_prompts.csv"] = csv.read_bytes()
    df = R.load_over_refusal(R.XSTEST_GITHUB)
    assert len(df) == 450 and df["safe"].sum() == 250 and (df["source"] == R.XSTEST_GITHUB).all()
    pinned = R.load_xstest(f"{R.XSTEST_GITHUB}#sha256={_sha(csv.read_bytes())}")
    assert len(pinned) == 450 and len(server.requests) == 1
    with pytest.raises(R.RefusalDataError, match=r"xstest_prompts\.csv: sha256 mismatch: expected 0{64}"):
        R.load_xstest(f"{server.url('/paul-rottger/exaggerated-safety/HEAD/xstest_prompts.csv')}#sha256={'0' * 64}")
