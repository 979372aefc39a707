"""The model gate: search and answer work runs in a few worker threads, never on the event loop,
and a request that cannot get one within its time budget is a 503 ``busy`` instead of a long wait.

So ``/healthz`` and ``/readyz`` (async, no model) answer at once however many questions queue,
and one slow question holds at most its own slot.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from index.errors import ServiceBusyError

logger = logging.getLogger(__name__)
T = TypeVar("T")


class ModelGate:
    """At most ``slots`` model calls at once; a caller waits at most ``budget`` seconds."""

    def __init__(self, slots: int, budget: float) -> None:
        self.slots = slots
        self.budget = budget
        self._admitted = anyio.CapacityLimiter(slots)
        self._threads = anyio.CapacityLimiter(slots)

    async def run(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        """``work(*args, **kwargs)`` in a worker thread once a slot is free."""
        started = time.perf_counter()
        with anyio.move_on_after(self.budget) as waited:
            await self._admitted.acquire()
        if waited.cancelled_caught:
            raise ServiceBusyError(
                f"the service is busy: no answer slot was free within {self.budget:g} s; "
                "try again in a moment",
                {"budget_seconds": self.budget},
            )
        try:
            call = functools.partial(work, *args, **kwargs)
            return await anyio.to_thread.run_sync(call, limiter=self._threads)
        finally:
            self._admitted.release()
            took = time.perf_counter() - started
            if took > self.budget:
                logger.warning("a request took %.1f s (budget %g s)", took, self.budget)
