"""The exact BM25 top-k from the postings of a query's rarer tokens (MaxScore).

A passage's BM25 score is the sum of its entries in the query tokens' postings, and no entry of
a token exceeds that token's largest (its bound, ``index.store.lexical.lexicon.term_bounds``).

1. The tokens' postings are merged rarest first into the passages seen, with their partial
   sums. After each, the ``k`` passages with the best sums are scored exactly: the k-th best
   passage scores at least the lowest of them (the threshold). Once the bounds of the tokens
   not read sum below the threshold, a passage holding none of the tokens read cannot be among
   the best, and the frequent tokens' postings are not read.
2. The frequent tokens are then looked up, by binary search, for the passages seen that are
   still in the running: a passage leaves once its sum plus the bounds of the tokens left is
   below the threshold, and the k-th best sum raises the threshold (a passage scores at least
   its sum).
3. The passages left are scored exactly (``Postings.scores``: the sums bm25s itself makes, in
   the same order), and the ``k`` best kept, the lower row first among equal scores.

Every test keeps a margin for float32 rounding, so the rows and scores are those of scoring
every passage. The lowest allowed score (the floor) is 0 when an allowed passage holds none of
the tokens: certain when the postings are too few to cover every allowed passage, else looked
for in a sample of them; only when none is found are all the allowed passages scored. Small
corpora are scored whole (``FULL_ROWS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

EPSILON = float(np.finfo(np.float32).eps)
"""A float32 sum of n positive terms is within (n − 1) × EPSILON / 2 of their real sum; every
bound test keeps (n + 2) × EPSILON of margin (``Terms.slack``), so a passage is left out only
when its float32 score is below the threshold."""
FULL_ROWS = 300_000
"""Up to this many passages, every passage is scored (bm25s adds the tokens' postings, then the
top k are picked): less work than the bookkeeping of pruning. Measured with
``bench/bm25_topk.py`` (200 questions, best of 3, 2 shared cores under load), p50 / p99:
100k passages 0.51 / 1.44 ms scored whole against 1.13 / 7.71 ms pruned, 300k 1.42 / 8.21
against 1.67 / 11.64; at 1M (an earlier measure) 16.1 / 49.6 against 7.3 / 35.0."""
SAMPLE = 512
"""Allowed passages looked at for one holding none of the tokens (the floor's witness)."""


class Postings(Protocol):
    """What the search reads: a BM25 score matrix by token
    (``index.store.lexical.bm25.LexicalSide``)."""

    size: int

    def span(self, token_id: int) -> tuple[int, int]: ...

    def entries(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray]: ...

    def rows_in(self, start: int, end: int) -> np.ndarray: ...

    def scores_at(self, start: int, at: np.ndarray) -> np.ndarray: ...

    def bounds(self, token_ids: np.ndarray) -> np.ndarray: ...

    def scores(self, ids: np.ndarray, rows: np.ndarray) -> np.ndarray: ...

    def keys(self, rows: np.ndarray) -> np.ndarray: ...

    def all_scores(self, ids: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray: ...


@dataclass(frozen=True)
class Terms:
    """A query's distinct tokens, rarest first: each one's posting span, how many times the
    query holds it, and the bound of its share of a score (largest entry × repeats)."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    repeats: np.ndarray
    bounds: np.ndarray
    slack: float

    @classmethod
    def of(cls, side: Postings, ids: np.ndarray) -> Terms:
        distinct, repeats = np.unique(ids, return_counts=True)
        spans = np.array([side.span(int(t)) for t in distinct], dtype=np.int64).reshape(-1, 2)
        bounds = side.bounds(distinct).astype(np.float64) * repeats
        order = np.argsort(spans[:, 1] - spans[:, 0], kind="stable")
        slack = (ids.size + 2) * EPSILON
        starts, ends = spans[order, 0], spans[order, 1]
        return cls(distinct[order], starts, ends, repeats[order], bounds[order], slack)

    def rest(self) -> np.ndarray:
        """``rest[p]``: the bound of the tokens after the first ``p`` (``rest[n]`` = 0)."""
        return np.concatenate([np.cumsum(self.bounds[::-1])[::-1], [0.0]])


@dataclass
class Seen:
    """The passages holding one of the tokens read so far (ascending) and their partial sums."""

    rows: np.ndarray
    partial: np.ndarray

    def add(self, rows: np.ndarray, scores: np.ndarray) -> None:
        """Merge one token's allowed postings (rows ascending) in."""
        if rows.size == 0:
            return
        both = np.concatenate([self.rows, rows])
        order = np.argsort(both, kind="stable")  # two ascending runs: merged in linear time
        both, sums = both[order], np.concatenate([self.partial, scores])[order]
        first = np.flatnonzero(np.concatenate([[True], both[1:] != both[:-1]]))
        self.rows, self.partial = both[first], np.add.reduceat(sums, first)


Result = tuple[np.ndarray, np.ndarray, float]


def search(side: Postings, ids: np.ndarray, k: int, allowed: np.ndarray | None = None) -> Result:
    """The ``k`` best (scores, rows) among ``allowed``, best first, and the lowest allowed
    score: those of scoring every passage."""
    total = side.size if allowed is None else int(np.count_nonzero(allowed))
    if ids.size == 0 or total == 0 or k <= 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int64), 0.0
    if side.size <= FULL_ROWS:
        return _scored_all(side, ids, k, allowed, total)
    terms = Terms.of(side, ids)
    seen, read, threshold = _read(side, ids, terms, k, allowed)
    chosen = _narrowed(side, terms, seen, read, threshold, k)
    exact = side.scores(ids, chosen)
    best, rows = best_rows(exact, chosen.astype(np.int64), k)
    if read == terms.ids.size:  # every posting read: the passages holding a token are known
        if seen.rows.size < total:
            return best, rows, 0.0
        every = exact if chosen.size == seen.rows.size else side.scores(ids, seen.rows)
        return best, rows, float(every.min())
    if _uncovered(side, terms, read, seen.rows, allowed, total):
        return best, rows, 0.0
    return best, rows, _scored_all(side, ids, k, allowed, total)[2]


def _scored_all(
    side: Postings, ids: np.ndarray, k: int, allowed: np.ndarray | None, total: int
) -> Result:
    """Every allowed passage scored (bm25s over the tokens' whole postings)."""
    scores = side.all_scores(ids, allowed)
    rows = np.flatnonzero(scores > 0)  # the rest score 0 (BM25 is never negative)
    floor = float(scores[rows].min()) if rows.size == total else 0.0
    return *best_rows(scores[rows], rows, k), floor


def _read(
    side: Postings, ids: np.ndarray, terms: Terms, k: int, allowed: np.ndarray | None
) -> tuple[Seen, int, float]:
    """The tokens' postings merged rarest first until the bound of the others falls below the
    threshold: what was seen, how many tokens were read, the threshold."""
    rest = terms.rest()
    seen = Seen(np.zeros(0, np.int64), np.zeros(0, np.float64))
    threshold, read = 0.0, 0
    while read < terms.ids.size:
        rows, scores = side.entries(int(terms.starts[read]), int(terms.ends[read]))
        if allowed is not None:
            keep = allowed[rows]
            rows, scores = rows[keep], scores[keep]
        seen.add(rows.astype(np.int64), scores.astype(np.float64) * terms.repeats[read])
        read += 1
        if seen.rows.size >= k:
            threshold = max(threshold, _kth(side, ids, seen, k))
        if rest[read] * (1 + terms.slack) < threshold:
            break
    return seen, read, threshold


def _narrowed(
    side: Postings, terms: Terms, seen: Seen, read: int, threshold: float, k: int
) -> np.ndarray:
    """The passages seen that may reach the threshold: each token not read is looked up for
    those still in the running, who leave it once their sum with the others' bounds is below;
    the k-th best sum so far raises the threshold (a passage scores at least its sum)."""
    rest = terms.rest()
    rows, partial = side.keys(seen.rows), seen.partial
    for at in range(read, terms.ids.size + 1):
        keep = (partial + rest[at]) * (1 + terms.slack) >= threshold
        rows, partial = rows[keep], partial[keep]
        if at == terms.ids.size or rows.size == 0:
            return rows
        start = int(terms.starts[at])
        mine, theirs = _matches(rows, side.rows_in(start, int(terms.ends[at])))
        partial[mine] += side.scores_at(start, theirs) * float(terms.repeats[at])
        if rows.size >= k:
            kth = np.partition(partial, rows.size - k)[rows.size - k]
            threshold = max(threshold, float(kth) * (1 - terms.slack))
    return rows


def _matches(rows: np.ndarray, posting: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where ``rows`` and ``posting`` (both ascending) hold the same passages: the positions in
    each, the shorter looked up in the longer."""
    if len(posting) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(posting) < rows.size:
        at = np.minimum(rows.searchsorted(posting), rows.size - 1)
        hit = rows[at] == posting
        return at[hit], np.flatnonzero(hit)
    at = np.minimum(posting.searchsorted(rows), len(posting) - 1)
    hit = posting[at] == rows
    return np.flatnonzero(hit), at[hit]


def _kth(side: Postings, ids: np.ndarray, seen: Seen, k: int) -> float:
    """The lowest exact score of the ``k`` passages with the best partial sums: the k-th best
    passage scores at least that."""
    best = np.argpartition(-seen.partial, k - 1)[:k]
    return float(side.scores(ids, np.sort(seen.rows[best])).min())


def _uncovered(
    side: Postings,
    terms: Terms,
    read: int,
    seen: np.ndarray,
    allowed: np.ndarray | None,
    total: int,
) -> bool:
    """Whether an allowed passage holds none of the tokens (found, or too few postings to
    cover them all); False also when a sample of them finds none."""
    if seen.size + int((terms.ends[read:] - terms.starts[read:]).sum()) < total:
        return True
    if allowed is None:
        sample = np.arange(0, side.size, max(1, side.size // SAMPLE))
    else:
        pool = np.flatnonzero(allowed)
        sample = pool[:: max(1, pool.size // SAMPLE)]
    sample = side.keys(sample[~_holds(seen, sample)])
    for start, end in zip(terms.starts[read:].tolist(), terms.ends[read:].tolist(), strict=True):
        if sample.size == 0:
            return False
        sample = sample[~_holds(side.rows_in(start, end), sample)]
    return sample.size > 0


def _holds(posting: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` the ascending ``posting`` holds."""
    if len(posting) == 0:
        return np.zeros(rows.size, dtype=bool)
    at = np.minimum(np.searchsorted(posting, rows), len(posting) - 1)
    return np.asarray(posting[at] == rows)


def best_rows(scores: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best (score, row) pairs of ascending ``rows``, best first; among equal
    scores the lower row first (and kept, at the k-th)."""
    if scores.size > k:
        kth = np.partition(scores, scores.size - k)[scores.size - k]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)[: k - above.size]
        keep = np.sort(np.concatenate([above, tied]))
        scores, rows = scores[keep], rows[keep]
    order = np.lexsort((rows, -scores))
    return scores[order], rows[order]
