"""Two service replicas on one Milvus (Milvus Lite's gRPC server on 127.0.0.1): the same answers,
and a rebuild's alias swap seen by both, without a restart and without a failed request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from index.build.builder import BuildOptions, build_index
from index.embed.embedders import FakeEmbedder
from index.store.folder.files import load_index
from index.store.milvus.client import forget
from index.store.milvus.publish import publish
from service.app import create_app
from tests.conftest import FAKE_DIM
from tests.milvus_helpers import HOST, LiteServer, free_port
from tests.test_service import make_settings

QUESTIONS = ["独流镇聘请了哪家律师事务所担任法律顾问？", "推进行政执法三项制度", "行政复议"]
LOAD_SECONDS = 8.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiteServer]:
    lite = LiteServer(tmp_path_factory.mktemp("milvus-replicas"))
    yield lite
    forget(lite.address())
    lite.stop()


def _replica(store: str) -> tuple[uvicorn.Server, threading.Thread, str]:
    settings = make_settings(store=store, store_poll=0.3)
    port = free_port()
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if server.started and httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return server, thread, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError("replica did not become ready")


def _passages(base: str) -> int:
    return int(httpx.get(f"{base}/readyz", timeout=10).json()["passages"])


def _ranked(base: str, question: str) -> list[str]:
    body = {"query": question, "top_k": 5}
    response = httpx.post(f"{base}/v1/search", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return [hit["passage_id"] for hit in response.json()["hits"]]


def _load(bases: list[str], stop: float, seen: list[int], failures: list[str]) -> None:
    with httpx.Client(timeout=30) as client:
        n = 0
        while time.monotonic() < stop:
            base, question = bases[n % len(bases)], QUESTIONS[n % len(QUESTIONS)]
            path, body = (
                ("/v1/ask", {"question": question, "top_k": 3})
                if n % 2
                else ("/v1/search", {"query": question, "top_k": 5})
            )
            n += 1
            try:
                status = client.post(f"{base}{path}", json=body).status_code
            except httpx.HTTPError as exc:
                failures.append(f"{path}: {type(exc).__name__}")
                continue
            seen.append(status)
            if status != 200:
                failures.append(f"{path}: {status}")


def test_two_replicas_follow_a_rebuild(
    server: LiteServer, built_index: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    first = load_index(built_index)
    publish(first, server.address())
    replicas = [_replica(server.store) for _ in range(2)]
    bases = [base for _, _, base in replicas]
    try:
        for question in QUESTIONS:  # the same answers from both
            assert _ranked(bases[0], question) == _ranked(bases[1], question)
        fewer = sorted(seeds_dir.glob("*.txt"))[:3]
        options = BuildOptions(index_dir=tmp_path / "index", cache_path=tmp_path / "emb.sqlite")
        build_index(fewer, FakeEmbedder(FAKE_DIM), options)
        second = load_index(tmp_path / "index")
        assert len(second.passages) != len(first.passages)
        seen: list[int] = []
        failures: list[str] = []
        stop = time.monotonic() + LOAD_SECONDS
        clients = [
            threading.Thread(target=_load, args=(bases, stop, seen, failures)) for _ in range(3)
        ]
        for thread in clients:
            thread.start()
        time.sleep(LOAD_SECONDS / 4)
        publish(second, server.address())  # the rebuild: new collections, one alias swap
        for thread in clients:
            thread.join()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
            _passages(b) != len(second.passages) for b in bases
        ):
            time.sleep(0.3)
        assert [_passages(b) for b in bases] == [len(second.passages)] * 2
        print(f"\nreplicas: {len(seen)} requests across the swap, {len(failures)} failed")
        assert not failures, failures[:10]
        assert len(seen) > 10
        for question in QUESTIONS:
            assert _ranked(bases[0], question) == _ranked(bases[1], question)
    finally:
        for uv, thread, _ in replicas:
            uv.should_exit = True
            thread.join(timeout=30)


def test_a_service_on_an_empty_milvus_says_so(server: LiteServer) -> None:
    settings: Any = make_settings(store=server.store, milvus_prefix="nothing_here")
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "index_missing"
