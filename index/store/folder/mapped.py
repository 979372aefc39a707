"""The pages of a memory-mapped array let go once read.

A page read through a memory map stays mapped in the process, and counts in its RSS, until the
kernel reclaims it; the kernel also maps the cached pages around each one touched (fault-around).
Over a run of questions, the BM25 postings they read would stay in the process (0.4 GB at a
million passages). ``MappedPages.release`` drops the mapping of a slice's pages
(``MADV_DONTNEED``): they stay in the page cache, shared by every process and dropped by the
kernel as needed, and the next read maps them again (a minor fault for each run of pages).
"""

from __future__ import annotations

import mmap

import numpy as np

AROUND = 64 << 10
"""The kernel maps the cached pages of the aligned 64 KB around a page read (fault-around,
``/sys/kernel/mm/transparent_hugepage`` aside): a slice is let go with them."""


class MappedPages:
    """The mapping under an array read from a file (``np.load(..., mmap_mode="r")``)."""

    def __init__(self, array: np.ndarray) -> None:
        whole = isinstance(array, np.memmap) and isinstance(array.base, mmap.mmap)
        self._map: mmap.mmap | None = array.base if whole else None  # type: ignore[assignment]
        self._offset = int(getattr(array, "offset", 0)) if whole else 0
        self._item = array.dtype.itemsize

    def release(self, start: int, end: int) -> None:
        """Let go of the pages holding items ``start:end`` (nothing for an array in memory)."""
        if self._map is None or end <= start:
            return
        first = (self._offset + start * self._item) // AROUND * AROUND
        last = min(-(-(self._offset + end * self._item) // AROUND) * AROUND, len(self._map))
        self._map.madvise(mmap.MADV_DONTNEED, first, last - first)
