"""Candidates from the indexes (``qa.retrieve.retriever`` above ``exact_rows``) against exact
scoring."""

from __future__ import annotations

import numpy as np
import pytest

from index.store.lexical.bm25 import LexicalSide
from index.store.vector.dense import DenseSide
from qa import Engine
from qa.retrieve.fusion import FusionConfig
from qa.retrieve.retriever import HybridRetriever

QUERIES = [
    "推进行政执法三项制度和法律顾问工作",
    "独流镇行政复议工作",
    "2024年行政复议工作",
    "普法方面存在哪些不足？",
    "岔河镇下一步有什么打算？",
    "legal advisers and administrative review",
    "which firm does the town retain",
]


def _pair(engine: Engine, **config: object) -> tuple[HybridRetriever, HybridRetriever]:
    exact = HybridRetriever(engine.stored, engine.embedder, FusionConfig(**config))  # type: ignore[arg-type]
    indexed = HybridRetriever(
        engine.stored,
        engine.embedder,
        FusionConfig(**{**config, "exact_rows": 0}),  # type: ignore[arg-type]
    )
    return exact, indexed


@pytest.mark.parametrize("query", QUERIES)
def test_candidates_rank_the_top_like_exact_scoring(engine: Engine, query: str) -> None:
    exact, indexed = _pair(engine, candidates=20)
    info = engine.analyzer.analyze(query)
    want, got = exact.retrieve(info)[:10], indexed.retrieve(info)[:10]
    assert [c.row for c in got] == [c.row for c in want]
    assert [c.fused for c in got] == pytest.approx([c.fused for c in want], abs=1e-5)


def test_candidates_keep_to_the_filter(engine: Engine) -> None:
    exact, indexed = _pair(engine, candidates=20)
    info = engine.analyzer.analyze("推进行政执法三项制度")
    allowed = np.array([p.paragraph % 2 == 0 for p in engine.passages])
    got = indexed.retrieve(info, allowed)
    assert got and all(allowed[c.row] for c in got)
    assert [c.row for c in got[:10]] == [c.row for c in exact.retrieve(info, allowed)[:10]]


def test_lexical_scores_of_chosen_rows_are_the_full_scores(engine: Engine) -> None:
    side = LexicalSide(engine.stored.bm25)
    ids = side.token_ids(engine.analyzer.analyze("行政复议 法律顾问 三项制度").lexical)
    full = side.all_scores(ids)
    rows = np.array([5, 0, 17, len(full) - 1, 3])
    assert side.scores(ids, rows) == pytest.approx(full[rows], abs=1e-5)
    best, chosen, floor = side.search(ids, 5)
    assert best.tolist() == pytest.approx(sorted(full, reverse=True)[:5], abs=1e-5)
    assert floor == pytest.approx(float(full.min()))


def test_dense_search_with_a_filter_finds_the_best_allowed(engine: Engine) -> None:
    side = DenseSide(engine.stored.dense)
    vector = engine.retriever.query_vector("行政复议")
    scores = side.vectors @ vector
    allowed = np.zeros(len(side), dtype=bool)
    allowed[::3] = True
    found, ids = side.search(vector, 5, allowed)
    assert all(allowed[ids])
    assert ids[0] == int(np.flatnonzero(allowed)[np.argmax(scores[allowed])])
    low, low_ids = side.lowest(vector, 1)
    assert low[0] == pytest.approx(float(scores.min()), abs=1e-5)


def test_dense_search_through_a_faiss_selector(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the filter goes inside the FAISS search
    monkeypatch.setattr("index.store.vector.dense.EXACT_SUBSET", 0)
    side = DenseSide(engine.stored.dense)
    vector = engine.retriever.query_vector("法律顾问")
    allowed = np.zeros(len(side), dtype=bool)
    allowed[1::4] = True
    found, ids = side.search(vector, 7, allowed)
    rows = np.flatnonzero(allowed)
    expected = rows[np.argsort(-(side.vectors[rows] @ vector), kind="stable")[:7]]
    assert sorted(ids.tolist()) == sorted(expected.tolist())
    assert found.tolist() == pytest.approx(sorted(found.tolist(), reverse=True))
