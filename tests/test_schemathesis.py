"""Property-based API tests from the app's own OpenAPI (schemathesis): every operation, with and
without a token, generated valid and invalid input. A 5xx, a response that does not match the
schema, an undocumented status code or content type fails the test.

Bounded: ``SCHEMATHESIS_EXAMPLES`` examples per operation (default 25); the requests sent are
counted and printed at the end (run with ``-s`` to see them).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from qa import Engine
from service.app import create_app
from tests.test_service import TOKEN, make_settings

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
SENT: Counter[str] = Counter()


def _schema(engine: Engine, token: str | None) -> Any:
    app = create_app(make_settings(api_token=token, index_dir=engine.stored.path), engine=engine)
    app.state.engine = engine  # the ASGI transport does not run the lifespan
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def open_schema(engine: Engine) -> Any:
    return _schema(engine, None)


@pytest.fixture(scope="module")
def token_schema(engine: Engine) -> Any:
    return _schema(engine, TOKEN)


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    status = ", ".join(f"{k}: {v}" for k, v in sorted(SENT.items()))
    print(f"\nschemathesis: {sum(SENT.values())} requests ({status})")


open_api = schemathesis.pytest.from_fixture("open_schema")
token_api = schemathesis.pytest.from_fixture("token_schema")
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


# Not checked: that every schema-valid request is accepted. Filter values must name what the
# loaded index holds (an unknown region is a 422 naming the known ones), and text must be
# encodable (a lone surrogate is a 422): neither can be said in JSON Schema.
EXCLUDED = [positive_data_acceptance]


def _check(case: Any, label: str, headers: dict[str, str] | None = None) -> None:
    response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
    SENT[f"{label} {response.status_code // 100}xx"] += 1
    assert response.status_code < 500, response.text[:500]


@open_api.parametrize()
@BOUNDED
def test_api_without_token(case: Any) -> None:
    _check(case, "open")


@token_api.parametrize()
@BOUNDED
def test_api_with_token(case: Any) -> None:
    _check(case, "token", {"Authorization": f"Bearer {TOKEN}"})


@token_api.parametrize()
@settings(
    max_examples=max(EXAMPLES // 4, 5), deadline=None, suppress_health_check=list(HealthCheck)
)
def test_api_with_token_refuses_strangers(case: Any) -> None:
    _check(case, "no-token")
