"""A larger index made by copying a smaller one (``bench/scale.py --replicate``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np


def replicate(source: str, factor: int, folder: str) -> dict[str, Any]:
    """An index ``factor`` times the one at ``source``: its reports copied under new ids, the
    vectors jittered (so that HNSW sees distinct points), the token ids repeated. Skips the
    per-passage stages (chunk, tokenise, embed), whose cost per passage the smaller build
    measured; times BM25, FAISS and writing at full size."""
    from dataclasses import replace

    from index.chunk.windows import WindowVectors
    from index.store.files import load_index, write_index
    from index.store.lexicon import TokenIds, bm25_from_ids, load_ids
    from index.store.vectors import make_faiss_index, resolve_kind, row_vectors

    stored, rng, stages = load_index(Path(source)), np.random.default_rng(0), {}
    ids = load_ids(Path(source))
    assert ids is not None
    documents, passages = [], []
    for copy in range(factor):
        renamed = {d.doc_id: f"{d.doc_id}c{copy}" for d in stored.documents}
        documents += [replace(d, doc_id=renamed[d.doc_id]) for d in stored.documents]
        passages += [
            replace(p, doc_id=renamed[p.doc_id], passage_id=f"{p.passage_id}c{copy}")
            for p in stored.passages
        ]

    def jittered(vectors: np.ndarray) -> np.ndarray:
        out = np.concatenate([vectors] * factor)
        out += rng.normal(0, 0.02, out.shape).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    vectors = jittered(row_vectors(stored.dense))
    window_vectors = jittered(stored.windows.vectors)
    rows = stored.windows.rows
    window_rows = np.concatenate([rows + i * len(stored.passages) for i in range(factor)])
    lengths = np.tile(np.diff(ids.offsets), factor)
    tokens = TokenIds(
        np.tile(np.asarray(ids.flat), factor), np.concatenate([[0], np.cumsum(lengths)])
    )
    started = time.perf_counter()
    vocab = {t: i for t, i in stored.bm25.vocab_dict.items() if t}
    bm25 = bm25_from_ids(tokens, vocab)
    stages["bm25"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    dense, dense_windows = make_faiss_index(vectors), make_faiss_index(window_vectors)
    kinds = f"{resolve_kind('auto', len(vectors))}/{resolve_kind('auto', len(window_vectors))}"
    stages[f"faiss ({kinds})"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    manifest = {**stored.manifest, "documents": {d.doc_id: d.content_hash for d in documents}}
    manifest.pop("files", None)
    windows = WindowVectors(window_vectors, window_rows)
    write_index(
        Path(folder), documents, passages, dense, bm25, manifest, windows, tokens, dense_windows
    )
    stages["write"] = round(time.perf_counter() - started, 2)
    size_mb = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 2**20
    return {
        "passages": len(passages),
        "windows": len(window_rows),
        "reports": len(documents),
        "replicated_from": source,
        "stages": stages,
        "index_mb": round(size_mb, 1),
    }
