"""BM25 from vocabulary ids, and the ids kept beside the index.

The build turns each passage's tokens into vocabulary ids once and stores them
(``bm25_tokens.npy`` with ``bm25_offsets.npy``); an update (``index.build.updating``) then rebuilds
BM25 — statistics of the whole corpus — from the stored ids and the new passages' ids alone,
without tokenising the other passages again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

K1, B = 1.2, 0.75
TOKENS_FILE = "bm25_tokens.npy"
OFFSETS_FILE = "bm25_offsets.npy"
TF_FILE = "bm25_tf.npy"
"""The term frequency of each entry of the score matrix (an update rescores from them)."""
BOUNDS_FILE = "bm25_bounds.npy"
"""Each token's largest term score (``index.store.lexical.maxscore`` reads the rarer tokens
only)."""


@dataclass(frozen=True)
class TokenIds:
    """Every passage's token ids: ``flat[offsets[row]:offsets[row + 1]]``."""

    flat: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return int(self.offsets.size - 1)

    def lists(self) -> list[list[int]]:
        flat, offsets = self.flat, self.offsets
        return [flat[offsets[i] : offsets[i + 1]].tolist() for i in range(len(self))]

    def take(self, rows: np.ndarray) -> TokenIds:
        """The token ids of passages ``rows``, in that order."""
        if rows.size == len(self) and np.array_equal(rows, np.arange(len(self))):
            return self  # all of them (an addition): no copy
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        lengths = ends - starts
        owner = np.repeat(np.arange(rows.size), lengths)
        inside = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        flat = np.asarray(self.flat[starts[owner] + inside], dtype=np.int32)
        return TokenIds(flat, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))

    def __add__(self, other: TokenIds) -> TokenIds:
        offsets = np.concatenate([self.offsets, other.offsets[1:] + self.offsets[-1]])
        return TokenIds(np.concatenate([self.flat, other.flat]).astype(np.int32), offsets)


def encode(token_lists: Iterable[Sequence[str]], vocab: dict[str, int]) -> TokenIds:
    """The ids of ``token_lists``; tokens new to ``vocab`` are added to it."""
    flat: list[int] = []
    offsets = [0]
    for tokens in token_lists:
        flat.extend(vocab.setdefault(token, len(vocab)) for token in tokens)
        offsets.append(len(flat))
    return TokenIds(np.array(flat, dtype=np.int32), np.array(offsets, dtype=np.int64))


def bm25_from_ids(ids: TokenIds, vocab: dict[str, int]) -> bm25s.BM25:
    """A BM25 index (bm25s's default Lucene variant, k1 1.2, b 0.75) over passages given as
    vocabulary ids, its score matrix computed with array operations (bm25s's own indexing loops
    over the passages in Python: 20 s for 10k passages on a busy machine)."""
    vocab = dict(vocab)
    vocab.setdefault("", len(vocab))  # bm25s scores a passage without tokens by this one
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.scores = score_matrix(ids, len(vocab))
    bm25.vocab_dict = vocab
    bm25.unique_token_ids_set = set(vocab.values())
    bm25.nonoccurrence_array = None
    return bm25


def score_matrix(ids: TokenIds, vocabulary: int) -> dict[str, Any]:
    """bm25s's score matrix (term scores by token, passages ascending: CSC arrays), with the
    term frequencies it was scored from (``tf``, kept beside the index for updates)."""
    lengths = np.diff(ids.offsets)
    passages = int(lengths.size)
    doc = np.repeat(np.arange(passages, dtype=np.int64), lengths)
    # one sort, token-major: the (token, passage) pairs come out in the matrix's own order
    key = np.asarray(ids.flat, np.int64) * max(passages, 1) + doc
    pairs, tf = np.unique(key, return_counts=True)
    tokens, rows = pairs // max(passages, 1), pairs % max(passages, 1)
    indptr = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(np.bincount(tokens, minlength=vocabulary), out=indptr[1:])
    return scored(indptr, rows.astype(np.int32), tf.astype(np.int32), lengths)


def scored(
    indptr: np.ndarray, rows: np.ndarray, tf: np.ndarray, lengths: np.ndarray
) -> dict[str, Any]:
    """The score matrix of postings ``indptr``/``rows`` with term frequencies ``tf``, for
    passages of ``lengths`` tokens (Lucene's BM25: idf × tf / (tf + k1 (1 − b + b len/avg)))."""
    passages = int(lengths.size)
    df = np.diff(indptr)
    idf = np.log(1 + (passages - df + 0.5) / (df + 0.5)).astype(np.float32)
    average = max(float(lengths.mean()) if passages else 1.0, 1e-9)
    norm = (K1 * ((1 - B) + B * lengths / average)).astype(np.float32)
    freq = np.asarray(tf, dtype=np.float32)
    scores = np.repeat(idf, df)
    scores *= freq
    scores /= norm[rows] + freq
    return {
        "data": scores,
        "indices": np.asarray(rows, dtype=np.int32),
        "indptr": np.asarray(indptr, dtype=np.int64),
        "num_docs": passages,
        "tf": np.asarray(tf, dtype=np.int32),
    }


