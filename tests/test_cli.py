"""Tests of the ``fazhi-qa`` command line (``service.cli``) with typer's ``CliRunner``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.schemas.answers import AnswerResponse

QUERY = "岔河镇如何推进行政执法三项制度"
CHAHE = "003_fbe45d23903cb0be.txt"


@pytest.fixture
def runner(cache_env: Path) -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli_index(runner: CliRunner, seeds_dir: Path, tmp_path: Path) -> Path:
    index_dir = tmp_path / "index"
    result = runner.invoke(
        app, ["build", str(seeds_dir), "--index", str(index_dir), "--encoder", "fake:64"]
    )
    assert result.exit_code == 0, result.output
    return index_dir


def _flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def _search(runner: CliRunner, index_dir: Path, *args: str):
    return runner.invoke(app, ["search", *args, "--index", str(index_dir), "--encoder", "fake:64"])


def test_build_reports_counts_and_uses_the_cache(
    runner: CliRunner, cli_index: Path, cache_env: Path, seeds_dir: Path
) -> None:
    assert (cli_index / "manifest.json").is_file()
    assert (cache_env / "embeddings.sqlite").is_file()  # FAZHI_CACHE_DIR, never the repo's var/
    again = runner.invoke(
        app, ["build", str(seeds_dir), "--index", str(cli_index), "--encoder", "fake:64"]
    )
    assert again.exit_code == 0
    assert "5 documents" in _flat(again.stdout)
    assert "(0 embedded" in _flat(again.stdout)


def test_search_json_cites_exact_offsets(
    runner: CliRunner, cli_index: Path, seeds_dir: Path
) -> None:
    result = _search(runner, cli_index, QUERY, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"] == QUERY
    hits = payload["hits"]
    assert 1 <= len(hits) <= 5
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert CHAHE in [h["source"] for h in hits[:3]]
    assert hits[0]["source"] == CHAHE
    for hit in hits:
        text = (seeds_dir / hit["source"]).read_text("utf-8")
        assert text[hit["start"] : hit["end"]] == hit["text"]
        assert isinstance(hit["heading_path"], list)


def test_search_with_options(runner: CliRunner, cli_index: Path) -> None:
    result = _search(runner, cli_index, "法律顾问", "-k", "2", "--region", "南村镇", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 2 and {h["region"] for h in hits} == {"南村镇"}
    result = _search(runner, cli_index, "法律顾问", "--year", "2024", "--json")
    assert {h["year"] for h in json.loads(result.stdout)["hits"]} == {2024}


def test_search_plain_output(runner: CliRunner, cli_index: Path) -> None:
    result = _search(runner, cli_index, QUERY)
    assert result.exit_code == 0, result.output
    assert "1." in result.stdout and CHAHE in result.stdout


def test_docs_json(runner: CliRunner, cli_index: Path) -> None:
    result = runner.invoke(
        app, ["docs", "--index", str(cli_index), "--encoder", "fake:64", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["region"] for r in rows] == ["车辋镇", "南村镇", "独流镇", "岔河镇", "溪湖区"]
    assert [r["year"] for r in rows] == [2023, 2022, 2024, 2023, 2023]
    assert all(r["passages"] > 0 and r["source"].endswith(".txt") for r in rows)
    table = runner.invoke(app, ["docs", "--index", str(cli_index), "--encoder", "fake:64"])
    assert table.exit_code == 0 and "溪湖区" in table.stdout


def test_environment_configures_index_and_encoder(
    runner: CliRunner, cli_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAZHI_INDEX_DIR", str(cli_index))
    monkeypatch.setenv("FAZHI_ENCODER", "fake:64")
    result = runner.invoke(app, ["search", QUERY, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hits"]


# --- errors --------------------------------------------------------------------------------


def test_search_on_missing_index(runner: CliRunner, tmp_path: Path) -> None:
    result = _search(runner, tmp_path / "no-index", QUERY)
    assert result.exit_code != 0
    assert "fazhi-qa build" in _flat(result.stderr)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["", "--json"], ["   "], [QUERY, "-k", "0"], [QUERY, "-k", "51"]],
    ids=["empty", "blank", "k0", "k51"],
)
def test_invalid_search_arguments(runner: CliRunner, cli_index: Path, args: list[str]) -> None:
    result = _search(runner, cli_index, *args)
    assert result.exit_code != 0
    assert "invalid_input" in result.stderr
    assert result.stdout == ""


def test_unknown_region_filter(runner: CliRunner, cli_index: Path) -> None:
    result = _search(runner, cli_index, QUERY, "--region", "火星镇")
    assert result.exit_code != 0
    assert "火星镇" in result.stderr


def test_encoder_mismatch(runner: CliRunner, cli_index: Path) -> None:
    result = runner.invoke(
        app, ["search", QUERY, "--index", str(cli_index), "--encoder", "fake:32"]
    )
    assert result.exit_code != 0
    assert "encoder_mismatch" in result.stderr and "fake:64" in result.stderr


def test_unknown_encoder(runner: CliRunner, seeds_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(seeds_dir), "--index", str(tmp_path / "i"), "--encoder", "bogus"]
    )
    assert result.exit_code != 0
    assert "unknown encoder" in _flat(result.stderr)


def test_build_without_readable_files(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        app, ["build", str(src), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    )
    assert result.exit_code != 0
    assert "build_error" in result.stderr


def test_build_reports_skipped_files(runner: CliRunner, seeds_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / CHAHE, src)
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        app, ["build", str(src), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    )
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr
    assert "1 skipped" in _flat(result.stdout)


def test_ask_prints_an_answer_or_an_honest_no_answer(built_index: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "ask",
            "岔河镇社区矫正对象有没有脱管漏管",
            "--index",
            str(built_index),
            "--encoder",
            "fake:64",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert isinstance(payload["answerable"], bool)
    assert payload["citations"]
    assert payload["answer"] or payload["reason"]


def test_ask_json_has_the_api_shape(built_index: Path) -> None:
    args = ["ask", "What legal aid does Duliu town offer?", "--json"]
    result = CliRunner().invoke(app, [*args, "--index", str(built_index), "--encoder", "fake:64"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert AnswerResponse.model_validate(payload).bridged_terms == ["法律援助"]


def test_ask_rejects_an_empty_question(built_index: Path) -> None:
    result = CliRunner().invoke(
        app, ["ask", "  ", "--index", str(built_index), "--encoder", "fake:64"]
    )
    assert result.exit_code != 0


def test_error_messages_keep_square_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    from index.errors import InvalidInputError
    from service.cli.common import fail

    fail(InvalidInputError("run: pip install 'fazhi-qa[st]'", details={"hint": "[x]"}))
    err = capsys.readouterr().err
    assert "fazhi-qa[st]" in err and "[x]" in err
