"""Verified, cached, resumable downloads of single files over plain HTTP(S) (GitHub raw files, explicit URLs).

The rule: a file reaches its final place only whole and, when a hash is known, with that sha256.

- The body goes to ``<dest>.part``, renamed onto ``dest`` (same folder: atomic) only once every byte arrived
  and the sha256 matched ``sha256=`` when one is given. A mismatch deletes the part and raises
  :class:`HashMismatch` naming the URL, the expected and the actual hash; nothing is kept.
- Beside each finished file a sidecar ``<dest>.download.json`` records url, sha256, size and time. A later
  fetch of the same URL whose file still hashes to the recorded sha256 is served from disk, with no request.
- A dropped connection, a timeout or a 5xx/429 is retried with exponential back-off. A retry continues the
  ``.part`` with an HTTP Range request when that is safe: ``If-Range`` carries the first response's ETag or
  Last-Modified (a file changed on the server then comes whole, not spliced), or, without a validator, the
  expected sha256 will check the result (a resumed body that fails it is fetched once more from byte 0). A
  server that ignores Range sends the whole body, which restarts the part. A ``.part`` left by an earlier
  process is continued on the same terms (its validator is kept in ``<dest>.part.json``), else restarted.
- Every fetch, download or cache hit, is recorded for the run manifest: :func:`fetched` lists this process's,
  and each is appended as a JSON line to the file named by ``DPEER_DOWNLOAD_LOG`` (the runner sets it for each
  notebook and folds it into the notebook's manifest entry as ``downloads``; :func:`summarise`).

Environment: ``DPEER_CACHE`` (cache root; default ``~/.cache/dpeer/downloads``), ``DPEER_GITHUB_BASE``
(raw-file host; default ``https://raw.githubusercontent.com``, point it at a mirror or a test server),
``DPEER_OFFLINE=1`` (cache only: a file not yet downloaded is an error, not a request).

A body without Content-Length that is cut short cannot be told from a whole one except by its hash: give
``sha256`` (or a ``#sha256=<hex>`` source suffix, :func:`resolve`) where the content is known in advance.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import httpx

CACHE_ENV = "DPEER_CACHE"
GITHUB_BASE_ENV = "DPEER_GITHUB_BASE"
OFFLINE_ENV = "DPEER_OFFLINE"
LOG_ENV = "DPEER_DOWNLOAD_LOG"
DEFAULT_CACHE = Path("~/.cache/dpeer/downloads")
DEFAULT_GITHUB_BASE = "https://raw.githubusercontent.com"
DEFAULT_REF = "HEAD"  # raw.githubusercontent.com serves the default branch under HEAD
RUN_LOG_NAME = "downloads.jsonl"  # in the run folder, while a notebook runs
SIDECAR_SUFFIX = ".download.json"
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_SHA256 = re.compile(r"[0-9a-f]{64}")
_GITHUB = re.compile(r"(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)(?:@(?P<ref>[\w.-]+))?(?:/(?P<path>.+))?")


class DownloadError(RuntimeError):
    """A file that could not be fetched; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url


class NotFound(DownloadError):
    """The server answered 404: the file is not at that URL."""


class HashMismatch(DownloadError):
    """The downloaded bytes do not have the expected sha256; nothing was kept."""


class _Incomplete(Exception):
    """The body ended before its announced length (a connection dropped without an error)."""


@dataclass(frozen=True)
class Fetched:
    """A file in place: where it is, what it hashes to, and whether this call downloaded it."""

    url: str
    path: Path
    sha256: str
    size: int
    downloaded_at: str
    from_cache: bool

    def record(self) -> dict:
        """The manifest's view of this input."""
        return {"url": self.url, "path": str(self.path), "sha256": self.sha256, "size": self.size,
                "downloaded_at": self.downloaded_at, "from_cache": self.from_cache}


_FETCHED: list[Fetched] = []


# --------------------------------------------------------------------------- configuration
def cache_dir() -> Path:
    """The download cache root: ``$DPEER_CACHE`` or ``~/.cache/dpeer/downloads``."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE).expanduser()


def github_base() -> str:
    """Where GitHub raw files are fetched from: ``$DPEER_GITHUB_BASE`` or raw.githubusercontent.com."""
    return (os.environ.get(GITHUB_BASE_ENV) or DEFAULT_GITHUB_BASE).rstrip("/")


def offline() -> bool:
    """``DPEER_OFFLINE=1``: serve cached files only."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def parse_github(spec: str) -> tuple[str, str, str]:
    """``owner/repo[@ref][/path]`` -> ``(owner/repo, ref, path)``; ref defaults to HEAD, path to ``""``."""
    m = _GITHUB.fullmatch(spec.strip())
    path = (m.group("path") or "") if m else ""
    if not m or m.group("ref") in ("..", ".") or any(p in ("", ".", "..") for p in path.split("/") if path):
        raise ValueError(f"{spec!r} is not a GitHub file spec owner/repo[@ref][/path/in/repo]")
    return m.group("repo"), m.group("ref") or DEFAULT_REF, path


