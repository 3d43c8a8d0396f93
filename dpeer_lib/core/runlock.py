"""An advisory lock on a run folder: one run at a time writes into it."""
from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".lock"


class RunLocked(RuntimeError):
    """Another live process holds the run folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


class RunLock:
    """``with RunLock(folder):`` holds ``folder/.lock`` (flock, released by the kernel when the process dies).

    The file records the holder's PID, host and start time, so that a second run can say who holds the folder,
    and a lock file left by a dead process is reported as taken over.
    """

    def __init__(self, folder: Path, log=print):
        self.path = Path(folder) / LOCK_NAME
        self.log = log
        self._fd: int | None = None

    def _holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, json.JSONDecodeError):
            return {}

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            h = self._holder()
            raise RunLocked(
                f"run folder {self.path.parent} is in use by PID {h.get('pid', '?')} on {h.get('host', '?')} "
                f"(started {h.get('started', '?')}); wait for it to finish or choose another --run-name") from None
        old = self._holder()
        if old.get("pid") and old.get("host") == socket.gethostname() and not _alive(int(old["pid"])):
            self.log(f"note: taking over the lock of PID {old['pid']} (started {old.get('started', '?')}), "
                     "which is no longer running")
        me = {"pid": os.getpid(), "host": socket.gethostname(),
              "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # an empty lock file means "nobody"
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
