"""Distinct texts and their fake-encoder vectors at millions, for the dense index's figures.

``bench/scale.py --replicate`` copies a smaller index to reach 1M passages; copies of a passage
under jitter are near-identical points that no graph tells apart, so its recall said nothing.
Here every text is its own: two to four seed sentences recombined under an invented place and
year, in the shape the index embeds (``report title › heading`` then the body), windows one
sentence each. No two are the same (checked by ``distinct_texts``). ``fake_vectors`` computes
exactly what ``FakeEmbedder`` computes (hashed character bigrams, normalised), with numpy over
a batch instead of a Python loop per character: 2.8M texts in minutes instead of an hour.

    python bench/distinct.py --passages 100000 --windows 0 --ef-search 256 512 1024
    python bench/distinct.py --index DIR/dense.faiss DIR/windows.faiss --ef-search 256 512
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SYLLABLES = "青禾柳溪桥湾塘岭坪川港泉松梅兰竹石安宁泰和平顺兴隆丰源华阳明光新城"
SUFFIXES = ("镇", "街道", "区", "县", "乡")
TOPICS = ("行政复议", "法律顾问", "普法", "行政执法", "合法性审查", "公共法律服务", "依法决策")
DIM = 384


POOL: list[Path] = []
"""Folders whose ``corpus.jsonl`` (``{"text": …}`` lines, e.g. ``../shared/bench/*``) add their
sentences to the seeds' (``--pool``): more distinct sentences, fewer passages sharing one."""


def seed_sentences() -> list[str]:
    """The seed reports' sentences of 8 to 200 characters (split after 。！？；), and those of
    the ``POOL`` folders."""
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for folder in POOL:
        with (folder / "corpus.jsonl").open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    parts = re.split(r"(?<=[。！？；])|\n", "\n".join(texts))
    return sorted({s.strip() for s in parts if 8 <= len(s.strip()) <= 200})


def distinct_texts(count: int, seed: int, sentences: int = 3) -> list[str]:
    """``count`` different texts: an invented place and year's title, a heading, then about
    ``sentences`` seed sentences (1 for windows) with 本镇 replaced by the place."""
    texts = _texts(seed, sentences, set())
    return [next(texts) for _ in range(count)]


def distinct_vectors(
    count: int, seed: int, sentences: int, chunk: int = 200_000
) -> Iterator[np.ndarray]:
    """The fake-encoder vectors of ``count`` different texts (``distinct_texts``), ``chunk``
    at a time (the texts of millions would not fit beside their vectors)."""
    texts, seen = _texts(seed, sentences, set()), 0
    while seen < count:
        size = min(chunk, count - seen)
        yield fake_vectors([next(texts) for _ in range(size)])
        seen += size


def _texts(seed: int, sentences: int, seen: set[int]) -> Iterator[str]:
    rng, pool = random.Random(seed), seed_sentences()
    while True:
        place = "".join(rng.sample(SYLLABLES, rng.choice((2, 3)))) + rng.choice(SUFFIXES)
        title = f"{place}{rng.randint(2015, 2025)}年度法治政府建设情况报告"
        heading = f"{'一二三四五'[rng.randrange(5)]}、{rng.choice(TOPICS)}工作情况"
        n = sentences if sentences == 1 else rng.randint(sentences - 1, sentences + 1)
        body = "".join(rng.choice(pool) for _ in range(n)).replace("本镇", place)
        text = f"{title} › {heading}\n{body}"
        if hash(text) not in seen:
            seen.add(hash(text))
            yield text


class _Table:
    """``FakeEmbedder``'s dimension of every bigram of an alphabet, hashed once: a text's
    bigrams are then looked up with numpy instead of hashed one by one."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.alphabet = np.zeros(0, dtype=np.uint32)
        self.buckets = np.zeros((0, 0), dtype=np.int16)

    def covering(self, codes: np.ndarray) -> _Table:
        """Grown (all pairs hashed again) if ``codes`` holds characters it lacks."""
        wanted = np.union1d(self.alphabet, np.unique(codes))
        if wanted.size == self.alphabet.size:
            return self
        chars = [chr(c) for c in wanted]
        self.buckets = np.array(
            [[_hashed(a + b, self.dim) for b in chars] for a in chars], dtype=np.int16
        )
        self.alphabet = wanted
        return self


def _hashed(pair: str, dim: int) -> int:
    digest = hashlib.blake2b(pair.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") % dim


_TABLES: dict[int, _Table] = {}


def fake_vectors(texts: list[str], dim: int = DIM, batch: int = 50_000) -> np.ndarray:
    """``FakeEmbedder(dim).embed_passages(texts)`` for texts of two characters or more."""
    out = np.empty((len(texts), dim), dtype=np.float32)
    for begin in range(0, len(texts), batch):
        chunk = texts[begin : begin + batch]
        codes = np.frombuffer("\x00".join(chunk).encode("utf-32-le"), dtype=np.uint32)
        inside = (codes[:-1] != 0) & (codes[1:] != 0)
        row = np.cumsum(codes == 0)[:-1][inside]
        table = _TABLES.setdefault(dim, _Table(dim)).covering(codes[codes != 0])
        at = np.searchsorted(table.alphabet, codes)
        buckets = table.buckets[at[:-1][inside], at[1:][inside]].astype(np.int64)
        counts = np.bincount(row * dim + buckets, minlength=len(chunk) * dim)
        block = counts.reshape(len(chunk), dim).astype(np.float32)
        block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
        out[begin : begin + len(chunk)] = block
    return out


def query_texts(count: int, seed: int) -> list[str]:
    """Questions as ``bench/scale.py`` makes them: a run of 6–12 characters of a text, half with
    a place and year before it."""
    rng = random.Random(seed)
    out = []
    for text in distinct_texts(count, seed + 7):
        body = text.split("\n", 1)[1]
        start = rng.randrange(max(1, len(body) - 12))
        words = body[start : start + rng.randint(6, 12)]
        out.append((text[: text.index("年度") + 1] + words if rng.random() < 0.5 else words) + "？")
    return out


def recall_at(index: Any, queries: np.ndarray, ef: int = 0, k: int = 100) -> dict[str, float]:
    """Recall@``k`` of the engine's dense search (``DenseSide``, efSearch ``ef`` or the
    index's own) against exact search: the mean share of the exact top ``k`` it finds (a
    vector whose exact score reaches the ``k``-th best counts: ties are not misses); and its
    time per search, p50."""
    from index.store.vector.dense import DenseSide
    from index.store.vector.vectors import hnsw_of

    graph = hnsw_of(index)
    if graph is not None and ef:
        graph.hnsw.efSearch = ef
    side = DenseSide(index)
    total, times = 0.0, []
    for query in queries:
        started = time.perf_counter()
        _, ids = side.search(query, k)
        times.append((time.perf_counter() - started) * 1000)
        exact = side.vectors @ query
        kth = np.partition(-exact, k - 1)[k - 1]
        total += float(np.sum(-exact[ids] <= kth + 1e-6)) / k
    return {"recall": round(total / len(queries), 4), "ms_p50": round(float(np.median(times)), 2)}


def _built(vectors: np.ndarray, m: int, ef_construction: int) -> Any:
    """The index the engine builds for ``vectors`` (``auto``), its graph with ``m`` and
    ``ef_construction``."""
    from index.store.vector.vectors import (
        empty_sq_graph,
        make_faiss_index,
        resolve_kind,
        training_sample,
    )

    if resolve_kind("auto", len(vectors)) != "hnswsq":
        return make_faiss_index(vectors)
    index = empty_sq_graph(vectors[training_sample(len(vectors))], m, ef_construction)
    index.add(vectors)
    return index


def main() -> None:
    import faiss

    from index.store.vector.vectors import HNSW_M, SQ_EF_CONSTRUCTION, read_faiss_index

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--windows", type=int, default=1_800_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ef-search", type=int, nargs="*", default=[0])
    parser.add_argument(
        "--index", type=Path, nargs="*", default=[], help="measure these FAISS files instead"
    )
    parser.add_argument("--m", type=int, default=HNSW_M, help="HNSW's M of the graphs built")
    parser.add_argument("--ef-construction", type=int, default=SQ_EF_CONSTRUCTION)
    parser.add_argument("--save", type=Path, help="write the indexes built into this folder")
    args = parser.parse_args()
    queries = fake_vectors(query_texts(args.queries, 99))
    made: list[tuple[str, Any, dict[str, Any]]] = []
    for path in args.index:
        made.append((path.name, read_faiss_index(str(path)), {}))
    for name, count, sentences in (("passages", args.passages, 3), ("windows", args.windows, 1)):
        if count and not args.index:
            started = time.perf_counter()
            vectors = np.concatenate(list(distinct_vectors(count, sentences, sentences)))
            row: dict[str, Any] = {"texts+vectors_s": round(time.perf_counter() - started, 1)}
            started = time.perf_counter()
            index = _built(vectors, args.m, args.ef_construction)
            row["build_s"] = round(time.perf_counter() - started, 1)
            row |= {"M": args.m, "efConstruction": args.ef_construction}
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                faiss.write_index(
                    index,
                    str(args.save / f"{name}-{count}-m{args.m}-ef{args.ef_construction}.faiss"),
                )
            made.append((name, index, row))
            del vectors
    faiss.omp_set_num_threads(1)  # built on every core; searched one query at a time, as served
    for name, index, row in made:
        row = {"vectors": name, "count": int(index.ntotal), "index": type(index).__name__, **row}
        for ef in args.ef_search:
            row[f"efSearch {ef or 'default'}"] = recall_at(index, queries, ef)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
