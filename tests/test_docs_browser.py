"""``/docs`` and ``/redoc`` render in headless Chromium under the service's security headers,
with no script or style from another site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_browser import chromium, server_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(chromium: str) -> Iterator[object]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        yield browser.new_page()
        browser.close()


@pytest.mark.parametrize(("path", "rendered"), [("/docs", ".opblock"), ("/redoc", "h2")])
def test_docs_render_offline(page, server_url: str, path: str, rendered: str) -> None:  # noqa: F811
    refused: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if r.resource_type in ("script", "stylesheet")
            and not r.url.startswith((server_url, "blob:" + server_url, "data:"))
            else None
        ),
    )
    page.goto(server_url + path)
    page.wait_for_selector(rendered, timeout=30_000)
    assert [m for m in refused if "script" in m] == [] and foreign == []
