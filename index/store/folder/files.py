"""The index folder: FAISS vectors, BM25, passages, documents and a manifest.

Written atomically (a temporary folder renamed into place), so a failed or killed build leaves
the previous index intact. Reading checks every file against the manifest.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np

from index.chunk.windows import WindowVectors
from index.errors import IndexCorruptError, IndexMissingError
from index.load.script import TRADITIONAL, simplified_passage
from index.models import Document, Passage
from index.store.folder.digests import MANIFEST, file_hashes, large_file_samples, verify_files
from index.store.folder.integrity import check_consistency, check_manifest_shape
from index.store.folder.passages import PASSAGES_FILE, PassageTable, write_passages
from index.store.folder.reports import (
    DOCUMENTS_FILE,
    TEXTS_FILE,
    document_from_dict,
    document_to_dict,
    read_reports,
    write_reports,
)
from index.store.lexical.lexicon import TokenIds, load_bounds, save_bounds, save_ids
from index.store.vector.vectors import make_faiss_index, read_faiss_index, row_vectors

__all__ = [
    "DOCUMENTS_FILE",
    "PASSAGES_FILE",
    "TEXTS_FILE",
    "document_from_dict",
    "document_to_dict",
    "StoredIndex",
    "load_index",
    "make_bm25_index",
    "make_faiss_index",
    "verify_index",
    "write_index",
]

FORMAT_VERSION = 7
# 2: BM25 words + character pairs; 3: + mixed-script ids; 4: + windows; 5: + passage row arrays;
# 6: report texts apart from their metadata (``index.store.folder.reports``)
# 7: large indexes are `hnswsq` (HNSW over 8-bit codes, the float vectors kept beside them)
FAISS_FILE = "dense.faiss"
WINDOWS_FILE = "windows.faiss"
WINDOW_ROWS_FILE = "window_rows.npy"
BM25_DIR = "bm25"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredIndex:
    """Everything an index folder holds, loaded."""

    path: Path
    manifest: dict[str, Any]
    documents: tuple[Document, ...]
    passages: Sequence[Passage]
    """A ``PassageTable`` (read from disk a row at a time) for an index read from a folder."""
    dense: Any
    bm25: bm25s.BM25
    windows: WindowVectors
    """The vectors of long passages' windows (``index.chunk.windows``, a view of ``windows_index``'s
    storage) and their passage rows, in passage order."""
    windows_index: Any = None
    """The FAISS index of the window vectors (same kind rules as ``dense``)."""
    bm25_bounds: np.ndarray | None = None
    """Each BM25 token's largest term score, if the index holds them
    (``index.store.lexical.maxscore``)."""


def write_index(
    target: Path,
    documents: Sequence[Document],
    passages: Iterable[Passage],
    dense: Any,
    bm25: bm25s.BM25,
    manifest: dict[str, Any],
    windows: WindowVectors,
    token_ids: TokenIds | None = None,
    dense_windows: Any = None,
) -> None:
    """Write a complete index to ``target``, replacing any previous one only at the end
    (``token_ids``: BM25's vocabulary ids of each passage, kept for updates; ``dense_windows``:
    the windows' FAISS index, if already made). ``passages`` may be any iterable in report
    order (it is read once)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir()
        faiss.write_index(dense, str(tmp / FAISS_FILE))
        if dense_windows is None:
            kind = str(manifest.get("index_type", "auto"))
            dense_windows = make_faiss_index(windows.vectors, kind)
        faiss.write_index(dense_windows, str(tmp / WINDOWS_FILE))
        if token_ids is not None:
            save_ids(tmp, token_ids, bm25)
        np.save(tmp / WINDOW_ROWS_FILE, windows.rows)
        bm25.save(str(tmp / BM25_DIR))
        save_bounds(tmp, bm25)
        _write_passages(tmp, documents, passages)
        write_reports(tmp, documents)
        full = {**manifest, "format_version": FORMAT_VERSION, "files": file_hashes(tmp)}
        full["samples"] = large_file_samples(tmp)
        (tmp / MANIFEST).write_text(json.dumps(full, ensure_ascii=False, indent=2), "utf-8")
        _swap_into_place(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _write_passages(
    folder: Path, documents: Sequence[Document], passages: Iterable[Passage]
) -> None:
    traditional = {d.doc_id for d in documents if d.meta.script == TRADITIONAL}

    def readable(passage: Passage) -> Passage:
        return simplified_passage(passage) if passage.doc_id in traditional else passage

    position = {d.doc_id: i for i, d in enumerate(documents)}
    write_passages(folder, passages, position, readable if traditional else None)


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target``; if that fails, the previous index is put back."""
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
    if target.exists():
        target.rename(old)
    try:
        tmp.rename(target)
    except OSError:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def recover_moved_aside(path: Path) -> None:
    """Put back a previous index left at ``.{name}.old-*`` by an interrupted swap."""
    path = path.resolve()
    if path.exists() or not path.parent.is_dir():
        return
    leftovers = [p for p in path.parent.glob(f".{path.name}.old-*") if p.is_dir()]
    if not leftovers:
        return
    newest = max(leftovers, key=lambda p: p.stat().st_mtime)
    try:
        newest.rename(path)
    except OSError as exc:
        logger.warning("could not recover the index left at %s: %s", newest, exc)
        return
    logger.warning("recovered the index at %s from %s (an interrupted build)", path, newest.name)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``; a clear error when it is missing or unreadable."""
    try:
        return _read_manifest(path)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop (Path.resolve)
        raise IndexCorruptError(
            f"the index folder {path} cannot be read ({exc}): check the path or rebuild with "
            "`fazhi-qa build`",
            {"index_dir": str(path)},
        ) from exc


def _read_manifest(path: Path) -> dict[str, Any]:
    recover_moved_aside(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise IndexMissingError(
            f"no index at {path}: build one with `fazhi-qa build` (or set FAZHI_INDEX_DIR)",
            {"index_dir": str(path)},
        )
    try:
        manifest = check_manifest_shape(path, json.loads(manifest_path.read_text("utf-8")))
    except (OSError, ValueError, RecursionError) as exc:
        raise IndexCorruptError(
            f"the index manifest at {manifest_path} is unreadable: rebuild with `fazhi-qa build`"
        ) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexCorruptError(
            f"the index at {path} has format {manifest.get('format_version')!r}, this version "
            f"reads {FORMAT_VERSION}: rebuild it with `fazhi-qa build --force`"
        )
    return manifest


def verify_index(path: Path) -> None:
    """Hash every file of the index at ``path`` whole (loading checks large files by sample)."""
    verify_files(Path(path), read_manifest(Path(path)), whole=True)


def load_index(path: Path) -> StoredIndex:
    """Read and check the index at ``path``."""
    path = Path(path)
    manifest = read_manifest(path)
    try:
        verify_files(path, manifest)
        documents = read_reports(path)
        passages = PassageTable(path)
        dense = read_faiss_index(str(path / FAISS_FILE))
        bm25 = bm25s.BM25.load(str(path / BM25_DIR), mmap=True)
        bounds = load_bounds(path, manifest.get("files", {}), len(bm25.scores["indptr"]) - 1)
        windows_index, windows = _read_windows(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError) as exc:
        raise IndexCorruptError(
            f"cannot read the index at {path} ({exc}): rebuild with `fazhi-qa build`"
        ) from exc
    _check_counts(path, dense.ntotal, windows, len(passages))
    check_consistency(path, manifest, documents, passages, passages.doc_rows)
    return StoredIndex(
        path, manifest, documents, passages, dense, bm25, windows, windows_index, bounds
    )


def _read_windows(path: Path) -> tuple[Any, WindowVectors]:
    """The windows' FAISS index and its vectors read in place (no second copy)."""
    index = read_faiss_index(str(path / WINDOWS_FILE))
    rows = np.load(path / WINDOW_ROWS_FILE, allow_pickle=False)
    return index, WindowVectors(row_vectors(index), np.asarray(rows, dtype=np.int64))


def _check_counts(path: Path, vectors: int, windows: WindowVectors, passages: int) -> None:
    fault = ""
    if vectors != passages:
        fault = f"holds {vectors} vectors for {passages} passages"
    elif len(windows.vectors) != len(windows.rows):
        fault = f"holds {len(windows.vectors)} window vectors for {len(windows.rows)} windows"
    elif (
        windows.rows.size and not 0 <= int(windows.rows.min()) <= int(windows.rows.max()) < passages
    ):
        fault = "has windows of passages it does not hold"
    if fault:
        raise IndexCorruptError(f"the index at {path} {fault}: rebuild with `fazhi-qa build`")


def make_bm25_index(token_lists: list[list[str]]) -> bm25s.BM25:
    """A BM25 index (k1 1.2, b 0.75) over pre-tokenised passages."""
    bm25 = bm25s.BM25(k1=1.2, b=0.75)
    bm25.index(token_lists, show_progress=False)
    return bm25
