"""The OpenAPI document says what this process does: bearer auth only when a token is set."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from index.config import Settings


def _without_auth(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema less its security scheme, every operation's ``security`` and 401 answer."""
    schema.get("components", {}).pop("securitySchemes", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
                operation.get("responses", {}).pop("401", None)
    return schema


def install_openapi(app: FastAPI, settings: Settings) -> None:
    """Replace ``app.openapi`` by one that drops auth when ``FAZHI_API_TOKEN`` is unset."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = schema if settings.api_token else _without_auth(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
