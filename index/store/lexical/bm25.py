"""BM25 candidates and exact scores of chosen rows, over bm25s's own score matrix.

bm25s keeps, per vocabulary token, the passages holding it (sorted) and their BM25 term scores.
A query's top passages come from the postings of its rarer tokens (``index.store.lexical.maxscore``,
exact: the frequent tokens' postings are only searched, with a filter as a mask); the score of
any one passage is the sum of its entries in those postings, found by binary search, so
scoring a few hundred candidates costs nothing. Each token's largest entry (its bound) is
stored with the index (``index.store.lexical.lexicon.term_bounds``), or found when the token is
first asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from index.store.folder.mapped import MappedPages
from index.store.lexical import maxscore


class LexicalSide:
    """BM25 over the passages of a stored index."""

    def __init__(self, bm25: bm25s.BM25, bounds: np.ndarray | None = None) -> None:
        self.bm25 = bm25
        self._vocab: dict[str, int] = bm25.vocab_dict
        self._maps = [MappedPages(bm25.scores[name]) for name in ("indices", "data")]
        # plain views of the (memory-mapped) arrays: slicing a memmap costs more than reading
        self._data = np.asarray(bm25.scores["data"])
        self._indices = np.asarray(bm25.scores["indices"])
        self._indptr = np.array(bm25.scores["indptr"], dtype=np.int64)
        self.size = int(bm25.scores["num_docs"])
        tokens = len(self._indptr) - 1
        self._bounds = np.full(tokens, np.nan, np.float32) if bounds is None else bounds
        """Each token's largest term score (NaN: not found yet)."""

    def token_ids(self, tokens: Sequence[str]) -> np.ndarray:
        """The vocabulary ids of ``tokens`` (repeats kept: they count twice; unknown dropped)."""
        ids = [self._vocab[t] for t in tokens if t in self._vocab]
        return np.array(ids, dtype=np.int64)

    def postings(self, token_id: int) -> np.ndarray:
        """The rows of the passages holding ``token_id``, ascending."""
        return self.rows_in(*self.span(token_id))

    def span(self, token_id: int) -> tuple[int, int]:
        """Where ``token_id``'s postings are in the matrix's arrays."""
        return int(self._indptr[token_id]), int(self._indptr[token_id + 1])

    def entries(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows and term scores of the matrix's entries ``start:end``."""
        return np.asarray(self._indices[start:end]), np.asarray(self._data[start:end])

    def release(self, ids: np.ndarray) -> None:
        """Let go of the mapped pages of the postings of ``ids`` (they stay in the page cache):
        otherwise every page a question touched stays in the process (0.4 GB at 1M passages)."""
        for token_id in np.unique(ids).tolist():
            start, end = self.span(token_id)
            for pages in self._maps:
                pages.release(start, end)

    def rows_in(self, start: int, end: int) -> np.ndarray:
        """The rows of the matrix's entries ``start:end``."""
        return np.asarray(self._indices[start:end])

    def scores_at(self, start: int, at: np.ndarray) -> np.ndarray:
        """The term scores of entries ``start + at``: only the span they cover is read."""
        if at.size == 0:
            return np.zeros(0, dtype=np.float32)
        low = int(at.min())
        return np.asarray(self._data[start + low : start + int(at.max()) + 1])[at - low]

    def bounds(self, token_ids: np.ndarray) -> np.ndarray:
        """The largest term score of each of ``token_ids`` (distinct), found once each."""
        bounds = np.asarray(self._bounds[token_ids], dtype=np.float32)
        for at in np.flatnonzero(np.isnan(bounds)).tolist():
            start, end = self.span(int(token_ids[at]))
            bounds[at] = float(np.max(self._data[start:end], initial=0.0))
            self._bounds[token_ids[at]] = bounds[at]
        return bounds

    def keys(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` in the postings' own type: a binary search of keys of another type would
        first convert the whole posting."""
        return np.asarray(rows, dtype=self._indices.dtype)

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
        return maxscore.search(self, ids, k, allowed)

    def scores(self, ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact scores of passages ``rows`` (any order): each token's entries added in the
        query's order, as bm25s adds them."""
        out = np.zeros(rows.size, dtype=np.float32)
        if rows.size == 0:
            return out
        rows = self.keys(rows)
        for token_id in ids.tolist():
            start, end = self.span(token_id)
            if start == end:
                continue
            posting = self._indices[start:end]
            at = posting.searchsorted(rows)
            np.minimum(at, end - start - 1, out=at)
            hit = posting[at] == rows
            out[hit] += self.scores_at(start, at[hit])
        return out
