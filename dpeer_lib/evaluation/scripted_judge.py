"""A tiny model built to write one judge verdict: the rehearsal's and the server tests' stand-in for an LLM judge.

A random tiny model served by ``transformers serve`` never writes a ``Score: n`` line, so every ``openai``
verdict against it would be missing and nothing after the judges would ever see a score that came over HTTP.
:func:`scripted_judge_folder` builds (once, cached like ``tiny:<name>``) a copy of the tiny model whose weights
are set, not trained, so that greedy decoding after the chat template's generation prompt writes exactly
``Score: k`` and stops, whatever the prompt: every block's output projections are zero, so the model is a bigram
model over token embeddings, and the LM head maps each token of that reply to the next one. It rehearses the
HTTP path, the strict parse, caching and the IRT that follows; it judges nothing (k is fixed per folder), and two
folders with different k give two judges of known, different severity.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from dpeer_lib.core.models import _atomic_build, _cache_root, resolve_source

if TYPE_CHECKING:
    from dpeer_lib.core.params import ModelSection


def _build(base: Path, out: Path, score: int) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(base)
    net = AutoModelForCausalLM.from_pretrained(base)
    start = tok.apply_chat_template([{"role": "user", "content": "x"}], add_generation_prompt=True,
                                    tokenize=False)
    chain = [tok(start, add_special_tokens=False)["input_ids"][-1],
             *tok(f"Score: {score}", add_special_tokens=False)["input_ids"], tok.eos_token_id]
    cur, nxt = chain[:-1], chain[1:]
    if len(set(cur)) != len(cur) or len(cur) > net.config.hidden_size:
        raise ValueError(f"scripted judge: this tokenizer's reply tokens {chain} repeat; a bigram model cannot "
                         "write them")
    with torch.no_grad():
        for layer in net.model.layers:  # the residual stream is then the current token's embedding alone
            layer.self_attn.o_proj.weight.zero_()
            layer.mlp.down_proj.weight.zero_()
        emb = net.model.embed_tokens.weight.clone()
        emb[:, : len(cur)] = 0.0  # coordinates reserved for the reply's tokens
        head = torch.zeros_like(emb)
        for i, (a, b) in enumerate(zip(cur, nxt)):
            emb[a] = 0.0
            emb[a, i] = 1.0
            head[b, i] = 50.0
        net.model.norm.weight.fill_(1.0)
        net.config.tie_word_embeddings = False
        net.model.embed_tokens.weight.copy_(emb)
        net.lm_head = torch.nn.Linear(emb.shape[1], emb.shape[0], bias=False)
        net.lm_head.weight.copy_(head)
    net.generation_config.eos_token_id = tok.eos_token_id
    net.save_pretrained(out)
    tok.save_pretrained(out)
    (out / "scripted_judge.json").write_text(json.dumps({"score": score, "reply": f"Score: {score}",
                                                          "base": base.name}, indent=1))


def scripted_judge_folder(model: "ModelSection", score: int) -> Path:
    """Build (once) and return the folder of a copy of the tiny ``model`` that always replies ``Score: {score}``."""
    if not model.source.startswith("tiny:"):
        raise ValueError(f"scripted judge: builds on a tiny:<name> model, not {model.source!r}")
    if not 1 <= score <= 5:
        raise ValueError(f"scripted judge: score must be 1..5, not {score}")
    base = Path(resolve_source(model))
    out = _cache_root(model) / f"scripted-judge-{base.name}-score{score}"
    if not (out / "config.json").is_file():
        _atomic_build(out, lambda tmp: _build(base, tmp, score))
    return out
