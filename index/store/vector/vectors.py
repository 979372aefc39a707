"""FAISS indexes of the passage and window vectors: which kind, how built, how read.

``auto`` (the default) is exact search (``IndexFlatIP``) up to ``HNSW_FROM`` vectors and
``hnswsq`` above: measured on 2 shared cores, one exact query costs about 0.18 µs per
384-dimensional vector (37 ms at 200k vectors), an HNSW query a few ms at any size
(``bench/scale.py``). ``hnswsq`` walks its HNSW graph over 8-bit codes of the vectors
(``IndexHNSWSQ``, 384 bytes a vector instead of 1,536), kept inside an ``IndexRefineFlat``
with the float vectors (what an update rebuilds the graph from); the query side scores its rows
from the codes (``index.store.vector.codes``): a search reads a quarter of the bytes the float graph
(``hnsw``) read, and no float vector. Indexes are
read memory-mapped where FAISS can (``IO_FLAG_MMAP_IFC``: flat vectors, 8-bit codes), so the
vectors live in the page cache, shared by every process that reads the same index, and the
query side reads them in place (``row_vectors``) instead of copying them out.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import faiss
import numpy as np

_faiss: Any = faiss  # the SWIG classes' constructors are not in its type stubs

KINDS = ("auto", "flat", "hnsw", "hnswsq", "ivf")
GRAPHS = ("hnsw", "hnswsq")
HNSW_FROM = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 1024
"""Candidates HNSW keeps while building and searching (for ``dense.RESULTS`` results). Measured
on the 10k generated corpus of ``bench/scale.py`` (fake encoder, many near-identical
paragraphs), recall@100 against exact search: efConstruction 40 / efSearch 256 0.898; 200 /
256 0.978; 200 / 512 0.994 (1.7 ms a query); building with 200 takes about twice as long as
with 40. For the 8-bit graph see ``SQ_EF_CONSTRUCTION``."""
SQ_EF_CONSTRUCTION = 200
"""efConstruction of the 8-bit graph. Measured on 100k distinct generated passages
(``bench/distinct.py``, fake encoder, scores from the codes), recall@100 at efSearch 512 /
1024: 80 → 0.928 / 0.962, 128 → 0.957 / 0.980, 200 → 0.972 / 0.987 (M 48 at 80: 0.968 /
0.984, with half as many links again); one search at efSearch 1024 2.4–2.8 ms against
1.2–1.6 at 512. 200 builds about 2.5 times as long as 80."""
EF_SEARCH_FROM = 150_000
EF_SEARCH_GROWTH = 0.6
"""A graph of more than ``EF_SEARCH_FROM`` vectors is searched with efSearch ``HNSW_EF_SEARCH`` ×
(count / ``EF_SEARCH_FROM``) ** ``EF_SEARCH_GROWTH`` (``ef_search_for``), so that recall@100
stays ≥ 0.98 as the graph grows. Measured on the 8-bit graphs (M 32, efConstruction 200) of
``bench/scale.py``'s replicated corpora (distinct vectors; ``bench/filtered_recall.py``, no
filter): 100k passages 0.985 at 1024; 300k 0.972 at 1024, 0.982 at 1536, 0.984 at 2048; 1M
(``bench/distinct.py``) 0.962 at 1024, 0.978 at 2048, 0.984 at 3072. The rule gives 1024 up to
150k, 1,600 at 300k, 3,200 at 1M."""
REFINE_FACTOR = 2.0
"""An ``hnswsq`` index searched through FAISS (``IndexRefineFlat.search``, not the engine's
``DenseSide``) re-scores this many times the results asked with the float vectors."""
TRAIN_SAMPLE = 100_000
"""The 8-bit codes' range per dimension is learnt from at most this many vectors."""

logger = logging.getLogger(__name__)


def resolve_kind(kind: str, count: int) -> str:
    """The index kind for ``count`` vectors: ``auto`` is ``flat`` below ``HNSW_FROM``, else
    ``hnswsq``."""
    if kind == "auto":
        return "hnswsq" if count >= HNSW_FROM else "flat"
    if kind not in KINDS:
        raise ValueError(f"unknown index type {kind!r}: use one of {', '.join(KINDS)}")
    return kind


