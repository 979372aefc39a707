"""Passages on disk, read a row at a time: the query side holds no Python object per passage.

``passages.jsonl`` keeps one passage per line (as before: readable, diffable). Beside it:

- ``passage_rows.npy``: one record per row (memory-mapped): where its line starts and how long
  it is, its report's position among the documents, its kind (``KINDS``) and how much it belongs
  to each part of the report (``index.chunk.sections``). Whatever the query side needs of every
  passage at once is an array column, not a loop over passages.
- ``passage_ids.npy``: the passage ids sorted, with their rows (a binary search finds a row).

``PassageTable`` is a read-only ``Sequence[Passage]`` over these files: ``table[row]`` parses
one line of the memory-mapped file (a few microseconds); iterating reads the file in order.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from index.chunk.sections import SECTIONS, SectionReader
from index.models import Passage

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


def write_passages(
    folder: Path,
    passages: Iterable[Passage],
    doc_position: Mapping[str, int],
    readable: View | None = None,
) -> int:
    """Write ``passages`` (in report order) and their row and id arrays into ``folder``; the
    number written. ``readable``: the form the parts of the report are read from (reports in
    traditional script are read simplified)."""
    records: list[tuple[object, ...]] = []
    ids: list[bytes] = []
    readers = [SectionReader(name) for name in SECTIONS]
    offset = 0
    with (folder / PASSAGES_FILE).open("wb") as handle:
        for passage in passages:
            line = (json.dumps(passage.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
            handle.write(line)
            read = readable(passage) if readable is not None else passage
            parts = tuple(reader.read(read) for reader in readers)
            kind = KINDS.index(passage.kind) if passage.kind in KINDS else 0
            records.append((offset, len(line), doc_position[passage.doc_id], kind, *parts))
            ids.append(passage.passage_id.encode("utf-8"))
            offset += len(line)
    rows = np.array(records, dtype=ROW_DTYPE)
    np.save(folder / ROWS_FILE, rows)
    np.save(folder / IDS_FILE, _id_lookup(ids))
    return len(records)


def _id_lookup(ids: list[bytes]) -> np.ndarray:
    width = max((len(i) for i in ids), default=1)
    lookup = np.zeros(len(ids), dtype=[("id", f"S{width}"), ("row", "<i4")])
    lookup["id"] = ids
    lookup["row"] = np.arange(len(ids))
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
        self._data = _map(self.folder / PASSAGES_FILE)
        self._view = view
        end = int(self.rows["offset"][-1] + self.rows["length"][-1]) if len(self) else 0
        if end != len(self._data) or self._ids.shape[0] != len(self):
            raise ValueError(f"{PASSAGES_FILE} does not match {ROWS_FILE} and {IDS_FILE}")

    def with_view(self, view: View) -> PassageTable:
        """The same rows, each read through ``view``."""
        table = PassageTable.__new__(PassageTable)
        table.__dict__.update(self.__dict__)
        table._view = view
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

    def _read(self, row: int) -> Passage:
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


def _map(path: Path) -> bytes | mmap.mmap:
    """The file's bytes, memory-mapped (an empty file cannot be mapped: its empty bytes)."""
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def row_sample(size: int, every_below: int = 20_000, count: int = 2_000) -> Sequence[int]:
    """Rows to check: every row of a small table, else ``count`` spread evenly over it (the
    first and last included)."""
    if size <= every_below:
        return range(size)
    return sorted(set(np.linspace(0, size - 1, count).astype(int).tolist()))
