"""Local servers on 127.0.0.1 for tests and the rehearsal: ``transformers serve`` and a static file server.

Each is a subprocess started with a bounded wait for its health URL and stopped on exit; its output goes to a
log file whose tail is in every error, so a server that does not come up says why.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

import httpx


class ServerError(RuntimeError):
    """A local server that did not start (or died); the message ends with its log's tail."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return "(no log)"


class LocalServer:
    """``cmd`` as a subprocess, up once ``health`` answers 200 (within ``timeout_s``), stopped by :meth:`stop`."""

    def __init__(self, name: str, cmd: Sequence[str], port: int, health: str, log: Path, *,
                 timeout_s: float = 180.0, env: dict[str, str] | None = None):
        self.name, self.cmd, self.port, self.log = name, list(cmd), port, Path(log)
        self.health = health
        self.timeout_s = timeout_s
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LocalServer":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.log, "w")
        self.proc = subprocess.Popen(self.cmd, stdout=fh, stderr=subprocess.STDOUT, env=self.env,
                                     start_new_session=True)
        fh.close()
        t0 = time.monotonic()
        while time.monotonic() - t0 < self.timeout_s:
            if self.proc.poll() is not None:
                raise ServerError(f"{self.name} exited with code {self.proc.returncode} before answering "
                                  f"{self.health}: {' '.join(self.cmd)}\n--- {self.log} ---\n{_tail(self.log)}")
            try:
                if httpx.get(self.health, timeout=2.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise ServerError(f"{self.name} did not answer {self.health} within {self.timeout_s:g} s: "
                          f"{' '.join(self.cmd)}\n--- {self.log} ---\n{_tail(self.log)}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def log_tail(self) -> str:
        return _tail(self.log)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def transformers_serve(log: Path, port: int | None = None, *, timeout_s: float = 180.0) -> LocalServer:
    """``transformers serve`` on 127.0.0.1 (CPU, offline hub): an OpenAI-compatible server that loads a model
    named by its local folder on the first request for it. Base URL for clients: ``<base_url>/v1``."""
    port = port or free_port()
    exe = Path(sys.executable).with_name("transformers")
    cmd = [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--device", "cpu", "--log-level", "info"]
    return LocalServer("transformers serve", cmd, port, f"http://127.0.0.1:{port}/health", log,
                       timeout_s=timeout_s, env={"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})


def static_files(root: Path, log: Path, port: int | None = None, *, timeout_s: float = 30.0) -> LocalServer:
    """A plain HTTP file server for the folder ``root`` on 127.0.0.1 (``python -m http.server``)."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)]
    return LocalServer("file server", cmd, port, f"http://127.0.0.1:{port}/", log, timeout_s=timeout_s)
