"""Per-passage facts as arrays, built once at load: whose report, its year, its windows, its part
of the report. Whatever a question needs of them is then a few array lookups, whatever the
corpus size (no Python loop over passages or reports per question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from index.models import Document, Passage
from index.store.folder.passages import PassageTable
from qa.analyse.intent.sections import SECTIONS, section_rows


@dataclass(frozen=True)
class RowTable:
    """Arrays indexed by passage row (and by document position for ``doc_*``)."""

    doc_ids: tuple[str, ...]
    doc_position: dict[str, int]
    doc_of_row: np.ndarray
    """The position of each passage's document in ``doc_ids``."""
    doc_year: np.ndarray
    """Each document's report year (0: unknown)."""
    doc_start: np.ndarray
    doc_end: np.ndarray
    """Each document's passages are rows ``doc_start[i]:doc_end[i]`` (a report's passages are
    stored together)."""
    window_start: np.ndarray
    window_end: np.ndarray
    """Each passage's windows are ``window_start[row]:window_end[row]`` (stored in passage
    order)."""
    sections: dict[str, np.ndarray]
    """1.0 for the passages of each part of the reports (``qa.analyse.intent.sections``), else
    0.0."""
    kinds: dict[str, np.ndarray]
    """1.0 for the passages of each kind (``Passage.kind``: header, heading), else 0.0."""

    @property
    def size(self) -> int:
        return int(self.doc_of_row.size)

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        passages: Sequence[Passage],
        window_rows: np.ndarray,
        doc_of_row: np.ndarray,
    ) -> RowTable:
        """The table of an index's ``documents`` and ``passages``; ``doc_of_row``: each
        passage's report position, as its store has it (``IndexStore.doc_of_row``)."""
        ids = tuple(d.doc_id for d in documents)
        position = {doc_id: i for i, doc_id in enumerate(ids)}
        if np.any(np.diff(doc_of_row) < 0):
            raise ValueError("the passages of the reports are not stored in report order")
        starts = np.searchsorted(doc_of_row, np.arange(len(ids)), "left")
        ends = np.searchsorted(doc_of_row, np.arange(len(ids)), "right")
        rows = np.arange(doc_of_row.size)
        return cls(
            doc_ids=ids,
            doc_position=position,
            doc_of_row=doc_of_row,
            doc_year=np.array([d.meta.year or 0 for d in documents], dtype=np.int32),
            doc_start=starts,
            doc_end=ends,
            window_start=np.searchsorted(window_rows, rows, "left"),
            window_end=np.searchsorted(window_rows, rows, "right"),
            sections={name: _part_rows(passages, name) for name in SECTIONS},
            kinds={kind: _kind_rows(passages, kind) for kind in ("header", "heading")},
        )

    def spans(self) -> dict[str, tuple[int, int]]:
        """Each document's passage rows as ``(start, end)``."""
        return {
            doc_id: (int(self.doc_start[i]), int(self.doc_end[i]))
            for i, doc_id in enumerate(self.doc_ids)
        }

    def doc_mask(self, doc_ids: Iterable[str]) -> np.ndarray:
        """Which documents (by position) are among ``doc_ids``."""
        mask = np.zeros(len(self.doc_ids), dtype=bool)
        mask[[self.doc_position[d] for d in doc_ids if d in self.doc_position]] = True
        return mask

    def rows_of(self, doc_ids: Iterable[str]) -> np.ndarray:
        """The passage rows of those documents, ascending."""
        positions = sorted(self.doc_position[d] for d in doc_ids if d in self.doc_position)
        parts = [np.arange(self.doc_start[i], self.doc_end[i]) for i in positions]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def row_mask(self, doc_mask: np.ndarray) -> np.ndarray:
        """Which passage rows belong to the documents of ``doc_mask``."""
        return np.asarray(doc_mask[self.doc_of_row], dtype=bool)

    def windows_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The window ids of passages ``rows`` and, for each, its position in ``rows``."""
        starts, ends = self.window_start[rows], self.window_end[rows]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        owner = np.repeat(np.arange(rows.size), lengths)
        offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return starts[owner] + offsets, owner


def _part_rows(passages: Sequence[Passage], section: str) -> np.ndarray:
    """How much each passage belongs to that part (stored in an index read from disk)."""
    if isinstance(passages, PassageTable):
        return passages.part(section)
    return np.array(section_rows(passages, section), dtype=np.float32)


def _kind_rows(passages: Sequence[Passage], kind: str) -> np.ndarray:
    """1.0 where a passage is of the kind."""
    if isinstance(passages, PassageTable):
        return passages.kind_mask(kind)
    return np.array([p.kind == kind for p in passages], dtype=np.float32)
