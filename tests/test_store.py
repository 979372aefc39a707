"""The store boundary (``index.store.protocol``): the same answers from the local folder, from
Milvus Lite in this process (a ``.db``) and from Milvus Lite's gRPC server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.embed.embedders import FakeEmbedder
from index.store.folder.files import load_index
from index.store.local import LocalStore
from index.store.milvus.client import forget
from index.store.milvus.publish import publish
from index.store.milvus.store import MilvusStore
from index.store.protocol import IndexStore
from qa import Engine
from qa.retrieve.fusion import FusionConfig
from tests.conftest import FAKE_DIM
from tests.milvus_helpers import LiteServer, lite_address

KINDS = ["local", "lite-db", "lite-server"]
QUERIES = ["推进行政执法三项制度", "独流镇法律顾问", "2024年行政复议工作", "普法方面存在哪些不足？"]
TOKENS = ["行政复议", "行政", "复议", "法律顾问", "法律", "法律"]


@pytest.fixture(scope="module")
def local(built_index: Path) -> LocalStore:
    return LocalStore(load_index(built_index))


@pytest.fixture(scope="module")
def lite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiteServer]:
    server = LiteServer(tmp_path_factory.mktemp("milvus-server"))
    yield server
    forget(server.address())
    server.stop()


@pytest.fixture(scope="module", params=KINDS)
def store(
    request: pytest.FixtureRequest,
    local: LocalStore,
    tmp_path_factory: pytest.TempPathFactory,
) -> IndexStore:
    if request.param == "local":
        return local
    if request.param == "lite-db":
        address = lite_address(tmp_path_factory.mktemp("milvus-db"))
    else:
        address = request.getfixturevalue("lite_server").address()
    publish(local.index, address)
    return MilvusStore(address)


def test_it_is_an_index_store(store: IndexStore, local: LocalStore) -> None:
    assert isinstance(store, IndexStore)
    assert store.counts() == local.counts()
    assert store.version == store.latest_version()
    assert store.manifest["encoder"] == local.manifest["encoder"]


def test_documents_passages_and_windows_are_the_folders(
    store: IndexStore, local: LocalStore
) -> None:
    assert tuple(store.documents) == tuple(local.documents)
    assert tuple(store.passages) == tuple(local.passages)
    assert store.window_rows.tolist() == local.window_rows.tolist()


def test_dense_scores_and_candidates(store: IndexStore, local: LocalStore) -> None:
    vector = FakeEmbedder(FAKE_DIM).embed_queries(["行政复议"])[0]
    for kind in ("passage", "window"):
        full = store.dense_scores(kind, vector, None)
        assert full == pytest.approx(local.dense_scores(kind, vector, None), abs=1e-5)
        ids = np.array([4, 0, 9, 4])
        assert store.dense_scores(kind, vector, ids) == pytest.approx(full[ids], abs=1e-5)
        found = store.dense_search(kind, vector, 5)
        assert found.ids.tolist() == np.argsort(-full, kind="stable")[:5].tolist()
    allowed = np.zeros(len(local.passages), dtype=bool)
    allowed[::3] = True
    found = store.dense_search("passage", vector, 5, allowed)
    assert all(allowed[found.ids]) and found.ids.size == 5
    windows = store.dense_search("window", vector, 5, allowed)
    assert all(allowed[store.window_rows[windows.ids]])


def test_a_filter_of_whole_reports(store: IndexStore, local: LocalStore) -> None:
    vector = FakeEmbedder(FAKE_DIM).embed_queries(["法律顾问"])[0]
    doc = local.passages[0].doc_id
    allowed = np.array([p.doc_id == doc for p in local.passages])
    found = store.dense_search("passage", vector, 200, allowed)
    assert sorted(found.ids.tolist()) == np.flatnonzero(allowed).tolist()
    lexical = store.lexical_search(TOKENS, 200, allowed)
    assert set(lexical.rows.tolist()) <= set(np.flatnonzero(allowed).tolist())


def test_bm25_scores_candidates_and_report_facts(store: IndexStore, local: LocalStore) -> None:
    full = store.lexical_scores(TOKENS, None)
    assert full == pytest.approx(local.lexical_scores(TOKENS, None), abs=1e-4)
    rows = np.array([5, 0, 17, len(full) - 1, 3])
    assert store.lexical_scores(TOKENS, rows) == pytest.approx(full[rows], abs=1e-4)
    found, want = store.lexical_search(TOKENS, 5), local.lexical_search(TOKENS, 5)
    assert found.rows.tolist() == want.rows.tolist()
    assert found.floor == pytest.approx(want.floor)
    for tokens in (["复议"], ["行政", "复议"], ["岔河", "法律"]):
        assert set(store.reports_with(tokens)) >= set(local.reports_with(tokens))
        assert store.reports_with(tokens).tolist() == sorted(store.reports_with(tokens).tolist())
    assert store.reports_with(["复议", "没有这个词"]).size == 0
    assert store.reports_with(["复议", "没有这个词"], every=False).size > 0
    assert sorted(store.vocabulary()) == sorted(local.vocabulary())
    assert store.lexical_scores([], None).max() == 0


@pytest.mark.parametrize("exact_rows", [5000, 0])
def test_an_engine_answers_the_same(store: IndexStore, local: LocalStore, exact_rows: int) -> None:
    """Every passage scored (``exact_rows`` 5000) or candidates from the indexes (0)."""
    config = FusionConfig(exact_rows=exact_rows)
    on_store = Engine(store, FakeEmbedder(FAKE_DIM), config)
    on_folder = Engine(local, FakeEmbedder(FAKE_DIM), config)
    for query in QUERIES:
        got, want = on_store.search(query, top_k=5), on_folder.search(query, top_k=5)
        assert [h.passage_id for h in got.hits] == [h.passage_id for h in want.hits]
        assert [h.score for h in got.hits] == pytest.approx([h.score for h in want.hits], abs=1e-4)
        asked, expected = on_store.ask(query), on_folder.ask(query)
        assert (asked.answerable, asked.answer) == (expected.answerable, expected.answer)
    filtered = on_store.search("行政复议", filters={"year": 2023})
    assert filtered.hits and all(h.year == 2023 for h in filtered.hits)


def test_report_facts_need_no_sort_when_rows_go_report_by_report(local: LocalStore) -> None:
    assert local._reports_ascend  # a build writes the passages report by report
    for tokens in (["复议"], ["行政", "复议"], ["法律"]):
        rows = np.unique(
            np.concatenate([local.lexical.postings(t) for t in local.lexical.token_ids(tokens)])
        )
        everywhere = np.unique(local.doc_of_row[rows])
        found = local.reports_with(tokens, every=False)
        assert found.tolist() == everywhere.tolist()
        assert set(local.reports_with(tokens)) <= set(everywhere.tolist())


def test_report_runs_are_the_reports_with_a_few_rows_at_a_time(
    local: LocalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("index.store.local.RUN", 3)  # many runs even in the small index
    for tokens in (["复议"], ["行政", "复议"], ["法律", "顾问"], ["复议", "没有这个词"], []):
        for every in (True, False):
            runs = list(local.report_runs(tokens, every))
            assert all(run.tolist() == sorted(run.tolist()) for run in runs)
            found = np.unique(np.concatenate([np.zeros(0, np.int64), *runs]))
            assert found.tolist() == local.reports_with(tokens, every).tolist()
    assert len(list(local.report_runs(["复议"]))) > 1
