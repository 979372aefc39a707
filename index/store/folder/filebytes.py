"""A file's bytes read by position (``os.pread``), for the row and report files of an index.

The passages' lines and the reports' texts are read a few at a time, at random. Through a
memory map every page read stays mapped in the process and counts in its RSS, and the kernel
maps the cached pages around each one touched (fault-around, 64 KB): the 2,000 rows sampled at
load mapped 125 MB of a 135 MB ``passages.jsonl``, nearly all of its 99 MB of report texts. Read
by position, a row costs one system call and leaves its pages in the page cache only (shared
by every process, dropped by the kernel as needed), not in the process's memory.
"""

from __future__ import annotations

import os
from pathlib import Path

CHUNK = 1 << 30
"""The most one ``pread`` is asked for (Linux returns at most about 2 GiB per call)."""


class FileBytes:
    """Slices of a file's bytes: ``data[start:end]`` reads them, ``len(data)`` is its size.
    The file stays open (a version replaced on disk stays readable, as a mapped one did)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, part: slice) -> bytes:
        if not isinstance(part, slice):
            raise TypeError("FileBytes reads slices only")
        start, stop, step = part.indices(self._size)
        if step != 1:
            raise ValueError("FileBytes reads contiguous slices only")
        pieces = []
        while start < stop:
            piece = os.pread(self._fd, min(stop - start, CHUNK), start)
            if not piece:
                raise OSError(f"the file ended before byte {stop} (it was changed in place)")
            pieces.append(piece)
            start += len(piece)
        return b"".join(pieces)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __del__(self) -> None:
        self.close()
