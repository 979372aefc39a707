"""One JSON error shape for every failure: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.errors import FazhiError
from service.schemas.status import ErrorResponse

logger = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}
_DESCRIPTIONS = {
    400: "the body cannot be read: not UTF-8 encoded, or JSON nested too deeply",
    401: "missing or wrong bearer token (only when FAZHI_API_TOKEN is set)",
    404: "unknown document, passage or route",
    409: "the index folder could not be loaded again; the version served stays in use",
    422: "invalid input: empty or too long text, wrong types, top_k out of range, bad filters",
    503: "the index is loading or cannot be loaded",
}


class ErrorJSONResponse(JSONResponse):
    """A JSON response that never fails to encode (user input may hold lone surrogates)."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", errors="replace")


MAX_ECHO_CHARS = 200
"""Longest piece of user input an error body echoes (longer text is cut, with its length)."""
MAX_ECHO_ITEMS = 20
MAX_MESSAGE_CHARS = 1000
_MAX_DEPTH = 6


def _truncated(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def echoable(value: Any, depth: int = 0) -> Any:
    """``value`` made safe to echo in an error body: strict JSON (no NaN or Infinity), short
    strings, few items, little nesting, whatever the client sent."""
    if isinstance(value, str):
        return _truncated(value, MAX_ECHO_CHARS)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "nan", "inf": JSON has no such numbers
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth >= _MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        items = list(value.items())
        echoed = {
            _truncated(str(k), MAX_ECHO_CHARS): echoable(v, depth + 1)
            for k, v in items[:MAX_ECHO_ITEMS]
        }
        if len(items) > MAX_ECHO_ITEMS:
            echoed["…"] = f"{len(items) - MAX_ECHO_ITEMS} more"
        return echoed
    if isinstance(value, list | tuple | set | frozenset):
        values = list(value)
        echoed_list = [echoable(v, depth + 1) for v in values[:MAX_ECHO_ITEMS]]
        if len(values) > MAX_ECHO_ITEMS:
            echoed_list.append(f"… {len(values) - MAX_ECHO_ITEMS} more")
        return echoed_list
    return _truncated(repr(value), MAX_ECHO_CHARS)


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape; the message and details are cut to a safe size."""
    safe = echoable(details or {})
    return {
        "error": {
            "code": code,
            "message": _truncated(message, MAX_MESSAGE_CHARS),
            "details": safe if isinstance(safe, dict) else {"value": safe},
        }
    }


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> ErrorJSONResponse:
    return ErrorJSONResponse(
        error_body(code, message, details), status_code=status, headers=headers
    )


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the error shape."""
    return {s: {"model": ErrorResponse, "description": _DESCRIPTIONS[s]} for s in statuses}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "messages", 0, "content")`` → ``messages.0.content``."""
    parts = list(loc)[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc
    return ".".join(str(p) for p in parts)


def _explain(error: dict[str, Any]) -> str:
    """One validation error as a sentence a person understands."""
    kind, field = error.get("type", ""), _field(error.get("loc", ()))
    msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        return f"the request body is not valid JSON ({reason})" if reason else msg
    if kind == "missing":
        return f"'{field}' is required" if field else "the request needs a JSON body"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind in ("model_attributes_type", "dict_type") and not field:
        return "the request body must be a JSON object (Content-Type: application/json)"
    return f"{field}: {msg}" if field else msg


def validation_message(errors: list[Any]) -> str:
    parts = list(dict.fromkeys(_explain(e) for e in errors[:5]))
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "invalid request: " + "; ".join(parts) + more


def _clean_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Validation errors without the offending input (it may be large or private)."""
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": _explain(e), "type": e.get("type", "")}
        for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    """Map project errors, validation errors and HTTP errors to the one JSON shape."""

    @app.exception_handler(FazhiError)
    async def fazhi_error(_: Request, exc: FazhiError) -> JSONResponse:
        retry = {"Retry-After": "1"} if exc.http_status == 503 else None
        return error_response(exc.http_status, exc.code, exc.message, exc.details, retry)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        details = {"errors": _clean_errors(errors)}
        return error_response(422, "invalid_input", validation_message(errors), details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.method} {request.url.path} (see /docs for the API)"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path} (see /docs)"
        elif exc.status_code == 400 and "parsing the body" in message:
            message = _unreadable_body(exc.__cause__)
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error", exc_info=exc)
        return internal_error()


def _unreadable_body(cause: BaseException | None) -> str:
    """Why FastAPI could not parse a body (it reports every reason as one 400)."""
    if isinstance(cause, RecursionError):
        return "the request body is JSON nested too deeply: send a flat JSON object"
    if isinstance(cause, UnicodeDecodeError):
        return "the request body is not UTF-8: send UTF-8 encoded JSON"
    return "the request body cannot be read: send UTF-8 encoded JSON"


def internal_error(headers: Mapping[str, str] | None = None) -> ErrorJSONResponse:
    message = "an unexpected error occurred; it has been logged"
    return error_response(500, "internal_error", message, headers=headers)
