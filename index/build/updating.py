"""Change an index without rebuilding it: add reports, remove reports.

The reports kept keep their passages, vectors and BM25 token ids; only added reports are read,
chunked, tokenised and embedded (through the embedding cache). BM25 is rebuilt from the stored
token ids, so its statistics are those of the new corpus. FAISS: an HNSW index gets the new
vectors added to its graph when nothing is removed; otherwise (and for flat indexes, where it
is a copy) the index is made again from the stored vectors, without embedding. The new version
is written like a build (a temporary folder renamed into place) with ``version`` one higher in
its manifest; a running service switches to it on ``POST /v1/admin/reload``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np

from index.build.builder import BuildOptions, embed_passages
from index.build.reading import read_documents
from index.chunk.windows import WindowVectors, passage_windows
from index.embed.cache import EmbeddingCache
from index.embed.embedders import Embedder
from index.embed.representation import lexical_text
from index.errors import BuildError, InvalidInputError
from index.load.sources import load_sources
from index.models import Document, Passage
from index.store.folder.files import FAISS_FILE, WINDOWS_FILE, StoredIndex, load_index, write_index
from index.store.folder.passages import Appended, PassageTable
from index.store.lexical.lexicon import (
    TokenIds,
    bm25_from_ids,
    encode,
    grown_bm25,
    load_ids,
    load_tf,
)
from index.store.lexical.tokenize import bm25_tokens
from index.store.vector.vectors import GRAPHS, kind_of, make_faiss_index, resolve_kind, row_vectors


@dataclass(frozen=True)
class UpdateReport:
    """What an update did."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    documents: int
    passages: int
    embedded: int
    seconds: float
    version: int
    index_dir: Path


def add_reports(paths: Sequence[Path], embedder: Embedder, options: BuildOptions) -> UpdateReport:
    """Add the reports under ``paths`` to the index at ``options.index_dir`` (a report with the
    same source file name as an indexed one replaces it)."""
    started = time.perf_counter()
    stored = load_index(options.index_dir)
    _check_encoder(stored, embedder)
    loaded = load_sources(paths)
    names = {Path(s.source).name for s in loaded.files}
    replaced = {d.doc_id for d in stored.documents if Path(d.source).name in names}
    documents, passages, skipped = read_documents(loaded.files, options.max_passage_chars)
    if not documents:
        reasons = [f"{s.source}: {s.reason}" for s in [*loaded.skipped, *skipped]]
        raise BuildError("no readable report to add: " + "; ".join(reasons) if reasons else "")
    taken = {d.doc_id for d in stored.documents} - replaced
    documents, passages = _fresh_ids(documents, passages, taken)
    return _apply(stored, replaced, documents, passages, embedder, options, started)


def remove_reports(
    doc_ids: Sequence[str], embedder: Embedder, options: BuildOptions
) -> UpdateReport:
    """Remove the reports ``doc_ids`` from the index at ``options.index_dir``."""
    started = time.perf_counter()
    stored = load_index(options.index_dir)
    known = {d.doc_id for d in stored.documents}
    unknown = [d for d in doc_ids if d not in known]
    if unknown:
        raise InvalidInputError(
            f"no indexed report has the id {', '.join(unknown)}: see `fazhi-qa docs`",
            {"unknown": unknown},
        )
    if known <= set(doc_ids):
        raise InvalidInputError("removing every report would leave an empty index")
    return _apply(stored, set(doc_ids), [], [], embedder, options, started)


def _check_encoder(stored: StoredIndex, embedder: Embedder) -> None:
    if stored.manifest.get("encoder") != embedder.name:
        raise InvalidInputError(
            f"the index was built with {stored.manifest.get('encoder')!r}, not {embedder.name!r}:"
            " set FAZHI_ENCODER to the index's encoder",
            {"index_encoder": stored.manifest.get("encoder"), "configured": embedder.name},
        )


def _fresh_ids(
    documents: list[Document], passages: list[Passage], taken: set[str]
) -> tuple[list[Document], list[Passage]]:
    """Documents whose id is already taken get their content hash appended (as in a build)."""
    renamed: dict[str, str] = {}
    for doc in documents:
        if doc.doc_id in taken:
            renamed[doc.doc_id] = f"{doc.doc_id}-{doc.content_hash[:8]}"
        taken.add(renamed.get(doc.doc_id, doc.doc_id))
    if not renamed:
        return documents, passages
    docs = [replace(d, doc_id=renamed.get(d.doc_id, d.doc_id)) for d in documents]
    parts = [replace(p, doc_id=renamed.get(p.doc_id, p.doc_id)) for p in passages]
    return docs, parts


