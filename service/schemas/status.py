"""The error shape every failure shares, and the health and readiness answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    code: str = Field(..., examples=["invalid_input"])
    message: str = Field(..., examples=["the query is too long: 812 characters (limit 500)"])
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    error: ErrorDetail


class HealthResponse(BaseModel):
    status: str


class ReadyResponse(BaseModel):
    status: str
    documents: int
    passages: int
    encoder: str
    reranker: str | None = None
    built_at: str | None
