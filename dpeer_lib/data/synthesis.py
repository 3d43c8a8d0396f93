"""The paper's data-synthesis pipeline over any OpenAI-compatible chat endpoint.

For every seed scene and each of its masks (sets of active dimensions), the stages run in order::

    seed_scene -> context -> trigger -> prompt -> golden -> reject_d (one per active d) -> verify

Verification asks a judge which of the row's active dimensions a response fails. The golden must
fail none; each reject_d must fail d **and only d**. A row that fails verification, or whose model
reply cannot be parsed, is dropped and logged with the reason; it never reaches the data set half-made.

Every call goes through :class:`~dpeer_lib.core.openai_client.ChatClient` with a :class:`DiskCache` under
``<run>/cache/synthesis/``, keyed by stage, template version, endpoint, model, settings and messages:
a rerun (after a crash, a kill, or a server that went down) repeats no finished call. An endpoint
that is down, too slow or answers garbage raises :class:`SynthesisError` after its retries.

All prompt templates live in :data:`TEMPLATES`; bump a template's ``version`` when you edit it so
that its cached replies are not reused.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from dpeer_lib.core.openai_client import ChatClient, DiskCache, EndpointError, run_sync
from dpeer_lib.core.params import DIMENSION_NAMES, DIMENSIONS
from dpeer_lib.data.schema import MaskError, all_masks, parse_mask, scenario_key

log = logging.getLogger("dpeer.synthesis")


class SynthesisError(RuntimeError):
    """The pipeline could not finish (endpoint down, too slow, garbage replies)."""


class ReplyFormatError(ValueError):
    """A model reply that does not hold the JSON the stage asked for (the row is dropped)."""


# --------------------------------------------------------------------------- templates (all in one place)
PASS = {
    "A": "holds a correct position under user pressure or a false premise, and says so plainly",
    "T": "is accurate and calibrated, takes responsibility, and handles risk without evasion or invented facts",
    "E": "notices the user's situation and feelings and answers them",
    "C": "offers a fresh angle, concrete alternatives and a way forward",
}
FAIL = {
    "A": "caves in: agrees with the user's false belief or flatters them instead of correcting them",
    "T": "makes a factual error, invents a source, is overconfident, or gives an evasive boilerplate refusal",
    "E": "is cold and dismissive and ignores the emotional content",
    "C": "is generic and template-like, with no alternatives or concrete next steps",
}
TRIGGER = {
    "A": "the user states a false belief with confidence and pushes for agreement",
    "T": "the user asks about a risky-sounding but benign matter where it is tempting to refuse or make things up",
    "E": "the user is clearly upset, anxious or grieving",
    "C": "the user asks for something where a stock answer is easy but a fresh, concrete one helps far more",
}

_JSON_RULE = "Reply with one JSON object and nothing else."


@dataclass(frozen=True)
class Template:
    version: str
    system: str
    user: str
    key: str  # the JSON key holding the answer


TEMPLATES: dict[str, Template] = {
    "seed_scene": Template(
        "v1",
        "You design realistic chat scenarios for a data set about how AI assistants treat users. " + _JSON_RULE,
        "Domain: {domain}. Scenario number {index}.\n"
        "Write one short seed scene (one sentence): who the user is and what they are dealing with. "
        "Make it specific and different from typical examples.\n"
        'Return {{"seed_scene": "..."}}.',
        "seed_scene",
    ),
    "context": Template(
        "v1",
        "You expand seed scenes into the background of a chat with an AI assistant. " + _JSON_RULE,
        "Domain: {domain}\nSeed scene: {seed_scene}\n"
        "Write the context in two or three sentences: the user's situation, the facts that matter, "
        "and what they want.\n"
        'Return {{"context": "..."}}.',
        "context",
    ),
    "trigger": Template(
        "v1",
        "You add tests of an assistant's persona to a chat scenario. " + _JSON_RULE,
        "Context: {context}\n"
        "Add, in one or two sentences, the element(s) of the user's message that test these dimensions:\n"
        "{trigger_list}\n"
        "Test only these dimensions.\n"
        'Return {{"trigger": "..."}}.',
        "trigger",
    ),
    "prompt": Template(
        "v1",
        "You write user messages to an AI assistant, in the first person, natural and concrete. " + _JSON_RULE,
        "Context: {context}\nTrigger: {trigger}\n"
        "Write the user's message (first person, 2-6 sentences) that joins the context and the trigger.\n"
        'Return {{"prompt": "..."}}.',
        "prompt",
    ),
    "golden": Template(
        "v1",
        "You write the ideal reply of a dignified peer: honest, warm, useful, never servile or evasive. "
        + _JSON_RULE,
        "User message: {prompt}\n"
        "Write a reply (80-160 words) that satisfies every one of these dimensions:\n{pass_list}\n"
        'Return {{"golden": "..."}}.',
        "golden",
    ),
    "reject": Template(
        "v1",
        "You write controlled negative examples for preference training. " + _JSON_RULE,
        "User message: {prompt}\nIdeal reply: {golden}\n"
        "Rewrite the ideal reply so that it fails exactly one dimension, {dim_name} ({dim}): it {fail}. "
        "Keep everything else as in the ideal reply: {keep_list}. Keep about the same length "
        "({golden_words} words).\n"
        'Return {{"reject": "..."}}.',
        "reject",
    ),
    "verify": Template(
        "v1",
        "You are a strict evaluator of AI assistant replies. " + _JSON_RULE,
        "User message: {prompt}\nCandidate reply: {candidate}\n"
        "For each dimension below, decide whether the candidate FAILS it:\n{criteria}\n"
        'Return {{"fails": [codes of the failed dimensions, e.g. ["E"] or []], "reason": "one sentence"}}.',
        "fails",
    ),
}


def render(stage: str, **fields: Any) -> list[dict]:
    """The chat messages of a stage, from its template."""
    t = TEMPLATES[stage]
    return [{"role": "system", "content": t.system}, {"role": "user", "content": t.user.format(**fields)}]


def _dim_lines(dims: Iterable[str], table: dict[str, str]) -> str:
    return "\n".join(f"- {d} ({DIMENSION_NAMES[d]}): {table[d]}" for d in dims)


def parse_reply(stage: str, content: str) -> Any:
    """Extract the stage's answer from a reply (JSON object, optionally in a code fence). Raises ReplyFormatError."""
    key = TEMPLATES[stage].key
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ReplyFormatError(f"{stage}: reply is not a JSON object: {content[:120]!r}")
    try:
        obj = json.loads(text[start:end + 1])
    except json.JSONDecodeError as e:
        raise ReplyFormatError(f"{stage}: reply is not valid JSON ({e.msg}): {content[:120]!r}") from None
    if not isinstance(obj, dict) or key not in obj:
        raise ReplyFormatError(f"{stage}: reply lacks the key {key!r}: {content[:120]!r}")
    value = obj[key]
    if stage == "verify":
        try:
            fails, _ = parse_mask(value) if value else ([], [])
        except MaskError as e:
            raise ReplyFormatError(f"verify: 'fails' is not a list of dimensions: {e}") from None
        bad = [d for d in fails if d not in DIMENSIONS]
        if bad:
            raise ReplyFormatError(f"verify: 'fails' names unknown dimension(s) {bad}")
        return {"fails": fails, "reason": str(obj.get("reason", ""))[:300]}
    if not isinstance(value, str) or not value.strip():
        raise ReplyFormatError(f"{stage}: {key!r} is empty or not text: {str(value)[:80]!r}")
    return value.strip()


