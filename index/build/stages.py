"""The build's stages timed, with progress per stage (done / total) for whoever shows it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

StageHook = Callable[[str, int, int], None]
"""Hears ``(stage, done, total)`` as a stage goes (``total``: the items it works through)."""


class StageClock:
    """Times each stage of a build and reports its progress to ``hook``."""

    def __init__(self, hook: StageHook | None = None) -> None:
        self.hook = hook
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[int], None]]:
        """Run a stage of ``total`` items; the context gives a function to call with the
        number of items just done."""
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if self.hook is not None:
                self.hook(name, min(done, total), total)

        started = time.perf_counter()
        advance(0)
        try:
            yield advance
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        if done < total:
            advance(total - done)
