"""Batched generation with a stored, reusable record of every response (DESIGN §5, §9).

Two backends:

- ``hf``: batched ``transformers`` generation (left padding, the tokenizer's chat template,
  prompts sorted by length so that each batch pads little), on CPU or GPU;
- ``vllm``: used only when ``P.generation.backend == "vllm"`` *and* vLLM is importable (a clear error
  otherwise); the model is then a ``vllm.LLM`` or a model folder (one engine per folder and process;
  :func:`merged_model_folder` writes a trained system as a plain folder), and ``lora_path`` may name
  a LoRA adapter folder;
- ``openai``: any OpenAI-compatible server (``vllm serve``, SGLang, TGI, ``transformers serve``) at
  ``P.generation.server``; the model is the served model name (:func:`system_for_generation` picks it for a
  run's system, by ``P.generation.adapters``). Greedy answers match the ``hf`` backend's where the server
  renders the same chat template.

Every generation is stored in ``eval/generations.parquet`` (:class:`GenerationStore`), one row per
(system, item_id, turn), with the full message list as JSON, the settings as JSON, the seed, the
number of new tokens and the seconds it took (the batch's wall time shared equally among its
items). A rerun reuses a stored row when system, item, turn, prompt hash and settings hash match,
so an interrupted run continues where it stopped (the store is flushed after every batch).

Multi-turn conversations: a request carries a list of messages; :func:`run_conversations` plays a
fixed list of user turns (the push-back benchmark), feeding each response back in.

Reproducibility: greedy decoding (``temperature == 0``) does not depend on the batch. Sampling is
seeded per batch from ``P.generation.seed`` and the batch's keys, so it is reproducible for the
same set of pending requests, but a sampled response may change when the batch composition changes.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd
import torch
from tqdm.auto import tqdm
from transformers import GenerationConfig

from dpeer_lib.core.models import load_system
from dpeer_lib.core.params import GenerationSection

Message = dict[str, str]

COLUMNS = [
    "system",
    "item_id",
    "turn",
    "prompt",
    "prompt_hash",
    "response",
    "settings",
    "settings_hash",
    "seed",
    "n_tokens",
    "seconds",
    "backend",
]


def stable_hash(obj: Any, n: int = 16) -> str:
    """A short SHA-256 of the canonical JSON of ``obj`` (key order does not matter)."""
    blob = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:n]


@dataclass
class GenRequest:
    """One generation: a conversation (ending in a user turn) for one system and item."""

    system: str
    item_id: str
    messages: list[Message]
    turn: int = 0

    def __post_init__(self) -> None:
        self.item_id = str(self.item_id)
        _check_messages(self.messages, f"request {self.system}/{self.item_id}/turn {self.turn}")

    @property
    def prompt_json(self) -> str:
        return json.dumps(self.messages, ensure_ascii=False)

    @property
    def prompt_hash(self) -> str:
        return stable_hash(self.messages)


def _check_messages(messages: Any, where: str) -> None:
    if not isinstance(messages, list) or not messages:
        raise ValueError(f"{where}: messages must be a non-empty list of {{role, content}} dicts")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not {"role", "content"} <= set(m):
            raise ValueError(f"{where}: message {i} must be a dict with 'role' and 'content', got {m!r}")
        if m["role"] not in ("system", "user", "assistant"):
            raise ValueError(f"{where}: message {i} has unknown role {m['role']!r}")
        if not isinstance(m["content"], str):
            raise ValueError(f"{where}: message {i} content must be a string")
    if messages[-1]["role"] != "user":
        raise ValueError(f"{where}: the last message must be a user turn, got {messages[-1]['role']!r}")


def settings_of(gen: GenerationSection, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings that decide a response (and so its reuse key).

    ``extra`` adds caller facts that change responses, e.g. a fingerprint of the model weights.
    """
    s = {
        "backend": gen.backend,
        "max_new_tokens": gen.max_new_tokens,
        "temperature": gen.temperature,
        "top_p": gen.top_p if gen.temperature > 0 else 1.0,
        "seed": gen.seed,
    }
    if extra:
        s.update(extra)
    return s


