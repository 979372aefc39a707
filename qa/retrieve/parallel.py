"""One question's independent index searches, run side by side.

A question searches several indexes: the passages' vectors, the windows', the passages' again
for the floor (the least similar), and BM25. Each search runs on one core (FAISS searches one
query in one thread) and FAISS releases the GIL while it searches, so on a machine with a core
to spare they take about the time of the longest instead of the sum; the results are the same
as one after the other. The first call runs in the caller's thread, the others go to a small
shared pool (none on a single core: then they all run in the caller's thread, in order); once
its own call is done, the caller runs any call no pool thread has started yet, rather than
wait for it. Measured at 1M passages on 2 cores (one pool thread): the four searches took
19–30 ms p50 ~24 when the caller only waited, the pool thread running three of them in turn.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any

WORKERS = min(2, (os.cpu_count() or 1) - 1)
"""Threads beside the caller's: a question's dense searches are three at most."""


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(WORKERS, thread_name_prefix="search")


if hasattr(os, "register_at_fork"):  # a forked child has none of the pool's threads: a new pool
    os.register_at_fork(after_in_child=_pool.cache_clear)


def side_by_side(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Each call's result, in the order of ``calls``; an exception is raised as it would be
    one after the other (after every call has ended)."""
    if WORKERS <= 0 or len(calls) < 2:
        return [call() for call in calls]
    pending = [_pool().submit(call) for call in calls[1:]]
    outcomes = [_ran(calls[0])]
    for call, future in zip(calls[1:], pending, strict=True):
        if future.cancel():  # no pool thread has started it: run it here
            future = _ran(call)
        outcomes.append(future)
    return [future.result() for future in outcomes]


def _ran(call: Callable[[], Any]) -> Future[Any]:
    """``call``'s result or exception, run in this thread, as a finished future."""
    done: Future[Any] = Future()
    try:
        done.set_result(call())
    except Exception as error:  # raised, in order, by ``result()``
        done.set_exception(error)
    return done
