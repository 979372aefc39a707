"""Hybrid retrieval (``qa.retrieve.retriever``): min-max fusion, weights, filters, boosts,
candidates."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from qa import Engine
from qa.analyse.intent.sections import SECTIONS, in_section, section_rows
from qa.retrieve.fusion import Candidate, FusionConfig, minmax
from qa.retrieve.retriever import HybridRetriever

S002 = "002_49a388d3305da3e0"  # 独流镇
S003 = "003_fbe45d23903cb0be"  # 岔河镇
TOPIC = "推进行政执法三项制度和法律顾问工作"  # names no place and no year: no boosts


def _retriever(engine: Engine, **config: Any) -> HybridRetriever:
    """A retriever over the shared index with its own fusion settings (without the penalties on
    unasked parts of the reports and on header and heading lines, unless given)."""
    config.setdefault("unasked_section_penalty", 0.0)
    config.setdefault("header_penalty", 0.0)
    config.setdefault("heading_penalty", 0.0)
    return HybridRetriever(engine.stored, engine.embedder, FusionConfig(**config))


def _non_increasing(values: list[float]) -> bool:
    return all(a >= b - 1e-6 for a, b in zip(values, values[1:], strict=False))


# -- minmax -----------------------------------------------------------------------------------
def test_minmax_empty() -> None:
    out = minmax(np.array([], dtype=np.float32))
    assert out.size == 0


@pytest.mark.parametrize("value", [0.0, 3.5, -2.0])
def test_minmax_constant_is_all_zeros(value: float) -> None:
    out = minmax(np.full(4, value, dtype=np.float32))
    assert out.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_minmax_single_value_is_zero() -> None:
    assert minmax(np.array([7.0])).tolist() == [0.0]


def test_minmax_scales_to_unit_interval_keeping_order() -> None:
    values = np.array([2.0, -1.0, 5.0, 0.5], dtype=np.float32)
    out = minmax(values)
    assert out.min() == pytest.approx(0.0) and out.max() == pytest.approx(1.0)
    assert np.argsort(out).tolist() == np.argsort(values).tolist()
    assert out.tolist() == pytest.approx([0.5, 0.0, 1.0, 0.25])


def test_minmax_does_not_change_its_input() -> None:
    values = np.array([1.0, 2.0, 3.0])
    minmax(values)
    assert values.tolist() == [1.0, 2.0, 3.0]


# -- weights ----------------------------------------------------------------------------------
def test_dense_weight_one_ranks_by_dense_score(engine: Engine) -> None:
    retriever = _retriever(engine, dense_weight=1.0, window_share=0.0)
    info = engine.analyzer.analyze(TOPIC)
    assert not info.doc_ids and not info.years
    ranked = retriever.retrieve(info)
    assert ranked
    assert _non_increasing([c.dense for c in ranked])
    dense = retriever.dense_scores(info)
    assert ranked[0].row == int(np.argmax(dense))
    expected = minmax(dense)[[c.row for c in ranked]]  # scaled over every passage
    assert [c.fused for c in ranked] == pytest.approx(expected.tolist(), abs=1e-6)


def test_dense_weight_zero_ranks_by_bm25_score(engine: Engine) -> None:
    retriever = _retriever(engine, dense_weight=0.0)
    info = engine.analyzer.analyze(TOPIC)
    ranked = retriever.retrieve(info)
    assert ranked
    assert _non_increasing([c.bm25 for c in ranked])
    bm25 = retriever.bm25_scores(info)
    assert ranked[0].bm25 == pytest.approx(float(bm25.max()))


def test_the_two_weights_give_different_orders(engine: Engine) -> None:
    info = engine.analyzer.analyze(TOPIC)
    dense = [
        c.row for c in _retriever(engine, dense_weight=1.0, window_share=0).retrieve(info)[:10]
    ]
    lexical = [c.row for c in _retriever(engine, dense_weight=0.0).retrieve(info)[:10]]
    assert dense != lexical  # otherwise the two tests above prove nothing


def test_fused_score_is_the_weighted_sum_of_normalised_scores(engine: Engine) -> None:
    retriever = _retriever(engine, dense_weight=0.3, window_share=0.4)
    info = engine.analyzer.analyze(TOPIC)
    ranked = retriever.retrieve(info)
    rows = [c.row for c in ranked]
    raw_dense = retriever.dense_scores(info)
    dense = minmax(raw_dense)[rows]
    window = minmax(retriever.window_scores(info, raw_dense))[rows]
    bm25 = minmax(retriever.bm25_scores(info))[rows]
    expected = 0.3 * (0.6 * dense + 0.4 * window) + 0.7 * bm25
    assert [c.fused for c in ranked] == pytest.approx(expected.tolist(), abs=1e-5)
    assert _non_increasing([c.fused for c in ranked])
    assert all(c.boost == 0.0 for c in ranked)


# -- filters ----------------------------------------------------------------------------------
def test_filter_is_applied_before_ranking(engine: Engine) -> None:
    query = "岔河镇如何推进行政执法三项制度"
    assert engine.search(query, top_k=1)[0].doc_id == S003  # unfiltered: 岔河镇 first
    result = engine.search(query, top_k=10, filters={"region": "独流镇"})
    assert len(result) == 10  # the filter's own passages fill the list ...
    assert {h.doc_id for h in result} == {S002}  # ... and nothing else gets in


def test_retrieve_with_a_mask_returns_only_allowed_rows(engine: Engine) -> None:
    retriever = _retriever(engine)
    info = engine.analyzer.analyze("岔河镇如何推进行政执法三项制度")
    best = retriever.retrieve(info)[0].row
    allowed = np.ones(len(engine.passages), dtype=bool)
    allowed[best] = False
    allowed[: len(allowed) // 2] = False
    ranked = retriever.retrieve(info, allowed)
    assert ranked and all(allowed[c.row] for c in ranked)
    assert best not in {c.row for c in ranked}


def test_scores_are_scaled_over_the_allowed_passages_only(engine: Engine) -> None:
    retriever = _retriever(engine, dense_weight=1.0, window_share=0.0)
    info = engine.analyzer.analyze(TOPIC)
    allowed = np.array([p.doc_id == S003 for p in engine.passages])
    ranked = retriever.retrieve(info, allowed)
    scaled = np.zeros(len(allowed))
    scaled[allowed] = minmax(retriever.dense_scores(info)[allowed])
    assert [c.fused for c in ranked] == pytest.approx(scaled[[c.row for c in ranked]].tolist())
    assert ranked[0].fused == pytest.approx(1.0)
    assert len(ranked) == min(FusionConfig().candidates, int(allowed.sum()))


def test_candidates_caps_the_list(engine: Engine) -> None:
    ranked = _retriever(engine, candidates=10).retrieve(engine.analyzer.analyze(TOPIC))
    assert len(ranked) == 10 and _non_increasing([c.fused for c in ranked])


def test_nothing_allowed_gives_no_candidates(engine: Engine) -> None:
    retriever = _retriever(engine)
    info = engine.analyzer.analyze(TOPIC)
    assert retriever.retrieve(info, np.zeros(len(engine.passages), dtype=bool)) == []


# -- boosts -----------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["独流镇行政复议工作", "独流镇 社区矫正", "独流法律顾问"])
def test_place_named_ranks_its_report_first(engine: Engine, query: str) -> None:
    info = engine.analyzer.analyze(query)
    assert info.doc_ids == (S002,)
    result = engine.search(query, top_k=5)
    assert result[0].doc_id == S002
    assert result[0].scores.boost == pytest.approx(FusionConfig().place_boost)


def test_place_boost_only_on_the_named_report(engine: Engine) -> None:
    ranked = _retriever(engine).retrieve(engine.analyzer.analyze("独流镇行政复议工作"))
    for cand in ranked:
        named = engine.passages[cand.row].doc_id == S002
        assert cand.boost == pytest.approx(FusionConfig().place_boost if named else 0.0)


def test_year_boost_only_on_reports_of_that_year(engine: Engine) -> None:
    ranked = _retriever(engine).retrieve(engine.analyzer.analyze("2024年行政复议工作"))
    for cand in ranked:
        year = engine.documents[engine.passages[cand.row].doc_id].meta.year
        assert cand.boost == pytest.approx(0.05 if year == 2024 else 0.0)


def test_zero_place_boost_removes_the_boost(engine: Engine) -> None:
    ranked = _retriever(engine, place_boost=0.0).retrieve(
        engine.analyzer.analyze("独流镇行政复议工作")
    )
    assert all(c.boost == 0.0 for c in ranked)


def test_a_question_asking_no_part_sets_shortcomings_and_plans_a_little_lower(
    engine: Engine,
) -> None:
    retriever = _retriever(engine, unasked_section_penalty=0.03)
    ranked = retriever.retrieve(engine.analyzer.analyze(TOPIC), None)
    parts = [max(section_rows(engine.passages, name)[c.row] for name in SECTIONS) for c in ranked]
    assert any(parts) and not all(parts)
    assert [c.boost for c in ranked] == pytest.approx([-0.03 * p for p in parts])
    asked = retriever.retrieve(engine.analyzer.analyze("普法方面下一步有什么打算？"))
    assert all(c.boost >= 0 for c in asked)  # asked for a part: no penalty on the others


@pytest.mark.parametrize(
    ("query", "section"),
    [("普法方面存在哪些不足？", "shortcomings"), ("普法方面下一步有什么打算？", "plans")],
)
def test_section_boost_only_on_that_part_of_the_reports(
    engine: Engine, query: str, section: str
) -> None:
    info = engine.analyzer.analyze(query)
    assert info.sections == (section,) and not info.sections_only
    boost = FusionConfig().section_boost
    rows = section_rows(engine.passages, section)
    for cand in _retriever(engine).retrieve(info):
        assert cand.boost == pytest.approx(boost * rows[cand.row])
    assert any(in_section(p.heading_path, section) for p in engine.passages)


def test_the_part_asked_leads_over_another_part_on_the_same_topic(engine: Engine) -> None:
    # 独流镇's plans name 法治宣传 as often as its shortcomings do: the part asked decides
    info = engine.analyzer.analyze("独流镇在法治宣传上有哪些短板？")
    assert info.sections == ("shortcomings",) and not info.sections_only
    first = _retriever(engine, unasked_section_penalty=0.03).retrieve(info)[0]
    assert section_rows(engine.passages, "shortcomings")[first.row] > 0


def test_a_question_after_a_part_alone_gets_that_part_of_the_named_report(engine: Engine) -> None:
    info = engine.analyzer.analyze("岔河镇下一步有什么打算？")
    assert info.sections_only and info.doc_ids == (S003,)
    ranked = _retriever(engine).retrieve(info)
    inside = [
        engine.passages[c.row].doc_id == S003
        and in_section(engine.passages[c.row].heading_path, "plans")
        for c in ranked
    ]
    assert any(inside) and inside == sorted(inside, reverse=True)  # all of the part first


# -- queries without Chinese --------------------------------------------------------------------
def test_query_without_chinese_uses_dense_only(engine: Engine) -> None:
    query = "2023 100"  # digits occur in the reports: BM25 scores are not all zero
    # even a BM25-only setting is overridden
    retriever = _retriever(engine, dense_weight=0.0, window_share=0.0)
    info = engine.analyzer.analyze(query)
    assert not info.chinese
    assert retriever.bm25_scores(info).max() > 0
    ranked = retriever.retrieve(info)
    dense = minmax(retriever.dense_scores(info))[[c.row for c in ranked]]
    expected = dense + np.array([c.boost for c in ranked])
    assert [c.fused for c in ranked] == pytest.approx(expected.tolist(), abs=1e-5)


def test_english_query_without_glossary_phrases_ranks_like_pure_dense(engine: Engine) -> None:
    info = engine.analyzer.analyze("which firm does the town retain")
    assert not info.chinese and not info.bridged
    hybrid = _retriever(engine, dense_weight=0.5).retrieve(info)
    dense = _retriever(engine, dense_weight=1.0).retrieve(info)
    assert [c.row for c in hybrid] == [c.row for c in dense]


def test_english_query_bridged_by_the_glossary_is_fused(engine: Engine) -> None:
    info = engine.analyzer.analyze("legal advisers and administrative review")
    assert info.bridged == ("法律顾问", "行政复议")
    retriever = _retriever(engine, dense_weight=0.5, window_share=0.0)
    ranked = retriever.retrieve(info)
    rows = [c.row for c in ranked]
    dense = minmax(retriever.dense_scores(info))[rows]
    bm25 = minmax(retriever.bm25_scores(info))[rows]
    expected = 0.5 * dense + 0.5 * bm25 + np.array([c.boost for c in ranked])
    assert [c.fused for c in ranked] == pytest.approx(expected.tolist(), abs=1e-5)
    top = engine.passages[rows[0]].text
    assert "法律顾问" in top or "行政复议" in top


# -- candidates -------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 5, 20])
def test_candidates_are_the_top_n_by_fused_score(engine: Engine, n: int) -> None:
    retriever = _retriever(engine, candidates=n)
    ranked = retriever.retrieve(engine.analyzer.analyze(TOPIC))
    everything = _retriever(engine, candidates=10_000).retrieve(engine.analyzer.analyze(TOPIC))
    assert len(ranked) == n
    assert [c.fused for c in ranked] == pytest.approx([c.fused for c in everything[:n]])


def test_candidate_count_is_capped_by_the_index_size(engine: Engine) -> None:
    retriever = _retriever(engine, candidates=10_000)
    ranked = retriever.retrieve(engine.analyzer.analyze(TOPIC))
    assert len(ranked) == len(engine.passages)
    assert len({c.row for c in ranked}) == len(ranked)


def test_candidates_carry_raw_scores(engine: Engine) -> None:
    retriever = _retriever(engine)
    info = engine.analyzer.analyze(TOPIC)
    dense, bm25 = retriever.dense_scores(info), retriever.bm25_scores(info)
    window = retriever.window_scores(info, dense)
    for cand in retriever.retrieve(info)[:20]:
        assert isinstance(cand, Candidate)
        assert cand.dense == pytest.approx(float(dense[cand.row]))
        assert cand.bm25 == pytest.approx(float(bm25[cand.row]))
        assert cand.window == pytest.approx(float(window[cand.row]))


# -- windows ----------------------------------------------------------------------------------
def test_window_score_is_the_best_of_the_passage_and_its_windows(engine: Engine) -> None:
    retriever = _retriever(engine)
    info = engine.analyzer.analyze(TOPIC)
    dense = retriever.dense_scores(info)
    window = retriever.window_scores(info, dense)
    windows = engine.stored.windows
    per_window = windows.vectors @ retriever.query_vector(info.text)
    for row in range(len(engine.passages)):
        own = per_window[windows.rows == row]
        assert window[row] == pytest.approx(max([dense[row], *own.tolist()]))
    assert (window > dense + 1e-6).any()  # some window says it better than its passage


def test_window_share_one_ranks_meaning_by_the_best_window(engine: Engine) -> None:
    retriever = _retriever(engine, dense_weight=1.0, window_share=1.0)
    info = engine.analyzer.analyze(TOPIC)
    ranked = retriever.retrieve(info)
    assert _non_increasing([c.window for c in ranked])
    whole = _retriever(engine, dense_weight=1.0, window_share=0.0).retrieve(info)
    assert [c.row for c in ranked] != [c.row for c in whole]


def test_place_names_are_left_to_the_place_boost(engine: Engine) -> None:
    info = engine.analyzer.analyze("如东县岔河镇2023年应诉了几件行政诉讼案子？")
    assert "岔河镇" in info.places
    assert not {"岔河镇", "岔河", "如东县", "县岔"} & set(info.lexical)
    assert "行政诉讼" in info.lexical
    # as words they ranked the report's sender line, "如东县岔河镇人民政府", first
    top = _retriever(engine, dense_weight=0.0).retrieve(info)[0]
    assert "行政诉讼" in engine.passages[top.row].text
