"""What several test files share: the one tiny-model builder, the one preference-row builder, a free port.

A plain module (not conftest.py) because the multi-process tests import it from worker processes too.
"""
from __future__ import annotations

import random
import socket
from pathlib import Path
from typing import Sequence

from dpeer_lib.core.models import load_model
from dpeer_lib.core.params import DIMENSIONS, ModelSection, TinyModelSection

WORDS = ("you are right to ask here is a clear answer with its reasons and a way forward I think the plan "
         "is risky but we can try another option calm down it is fine sorry that sounds hard").split()


def tiny_model(cache: Path, name: str, texts: Sequence[str] | None = None, max_length: int = 96,
               tiny: TinyModelSection | None = None):
    """A random tiny Llama ``tiny:<name>`` (built once per cache folder) with its tokenizer trained on ``texts``
    (None: the library's default corpus, the shipped data)."""
    section = ModelSection(source=f"tiny:{name}", cache_dir=str(cache), max_length=max_length,
                           tiny=tiny or TinyModelSection())
    return load_model(section, train_texts=list(texts) if texts is not None else None)


def make_rows(masks: Sequence[Sequence[str]], seed: int = 0, *, split: str = "train", id_prefix: str = "r",
              scale: bool = False, prompt_words: tuple[int, int] = (5, 10),
              response_words: tuple[int, int] = (4, 6)) -> list[dict]:
    """PersonaKnob-shaped rows of random words, one per mask. ``scale``: responses grow with the number of
    active dimensions, as in PersonaKnob-lite, where the golden response has one part per active dimension."""
    rng = random.Random(seed)

    def sent(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    rows = []
    for i, mask in enumerate(masks):
        k = len(mask) if scale else 1
        row = {"id": f"{id_prefix}{i}", "mask": list(mask), "seed_scene": f"scene {split} {i}", "context": "",
               "trigger": "", "prompt": sent(rng.randint(*prompt_words)),
               "golden": sent(rng.randint(*response_words) * k), "split": split}
        for d in DIMENSIONS:
            row[f"reject_{d}"] = sent(rng.randint(*response_words) * k) if d in mask else ""
        rows.append(row)
    return rows


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