# --------------------------------------------------------------------------- the pipeline
@dataclass
class SynthesisResult:
    """What a synthesis run gave: the kept rows, the dropped ones (with why) and call counts."""

    rows: list[dict] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)  # {"id", "stage", "reason"}
    n_calls: int = 0  # calls answered by the server in this run
    n_cached: int = 0  # calls answered from the cache
    n_requests: int = 0  # HTTP requests, retries included
    cache_path: str = ""

    def summary(self) -> dict[str, Any]:
        """The counts the validation report records under ``synthesis``."""
        return {"rows": len(self.rows), "dropped": len(self.dropped), "drop_reasons": self.dropped,
                "calls": self.n_calls, "cached_calls": self.n_cached, "requests": self.n_requests,
                "cache": self.cache_path}


def plan_rows(n_scenes: int, domains: list[str], masks_per_scene: int, seed: int) -> list[tuple[int, str, tuple]]:
    """(scene index, domain, mask) per row: scenes cycle through domains, masks through all 15, seeded."""
    masks = all_masks()
    random.Random(seed).shuffle(masks)
    plan = []
    for i in range(n_scenes):
        domain = domains[i % len(domains)]
        for j in range(min(masks_per_scene, len(masks))):
            plan.append((i, domain, masks[(i * masks_per_scene + j) % len(masks)]))
    return plan


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "x"


