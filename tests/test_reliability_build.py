"""A careless operator's builds: bad files skipped with a reason, nothing read from outside the
folder, one build at a time, no leftovers, a full disk or a broken cache a message (exit 2)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import zhconv
from filelock import FileLock
from typer.testing import CliRunner

import index.store.folder.files as store
from index.build.builder import BuildOptions, BuildReport, build_index
from index.build.lock import leftovers, lock_path
from index.embed.cache import EmbeddingCache
from index.embed.embedders import FakeEmbedder
from index.errors import BuildError, StorageError
from index.load.sources import read_text
from service.cli import app

DULIU = "002_49a388d3305da3e0.txt"
CHAHE = "003_fbe45d23903cb0be.txt"


@pytest.fixture
def source(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    for name in (DULIU, CHAHE):
        shutil.copy(seeds_dir / name, folder / name)
    return folder


def _build(folder: Path, tmp_path: Path, **options: object) -> BuildReport:
    built = BuildOptions(index_dir=tmp_path / "index", cache_path=None, **options)  # type: ignore[arg-type]
    return build_index([folder], FakeEmbedder(64), built)


def _reasons(report: BuildReport) -> dict[str, str]:
    return {s.source: s.reason for s in report.skipped}


def test_bad_sidecar_skips_only_its_file(source: Path, tmp_path: Path) -> None:
    sidecar = source / DULIU.replace(".txt", ".meta.json")
    sidecar.write_text('{"year": "' + "9" * 5000 + '"}', "utf-8")
    report = _build(source, tmp_path)
    assert report.documents == 1 and DULIU in _reasons(report)
    sidecar.write_text("{", "utf-8")
    assert "not valid JSON" in _reasons(_build(source, tmp_path))[DULIU]


def test_same_content_twice_is_indexed_once(source: Path, tmp_path: Path) -> None:
    shutil.copy(source / CHAHE, source / "copy-of-chahe.txt")
    report = _build(source, tmp_path)
    assert report.documents == 2
    assert _reasons(report) == {"copy-of-chahe.txt": f"same content as {CHAHE} (indexed once)"}


def test_big5_is_detected(source: Path, seed_texts: dict[str, str]) -> None:
    text = zhconv.convert(seed_texts[CHAHE.removesuffix(".txt")], "zh-hant")
    data = text.encode("big5", errors="ignore")
    (source / "big5.txt").write_bytes(data)
    assert read_text(source / "big5.txt") == data.decode("big5")


def test_links_out_of_the_folder_are_refused(source: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(
        "root:x:0:0:root:/root:/bin/bash 这是文件夹外的秘密内容，不得被索引。", "utf-8"
    )
    (source / "passwd.txt").symlink_to(secret)
    (source / "inside.txt").symlink_to(source / CHAHE)  # a link inside the folder is fine
    (source / "loop.txt").symlink_to(source / "loop.txt")
    report = _build(source, tmp_path)
    reasons = _reasons(report)
    assert "outside" in reasons["passwd.txt"] and "outside" in reasons["loop.txt"]
    texts = (tmp_path / "index" / store.TEXTS_FILE).read_text("utf-8")
    assert "root:x:0:0" not in texts


def test_leftovers_of_killed_builds_are_removed(source: Path, tmp_path: Path) -> None:
    _build(source, tmp_path)
    for name in (".index.tmp-dead0001", ".index.old-dead0002"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "junk").write_text("x")
    assert len(leftovers(tmp_path / "index")) == 2
    _build(source, tmp_path)
    assert leftovers(tmp_path / "index") == []
    assert store.load_index(tmp_path / "index").documents


def test_a_killed_swap_is_put_back_before_building(source: Path, tmp_path: Path) -> None:
    _build(source, tmp_path)
    (tmp_path / "index").rename(tmp_path / ".index.old-killed01")
    report = _build(source, tmp_path)
    assert report.documents == 2 and leftovers(tmp_path / "index") == []


def test_second_build_waits_then_fails_clearly(source: Path, tmp_path: Path) -> None:
    with FileLock(lock_path(tmp_path / "index")), pytest.raises(BuildError, match="another build"):
        _build(source, tmp_path, lock_timeout=0.2)
    assert _build(source, tmp_path, lock_timeout=0.2).documents == 2  # the lock was let go


def test_disk_full_is_a_message_and_the_old_index_stays(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(source, tmp_path)
    before = (tmp_path / "index" / store.MANIFEST).read_text("utf-8")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "x"))

    monkeypatch.setattr(store, "write_reports", full)
    with pytest.raises(StorageError, match="the disk is full") as info:
        _build(source, tmp_path)
    assert info.value.details["errno"] == "ENOSPC"
    assert (tmp_path / "index" / store.MANIFEST).read_text("utf-8") == before
    assert leftovers(tmp_path / "index") == []


def test_broken_cache_is_a_message(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(EmbeddingCache, "lookup", broken)
    options = BuildOptions(index_dir=tmp_path / "index", cache_path=tmp_path / "c.sqlite")
    with pytest.raises(StorageError, match="--no-cache"):
        build_index([source], FakeEmbedder(64), options)


def test_cli_exit_2_on_storage_and_damaged_indexes(
    source: Path, tmp_path: Path, cache_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    index_dir = tmp_path / "cli-index"
    args = ["--index", str(index_dir), "--encoder", "fake:64"]
    assert runner.invoke(app, ["build", str(source), *args]).exit_code == 0
    manifest = json.loads((index_dir / store.MANIFEST).read_text("utf-8"))
    (index_dir / store.MANIFEST).write_text("[]", "utf-8")
    result = runner.invoke(app, ["search", "行政复议", *args])
    assert result.exit_code == 2 and "index_corrupt" in result.output
    (index_dir / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = runner.invoke(app, ["docs", "--index", str(loop), "--encoder", "fake:64"])
    assert result.exit_code == 2 and "Traceback" not in result.output

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(index_dir))

    monkeypatch.setattr(store, "write_reports", denied)
    result = runner.invoke(app, ["build", str(source), "--force", *args])
    assert result.exit_code == 2 and "permission denied" in result.output
