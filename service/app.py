"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from index.config import Settings
from index.errors import FazhiError
from qa import Engine
from service.errors import install_error_handlers
from service.routes import health, search

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """An app that loads the index once at start-up (or uses the ``engine`` given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.load_error = None
        if engine is None:
            try:
                app.state.engine = Engine.load(settings=settings)
                logger.info("index loaded from %s", settings.index_dir)
            except FazhiError as exc:
                logger.error("cannot load the index: %s", exc.message)
                app.state.load_error = exc
        yield
        app.state.engine = None

    app = FastAPI(
        title="fazhi-qa",
        version="0.1.0",
        description="法治政府建设年度报告问答：带精确出处的段落检索与抽取式回答。",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    return app
