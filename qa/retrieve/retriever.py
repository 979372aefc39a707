"""Hybrid retrieval: dense (FAISS) and BM25 scores, normalised per query and fused.

Up to ``FusionConfig.exact_rows`` allowed passages, every one is scored (exact). Above, the
candidates are the union of the best passages by their own vector, by their best window and by
BM25 (each from its index, a filter applied inside the search), plus every passage of a report
the question names or of the part it asks for alone; each candidate then gets its exact scores.
Each side is min-max scaled from its lowest score over all allowed passages (dense: found by
searching for the negated query; BM25: from its postings) to its best, as in exact scoring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from index.chunk.windows import best_of_windows
from index.embed.embedders import Embedder
from index.models import Document, Passage
from index.store.files import StoredIndex
from index.store.local import LocalStore
from index.store.protocol import IndexStore
from qa.analyse.query import QueryInfo, asks_about_header
from qa.retrieve.rows import RowTable

FLOOR_SAMPLE = 8
"""The least similar passages searched for a dense side's floor."""


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
    """Of the meaning share, what goes to the best window (``index.chunk.windows``) rather than the
    whole passage's vector. Measured on the external benchmarks (mean nDCG@10): 0.5 / 0 (no
    windows) 0.709, 0.6 / 0.6 0.716, a plateau from 0.55 to 0.6 and 0.5 to 0.7."""
    candidates: int = 100
    place_boost: float = 1.0
    """The reports a question names come first (their place names are left out of its BM25
    words: ``qa.analyse.query``), in fused order."""
    year_boost: float = 0.05
    header_penalty: float = 0.5
    """Title, issuer and header-field passages (``Passage.kind``) sit this much lower unless
    the question asks who published a report or when."""
    heading_penalty: float = 0.05
    """One-sentence numbered lines that are mostly their title sit a little lower."""
    section_boost: float = 0.1
    exact_rows: int = 5000
    """Up to this many allowed passages, all are scored; above, candidates come from the
    indexes (``qa.retrieve.dense``, ``qa.retrieve.lexical``)."""
    unasked_section_penalty: float = 0.03
    """A question that asks for no part of the reports asks what was done: passages of the
    shortcomings and next year's plans sit a little lower (measured on the held-out sets:
    Recall@1 up on three, no other figure down beyond one refusal)."""


def minmax(values: np.ndarray, floor: float | None = None) -> np.ndarray:
    """Scale to [0, 1] over the candidates of one query (all equal → zeros); ``floor``: the
    lowest score of all the passages they were chosen from, if lower than theirs."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if floor is not None:
        low = min(low, floor)
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


@dataclass(frozen=True)
class Scored:
    """The rows scored for one query and each side's scores (and floors, if not all rows)."""

    rows: np.ndarray
    dense: np.ndarray
    window: np.ndarray
    bm25: np.ndarray
    floors: tuple[float, float, float] | None = None