# --------------------------------------------------------------------------- store
class GenerationStore:
    """``eval/generations.parquet``: append / merge API, one row per (system, item, turn, prompt, settings).

    The file is rewritten atomically (temp file + rename) on every :meth:`add`, so a killed run
    leaves either the previous or the new table, never a torn one.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._rows: dict[tuple, dict] = {}
        if self.path.exists():
            try:
                df = pd.read_parquet(self.path)
            except Exception as err:  # noqa: BLE001
                raise ValueError(f"{self.path}: cannot read the generations table: {err}") from None
            missing = [c for c in ("system", "item_id", "turn", "prompt_hash", "settings_hash") if c not in df]
            if missing:
                raise ValueError(f"{self.path}: not a generations table, columns {missing} are missing")
            for rec in df.to_dict("records"):
                self._rows[self._key_of(rec)] = rec

    @staticmethod
    def key(system: str, item_id: str, turn: int, prompt_hash: str, settings_hash: str) -> tuple:
        return (str(system), str(item_id), int(turn), str(prompt_hash), str(settings_hash))

    def _key_of(self, rec: dict) -> tuple:
        return self.key(rec["system"], rec["item_id"], rec["turn"], rec["prompt_hash"], rec["settings_hash"])

    def get(self, req: GenRequest, settings_hash: str) -> dict | None:
        return self._rows.get(self.key(req.system, req.item_id, req.turn, req.prompt_hash, settings_hash))

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, records: Iterable[dict], flush: bool = True) -> None:
        """Merge records (a later record with the same key replaces the earlier one) and save."""
        for rec in records:
            self._rows[self._key_of(rec)] = dict(rec)
        if flush:
            self.flush()

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(list(self._rows.values()), columns=COLUMNS)
        return df.astype({"turn": "int64", "seed": "int64", "n_tokens": "int64", "seconds": "float64"})

    def flush(self) -> None:
        write_parquet_atomic(self.frame(), self.path)


def write_parquet_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` to ``path`` through a temp file and a rename: a killed run leaves the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- backends
def vllm_available() -> bool:
    """Whether vLLM can be imported here."""
    try:
        import vllm  # noqa: F401
    except Exception:  # noqa: BLE001  (vLLM can fail to import for many reasons: CUDA, versions)
        return False
    return True


def _generation_config(model, tokenizer, gen: GenerationSection):
    base = getattr(model, "generation_config", None)
    eos = getattr(base, "eos_token_id", None) if base is not None else None
    if eos is None:
        eos = tokenizer.eos_token_id
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (eos[0] if isinstance(eos, list) else eos)
    kw: dict[str, Any] = dict(max_new_tokens=gen.max_new_tokens, eos_token_id=eos, pad_token_id=pad)
    if gen.temperature > 0:
        kw.update(do_sample=True, temperature=gen.temperature, top_p=gen.top_p, top_k=0)
    else:
        kw.update(do_sample=False)
    return GenerationConfig(**kw)


def chat_texts(tokenizer, convs: Sequence[list[Message]]) -> list[str]:
    """Render conversations with the tokenizer's chat template, ready for the assistant's turn."""
    if not getattr(tokenizer, "chat_template", None):
        raise ValueError("the tokenizer has no chat_template; generation needs one (see dpeer_lib.core.models)")
    return [tokenizer.apply_chat_template(m, add_generation_prompt=True, tokenize=False) for m in convs]


def hf_generate_batch(model, tokenizer, convs: Sequence[list[Message]], gen: GenerationSection,
                      seed: int | None = None) -> list[tuple[str, int]]:
    """Generate one batch with ``transformers``; returns ``(response, n_new_tokens)`` per conversation."""
    texts = chat_texts(tokenizer, convs)
    old_side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    try:
        enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    finally:
        tokenizer.padding_side = old_side
    device = next(model.parameters()).device
    enc = {k: v.to(device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
    cfg = _generation_config(model, tokenizer, gen)
    was_training = model.training
    model.eval()
    try:
        # a private RNG stream: seeding here must not disturb the caller's random state
        with torch.random.fork_rng(devices=[device.index or 0] if device.type == "cuda" else []), torch.inference_mode():
            if seed is not None:
                torch.manual_seed(seed)
            out = model.generate(**enc, generation_config=cfg)
    finally:
        if was_training:
            model.train()
    new = out[:, enc["input_ids"].shape[1]:].cpu()
    eos = cfg.eos_token_id
    eos_ids = set(eos if isinstance(eos, list) else [eos]) - {None}
    results = []
    for row in new.tolist():
        n = len(row)
        for i, t in enumerate(row):
            if t in eos_ids:
                n = i + 1
                break
        text = tokenizer.decode(row[:n], skip_special_tokens=True).strip()
        results.append((text, n))
    return results


def _vllm_generate_batch(llm, convs: Sequence[list[Message]], gen: GenerationSection,
                         lora_path: str | None = None) -> list[tuple[str, int]]:
    """One batch through ``llm.chat``; what goes in and comes out is :mod:`dpeer_lib.evaluation.vllm_io`'s."""
    from dpeer_lib.evaluation import vllm_io

    messages = vllm_io.chat_inputs(convs)
    lora = vllm_io.lora_request_args(lora_path)
    from vllm import SamplingParams  # optional and GPU-only: imported when the vllm backend is used

    kw: dict[str, Any] = {}
    if lora is not None:
        from vllm.lora.request import LoRARequest

        kw["lora_request"] = LoRARequest(*lora)
    outs = llm.chat(messages, SamplingParams(**vllm_io.sampling_kwargs(gen)), use_tqdm=False, **kw)
    return vllm_io.parse_outputs(outs, len(convs))


