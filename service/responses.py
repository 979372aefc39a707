"""Answers as JSON bytes, and the bytes of answers given before.

FastAPI's own path for a returned model validates it again and walks it with
``jsonable_encoder`` before ``json.dumps`` (~4 ms for an answer with its citations, measured);
pydantic's ``model_dump_json`` writes the same JSON in ~0.1 ms. A question asked again of the
same engine with the same body is answered from ``ResponseCache`` without the model gate's
worker thread, the engine or pydantic: only ``took_ms`` is written afresh.
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from fastapi import Response
from pydantic import BaseModel

RESPONSES = 1024
"""Responses remembered per engine (an answer with its citations is ~7 KB)."""
TOOK = "took_ms"


def json_response(model: BaseModel) -> Response:
    """``model`` as a JSON response, written by pydantic."""
    return Response(model.model_dump_json(), media_type="application/json")


def request_key(route: str, body: BaseModel) -> Hashable:
    """What identifies a request's answer: its route and its validated body (``repr``: a lone
    surrogate that JSON cannot write is the engine's to refuse, not the key's)."""
    return route, repr(body.model_dump())


def _with_took(body: bytes, took_ms: float) -> bytes:
    """A response body written without ``took_ms``, with it as its last field."""
    took = f'"{TOOK}":{round(took_ms, 2)}}}'.encode()
    return body[:-1] + (b"," if len(body) > 2 else b"") + took


class ResponseCache:
    """The JSON bodies of the last ``size`` answers of one engine, by route and request.

    Valid for the engine they came from: when the service switches to another (a reload), the
    cache starts empty. Used from the event loop only (no lock)."""

    def __init__(self, size: int = RESPONSES) -> None:
        self.size = size
        self._owner: weakref.ref[object] | None = None
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()

    def _of(self, engine: object) -> OrderedDict[Hashable, bytes]:
        if self._owner is None or self._owner() is not engine:
            self._bodies.clear()
            self._owner = weakref.ref(engine)
        return self._bodies

    async def answer(
        self,
        engine: object,
        key: Hashable,
        make: Callable[[], Awaitable[BaseModel]],
    ) -> Response:
        """The response for ``key``: remembered, or made by ``make`` (and then remembered)."""
        started = time.perf_counter()
        bodies = self._of(engine)
        body = bodies.get(key)
        if body is not None:
            bodies.move_to_end(key)
            took_ms = (time.perf_counter() - started) * 1000
        else:
            model = await make()
            body = model.model_dump_json(exclude={TOOK}).encode()
            took_ms = float(getattr(model, TOOK, 0.0))
            if self._owner is not None and self._owner() is engine:  # not reloaded meanwhile
                bodies[key] = body
                while len(bodies) > self.size:
                    bodies.popitem(last=False)
        return Response(_with_took(body, took_ms), media_type="application/json")
