"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.errors import error_response, error_responses
from service.schemas.status import HealthResponse, ReadyResponse

router = APIRouter(tags=["health"])


# async and free of the model: they answer at once while questions queue for it
@router.head("/healthz", include_in_schema=False, response_model=None)
@router.get(
    "/healthz",
    response_model=HealthResponse,
    summary="Liveness: the process is up",
)
async def healthz() -> HealthResponse:
    """Always 200 while the process runs (never needs a token)."""
    return HealthResponse(status="ok")


@router.head("/readyz", include_in_schema=False, response_model=None)
@router.get(
    "/readyz",
    response_model=ReadyResponse,
    summary="Readiness: the index is loaded",
    responses=error_responses(503),
)
async def readyz(request: Request) -> ReadyResponse | JSONResponse:
    """Index size, encoder and build time; 503 while loading (and warming the model up) or
    when the index cannot be loaded."""
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        message = error.message if error is not None else "the index is still loading"
        code = error.code if error is not None else "loading"
        details = error.details if error is not None else None
        retry = None if error is not None else {"Retry-After": "5"}
        return error_response(503, code, message, details, retry)
    manifest = engine.store.manifest
    return ReadyResponse(
        status="ready",
        documents=len(engine.documents),
        passages=len(engine.passages),
        encoder=manifest.get("encoder", ""),
        reranker=engine.reranker.name if engine.reranker is not None else None,
        built_at=manifest.get("created_at"),
    )
