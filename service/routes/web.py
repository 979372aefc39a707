"""The web chat page at ``/`` and its assets under ``/static/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

router = APIRouter(tags=["web"])

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

FALLBACK_PAGE = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>fazhi-qa</title></head>
<body>
<h1>法治政府建设年度报告问答</h1>
<p>The web page is not installed. Use the API: <a href="/docs">/docs</a>.</p>
</body>
</html>
"""


@router.get("/", response_class=HTMLResponse, summary="The web chat page")
def index_page() -> Response:
    """`static/index.html`, or a small page linking the API docs when it is missing."""
    page = STATIC_DIR / "index.html"
    if page.is_file():
        return FileResponse(page, media_type="text/html; charset=utf-8")
    return HTMLResponse(FALLBACK_PAGE)


def mount_static(app: FastAPI) -> None:
    """Serve ``service/static/`` under ``/static/`` (when the folder exists)."""
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
