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
    """bm25s's score matrix (term scores by token, passages ascending: CSC arrays)."""
    lengths = np.diff(ids.offsets)
    passages = int(lengths.size)
    doc = np.repeat(np.arange(passages, dtype=np.int64), lengths)
    # one sort, token-major: the (token, passage) pairs come out in the matrix's own order
    key = np.asarray(ids.flat, np.int64) * max(passages, 1) + doc
    pairs, tf = np.unique(key, return_counts=True)
    tokens, rows = pairs // max(passages, 1), pairs % max(passages, 1)
    df = np.bincount(tokens, minlength=vocabulary)
    idf = np.log(1 + (passages - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = K1 * ((1 - B) + B * lengths / max(float(lengths.mean()) if passages else 1.0, 1e-9))
    scores = idf[tokens].astype(np.float64) * (tf / (norm[rows] + tf))
    indptr = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    return {
        "data": scores.astype(np.float32),
        "indices": rows.astype(np.int32),
        "indptr": indptr,
        "num_docs": passages,
    }


def save_ids(folder: Path, ids: TokenIds) -> None:
    np.save(folder / TOKENS_FILE, ids.flat)
    np.save(folder / OFFSETS_FILE, ids.offsets)


def load_ids(folder: Path) -> TokenIds | None:
    """The stored ids (memory-mapped), or None for an index written without them."""
    if not (folder / TOKENS_FILE).is_file():
        return None
    flat = np.load(folder / TOKENS_FILE, mmap_mode="r", allow_pickle=False)
    offsets = np.load(folder / OFFSETS_FILE, allow_pickle=False)
    return TokenIds(flat, offsets)
