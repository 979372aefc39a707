"""FAISS indexes of the passage and window vectors: which kind, how built, how read.

``auto`` (the default) is exact search (``IndexFlatIP``) up to ``HNSW_FROM`` vectors and HNSW
above: measured on 2 shared cores, one exact query costs about 0.18 µs per 384-dimensional
vector (37 ms at 200k vectors), an HNSW query 1–4 ms at any size (``bench/scale.py``). Indexes
are read memory-mapped where FAISS can (``IO_FLAG_MMAP_IFC``: flat codes, HNSW storage), so the
vectors live in the page cache, shared by every process that reads the same index, and the
query side reads them in place (``row_vectors``) instead of copying them out.
"""

from __future__ import annotations

import logging
from typing import Any

import faiss
import numpy as np

KINDS = ("auto", "flat", "hnsw", "ivf")
HNSW_FROM = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 512
"""Candidates HNSW keeps while building and searching. Measured on the 10k generated corpus of
``bench/scale.py`` (fake encoder, many near-identical paragraphs), recall@100 against exact
search: efConstruction 40 / efSearch 256 0.898; 200 / 256 0.978; 200 / 512 0.994 (1.7 ms a
query); building with 200 takes about twice as long as with 40."""

logger = logging.getLogger(__name__)


def resolve_kind(kind: str, count: int) -> str:
    """The index kind for ``count`` vectors: ``auto`` is ``flat`` below ``HNSW_FROM``."""
    if kind == "auto":
        return "hnsw" if count >= HNSW_FROM else "flat"
    if kind not in KINDS:
        raise ValueError(f"unknown index type {kind!r}: use one of {', '.join(KINDS)}")
    return kind


def make_faiss_index(vectors: np.ndarray, kind: str = "auto") -> Any:
    """An inner-product FAISS index over normalised vectors (``auto``, ``flat``, ``hnsw``,
    ``ivf``)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    kind = resolve_kind(kind, len(vectors))
    index: Any
    if kind == "hnsw":
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


def read_faiss_index(path: str) -> Any:
    """A FAISS index from ``path``, memory-mapped where FAISS supports it."""
    try:
        index = faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:  # a kind FAISS cannot map: read it into memory
        index = faiss.read_index(path)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = max(index.hnsw.efSearch, HNSW_EF_SEARCH)
    return index


def flat_storage(index: Any) -> Any | None:
    """The ``IndexFlat`` holding ``index``'s vectors in row order (itself, or HNSW's storage)."""
    if isinstance(index, faiss.IndexFlat):
        return index
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


def row_vectors(index: Any) -> np.ndarray:
    """All vectors of ``index`` as an ``(ntotal, d)`` array: a view of its storage (no copy)
    for flat and HNSW indexes; others (IVF) are reconstructed once."""
    storage = flat_storage(index)
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    if storage is not None:
        pointer = storage.get_xb()
        flat = faiss.rev_swig_ptr(pointer, storage.ntotal * storage.d)
        view = np.asarray(flat).reshape(storage.ntotal, storage.d)
        return np.asarray(_Owned(view, index))  # the view keeps the index (its memory) alive
    logger.info("%s holds no flat storage: its vectors are copied out", type(index).__name__)
    if hasattr(index, "make_direct_map"):
        index.make_direct_map()
    return np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)
