"""Optional second stage: a cross-encoder reads (question, passage) pairs and reorders the top.

Off by default (no Chinese cross-encoder ships offline). Turn it on with
``FAZHI_RERANKER=st:<local model path or name>`` (a sentence-transformers ``CrossEncoder``)
or ``fake`` (deterministic character-bigram overlap, for tests and demos).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.embed.embedders import load_sentence_transformers
from index.errors import EncoderError
from qa.retrieve.fusion import Candidate, minmax

logger = logging.getLogger(__name__)


@runtime_checkable
class Reranker(Protocol):
    """Scores how well each passage answers the query (higher is better)."""

    @property
    def name(self) -> str: ...

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class RerankConfig:
    """How many fused candidates are reread, and how much the reranker decides.

    ``weight`` 1.0 orders the reread candidates by the reranker alone; lower values blend its
    min-max normalised score with the fused score.
    """

    top: int = 30
    weight: float = 1.0


class CrossEncoderReranker:
    """A sentence-transformers ``CrossEncoder`` from a local folder or a model name."""

    def __init__(self, model: str, batch_size: int = 16, max_length: int = 512) -> None:
        self._model: Any = load_sentence_transformers(
            "CrossEncoder", model, "cross-encoder", max_length=max_length
        )
        self._spec = model
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return f"st:{self._spec}"

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        if not passages:
            return np.zeros(0, dtype=np.float32)
        scores = self._model.predict(
            [(query, p) for p in passages],
            batch_size=self._batch_size,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        scores = np.asarray(scores, dtype=np.float32)
        # A model with several labels scores each pair per label: use the last ("relevant").
        return scores[:, -1] if scores.ndim == 2 else scores


class FakeReranker:
    """Dice overlap of character bigrams: deterministic and model-free (tests, demos)."""

    name = "fake"

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        wanted = _bigrams(query)
        out = np.zeros(len(passages), dtype=np.float32)
        for row, text in enumerate(passages):
            have = _bigrams(text)
            if wanted and have:
                out[row] = 2 * len(wanted & have) / (len(wanted) + len(have))
        return out


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not text[i : i + 2].isspace()}


def make_reranker(spec: str | None) -> Reranker | None:
    """A reranker from its spec: none (``None``, ``""``, ``none``), ``fake`` or ``st:<model>``."""
    if spec is None or spec.strip().lower() in ("", "none", "off"):
        return None
    spec = spec.strip()
    if spec == "fake":
        return FakeReranker()
    if spec.startswith(("st:", "cross-encoder:")):
        return CrossEncoderReranker(spec.split(":", 1)[1])
    raise EncoderError(f"unknown reranker {spec!r}: use 'st:<model path or name>', 'fake' or none")


def rerank(
    query: str,
    ranked: list[Candidate],
    texts: Sequence[str],
    reranker: Reranker,
    config: RerankConfig,
) -> list[Candidate]:
    """Reorder the first ``config.top`` candidates; ``texts`` are their passages, in order."""
    head, tail = ranked[: config.top], ranked[config.top :]
    if not head:
        return ranked
    scores = reranker.score(query, list(texts[: len(head)]))
    if scores.shape != (len(head),):
        raise EncoderError(
            f"reranker {reranker.name!r} returned {scores.shape} scores for {len(head)} passages"
        )
    fused = np.array([c.score for c in head], dtype=np.float32)
    blended = config.weight * minmax(scores) + (1 - config.weight) * minmax(fused)
    # The reread head stays above the tail: it was the best of the first stage.
    floor = max((c.score for c in tail), default=0.0)
    order = np.argsort(-blended, kind="stable")
    reread = [
        replace(head[i], rerank=float(scores[i]), final=floor + 1.0 + float(blended[i]))
        for i in order
    ]
    logger.debug("reranked %d candidates with %s", len(head), reranker.name)
    return reread + tail
