"""Request ids and one structured access-log line per request (a pure ASGI middleware)."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import internal_error

access_logger = logging.getLogger("fazhi.access")
logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def request_id_from(scope: Scope) -> str:
    """The client's ``X-Request-ID`` when it is short and plain, else a new one."""
    incoming = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
    return incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestContextMiddleware:
    """Sets ``request.state.request_id``, echoes it in the response and logs the request.

    An unexpected exception becomes a 500 in the error shape (with the request id) instead
    of a stack trace; the trace goes to the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unexpected error (request id %s)", request_id)
            if response_started:
                raise
            status = 500
            await internal_error({REQUEST_ID_HEADER: request_id})(scope, receive, send)
        finally:
            _log_access(scope, status, started, request_id)


def _log_access(scope: Scope, status: int, started: float, request_id: str) -> None:
    elapsed = (time.perf_counter() - started) * 1000
    fields = {
        "method": scope.get("method", ""),
        "path": _CONTROL.sub("?", scope.get("path", ""))[:300],
        "status": status,
        "ms": round(elapsed, 1),
        "request_id": request_id,
    }
    access_logger.info(
        "method=%s path=%s status=%d ms=%.1f request_id=%s",
        *fields.values(),
        extra={"access": fields},
    )


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The Content-Security-Policy of every response that does not set its own (the chat page
loads only its own script and style files)."""
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Security headers on every response (the docs pages bring their own policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", PAGE_POLICY)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
