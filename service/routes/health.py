"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.errors import error_body
from service.schemas import HealthResponse, ReadyResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse)
def healthz() -> HealthResponse:
    """The process is up."""
    return HealthResponse(status="ok")


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"description": "loading"}})
def readyz(request: Request) -> ReadyResponse | JSONResponse:
    """The index is loaded (503 while loading or when it cannot be loaded)."""
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        message = error.message if error is not None else "the index is still loading"
        code = error.code if error is not None else "loading"
        return JSONResponse(error_body(code, message), status_code=503)
    manifest = engine.stored.manifest
    return ReadyResponse(
        status="ready",
        documents=len(engine.documents),
        passages=len(engine.passages),
        encoder=manifest.get("encoder", ""),
        built_at=manifest.get("created_at"),
    )