def github_url(repo: str, ref: str, path: str, base: str | None = None) -> str:
    """The raw-file URL of ``path`` in ``repo`` at ``ref``."""
    return f"{(base or github_base()).rstrip('/')}/{repo}/{ref}/{path}"


def is_remote(source: str) -> bool:
    """Whether a source string names a file to download (``github:...`` or an http(s) URL)."""
    return str(source).startswith(("github:", "http://", "https://"))


def resolve(source: str) -> tuple[str, str | None]:
    """``github:owner/repo[@ref]/path`` or an http(s) URL, optionally ending ``#sha256=<hex>``, as
    ``(url, expected sha256 or None)``."""
    body, _, frag = str(source).partition("#")
    expected = None
    if frag:
        if not frag.startswith("sha256=") or not _SHA256.fullmatch(frag[7:].lower()):
            raise ValueError(f"{source!r}: the only suffix understood is #sha256=<64 hex digits>")
        expected = frag[7:].lower()
    if body.startswith("github:"):
        repo, ref, path = parse_github(body[len("github:"):])
        if not path:
            raise ValueError(f"{source!r}: name a file in the repository, github:owner/repo[@ref]/path")
        return github_url(repo, ref, path), expected
    if body.startswith(("http://", "https://")):
        return body, expected
    raise ValueError(f"{source!r} is not a download source (github:owner/repo[@ref]/path or an http(s) URL)")


def default_dest(url: str) -> Path:
    """Where :func:`fetch` keeps ``url`` when no destination is given: one folder per URL in the cache."""
    name = Path(unquote(urlsplit(url).path)).name or "download"
    return cache_dir() / "url" / hashlib.sha256(url.encode()).hexdigest()[:16] / name


# --------------------------------------------------------------------------- files
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sidecar(dest: Path) -> Path:
    return dest.with_name(dest.name + SIDECAR_SUFFIX)


