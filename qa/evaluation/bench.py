"""External retrieval benchmarks (``corpus.jsonl`` + ``queries.jsonl``): nDCG@10, Recall@10.

Each corpus row becomes one document with one passage (title + text indexed); a temporary index
is built with the project's own pipeline, so embeddings come from (and go to) the shared cache.
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.build.builder import embed_passages
from index.chunk.windows import passage_windows
from index.embed.cache import EmbeddingCache
from index.embed.embedders import Embedder
from index.embed.representation import lexical_text
from index.errors import InvalidInputError
from index.models import Document, DocumentMeta, Passage
from index.store.folder.files import make_bm25_index, make_faiss_index, write_index
from index.store.lexical.tokenize import bm25_tokens


@dataclass(frozen=True)
class BenchQuery:
    id: str
    query: str
    relevant: frozenset[str]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InvalidInputError(
            f"{path} is missing: a benchmark folder holds corpus.jsonl and queries.jsonl"
        )
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_benchmark(folder: Path) -> tuple[list[Document], list[Passage], list[BenchQuery]]:
    documents, passages = [], []
    for row in _read_jsonl(folder / "corpus.jsonl"):
        text = row["text"]
        doc = Document(
            doc_id=row["id"],
            source=row["id"],
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            meta=DocumentMeta(title=row.get("title", "")),
        )
        documents.append(doc)
        passages.append(Passage(row["id"], row["id"], 1, 1, (), 0, len(text), text))
    queries = [
        BenchQuery(str(q["id"]), q["query"], frozenset(q["relevant"]))
        for q in _read_jsonl(folder / "queries.jsonl")
    ]
    return documents, passages, queries


def bench_lexical_text(doc: Document, passage: Passage) -> str:
    return f"{doc.meta.title}\n{lexical_text(doc.meta, passage)}"


def build_bench_index(
    folder: Path,
    embedder: Embedder,
    cache: EmbeddingCache,
    out: Path,
    progress: Callable[[int], None] | None = None,
) -> list[BenchQuery]:
    """Write a temporary index of a benchmark corpus; return its queries."""
    documents, passages, queries = read_benchmark(folder)
    meta = {d.doc_id: d for d in documents}
    vectors, windows, _ = embed_passages(
        passages,
        passage_windows(passages),
        {d.doc_id: d.meta for d in documents},
        embedder,
        cache,
        advance=progress,
    )
    bm25 = make_bm25_index([bm25_tokens(bench_lexical_text(meta[p.doc_id], p)) for p in passages])
    manifest = {
        "encoder": embedder.name,
        "dim": embedder.dim,
        "index_type": "flat",
        "documents": {},
        "passages": len(passages),
    }
    dense = make_faiss_index(vectors, "flat")
    write_index(out, documents, passages, dense, bm25, manifest, windows)
    return queries


def ndcg_at_10(ranked: list[str], relevant: frozenset[str]) -> float:
    gains = sum(1 / math.log2(i + 2) for i, pid in enumerate(ranked[:10]) if pid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return gains / ideal if ideal else 0.0


def recall_at_10(ranked: list[str], relevant: frozenset[str]) -> float:
    return len(set(ranked[:10]) & relevant) / len(relevant) if relevant else 0.0


def run_benchmark(
    folder: Path,
    embedder: Embedder,
    cache: EmbeddingCache,
    search: Callable[[Path, list[BenchQuery]], list[list[str]]],
) -> dict[str, float]:
    """Build the benchmark's index in a temporary folder and score ``search`` on it."""
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        queries = build_bench_index(folder, embedder, cache, Path(tmp) / "index")
        rankings = search(Path(tmp) / "index", queries)
    pairs = list(zip(rankings, queries, strict=True))
    return {
        "queries": len(queries),
        "ndcg@10": round(sum(ndcg_at_10(r, q.relevant) for r, q in pairs) / len(pairs), 4),
        "recall@10": round(sum(recall_at_10(r, q.relevant) for r, q in pairs) / len(pairs), 4),
    }
