"""Find source reports on disk and read each one into text.

Every later offset (passages, citations) refers to the text returned here, so the only change
made to a plain-text file's characters is normalising line endings to ``"\\n"``. A PDF's text is
read from its layout, whose line breaks fall at the page's width: those inside a sentence (soft
wraps, ``index.chunk.wraps``) are joined, so a sentence, a word or a number reads whole.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.errors import LoadError
from index.load.formats import FORMAT_NAMES, READERS

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


@dataclass(frozen=True)
class SourceFile:
    """One readable source file and its decoded text."""

    path: Path
    source: str
    text: str


@dataclass(frozen=True)
class SkippedFile:
    """A file that was found but could not be read, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class LoadResult:
    """Everything ``load_sources`` found: the readable files and the skipped ones."""

    files: tuple[SourceFile, ...]
    skipped: tuple[SkippedFile, ...]


def read_text(path: Path) -> str:
    """Read one supported file into text; raise ``LoadError`` if it holds no usable text."""
    suffix, where = path.suffix.lower(), {"path": str(path)}
    reader = READERS.get(suffix)
    if reader is None:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise LoadError(f"unsupported file type {suffix or '(none)'!r}; supported: {kinds}", where)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", where) from exc
    if not data:
        raise LoadError("empty file", where)
    try:
        text = reader(data).replace("\r\n", "\n").replace("\r", "\n")
    except LoadError as exc:
        raise LoadError(exc.message, {**where, **exc.details}) from exc
    except Exception as exc:  # a library failing on a malformed file: never leak its traceback
        name = FORMAT_NAMES.get(suffix, "text")
        message = f"cannot read {name} file: it is corrupt or not really a {name} file"
        raise LoadError(message, {**where, "error": f"{type(exc).__name__}: {exc}"}) from exc
    if not text.strip():
        raise LoadError("empty file", where)
    return text


def discover(
    paths: Sequence[Path], refused: list[SkippedFile] | None = None
) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(absolute path, source)`` pairs.

    Folders are walked recursively in sorted order, leaving out hidden files and folders,
    Office lock files (``~$*``), ``.json`` sidecars and unsupported suffixes. A file named
    directly is kept whatever its suffix (so that loading reports it), unless it is ``.json``.
    A file in a folder that is a link to something outside that folder is left out and added to
    ``refused`` (a link to the system's password file must not become searchable).
    """
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).absolute()
        if not path.exists():
            raise LoadError(f"path does not exist: {given}", {"path": str(given)})
        if path.is_dir():
            entries = _walk_folder(path, refused if refused is not None else [])
        else:
            entries = [] if path.suffix.lower() == ".json" else [(path, path.name)]
        for file, source in entries:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append((file, source))
    for source, count in Counter(source for _, source in found).items():
        if count > 1:
            logger.warning("%d different files share the source name %r", count, source)
    return found


def load_sources(paths: Sequence[Path]) -> LoadResult:
    """Discover and read every source; a file that fails is logged and reported as skipped."""
    files: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    refused: list[SkippedFile] = []
    for path, source in discover(paths, refused):
        try:
            text = read_text(path)
        except LoadError as exc:
            logger.warning("skipped %s: %s", source, exc.message)
            skipped.append(SkippedFile(source=source, reason=exc.message))
            continue
        files.append(SourceFile(path=path, source=source, text=text))
    skipped = [*refused, *skipped]
    logger.info("loaded %d file(s), skipped %d", len(files), len(skipped))
    return LoadResult(files=tuple(files), skipped=tuple(skipped))


def _walk_folder(root: Path, refused: list[SkippedFile]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, onerror=_log_walk_error):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(dirpath, name)
            wanted = path.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith((".", "~$"))
            source = path.relative_to(root).as_posix()
            if not wanted:
                continue
            if path.is_symlink() and not _inside(path, real_root):
                reason = f"a link to a file outside {root}: not read"
                logger.warning("refused %s: %s", source, reason)
                refused.append(SkippedFile(source=source, reason=reason))
            elif path.is_file():
                found.append((path, source))
    return sorted(found, key=lambda item: item[1])


def _inside(path: Path, real_root: Path) -> bool:
    """Whether ``path`` resolves to a file under ``real_root`` (a link loop does not)."""
    try:
        return path.resolve(strict=True).is_relative_to(real_root)
    except (OSError, RuntimeError):
        return False


def _log_walk_error(error: OSError) -> None:
    logger.warning("cannot list folder %s: %s", error.filename, error.strerror or error)
