"""``fazhi-qa serve``: the HTTP service (API and chat page) under uvicorn."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from service.cli.common import IndexOpt, settings_for


def serve_command(
    host: Annotated[str | None, typer.Option(help="bind address [FAZHI_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="port [FAZHI_PORT]")] = None,
    workers: Annotated[int | None, typer.Option(help="worker processes [FAZHI_WORKERS]")] = None,
    index_dir: IndexOpt = None,
) -> None:
    """Start the HTTP service (API, web chat page at /)."""
    import os

    import uvicorn

    settings = settings_for(index_dir, None)
    if index_dir is not None:
        os.environ["FAZHI_INDEX_DIR"] = str(index_dir)
    if (workers or settings.workers) > 1:  # a reload must reach every worker
        os.environ.setdefault("FAZHI_WATCH_INDEX", "2")
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    # FAISS logs each CPU build it tries and cannot load (AVX512, AVX2) as a traceback-like line
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_level=settings.log_level.lower(),
    )
