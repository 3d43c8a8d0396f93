"""The contract between our generation and vLLM's in-process API (``vllm.LLM.chat``), as pure functions.

Nothing here imports vLLM or touches a GPU, so every rule is tested on any machine; the ``vllm`` backend of
:mod:`dpeer_lib.evaluation.generate` builds vLLM's objects from these values and nothing else:

- :func:`sampling_kwargs`: the keyword arguments of ``vllm.SamplingParams`` for a :class:`GenerationSection`;
- :func:`chat_inputs`: the conversations passed to ``LLM.chat``, checked and copied;
- :func:`lora_request_args`: ``(lora_name, lora_int_id, lora_path)`` of ``vllm.lora.request.LoRARequest``;
- :func:`parse_outputs`: vLLM's ``RequestOutput`` objects back to our ``(response, n_new_tokens)`` pairs.

vLLM's names (``SamplingParams(n, temperature, top_p, max_tokens, seed)``, ``LoRARequest(lora_name,
lora_int_id, lora_path)`` with ``lora_int_id > 0``, ``RequestOutput.outputs[i].text / .token_ids /
.finish_reason``) are those of vLLM's documented offline-inference API.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable, Sequence

from dpeer_lib.core.params import GenerationSection

ROLES = ("system", "user", "assistant")
# vLLM's finish reasons for a completed request: "stop" (EOS or a stop string) and "length" (max_tokens).
# Anything else ("abort", "error", None = not finished) means the text is not a whole answer.
FINISHED = ("stop", "length")
LORA_ID_MAX = 2**31 - 1  # vLLM keeps adapter ids in int32 tensors; 0 means "no adapter"

# path -> id for this process: stable per path, and a (very unlikely) hash collision moves to the next free id,
# so two adapters loaded by one engine never share an id (vLLM would serve the first one's weights for both).
_LORA_IDS: dict[str, int] = {}


def sampling_kwargs(gen: GenerationSection) -> dict[str, Any]:
    """Keyword arguments for ``vllm.SamplingParams``, matching the ``hf`` backend's decoding.

    Greedy (``temperature == 0``) ignores ``top_p``: it is sent as 1.0 so that the settings say what was done
    (and match :func:`dpeer_lib.evaluation.generate.settings_of`). ``n=1``: one completion per conversation,
    the one :func:`parse_outputs` reads.
    """
    greedy = gen.temperature <= 0
    return {
        "n": 1,
        "temperature": 0.0 if greedy else float(gen.temperature),
        "top_p": 1.0 if greedy else float(gen.top_p),
        "max_tokens": int(gen.max_new_tokens),
        "seed": int(gen.seed),
    }


def chat_inputs(convs: Iterable[Sequence[dict]]) -> list[list[dict]]:
    """Copies of the conversations for ``LLM.chat``; a ``ValueError`` names the conversation, message and field.

    Every conversation is a non-empty list of ``{"role", "content"}`` messages, roles among system / user /
    assistant, contents strings, the last message from the user (the model answers it).
    """
    out: list[list[dict]] = []
    for c, conv in enumerate(convs):
        if isinstance(conv, (str, bytes, dict)) or not isinstance(conv, Sequence):
            raise ValueError(f"conversation {c}: expected a list of messages, got {type(conv).__name__}")
        if len(conv) == 0:
            raise ValueError(f"conversation {c}: no messages; it must end with a user message")
        copied = []
        for m, msg in enumerate(conv):
            where = f"conversation {c}, message {m}"
            if not isinstance(msg, dict):
                raise ValueError(f"{where}: expected a dict with 'role' and 'content', got {type(msg).__name__}")
            for field in ("role", "content"):
                if field not in msg:
                    raise ValueError(f"{where}: field {field!r} is missing (have {sorted(map(str, msg))})")
            if msg["role"] not in ROLES:
                raise ValueError(f"{where}: field 'role' must be one of {', '.join(ROLES)}, got {msg['role']!r}")
            if not isinstance(msg["content"], str):
                raise ValueError(f"{where}: field 'content' must be a str, got {type(msg['content']).__name__}")
            copied.append(dict(msg))
        if copied[-1]["role"] != "user":
            raise ValueError(f"conversation {c}, message {len(copied) - 1}: field 'role' of the last message must be "
                             f"'user' (the turn the model answers), got {copied[-1]['role']!r}")
        out.append(copied)
    return out


def _hashed_id(key: str) -> int:
    """An id in 1 .. LORA_ID_MAX derived from ``key`` (the same in every process)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % LORA_ID_MAX + 1


