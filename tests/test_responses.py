"""Answers written by pydantic and remembered as bytes (``service.responses``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from index.config import Settings
from qa import Engine
from service.app import create_app
from service.responses import ResponseCache


class _Body(BaseModel):
    query: str
    took_ms: float


@pytest.fixture
def counted(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    for name in ("search", "ask", "chat"):
        real = getattr(engine, name)

        def call(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(engine, name, call)
    yield calls


def test_a_repeated_request_is_answered_from_its_bytes(engine: Engine, counted: list[str]) -> None:
    settings = Settings(index_dir=engine.stored.path, encoder="fake:64")
    with TestClient(create_app(settings, engine=engine)) as client:
        counted.clear()
        bodies = {
            "/v1/search": {"query": "行政复议", "top_k": 3},
            "/v1/ask": {"question": "行政复议做了什么？"},
            "/v1/chat": {"messages": [{"role": "user", "content": "行政复议做了什么？"}]},
        }
        for route, body in bodies.items():
            first = client.post(route, json=body)
            asked = len(counted)
            again = client.post(route, json=body)
            assert len(counted) == asked  # not asked of the engine again
            assert first.status_code == again.status_code == 200
            one, two = first.json(), again.json()
            assert one.pop("took_ms") >= 0 and two.pop("took_ms") >= 0
            assert one == two and first.headers["content-type"] == "application/json"
        other = client.post("/v1/search", json={"query": "行政复议", "top_k": 2})
        assert len(other.json()["hits"]) == 2 and counted[-1] == "search"


def test_another_engine_starts_an_empty_cache() -> None:
    cache, made = ResponseCache(size=2), []

    async def make() -> _Body:
        made.append(1)
        return _Body(query="问", took_ms=12.5)

    class Owner:  # stands for an engine
        pass

    async def run() -> None:
        first, second = Owner(), Owner()
        response = await cache.answer(first, "k", make)
        assert response.body == b'{"query":"\xe9\x97\xae","took_ms":12.5}'
        await cache.answer(first, "k", make)
        assert len(made) == 1
        await cache.answer(second, "k", make)  # a reload: the old answers are not served
        assert len(made) == 2
        for key in ("a", "b", "c"):
            await cache.answer(second, key, make)
        await cache.answer(second, "k", make)  # the oldest were let go (size 2)
        assert len(made) == 6

    asyncio.run(run())
