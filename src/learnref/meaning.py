"""Reranking by meaning: the optional `learnref[semantic]` extra.

The keyword search decides *whether* a query is answered and which messages are candidates;
this module only reorders those candidates, blending each one's keyword score with how close
its meaning is to the query's. A static word-embedding model (WordLlama's 256-dimension
model, installed by the extra inside the `wordllama` wheel) gives that closeness: a text's
vector is the mean of its tokens' vectors, so no network, no GPU and no neural network run.

Nothing here is imported unless the extra is installed and not switched off
(LEARNREF_SEMANTIC=off), so the default install pays nothing for it.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .search import Hit

SEMANTIC_ENV = "LEARNREF_SEMANTIC"
SWITCHED_OFF = frozenset({"0", "off", "no", "false"})
# How much of the blended score the keyword score keeps. Chosen on the dev sets (the eval
# dev split and eval4) from 0.5-0.8; below 0.7 exact-word queries began to lose their
# first result to messages that only sound alike.
KEYWORD_SHARE = 0.7
MODEL_PACKAGE = "wordllama"
WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
EMBEDDING_TENSOR = "embedding.weight"


class ModelError(Exception):
    """The model files of the extra are missing or not what this module reads."""


def installed() -> bool:
    """Whether the packages of the learnref[semantic] extra are installed."""
    return all(find_spec(name) is not None for name in ("numpy", "tokenizers", MODEL_PACKAGE))


def switched_on() -> bool:
    """Whether reranking by meaning is wanted and its packages are installed."""
    if os.environ.get(SEMANTIC_ENV, "").strip().lower() in SWITCHED_OFF:
        return False
    return installed()


def model_files() -> tuple[Path, Path]:
    """The weights and tokenizer the extra installed, found without importing the package
    (whose loader would try a download when a file is missing)."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the {MODEL_PACKAGE} package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    weights, tokenizer = root.joinpath(*WEIGHTS), root.joinpath(*TOKENIZER)
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ModelError(f"{path} is missing: reinstall learnref[semantic]")
    return weights, tokenizer


class Meaning:
    """A static embedding model: texts to unit vectors, and their closeness to a query."""

    def __init__(self, weights: Path, tokenizer: Path) -> None:
        import numpy as np
        from tokenizers import Tokenizer

        self._np = np
        self._embedding = _embedding_matrix(weights)
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as error:  # the tokenizers library raises a bare Exception
            raise ModelError(f"{tokenizer} is not a tokenizer file: {error}") from error
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def vectors(self, texts: Sequence[str]) -> Any:
        """One unit vector per text: the mean of its tokens' vectors."""
        np = self._np
        rows = []
        last = self._embedding.shape[0] - 1
        for encoding in self._tokenizer.encode_batch(list(texts), add_special_tokens=False):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last)
            if not len(ids):
                rows.append(np.zeros(self._embedding.shape[1], dtype=np.float32))
                continue
            mean = self._embedding[ids].astype(np.float32).mean(axis=0)
            norm = float(np.linalg.norm(mean))
            rows.append(mean / norm if norm else mean)
        return np.vstack(rows) if rows else np.zeros((0, self._embedding.shape[1]))

    def closeness(self, query: str, texts: Sequence[str]) -> list[float]:
        """The cosine similarity of each text to the query (from -1 to 1)."""
        if not texts:
            return []
        vectors = self.vectors([query, *texts])
        return [float(value) for value in vectors[1:] @ vectors[0]]


def _embedding_matrix(weights: Path) -> Any:
    """The embedding matrix of a safetensors file, mapped from disk rather than read whole
    (a query touches a few dozen of its 32,000 rows)."""
    import numpy as np

    dtypes = {"F16": np.float16, "F32": np.float32}
    try:
        with weights.open("rb") as stream:
            (header_size,) = struct.unpack("<Q", stream.read(8))
            header = json.loads(stream.read(header_size))
        tensor = header[EMBEDDING_TENSOR]
        start, end = tensor["data_offsets"]
        rows, columns = tensor["shape"]
        dtype = dtypes[tensor["dtype"]]
        if end - start != rows * columns * np.dtype(dtype).itemsize:
            raise ValueError("its size does not match its shape")
        return np.memmap(
            weights, dtype=dtype, mode="r", offset=8 + header_size + start, shape=(rows, columns)
        )
    except (OSError, ValueError, KeyError, TypeError, struct.error) as error:
        raise ModelError(f"{weights} is not a model file this learnref reads: {error}") from error


_loaded: list[Meaning | None] = []


def reranker() -> Callable[[str, Sequence[Hit]], tuple[Hit, ...]] | None:
    """What search reorders its results with, or None to rank by keywords alone. The model
    loads at the first reordering, so a query with nothing to reorder never pays for it."""
    if not switched_on():
        return None

    def rerank(query: str, hits: Sequence[Hit]) -> tuple[Hit, ...]:
        model = meaning()
        return tuple(hits) if model is None else reranked(query, hits, model)

    return rerank


def meaning() -> Meaning | None:
    """The model, loaded once per process; None when the extra is missing or switched off,
    or its files cannot be read (search then ranks by keywords alone)."""
    if not _loaded:
        model = None
        if switched_on():
            try:
                model = Meaning(*model_files())
            except ModelError:
                model = None
        _loaded.append(model)
    return _loaded[0]


def reranked(query: str, hits: Sequence[Hit], model: Meaning) -> tuple[Hit, ...]:
    """The keyword results reordered by a blend of keyword score and closeness in meaning;
    each score becomes the blend (0-100), so scores still fall down the list."""
    if not hits:
        return ()
    close = model.closeness(query, [hit.message.text for hit in hits])
    top = max(hit.score for hit in hits) or 1
    blended = [
        (KEYWORD_SHARE * hit.score / top + (1 - KEYWORD_SHARE) * max(similarity, 0.0), order)
        for order, (hit, similarity) in enumerate(zip(hits, close, strict=True))
    ]
    ordered = sorted(blended, key=lambda pair: (-pair[0], pair[1]))
    return tuple(
        hits[order]._replace(rank=rank, score=round(100 * value))
        for rank, (value, order) in enumerate(ordered, start=1)
    )
