"""The FAISS index kinds: which one a size gets, the 8-bit graph (``hnswsq``) and its scores
from the codes, reading it back memory-mapped, growing it, and the format check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.build.updating import _grown
from index.errors import IndexCorruptError
from index.store.folder import files as store
from index.store.vector.codes import CodeScorer
from index.store.vector.dense import DenseSide, search_breadth
from index.store.vector.vectors import (
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


def test_the_8bit_graph_is_searched_with_its_float_vectors_kept(sq_index) -> None:
    assert isinstance(sq_index, faiss.IndexRefine)
    graph = hnsw_of(sq_index)
    assert isinstance(graph, faiss.IndexHNSWSQ)
    assert graph.hnsw.efSearch >= HNSW_EF_SEARCH
    assert kind_of(sq_index) == "hnswsq"


def test_the_float_vectors_are_read_in_place(sq_index, vectors: np.ndarray) -> None:
    np.testing.assert_array_equal(row_vectors(sq_index), vectors)


def test_candidates_come_with_the_scores_of_their_codes(sq_index, vectors: np.ndarray) -> None:
    side = DenseSide(sq_index)
    for query in _vectors(5, seed=1):
        found, ids = side.search(query, 50)
        exact = vectors @ query
        np.testing.assert_allclose(found, exact[ids], rtol=0, atol=5e-3)  # 8-bit codes
        np.testing.assert_allclose(side.scores(query, ids), found, rtol=0, atol=1e-5)
        assert list(found) == sorted(found, reverse=True)
        coded = side.all_scores(query)  # 3,000 vectors: the codes' best all found
        assert set(ids[:10]) == set(np.argsort(-coded)[:10])
        assert len(set(ids[:10]) & set(np.argsort(-exact)[:10])) >= 8


def test_a_flat_index_scores_exactly(vectors: np.ndarray) -> None:
    side = DenseSide(make_faiss_index(vectors, "flat"))
    query = vectors[11]
    found, ids = side.search(query, 5)
    np.testing.assert_allclose(found, (vectors @ query)[ids], rtol=0, atol=1e-6)
    np.testing.assert_allclose(side.all_scores(query), vectors @ query, rtol=0, atol=1e-6)


def test_a_filter_goes_into_the_graph_search(
    sq_index, vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.store.vector.dense.EXACT_SUBSET", 0)
    side = DenseSide(sq_index)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[::5] = True
    query = vectors[7]
    found, ids = side.search(query, 10, allowed)
    assert allowed[ids].all()
    rows = np.flatnonzero(allowed)
    assert ids.tolist() == rows[np.argsort(-side.scores(query, rows))[:10]].tolist()
    low, low_ids = side.lowest(query, 3)
    assert low[0] == pytest.approx(float(side.all_scores(query).min()), abs=1e-5)


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


def test_the_codes_are_read_in_place_and_decode_as_faiss_decodes(sq_index) -> None:
    scorer = CodeScorer.of(sq_index)
    assert scorer is not None and len(scorer) == sq_index.ntotal
    storage = faiss.downcast_index(hnsw_of(sq_index).storage)
    assert scorer.codes.ctypes.data == int(storage.codes.data())  # a view, not a copy
    ids = np.array([2999, 0, 17, 17, 1234])
    decoded = storage.sa_decode(np.ascontiguousarray(scorer.codes[ids]))
    query = _vectors(1, seed=3)[0]
    np.testing.assert_allclose(scorer.scores(query, ids), decoded @ query, atol=1e-6)
    np.testing.assert_allclose(scorer.all_scores(query)[ids], decoded @ query, atol=1e-6)
    assert CodeScorer.of(make_faiss_index(_vectors(10), "flat")) is None


def test_larger_graphs_are_searched_more_widely() -> None:
    from index.store.vector.vectors import EF_SEARCH_FROM, ef_search_for

    sizes = [1_000, EF_SEARCH_FROM, 300_000, 1_000_000, 2_000_000]
    breadths = [ef_search_for(n) for n in sizes]
    assert breadths[:2] == [HNSW_EF_SEARCH, HNSW_EF_SEARCH]
    assert breadths == sorted(breadths) and len(set(breadths)) == 4
    assert 1536 <= ef_search_for(300_000) <= 2048  # measured: 0.982 at 1536 (300k passages)
    assert ef_search_for(1_000_000) >= 3072  # measured: 0.984 at 3072 (1M passages)
    assert all(b % 64 == 0 for b in breadths)


def test_rows_are_scored_in_blocks_as_all_at_once(sq_index) -> None:
    from index.store.vector import codes

    scorer = CodeScorer.of(sq_index)
    assert scorer is not None
    ids = np.random.default_rng(5).permutation(sq_index.ntotal)[: 3 * codes.BLOCK + 7]
    query = _vectors(1, seed=4)[0]
    weights, offset = scorer._weights(query)
    at_once = scorer.codes[ids].astype(np.float32) @ weights + np.float32(offset)
    np.testing.assert_allclose(scorer.scores(query, ids), at_once, rtol=0, atol=1e-6)
    np.testing.assert_allclose(scorer.scores(query, ids[:1]), at_once[:1], rtol=0, atol=1e-6)
    assert scorer.scores(query, ids[:0]).shape == (0,)


def test_the_search_breadth_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.config import Settings

    vectors = _vectors(400)
    index = make_faiss_index(vectors, "hnswsq")
    assert hnsw_of(DenseSide(index, 2048).index).hnsw.efSearch == 2048
    monkeypatch.setenv("FAZHI_HNSW_EF_SEARCH", "3072")
    assert Settings().hnsw_ef_search == 3072
    monkeypatch.setenv("FAZHI_HNSW_EF_SEARCH", "3")
    with pytest.raises(ValueError):
        Settings()
