"""A progress bar per build stage, with its rate and time left (``fazhi-qa build``)."""

from __future__ import annotations

import time
from typing import Any

from rich.progress import Progress, TaskID


class StageBars:
    """Shows each stage the builder reports (``index.build.stages.StageHook``) as a bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, tuple[TaskID, float]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            task = self._progress.add_task(stage, total=total, rate="")
            self._tasks[stage] = (task, time.perf_counter())
        task, started = self._tasks[stage]
        elapsed = time.perf_counter() - started
        fields: dict[str, Any] = {"rate": f"{done / elapsed:,.0f}/s" if elapsed > 0.5 else ""}
        self._progress.update(task, completed=done, total=total, **fields)
