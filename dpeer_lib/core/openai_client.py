"""The one client for OpenAI-compatible chat endpoints, with an on-disk call cache.

Used by the synthesis pipeline (:class:`ChatClient`), the LLM judges and the refusal and stance judges
(:func:`chat_completions`). Both go through :func:`post_chat`, so they share one retry policy:

- bounded concurrency (``endpoint.max_concurrency``), a timeout per request (``endpoint.timeout_s``);
- retries with exponential back-off on connection errors, timeouts, HTTP 429/5xx and replies that
  are not an OpenAI chat-completion JSON (``endpoint.max_retries``); other 4xx fail at once;
- every failure ends in a :class:`ChatResult` with a status and the reason (``ChatClient`` raises it as an
  :class:`EndpointError` naming the URL), never in a partial reply;
- :class:`DiskCache`: an append-only JSONL file keyed by a hash of everything that determines the reply.
  A finished call is written before it is returned, so a killed run resumes without repeating it.
  Identical calls in flight at the same time share one request.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Sequence, TypeVar

import httpx

log = logging.getLogger("dpeer.openai_client")
T = TypeVar("T")


class EndpointError(RuntimeError):
    """The endpoint could not give a usable reply (down, too slow, HTTP error, garbage)."""


def cache_key(*parts: Any) -> str:
    """A stable hash of JSON-serialisable parts."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


