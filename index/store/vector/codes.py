"""Scores from the 8-bit codes an ``hnswsq`` graph walks, read in place.

FAISS's 8-bit scalar quantiser stores each dimension ``j`` of a vector as a byte ``c`` and decodes
it as ``vmin[j] + (c + 0.5) / 255 * vdiff[j]`` (``vmin``, ``vdiff`` learnt when the codes were
trained). The inner product of a query ``q`` with a decoded row is then
``sum(vmin * q) + 0.5 / 255 * sum(vdiff * q) + codes @ (vdiff * q / 255)``: one product of the
rows' bytes with a weight vector, the same score the graph search computes for the row. The
codes are a view of the index's storage (memory-mapped with the index), 384 bytes a vector,
and they are the pages a graph search reads anyway: scoring candidates from them reads nothing
else, where the float vectors (4 times the bytes) would be read for every candidate.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

from index.store.vector.vectors import hnsw_of, owned_view

CHUNK = 65_536
"""Rows decoded at a time when every row is scored (a bounded temporary)."""
BLOCK = 256
"""Rows gathered and decoded at a time when chosen rows are scored: the block's bytes and floats
(96 KB + 384 KB) stay in the caches, where decoding a filter's 20,000 rows at once made a
30 MB temporary (see ``docs/scaling.md``, "Filtered searches")."""


class CodeScorer:
    """Inner products of a query with the 8-bit codes of an index's vectors."""

    def __init__(self, codes: np.ndarray, vmin: np.ndarray, vdiff: np.ndarray) -> None:
        self.codes = codes
        """``(ntotal, d)`` bytes, in id order: a view of the index's storage."""
        self.vmin = vmin
        self.vdiff = vdiff

    @classmethod
    def of(cls, index: Any) -> CodeScorer | None:
        """The scorer of an index searched through an HNSW graph over 8-bit codes (``hnswsq``),
        else ``None``."""
        graph = hnsw_of(index)
        if graph is None or not isinstance(graph, faiss.IndexHNSWSQ):
            return None
        storage: Any = faiss.downcast_index(graph.storage)
        quantizer = storage.sq
        uniform = quantizer.qtype == faiss.ScalarQuantizer.QT_8bit_uniform
        if quantizer.qtype != faiss.ScalarQuantizer.QT_8bit and not uniform:
            return None
        trained = faiss.vector_to_array(quantizer.trained).astype(np.float32)
        dim = int(storage.d)
        vmin, vdiff = (trained[:1], trained[1:2]) if uniform else (trained[:dim], trained[dim:])
        size = int(storage.codes.size())
        if size == 0:
            codes = np.zeros((0, dim), dtype=np.uint8)
        else:
            flat = faiss.rev_swig_ptr(storage.codes.data(), size)
            codes = owned_view(np.asarray(flat).reshape(size // dim, dim), index)
        return cls(codes, np.broadcast_to(vmin, dim).copy(), np.broadcast_to(vdiff, dim).copy())

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def _weights(self, query: np.ndarray) -> tuple[np.ndarray, float]:
        query = np.asarray(query, dtype=np.float32)
        weights = self.vdiff * query / np.float32(255)
        offset = float(self.vmin @ query) + 0.5 * float(weights.sum())
        return weights.astype(np.float32), offset

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The scores of rows ``ids`` (in that order)."""
        weights, offset = self._weights(query)
        ids = np.asarray(ids, dtype=np.int64)
        out = np.empty(ids.size, dtype=np.float32)
        block = np.empty((min(BLOCK, ids.size), self.codes.shape[1]), dtype=np.float32)
        for begin in range(0, ids.size, BLOCK):
            chosen = ids[begin : begin + BLOCK]
            rows = block[: chosen.size]
            rows[...] = self.codes[chosen]  # gathered and converted into the block in one pass
            np.matmul(rows, weights, out=out[begin : begin + chosen.size])
        out += np.float32(offset)
        return out

    def all_scores(self, query: np.ndarray) -> np.ndarray:
        """Every row's score, in id order."""
        weights, offset = self._weights(query)
        out = np.empty(len(self), dtype=np.float32)
        for begin in range(0, len(self), CHUNK):
            block = self.codes[begin : begin + CHUNK].astype(np.float32)
            out[begin : begin + len(block)] = block @ weights + np.float32(offset)
        return out