def grown_bm25(
    old: bm25s.BM25,
    tf: np.ndarray,
    keep: np.ndarray,
    added: TokenIds,
    ids: TokenIds,
    vocab: dict[str, int],
) -> bm25s.BM25:
    """The BM25 index of the passages ``keep`` (a mask over ``old``'s rows) followed by those of
    ``added``, from ``old``'s postings and term frequencies ``tf`` (no sort of the whole
    corpus): each token's kept postings, renumbered, then the new passages'. ``ids``: every
    passage's token ids in the new order (for the lengths); ``vocab``: the grown vocabulary.
    The scores are those ``bm25_from_ids`` gives for the same passages."""
    vocab = dict(vocab)
    vocab.setdefault("", len(vocab))
    size = len(vocab)
    old_ptr = np.asarray(old.scores["indptr"], dtype=np.int64)
    if keep.all():  # an addition: each token's new postings go in after its old ones
        indptr, rows, freqs = _appended(old_ptr, old.scores["indices"], tf, added, size, keep.size)
        return _bm25_of(scored(indptr, rows, freqs, np.diff(ids.offsets)), vocab)
    old_rows = np.asarray(old.scores["indices"])
    old_token = np.repeat(np.arange(old_ptr.size - 1, dtype=np.int32), np.diff(old_ptr))
    kept = keep[old_rows]
    renumber = (np.cumsum(keep) - 1).astype(np.int32)
    new = score_matrix(added, size)
    new_ptr = new["indptr"]
    kept_counts = np.bincount(old_token[kept], minlength=size)
    new_counts = np.diff(new_ptr)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(kept_counts + new_counts, out=indptr[1:])
    kept_token = old_token[kept]
    kept_start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(kept_counts, out=kept_start[1:])
    at = indptr[kept_token] + np.arange(kept_token.size) - kept_start[kept_token]
    new_token = np.repeat(np.arange(size, dtype=np.int32), new_counts)
    new_at = (
        indptr[new_token] + kept_counts[new_token] + np.arange(new_token.size) - new_ptr[new_token]
    )
    rows = np.empty(int(indptr[-1]), dtype=np.int32)
    freqs = np.empty(int(indptr[-1]), dtype=np.int32)
    rows[at], freqs[at] = renumber[old_rows[kept]], np.asarray(tf)[kept]
    rows[new_at] = new["indices"] + int(keep.sum())
    freqs[new_at] = new["tf"]
    return _bm25_of(scored(indptr, rows, freqs, np.diff(ids.offsets)), vocab)


def _appended(
    old_ptr: np.ndarray,
    old_rows: np.ndarray,
    tf: np.ndarray,
    added: TokenIds,
    size: int,
    passages: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings of the ``passages`` old passages with those of ``added`` (numbered after them)
    inserted at the end of each token's run: one copy of the arrays, no sort."""
    new = score_matrix(added, size)
    new_counts = np.diff(new["indptr"])
    new_token = np.repeat(np.arange(size, dtype=np.int64), new_counts)
    ends = np.concatenate([old_ptr[1:], np.full(size - (old_ptr.size - 1), old_ptr[-1])])
    at = ends[new_token]
    rows = np.insert(np.asarray(old_rows, dtype=np.int32), at, new["indices"] + passages)
    freqs = np.insert(np.asarray(tf, dtype=np.int32), at, new["tf"])
    old_counts = np.diff(old_ptr)
    counts = np.concatenate([old_counts, np.zeros(size - old_counts.size, np.int64)]) + new_counts
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, rows, freqs


def _bm25_of(scores: dict[str, Any], vocab: dict[str, int]) -> bm25s.BM25:
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.scores = scores
    bm25.vocab_dict = vocab
    bm25.unique_token_ids_set = set(vocab.values())
    bm25.nonoccurrence_array = None
    return bm25


def save_ids(folder: Path, ids: TokenIds, bm25: bm25s.BM25 | None = None) -> None:
    """Keep the token ids (and ``bm25``'s term frequencies, if it has them) in ``folder``."""
    np.save(folder / TOKENS_FILE, ids.flat)
    np.save(folder / OFFSETS_FILE, ids.offsets)
    tf = None if bm25 is None else bm25.scores.get("tf")
    if tf is not None:
        np.save(folder / TF_FILE, tf)


def term_bounds(scores: dict[str, Any]) -> np.ndarray:
    """The largest term score of each token of a score matrix (0 for a token without postings)."""
    indptr = np.asarray(scores["indptr"], dtype=np.int64)
    bounds = np.zeros(indptr.size - 1, dtype=np.float32)
    held = np.flatnonzero(np.diff(indptr) > 0)
    if held.size:
        bounds[held] = np.maximum.reduceat(np.asarray(scores["data"]), indptr[held])
    return bounds


def save_bounds(folder: Path, bm25: bm25s.BM25) -> None:
    """Keep ``bm25``'s token bounds in ``folder``."""
    np.save(folder / BOUNDS_FILE, term_bounds(bm25.scores))


def load_bounds(folder: Path, listed: Iterable[str], tokens: int) -> np.ndarray | None:
    """The stored token bounds, if the index has them (among its ``listed`` files, those its
    manifest checks) for its ``tokens`` tokens."""
    if BOUNDS_FILE not in listed:
        return None
    bounds = np.load(folder / BOUNDS_FILE, allow_pickle=False)
    return bounds if bounds.shape == (tokens,) else None


def load_tf(folder: Path) -> np.ndarray | None:
    """The stored term frequencies (memory-mapped), if the index has them."""
    if not (folder / TF_FILE).is_file():
        return None
    return np.load(folder / TF_FILE, mmap_mode="r", allow_pickle=False)


def load_ids(folder: Path) -> TokenIds | None:
    """The stored ids (memory-mapped), or None for an index written without them."""
    if not (folder / TOKENS_FILE).is_file():
        return None
    flat = np.load(folder / TOKENS_FILE, mmap_mode="r", allow_pickle=False)
    offsets = np.load(folder / OFFSETS_FILE, allow_pickle=False)
    return TokenIds(flat, offsets)