class DiskCache:
    """Append-only JSONL cache: one ``{"key", ...value}`` object per line. Torn last lines are skipped."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._data: dict[str, dict] = {}
        self.skipped_lines = 0
        if self.path.exists():
            with self.path.open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        self._data[rec["key"]] = rec
                    except (json.JSONDecodeError, KeyError, TypeError):
                        self.skipped_lines += 1
            if self.skipped_lines:
                log.warning("%s: skipped %d unreadable cache line(s) (an interrupted write)", self.path,
                            self.skipped_lines)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def get(self, key: str) -> dict | None:
        return self._data.get(key)

    def put(self, key: str, value: dict) -> None:
        rec = {"key": key, **value}
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        with self._lock:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
            self._data[key] = rec


@dataclass
class ChatResult:
    """One chat completion: the reply text, or why there is none."""

    text: str | None
    status: str  # ok | timeout | http_error | transport_error | bad_response
    detail: str = ""
    attempts: int = 0
    seconds: float = 0.0
    completion_tokens: int | None = None  # the server's ``usage.completion_tokens``, when it reports it


@dataclass
class ChatReply:
    content: str
    cached: bool
    key: str


def _endpoint_value(endpoint: Any, name: str, default: Any = None) -> Any:
    if isinstance(endpoint, dict):
        return endpoint.get(name, default)
    return getattr(endpoint, name, default)


def auth_headers(endpoint: Any) -> dict[str, str]:
    """JSON headers, plus the bearer key named by ``endpoint.api_key_env`` (a clear error when it is unset)."""
    headers = {"Content-Type": "application/json"}
    key_env = _endpoint_value(endpoint, "api_key_env")
    if key_env:
        key = os.environ.get(key_env)
        if not key:
            raise EndpointError(
                f"endpoint {_endpoint_value(endpoint, 'base_url')}: the environment variable {key_env!r} "
                "(endpoint.api_key_env) is not set; export it, or set api_key_env: null for a local server")
        headers["Authorization"] = f"Bearer {key}"
    return headers


def _retry_delay(base_s: float, max_s: float, attempt: int, retry_after: str | None) -> float:
    d = min(max_s, base_s * (2 ** attempt))
    d *= 0.75 + 0.5 * random.random()  # jitter, so parallel retries do not stampede
    if retry_after:
        try:
            d = max(d, min(float(retry_after), max_s))
        except ValueError:
            pass
    return d


async def post_chat(http: httpx.AsyncClient, url: str, body: dict, headers: dict, *, max_retries: int,
                    backoff_base_s: float, backoff_max_s: float, timeout_s: float, sem: asyncio.Semaphore,
                    on_request: Callable[[], None] | None = None) -> ChatResult:
    """POST one chat completion with retries and exponential back-off.

    Retried: timeouts, connection errors, HTTP 429 and 5xx, and replies that are not a chat completion.
    Other 4xx fail at once. ``sem`` bounds the requests in flight (held per attempt, not while sleeping).
    """
    t0 = time.perf_counter()
    res = ChatResult(None, "transport_error", "not attempted")
    for attempt in range(max_retries + 1):
        retry_after = None
        async with sem:
            if on_request is not None:
                on_request()
            try:
                r = await http.post(url, json=body, headers=headers)
            except httpx.TimeoutException:
                res = ChatResult(None, "timeout", f"no reply within the timeout of {timeout_s:g} s", attempt + 1)
            except httpx.TransportError as e:
                res = ChatResult(None, "transport_error",
                                 f"cannot reach the server ({type(e).__name__}: {e or 'connection failed'})", attempt + 1)
            else:
                if r.status_code == 429 or r.status_code >= 500:
                    res = ChatResult(None, "http_error", f"HTTP {r.status_code}: {r.text[:200]!r}", attempt + 1)
                    retry_after = r.headers.get("retry-after")
                elif r.status_code >= 400:
                    res = ChatResult(None, "http_error", f"HTTP {r.status_code} (not retried): {r.text[:300]!r}",
                                     attempt + 1)
                    break
                else:
                    content, problem = _parse_completion(r)
                    res = ChatResult(content, "ok", "", attempt + 1, completion_tokens=_completion_tokens(r)) \
                        if problem is None else ChatResult(None, "bad_response", problem, attempt + 1)
                    if problem is None:
                        break
        if attempt < max_retries:
            delay = _retry_delay(backoff_base_s, backoff_max_s, attempt, retry_after)
            log.warning("%s: %s; retry %d/%d in %.1f s", url, res.detail, attempt + 1, max_retries, delay)
            await asyncio.sleep(delay)
    res.seconds = time.perf_counter() - t0
    return res


def _retry_settings(endpoint: Any) -> dict[str, float]:
    return {"max_retries": int(_endpoint_value(endpoint, "max_retries", 4)),
            "backoff_base_s": float(_endpoint_value(endpoint, "backoff_base_s", 1.0)),
            "backoff_max_s": float(_endpoint_value(endpoint, "backoff_max_s", 30.0)),
            "timeout_s": float(_endpoint_value(endpoint, "timeout_s", 60.0))}


class ChatClient:
    """Async client for ``POST {base_url}/chat/completions`` with a call cache and in-flight de-duplication.

    ``endpoint`` is an ``EndpointSection`` (or a dict with its keys): base_url, model, api_key_env,
    timeout_s, max_concurrency, max_retries, temperature, max_tokens, backoff_base_s, backoff_max_s. Create it
    and use it inside one event loop (see :func:`run_sync`); close it with ``await client.aclose()``.
    """

    def __init__(self, endpoint: Any, *, cache: DiskCache | None = None):
        self.base_url = str(_endpoint_value(endpoint, "base_url")).rstrip("/")
        self.url = self.base_url + "/chat/completions"
        self.model = _endpoint_value(endpoint, "model")
        self.retry = _retry_settings(endpoint)
        self.temperature = float(_endpoint_value(endpoint, "temperature", 0.0))
        self.max_tokens = int(_endpoint_value(endpoint, "max_tokens", 512))
        self.concurrency = int(_endpoint_value(endpoint, "max_concurrency", 4))
        self.cache = cache
        self.headers = auth_headers(endpoint)
        self.n_requests = 0  # HTTP requests sent, retries included
        self.n_calls = 0  # calls answered by the server
        self.n_cached = 0  # calls answered from the cache
        self._client: httpx.AsyncClient | None = None
        self._sem: asyncio.Semaphore | None = None
        self._inflight: dict[str, asyncio.Future] = {}

    def _ensure(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.retry["timeout_s"]))
            self._sem = asyncio.Semaphore(self.concurrency)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> "ChatClient":
        self._ensure()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def key_for(self, messages: list[dict], namespace: str = "", **settings: Any) -> str:
        return cache_key(namespace, self.base_url, self.model, self._settings(settings), messages)

    def _settings(self, settings: dict) -> dict:
        return {"temperature": settings.get("temperature", self.temperature),
                "max_tokens": settings.get("max_tokens", self.max_tokens)}

    async def chat(self, messages: list[dict], *, namespace: str = "", meta: dict | None = None,
                   **settings: Any) -> ChatReply:
        """Return the assistant's text for ``messages`` (from the cache when the same call finished before)."""
        key = self.key_for(messages, namespace, **settings)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            self.n_cached += 1
            return ChatReply(hit["content"], True, key)
        if key in self._inflight:
            content = await asyncio.shield(self._inflight[key])
            self.n_cached += 1
            return ChatReply(content, True, key)
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        self._inflight[key] = fut
        try:
            content = await self._request(messages, self._settings(settings))
        except BaseException as e:
            if not fut.done():
                fut.set_exception(e if isinstance(e, Exception) else EndpointError("cancelled"))
                fut.exception()  # mark retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            self._inflight.pop(key, None)
        if self.cache is not None:
            self.cache.put(key, {"namespace": namespace, "model": self.model, "content": content,
                                 "messages": messages, **(meta or {})})
        fut.set_result(content)
        self.n_calls += 1
        return ChatReply(content, False, key)

    async def _request(self, messages: list[dict], settings: dict) -> str:
        self._ensure()

        def counted() -> None:
            self.n_requests += 1

        res = await post_chat(self._client, self.url, {"model": self.model, "messages": messages, **settings},
                              self.headers, sem=self._sem, on_request=counted, **self.retry)
        if res.status != "ok":
            raise EndpointError(f"{self.url}: {res.detail} (gave up after {res.attempts} attempt(s))")
        return res.text or ""


