"""Tests of ``index.build.builder`` and ``index.store.folder.files``: manifest, load checks, atomic
writes, cache."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import index.store.folder.files as store
from index.build.builder import BuildOptions, BuildReport, build_index
from index.embed.embedders import FakeEmbedder
from index.errors import (
    BuildError,
    EncoderMismatchError,
    IndexCorruptError,
    IndexMissingError,
    LoadError,
    StorageError,
)
from index.models import Passage
from index.store.folder.digests import file_hashes
from index.store.folder.files import load_index, read_manifest
from qa import Engine
from qa.retrieve.fusion import FusionConfig

TWO_SEEDS = ("001_309042e87f77b6c8.txt", "003_fbe45d23903cb0be.txt")
NEW_REPORT = (
    "测试镇2023年度法治政府建设情况报告\n一、主要举措和成效\n"
    "（一）加强行政复议工作。全年办理行政复议案件12件，全部依法按期办结。\n"
    "（二）推进公共法律服务。建成村级公共法律服务工作室9个，提供法律咨询300余次。\n"
)


def _sources(tmp_path: Path, seeds_dir: Path, names: tuple[str, ...] = TWO_SEEDS) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(seeds_dir / name, src / name)
    return src


def _build(src: Path, tmp_path: Path, embedder=None, cache: bool = True) -> BuildReport:
    options = BuildOptions(
        index_dir=tmp_path / "index", cache_path=tmp_path / "cache.sqlite" if cache else None
    )
    return build_index([src], embedder or FakeEmbedder(64), options)


@pytest.fixture
def index_copy(built_index: Path, tmp_path: Path) -> Path:
    """A private copy of the session index, free to damage."""
    return Path(shutil.copytree(built_index, tmp_path / "index"))


def _leftovers(index_dir: Path) -> list[str]:
    """Hidden leftovers beside the index (the build lock file stays, by design)."""
    hidden = (p.name for p in index_dir.parent.iterdir() if p.name.startswith("."))
    return sorted(name for name in hidden if not name.endswith(".lock"))


# --- manifest ------------------------------------------------------------------------------


def test_manifest_describes_the_build(built_index: Path, seed_texts: dict[str, str]) -> None:
    manifest = read_manifest(built_index)
    assert manifest["encoder"] == "fake:64" and manifest["dim"] == 64
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert {"faiss-cpu", "bm25s", "jieba", "numpy"} <= set(manifest["versions"])
    assert manifest["created_at"][:2] == "20" and "T" in manifest["created_at"]
    hashes = {k: hashlib.sha256(t.encode()).hexdigest() for k, t in seed_texts.items()}
    assert manifest["documents"] == hashes
    assert {store.FAISS_FILE, store.PASSAGES_FILE, store.DOCUMENTS_FILE} <= set(manifest["files"])
    assert {store.WINDOWS_FILE, store.WINDOW_ROWS_FILE} <= set(manifest["files"])
    assert manifest["windows"] > 0 and manifest["window_chars"] == 100


def test_built_index_loads_consistently(built_index: Path, built_index_report: BuildReport) -> None:
    stored = load_index(built_index)
    assert len(stored.documents) == built_index_report.documents == 5
    assert len(stored.passages) == built_index_report.passages == stored.dense.ntotal
    texts = {d.doc_id: d.text for d in stored.documents}
    assert all(p.text == texts[p.doc_id][p.start : p.end] for p in stored.passages)
    assert (
        len(stored.windows.rows)
        == len(stored.windows.vectors)
        == read_manifest(built_index)["windows"]
    )
    assert built_index_report.embedded == built_index_report.passages + len(stored.windows.rows)
    assert not built_index_report.skipped


# --- damaged, missing, mismatched ----------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / store.PASSAGES_FILE).write_bytes(
            (d / store.PASSAGES_FILE).read_bytes()[:-50]
        ),
        lambda d: (d / store.PASSAGES_FILE).write_text(
            (d / store.PASSAGES_FILE).read_text("utf-8").replace("法治", "法制", 1), "utf-8"
        ),
        lambda d: (d / store.FAISS_FILE).unlink(),
        lambda d: (d / store.DOCUMENTS_FILE).write_text("", "utf-8"),
        lambda d: (d / store.MANIFEST).write_text("{not json", "utf-8"),
        lambda d: (d / store.MANIFEST).write_text(json.dumps({"format_version": 99}), "utf-8"),
    ],
    ids=["truncated", "altered", "no-faiss", "empty-docs", "bad-manifest", "old-format"],
)
def test_damaged_index_is_reported_with_rebuild_hint(index_copy: Path, damage) -> None:
    damage(index_copy)
    with pytest.raises(IndexCorruptError) as info:
        load_index(index_copy)
    assert "rebuild" in info.value.message
    with pytest.raises(IndexCorruptError):
        Engine.load(index_copy, encoder="fake:64")


def _rehash(index_dir: Path) -> None:
    manifest = json.loads((index_dir / store.MANIFEST).read_text("utf-8"))
    manifest["files"] = file_hashes(index_dir)
    (index_dir / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")


def test_vector_count_mismatch_is_corrupt(index_copy: Path) -> None:
    lines = (index_copy / store.PASSAGES_FILE).read_text("utf-8").splitlines(keepends=True)
    (index_copy / store.PASSAGES_FILE).write_text("".join(lines[:-1]), "utf-8")
    _rehash(index_copy)  # the hashes agree, the contents do not
    with pytest.raises(IndexCorruptError, match="rebuild"):
        load_index(index_copy)


@pytest.mark.parametrize(
    ("rows", "fault"),
    [
        (lambda r: r[:-1], "window vectors"),
        (lambda r: r + 10_000, "windows of passages it does not hold"),
        (lambda r: r - 10_000, "windows of passages it does not hold"),
    ],
    ids=["count", "past-the-end", "negative"],
)
def test_window_rows_that_do_not_fit_are_corrupt(index_copy: Path, rows, fault: str) -> None:
    path = index_copy / store.WINDOW_ROWS_FILE
    np.save(path, rows(np.load(path)))
    _rehash(index_copy)
    with pytest.raises(IndexCorruptError, match=fault):
        load_index(index_copy)


def test_unreadable_file_with_matching_hash_is_corrupt(index_copy: Path) -> None:
    (index_copy / store.FAISS_FILE).write_bytes(b"not a faiss index")
    _rehash(index_copy)
    with pytest.raises(IndexCorruptError):
        load_index(index_copy)


def test_unreadable_file_message_mentions_rebuild(index_copy: Path) -> None:
    (index_copy / store.FAISS_FILE).write_bytes(b"not a faiss index")
    _rehash(index_copy)
    with pytest.raises(IndexCorruptError) as info:
        load_index(index_copy)
    assert "rebuild" in info.value.message


def test_missing_index(tmp_path: Path) -> None:
    for path in (tmp_path / "nothing-here", tmp_path):
        with pytest.raises(IndexMissingError, match="fazhi-qa build"):
            load_index(path)
        with pytest.raises(IndexMissingError):
            Engine.load(path, encoder="fake:64")


def test_encoder_mismatch(built_index: Path) -> None:
    with pytest.raises(EncoderMismatchError) as info:
        Engine.load(built_index, encoder="fake:32")
    assert info.value.details == {"index_encoder": "fake:64", "configured": "fake:32"}
    with pytest.raises(EncoderMismatchError):
        Engine(load_index(built_index), FakeEmbedder(32), FusionConfig())


# --- atomic rebuild ------------------------------------------------------------------------


class _FailingEmbedder(FakeEmbedder):
    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("encoder crashed")


def test_failed_write_keeps_previous_index(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _sources(tmp_path, seeds_dir)
    first = _build(src, tmp_path)
    before = read_manifest(first.index_dir)
    (src / "new.txt").write_text(NEW_REPORT, "utf-8")

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.faiss, "write_index", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _build(src, tmp_path)
    monkeypatch.undo()
    assert read_manifest(first.index_dir) == before
    assert len(load_index(first.index_dir).documents) == 2
    assert _leftovers(first.index_dir) == []


def test_failed_embedding_keeps_previous_index(tmp_path: Path, seeds_dir: Path) -> None:
    src = _sources(tmp_path, seeds_dir)
    first = _build(src, tmp_path, cache=False)
    with pytest.raises(RuntimeError, match="encoder crashed"):
        _build(src, tmp_path, embedder=_FailingEmbedder(64), cache=False)
    assert len(load_index(first.index_dir).passages) == first.passages
    assert _leftovers(first.index_dir) == []


def test_failed_swap_keeps_previous_index(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _sources(tmp_path, seeds_dir)
    first = _build(src, tmp_path)
    rename = Path.rename

    def flaky(self: Path, target: Path) -> Path:
        if ".tmp-" in self.name:
            raise OSError("rename failed")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", flaky)
    with pytest.raises(StorageError, match="rename failed"):  # an OSError, told as a message
        _build(src, tmp_path)
    monkeypatch.undo()
    assert len(load_index(first.index_dir).documents) == 2
    assert _leftovers(first.index_dir) == []


def test_index_left_aside_is_recovered(
    tmp_path: Path, seeds_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    src = _sources(tmp_path, seeds_dir)
    first = _build(src, tmp_path)
    index_dir = first.index_dir.resolve()
    aside = index_dir.parent / f".{index_dir.name}.old-deadbeef"
    index_dir.rename(aside)
    with caplog.at_level("WARNING", logger="index.store.folder.files"):
        manifest = read_manifest(first.index_dir)
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert index_dir.is_dir() and not aside.exists()
    assert "recovered" in caplog.text
    assert len(load_index(first.index_dir).documents) == 2


def test_missing_index_without_leftover_stays_missing(tmp_path: Path) -> None:
    (tmp_path / ".other.old-12345678").mkdir()
    with pytest.raises(IndexMissingError):
        read_manifest(tmp_path / "index")
    assert not (tmp_path / "index").exists()


# --- embedding cache -----------------------------------------------------------------------


def test_cache_reuses_embeddings_and_embeds_only_new_reports(
    tmp_path: Path, seeds_dir: Path
) -> None:
    src = _sources(tmp_path, seeds_dir)
    first = _build(src, tmp_path)
    texts = first.passages + first.windows
    assert first.windows > 0 and (first.embedded, first.cached) == (texts, 0)
    vectors = load_index(first.index_dir).dense.reconstruct_n(0, first.passages)
    windows = load_index(first.index_dir).windows.vectors
    second = _build(src, tmp_path)
    assert (second.embedded, second.cached) == (0, texts)
    again = load_index(second.index_dir)
    np.testing.assert_array_equal(vectors, again.dense.reconstruct_n(0, second.passages))
    np.testing.assert_array_equal(windows, again.windows.vectors)
    (src / "new.txt").write_text(NEW_REPORT, "utf-8")
    third = _build(src, tmp_path)
    assert third.documents == 3
    assert third.embedded == third.passages + third.windows - texts > 0
    assert third.cached == texts
    other = _build(src, tmp_path, embedder=FakeEmbedder(32))  # cache keys include the encoder
    assert other.embedded == other.passages + other.windows


# --- unreadable sources --------------------------------------------------------------------


def test_unreadable_files_are_skipped_and_reported(tmp_path: Path, seeds_dir: Path) -> None:
    src = _sources(tmp_path, seeds_dir)
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.docx").write_bytes(b"PK not really a docx")
    report = _build(src, tmp_path)
    assert report.documents == 2
    assert sorted(s.source for s in report.skipped) == ["binary.txt", "broken.docx", "empty.txt"]
    assert all(s.reason for s in report.skipped)
    assert {d.source for d in load_index(report.index_dir).documents} == set(TWO_SEEDS)


def test_build_without_readable_file_fails(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "furniture.txt").write_text("扫一扫在手机打开当前页面\n打印本页\n", "utf-8")
    with pytest.raises(BuildError) as info:
        _build(src, tmp_path)
    assert {s["source"] for s in info.value.details["skipped"]} == {"empty.txt", "furniture.txt"}
    assert not (tmp_path / "index").exists()
    with pytest.raises(LoadError, match="does not exist"):
        _build(tmp_path / "missing", tmp_path)


def test_a_passage_survives_its_round_trip_through_the_index_files() -> None:
    """Every field is written and read back (a field added later must not be dropped)."""
    from dataclasses import fields

    passage = Passage(
        passage_id="p1",
        doc_id="d1",
        paragraph=3,
        part=1,
        heading_path=("一、总体情况", "（一）加强执法"),
        start=10,
        end=30,
        text="（一）加强执法队伍建设，组织执法人员培训不少于6次。",
        kind="heading",
    )
    assert set(passage.to_dict()) == {f.name for f in fields(Passage)}
    assert Passage.from_dict(passage.to_dict()) == passage


def test_a_view_of_the_vectors_keeps_its_index_alive() -> None:
    import gc

    import faiss

    from index.store.vector.vectors import row_vectors

    index = faiss.IndexFlatIP(4)
    index.add(np.eye(4, dtype=np.float32))
    view = row_vectors(index)
    del index
    gc.collect()
    np.testing.assert_array_equal(view, np.eye(4, dtype=np.float32))
