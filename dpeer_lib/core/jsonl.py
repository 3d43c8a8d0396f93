"""Reading JSON-lines files: one object per line, blank lines skipped, errors with the file and line."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator


class JsonlError(ValueError):
    """A line that is not a JSON object; the message names the file and the line."""


def iter_jsonl(path: str | Path, text: str | None = None) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for every non-blank line of ``path`` (or of ``text``, read from it)."""
    path = Path(path)
    lines = (text if text is not None else path.read_text(encoding="utf-8")).splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise JsonlError(f"{path}, line {lineno}: not valid JSON ({err.msg})") from None
        if not isinstance(obj, dict):
            raise JsonlError(f"{path}, line {lineno}: not a JSON object")
        yield lineno, obj
