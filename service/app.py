"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from index.config import Settings
from index.errors import FazhiError, IndexCorruptError
from index.store.opening import is_local
from qa import Engine
from service.auth import BearerAuthMiddleware
from service.docs import install_docs
from service.errors import install_error_handlers
from service.follow import follow_store
from service.gate import ModelGate
from service.middleware import (
    REQUEST_ID_HEADER,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from service.openapi import install_openapi
from service.reloading import index_stamp, watch_index
from service.responses import ResponseCache
from service.routes import admin, answers, documents, health, search, web

logger = logging.getLogger(__name__)

DESCRIPTION = """法治政府建设年度报告问答：带精确出处的段落检索与抽取式回答。

* every hit and answer sentence cites `doc_id`, `start`, `end` with
  `text == document.text[start:end]`;
* errors always have the shape `{"error": {"code", "message", "details"}}`;
* when `FAZHI_API_TOKEN` is set, `/v1` routes need `Authorization: Bearer <token>`.
"""


def load_engine(settings: Settings) -> tuple[Engine | None, FazhiError | None]:
    """The engine from ``settings.index_dir``, or the reason it cannot be loaded."""
    try:
        engine = Engine.load(settings=settings)
    except FazhiError as exc:
        logger.error("cannot load the index: %s", exc.message)
        return None, exc
    except Exception as exc:  # a damaged index must not stop the process (readyz says why)
        logger.exception("cannot load the index from %s", settings.index_dir)
        message = (
            f"the index at {settings.index_dir} cannot be loaded: rebuild with `fazhi-qa build`"
        )
        return None, IndexCorruptError(message, {"reason": type(exc).__name__})
    logger.info("index loaded from %s", settings.index_dir)
    warm_up(engine)
    return engine, None


WARM_UP_QUESTION = "法治政府建设的主要举措有哪些？"


def warm_up(engine: Engine) -> None:
    """One search and one answer, so that the first real question does not pay for loading the
    model's weights, the segmenter's dictionary and the answer rules (seconds otherwise)."""
    started = time.perf_counter()
    try:
        engine.search(WARM_UP_QUESTION, top_k=1)
        engine.ask(WARM_UP_QUESTION, top_k=1)
    except Exception:  # a warm-up failure is the first question's to report, not start-up's
        logger.exception("warm-up failed")
    logger.info("warmed up in %.1f s", time.perf_counter() - started)


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Outermost first: security headers, request id and access log, CORS, bearer auth."""
    if settings.api_token:
        app.add_middleware(BearerAuthMiddleware, token=settings.api_token)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER],
        )
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # added last: outermost (also on a 500)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """An app that loads the index once at start-up (or uses the ``engine`` given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine, app.state.load_error = engine, None
        app.state.index_stamp = index_stamp(settings.index_dir)
        if engine is None:
            app.state.engine, app.state.load_error = await asyncio.to_thread(load_engine, settings)
        follower = None if is_local(settings) else asyncio.create_task(follow_store(app, settings))
        watcher = None
        if settings.watch_index > 0 and is_local(settings):  # every worker follows the folder
            watcher = asyncio.create_task(watch_index(app, settings))
        yield
        for task in (follower, watcher):
            if task is not None:
                task.cancel()
        app.state.engine = None

    app = FastAPI(
        title="fazhi-qa",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine, app.state.load_error = None, None
    app.state.gate = ModelGate(settings.model_slots, settings.request_timeout)
    app.state.responses = ResponseCache()
    install_error_handlers(app)
    _add_middleware(app, settings)
    for module in (health, web, search, answers, documents, admin):
        app.include_router(module.router)
    web.mount_static(app)
    install_docs(app)
    install_openapi(app, settings)
    return app
