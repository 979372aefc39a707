"""Incremental index changes (``index.build.updating``) and the service's switch to a new
version."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.build.builder import BuildOptions, build_index
from index.build.updating import add_reports, remove_reports
from index.config import Settings
from index.embed.embedders import FakeEmbedder
from index.errors import InvalidInputError
from index.store.folder.files import load_index, read_manifest
from qa import Engine
from service.app import create_app

QUERIES = ["行政复议案件办理情况", "法律顾问", "独流镇2024年普法", "岔河镇下一步有什么打算？"]


def _copy(seeds_dir: Path, folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(seeds_dir / f"{name}.txt", folder)) for name in names]


def _names(seeds_dir: Path) -> list[str]:
    return sorted(p.stem for p in seeds_dir.glob("*.txt"))


def _options(root: Path, name: str) -> BuildOptions:
    return BuildOptions(index_dir=root / name, cache_path=root / "cache.sqlite")


def _same_answers(a: Path, b: Path) -> None:
    one, two = Engine.load(a, encoder="fake:64"), Engine.load(b, encoder="fake:64")
    for query in QUERIES:
        first, second = one.search(query, top_k=8), two.search(query, top_k=8)
        assert [h.passage_id for h in first] == [h.passage_id for h in second], query
        assert [h.score for h in first] == pytest.approx([h.score for h in second], abs=1e-5)


def test_adding_reports_equals_building_them_all(seeds_dir: Path, tmp_path: Path) -> None:
    names = _names(seeds_dir)
    first = _copy(seeds_dir, tmp_path / "first", names[:3])
    later = _copy(seeds_dir, tmp_path / "later", names[3:])
    options = _options(tmp_path, "grown")
    build_index(first, FakeEmbedder(64), options)
    report = add_reports(later, FakeEmbedder(64), options)
    assert report.added == tuple(names[3:]) and report.version == 2
    full = build_index([*first, *later], FakeEmbedder(64), _options(tmp_path, "full"))
    assert report.passages == full.passages
    grown, whole = load_index(options.index_dir), load_index(full.index_dir)
    assert [p.passage_id for p in grown.passages] == [p.passage_id for p in whole.passages]
    np.testing.assert_array_equal(grown.windows.rows, whole.windows.rows)
    np.testing.assert_allclose(grown.windows.vectors, whole.windows.vectors, atol=1e-6)
    for tokens in (["行政", "复议"], ["法律顾问"]):  # corpus statistics as if built at once
        np.testing.assert_allclose(
            grown.bm25.get_scores(tokens), whole.bm25.get_scores(tokens), atol=1e-5
        )
    _same_answers(options.index_dir, full.index_dir)


def test_only_the_new_reports_are_embedded(seeds_dir: Path, tmp_path: Path) -> None:
    names = _names(seeds_dir)
    options = _options(tmp_path, "index")
    first = build_index(_copy(seeds_dir, tmp_path / "a", names[:4]), FakeEmbedder(64), options)
    report = add_reports(_copy(seeds_dir, tmp_path / "b", names[4:]), FakeEmbedder(64), options)
    stored = load_index(options.index_dir)
    new_rows = sum(p.doc_id == names[4] for p in stored.passages)
    new_windows = int(np.count_nonzero(stored.windows.rows >= first.passages))
    assert report.embedded == new_rows + new_windows


def test_removing_a_report_equals_building_without_it(seeds_dir: Path, tmp_path: Path) -> None:
    names = _names(seeds_dir)
    files = _copy(seeds_dir, tmp_path / "all", names)
    options = _options(tmp_path, "shrunk")
    build_index(files, FakeEmbedder(64), options)
    report = remove_reports([names[1]], FakeEmbedder(64), options)
    assert report.removed == (names[1],) and report.documents == len(names) - 1
    rest = [f for f in files if f.stem != names[1]]
    full = build_index(rest, FakeEmbedder(64), _options(tmp_path, "rest"))
    _same_answers(options.index_dir, full.index_dir)
    assert (
        read_manifest(options.index_dir)["documents"] == read_manifest(full.index_dir)["documents"]
    )


def test_removing_unknown_or_every_report_is_refused(built_index: Path, tmp_path: Path) -> None:
    options = _options(tmp_path, "copy")
    shutil.copytree(built_index, options.index_dir)
    with pytest.raises(InvalidInputError, match="no indexed report"):
        remove_reports(["nope"], FakeEmbedder(64), options)
    every = [d.doc_id for d in load_index(options.index_dir).documents]
    with pytest.raises(InvalidInputError, match="empty index"):
        remove_reports(every, FakeEmbedder(64), options)


def _settings(index: Path, token: str | None) -> Settings:
    return Settings(index_dir=index, encoder="fake:64", api_token=token)


def test_reload_switches_to_the_new_version(seeds_dir: Path, tmp_path: Path) -> None:
    names = _names(seeds_dir)
    options = _options(tmp_path, "served")
    build_index(_copy(seeds_dir, tmp_path / "a", names[:4]), FakeEmbedder(64), options)
    auth = {"Authorization": "Bearer secret"}
    with TestClient(create_app(_settings(options.index_dir, "secret"))) as client:
        before = client.get("/v1/documents", headers=auth).json()
        add_reports(_copy(seeds_dir, tmp_path / "b", names[4:]), FakeEmbedder(64), options)
        assert client.get("/v1/documents", headers=auth).json() == before  # until reloaded
        response = client.post("/v1/admin/reload", headers=auth)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["version"], body["previous_version"], body["documents"]) == (2, 1, 5)
        listed = client.get("/v1/documents", headers=auth).json()
        assert len(str(listed)) > len(str(before))
        found = client.post("/v1/search", json={"query": "行政复议"}, headers=auth)
        assert found.status_code == 200


def test_a_failed_reload_keeps_the_version_served(seeds_dir: Path, tmp_path: Path) -> None:
    options = _options(tmp_path, "served")
    build_index(_copy(seeds_dir, tmp_path / "a", _names(seeds_dir)[:2]), FakeEmbedder(64), options)
    auth = {"Authorization": "Bearer secret"}
    with TestClient(create_app(_settings(options.index_dir, "secret"))) as client:
        (options.index_dir / "manifest.json").write_text("[]", encoding="utf-8")
        response = client.post("/v1/admin/reload", headers=auth)
        assert response.status_code == 409, response.text
        error = response.json()["error"]
        assert (error["code"], error["details"]["cause"]) == ("reload_failed", "index_corrupt")
        found = client.post("/v1/search", json={"query": "行政复议"}, headers=auth)
        assert found.status_code == 200 and found.json()["hits"]


def test_reload_needs_the_admin_token(built_index: Path) -> None:
    with TestClient(create_app(_settings(built_index, "secret"))) as client:
        response = client.post("/v1/admin/reload")
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
        wrong = client.post("/v1/admin/reload", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
    with TestClient(create_app(_settings(built_index, None))) as client:
        response = client.post("/v1/admin/reload")
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_a_build_of_an_unchanged_corpus_keeps_the_index(seeds_dir: Path, tmp_path: Path) -> None:
    files = _copy(seeds_dir, tmp_path / "src", _names(seeds_dir)[:2])
    options = BuildOptions(
        index_dir=tmp_path / "index", cache_path=tmp_path / "c.sqlite", keep_unchanged=True
    )
    first = build_index(files, FakeEmbedder(64), options)
    written = (options.index_dir / "manifest.json").stat().st_mtime_ns
    again = build_index(files, FakeEmbedder(64), options)
    assert (again.documents, again.passages, again.embedded) == (2, first.passages, 0)
    assert (options.index_dir / "manifest.json").stat().st_mtime_ns == written
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    changed = build_index(files, FakeEmbedder(64), options)
    assert changed.passages == first.passages + 1
    assert (options.index_dir / "manifest.json").stat().st_mtime_ns != written


def test_a_change_of_the_build_code_rebuilds_an_unchanged_corpus(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.build.builder as builder
    from index.build.freshness import build_code

    files = _copy(seeds_dir, tmp_path / "src", _names(seeds_dir)[:1])
    options = BuildOptions(
        index_dir=tmp_path / "index", cache_path=tmp_path / "c.sqlite", keep_unchanged=True
    )
    build_index(files, FakeEmbedder(64), options)
    assert read_manifest(options.index_dir)["build_code"] == build_code()
    written = (options.index_dir / "manifest.json").stat().st_mtime_ns
    monkeypatch.setattr(builder, "build_code", lambda: build_code() + "-changed")
    rebuilt = build_index(files, FakeEmbedder(64), options)
    assert (options.index_dir / "manifest.json").stat().st_mtime_ns != written
    assert read_manifest(options.index_dir)["build_code"].endswith("-changed")
    assert rebuilt.embedded == 0  # the vectors still come from the embedding cache


def test_the_build_code_digest_follows_every_source_file(tmp_path: Path) -> None:
    from index.build.freshness import source_digest

    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "chunk.py").write_text("SIZE = 300\n")
    (tmp_path / "data.txt").write_text("法治\n")
    first = source_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "chunk.cpython-311.pyc").write_bytes(b"\0")
    assert source_digest(tmp_path) == first  # compiled files do not count
    (tmp_path / "store" / "chunk.py").write_text("SIZE = 400\n")
    assert source_digest(tmp_path) != first


def test_bm25_from_ids_scores_like_bm25s_own_indexing(engine: Engine) -> None:
    from index.embed.representation import lexical_text
    from index.store.folder.files import make_bm25_index
    from index.store.lexical.lexicon import bm25_from_ids, encode
    from index.store.lexical.tokenize import bm25_tokens

    lists = [bm25_tokens(lexical_text(engine.documents[p.doc_id].meta, p)) for p in engine.passages]
    vocab: dict[str, int] = {}
    ours, theirs = bm25_from_ids(encode(lists, vocab), vocab), make_bm25_index(lists)
    for tokens in (["行政", "复议", "行政复议"], ["法律顾问", "律师", "法律"], ["的"]):
        np.testing.assert_allclose(ours.get_scores(tokens), theirs.get_scores(tokens), atol=1e-5)


def _wait_for(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_every_worker_follows_a_new_version(seeds_dir: Path, tmp_path: Path) -> None:
    """Two app instances stand for two uvicorn workers: the admin reload reaches one of them,
    the other switches by watching the index folder."""
    names = _names(seeds_dir)
    options = _options(tmp_path, "served")
    build_index(_copy(seeds_dir, tmp_path / "a", names[:4]), FakeEmbedder(64), options)
    settings = Settings(
        index_dir=options.index_dir, encoder="fake:64", api_token="secret", watch_index=0.2
    )
    auth = {"Authorization": "Bearer secret"}
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        assert one.get("/readyz").json()["documents"] == two.get("/readyz").json()["documents"] == 4
        add_reports(_copy(seeds_dir, tmp_path / "b", names[4:]), FakeEmbedder(64), options)
        assert one.post("/v1/admin/reload", headers=auth).json()["version"] == 2
        assert _wait_for(lambda: two.get("/readyz").json()["documents"] == 5)
        assert two.post("/v1/search", json={"query": "行政复议"}, headers=auth).status_code == 200
        (options.index_dir / "manifest.json").write_text("[]", encoding="utf-8")  # damaged
        time.sleep(1.0)
        assert two.get("/readyz").json()["documents"] == 5  # kept the version it had
