"""``--store`` of ``build`` / ``remove``, ``migrate --to``, and ``FAZHI_STORE`` for the queries
(Milvus Lite in a ``.db`` of the test's own)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.store.milvus.client import MilvusAddress, forget
from service.cli import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, cache_env: Path) -> CliRunner:
    monkeypatch.setenv("FAZHI_ENCODER", "fake:64")
    return CliRunner()


def _search(runner: CliRunner, index: Path, store: str) -> list[str]:
    result = runner.invoke(
        app, ["search", "行政复议", "--json", "--index", str(index)], env={"FAZHI_STORE": store}
    )
    assert result.exit_code == 0, result.output
    return [hit["passage_id"] for hit in json.loads(result.stdout)["hits"]]


def test_migrate_then_search_on_milvus(
    runner: CliRunner, built_index: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "m.db")
    result = runner.invoke(app, ["migrate", "--to", db, "--index", str(built_index)])
    assert result.exit_code == 0, result.output
    assert "published" in result.stderr
    try:
        assert _search(runner, built_index, db) == _search(runner, built_index, "local")
    finally:
        forget(MilvusAddress(str(Path(db).resolve())))


def test_build_and_remove_publish_new_versions(
    runner: CliRunner, seeds_dir: Path, tmp_path: Path
) -> None:
    db, index = str(tmp_path / "m.db"), tmp_path / "index"
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    built = runner.invoke(app, ["build", str(seeds), "--index", str(index), "--store", db])
    assert built.exit_code == 0, built.output
    docs = runner.invoke(app, ["docs", "--json"], env={"FAZHI_STORE": db})
    reports = json.loads(docs.stdout)
    removed = runner.invoke(
        app, ["remove", reports[0]["doc_id"], "--index", str(index), "--store", db]
    )
    assert removed.exit_code == 0, removed.output
    after = json.loads(runner.invoke(app, ["docs", "--json"], env={"FAZHI_STORE": db}).stdout)
    assert [r["doc_id"] for r in after] == [r["doc_id"] for r in reports[1:]]
    forget(MilvusAddress(str(Path(db).resolve())))


@pytest.mark.parametrize("store", ["local", "nowhere://x", "http://127.0.0.1:1"])
def test_migrate_refuses_what_is_not_milvus(
    runner: CliRunner, built_index: Path, store: str
) -> None:
    result = runner.invoke(app, ["migrate", "--to", store, "--index", str(built_index)])
    assert result.exit_code == 2
    assert "error" in result.stderr


def test_an_unknown_store_is_a_clear_error(runner: CliRunner, built_index: Path) -> None:
    result = runner.invoke(
        app, ["search", "行政复议", "--index", str(built_index)], env={"FAZHI_STORE": "mysql://x"}
    )
    assert result.exit_code == 2
    assert "unknown store" in " ".join(result.stderr.split())
