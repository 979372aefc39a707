"""Hybrid retrieval: each candidate passage's dense (FAISS) and BM25 scores, handed to fusion
(``qa.retrieve.fusion``).

Up to ``FusionConfig.exact_rows`` allowed passages, every one is scored (exact). Above, the
candidates are the union of the best passages by their own vector, by their best window and by
BM25 (each from its index, a filter applied inside the search), plus every passage of a report
the question names or of the part it asks for alone; each candidate then gets its exact scores.
With them, each side's floor: its lowest score over all allowed passages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from index.chunk.windows import best_of_windows
from index.embed.embedders import Embedder
from index.models import Document, Passage
from index.store.folder.files import StoredIndex
from index.store.local import LocalStore
from index.store.protocol import Found, IndexStore
from qa.analyse.query import QueryInfo
from qa.retrieve.fusion import Candidate, FusionConfig, Scored, rank
from qa.retrieve.parallel import side_by_side
from qa.retrieve.rows import RowTable

FLOOR_SAMPLE = 8
"""The least similar passages searched for a dense side's floor."""


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

    # -- one query ------------------------------------------------------------------------------
    def retrieve(self, query: QueryInfo, allowed: np.ndarray | None = None) -> list[Candidate]:
        """The best ``config.candidates`` passages by fused score, best first."""
        return rank(self.config, self.table, query, self.score(query, allowed))

    def score(self, query: QueryInfo, allowed: np.ndarray | None = None) -> Scored:
        """Each side's scores of every allowed passage (up to ``config.exact_rows``), or of the
        union of each index's best (above)."""
        count = self.table.size if allowed is None else int(np.count_nonzero(allowed))
        if count == 0:
            empty = np.zeros(0, dtype=np.float32)
            return Scored(empty.astype(np.int64), empty, empty, empty)
        if count <= self.config.exact_rows:
            return self._score_all(query, allowed)
        return self._score_candidates(query, allowed)

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
        parts, bm25_floor, lowest = self._searched(vector, tokens, allowed, floor=True)
        for subset in self._boosted_subsets(query, allowed):
            if subset.dtype == bool:
                parts.extend(self._searched(vector, tokens, subset)[0])
            else:
                parts.append(subset)
        low, low_rows = -lowest.scores, lowest.ids
        scored = self._score_rows(query, np.unique(np.concatenate(parts)))
        window_floor = float(self._best_windows(vector, low_rows, low).min(initial=1.0))
        floors = (float(low.min(initial=1.0)), window_floor, bm25_floor)
        return Scored(scored.rows, scored.dense, scored.window, scored.bm25, floors)

    def _searched(
        self,
        vector: np.ndarray,
        tokens: Sequence[str],
        allowed: np.ndarray | None,
        floor: bool = False,
    ) -> tuple[list[np.ndarray], float, Found]:
        """The rows each index finds best among ``allowed``; the lowest allowed BM25 score;
        with ``floor``, the least similar passages (else none). The searches run side by
        side (``qa.retrieve.parallel``)."""
        k, store = self.config.candidates, self.store
        calls: list[Callable[[], Any]] = [
            partial(store.lexical_search, tokens, k, allowed),
            partial(store.dense_search, "window", vector, k, allowed),  # the longest first
            partial(store.dense_search, "passage", vector, k, allowed),
        ]
        if floor:
            calls.append(partial(store.dense_search, "passage", -vector, FLOOR_SAMPLE, allowed))
        lexical, windows, dense, *lowest = side_by_side(calls)
        rows = [dense.ids, self._window_rows[windows.ids], lexical.rows]
        return rows, lexical.floor, lowest[0] if lowest else Found.empty()

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
