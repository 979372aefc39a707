"""Dense candidates from a FAISS index, and exact scores of chosen rows.

The vectors are read in place from the index's storage (``index.store.vectors.row_vectors``), so a
row's exact score costs one dot product and there is no second copy of the vectors in memory.
A filter's rows are chosen inside the search: a small subset is scored exactly (``EXACT_SUBSET``
rows at most), a larger one through a FAISS ``IDSelectorBitmap`` in ``SearchParameters``.
An ``hnswsq`` index is searched through its graph over 8-bit codes; twice the results asked
are re-scored exactly with their float vectors, read from the file by ``pread`` when the index
is memory-mapped (``index.store.vectors.MappedRows``), and the best returned with exact scores.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

from index.store.vectors import MappedRows, hnsw_of, row_vectors

_faiss: Any = faiss  # the SWIG classes' keyword constructors are not in its type stubs

EXACT_SUBSET = 20_000
"""Allowed vectors up to this many are scored exactly instead of searched through the index
(gathering and scoring 20k vectors: a few ms; HNSW with a filter this narrow loses recall)."""


RESULTS = 100
"""The number of results ``efSearch`` is set for (the retriever's candidates per index)."""
MIN_BREADTH = 64


def top(scores: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best (score, id) pairs, best first."""
    if scores.size > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        scores, ids = scores[keep], ids[keep]
    order = np.argsort(-scores, kind="stable")
    return scores[order], ids[order]


class DenseSide:
    """Searches one FAISS index (passages or windows) by inner product."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.vectors = row_vectors(index)
        """Every vector, in id order: a view of the index's storage where it has one."""
        self._graph: Any = hnsw_of(index)
        self._refined = isinstance(index, faiss.IndexRefine)
        self._rows = MappedRows.of(self.vectors) if self._refined else None
        """``hnswsq``: the float rows read from the file, not through the map (re-scoring)."""

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact scores of vectors ``ids``."""
        if ids.size == 0:
            return np.zeros(0, dtype=np.float32)
        rows = self.vectors[ids] if self._rows is None else self._rows[ids]
        return np.asarray(rows @ query, dtype=np.float32)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best (scores, ids), best first, among ``allowed`` (a bool mask) if given."""
        total = len(self)
        if total == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        if allowed is not None:
            count = int(np.count_nonzero(allowed))
            if count <= EXACT_SUBSET:
                ids = np.flatnonzero(allowed)
                return top(self.scores(query, ids), ids, k)
        k = min(k, total)
        if self._rows is not None:  # the graph's best, re-scored here with the float rows
            wide = min(int(k * self.index.k_factor), total)
            params = self._graph_params(wide, allowed)
            _, ids = self._graph.search(query[None, :].astype(np.float32), wide, params=params)
            ids = ids[0][ids[0] >= 0].astype(np.int64)
            return top(self.scores(query, ids), ids, k)
        params = self._params(k, allowed)
        found, ids = self.index.search(query[None, :].astype(np.float32), k, params=params)
        keep = ids[0] >= 0
        return found[0][keep].astype(np.float32), ids[0][keep].astype(np.int64)

    def lowest(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` least similar (scores, ids): the floor of a min-max scaling, found by
        searching for the negated query."""
        scores, ids = self.search(-query, k, allowed)
        return -scores, ids

    def _params(self, k: int, allowed: np.ndarray | None) -> Any:
        if self._graph is None:
            selector = _selector(allowed)
            return None if selector is None else _faiss.SearchParameters(sel=selector)
        graph = self._graph_params(k, allowed)
        if not self._refined:
            return graph
        params = _faiss.IndexRefineSearchParameters(
            k_factor=self.index.k_factor, base_index_params=graph
        )
        params.graph_ref = graph  # kept alive as long as the parameters
        return params

    def _graph_params(self, k: int, allowed: np.ndarray | None) -> Any:
        share = 1.0 if allowed is None else max(np.count_nonzero(allowed) / len(allowed), 0.01)
        ef = int(search_breadth(self._graph.hnsw.efSearch, k) / share**0.5)
        selector = _selector(allowed)
        return _faiss.SearchParametersHNSW(sel=selector, efSearch=min(ef, 4 * len(self)))


def _selector(allowed: np.ndarray | None) -> Any:
    if allowed is None:
        return None
    bits = np.packbits(allowed.astype(np.uint8), bitorder="little")
    selector = _faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
    selector.bits_ref = bits  # keep the bitmap alive as long as the selector
    return selector


def search_breadth(ef_search: int, k: int) -> int:
    """HNSW's candidate list for ``k`` results: ``ef_search`` is the breadth for ``RESULTS``
    results; fewer (the floor's few least similar passages) need proportionally fewer."""
    return max(k, ef_search * min(k, RESULTS) // RESULTS, MIN_BREADTH)
