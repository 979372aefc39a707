"""``fazhi-qa search/ask --url``: the command line asks a running service."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app


@pytest.fixture(scope="module")
def service_url(built_index: Path) -> Iterator[str]:
    import uvicorn

    from index.config import Settings
    from service.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    settings = Settings(index_dir=built_index, encoder="fake:64", api_token=None)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_search_and_ask_through_the_service(service_url: str, built_index: Path) -> None:
    runner = CliRunner()
    remote = runner.invoke(app, ["search", "行政复议", "-k", "2", "--json", "--url", service_url])
    assert remote.exit_code == 0, remote.output
    local = runner.invoke(
        app,
        ["search", "行政复议", "-k", "2", "--json", "--index", str(built_index)],
        env={"FAZHI_ENCODER": "fake:64"},
    )
    ids = [[h["passage_id"] for h in json.loads(r.stdout)["hits"]] for r in (remote, local)]
    assert ids[0] == ids[1] and len(ids[0]) == 2
    asked = runner.invoke(
        app,
        ["ask", "溪湖区2023年收到几件行政复议申请？", "--region", "岔河镇"],
        env={"FAZHI_SERVICE_URL": service_url},
    )
    assert asked.exit_code == 0, asked.output
    assert "filter_excludes_place" in asked.stdout


def test_service_errors_are_messages(service_url: str) -> None:
    result = CliRunner().invoke(
        app, ["search", "行政复议", "--region", "火星镇", "--url", service_url]
    )
    assert result.exit_code == 2 and "火星镇" in result.stderr
    result = CliRunner().invoke(app, ["ask", "行政复议", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 2 and "service_unavailable" in result.stderr
