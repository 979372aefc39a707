"""One build at a time into an index folder, and no leftovers of interrupted ones.

A lock file beside the folder (``.NAME.lock``) makes a second build wait for the first (up to a
timeout, then a clear error); while holding it, a build first puts back an index an interrupted
swap left aside and removes the ``.NAME.tmp-*`` / ``.NAME.old-*`` folders of killed builds.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from index.errors import BuildError
from index.store.folder.files import recover_moved_aside

logger = logging.getLogger(__name__)


def lock_path(index_dir: Path) -> Path:
    index_dir = index_dir.absolute()
    return index_dir.parent / f".{index_dir.name}.lock"


def leftovers(index_dir: Path) -> list[Path]:
    """Temporary and set-aside folders of earlier builds of ``index_dir``."""
    index_dir = index_dir.absolute()
    if not index_dir.parent.is_dir():
        return []
    patterns = (f".{index_dir.name}.tmp-*", f".{index_dir.name}.old-*")
    return sorted(p for pattern in patterns for p in index_dir.parent.glob(pattern))


def clean_leftovers(index_dir: Path) -> list[Path]:
    """Put back a set-aside index if the folder is missing, then remove the other leftovers."""
    recover_moved_aside(index_dir)
    removed = leftovers(index_dir)
    for path in removed:
        logger.warning("removing %s, left by an interrupted build", path)
        shutil.rmtree(path, ignore_errors=True)
    return removed


@contextmanager
def build_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the build lock of ``index_dir`` (waiting at most ``timeout`` seconds)."""
    path = lock_path(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise BuildError(
            f"another build into {index_dir} is still running (waited {timeout:g} s for "
            f"{path}); try again when it has finished",
            {"lock": str(path)},
        ) from None
    try:
        clean_leftovers(index_dir)
        yield
    finally:
        lock.release()
