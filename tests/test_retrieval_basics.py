"""Basic retrieval behaviour of ``qa.Engine.search`` over the seed index (fake encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.builder import BuildOptions, build_index
from index.clean.dedup import is_near_duplicate, normalise
from index.embed.embedders import FakeEmbedder
from index.errors import InvalidInputError, NotFoundError
from qa import Engine, Hit, SearchResult
from qa.analyse.filters import Filters

S002, S003 = "002_49a388d3305da3e0", "003_fbe45d23903cb0be"
QUERY = "岔河镇如何推进行政执法三项制度"


def _check_citations(engine: Engine, hits: SearchResult) -> None:
    for hit in hits:
        doc = engine.document(hit.doc_id)
        assert doc.text[hit.start : hit.end] == hit.text
        assert (hit.source, hit.region, hit.year) == (doc.source, doc.meta.region, doc.meta.year)


@pytest.mark.parametrize("top_k", [1, 3, 5, 20])
def test_search_returns_at_most_top_k_ranked_hits(engine: Engine, top_k: int) -> None:
    result = engine.search(QUERY, top_k=top_k)
    assert 1 <= len(result) <= top_k
    assert [h.rank for h in result] == list(range(1, len(result) + 1))
    scores = [h.score for h in result]
    assert scores == sorted(scores, reverse=True)
    assert len({h.passage_id for h in result}) == len(result)
    _check_citations(engine, result)


def test_top_hit_answers_the_query(engine: Engine) -> None:
    top = engine.search(QUERY, top_k=3)[0]
    assert top.doc_id == S003 and "三项制度" in top.text
    assert "加强执法规范" in " ".join(top.heading_path)


def test_region_named_in_query_comes_first(engine: Engine) -> None:
    result = engine.search("独流镇 法律顾问", top_k=5)
    assert result[0].region == "独流镇"
    assert "法律顾问" in result[0].text
    for hit in result:
        assert (hit.scores.boost > 0) == (hit.doc_id == S002)


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        ({"region": "南村镇"}, {"001_309042e87f77b6c8"}),
        ({"region": ["车辋镇", "溪湖区"]}, {"000_8aada575c1984193", "004_3d0055e514a18dc0"}),
        ({"year": 2023}, {"000_8aada575c1984193", S003, "004_3d0055e514a18dc0"}),
        ({"year": "2024"}, {S002}),
        ({"year": [2022, 2024]}, {"001_309042e87f77b6c8", S002}),
        ({"year": {"from": 2024}}, {S002}),
        ({"year": {"gte": 2022, "lte": 2022}}, {"001_309042e87f77b6c8"}),
        ({"doc_id": S003}, {S003}),
        ({"level": "区县"}, {"004_3d0055e514a18dc0"}),
        ({"region": "岔河镇", "year": 2024}, set()),
    ],
)
def test_filters_restrict_hits(engine: Engine, filters: dict, allowed: set[str]) -> None:
    result = engine.search("法律顾问 行政执法", top_k=10, filters=filters)
    assert {h.doc_id for h in result} <= allowed
    assert bool(result.hits) == bool(allowed)


def test_parent_region_filter_matches_its_reports(engine: Engine) -> None:
    result = engine.search("法律顾问", top_k=10, filters={"region": "如东县"})
    assert result.hits and {h.doc_id for h in result} == {S003}


@pytest.mark.parametrize(
    "filters",
    [
        {"province": "辽宁省"},
        {"region": "火星镇"},
        {"doc_id": "nope"},
        {"level": "省"},
        {"year": "soon"},
        {"year": 1800},
        {"year": []},
        {"year": {"from": 2024, "to": 2022}},
        {"year": {"after": 2022}},
        {"region": ""},
        {"region": 5},
    ],
    ids=str,
)
def test_bad_filters_are_invalid_input(engine: Engine, filters: dict) -> None:
    with pytest.raises(InvalidInputError):
        engine.search(QUERY, filters=filters)


def test_unknown_filter_field_names_the_known_fields(engine: Engine) -> None:
    with pytest.raises(InvalidInputError) as info:
        engine.search(QUERY, filters={"province": "辽宁省"})
    assert info.value.details["unknown"] == ["province"]
    assert "region" in info.value.details["known"]


@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_query_is_invalid(engine: Engine, query) -> None:
    with pytest.raises(InvalidInputError):
        engine.search(query)


@pytest.mark.parametrize("top_k", [0, -1, 51, 2.5, True, "3"])
def test_bad_top_k_is_invalid(engine: Engine, top_k) -> None:
    with pytest.raises(InvalidInputError):
        engine.search(QUERY, top_k=top_k)


def test_highlights_point_into_hit_text(engine: Engine) -> None:
    result = engine.search("独流镇 法律顾问 行政执法", top_k=10)
    assert any(h.highlights for h in result)
    for hit in result:
        previous_end = 0
        for mark in hit.highlights:
            assert hit.text[mark.start : mark.end] == mark.term
            assert mark.start >= previous_end  # sorted, no overlaps
            previous_end = mark.end


def test_no_near_duplicates_in_one_result(engine: Engine) -> None:
    result = engine.search("法治政府建设 组织领导", top_k=20)
    forms = [normalise(h.text) for h in result]
    for i, form in enumerate(forms):
        assert not any(is_near_duplicate(form, other) for other in forms[:i])


def test_repeated_paragraph_across_reports_is_returned_once(tmp_path: Path) -> None:
    shared = (
        "镇政府聘请律师事务所担任常年法律顾问，全年审查合同协议三十六份，提出法律意见九十余条。"
    )
    src = tmp_path / "src"
    src.mkdir()
    for name, town in [("a.txt", "甲山镇"), ("b.txt", "乙水镇")]:
        title = f"{town}2023年度法治政府建设情况报告"
        body = f"{title}\n一、主要举措\n{shared}\n{town}开展普法宣传活动十二场。\n"
        (src / name).write_text(body, encoding="utf-8")
    build_index([src], FakeEmbedder(64), BuildOptions(index_dir=tmp_path / "index"))
    engine = Engine.load(tmp_path / "index", encoder="fake:64")
    assert sum(p.text == shared for p in engine.passages) == 2
    _, ranked = engine.candidates("常年法律顾问 审查合同协议", Filters())
    assert [engine.passages[c.row].text for c in ranked[:2]] == [shared, shared]
    texts = [h.text for h in engine.search("常年法律顾问 审查合同协议", top_k=5)]
    assert texts.count(shared) == 1
    # Benchmarks measure the ranking itself: both copies, each from its own report.
    uncollapsed = engine.search("常年法律顾问 审查合同协议", top_k=5, collapse=False)
    assert [h.text for h in uncollapsed].count(shared) == 2
    assert len({h.doc_id for h in uncollapsed if h.text == shared}) == 2


def test_to_dataframe_and_html(engine: Engine) -> None:
    result = engine.search("<script>alert(1)</script> 法律顾问", top_k=3)
    frame = result.to_dataframe()
    assert len(frame) == len(result)
    assert {"rank", "score", "text", "source", "start", "end", "score_dense"} <= set(frame.columns)
    assert list(frame["rank"]) == [h.rank for h in result]
    page = result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<tr>") == len(result) + 1


def test_hit_serialisation_and_citation(engine: Engine) -> None:
    hit: Hit = engine.search(QUERY, top_k=1)[0]
    data = hit.to_dict()
    assert data["heading_path"] == list(hit.heading_path)
    assert all(set(h) == {"term", "start", "end"} for h in data["highlights"])
    assert f"[{hit.start}:{hit.end}]" in hit.citation and hit.title in hit.citation


def test_traditional_characters_query(engine: Engine) -> None:
    result = engine.search("岔河鎮社區矯正", top_k=3)
    assert result[0].doc_id == S003
    assert "社区矫正" in result[0].text


def test_documents_and_passages_lookup(engine: Engine) -> None:
    hit = engine.search(QUERY, top_k=1)[0]
    assert engine.passage(hit.passage_id).text == hit.text
    around = engine.neighbours(hit.passage_id, context=1)
    assert hit.passage_id in [p.passage_id for p in around]
    assert all(p.doc_id == hit.doc_id for p in around)
    with pytest.raises(NotFoundError):
        engine.document("nope")
    with pytest.raises(NotFoundError):
        engine.passage("nope")
