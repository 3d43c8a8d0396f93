"""``--dry-run``: validate a parameter file, resolve what can be resolved, print the planned steps."""
from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

from dpeer_lib.core import download
from dpeer_lib.core.params import ModelSection, Params
from dpeer_lib.core.paths import REPO_ROOT, is_hub_id

# Rough sizes for GPU-hour estimates; a hub id not listed falls back to its name (e.g. "8B").
KNOWN_PARAMS = {"smollm2-135m": 0.135e9}
H100_BF16_FLOPS = 989e12  # dense peak
MFU = 0.35  # a typical LoRA/ZeRO utilisation
DECODE_TOKENS_PER_S = 2500.0  # vLLM, 7-8B, one H100, batched


def _dense_params(vocab: int, hidden: int, inter: int, layers: int) -> float:
    """Llama-style count: embeddings and head, then attention (4 h^2) and the gated MLP (3 h i) per layer."""
    return 2 * vocab * hidden + layers * (4 * hidden * hidden + 3 * hidden * inter)


def model_size(M: ModelSection) -> float:
    """Parameter count: from the tiny config or a local config.json, else guessed from a name like ``...-7B-...``."""
    if M.source.startswith("tiny:"):
        t = M.tiny
        return _dense_params(t.vocab_size, t.hidden_size, t.intermediate_size, t.num_hidden_layers)
    cfg = Path(os.path.expanduser(M.source)) / "config.json"
    if cfg.is_file():
        c = json.loads(cfg.read_text())
        if {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers"} <= c.keys():
            return _dense_params(c["vocab_size"], c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"])
    low = M.source.lower()
    for key, n in KNOWN_PARAMS.items():
        if key in low:
            return n
    m = re.search(r"(\d+(?:\.\d+)?)\s*b\b", low.replace("-", " ").replace("_", " "))
    return float(m.group(1)) * 1e9 if m else 7e9


def _check_source(src: str, what: str, problems: list[str]) -> None:
    """A local path must exist; a download source or a hub id says where it will come from."""
    local = Path(os.path.expanduser(src))
    if local.exists():
        _check(True, f"{what} {src} (local)", problems)
    elif download.is_remote(src):
        _check_download(src, what, problems)
    elif is_hub_id(src):
        _check_hub(src, what, problems)
    else:
        _check(False, f"{what} {src}: no such file or folder (relative to {Path.cwd()})", problems)


def _check_hub(src: str, what: str, problems: list[str]) -> None:
    """Notebooks run with HF_HUB_OFFLINE=1 unless it is set: only HF_HUB_OFFLINE=0 lets them download."""
    flag = os.environ.get("HF_HUB_OFFLINE")
    if flag is not None and flag.strip().lower() in ("0", "false", "no", "off"):
        _check(True, f"{what} {src}: hub id, downloaded from the Hugging Face hub into its cache on first use",
               problems)
    else:
        why = "HF_HUB_OFFLINE=1" if flag is not None else "HF_HUB_OFFLINE unset, so 1 in the notebooks"
        _check(False, f"{what} {src}: hub id ({why}: it will be refused unless already in the Hugging Face "
               "cache; set HF_HUB_OFFLINE=0 to download it on first use, or pass a local path)", problems,
               warn_only=True)


def _check_download(src: str, what: str, problems: list[str]) -> None:
    """An http(s) or ``github:`` file: cached already, or fetched (and hashed into the manifest) on first use."""
    try:
        url, sha = download.resolve(src)
    except ValueError as err:
        _check(False, f"{what} {src}: {err}", problems)
        return
    hit = download.lookup(url, sha256=sha)
    if hit is not None:
        _check(True, f"{what} {src}: downloaded already, {hit.path} (sha256 {hit.sha256[:12]})", problems)
    else:
        _check(not download.offline(), f"{what} {src}: downloaded on first use from {url} into "
               f"{download.cache_dir()}" + (f" ({download.OFFLINE_ENV}=1: it will be refused)"
                                            if download.offline() else ""), problems, warn_only=True)


def _check_sycon(spec: str, problems: list[str]) -> None:
    """``sycon:`` names a local folder, else a GitHub repository that notebook 06 downloads file by file."""
    try:
        repo, ref, path = download.parse_github(spec)
    except ValueError:
        repo = path = ""
    if not repo or path:
        _check(False, f"benchmark source sycon:{spec}: no such folder, and not a GitHub repository "
               "owner/repo[@ref]", problems)
        return
    folder = download.cache_dir() / "sycon" / repo / ref
    have = sum(1 for _ in folder.rglob("*" + download.SIDECAR_SUFFIX)) if folder.is_dir() else 0
    note = f"; {have} file(s) already there" if have else ""
    off = f" ({download.OFFLINE_ENV}=1: files not yet there will be refused)" if download.offline() else ""
    _check(not download.offline() or have > 0,
           f"benchmark source sycon:{spec}: not a local folder; GitHub repository {repo} at {ref}, downloaded on "
           f"first use from {download.github_base()}/{repo}/{ref}/ into {folder}{note}{off}", problems,
           warn_only=True)


def _check(ok: bool, what: str, problems: list[str], warn_only: bool = False) -> None:
    mark = "ok " if ok else ("?? " if warn_only else "ERR")
    print(f"  [{mark}] {what}")
    if not ok and not warn_only:
        problems.append(what)


def _endpoint_reachable(base_url: str) -> bool:
    try:
        import httpx

        httpx.get(base_url.rstrip("/") + "/models", timeout=2.0)
        return True
    except Exception:
        return False


def dry_run(P: Params, source: str) -> int:
    """Print the plan; return 0 when nothing blocks the run (unreachable endpoints only warn)."""
    problems: list[str] = []
    print(f"{source}: parameters valid (profile {P.profile}, hash {P.digest()})")
    print("resolving:")
    src = P.model.source
    local = Path(os.path.expanduser(src))
    if src.startswith(("tiny:", "bundled:")):
        _check(True, f"model {src} (built offline)", problems)
    elif local.exists():
        _check((local / "config.json").is_file(), f"model folder {local} has config.json", problems)
    else:
        _check_source(src, "model", problems)
    dsrc = P.data.source
    if dsrc == "personaknob_lite":
        _check((REPO_ROOT / "data/personaknob_lite/train.csv").is_file(), "data: shipped PersonaKnob-lite", problems)
    else:
        _check_source(dsrc, "data", problems)
    for bench in (P.benchmarks.over_refusal.sources, P.benchmarks.sycophancy.sources):
        for s in bench:
            if s in ("probes", "are_you_sure"):
                _check(True, f"benchmark source {s} (shipped)", problems)
            elif s.startswith("sycon:") and not Path(os.path.expanduser(s[6:])).exists():
                _check_sycon(s[6:], problems)
            else:
                _check_source(s.split(":", 1)[1] if s.startswith("sycon:") else s, "benchmark source", problems)
    if P.compute.num_processes > 1 or P.compute.accelerate_config:
        cfg = REPO_ROOT / (P.compute.accelerate_config or "")
        _check(cfg.is_file(), f"accelerate config {P.compute.accelerate_config}", problems)
    if P.generation.backend == "vllm":
        _check(importlib.util.find_spec("vllm") is not None,
               "vllm installed (pip install vllm on the GPU machine)", problems, warn_only=True)
    for j in P.judges:
        if j.kind == "openai" and j.endpoint is not None:
            key_ok = j.endpoint.api_key_env is None or j.endpoint.api_key_env in os.environ
            _check(key_ok, f"judge {j.name}: API key variable {j.endpoint.api_key_env}", problems, warn_only=True)
            _check(_endpoint_reachable(j.endpoint.base_url), f"judge {j.name}: {j.endpoint.base_url} reachable",
                   problems, warn_only=True)
        else:
            _check(True, f"judge {j.name} ({j.kind})", problems)

    n = model_size(P.model)
    tokens_per_prompt = P.model.max_length
    k_mean = 2.0  # mean active dimensions per PersonaKnob row (1..4)
    sft_tokens = P.train.sft.max_steps * P.train.sft.batch_size * P.train.sft.grad_accum * P.compute.num_processes * tokens_per_prompt
    dpo_tokens = (P.train.dpo.max_steps * P.train.dpo.batch_size * P.train.dpo.grad_accum * P.compute.num_processes
                  * tokens_per_prompt * (1 + k_mean) * 2)  # policy + reference forwards
    def gpu_h(tokens: float) -> float:
        return 6 * n * tokens / (H100_BF16_FLOPS * MFU) / 3600

    systems = 2 + len(P.train.dpo.methods)
    gen_items = (P.generation.max_items or 220) * systems
    gen_h = gen_items * P.generation.max_new_tokens / DECODE_TOKENS_PER_S / 3600
    bench_h = systems * ((P.benchmarks.over_refusal.max_items or 450) + (P.benchmarks.sycophancy.max_items or 200)
                         * (1 + P.benchmarks.sycophancy.max_turns)) * P.generation.max_new_tokens / DECODE_TOKENS_PER_S / 3600
    steps = [
        ("01_data_build", "load, validate and write the data", 0.0),
        ("02_sft", f"SFT {P.train.sft.max_steps} steps", gpu_h(sft_tokens)),
        ("03_lag_dpo", f"{len(P.train.dpo.methods)} DPO methods x {P.train.dpo.max_steps} steps",
         len(P.train.dpo.methods) * gpu_h(dpo_tokens)),
        ("04_gradient_cancellation", f"{P.gradients.analysis_rows} rows x checkpoints", 0.05),
        ("05_irt_calibration", f"generate {gen_items} answers, {len(P.judges)} judges x 4 dimensions", gen_h),
        ("06_benchmark_tables", "over-refusal and push-back benchmarks for each system", bench_h),
    ]
    size = f"{n / 1e9:.2f}B" if n >= 1e9 else f"{n / 1e6:.1f}M"
    print(f"plan (model ~{size} parameters, {P.compute.num_processes} process(es); "
          "rough H100 GPU-hours at 35% MFU):")
    for name, what, h in steps:
        print(f"  {name:28s} {what:60s} ~{h:6.2f} GPU-h")
    print(f"  {'total':28s} {'':60s} ~{sum(h for *_, h in steps):6.2f} GPU-h")
    if problems:
        print(f"dry run found {len(problems)} blocking problem(s):")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("dry run ok: nothing was executed")
    return 0
