"""A bounded soak: a real uvicorn server on 127.0.0.1 (fake encoder) under mixed valid and invalid
traffic from several threads for ``SOAK_SECONDS`` (default 75). Every valid request must succeed,
no request may get a 5xx; the requests sent and the process's RSS at start and end are printed
(run with ``-s``). Half-way through, the index is reloaded (``POST /v1/admin/reload``): valid
requests must still all succeed across the switch.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from qa import Engine
from service.app import create_app
from tests.test_service import DULIU, TOKEN, make_settings

pytestmark = pytest.mark.soak

SECONDS = float(os.environ.get("SOAK_SECONDS", "75"))
CLIENTS = 6
HOST = "127.0.0.1"

VALID: list[tuple[str, str, Any]] = [
    ("POST", "/v1/search", {"query": "岔河镇如何推进行政执法三项制度", "top_k": 5}),
    ("POST", "/v1/search", {"query": "法治宣传", "filters": {"year": {"from": 2022, "to": 2024}}}),
    ("POST", "/v1/ask", {"question": "独流镇2024年行政复议做了什么？"}),
    ("POST", "/v1/ask", {"question": "哪些乡镇开展了八五普法？", "top_k": 8}),
    ("POST", "/v1/chat", {"messages": [{"role": "user", "content": "车辋镇的法律顾问是谁？"}]}),
    ("GET", "/v1/documents", None),
    ("GET", f"/v1/documents/{DULIU}", None),
    ("GET", "/healthz", None),
    ("GET", "/readyz", None),
    ("GET", "/", None),
]
INVALID: list[tuple[str, str, Any]] = [
    ("POST", "/v1/search", {"query": "   "}),
    ("POST", "/v1/search", {"query": "\u200b\u200b"}),
    ("POST", "/v1/search", {"query": "x", "filters": {"year": []}}),
    ("POST", "/v1/search", {"query": "x", "filters": {"region": "镇" * 100_000}}),
    ("POST", "/v1/ask", {"question": "问" * 5000}),
    ("POST", "/v1/ask", {"question": "x", "top_k": 0}),
    ("POST", "/v1/ask", b'{"question": "x", "filters": {"year": NaN}}'),
    ("POST", "/v1/ask", b"[" * 50_000),
    ("POST", "/v1/ask", b'{"question": "caf\xe9"}'),
    ("POST", "/v1/chat", {"messages": []}),
    ("GET", "/v1/documents/nope", None),
    ("GET", "/v1/passages/nope", None),
    ("DELETE", "/v1/search", None),
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _send(client: httpx.Client, method: str, path: str, body: Any) -> httpx.Response:
    if isinstance(body, bytes):
        headers = {"content-type": "application/json"}
        return client.request(method, path, content=body, headers=headers)
    return client.request(method, path, json=body)


def _traffic(base: str, stop: float, seed: int, seen: Counter[str], failures: list[str]) -> None:
    rng = random.Random(seed)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=base, timeout=60, headers=auth) as client:
        while time.monotonic() < stop:
            valid = rng.random() < 0.6
            method, path, body = rng.choice(VALID if valid else INVALID)
            try:
                status = _send(client, method, path, body).status_code
            except httpx.HTTPError as exc:
                failures.append(f"{method} {path}: {type(exc).__name__}")
                continue
            seen[f"{'valid' if valid else 'invalid'} {status // 100}xx"] += 1
            if status >= 500 or (valid and status != 200) or (not valid and status < 400):
                failures.append(f"{method} {path} ({'valid' if valid else 'invalid'}): {status}")


def _reload_half_way(base: str, at: float, seen: Counter[str], failures: list[str]) -> None:
    time.sleep(max(0.0, at - time.monotonic()))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = httpx.post(f"{base}/v1/admin/reload", headers=auth, timeout=120)
    seen[f"reload {response.status_code // 100}xx"] += 1
    if response.status_code != 200:
        failures.append(f"reload: {response.status_code} {response.text[:200]}")


def test_soak(engine: Engine) -> None:
    settings = make_settings(api_token=TOKEN, index_dir=engine.stored.path)
    app = create_app(settings, engine=engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.05)
    start_rss = rss_mb()
    seen: Counter[str] = Counter()
    failures: list[str] = []
    stop = time.monotonic() + SECONDS
    base = f"http://{HOST}:{port}"
    workers = [
        threading.Thread(target=_traffic, args=(base, stop, n, seen, failures))
        for n in range(CLIENTS)
    ]
    half_way = stop - SECONDS / 2
    workers.append(threading.Thread(target=_reload_half_way, args=(base, half_way, seen, failures)))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    server.should_exit = True
    thread.join(timeout=30)
    print(
        f"\nsoak: {sum(seen.values())} requests in {SECONDS:g} s "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(seen.items()))}); "
        f"failed: {len(failures)}; RSS {start_rss:.0f} MB -> {rss_mb():.0f} MB"
    )
    assert not failures, failures[:10]