def _openai_generate_batch(name: str, convs: Sequence[list[Message]], gen: GenerationSection
                           ) -> list[tuple[str, int]]:
    """One batch sent to ``gen.server`` as concurrent chat completions of the served model ``name``.

    A request that fails after the endpoint's retries fails the batch (nothing of it is stored), so that a
    rerun asks again rather than keeping an empty answer.
    """
    from dpeer_lib.core.openai_client import chat_completions

    server = gen.server.model_copy(update={"temperature": gen.temperature, "max_tokens": gen.max_new_tokens})
    extra: dict[str, Any] = {"seed": gen.seed}
    if gen.temperature > 0:
        extra["top_p"] = gen.top_p
    results = chat_completions(server, [list(c) for c in convs], model=name, extra_body=extra)
    bad = [(i, r) for i, r in enumerate(results) if r.status != "ok"]
    if bad:
        i, r = bad[0]
        raise RuntimeError(f"generation.backend openai: {server.base_url} model {name!r}: {len(bad)} of "
                           f"{len(convs)} request(s) failed; the first: {r.status}: {r.detail}")
    return [((r.text or "").strip(), r.completion_tokens if r.completion_tokens is not None else -1)
            for r in results]


def system_for_generation(paths, system: str, P) -> tuple[Any, Any]:
    """What :func:`generate` takes for a run's ``system`` under ``P.generation.backend``: ``(model, tokenizer)``.

    - ``hf``: the loaded model and tokenizer (:func:`dpeer_lib.core.models.load_system`);
    - ``vllm``: the system's merged folder (:func:`merged_model_folder`) and no tokenizer;
    - ``openai``: the served model name and no tokenizer. ``adapters: merged`` writes the merged folder and
      names it by its absolute path (a server that loads models by path on demand, on this machine or one
      that sees the same disk: ``transformers serve``); ``adapters: lora`` takes
      ``served_models[system]`` (default: the system's name), e.g. for ``vllm serve <merged sft folder>
      --served-model-name sft --enable-lora --lora-modules lagdpo=<run>/train/lagdpo ...``.
    """
    gen = P.generation
    if gen.backend == "hf":
        return load_system(paths, system, P)
    if gen.backend == "openai" and gen.adapters == "lora":
        return gen.served_models.get(system, system), None
    folder = merged_model_folder(paths, system, P)
    return (str(folder.resolve()) if gen.backend == "openai" else folder), None


VLLM_ENGINES: dict[tuple, Any] = {}


def _as_vllm(model, lora: bool = False):
    if not vllm_available():
        raise RuntimeError(
            "generation.backend is 'vllm' but vLLM cannot be imported in this environment; "
            "install vllm (GPU machines) or set generation.backend: hf"
        )
    import vllm  # optional and GPU-only: imported when the vllm backend is used

    if isinstance(model, (str, Path)):
        key = (str(model), lora)
        if key not in VLLM_ENGINES:  # one engine per model for the whole process (turns, systems with LoRA)
            VLLM_ENGINES[key] = vllm.LLM(model=str(model), enable_lora=lora)
        return VLLM_ENGINES[key]
    if hasattr(model, "chat"):
        return model
    raise TypeError(
        "generation.backend 'vllm' needs a vllm.LLM or a model path, got "
        f"{type(model).__name__}; pass the base model folder and lora_path=<adapter folder>"
    )


def merged_model_folder(paths, system: str, P) -> Path:
    """A plain HF folder of a trained system (adapters merged), for vLLM; written once under ``cache/merged``."""
    out = Path(paths.cache) / "merged" / system
    if not (out / "config.json").is_file():
        model, tok = load_system(paths, system, P)
        tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        os.replace(tmp, out)
    return out