def _part(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _part_meta(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part.json")


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _discard(*paths: Path) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


@contextmanager
def _locked(dest: Path) -> Iterator[None]:
    """Hold an advisory lock on ``dest`` so two processes never append to the same ``.part``."""
    lock = dest.with_name(f".{dest.name}.lock")
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- cache
def lookup(url: str, dest: str | Path | None = None, sha256: str | None = None) -> Fetched | None:
    """The cached file of ``url`` if its sidecar records this URL (and ``sha256``, when given) and the file still
    hashes to the recorded value; None otherwise. Never touches the network and records nothing."""
    dest = Path(dest) if dest is not None else default_dest(url)
    meta = _read_json(_sidecar(dest))
    if not dest.is_file() or meta is None or meta.get("url") != url:
        return None
    if sha256 is not None and meta.get("sha256") != sha256.lower():
        return None
    if sha256_file(dest) != meta.get("sha256"):  # changed on disk since it was downloaded: not trusted
        return None
    return Fetched(url, dest, meta["sha256"], dest.stat().st_size, str(meta.get("downloaded_at", "")), True)


def fetch(url: str, dest: str | Path | None = None, *, sha256: str | None = None, retries: int = 4,
          backoff: float = 0.5, timeout: float = 30.0) -> Fetched:
    """Make ``url``'s file available at ``dest`` (default: in the cache, :func:`default_dest`) and return it.

    A cached copy (same URL, same hash) is used without any request. Otherwise the file is downloaded with up to
    ``retries`` retries (back-off ``backoff * 2**k`` seconds), checked against ``sha256`` when given, and
    recorded in a sidecar. Raises :class:`NotFound` (404), :class:`HashMismatch` or :class:`DownloadError`.
    """
    if sha256 is not None and not _SHA256.fullmatch(sha256.lower()):
        raise ValueError(f"{url}: expected sha256 {sha256!r} is not 64 hex digits")
    expected = sha256.lower() if sha256 else None
    dest = Path(dest).expanduser() if dest is not None else default_dest(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _locked(dest):
        hit = lookup(url, dest, expected)
        if hit is not None:
            return _record(hit)
        _discard(dest, _sidecar(dest))  # a stale entry must not outlive a failed download
        if offline():
            raise DownloadError(url, f"not in the download cache ({dest}) and {OFFLINE_ENV}=1 forbids "
                                     "downloading it")
        client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True,
                              headers={"Accept-Encoding": "identity", "User-Agent": "dpeer-download"})
        with client:
            return _record(_download(client, url, dest, expected, retries, backoff))


def _download(client: httpx.Client, url: str, dest: Path, expected: str | None, retries: int,
              backoff: float) -> Fetched:
    """Transfer into the part, verify, rename into place, write the sidecar."""
    part = _part(dest)
    resumed = _transfer(client, url, dest, expected is not None, retries, backoff)
    actual = sha256_file(part)
    if expected is not None and actual != expected and resumed:  # the splice may be at fault: once from byte 0
        _discard(part, _part_meta(dest))
        _transfer(client, url, dest, False, retries, backoff)
        actual = sha256_file(part)
    size = part.stat().st_size
    if expected is not None and actual != expected:
        _discard(part, _part_meta(dest))
        raise HashMismatch(url, f"sha256 mismatch: expected {expected}, got {actual} ({size} bytes); the "
                                f"download was deleted and nothing was kept at {dest}")
    os.replace(part, dest)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write_json(_sidecar(dest), {"url": url, "sha256": actual, "size": size, "downloaded_at": now})
    _discard(_part_meta(dest))
    return Fetched(url, dest, actual, size, now, False)


def _transfer(client: httpx.Client, url: str, dest: Path, hash_known: bool, retries: int, backoff: float) -> bool:
    """Fill ``dest``'s ``.part`` with the whole body, resuming across dropped connections; True if any byte
    range was appended to an earlier partial body."""
    part, meta_path = _part(dest), _part_meta(dest)
    meta = _read_json(meta_path) or {}
    validator = meta.get("validator") if meta.get("url") == url else None
    resumed, last = False, "no attempt"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(backoff * 2 ** (attempt - 1), 30.0))
        offset = part.stat().st_size if part.exists() else 0
        if offset and validator is None and not hash_known:
            _discard(part)  # nothing would catch a splice of two versions: start over
            offset = 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        if offset and validator:
            headers["If-Range"] = validator
        try:
            with client.stream("GET", url, headers=headers) as r:
                code = r.status_code
                if code in RETRY_STATUS:
                    last = f"HTTP {code} {r.reason_phrase}"
                    continue
                if code == 416:  # the part is not a prefix the server recognises: start over
                    _discard(part)
                    last = "HTTP 416 Range Not Satisfiable"
                    continue
                if code == 404:
                    raise NotFound(url, "HTTP 404 Not Found")
                if code not in (200, 206):
                    raise DownloadError(url, f"HTTP {code} {r.reason_phrase}")
                append = code == 206 and offset > 0 and _range_start(r) == offset
                if code == 206 and not append:
                    _discard(part)
                    last = f"unexpected Content-Range {r.headers.get('content-range')!r}"
                    continue
                if not append:  # a fresh body: remember its version for resuming it
                    validator = r.headers.get("etag") or r.headers.get("last-modified")
                    _write_json(meta_path, {"url": url, "validator": validator})
                resumed |= append
                _write_body(r, part, append)
                return resumed
        except (httpx.TransportError, _Incomplete) as err:
            last = f"{type(err).__name__}: {err}"
    raise DownloadError(url, f"download failed after {retries + 1} attempt(s), last: {last}; nothing was put "
                             f"at {dest} (the partial {part.name} is kept only to resume from)")


def _range_start(r: httpx.Response) -> int | None:
    m = re.match(r"bytes (\d+)-", r.headers.get("content-range", ""))
    return int(m.group(1)) if m else None


def _write_body(r: httpx.Response, part: Path, append: bool) -> None:
    """Stream the body into the part; a body shorter than its Content-Length raises :class:`_Incomplete`."""
    want = r.headers.get("content-length")
    n = 0
    with open(part, "ab" if append else "wb") as fh:
        for chunk in r.iter_raw():
            fh.write(chunk)
            n += len(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    if want is not None and want.isdigit() and n != int(want):
        raise _Incomplete(f"got {n} of {want} bytes")


# --------------------------------------------------------------------------- the record for the manifest
def _record(f: Fetched) -> Fetched:
    _FETCHED.append(f)
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(f.record(), sort_keys=True) + "\n")
    return f


@contextmanager
def logging_to(path: str | Path) -> Iterator[None]:
    """Append every fetch to ``path`` during the block, also those of processes started in it (a notebook's
    kernel inherits the environment)."""
    before = os.environ.get(LOG_ENV)
    os.environ[LOG_ENV] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LOG_ENV, None)
        else:
            os.environ[LOG_ENV] = before


def fetched() -> list[Fetched]:
    """Every file this process fetched or found cached, in order."""
    return list(_FETCHED)


def summarise(path: str | Path) -> list[dict]:
    """A download log (JSON lines) as the manifest's ``downloads``: one record per URL and path (the last),
    sorted by URL, ``from_cache`` only when no fetch of it downloaded; torn lines are skipped."""
    out: dict[tuple[str, str], dict] = {}
    path = Path(path)
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                rec = json.loads(line)
                key = (str(rec["url"]), str(rec["path"]))
                rec["from_cache"] = bool(rec.get("from_cache")) and bool(out.get(key, rec).get("from_cache"))
                out[key] = rec
            except (ValueError, KeyError, TypeError):
                continue
    return [out[k] for k in sorted(out)]