async def achat_completions(endpoint: Any, messages_list: Sequence[list[dict]], *, model: str | None = None,
                            on_result: Callable[[int, ChatResult], None] | None = None,
                            extra_body: dict[str, Any] | None = None) -> list[ChatResult]:
    """One :class:`ChatResult` per message list, in order; bounded concurrency, retries, back-off, no cache."""
    headers = auth_headers(endpoint)
    url = str(_endpoint_value(endpoint, "base_url")).rstrip("/") + "/chat/completions"
    n = int(_endpoint_value(endpoint, "max_concurrency", 4))
    retry = _retry_settings(endpoint)
    sem = asyncio.Semaphore(n)
    results: list[ChatResult | None] = [None] * len(messages_list)

    async def one(i: int, http: httpx.AsyncClient) -> None:
        body = {"model": model or _endpoint_value(endpoint, "model"), "messages": messages_list[i],
                "temperature": _endpoint_value(endpoint, "temperature", 0.0),
                "max_tokens": _endpoint_value(endpoint, "max_tokens", 512), **(extra_body or {})}
        results[i] = await post_chat(http, url, body, headers, sem=sem, **retry)
        if on_result is not None:
            on_result(i, results[i])

    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(timeout=httpx.Timeout(retry["timeout_s"]), limits=limits) as http:
        await asyncio.gather(*(one(i, http) for i in range(len(messages_list))))
    return results  # type: ignore[return-value]


def chat_completions(endpoint: Any, messages_list: Sequence[list[dict]], **kw: Any) -> list[ChatResult]:
    """Synchronous :func:`achat_completions` (also from inside Jupyter's running event loop)."""
    return run_sync(achat_completions(endpoint, messages_list, **kw))


def _parse_completion(r: httpx.Response) -> tuple[str, str | None]:
    """(content, None) for a well-formed chat completion, else ("", what is wrong)."""
    try:
        body = r.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return "", f"the reply is not JSON: {r.text[:200]!r}"
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return "", f"the reply is not a chat completion (no choices[0].message.content): {str(body)[:200]!r}"
    if not isinstance(content, str):
        return "", f"choices[0].message.content is {type(content).__name__}, not text"
    return content, None


def _completion_tokens(r: httpx.Response) -> int | None:
    """``usage.completion_tokens`` of a chat completion, or None when the server does not report it."""
    try:
        n = r.json().get("usage", {}).get("completion_tokens")
    except (ValueError, AttributeError):
        return None
    return int(n) if isinstance(n, int) else None


def run_sync(coro: Awaitable[T]) -> T:
    """Run a coroutine to completion from sync code, also inside Jupyter's already-running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()