# --------------------------------------------------------------------------- main API
def generate(
    model,
    tokenizer,
    requests: Sequence[GenRequest],
    gen: GenerationSection,
    *,
    store: GenerationStore | None = None,
    extra_settings: dict[str, Any] | None = None,
    lora_path: str | None = None,
    progress: bool = True,
) -> list[dict]:
    """Generate a response for every request; return one record per request, in request order.

    Records already in ``store`` (same system, item, turn, prompt hash and settings hash) are
    reused; new ones are added to the store after every batch. Pending requests are sorted by
    prompt length (longest first) and cut into batches of ``gen.batch_size``.
    """
    settings = settings_of(gen, extra_settings)
    s_hash = stable_hash(settings)
    out, pending, dup_of = _reuse_stored(requests, store, s_hash)
    if pending:
        if gen.backend in ("vllm", "openai"):
            engine = _as_vllm(model, lora=lora_path is not None) if gen.backend == "vllm" else None
            if gen.backend == "openai" and not isinstance(model, str):
                raise TypeError(f"generation.backend 'openai' takes the served model name, got "
                                f"{type(model).__name__} (see system_for_generation)")
            lengths = {i: sum(len(m["content"]) for m in requests[i].messages) for i in pending}
        else:
            engine = None
            texts = chat_texts(tokenizer, [requests[i].messages for i in pending])
            lengths = {i: len(tokenizer(t, add_special_tokens=False)["input_ids"]) for i, t in zip(pending, texts)}
        order = sorted(pending, key=lambda i: -lengths[i])
        bs = gen.batch_size
        bar = tqdm(total=len(order), unit="item", desc=f"generate {requests[order[0]].system}",
                   disable=not progress, dynamic_ncols=True)
        n_tok, t_all = 0, 0.0
        try:
            for b in range(0, len(order), bs):
                idx = order[b:b + bs]
                convs = [requests[i].messages for i in idx]
                t0 = time.perf_counter()
                if gen.backend == "openai":
                    res = _openai_generate_batch(model, convs, gen)
                elif engine is not None:
                    res = _vllm_generate_batch(engine, convs, gen, lora_path)
                else:
                    bseed = int(stable_hash([gen.seed] + [requests[i].prompt_hash for i in idx], 8), 16)
                    res = hf_generate_batch(model, tokenizer, convs, gen, seed=bseed)
                dt = time.perf_counter() - t0
                recs = [_record(requests[i], text, n, gen, settings, s_hash, dt / len(idx))
                        for i, (text, n) in zip(idx, res)]
                for i, rec in zip(idx, recs):
                    out[i] = rec
                if store is not None:
                    store.add(recs)
                n_tok += sum(max(n, 0) for _, n in res)
                t_all += dt
                bar.update(len(idx))
                bar.set_postfix(tok_s=f"{n_tok / max(t_all, 1e-9):.1f}")
        finally:
            bar.close()
    for i, j in dup_of.items():
        out[i] = dict(out[j])
    return out  # type: ignore[return-value]


def _reuse_stored(requests: Sequence[GenRequest], store: GenerationStore | None, s_hash: str
                  ) -> tuple[list[dict | None], list[int], dict[int, int]]:
    """Records found in the store, the indices still to generate, and repeats of a pending request."""
    out: list[dict | None] = [None] * len(requests)
    pending: list[int] = []
    seen: dict[tuple, int] = {}
    dup_of: dict[int, int] = {}
    for i, req in enumerate(requests):
        hit = store.get(req, s_hash) if store is not None else None
        if hit is not None:
            out[i] = dict(hit)
            continue
        k = GenerationStore.key(req.system, req.item_id, req.turn, req.prompt_hash, s_hash)
        if k in seen:  # the same request twice in one call: generate once
            dup_of[i] = seen[k]
            continue
        seen[k] = i
        pending.append(i)
    return out, pending, dup_of


def _record(req: GenRequest, text: str, n: int, gen: GenerationSection, settings: dict[str, Any], s_hash: str,
            seconds: float) -> dict:
    """The stored row of one generated response."""
    return {
        "system": req.system, "item_id": req.item_id, "turn": int(req.turn),
        "prompt": req.prompt_json, "prompt_hash": req.prompt_hash, "response": text,
        "settings": json.dumps(settings, sort_keys=True), "settings_hash": s_hash, "seed": int(gen.seed),
        "n_tokens": int(n), "seconds": seconds, "backend": gen.backend,
    }


def requests_from_rows(rows: Sequence[dict], system: str, system_prompt: str | None = None) -> list[GenRequest]:
    """One first-turn request per PersonaKnob row (``id`` and ``prompt`` fields)."""
    reqs = []
    for n, r in enumerate(rows):
        for f in ("id", "prompt"):
            if f not in r:
                raise ValueError(f"row {n}: field {f!r} is missing (have {sorted(r)})")
        msgs = ([{"role": "system", "content": system_prompt}] if system_prompt else []) + [
            {"role": "user", "content": r["prompt"]}
        ]
        reqs.append(GenRequest(system=system, item_id=str(r["id"]), messages=msgs, turn=0))
    return reqs
