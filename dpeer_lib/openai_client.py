"""A small async client for any OpenAI-compatible chat endpoint, with an on-disk call cache.

Used by the synthesis pipeline (and reusable by LLM judges):

- bounded concurrency (``endpoint.max_concurrency``), a timeout per request (``endpoint.timeout_s``);
- retries with exponential back-off on connection errors, timeouts, HTTP 429/5xx and replies that
  are not an OpenAI chat-completion JSON (``endpoint.max_retries``); other 4xx fail at once;
- every failure ends in :class:`EndpointError` naming the URL and the reason, never in a partial reply;
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
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, TypeVar

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
class ChatReply:
    content: str
    cached: bool
    key: str


def _endpoint_value(endpoint: Any, name: str, default: Any = None) -> Any:
    if isinstance(endpoint, dict):
        return endpoint.get(name, default)
    return getattr(endpoint, name, default)


class ChatClient:
    """Async client for ``POST {base_url}/chat/completions``.

    ``endpoint`` is an ``EndpointSection`` (or a dict with its keys): base_url, model, api_key_env,
    timeout_s, max_concurrency, max_retries, temperature, max_tokens, backoff_base_s, backoff_max_s. Create it and use it inside one
    event loop (see :func:`run_sync`); close it with ``await client.aclose()``.
    """

    def __init__(self, endpoint: Any, *, cache: DiskCache | None = None, backoff_s: float | None = None,
                 max_backoff_s: float | None = None):
        self.base_url = str(_endpoint_value(endpoint, "base_url")).rstrip("/")
        self.url = self.base_url + "/chat/completions"
        self.model = _endpoint_value(endpoint, "model")
        self.timeout_s = float(_endpoint_value(endpoint, "timeout_s", 60.0))
        self.max_retries = int(_endpoint_value(endpoint, "max_retries", 4))
        self.temperature = float(_endpoint_value(endpoint, "temperature", 0.0))
        self.max_tokens = int(_endpoint_value(endpoint, "max_tokens", 512))
        self.concurrency = int(_endpoint_value(endpoint, "max_concurrency", 4))
        self.backoff_s = float(backoff_s if backoff_s is not None else _endpoint_value(endpoint, "backoff_base_s", 1.0))
        self.max_backoff_s = float(max_backoff_s if max_backoff_s is not None
                                   else _endpoint_value(endpoint, "backoff_max_s", 30.0))
        self.cache = cache
        self.headers = {"Content-Type": "application/json"}
        key_env = _endpoint_value(endpoint, "api_key_env")
        if key_env:
            key = os.environ.get(key_env)
            if not key:
                raise EndpointError(f"{self.url}: the API key variable {key_env} (endpoint.api_key_env) is not set")
            self.headers["Authorization"] = f"Bearer {key}"
        self.n_requests = 0  # HTTP requests sent, retries included
        self.n_calls = 0  # calls answered by the server
        self.n_cached = 0  # calls answered from the cache
        self._client: httpx.AsyncClient | None = None
        self._sem: asyncio.Semaphore | None = None
        self._inflight: dict[str, asyncio.Future] = {}

    def _ensure(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.timeout_s))
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
        payload = {"model": self.model, "messages": messages, **settings}
        last = "no attempt made"
        for attempt in range(self.max_retries + 1):
            delay = min(self.backoff_s * 2 ** attempt, self.max_backoff_s)
            async with self._sem:
                self.n_requests += 1
                try:
                    r = await self._client.post(self.url, json=payload, headers=self.headers)
                except httpx.TimeoutException:
                    last = f"no reply within the timeout of {self.timeout_s:g} s"
                except httpx.TransportError as e:
                    last = f"cannot reach the server ({type(e).__name__}: {e or 'connection failed'})"
                else:
                    if r.status_code == 429 or r.status_code >= 500:
                        last = f"HTTP {r.status_code}: {r.text[:200]!r}"
                        try:
                            delay = max(delay, min(float(r.headers.get("retry-after", 0)), self.max_backoff_s))
                        except ValueError:
                            pass
                    elif r.status_code >= 400:
                        raise EndpointError(f"{self.url}: HTTP {r.status_code} (not retried): {r.text[:300]!r}")
                    else:
                        content, problem = _parse_completion(r)
                        if problem is None:
                            return content
                        last = problem
            if attempt < self.max_retries:
                log.warning("%s: %s; retry %d/%d in %.1f s", self.url, last, attempt + 1, self.max_retries, delay)
                await asyncio.sleep(delay)
        raise EndpointError(f"{self.url}: {last} (gave up after {self.max_retries + 1} attempt(s))")


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


def run_sync(coro: Awaitable[T]) -> T:
    """Run a coroutine to completion from sync code, also inside Jupyter's already-running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()