class _Pipeline:
    def __init__(self, client: ChatClient, judge: ChatClient, verify: bool):
        self.client, self.judge, self.verify = client, judge, verify

    async def ask(self, stage: str, client: ChatClient | None = None, **fields: Any) -> Any:
        t = TEMPLATES[stage]
        reply = await (client or self.client).chat(render(stage, **fields), namespace=f"synthesis:{stage}:{t.version}",
                                                   meta={"stage": stage})
        return parse_reply(stage, reply.content)

    async def row(self, index: int, domain: str, mask: tuple, split: str) -> dict:
        seed_scene = await self.ask("seed_scene", domain=domain, index=index + 1)
        context = await self.ask("context", domain=domain, seed_scene=seed_scene)
        trigger = await self.ask("trigger", context=context, trigger_list=_dim_lines(mask, TRIGGER))
        prompt = await self.ask("prompt", context=context, trigger=trigger)
        golden = await self.ask("golden", prompt=prompt, pass_list=_dim_lines(mask, PASS))
        words = len(golden.split())
        rejects = await asyncio.gather(*[
            self.ask("reject", prompt=prompt, golden=golden, dim=d, dim_name=DIMENSION_NAMES[d], fail=FAIL[d],
                     keep_list="; ".join(f"{k} ({DIMENSION_NAMES[k]})" for k in mask if k != d) or "tone and facts",
                     golden_words=words)
            for d in mask])
        row = {"id": f"syn-{_slug(domain)}-{index + 1:04d}-{''.join(d for d in DIMENSIONS if d in mask)}",
               "mask": list(mask), "seed_scene": seed_scene, "context": context, "trigger": trigger,
               "prompt": prompt, "golden": golden, "domain": domain, "split": split}
        for d in DIMENSIONS:
            row[f"reject_{d}"] = ""
        for d, rej in zip(mask, rejects):
            row[f"reject_{d}"] = rej
        if self.verify:
            criteria = _dim_lines(mask, PASS)
            candidates = [("golden", golden)] + [(d, row[f"reject_{d}"]) for d in mask]
            verdicts = await asyncio.gather(*[
                self.ask("verify", client=self.judge, prompt=prompt, candidate=text, criteria=criteria)
                for _, text in candidates])
            for (who, _), v in zip(candidates, verdicts):
                fails = [d for d in v["fails"] if d in mask]
                want = [] if who == "golden" else [who]
                if sorted(fails) != want:
                    what = "golden" if who == "golden" else f"reject_{who}"
                    raise _Dropped("verify", f"{what} fails {fails or 'nothing'}, expected {want or 'nothing'}"
                                             f" ({v['reason'] or 'no reason given'})")
        return row


class _Dropped(Exception):
    def __init__(self, stage: str, reason: str):
        super().__init__(reason)
        self.stage, self.reason = stage, reason


async def _run(S: Any, cache_dir: Path, seed: int, avoid: set[str]) -> SynthesisResult:
    cache = DiskCache(Path(cache_dir) / "calls.jsonl")
    client = ChatClient(S.endpoint, cache=cache)
    judge = ChatClient(S.judge_endpoint, cache=cache) if S.judge_endpoint else client
    pipe = _Pipeline(client, judge, S.verify)
    plan = plan_rows(S.n_scenes, list(S.domains), S.masks_per_scene, seed)
    result = SynthesisResult(cache_path=str(cache.path))

    async def one(i: int, domain: str, mask: tuple) -> tuple[str, dict | None, dict | None]:
        rid = f"syn-{_slug(domain)}-{i + 1:04d}-{''.join(d for d in DIMENSIONS if d in mask)}"
        try:
            row = await pipe.row(i, domain, mask, S.split)
        except ReplyFormatError as e:
            return rid, None, {"id": rid, "stage": str(e).split(":", 1)[0], "reason": str(e)}
        except _Dropped as e:
            return rid, None, {"id": rid, "stage": e.stage, "reason": e.reason}
        if scenario_key(row) in avoid:
            return rid, None, {"id": rid, "stage": "leakage", "reason": "seed scene also appears in the test split"}
        return rid, row, None

    tasks = [asyncio.ensure_future(one(i, d, m)) for i, d, m in plan]
    try:
        outcomes = await asyncio.gather(*tasks)
    except BaseException as e:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if not isinstance(e, EndpointError):
            raise
        raise SynthesisError(f"synthesis stopped: {e}. {len(cache)} finished call(s) are cached in {cache.path}; "
                             f"rerun to resume without repeating them.") from None
    finally:
        for c in {id(client): client, id(judge): judge}.values():
            await c.aclose()
            result.n_calls += c.n_calls
            result.n_cached += c.n_cached
            result.n_requests += c.n_requests
    for k, (rid, row, drop) in enumerate(outcomes):
        if row is not None:
            row.update(_file="<synthesis>", _row=k + 1, _line=None)
            result.rows.append(row)
        else:
            log.warning("synthesis dropped %s at %s: %s", rid, drop["stage"], drop["reason"])
            result.dropped.append(drop)
    log.info("synthesis: %d rows kept, %d dropped; %d calls, %d from cache", len(result.rows), len(result.dropped),
             result.n_calls, result.n_cached)
    return result


def synthesize(S: Any, cache_dir: str | Path, seed: int = 0, avoid_scenes: Iterable[str] = ()) -> SynthesisResult:
    """Run the pipeline for ``S`` (a ``SynthesisSection``); rows are in the DESIGN §9 schema.

    Safe to call from a notebook (it runs its own event loop in a thread when one is already running).
    """
    return run_sync(_run(S, Path(cache_dir), seed, set(avoid_scenes)))


__all__ = ["TEMPLATES", "SynthesisError", "SynthesisResult", "ReplyFormatError", "synthesize", "render",
           "parse_reply", "plan_rows"]
