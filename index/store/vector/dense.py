"""Dense candidates from a FAISS index, and exact scores of chosen rows.

The vectors are read in place from the index's storage (``index.store.vector.vectors.row_vectors``),
so a row's exact score costs one dot product and there is no second copy of the vectors in memory.
A filter's rows are chosen inside the search: a small subset is scored exactly (``EXACT_SUBSET``
rows at most), a larger one through a FAISS ``IDSelectorBitmap`` in ``SearchParameters``.
An ``hnswsq`` index is searched through its graph over 8-bit codes, and its rows are scored
from those codes too (``index.store.vector.codes.CodeScorer``): the graph's own scores, the same for
a row found and a row asked for, read from the pages the graph search reads anyway; its float
vectors are not read at query time. A flat index scores with the float vectors (exact).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import faiss
import numpy as np

from index.store.vector.codes import CodeScorer
from index.store.vector.vectors import hnsw_of, row_vectors

_faiss: Any = faiss  # the SWIG classes' keyword constructors are not in its type stubs

EXACT_SUBSET = 50_000
"""Allowed vectors up to this many are scored on their rows instead of searched through the index
(from the 8-bit codes in blocks, ``index.store.vector.codes``). A graph search with a filter widens
its efSearch by 1/√share and loses recall when the filter is narrow. Measured at 300k passages
(``bench/filtered_recall.py``, a year filter keeping 48,930 rows, load average ~5): scored on
its rows 18.6 ms p50, recall@100 0.993; through the graph 36.8 ms, 0.983 at efSearch 1536
(13.4 ms, 0.973 at 1024). Was 20,000, as it stays for a flat index (exact either way; its
float rows would be gathered at once)."""
FLAT_SUBSET = 20_000


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

    def __init__(self, index: Any, ef_search: int | None = None) -> None:
        self.index = index
        self.vectors = row_vectors(index)
        """Every vector, in id order: a view of the index's storage where it has one."""
        self._graph: Any = hnsw_of(index)
        if self._graph is not None and ef_search is not None:
            self._graph.hnsw.efSearch = ef_search  # the breadth for ``RESULTS`` results
        self._codes = CodeScorer.of(index)
        """``hnswsq``: the 8-bit codes its graph walks, which score its rows."""

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Scores of vectors ``ids``: exact, or from the 8-bit codes of an ``hnswsq`` index."""
        if ids.size == 0:
            return np.zeros(0, dtype=np.float32)
        if self._codes is not None:
            return self._codes.scores(query, ids)
        return np.asarray(self.vectors[ids] @ query, dtype=np.float32)

    def all_scores(self, query: np.ndarray) -> np.ndarray:
        """Every vector's score, in id order (as ``scores`` gives them)."""
        if self._codes is not None:
            return self._codes.all_scores(query)
        return np.asarray(self.vectors @ query, dtype=np.float32)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best (scores, ids), best first, among ``allowed`` (a bool mask) if given."""
        total = len(self)
        if total == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        if allowed is not None:
            count = int(np.count_nonzero(allowed))
            if count <= (EXACT_SUBSET if self._codes is not None else FLAT_SUBSET):
                ids = np.flatnonzero(allowed)
                return top(self.scores(query, ids), ids, k)
        k = min(k, total)
        searched = self.index if self._codes is None else self._graph  # hnswsq: the codes' scores
        params = self._params(k, allowed)
        with one_thread():
            found, ids = searched.search(query[None, :].astype(np.float32), k, params=params)
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
        if self._codes is not None or not isinstance(self.index, faiss.IndexRefine):
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


@contextmanager
def one_thread() -> Iterator[None]:
    """FAISS's OpenMP threads set to one in this thread while it searches one query. An exact
    search of one query otherwise splits the vectors over every core, and on a busy machine
    the threads wait for each other (measured on 2 shared cores, load average ~8: the 10k
    index's three searches took 21–94 ms with 2 threads, 7 ms with 1); a question's searches
    run side by side instead (``qa.retrieve.parallel``). OpenMP's setting is per thread: it is
    put back afterwards (a build in the same thread keeps its threads)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


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
