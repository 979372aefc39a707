"""Hybrid retrieval: dense (FAISS) and BM25 scores, normalised per query and fused."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embedders import Embedder
from index.store import StoredIndex
from index.windows import best_of_windows
from qa.query import QueryInfo, asks_about_header
from qa.sections import SECTIONS, section_rows


@dataclass(frozen=True)
class Candidate:
    """A passage (by row) with its raw and fused scores (and the reranker's, if one ran)."""

    row: int
    dense: float
    bm25: float
    fused: float
    boost: float
    window: float = 0.0
    """Meaning as the better of the passage's own vector and its best window's."""
    rerank: float | None = None
    final: float | None = None

    @property
    def score(self) -> float:
        """What the candidate is ranked by: the reranked score if a reranker ran, else fused."""
        return self.fused if self.final is None else self.final


@dataclass(frozen=True)
class FusionConfig:
    """How the two retrievers are combined."""

    dense_weight: float = 0.6
    """The share of meaning (dense) in the fused score; the rest is BM25."""
    window_share: float = 0.6
    """Of the meaning share, what goes to the best window (``index.windows``) rather than the
    whole passage's vector. Measured on the external benchmarks (mean nDCG@10): 0.5 / 0 (no
    windows) 0.709, 0.6 / 0.6 0.716, a plateau from 0.55 to 0.6 and 0.5 to 0.7."""
    candidates: int = 100
    place_boost: float = 1.0
    """The reports a question names come first (their place names are left out of its BM25
    words: ``qa.query``), in fused order."""
    year_boost: float = 0.05
    header_penalty: float = 0.5
    """Title, issuer and header-field passages (``Passage.kind``) sit this much lower unless
    the question asks who published a report or when."""
    heading_penalty: float = 0.05
    """One-sentence numbered lines that are mostly their title sit a little lower."""
    section_boost: float = 0.1
    unasked_section_penalty: float = 0.03
    """A question that asks for no part of the reports asks what was done: passages of the
    shortcomings and next year's plans sit a little lower (measured on the held-out sets:
    Recall@1 up on three, no other figure down beyond one refusal)."""


def minmax(values: np.ndarray) -> np.ndarray:
    """Scale to [0, 1] over the candidates of one query (all equal → zeros)."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


class HybridRetriever:
    """Scores passages of a stored index for a query."""

    def __init__(self, stored: StoredIndex, embedder: Embedder, config: FusionConfig) -> None:
        self._stored = stored
        self._embedder = embedder
        self.config = config
        dense = stored.dense
        if hasattr(dense, "make_direct_map"):
            dense.make_direct_map()
        self._vectors = (
            dense.reconstruct_n(0, dense.ntotal)
            if dense.ntotal
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )
        self.doc_rows = np.array([p.doc_id for p in stored.passages])
        """The document id of each passage row."""
        self._years = {d.doc_id: d.meta.year for d in stored.documents}
        self._sections = {
            name: np.array(section_rows(stored.passages, name), dtype=np.float32)
            for name in SECTIONS
        }
        self._last_query: tuple[str, np.ndarray] | None = None
        kinds = np.array([p.kind for p in stored.passages])
        self._header_rows = (kinds == "header").astype(np.float32)
        self._heading_rows = (kinds == "heading").astype(np.float32)

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a query; the last one is remembered (its answer reuses it)."""
        if self._last_query is None or self._last_query[0] != text:
            self._last_query = (text, self._embedder.embed_queries([text])[0])
        return self._last_query[1]

    def dense_scores(self, query: QueryInfo) -> np.ndarray:
        return np.asarray(self._vectors @ self.query_vector(query.text), dtype=np.float32)

    def window_scores(self, query: QueryInfo, dense: np.ndarray) -> np.ndarray:
        """Each passage's meaning as the better of ``dense`` and its best window's score."""
        windows = self._stored.windows
        if not windows.rows.size:
            return dense
        scores = windows.vectors @ self.query_vector(query.text)
        return best_of_windows(dense, scores, windows.rows)

    def bm25_scores(self, query: QueryInfo) -> np.ndarray:
        if not query.lexical:
            return np.zeros(len(self._stored.passages), dtype=np.float32)
        return np.asarray(self._stored.bm25.get_scores(list(query.lexical)), dtype=np.float32)

    def in_sections(self, row: int, sections: tuple[str, ...]) -> bool:
        """Whether passage ``row`` belongs to one of those parts of its report."""
        return any(self._sections[name][row] > 0 for name in sections)

    def _boosts(self, query: QueryInfo) -> np.ndarray:
        boosts = np.zeros(len(self.doc_rows), dtype=np.float32)
        if query.doc_ids:
            boosts += self.config.place_boost * np.isin(self.doc_rows, query.doc_ids)
        if query.years:
            years = np.array([self._years.get(d) in query.years for d in self.doc_rows])
            boosts += self.config.year_boost * years
        # Asked for a part and nothing more: the part decides, its passages in score order;
        # only the named reports' part, when the question names places.
        section_boost = 1.0 if query.sections_only else self.config.section_boost
        named = np.isin(self.doc_rows, query.doc_ids) if query.doc_ids else True
        for section in query.sections:
            boosts += section_boost * self._sections[section] * named
        if not query.sections:
            for rows in self._sections.values():
                boosts -= self.config.unasked_section_penalty * rows
        # a report's title and header lines answer who published it and when, never content
        if not asks_about_header(query.text):
            boosts -= self.config.header_penalty * self._header_rows
        return boosts - self.config.heading_penalty * self._heading_rows

    def retrieve(self, query: QueryInfo, allowed: np.ndarray | None = None) -> list[Candidate]:
        """The best ``config.candidates`` passages by fused score, best first.

        Each retriever's scores are min-max scaled over all allowed passages (measured on the
        external benchmarks: better than scaling over the union of each side's top hits, which
        stretches whichever side has the narrower spread there).
        """
        total = len(self._stored.passages)
        rows = np.flatnonzero(np.ones(total, dtype=bool) if allowed is None else allowed)
        if rows.size == 0:
            return []
        all_dense = self.dense_scores(query)
        dense, bm25 = all_dense[rows], self.bm25_scores(query)[rows]
        window = self.window_scores(query, all_dense)[rows]
        boosts = self._boosts(query)[rows]
        fused = self._fuse(query, dense, window, bm25) + boosts
        n = min(self.config.candidates, rows.size)
        top = np.argpartition(-fused, n - 1)[:n]
        order = top[np.argsort(-fused[top], kind="stable")]
        return [
            Candidate(
                int(rows[i]),
                float(dense[i]),
                float(bm25[i]),
                float(fused[i]),
                float(boosts[i]),
                float(window[i]),
            )
            for i in order
        ]

    def _fuse(
        self, query: QueryInfo, dense: np.ndarray, window: np.ndarray, bm25: np.ndarray
    ) -> np.ndarray:
        # A query with no Chinese matches the reports' words only through the glossary terms
        # it was bridged to; with none, only by accident (digits, stray Latin): meaning alone.
        weight = self.config.dense_weight if query.has_report_words else 1.0
        share = self.config.window_share
        meaning = (1 - share) * minmax(dense) + share * minmax(window)
        return np.asarray(weight * meaning + (1 - weight) * minmax(bm25), dtype=np.float32)