class HybridRetriever:
    """Scores passages of a stored index for a query."""

    def __init__(
        self,
        store: IndexStore | StoredIndex,
        embedder: Embedder,
        config: FusionConfig,
        documents: Sequence[Document] | None = None,
        passages: Sequence[Passage] | None = None,
    ) -> None:
        """``documents`` / ``passages``: the store's as the question is read (the simplified
        form of reports in traditional script), if not the store's own."""
        self.store: IndexStore = LocalStore(store) if isinstance(store, StoredIndex) else store
        self._embedder = embedder
        self.config = config
        self._window_rows = self.store.window_rows
        self.table = RowTable.build(
            self.store.documents if documents is None else documents,
            self.store.passages if passages is None else passages,
            self._window_rows,
            self.store.doc_of_row,
        )
        self._last_query: tuple[str, np.ndarray] | None = None
        # One query's products are small (a few thousand rows at most): BLAS threads only wait
        # for each other, and on a busy machine far longer (measured, 2 shared cores under load:
        # 3.8k x 384 float32 by a vector 17 ms with 2 OpenBLAS threads, 0.6 ms with 1).
        threadpool_limits(1, user_api="blas")

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a query; the last one is remembered (its answer reuses it)."""
        if self._last_query is None or self._last_query[0] != text:
            self._last_query = (text, self._embedder.embed_queries([text])[0])
        return self._last_query[1]

    # -- every passage (tests, small corpora) -------------------------------------------------
    def dense_scores(self, query: QueryInfo) -> np.ndarray:
        """Every passage's own dense score."""
        return self.store.dense_scores("passage", self.query_vector(query.text), None)

    def window_scores(self, query: QueryInfo, dense: np.ndarray) -> np.ndarray:
        """Each passage's meaning as the better of ``dense`` and its best window's score."""
        if not self._window_rows.size:
            return dense
        scores = self.store.dense_scores("window", self.query_vector(query.text), None)
        return best_of_windows(dense, scores, self._window_rows)

    def bm25_scores(self, query: QueryInfo) -> np.ndarray:
        """Every passage's BM25 score."""
        return self.store.lexical_scores(query.lexical, None)

    def in_sections(self, row: int, sections: tuple[str, ...]) -> bool:
        """Whether passage ``row`` belongs to one of those parts of its report."""
        return any(self.table.sections[name][row] > 0 for name in sections)

    def allowed_rows(self, doc_ids: list[str]) -> np.ndarray:
        """The mask of the passages of those documents."""
        return self.table.row_mask(self.table.doc_mask(doc_ids))

    # -- one query ------------------------------------------------------------------------------
    def retrieve(self, query: QueryInfo, allowed: np.ndarray | None = None) -> list[Candidate]:
        """The best ``config.candidates`` passages by fused score, best first.

        Each retriever's scores are min-max scaled over all allowed passages (measured on the
        external benchmarks: better than scaling over the union of each side's top hits, which
        stretches whichever side has the narrower spread there).
        """
        total = self.table.size
        count = total if allowed is None else int(np.count_nonzero(allowed))
        if count == 0:
            return []
        if count <= self.config.exact_rows:
            scored = self._score_all(query, allowed)
        else:
            scored = self._score_candidates(query, allowed)
        rows = scored.rows
        boosts = self._boosts(query, rows)
        fused = self._fuse(query, scored) + boosts
        n = min(self.config.candidates, rows.size)
        top = np.argpartition(-fused, n - 1)[:n]
        order = top[np.argsort(-fused[top], kind="stable")]
        return [
            Candidate(
                int(rows[i]),
                float(scored.dense[i]),
                float(scored.bm25[i]),
                float(fused[i]),
                float(boosts[i]),
                float(scored.window[i]),
            )
            for i in order
        ]

    def _score_all(self, query: QueryInfo, allowed: np.ndarray | None) -> Scored:
        """Every allowed passage, scored."""
        if allowed is None:
            dense = self.dense_scores(query)
            window = self.window_scores(query, dense)
            rows = np.arange(self.table.size)
            return Scored(rows, dense, window, self.bm25_scores(query))
        return self._score_rows(query, np.flatnonzero(allowed))

    def _score_rows(self, query: QueryInfo, rows: np.ndarray) -> Scored:
        """Exact scores of passages ``rows``."""
        vector = self.query_vector(query.text)
        dense = self.store.dense_scores("passage", vector, rows)
        window = self._best_windows(vector, rows, dense)
        bm25 = self.store.lexical_scores(query.lexical, rows)
        return Scored(rows, dense, window, bm25)

    def _best_windows(self, vector: np.ndarray, rows: np.ndarray, dense: np.ndarray) -> np.ndarray:
        ids, owner = self.table.windows_of(rows)
        best = np.array(dense, dtype=np.float32, copy=True)
        if ids.size:
            np.maximum.at(best, owner, self.store.dense_scores("window", vector, ids))
        return best

    def _score_candidates(self, query: QueryInfo, allowed: np.ndarray | None) -> Scored:
        """The union of each index's best passages (and of the boosted subsets), scored."""
        vector = self.query_vector(query.text)
        tokens = query.lexical
        parts, bm25_floor = self._searched(vector, tokens, allowed)
        for subset in self._boosted_subsets(query, allowed):
            if subset.dtype == bool:
                parts.extend(self._searched(vector, tokens, subset)[0])
            else:
                parts.append(subset)
        lowest = self.store.dense_search("passage", -vector, FLOOR_SAMPLE, allowed)
        low, low_rows = -lowest.scores, lowest.ids
        scored = self._score_rows(query, np.unique(np.concatenate(parts)))
        window_floor = float(self._best_windows(vector, low_rows, low).min(initial=1.0))
        floors = (float(low.min(initial=1.0)), window_floor, bm25_floor)
        return Scored(scored.rows, scored.dense, scored.window, scored.bm25, floors)

    def _searched(
        self, vector: np.ndarray, tokens: Sequence[str], allowed: np.ndarray | None
    ) -> tuple[list[np.ndarray], float]:
        """The rows each index finds best among ``allowed``; the lowest allowed BM25 score."""
        k = self.config.candidates
        dense = self.store.dense_search("passage", vector, k, allowed)
        windows = self.store.dense_search("window", vector, k, allowed)
        lexical = self.store.lexical_search(tokens, k, allowed)
        return [dense.ids, self._window_rows[windows.ids], lexical.rows], lexical.floor

    def _boosted_subsets(self, query: QueryInfo, allowed: np.ndarray | None) -> list[np.ndarray]:
        """Passages a boost may lift to the top whatever their scores: the named reports', and
        the part asked for alone. Small ones as rows (all scored), large ones as masks."""
        subsets: list[np.ndarray] = []
        if query.doc_ids:
            rows = self.table.rows_of(query.doc_ids)
            if allowed is not None:
                rows = rows[allowed[rows]]
            subsets.append(rows)
        elif query.sections_only:
            mask = np.zeros(self.table.size, dtype=bool)
            for section in query.sections:
                mask |= self.table.sections[section] > 0
            subsets.append(mask if allowed is None else mask & allowed)
        return [self._rows_or_mask(s) for s in subsets]

    def _rows_or_mask(self, subset: np.ndarray) -> np.ndarray:
        """A subset as its rows if small enough to score them all, else as a mask to search."""
        rows = np.flatnonzero(subset) if subset.dtype == bool else subset
        if rows.size <= self.config.exact_rows:
            return rows
        mask = np.zeros(self.table.size, dtype=bool)
        mask[rows] = True
        return mask

    def _boosts(self, query: QueryInfo, rows: np.ndarray) -> np.ndarray:
        boosts = np.zeros(rows.size, dtype=np.float32)
        docs = self.table.doc_of_row[rows]
        named: np.ndarray | float = 1.0
        if query.doc_ids:
            named = self.table.doc_mask(query.doc_ids)[docs]
            boosts += self.config.place_boost * named
        if query.years:
            years = np.isin(self.table.doc_year[docs], np.array(query.years, dtype=np.int32))
            boosts += self.config.year_boost * years
        # Asked for a part and nothing more: the part decides, its passages in score order;
        # only the named reports' part, when the question names places.
        section_boost = 1.0 if query.sections_only else self.config.section_boost
        for section in query.sections:
            boosts += section_boost * self.table.sections[section][rows] * named
        if not query.sections:
            for part in self.table.sections.values():
                boosts -= self.config.unasked_section_penalty * part[rows]
        # a report's title and header lines answer who published it and when, never content
        if not asks_about_header(query.text):
            boosts -= self.config.header_penalty * self.table.kinds["header"][rows]
        return boosts - self.config.heading_penalty * self.table.kinds["heading"][rows]

    def _fuse(self, query: QueryInfo, scored: Scored) -> np.ndarray:
        # A query with no Chinese matches the reports' words only through the glossary terms
        # it was bridged to; with none, only by accident (digits, stray Latin): meaning alone.
        weight = self.config.dense_weight if query.has_report_words else 1.0
        share = self.config.window_share
        dense_floor, window_floor, bm25_floor = scored.floors or (None, None, None)
        meaning = (1 - share) * minmax(scored.dense, dense_floor) + share * minmax(
            scored.window, window_floor
        )
        lexical = minmax(scored.bm25, bm25_floor)
        return np.asarray(weight * meaning + (1 - weight) * lexical, dtype=np.float32)
