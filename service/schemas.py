"""Pydantic models of the HTTP API (the only place pydantic models are used)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SearchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"query": "岔河镇如何推进行政执法三项制度", "top_k": 5},
                {"query": "行政复议", "top_k": 3, "filters": {"region": "独流镇", "year": 2024}},
            ]
        },
    )

    query: str = Field(..., description="问题或关键词", examples=["独流镇2024年行政复议做了什么？"])
    top_k: int = Field(5, ge=1, le=50)
    filters: dict[str, Any] | None = Field(
        None,
        description="region / level / year (number, list or {'from','to'}) / doc_id",
        examples=[{"region": "溪湖区", "year": {"from": 2022, "to": 2024}}],
    )


class HighlightOut(BaseModel):
    term: str
    start: int
    end: int


class ScoresOut(BaseModel):
    dense: float
    bm25: float
    fused: float
    boost: float
    rerank: float | None = None


class HitOut(BaseModel):
    rank: int
    score: float
    passage_id: str
    text: str
    doc_id: str
    source: str
    title: str
    region: str
    year: int | None
    heading_path: list[str]
    paragraph: int
    start: int
    end: int
    highlights: list[HighlightOut]
    scores: ScoresOut


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]
    took_ms: float


class HealthResponse(BaseModel):
    status: str


class ReadyResponse(BaseModel):
    status: str
    documents: int
    passages: int
    encoder: str
    built_at: str | None
