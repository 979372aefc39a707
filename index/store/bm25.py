"""BM25 candidates and exact scores of chosen rows, over bm25s's own score matrix.

bm25s keeps, per vocabulary token, the passages holding it (sorted) and their BM25 term scores.
A query's top passages come from bm25s's scoring of its tokens' postings (only the postings are
read, with a filter as a weight mask); the score of any one passage is the sum of its entries in
those postings, found by binary search, so scoring a few hundred candidates costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from index.store.dense import top


class LexicalSide:
    """BM25 over the passages of a stored index."""

    def __init__(self, bm25: bm25s.BM25) -> None:
        self.bm25 = bm25
        self._vocab: dict[str, int] = bm25.vocab_dict
        self._data = bm25.scores["data"]
        self._indices = bm25.scores["indices"]
        self._indptr = bm25.scores["indptr"]
        self.size = int(bm25.scores["num_docs"])

    def token_ids(self, tokens: Sequence[str]) -> np.ndarray:
        """The vocabulary ids of ``tokens`` (repeats kept: they count twice; unknown dropped)."""
        ids = [self._vocab[t] for t in tokens if t in self._vocab]
        return np.array(ids, dtype=np.int64)

    def postings(self, token_id: int) -> np.ndarray:
        """The rows of the passages holding ``token_id``, ascending."""
        return np.asarray(self._indices[self._indptr[token_id] : self._indptr[token_id + 1]])

    def all_scores(self, ids: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
        """Every passage's score (zero outside ``allowed``), from the tokens' postings alone."""
        if ids.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        scores = self.bm25.get_scores_from_ids(ids.tolist(), weight_mask=allowed)
        return np.asarray(scores, dtype=np.float32)

    def search(
        self, ids: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """The ``k`` best (scores, rows) among ``allowed`` and the lowest allowed score."""
        scores = self.all_scores(ids, allowed)
        rows = np.flatnonzero(scores > 0)  # the rest score 0 (BM25 is never negative)
        total = self.size if allowed is None else int(np.count_nonzero(allowed))
        floor = 0.0 if rows.size < total else float(scores[rows].min(initial=0.0))
        best, chosen = top(scores[rows], rows, k)
        return best, chosen, floor

    def scores(self, ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact scores of passages ``rows`` (any order)."""
        out = np.zeros(rows.size, dtype=np.float32)
        for token_id in ids.tolist():
            start, end = int(self._indptr[token_id]), int(self._indptr[token_id + 1])
            if start == end or rows.size == 0:
                continue
            posting = self._indices[start:end]
            at = np.searchsorted(posting, rows)
            inside = at < end - start
            hit = np.zeros(rows.size, dtype=bool)
            hit[inside] = posting[at[inside]] == rows[inside]
            out[hit] += self._data[start:end][at[hit]]
        return out
