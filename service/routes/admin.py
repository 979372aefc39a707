"""Administration: switch the running service to the index's newest version.

``POST /v1/admin/reload`` loads the index folder again (after ``fazhi-qa add`` / ``remove`` /
``build``) beside the engine in use, then replaces it in one assignment: a request holds the
engine it started with to its end, so every answer comes from one consistent version. A version
that cannot be loaded leaves the service on the one it had. With several worker processes, each
follows the change by watching the index (``service.reloading``, ``FAZHI_WATCH_INDEX``).
Needs ``FAZHI_API_TOKEN`` set (403 otherwise) and sent as a bearer token (401 otherwise).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from index.errors import ReloadError
from qa import Engine
from service.auth import require_token
from service.dependencies import SettingsDep
from service.errors import error_responses
from service.reloading import swap_engine
from service.schemas.status import ErrorResponse

router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[Depends(require_token)],
    responses={
        **error_responses(401, 409),
        403: {"model": ErrorResponse, "description": "admin routes are off (no FAZHI_API_TOKEN)"},
    },
)


class ReloadResponse(BaseModel):
    status: str
    version: int
    previous_version: int | None
    documents: int
    passages: int


def _version(engine: Engine | None) -> int | None:
    return None if engine is None else int(engine.store.manifest.get("version", 1))


async def _admin_only(settings: SettingsDep) -> None:
    if not settings.api_token:
        raise HTTPException(403, detail="admin routes are off: set FAZHI_API_TOKEN to use them")


@router.post(
    "/reload",
    response_model=ReloadResponse,
    summary="Switch to the index's newest version",
    dependencies=[Depends(_admin_only)],
)
async def reload(request: Request, settings: SettingsDep) -> ReloadResponse:
    """Load the index folder again and answer every later request from it (other worker
    processes follow by watching the index: ``FAZHI_WATCH_INDEX``)."""
    engine, previous, error = await swap_engine(request.app, settings)
    if error is not None or engine is None:
        cause = error.message if error is not None else "no engine"
        raise ReloadError(
            f"the index at {settings.index_dir} cannot be loaded ({cause}); still answering "
            f"from version {_version(previous)}",
            {"cause": error.code if error is not None else "unknown"},
        )
    return ReloadResponse(
        status="reloaded",
        version=_version(engine) or 1,
        previous_version=_version(previous),
        documents=len(engine.documents),
        passages=len(engine.passages),
    )
