"""Hostile and careless input to the service: never a 500, never a huge or unencodable error body,
an OpenAPI that says what the service does, security headers, offline docs, probes that answer
while questions queue."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import index.store.folder.files as store
from index.errors import IndexCorruptError, ServiceBusyError
from index.store.folder.digests import file_hashes
from index.store.lexical.tokenize import MAX_HMM_RUN, pos_tags
from qa import Engine
from service.app import create_app
from service.gate import ModelGate
from tests.test_service import TOKEN, assert_error, make_settings

ROUTES = {
    "/v1/search": {"query": "行政复议"},
    "/v1/ask": {"question": "行政复议"},
    "/v1/chat": {"messages": [{"role": "user", "content": "行政复议"}]},
}


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(), engine=engine)) as test_client:
        yield test_client


def _post_raw(client: TestClient, path: str, body: str | bytes) -> object:
    return client.post(path, content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize("path", sorted(ROUTES))
@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "[NaN]", '{"from": NaN}'])
def test_non_finite_filter_values_are_422(client: TestClient, path: str, value: str) -> None:
    body = json.dumps(ROUTES[path])[:-1] + f', "filters": {{"year": {value}, "region": NaN}}}}'
    error = assert_error(_post_raw(client, path, body), 422, "invalid_input")  # type: ignore[arg-type]
    json.dumps(error, allow_nan=False)  # strict JSON


def test_error_bodies_never_echo_huge_input(client: TestClient) -> None:
    huge = "镇" * 1_000_000
    for filters in ({"region": huge}, {"year": huge}, {huge: 1}, {"region": [huge] * 50}):
        response = client.post("/v1/search", json={"query": "行政复议", "filters": filters})
        assert_error(response, 422, "invalid_input")
        assert len(response.content) < 20_000, len(response.content)
    response = client.post("/v1/search", json={"query": "x", huge: 1})
    assert_error(response, 422) and len(response.content) < 20_000


def test_empty_lists_are_refused_alike(client: TestClient) -> None:
    for field in ("region", "level", "doc_id", "year"):
        response = client.post("/v1/search", json={"query": "行政复议", "filters": {field: []}})
        assert "empty list" in assert_error(response, 422, "invalid_input")["message"]


@pytest.mark.parametrize("blank", ["\u200b\u200d", "\x00\x01\x1f", " \ufeff\u3000", "\u2060\t"])
def test_invisible_questions_are_empty(client: TestClient, blank: str) -> None:
    for path, field in (("/v1/search", "query"), ("/v1/ask", "question")):
        assert_error(client.post(path, json={field: blank}), 422, "invalid_input")
    chat = {"messages": [{"role": "user", "content": blank}]}
    assert_error(client.post("/v1/chat", json=chat), 422, "invalid_input")


def test_unreadable_bodies_are_400_with_the_reason(client: TestClient) -> None:
    nested = _post_raw(client, "/v1/search", "[" * 100_000)
    assert "nested too deeply" in assert_error(nested, 400, "bad_request")["message"]  # type: ignore[arg-type]
    latin = _post_raw(client, "/v1/search", '{"query": "caf\xe9"}'.encode("latin-1"))
    assert "not UTF-8" in assert_error(latin, 400, "bad_request")["message"]  # type: ignore[arg-type]


def test_openapi_is_truthful(client: TestClient, engine: Engine) -> None:
    spec = client.get("/openapi.json").json()
    assert "securitySchemes" not in spec.get("components", {})
    search = spec["paths"]["/v1/search"]["post"]
    assert "400" in search["responses"] and "401" not in search["responses"]
    query = spec["components"]["schemas"]["SearchRequest"]["properties"]["query"]
    assert query["minLength"] == 1 and query["pattern"]
    with TestClient(create_app(make_settings(api_token=TOKEN), engine=engine)) as secured:
        spec = secured.get("/openapi.json").json()
    assert "BearerToken" in spec["components"]["securitySchemes"]
    assert "401" in spec["paths"]["/v1/ask"]["post"]["responses"]


def test_security_headers_on_every_response(client: TestClient) -> None:
    for response in (client.get("/"), client.get("/healthz"), client.get("/nowhere")):
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_docs_are_served_offline(client: TestClient) -> None:
    for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        response = client.get(page)
        assert response.status_code == 200 and "http" not in response.text.split("<body>")[1]
        assert f"/static-docs/{asset}" in response.text
        assert "'sha256-" in response.headers["content-security-policy"] or page == "/redoc"
        assert client.get(f"/static-docs/{asset}").status_code == 200
    assert client.get("/static-docs/swagger-ui.css").status_code == 200


def test_head_probes(client: TestClient) -> None:
    for path in ("/healthz", "/readyz"):
        response = client.head(path)
        assert response.status_code == 200 and not response.content


def test_gate_refuses_after_its_budget() -> None:
    gate = ModelGate(slots=1, budget=0.05)

    async def scenario() -> None:
        import time

        slow = asyncio.ensure_future(gate.run(time.sleep, 0.5))
        await asyncio.sleep(0.01)
        with pytest.raises(ServiceBusyError):
            await gate.run(len, "x")
        await slow
        assert await gate.run(len, "xy") == 2  # the slot is free again

    asyncio.run(scenario())


def test_long_runs_of_unknown_characters_skip_the_hmm() -> None:
    odd = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(400))
    tags = pos_tags("独流镇" + odd)
    assert "".join(w for w, _ in tags) == "独流镇" + odd
    assert any(len(w) == 1 for w, _ in tags[1:])
    assert pos_tags("岔河镇2023年行政复议做了什么") == pos_tags("岔河镇2023年行政复议做了什么")
    assert MAX_HMM_RUN >= 10


def _incomplete_index(built_index: Path, tmp_path: Path) -> Path:
    """A copy missing one report, its file hashes fixed: consistent-looking, incomplete."""
    copy = Path(shutil.copytree(built_index, tmp_path / "index"))
    lines = (copy / store.DOCUMENTS_FILE).read_text("utf-8").splitlines(keepends=True)
    (copy / store.DOCUMENTS_FILE).write_text("".join(lines[1:]), "utf-8")
    manifest = json.loads((copy / store.MANIFEST).read_text("utf-8"))
    manifest["files"] = file_hashes(copy)
    (copy / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return copy


def test_incomplete_index_is_not_ready(built_index: Path, tmp_path: Path) -> None:
    broken = _incomplete_index(built_index, tmp_path)
    with pytest.raises(IndexCorruptError, match="other reports than its manifest"):
        store.load_index(broken)
    manifest = json.loads((broken / store.MANIFEST).read_text("utf-8"))
    manifest["documents"] = {
        json.loads(line)["doc_id"]: json.loads(line)["content_hash"]
        for line in (broken / store.DOCUMENTS_FILE).read_text("utf-8").splitlines()
    }
    (broken / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexCorruptError, match="passages of a report it does not hold"):
        store.load_index(broken)
    with TestClient(create_app(make_settings(index_dir=broken))) as app:
        assert_error(app.get("/readyz"), 503, "index_corrupt")
        assert_error(app.post("/v1/search", json={"query": "行政复议"}), 503, "index_corrupt")


def test_model_is_warmed_up_before_ready(
    built_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service import app as app_module

    calls: list[str] = []
    real = app_module.warm_up
    monkeypatch.setattr(app_module, "warm_up", lambda engine: calls.append("warm") or real(engine))
    with TestClient(create_app(make_settings(index_dir=built_index))) as client:
        assert client.get("/readyz").json()["status"] == "ready"
    assert calls == ["warm"]
