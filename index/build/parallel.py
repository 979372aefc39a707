"""CPU-bound build steps over worker processes (pure-Python tokenising does not share a core).

Workers are forked, so they start with what the parent has loaded (the jieba dictionary); small
inputs stay in this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 2000
CHUNK = 500


def _apply(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(item) for item in items]


def process_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    workers: int | None = None,
    min_items: int = MIN_ITEMS,
    chunk: int = CHUNK,
) -> Iterator[R]:
    """``fn`` over ``items`` in order, in ``workers`` processes (default: one per core) when
    there are ``min_items`` or more to pay for them, sent ``chunk`` at a time."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < min_items or "fork" not in _methods():
        yield from map(fn, items)
        return
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        for part in pool.map(_apply, [fn] * len(chunks), chunks):
            yield from part


def _methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()