def _lora_id(key: str) -> int:
    if key in _LORA_IDS:
        return _LORA_IDS[key]
    taken = set(_LORA_IDS.values())
    n = _hashed_id(key)
    while n in taken:
        n = n % LORA_ID_MAX + 1
    _LORA_IDS[key] = n
    return n


def lora_request_args(lora_path: str | Path | None) -> tuple[str, int, str] | None:
    """``(lora_name, lora_int_id, lora_path)`` for ``vllm.lora.request.LoRARequest``; None without an adapter.

    The path is made absolute. The id (≥ 1) is derived from that path, stable within and across processes, and
    unique within a process. The name carries the id too: vLLM compares requests by name, and two runs'
    adapters are both called ``lagdpo``.
    """
    if lora_path is None:
        return None
    if str(lora_path).strip() == "":
        raise ValueError("lora_path is empty; give the adapter folder (with adapter_config.json) or None")
    folder = Path(lora_path).expanduser().resolve()
    if not folder.exists():
        raise FileNotFoundError(f"LoRA adapter folder {folder} does not exist (lora_path={str(lora_path)!r})")
    if not folder.is_dir():
        raise NotADirectoryError(f"LoRA adapter path {folder} is a file; give the adapter's folder")
    if not (folder / "adapter_config.json").is_file():
        raise FileNotFoundError(f"LoRA adapter folder {folder} has no adapter_config.json; is it a PEFT adapter "
                                "(a trained stage's folder, e.g. runs/<name>/train/lagdpo)?")
    n = _lora_id(str(folder))
    return f"{folder.name}-{n}", n, str(folder)


def parse_outputs(outputs: Any, n_expected: int) -> list[tuple[str, int]]:
    """``(text.strip(), len(token_ids))`` of the first completion of each of vLLM's ``RequestOutput``s.

    The count of new tokens includes the EOS token when the model stopped on it, as the ``hf`` backend counts.
    Raises ``RuntimeError`` when the number of outputs is not ``n_expected``, an output has no completion, or a
    completion did not finish (a ``finish_reason`` other than stop / length), so that nothing partial is stored.
    """
    outs = list(outputs) if outputs is not None else []
    if len(outs) != n_expected:
        raise RuntimeError(f"vLLM returned {len(outs)} output(s) for {n_expected} conversation(s)")
    results = []
    for i, o in enumerate(outs):
        comps = getattr(o, "outputs", None)
        if not comps:
            raise RuntimeError(f"vLLM output {i} has no completions (outputs={comps!r})")
        first = comps[0]
        text, ids = getattr(first, "text", None), getattr(first, "token_ids", None)
        if not isinstance(text, str):
            raise RuntimeError(f"vLLM output {i}: the completion's text is {type(text).__name__}, not str")
        if ids is None:
            raise RuntimeError(f"vLLM output {i}: the completion has no token_ids")
        reason = getattr(first, "finish_reason", FINISHED[0])  # a stand-in without the field: taken as finished
        if reason not in FINISHED:
            raise RuntimeError(f"vLLM output {i} did not finish (finish_reason={reason!r}); expected one of "
                               f"{', '.join(FINISHED)}")
        results.append((text.strip(), len(ids)))
    return results
