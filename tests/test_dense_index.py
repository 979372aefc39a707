"""The FAISS index kinds: which one a size gets, the 8-bit graph (``hnswsq``) and its exact
re-scoring, reading it back memory-mapped, growing it, and the format check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.build.updating import _grown
from index.errors import IndexCorruptError
from index.store import files as store
from index.store.dense import DenseSide, search_breadth
from index.store.vectors import (
    HNSW_EF_SEARCH,
    HNSW_FROM,
    hnsw_of,
    kind_of,
    make_faiss_index,
    read_faiss_index,
    resolve_kind,
    row_vectors,
)


def _vectors(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return _vectors(3000)


@pytest.fixture(scope="module")
def sq_index(vectors: np.ndarray, tmp_path_factory: pytest.TempPathFactory):  # -> faiss.Index
    """An ``hnswsq`` index written and read back as the engine reads it (memory-mapped)."""
    path = tmp_path_factory.mktemp("sq") / "dense.faiss"
    faiss.write_index(make_faiss_index(vectors, "hnswsq"), str(path))
    return read_faiss_index(str(path))


def test_the_kind_follows_the_size_unless_set() -> None:
    assert resolve_kind("auto", HNSW_FROM - 1) == "flat"
    assert resolve_kind("auto", HNSW_FROM) == "hnswsq"
    for kind in ("flat", "hnsw", "hnswsq", "ivf"):
        assert resolve_kind(kind, 10) == kind
    with pytest.raises(ValueError, match="hnswsq"):
        resolve_kind("pq", 10)


def test_small_corpora_keep_exact_search(vectors: np.ndarray) -> None:
    index = make_faiss_index(vectors)
    assert isinstance(index, faiss.IndexFlatIP)
    assert kind_of(index) == "flat" and hnsw_of(index) is None


def test_the_8bit_graph_is_searched_and_the_float_vectors_rescore(sq_index) -> None:
    assert isinstance(sq_index, faiss.IndexRefine)
    graph = hnsw_of(sq_index)
    assert isinstance(graph, faiss.IndexHNSWSQ)
    assert graph.hnsw.efSearch >= HNSW_EF_SEARCH
    assert kind_of(sq_index) == "hnswsq"


def test_the_float_vectors_are_read_in_place(sq_index, vectors: np.ndarray) -> None:
    np.testing.assert_array_equal(row_vectors(sq_index), vectors)


def test_candidates_come_with_their_exact_scores(sq_index, vectors: np.ndarray) -> None:
    side = DenseSide(sq_index)
    for query in _vectors(5, seed=1):
        found, ids = side.search(query, 50)
        exact = vectors @ query
        np.testing.assert_allclose(found, exact[ids], rtol=0, atol=1e-5)
        np.testing.assert_allclose(side.scores(query, ids), exact[ids], rtol=0, atol=1e-6)
        assert list(found) == sorted(found, reverse=True)
        assert set(ids[:10]) == set(np.argsort(-exact)[:10])  # 3,000 vectors: all found


def test_a_filter_goes_into_the_graph_search(
    sq_index, vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.store.dense.EXACT_SUBSET", 0)
    side = DenseSide(sq_index)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[::5] = True
    query = vectors[7]
    found, ids = side.search(query, 10, allowed)
    assert allowed[ids].all()
    rows = np.flatnonzero(allowed)
    assert ids.tolist() == rows[np.argsort(-(vectors[rows] @ query))[:10]].tolist()
    low, low_ids = side.lowest(query, 3)
    assert low[0] == pytest.approx(float((vectors @ query).min()), abs=1e-5)


def test_fewer_results_search_less_widely() -> None:
    assert search_breadth(512, 100) == search_breadth(512, 300) == 512
    assert search_breadth(512, 1000) == 1000
    assert 8 <= search_breadth(512, 8) < 512


def test_a_grown_8bit_index_keeps_its_kind(sq_index, vectors: np.ndarray, tmp_path: Path) -> None:
    path = tmp_path / "dense.faiss"
    faiss.write_index(sq_index, str(path))
    added = _vectors(40, seed=2)
    grown = _grown(sq_index, np.arange(len(vectors)), added, "hnswsq", path)
    assert kind_of(grown) == "hnswsq" and grown.ntotal == len(vectors) + 40
    np.testing.assert_array_equal(row_vectors(grown)[-40:], added)
    found, ids = DenseSide(grown).search(added[3], 1)
    assert ids[0] == len(vectors) + 3


def test_an_index_of_the_previous_format_asks_for_a_rebuild(
    built_index: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "old"
    shutil.copytree(built_index, copy)
    manifest = json.loads((copy / store.MANIFEST).read_text("utf-8"))
    manifest["format_version"] = store.FORMAT_VERSION - 1
    (copy / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexCorruptError, match=r"fazhi-qa build --force"):
        store.load_index(copy)


def test_the_engine_over_8bit_graphs_ranks_like_exact_scoring(
    seeds_dir: Path, tmp_path: Path
) -> None:
    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import FakeEmbedder
    from qa import Engine
    from qa.retrieve.retriever import FusionConfig, HybridRetriever

    options = BuildOptions(index_dir=tmp_path / "index", index_type="hnswsq")
    build_index([seeds_dir], FakeEmbedder(64), options)
    engine = Engine.load(tmp_path / "index", encoder="fake:64")
    assert kind_of(engine.stored.dense) == kind_of(engine.stored.windows_index) == "hnswsq"
    exact = HybridRetriever(engine.stored, engine.embedder, FusionConfig(candidates=20))
    indexed = HybridRetriever(
        engine.stored, engine.embedder, FusionConfig(candidates=20, exact_rows=0)
    )
    for text in ("推进行政执法三项制度和法律顾问工作", "独流镇行政复议工作", "普法有哪些不足？"):
        info = engine.analyzer.analyze(text)
        want, got = exact.retrieve(info)[:10], indexed.retrieve(info)[:10]
        assert [c.row for c in got] == [c.row for c in want]
        assert [c.fused for c in got] == pytest.approx([c.fused for c in want], abs=1e-5)


def test_rows_of_a_mapped_file_are_read_without_the_map(sq_index, vectors: np.ndarray) -> None:
    from index.store.vectors import MappedRows

    rows = MappedRows.of(row_vectors(sq_index))
    assert rows is not None  # read memory-mapped from its file
    ids = np.array([2999, 0, 17, 17, 1234])
    np.testing.assert_array_equal(rows[ids], vectors[ids])
    assert MappedRows.of(np.ascontiguousarray(vectors)) is None  # in memory: read in place