def make_faiss_index(vectors: np.ndarray, kind: str = "auto") -> Any:
    """An inner-product FAISS index over normalised vectors (``auto``, ``flat``, ``hnsw``,
    ``hnswsq``, ``ivf``)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    kind = resolve_kind(kind, len(vectors))
    index: Any
    if kind == "hnswsq" and len(vectors):
        index = empty_sq_graph(vectors[training_sample(len(vectors))])
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf" and len(vectors) >= 400:
        lists = max(1, int(np.sqrt(len(vectors))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = max(1, lists // 4)
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    return index


def empty_sq_graph(
    sample: np.ndarray, m: int = HNSW_M, ef_construction: int = SQ_EF_CONSTRUCTION
) -> Any:
    """An empty ``hnswsq`` index whose 8-bit codes are trained on ``sample``: an HNSW graph over
    the codes inside an exact re-scoring over the float vectors (add vectors to it)."""
    dim = sample.shape[1]
    graph = _faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, m, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = ef_construction
    graph.hnsw.efSearch = HNSW_EF_SEARCH
    if len(sample):
        graph.train(np.ascontiguousarray(sample, dtype=np.float32))
    index = faiss.IndexRefineFlat(graph)
    index.k_factor = REFINE_FACTOR
    index.own_fields = True  # the graph is freed with the index that holds it
    graph.this.disown()
    return index


def ef_search_for(count: int) -> int:
    """The efSearch (for ``dense.RESULTS`` results) of a graph of ``count`` vectors, a multiple
    of 64 (see ``EF_SEARCH_FROM``)."""
    scale = max(1.0, count / EF_SEARCH_FROM) ** EF_SEARCH_GROWTH
    return int(math.ceil(HNSW_EF_SEARCH * scale / 64) * 64)


def training_sample(count: int) -> np.ndarray:
    """Rows to train the codes on: all up to ``TRAIN_SAMPLE``, else a fixed random choice."""
    if count <= TRAIN_SAMPLE:
        return np.arange(count)
    return np.sort(np.random.default_rng(0).choice(count, TRAIN_SAMPLE, replace=False))


def read_faiss_index(path: str) -> Any:
    """A FAISS index from ``path``, memory-mapped where FAISS supports it."""
    try:
        index = faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:  # a kind FAISS cannot map: read it into memory
        index = faiss.read_index(path)
    graph = hnsw_of(index)
    if graph is not None:
        graph.hnsw.efSearch = max(graph.hnsw.efSearch, ef_search_for(int(index.ntotal)))
    return index


def kind_of(index: Any) -> str:
    """The kind (``KINDS``) ``index`` was made as."""
    if isinstance(index, faiss.IndexRefine):
        return "hnswsq"
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def hnsw_of(index: Any) -> Any | None:
    """The HNSW graph that ``index`` is searched through (itself, or the 8-bit graph inside
    ``hnswsq``), or ``None`` for an exhaustive index."""
    if isinstance(index, faiss.IndexRefine):
        index = faiss.downcast_index(index.base_index)
    return index if isinstance(index, faiss.IndexHNSW) else None


def flat_storage(index: Any) -> Any | None:
    """The ``IndexFlat`` holding ``index``'s vectors in row order (itself, HNSW's storage, or
    the float vectors ``hnswsq`` keeps beside its graph)."""
    if isinstance(index, faiss.IndexFlat):
        return index
    if isinstance(index, faiss.IndexRefine):
        storage = faiss.downcast_index(index.refine_index)
        return storage if isinstance(storage, faiss.IndexFlat) else None
    if isinstance(index, faiss.IndexHNSW):
        storage = faiss.downcast_index(index.storage)
        return storage if isinstance(storage, faiss.IndexFlat) else None
    return None


class _Owned:
    """An array's memory and the FAISS index that owns it: numpy keeps this as the array's
    base, so the index is not freed (its memory unmapped) while a view of it lives."""

    def __init__(self, view: np.ndarray, owner: Any) -> None:
        self.__array_interface__ = view.__array_interface__
        self._view = view
        self._owner = owner


def owned_view(view: np.ndarray, owner: Any) -> np.ndarray:
    """``view`` (of memory that FAISS index ``owner`` holds) keeping ``owner`` alive."""
    return np.asarray(_Owned(view, owner))


def row_vectors(index: Any) -> np.ndarray:
    """All vectors of ``index`` as an ``(ntotal, d)`` array: a view of its storage (no copy)
    for flat and HNSW indexes; others (IVF) are reconstructed once."""
    storage = flat_storage(index)
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    if storage is not None:
        pointer = storage.get_xb()
        flat = faiss.rev_swig_ptr(pointer, storage.ntotal * storage.d)
        return owned_view(np.asarray(flat).reshape(storage.ntotal, storage.d), index)
    logger.info("%s holds no flat storage: its vectors are copied out", type(index).__name__)
    if hasattr(index, "make_direct_map"):
        index.make_direct_map()
    return np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)
