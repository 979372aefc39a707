"""Distinct texts and their fake-encoder vectors at millions, for the dense index's figures.

``bench/scale.py --replicate`` copies a smaller index to reach 1M passages; copies of a passage
under jitter are near-identical points that no graph tells apart, so its recall said nothing.
Here every text is its own: two to four seed sentences recombined under an invented place and
year, in the shape the index embeds (``report title › heading`` then the body), windows one
sentence each. No two are the same (checked by ``distinct_texts``). ``fake_vectors`` computes
exactly what ``FakeEmbedder`` computes (hashed character bigrams, normalised), with numpy over
a batch instead of a Python loop per character: 2.8M texts in minutes instead of an hour.

    python bench/distinct.py --passages 1000000 --windows 1800000 --queries 200
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


def recall_at(index: Any, vectors: np.ndarray, queries: np.ndarray, k: int = 100) -> float:
    """Mean share of the exact top ``k`` that ``index`` finds (a passage whose exact score
    reaches the ``k``-th best counts: ties are not misses)."""
    _, found = index.search(queries, k)
    total = 0.0
    for query, ids in zip(queries, found, strict=True):
        exact = vectors @ query
        kth = np.partition(-exact, k - 1)[k - 1]
        total += float(np.sum(-exact[ids[ids >= 0]] <= kth + 1e-6)) / k
    return total / len(queries)


def main() -> None:
    from index.store.vectors import make_faiss_index

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--windows", type=int, default=1_800_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ef-search", type=int, nargs="*", default=[])
    args = parser.parse_args()
    queries = fake_vectors(query_texts(args.queries, 99))
    for name, count, sentences, seed in (
        ("passages", args.passages, 3, 1),
        ("windows", args.windows, 1, 2),
    ):
        if not count:
            continue
        started = time.perf_counter()
        vectors = fake_vectors(distinct_texts(count, seed, sentences))
        made = time.perf_counter() - started
        started = time.perf_counter()
        index = make_faiss_index(vectors)
        built = time.perf_counter() - started
        row: dict[str, Any] = {"vectors": name, "count": count, "texts+vectors_s": round(made, 1)}
        row |= {"index": type(index).__name__, "build_s": round(built, 1)}
        for ef in args.ef_search or [0]:
            if ef:
                _set_ef(index, ef)
            started = time.perf_counter()
            recall = recall_at(index, vectors, queries)
            row[f"recall@100 ef{ef or 'default'}"] = round(recall, 4)
            row[f"ms/query (with exact) ef{ef or 'default'}"] = round(
                (time.perf_counter() - started) * 1000 / len(queries), 1
            )
        print(json.dumps(row, ensure_ascii=False), flush=True)
        del index, vectors


def _set_ef(index: Any, ef: int) -> None:
    import faiss

    from index.store.vectors import hnsw_of

    graph = hnsw_of(index)
    if graph is not None:
        graph.hnsw.efSearch = ef
    if isinstance(index, faiss.IndexRefine):
        index.k_factor = max(1.0, ef / 100)


if __name__ == "__main__":
    main()
