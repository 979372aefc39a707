"""FastAPI dependencies: the loaded engine and the settings."""

from __future__ import annotations

from fastapi import Request

from index.config import Settings
from index.errors import IndexMissingError
from qa import Engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        if error is not None:
            raise error
        raise IndexMissingError("the index is still loading; try again in a moment")
    return engine
