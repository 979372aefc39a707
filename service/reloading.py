"""Switching a running service to the index's newest version, in every worker process.

The index folder is replaced as a whole (``fazhi-qa add``/``remove``/``build`` write a new folder
and rename it into place), so its ``manifest.json`` is a new file after every change. A worker
remembers the manifest it loaded (``index_stamp``: inode, size, modification time — one
``stat``) and, with ``FAZHI_WATCH_INDEX`` seconds set, checks it that often: on a change it loads
the new version beside the one in use and swaps them in one assignment (``swap_engine``, also
behind ``POST /v1/admin/reload``). Every uvicorn worker runs its own check, so a change reaches
all of them within the interval, whichever received the admin call. A request keeps the engine
it started with; a version that cannot be loaded leaves the worker on the one it had.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from fastapi import FastAPI

from index.config import Settings
from index.errors import FazhiError
from qa import Engine

logger = logging.getLogger(__name__)
Stamp = tuple[int, int, int] | None


def index_stamp(index_dir: Path) -> Stamp:
    """What identifies the index version on disk now (None: no manifest)."""
    try:
        found = os.stat(Path(index_dir) / "manifest.json")
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


async def swap_engine(
    app: FastAPI, settings: Settings
) -> tuple[Engine | None, Engine | None, FazhiError | None]:
    """Load the index again and serve it from now on: ``(new, previous, error)``; on an error
    the previous engine stays in use."""
    from service.app import load_engine  # the app module imports this one

    async with _lock(app):  # one reload at a time
        stamp = index_stamp(settings.index_dir)  # before loading: a change meanwhile is seen
        engine, error = await asyncio.to_thread(load_engine, settings)
        previous: Engine | None = getattr(app.state, "engine", None)
        app.state.index_stamp = stamp
        if error is not None or engine is None:
            return None, previous, error
        app.state.engine, app.state.load_error = engine, None
    return engine, previous, None


def _lock(app: FastAPI) -> asyncio.Lock:
    """The app's reload lock (one per app and event loop)."""
    lock = getattr(app.state, "swap_lock", None)
    if lock is None:
        lock = app.state.swap_lock = asyncio.Lock()
    return lock


async def watch_index(app: FastAPI, settings: Settings) -> None:
    """Reload whenever the index on disk is another version than the one loaded."""
    while True:
        await asyncio.sleep(settings.watch_index)
        stamp = index_stamp(settings.index_dir)
        if stamp is None or stamp == getattr(app.state, "index_stamp", None):
            continue
        engine, _, error = await swap_engine(app, settings)
        if error is not None:
            logger.error("kept the index version in use: %s", error.message)
        elif engine is not None:
            version = engine.stored.manifest.get("version", 1)
            logger.info("switched to version %s of the index (pid %d)", version, os.getpid())
