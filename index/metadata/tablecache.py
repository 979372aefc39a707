"""Tables built from data files, kept as a pickle in the cache folder and read back.

The gazetteer's tables (``index.metadata.gazetteer``) are built from jionlp's and the ministry's
lists in every process that reads places (the service at each start, every build worker): 1.3 s
on a quiet machine, 4.6 s at load average ~10. They depend only on those files and on the code
that reads them, so they are built once and then read back (about a fifth of the time) from
``FAZHI_CACHE_DIR`` as ``tables-NAME-DIGEST.pickle``. The digest covers each data file (path,
size, modification time), the Python version and the source of ``index/metadata``: a changed
list or reader builds them again. A cache that cannot be read or written is passed over: the
tables are built as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)
CODE = Path(__file__).resolve().parent
"""The readers whose source the digest covers (``index/metadata``)."""


def cached_tables(name: str, sources: Sequence[Path], build: Callable[[], T]) -> T:
    """``build()``'s tables, read from the cache when built before from the same ``sources``
    and code, else built and written there."""
    try:
        path = _cache_folder() / f"tables-{name}-{_digest(sources)}.pickle"
    except Exception as exc:  # settings that do not validate, a source gone: no cache
        logger.info("table cache not used (%s)", exc)
        return build()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - written by this module, in the user's cache
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign file: built again, and replaced
        logger.warning("table cache %s not read (%s): building the tables", path, exc)
    tables = build()
    _write(path, name, tables)
    return tables


def _cache_folder() -> Path:
    from index.config import Settings

    return Path(Settings().cache_dir)


def _digest(sources: Sequence[Path]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for source in sources:
        stat = source.stat()
        digest.update(f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    for module in sorted(CODE.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def _write(path: Path, name: str, tables: object) -> None:
    """Written atomically (a rename), the same tables' older versions removed."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temporary, 0o644)  # readable by other users' processes, as the index is
        os.replace(temporary, path)
        temporary = None
        for old in path.parent.glob(f"tables-{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk: the tables are built at every start
        logger.info("table cache %s not written (%s)", path, exc)
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
