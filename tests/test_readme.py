"""The README's command-line and HTTP examples, run against the fake-encoder index: their shown
outputs must have the shape of what the commands print now (fields, line formats), so the README
cannot drift from the product.

Conventions in the README's shown outputs: "…" shortens text; ``[…]`` and ``{…}`` stand for a
list or an object left out; a JSON list is shown with its first item.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import service.cli.common
from index.config import Settings
from service.app import create_app
from service.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
ANY_LIST, ANY_OBJECT = "<any list>", "<any object>"

BUILD_LINE = re.compile(
    r"^built \S+: \d+ documents, \d+ passages and \d+ windows of long ones "
    r"\(\d+ embedded, \d+ from cache\), \d+ skipped, [\d.]+ s$"
)
CITATION = r".+ · .+ · 第\d+段 \[\d+:\d+\]  \S+\.txt"
SEARCH_RANK = re.compile(rf"^\d+\. \d+\.\d{{3}}  {CITATION}$")
ASK_CITATION = re.compile(rf"^  \[\d+\] {CITATION}$")
NO_ANSWER = re.compile(r"^(报告中未找到答案|The reports do not say) \(\w+\): .+$")
ERROR_LINE = re.compile(r"^error \((\w+)\): (.+)$")


def section(title: str) -> str:
    text = README.read_text("utf-8")
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def examples(title: str) -> list[tuple[str, list[str]]]:
    """``(command, shown output lines)`` of every ``$`` command in the section's console
    blocks (continued lines joined)."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section(title), re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:].split("  #")[0].strip(), []))
            elif line.strip() and found:
                found[-1][1].append(line)
    return found


def shown_json(lines: list[str]) -> Any:
    text = "\n".join(lines).replace("[…]", json.dumps(ANY_LIST))
    return json.loads(text.replace("{…}", json.dumps(ANY_OBJECT)))


def same_shape(shown: Any, actual: Any, where: str = "") -> None:
    """Keys equal, the first item of lists alike, scalars of one type (null matches any)."""
    if shown == ANY_LIST:
        assert isinstance(actual, list), where
    elif shown == ANY_OBJECT:
        assert isinstance(actual, dict), where
    elif isinstance(shown, dict):
        assert isinstance(actual, dict), where
        if where.endswith(("groups", "params")):  # keyed by data, not a fixed shape
            return
        assert set(shown) == set(actual), f"{where}: README {sorted(shown)} ≠ {sorted(actual)}"
        for key in shown:
            same_shape(shown[key], actual[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(actual, list), where
        if shown and actual:
            same_shape(shown[0], actual[0], f"{where}[0]")
    elif shown is not None and actual is not None:
        assert type(shown) is type(actual) or {type(shown), type(actual)} <= {int, float}, where


@pytest.fixture
def cli(built_index: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for console in (service.cli.common.console, service.cli.common.err):  # one per line
        monkeypatch.setattr(console, "width", 2000)
    monkeypatch.setenv("FAZHI_ENCODER", "fake:64")

    def run(command: str, index: Path = built_index) -> Any:
        args = shlex.split(command)
        assert args[0] == "fazhi-qa"
        if args[1] != "build":
            args += ["--index", str(index)]
        return CliRunner().invoke(app, args[1:])

    return run


def test_the_set_up_commands_come_first() -> None:
    text = README.read_text("utf-8")
    first = re.search(r"```bash\n(.*?)```", text, re.S)
    assert first is not None and text.index(first.group()) < text.index("\n## ")
    assert [line.split()[:2] for line in first.group(1).splitlines()] == [
        ["make", "serve"],
        ["make", "test"],
    ]


def test_command_line_examples(cli: Any, seeds_dir: Path, tmp_path: Path, cache_env: Path) -> None:
    shown = {command: lines for command, lines in examples("Command line") if lines}
    assert len(shown) >= 6, shown.keys()
    for command, lines in shown.items():
        if command.startswith("fazhi-qa build"):
            out = cli(f"fazhi-qa build {seeds_dir} --index {tmp_path / 'i'}")
            assert BUILD_LINE.match(lines[0]) and BUILD_LINE.match(out.stdout.strip()), out.stdout
        elif "--json" in command:
            same_shape(shown_json(lines), json.loads(cli(command).stdout), command)
        elif command.startswith("fazhi-qa search") and lines[0].startswith("error"):
            out = cli(command, tmp_path / "var" / "index")
            readme, actual = (
                ERROR_LINE.match(lines[0]),
                ERROR_LINE.match(out.stderr.splitlines()[0]),
            )
            assert readme and actual and out.exit_code == 2
            assert readme.group(1) == actual.group(1)
            assert readme.group(2) == actual.group(2).replace(str(tmp_path / "var"), "var")
        elif command.startswith("fazhi-qa search"):
            out = cli(command).stdout.splitlines()
            for printed in (lines, out):  # a rank line, then the passage's text indented
                assert SEARCH_RANK.match(printed[0]), printed
                assert all(SEARCH_RANK.match(x) or x.startswith("   ") for x in printed), printed
        elif command.startswith("fazhi-qa ask"):
            out = cli(command).stdout.splitlines()
            for printed in (lines, out):  # an answer or a no-answer line, then citations
                assert all(ASK_CITATION.match(x) for x in printed[1:]), printed
                refused = printed[0].startswith(("报告中未找到答案", "The reports do not say"))
                assert NO_ANSWER.match(printed[0]) if refused else printed[0].strip(), printed
        else:
            pytest.fail(f"no check for the README's {command!r}")


def _request(command: str) -> tuple[str, str, Any]:
    args = shlex.split(command)
    method = args[args.index("-X") + 1] if "-X" in args else "GET"
    url = next(a for a in args if a.startswith("localhost:"))
    body = json.loads(args[args.index("-d") + 1]) if "-d" in args else None
    return method, url.split("localhost:8000", 1)[1], body


def test_http_examples(built_index: Path) -> None:
    shown = [(command, lines) for command, lines in examples("HTTP API") if lines]
    assert len(shown) >= 4
    settings = Settings(index_dir=built_index, encoder="fake:64", api_token=None)
    with TestClient(create_app(settings)) as client:
        for command, lines in shown:
            method, path, body = _request(command)
            response = client.request(method, path, json=body)
            same_shape(shown_json(lines), response.json(), command)
