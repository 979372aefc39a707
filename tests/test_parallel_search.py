"""A question's searches side by side (``qa.retrieve.parallel``), FAISS's OpenMP threads while
it searches (``index.store.vector.dense.one_thread``) and files read by position
(``index.store.folder.filebytes``)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import faiss
import pytest

import qa.retrieve.parallel as parallel
from index.store.folder.filebytes import FileBytes
from index.store.vector.dense import one_thread
from qa import Engine
from qa.retrieve.fusion import FusionConfig
from qa.retrieve.retriever import HybridRetriever


def test_side_by_side_keeps_the_order_of_the_calls() -> None:
    threads: dict[int, str] = {}

    def call(value: int):
        def run() -> int:
            threads[value] = threading.current_thread().name
            return value

        return run

    assert parallel.side_by_side([call(i) for i in range(5)]) == [0, 1, 2, 3, 4]
    if parallel.WORKERS > 0:
        assert threads[0] == threading.current_thread().name  # the first in the caller's thread


def test_side_by_side_raises_what_a_call_raised() -> None:
    def fails() -> int:
        raise ValueError("no index")

    with pytest.raises(ValueError, match="no index"):
        parallel.side_by_side([lambda: 1, fails, lambda: 3])


@pytest.mark.parametrize("query", ["独流镇行政复议工作", "普法方面存在哪些不足？"])
def test_searches_side_by_side_rank_as_one_after_the_other(
    engine: Engine, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    retriever = HybridRetriever(engine.stored, engine.embedder, FusionConfig(exact_rows=0))
    info = engine.analyzer.analyze(query)
    monkeypatch.setattr(parallel, "WORKERS", 0)
    alone = retriever.retrieve(info)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    together = retriever.retrieve(info)
    assert [(c.row, c.fused) for c in together] == [(c.row, c.fused) for c in alone]


def test_one_thread_puts_back_the_thread_s_setting() -> None:
    before = faiss.omp_get_max_threads()
    with one_thread():
        assert faiss.omp_get_max_threads() == 1
    assert faiss.omp_get_max_threads() == before


def test_file_bytes_reads_slices_and_outlives_a_removed_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    data = "第一行\n第二行 more\n".encode() * 50
    path.write_bytes(data)
    read = FileBytes(path)
    assert len(read) == len(data)
    assert read[3:40] == data[3:40]
    assert read[len(data) - 5 : len(data) + 10] == data[-5:]
    assert read[10:10] == b""
    os.remove(path)  # a replaced version stays readable by a process holding it
    assert read[0 : len(data)] == data
    with pytest.raises(ValueError):
        read[0:10:2]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_child_searches_side_by_side_with_a_pool_of_its_own() -> None:
    parallel.side_by_side([lambda: 1, lambda: 2])  # the parent's pool and its threads exist
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's answer comes back through the pipe
        try:
            os.write(write, bytes(parallel.side_by_side([lambda: 3, lambda: 4])))
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(child, 0)
    assert os.read(read, 8) == bytes([3, 4]) and status == 0
