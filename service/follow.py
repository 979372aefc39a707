"""A service on Milvus follows the published version by itself.

Every ``FAZHI_STORE_POLL`` seconds it asks which version the alias names; when a rebuild has
published a new one, it loads it beside the engine in use and replaces that in one assignment
(as ``POST /v1/admin/reload`` does): a request holds the engine it started with, whose
collections the publisher keeps until the version after next, so no request fails. Every
replica does the same, so all of them answer from the new version within a poll or two.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI

from index.config import Settings

logger = logging.getLogger(__name__)


async def follow_store(app: FastAPI, settings: Settings) -> None:
    """Poll forever (cancelled at shutdown)."""
    from service.app import load_engine  # the app module imports this one

    while True:
        await asyncio.sleep(settings.store_poll)
        engine = getattr(app.state, "engine", None)
        try:
            if engine is not None:
                latest = await asyncio.to_thread(engine.store.latest_version)
                if latest == engine.store.version:
                    continue
            fresh, error = await asyncio.to_thread(load_engine, settings)
        except Exception:  # Milvus unreachable for a moment: keep answering, try again
            logger.exception("cannot check the published version")
            continue
        if fresh is not None:
            previous = None if engine is None else engine.store.version
            app.state.engine, app.state.load_error = fresh, None
            logger.info("switched from version %s to %s", previous, fresh.store.version)
        elif engine is None:
            app.state.load_error = error
