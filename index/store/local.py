"""``LocalStore``: the ``IndexStore`` of an index folder (FAISS + bm25s,
``index.store.folder.files``).

It wraps a loaded ``StoredIndex`` and answers through ``DenseSide`` (FAISS, vectors read in
place) and ``LexicalSide`` (bm25s's score matrix), exactly as the retriever did before the store
boundary existed: the same scores, the same candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index.models import Document, Passage
from index.store.folder.files import StoredIndex, load_index
from index.store.folder.passages import PassageTable
from index.store.lexical.bm25 import LexicalSide
from index.store.protocol import Found, Kind, LexicalFound, StoreCounts
from index.store.vector.dense import DenseSide
from index.store.vector.vectors import make_faiss_index

RUN = 4096
"""Passages of the rarest token looked up at a time by ``report_runs``."""


class LocalStore:
    """An index folder, loaded (or a ``StoredIndex`` assembled in memory)."""

    def __init__(self, index: StoredIndex, ef_search: int | None = None) -> None:
        self.index = index
        windows = index.windows_index
        if windows is None:  # assembled in memory, not read from a folder
            windows = make_faiss_index(index.windows.vectors, "flat")
        self._sides = {
            "passage": DenseSide(index.dense, ef_search),
            "window": DenseSide(windows, ef_search),
        }
        self.lexical = LexicalSide(index.bm25, index.bm25_bounds)

    @classmethod
    def open(cls, path: str | Path, ef_search: int | None = None) -> LocalStore:
        """The index folder at ``path``; ``ef_search`` overrides its graphs' search breadth."""
        return cls(load_index(Path(path)), ef_search)

    @property
    def location(self) -> str:
        return str(self.index.path)

    @property
    def path(self) -> Path:
        return self.index.path

    @property
    def manifest(self) -> Mapping[str, Any]:
        return self.index.manifest

    @property
    def version(self) -> str:
        return str(self.index.manifest.get("version", 1))

    def latest_version(self) -> str:
        return self.version  # a folder is switched by ``POST /v1/admin/reload``

    @property
    def documents(self) -> Sequence[Document]:
        return self.index.documents

    @property
    def passages(self) -> Sequence[Passage]:
        return self.index.passages

    @property
    def window_rows(self) -> np.ndarray:
        return self.index.windows.rows

    def counts(self) -> StoreCounts:
        windows = len(self.index.windows.rows)
        return StoreCounts(len(self.index.documents), len(self.index.passages), windows)

    def side(self, kind: Kind) -> DenseSide:
        return self._sides[kind]

    def _mask(self, kind: Kind, allowed: np.ndarray | None) -> np.ndarray | None:
        if allowed is None or kind == "passage":
            return allowed
        return allowed[self.window_rows]

    def dense_search(
        self, kind: Kind, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> Found:
        scores, ids = self._sides[kind].search(vector, k, self._mask(kind, allowed))
        return Found(scores, ids)

    def dense_scores(self, kind: Kind, vector: np.ndarray, ids: np.ndarray | None) -> np.ndarray:
        side = self._sides[kind]
        if ids is None:
            return side.all_scores(vector)
        return side.scores(vector, ids)

    def lexical_search(
        self, tokens: Sequence[str], k: int, allowed: np.ndarray | None = None
    ) -> LexicalFound:
        ids = self.lexical.token_ids(tokens)
        scores, rows, floor = self.lexical.search(ids, k, allowed)
        self.lexical.release(ids)
        return LexicalFound(scores, rows, floor)

    def lexical_scores(self, tokens: Sequence[str], rows: np.ndarray | None) -> np.ndarray:
        ids = self.lexical.token_ids(tokens)
        scores = self.lexical.all_scores(ids) if rows is None else self.lexical.scores(ids, rows)
        self.lexical.release(ids)
        return scores

    def reports_with(self, tokens: Sequence[str], every: bool = True) -> np.ndarray:
        ids = self.lexical.token_ids(tokens)
        if ids.size < len(tokens) and every:
            return np.zeros(0, np.int64)  # a token no passage holds
        postings = [self.lexical.postings(token_id) for token_id in ids.tolist()]
        if not postings:
            return np.zeros(0, np.int64)
        rows = _common_rows(postings) if every else np.unique(np.concatenate(postings))
        self.lexical.release(ids)
        return self._reports_of(rows)

    def report_runs(self, tokens: Sequence[str], every: bool = True) -> Iterator[np.ndarray]:
        """``reports_with`` a run of passages at a time, in row order: of the rarest token's
        looked up in the others; with ``every`` False, of one token's after another, the
        rarest first (no union of them all: the first run's reports mostly settle it)."""
        ids = self.lexical.token_ids(tokens)
        if ids.size == 0 or (every and ids.size < len(tokens)):
            yield self.reports_with(tokens, every)
            return
        postings = sorted((self.lexical.postings(t) for t in ids.tolist()), key=len)
        runs = [(postings[0], postings[1:])] if every else [(rows, []) for rows in postings]
        try:
            for rows, others in runs:
                for start in range(0, len(rows), RUN):
                    found = _common_rows([rows[start : start + RUN], *others])
                    if found.size:
                        yield self._reports_of(found)
        finally:
            self.lexical.release(ids)

    def _reports_of(self, rows: np.ndarray) -> np.ndarray:
        """The distinct reports of passages ``rows`` (ascending), ascending."""
        if rows.size == 0:
            return np.zeros(0, np.int64)
        docs = self.doc_of_row[rows]
        if not self._reports_ascend:
            return np.unique(docs)
        return docs[np.concatenate(([True], docs[1:] != docs[:-1]))]  # rows ascend: no sort

    @cached_property
    def doc_of_row(self) -> np.ndarray:
        passages = self.index.passages
        if isinstance(passages, PassageTable):  # stored with the index: nothing read per row
            return passages.doc_rows.astype(np.int64)
        position = {d.doc_id: i for i, d in enumerate(self.index.documents)}
        return np.fromiter((position[p.doc_id] for p in passages), np.int64, len(passages))

    @cached_property
    def _reports_ascend(self) -> bool:
        """Whether the rows' reports never go down (passages written report by report)."""
        return bool(np.all(self.doc_of_row[1:] >= self.doc_of_row[:-1]))

    def vocabulary(self) -> Iterable[str]:
        return (token for token in self.lexical.bm25.vocab_dict if token)


def _common_rows(lists: list[np.ndarray]) -> np.ndarray:
    """The rows in every one of ``lists`` (each ascending): the shortest list looked up in the
    others by binary search, so the cost follows the rarest pair, not the most common one."""
    lists = sorted(lists, key=len)
    rows = np.asarray(lists[0])
    for other in lists[1:]:
        if rows.size == 0 or len(other) == 0:
            return rows[:0]
        at = np.minimum(np.searchsorted(other, rows), len(other) - 1)
        rows = rows[np.asarray(other)[at] == rows]
    return rows
