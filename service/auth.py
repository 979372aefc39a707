"""Optional bearer-token auth for the ``/v1`` API (off unless ``FAZHI_API_TOKEN`` is set).

The check runs in a middleware, before the body is read, so that a request without the token
gets a 401 whatever it sends; the router dependency documents the scheme in OpenAPI and checks
again for routes mounted elsewhere.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from service.dependencies import get_settings
from service.errors import error_response

PROTECTED_PREFIX = "/v1"
MISSING = "this API needs a token: send the header `Authorization: Bearer <token>`"
INVALID = "the bearer token is not valid"
CHALLENGE = {"WWW-Authenticate": "Bearer"}

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="BearerToken",
    description="`Authorization: Bearer <token>`; required only when FAZHI_API_TOKEN is set",
)


def token_problem(authorization: str | None, expected: str) -> str | None:
    """Why ``authorization`` (the header's value) does not carry ``expected``, or None."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return MISSING
    if not secrets.compare_digest(given.strip().encode("latin-1", "replace"), expected.encode()):
        return INVALID
    return None


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Let the request through when auth is off or the bearer token matches."""
    expected = get_settings(request).api_token
    if not expected:
        return
    header = f"Bearer {credentials.credentials}" if credentials is not None else None
    problem = token_problem(header, expected)
    if problem is not None:
        raise HTTPException(401, detail=problem, headers=CHALLENGE)


class BearerAuthMiddleware:
    """401 in the error shape for ``/v1`` requests without the right bearer token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        protected = path == PROTECTED_PREFIX or path.startswith(PROTECTED_PREFIX + "/")
        if scope["type"] == "http" and protected:
            problem = token_problem(Headers(scope=scope).get("authorization"), self.token)
            if problem is not None:
                response = error_response(401, "unauthorized", problem, headers=CHALLENGE)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
