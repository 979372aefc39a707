"""What the query side needs from an index, whichever engine holds it.

``IndexStore`` is the boundary between the query side (``qa/``) and the index: dense candidates
of passages and of their sentence windows for a query vector, BM25 candidates for query tokens,
exact scores of chosen rows, the term → report facts behind "does a report mention term T"
(``qa.retrieve.mentions``), and the documents and passages themselves. Two implementations:
``index.store.local.LocalStore`` (the index folder: FAISS + bm25s) and
``index.store.milvus.store.MilvusStore`` (Milvus, or Milvus Lite), chosen by ``FAZHI_STORE``
(``index.store.opening.open_store``). Nothing above the boundary knows which one it has.

Rows are passage positions in index order (a report's passages together); windows are numbered
in passage order and ``window_rows[w]`` is the row window ``w`` belongs to. A filter is a
boolean mask over the passage rows (for windows too: a window is allowed when its passage is).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

from index.models import Document, Passage

Kind = Literal["passage", "window"]
"""Which vectors: the passages' own, or the ~100-character windows of long passages."""


@dataclass(frozen=True)
class Found:
    """Candidates of one search, best first: their scores and ids (rows, or window ids)."""

    scores: np.ndarray
    ids: np.ndarray

    @classmethod
    def empty(cls) -> Found:
        return cls(np.zeros(0, np.float32), np.zeros(0, np.int64))


@dataclass(frozen=True)
class LexicalFound:
    """BM25 candidates, best first, and the lowest BM25 score of all allowed passages."""

    scores: np.ndarray
    rows: np.ndarray
    floor: float


@dataclass(frozen=True)
class StoreCounts:
    documents: int
    passages: int
    windows: int


@runtime_checkable
class IndexStore(Protocol):
    """A loaded, read-only version of an index."""

    @property
    def location(self) -> str:
        """Where it is: a folder, or a Milvus address and collection prefix."""
        ...

    @property
    def manifest(self) -> Mapping[str, Any]:
        """The build's manifest (encoder, dim, version, settings, built_at)."""
        ...

    @property
    def version(self) -> str:
        """This version's name (the Milvus collections' suffix; the folder's build stamp)."""
        ...

    @property
    def documents(self) -> Sequence[Document]: ...

    @property
    def doc_of_row(self) -> np.ndarray:
        """Each passage row's report, as its position in ``documents`` (int64)."""
        ...

    @property
    def passages(self) -> Sequence[Passage]: ...

    @property
    def window_rows(self) -> np.ndarray:
        """The passage row of each window (ascending)."""
        ...

    def counts(self) -> StoreCounts: ...

    def dense_search(
        self, kind: Kind, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> Found:
        """The ``k`` most similar (inner product) passages or windows among ``allowed``."""
        ...

    def dense_scores(self, kind: Kind, vector: np.ndarray, ids: np.ndarray | None) -> np.ndarray:
        """Exact scores of passages or windows ``ids`` (``None``: all of them, in id order)."""
        ...

    def lexical_search(
        self, tokens: Sequence[str], k: int, allowed: np.ndarray | None = None
    ) -> LexicalFound:
        """The ``k`` best passages by BM25 of ``tokens`` (repeats count again) among
        ``allowed``."""
        ...

    def lexical_scores(self, tokens: Sequence[str], rows: np.ndarray | None) -> np.ndarray:
        """Exact BM25 scores of passages ``rows`` (``None``: every passage, in row order)."""
        ...

    def reports_with(self, tokens: Sequence[str], every: bool = True) -> np.ndarray:
        """Positions of the reports with a passage whose BM25 terms hold every one of ``tokens``
        (or any, if not ``every``), ascending: the term → report facts of
        ``qa.retrieve.mentions``. A store may answer with more reports (whole reports' terms
        rather than one passage's); the caller reads their texts."""
        ...

    def report_runs(self, tokens: Sequence[str], every: bool = True) -> Iterator[np.ndarray]:
        """The reports of ``reports_with`` in runs (each ascending, the runs in the order a
        store finds them; a report may recur), so that a caller looking for one report that
        holds a term can stop at the first run holding it."""
        ...

    def vocabulary(self) -> Iterable[str]:
        """Every BM25 term of the passages (words, character pairs, identifiers)."""
        ...

    def latest_version(self) -> str:
        """The newest published version (differs from ``version`` after a rebuild elsewhere)."""
        ...
