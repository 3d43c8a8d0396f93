"""Fault injection for the resume tests: kill the process at a named point.

``DPEER_FAULT="train:lagdpo:4"`` kills the process (SIGKILL, as a crash or ``kill -9`` would) when
the lagdpo trainer finishes its 4th step; ``DPEER_FAULT="judge:10"`` after the 10th judgment is
cached. Unset, it costs one dictionary lookup. Several points may be given, comma-separated.
"""
from __future__ import annotations

import os
import signal


def maybe_fail(point: str, count: int) -> None:
    """Kill this process if ``DPEER_FAULT`` names ``point`` and ``count`` reached its threshold."""
    spec = os.environ.get("DPEER_FAULT")
    if not spec:
        return
    for item in spec.split(","):
        name, _, n = item.strip().rpartition(":")
        if name == point and n.isdigit() and count >= int(n):
            os.kill(os.getpid(), signal.SIGKILL)
