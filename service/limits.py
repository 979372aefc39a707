"""Input limits shared by the HTTP API and the command line (``FAZHI_MAX_QUERY_CHARS``)."""

from __future__ import annotations

from index.errors import InvalidInputError


def check_length(text: str, field: str, limit: int) -> None:
    """A clear error (HTTP 422, CLI exit 2) for text longer than ``limit`` characters (not
    bytes)."""
    if len(text) > limit:
        raise InvalidInputError(
            f"{field} is too long: {len(text)} characters; the limit is {limit} characters",
            {"field": field, "chars": len(text), "limit": limit},
        )