def _apply(
    stored: StoredIndex,
    removed: set[str],
    new_docs: list[Document],
    new_passages: list[Passage],
    embedder: Embedder,
    options: BuildOptions,
    started: float,
) -> UpdateReport:
    kept_docs = [d for d in stored.documents if d.doc_id not in removed]
    gone = [i for i, d in enumerate(stored.documents) if d.doc_id in removed]
    keep = ~np.isin(_doc_rows(stored), gone)
    keep_rows = np.flatnonzero(keep)
    passages = _passages(stored, keep_rows, new_passages)
    count = keep_rows.size + len(new_passages)
    meta_of = {d.doc_id: d.meta for d in [*kept_docs, *new_docs]}
    windows = passage_windows(new_passages)
    vectors, new_windows, embedded = embed_passages(
        new_passages,
        windows,
        meta_of,
        embedder,
        EmbeddingCache(options.cache_path),
        options.batch_size,
    )
    kind = str(stored.manifest.get("index_type", "auto"))
    dense = _grown(stored.dense, keep_rows, vectors, kind, options.index_dir / FAISS_FILE)
    old_windows = np.flatnonzero(keep[stored.windows.rows])
    renumber = np.cumsum(keep) - 1
    window_rows = np.concatenate(
        [renumber[stored.windows.rows[old_windows]], new_windows.rows + keep_rows.size]
    ).astype(np.int64)
    dense_windows = _grown(
        stored.windows_index,
        old_windows,
        new_windows.vectors,
        kind,
        options.index_dir / WINDOWS_FILE,
    )
    all_windows = WindowVectors(row_vectors(dense_windows), window_rows)
    kept_ids, new_ids, vocab = _token_ids(stored, keep_rows, new_passages, meta_of)
    token_ids = kept_ids + new_ids
    bm25 = _bm25(stored, keep, new_ids, token_ids, vocab)
    manifest = _manifest(stored, kept_docs, new_docs, count, len(window_rows))
    write_index(
        options.index_dir,
        [*kept_docs, *new_docs],
        passages,
        dense,
        bm25,
        manifest,
        all_windows,
        token_ids,
        dense_windows,
    )
    return UpdateReport(
        added=tuple(d.doc_id for d in new_docs),
        removed=tuple(sorted(removed)),
        documents=len(kept_docs) + len(new_docs),
        passages=count,
        embedded=embedded,
        seconds=time.perf_counter() - started,
        version=int(manifest["version"]),
        index_dir=options.index_dir,
    )


def _passages(
    stored: StoredIndex, keep_rows: np.ndarray, new_passages: list[Passage]
) -> Iterable[Passage]:
    """The kept passages and the new ones: an index read from disk has its kept lines and
    records copied as they are."""
    if isinstance(stored.passages, PassageTable):
        ids = [d.doc_id for d in stored.documents]
        return Appended(stored.passages, keep_rows, new_passages, ids)
    return chain((stored.passages[int(i)] for i in keep_rows), new_passages)


def _doc_rows(stored: StoredIndex) -> np.ndarray:
    """Each passage's report position (stored with an index read from disk)."""
    if isinstance(stored.passages, PassageTable):
        return stored.passages.doc_rows
    position = {d.doc_id: i for i, d in enumerate(stored.documents)}
    return np.array([position[p.doc_id] for p in stored.passages], dtype=np.int32)


def _grown(index: Any, keep: np.ndarray, added: np.ndarray, kind: str, path: Path) -> Any:
    """The index of the kept vectors (ids ``keep``) followed by ``added``."""
    total = keep.size + len(added)
    same_kind = resolve_kind(kind, total) == kind_of(index)
    if same_kind and kind_of(index) in GRAPHS and keep.size == index.ntotal:
        grown = faiss.read_index(str(path))  # in memory (a mapped index cannot grow)
        if len(added):
            grown.add(np.ascontiguousarray(added, dtype=np.float32))
        return grown
    kept = row_vectors(index)[keep]
    return make_faiss_index(np.concatenate([kept, added]).astype(np.float32), kind)


def _token_ids(
    stored: StoredIndex, keep_rows: np.ndarray, new_passages: list[Passage], meta_of: dict[str, Any]
) -> tuple[TokenIds, TokenIds, dict[str, int]]:
    """BM25 token ids of the kept passages (stored; tokenised again for an index without them),
    of the new ones, and the vocabulary of both."""
    vocab = {token: i for token, i in stored.bm25.vocab_dict.items() if token}
    ids = load_ids(stored.path)
    if ids is None:
        vocab = {}
        kept = [stored.passages[int(i)] for i in keep_rows]
        ids = encode((bm25_tokens(lexical_text(meta_of[p.doc_id], p)) for p in kept), vocab)
    else:
        ids = ids.take(keep_rows)
    lists = (bm25_tokens(lexical_text(meta_of[p.doc_id], p)) for p in new_passages)
    return ids, encode(lists, vocab), vocab


def _bm25(
    stored: StoredIndex, keep: np.ndarray, new_ids: TokenIds, ids: TokenIds, vocab: dict[str, int]
) -> bm25s.BM25:
    """BM25 of the new corpus: the stored postings grown (when the index keeps its term
    frequencies and token ids), else made again from every passage's ids."""
    tf = load_tf(stored.path)
    same = stored.bm25.vocab_dict.get("") == len(stored.bm25.vocab_dict) - 1
    if tf is None or load_ids(stored.path) is None or not same:
        return bm25_from_ids(ids, vocab)
    return grown_bm25(stored.bm25, tf, keep, new_ids, ids, vocab)


def _manifest(
    stored: StoredIndex,
    kept: list[Document],
    added: list[Document],
    passages: int,
    windows: int,
) -> dict[str, Any]:
    manifest = {k: v for k, v in stored.manifest.items() if k not in ("files", "format_version")}
    manifest.update(
        documents={d.doc_id: d.content_hash for d in [*kept, *added]},
        passages=passages,
        windows=windows,
        version=int(stored.manifest.get("version", 1)) + 1,
        updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return manifest
