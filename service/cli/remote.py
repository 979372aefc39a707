"""The command line's way to a running service (``--url`` / ``FAZHI_SERVICE_URL``): one HTTP
request instead of loading the index and the encoder in every one-shot command."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from index.errors import FazhiError

TIMEOUT_S = 60.0


class ServiceError(FazhiError):
    """The service answered with an error, or could not be reached."""

    code = "service_error"

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, details)
        self.code = code


def post(url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST ``body`` as JSON to ``url + path``; the JSON answer, or a ``ServiceError`` with the
    service's own error code and message. ``FAZHI_API_TOKEN`` is sent as a bearer token."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    token = os.environ.get("FAZHI_API_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url.rstrip("/") + path, data, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            payload: dict[str, Any] = json.loads(response.read().decode("utf-8"))
            return payload
    except urllib.error.HTTPError as exc:
        try:
            error = json.loads(exc.read().decode("utf-8")).get("error", {})
        except (ValueError, AttributeError):
            error = {}
        raise ServiceError(
            str(error.get("code") or f"http_{exc.code}"),
            str(error.get("message") or f"the service answered HTTP {exc.code}"),
            error.get("details") or {},
        ) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServiceError(
            "service_unavailable", f"cannot reach the service at {url}: {reason}", {"url": url}
        ) from exc
