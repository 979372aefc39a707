"""A larger index made by copying a smaller one (``bench/scale.py --replicate``)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

EF_CONSTRUCTION = int(os.environ.get("FAZHI_BENCH_EF_CONSTRUCTION", "0"))
"""HNSW's efConstruction for the replicated graphs (0: the index's own); lower builds faster (at
millions of vectors on two shared cores the default takes hours)."""
BENCH_M = int(os.environ.get("FAZHI_BENCH_HNSW_M", "0"))
"""HNSW's M (neighbours per vector) for the replicated graphs (0: the index's own)."""


def _grown_index(vectors: np.ndarray, factor: int, cached: Path, sentences: int) -> Any:
    """The FAISS index of ``vectors`` followed by the vectors of ``factor - 1`` times as many
    distinct generated texts (``bench.distinct``: no two alike, so the graph meets no copies),
    the kind ``auto`` gives at that size, added a chunk at a time; kept at ``cached`` and read
    back from there if present (the graph of millions of vectors takes an hour on two cores)."""
    import faiss

    from bench.distinct import distinct_vectors
    from index.store.vector.vectors import (
        HNSW_EF_CONSTRUCTION,
        HNSW_EF_SEARCH,
        HNSW_M,
        SQ_EF_CONSTRUCTION,
        empty_sq_graph,
        make_faiss_index,
        read_faiss_index,
        resolve_kind,
    )

    if cached.is_file():
        return read_faiss_index(str(cached))
    extra = len(vectors) * (factor - 1)
    chunks = distinct_vectors(extra, seed=sentences, sentences=sentences)
    first = next(chunks, np.zeros((0, vectors.shape[1]), np.float32))
    kind = resolve_kind("auto", len(vectors) * factor)  # the kind for the full size
    if kind == "hnswsq":
        sample = np.concatenate([vectors, first])
        index = empty_sq_graph(sample, BENCH_M or HNSW_M, EF_CONSTRUCTION or SQ_EF_CONSTRUCTION)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(vectors.shape[1], BENCH_M or HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = EF_CONSTRUCTION or HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = make_faiss_index(np.zeros((0, vectors.shape[1]), np.float32), kind)
    index.add(np.ascontiguousarray(vectors, np.float32))
    index.add(first)
    for chunk in chunks:
        index.add(chunk)
    cached.parent.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(cached))
    return read_faiss_index(str(cached))


def _tiled_bm25(ids: Any, vocab: dict[str, int], factor: int, lengths: np.ndarray) -> Any:
    """The BM25 index of ``factor`` copies of the passages of ``ids``: the base's postings
    repeated per copy inside each token's run (no sort of the whole corpus), then scored with
    the statistics of the whole (``index.store.lexical.lexicon.scored``)."""
    import bm25s

    from index.store.lexical.lexicon import K1, B, score_matrix, scored

    full_vocab = {**vocab, "": len(vocab)}
    base = score_matrix(ids, len(full_vocab))
    counts = np.diff(base["indptr"])
    token = np.repeat(np.arange(counts.size), counts)
    within = np.arange(token.size) - base["indptr"][token]
    indptr = np.concatenate([[0], np.cumsum(counts * factor)])
    copies = np.arange(factor)[:, None]
    at = (indptr[token][None, :] + copies * counts[token][None, :] + within[None, :]).ravel()
    rows = np.empty(at.size, np.int32)
    tf = np.empty(at.size, np.int32)
    rows[at] = (base["indices"][None, :] + copies * len(ids)).ravel()
    tf[at] = np.tile(base["tf"], factor)
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.scores = scored(indptr, rows, tf, lengths)
    bm25.vocab_dict = full_vocab
    bm25.unique_token_ids_set = set(full_vocab.values())
    bm25.nonoccurrence_array = None
    return bm25


def replicate(source: str, factor: int, folder: str) -> dict[str, Any]:
    """An index ``factor`` times the one at ``source``: its reports copied under new ids, the
    token ids repeated, the vectors of the copies those of distinct generated texts (so that
    the dense index meets no copies; their passages' own texts are the copies'). Skips the
    per-passage stages (chunk, tokenise, embed), whose cost per passage the smaller build
    measured; times BM25, FAISS and writing at full size. The passages are streamed to disk."""
    from dataclasses import replace

    from index.chunk.windows import WindowVectors
    from index.models import Passage
    from index.store.folder.files import load_index, write_index
    from index.store.lexical.lexicon import TokenIds, load_ids
    from index.store.vector.vectors import resolve_kind, row_vectors

    stored, stages = load_index(Path(source)), {}
    ids = load_ids(Path(source))
    assert ids is not None
    base = list(stored.passages)
    documents = [
        replace(d, doc_id=f"{d.doc_id}c{copy}") for copy in range(factor) for d in stored.documents
    ]

    def passages() -> Iterator[Passage]:
        for copy in range(factor):
            for p in base:
                yield replace(p, doc_id=f"{p.doc_id}c{copy}", passage_id=f"{p.passage_id}c{copy}")

    rows = stored.windows.rows
    window_rows = np.concatenate([rows + i * len(base) for i in range(factor)])
    lengths = np.tile(np.diff(ids.offsets), factor)
    tokens = TokenIds(
        np.tile(np.asarray(ids.flat), factor), np.concatenate([[0], np.cumsum(lengths)])
    )
    started = time.perf_counter()
    vocab = {t: i for t, i in stored.bm25.vocab_dict.items() if t}
    bm25 = _tiled_bm25(ids, vocab, factor, lengths)
    stages["bm25"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    name = f".faiss-{Path(source).name}-x{factor}-distinct-ef{EF_CONSTRUCTION}-m{BENCH_M}"
    cache = Path(folder).parent / name
    dense = _grown_index(row_vectors(stored.dense), factor, cache / "dense.faiss", 3)
    dense_windows = _grown_index(stored.windows.vectors, factor, cache / "windows.faiss", 1)
    kinds = f"{resolve_kind('auto', dense.ntotal)}/{resolve_kind('auto', dense_windows.ntotal)}"
    stages[f"faiss ({kinds})"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    manifest = {**stored.manifest, "documents": {d.doc_id: d.content_hash for d in documents}}
    manifest.pop("files", None)
    manifest.pop("samples", None)
    manifest["passages"], manifest["windows"] = len(base) * factor, len(window_rows)
    windows = WindowVectors(row_vectors(dense_windows), window_rows)
    write_index(
        Path(folder), documents, passages(), dense, bm25, manifest, windows, tokens, dense_windows
    )
    stages["write"] = round(time.perf_counter() - started, 2)
    size_mb = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 2**20
    return {
        "passages": len(base) * factor,
        "windows": len(window_rows),
        "reports": len(documents),
        "replicated_from": source,
        "stages": stages,
        "index_mb": round(size_mb, 1),
    }
