"""Search over the reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response

from service.auth import require_token
from service.dependencies import EngineDep, GateDep, ResponsesDep, SettingsDep, check_length
from service.errors import error_responses
from service.responses import request_key
from service.schemas.answers import SearchResponse
from service.schemas.requests import SearchRequest

router = APIRouter(
    prefix="/v1",
    tags=["search"],
    dependencies=[Depends(require_token)],
    responses=error_responses(400, 401, 422, 503),
)

SEARCH_EXAMPLES: dict[str, Any] = {
    "question": {
        "summary": "一个问题",
        "value": {"query": "岔河镇2023年行政复议做了什么？", "top_k": 5},
    },
    "keywords": {
        "summary": "关键词",
        "value": {"query": "行政执法三项制度", "top_k": 3},
    },
    "filtered": {
        "summary": "按地区和年份筛选",
        "value": {
            "query": "法治宣传教育",
            "top_k": 5,
            "filters": {"region": "溪湖区", "year": {"from": 2022, "to": 2024}},
        },
    },
}


@router.post("/search", response_model=SearchResponse, summary="Search passages")
async def search(
    body: Annotated[SearchRequest, Body(openapi_examples=SEARCH_EXAMPLES)],
    engine: EngineDep,
    settings: SettingsDep,
    gate: GateDep,
    responses: ResponsesDep,
) -> Response:
    """Ranked passages with exact citations (`text == document.text[start:end]`)."""
    check_length(body.query, "query", settings.max_query_chars)

    async def make() -> SearchResponse:
        found = await gate.run(engine.search, body.query, top_k=body.top_k, filters=body.filters)
        return SearchResponse.from_result(found)

    return await responses.answer(engine, request_key("search", body), make)
