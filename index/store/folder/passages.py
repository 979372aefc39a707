"""Passages on disk, read a row at a time: the query side holds no Python object per passage.

``passages.jsonl`` keeps one passage per line (as before: readable, diffable). Beside it:

- ``passage_rows.npy``: one record per row (memory-mapped): where its line starts and how long
  it is, its report's position among the documents, its kind (``KINDS``) and how much it belongs
  to each part of the report (``index.chunk.sections``). Whatever the query side needs of every
  passage at once is an array column, not a loop over passages.
- ``passage_ids.npy``: the passage ids sorted, with their rows (a binary search finds a row).

``PassageTable`` is a read-only ``Sequence[Passage]`` over these files: ``table[row]`` reads
one line by position (``index.store.folder.filebytes``) and parses it (a few microseconds);
iterating reads the file in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np

from index.chunk.sections import SECTIONS, SectionReader
from index.models import Passage
from index.store.folder.filebytes import FileBytes

PASSAGES_FILE = "passages.jsonl"
ROWS_FILE = "passage_rows.npy"
IDS_FILE = "passage_ids.npy"
KINDS = ("text", "header", "heading")
"""``Passage.kind`` values, stored as their position."""

ROW_DTYPE = np.dtype(
    [("offset", "<i8"), ("length", "<i4"), ("doc", "<i4"), ("kind", "i1")]
    + [(f"part_{name}", "<f4") for name in SECTIONS]
)

View = Callable[[Passage], Passage]
ROW_MEMO = 4096
"""Rows parsed lately, remembered (a question reads its candidates' rows more than once)."""


class Appended(Iterable[Passage]):
    """The rows ``kept`` of a stored table (in order) followed by ``added`` passages: written
    by copying the kept lines and records as they are (``write_passages``), not re-encoding
    them. ``doc_ids``: the stored table's documents, by position."""

    def __init__(
        self,
        stored: PassageTable,
        kept: np.ndarray,
        added: Sequence[Passage],
        doc_ids: Sequence[str],
    ) -> None:
        self.stored, self.kept, self.added, self.doc_ids = stored, kept, added, doc_ids

    def __len__(self) -> int:
        return int(self.kept.size) + len(self.added)

    def __iter__(self) -> Iterator[Passage]:
        yield from (self.stored[int(row)] for row in self.kept)
        yield from self.added


class _Writer:
    """Writes passage lines and gathers their records and ids."""

    def __init__(self, folder: Path, doc_position: Mapping[str, int], readable: View | None):
        self.folder, self.doc_position, self.readable = folder, doc_position, readable
        self.handle = (folder / PASSAGES_FILE).open("wb")
        self.offset = 0
        self.chunks: list[np.ndarray] = []
        self.ids: list[np.ndarray] = []
        self.records: list[tuple[object, ...]] = []
        self.new_ids: list[bytes] = []
        self.readers = [SectionReader(name) for name in SECTIONS]

    def add(self, passage: Passage) -> None:
        line = (json.dumps(passage.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        self.handle.write(line)
        read = self.readable(passage) if self.readable is not None else passage
        parts = tuple(reader.read(read) for reader in self.readers)
        kind = KINDS.index(passage.kind) if passage.kind in KINDS else 0
        self.records.append(
            (self.offset, len(line), self.doc_position[passage.doc_id], kind, *parts)
        )
        self.new_ids.append(passage.passage_id.encode("utf-8"))
        self.offset += len(line)

    def copy(self, appended: Appended) -> None:
        """The kept rows of a stored table: their bytes in runs, their records renumbered."""
        table, kept = appended.stored, appended.kept
        records = np.array(table.rows[kept])
        renumber = np.array([self.doc_position.get(d, -1) for d in appended.doc_ids], np.int32)
        records["doc"] = renumber[records["doc"]]
        if np.any(records["doc"] < 0):
            raise ValueError("a kept passage's report is not kept")
        breaks = np.flatnonzero(np.diff(kept) != 1) + 1
        for run in np.split(np.arange(kept.size), breaks) if kept.size else []:
            start = int(records["offset"][run[0]])
            end = int(records["offset"][run[-1]] + records["length"][run[-1]])
            self.handle.write(table._data[start:end])
        records["offset"] = self.offset + np.concatenate([[0], np.cumsum(records["length"])[:-1]])
        self.offset += int(records["length"].sum())
        self.chunks.append(records)
        row_of_old = np.full(len(table), -1, dtype=np.int64)
        row_of_old[kept] = np.arange(kept.size)
        ids = np.array(table._ids)
        ids = ids[row_of_old[ids["row"]] >= 0]
        ids["row"] = row_of_old[ids["row"]]
        self.ids.append(ids)

    def close(self) -> int:
        self.handle.close()
        start = sum(len(c) for c in self.chunks)
        rows = np.concatenate([*self.chunks, np.array(self.records, dtype=ROW_DTYPE)])
        np.save(self.folder / ROWS_FILE, rows)
        parts = [*self.ids, _id_lookup(self.new_ids, np.arange(len(self.new_ids)) + start)]
        width = max(part.dtype["id"].itemsize for part in parts)
        dtype = np.dtype([("id", f"S{width}"), ("row", "<i4")])
        lookup = np.concatenate([part.astype(dtype) for part in parts])
        lookup.sort(order="id")
        np.save(self.folder / IDS_FILE, lookup)
        return int(rows.size)


def write_passages(
    folder: Path,
    passages: Iterable[Passage],
    doc_position: Mapping[str, int],
    readable: View | None = None,
) -> int:
    """Write ``passages`` (in report order) and their row and id arrays into ``folder``; the
    number written. ``readable``: the form the parts of the report are read from (reports in
    traditional script are read simplified). An ``Appended`` is written by copying its kept
    rows."""
    writer = _Writer(folder, doc_position, readable)
    try:
        if isinstance(passages, Appended):
            writer.copy(passages)
            passages = passages.added
        for passage in passages:
            writer.add(passage)
    finally:
        writer.handle.close()
    return writer.close()


def _id_lookup(ids: Sequence[bytes], rows: np.ndarray | None = None) -> np.ndarray:
    width = max((len(i) for i in ids), default=1)
    lookup = np.zeros(len(ids), dtype=[("id", f"S{width}"), ("row", "<i4")])
    lookup["id"] = ids
    lookup["row"] = np.arange(len(ids)) if rows is None else rows
    lookup.sort(order="id")
    return lookup


class PassageTable(Sequence[Passage]):
    """The passages of an index folder, read lazily (``view``: a form to read them in)."""

    def __init__(self, folder: Path, view: View | None = None) -> None:
        self.folder = Path(folder)
        self.rows: np.ndarray = np.load(self.folder / ROWS_FILE, mmap_mode="r", allow_pickle=False)
        self._ids: np.ndarray = np.load(self.folder / IDS_FILE, mmap_mode="r", allow_pickle=False)
        if self.rows.dtype != ROW_DTYPE:
            raise ValueError(f"{ROWS_FILE} holds {self.rows.dtype}, not {ROW_DTYPE}")
        self._data = FileBytes(self.folder / PASSAGES_FILE)
        self._view = view
        self._read = lru_cache(maxsize=ROW_MEMO)(self._parse)
        end = int(self.rows["offset"][-1] + self.rows["length"][-1]) if len(self) else 0
        if end != len(self._data) or self._ids.shape[0] != len(self):
            raise ValueError(f"{PASSAGES_FILE} does not match {ROWS_FILE} and {IDS_FILE}")

    def with_view(self, view: View) -> PassageTable:
        """The same rows, each read through ``view``."""
        table = PassageTable.__new__(PassageTable)
        table.__dict__.update(self.__dict__)
        table._view = view
        table._read = lru_cache(maxsize=ROW_MEMO)(table._parse)
        return table

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self._read(i) for i in range(*index.indices(len(self)))]
        size = len(self)
        row = int(index) + size if index < 0 else int(index)
        if not 0 <= row < size:
            raise IndexError(f"passage row {index} out of range ({size} passages)")
        return self._read(row)

    def _parse(self, row: int) -> Passage:
        record = self.rows[row]
        start = int(record["offset"])
        passage = Passage.from_dict(json.loads(self._data[start : start + int(record["length"])]))
        return self._view(passage) if self._view is not None else passage

    def __iter__(self) -> Iterator[Passage]:
        with (self.folder / PASSAGES_FILE).open("rb") as handle:
            for line in handle:
                passage = Passage.from_dict(json.loads(line))
                yield self._view(passage) if self._view is not None else passage

    def row_of(self, passage_id: str) -> int | None:
        """The row of the passage with that id, if any."""
        key = passage_id.encode("utf-8")
        ids = self._ids["id"]
        at = int(np.searchsorted(ids, key))
        if at < ids.size and ids[at] == key:
            return int(self._ids["row"][at])
        return None

    @property
    def doc_rows(self) -> np.ndarray:
        """Each passage's report, as its position among the index's documents."""
        return np.asarray(self.rows["doc"], dtype=np.int32)

    def kind_mask(self, kind: str) -> np.ndarray:
        """1.0 where a passage is of that kind, else 0.0."""
        return (np.asarray(self.rows["kind"]) == KINDS.index(kind)).astype(np.float32)

    def part(self, section: str) -> np.ndarray:
        """How much each passage belongs to that part of its report
        (``index.chunk.sections``)."""
        return np.asarray(self.rows[f"part_{section}"], dtype=np.float32)


def row_sample(size: int, every_below: int = 20_000, count: int = 2_000) -> Sequence[int]:
    """Rows to check: every row of a small table, else ``count`` spread evenly over it (the
    first and last included)."""
    if size <= every_below:
        return range(size)
    return sorted(set(np.linspace(0, size - 1, count).astype(int).tolist()))
