"""The notebook-facing Python API: ``qa.Engine``, ``SearchResult``, ``Answer`` (fake encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import EncoderMismatchError, InvalidInputError
from qa import Answer, Engine, Hit, SearchResult
from qa.answer.messages import Notice
from qa.answer.results import Scores

pd = pytest.importorskip("pandas")

QUERY = "岔河镇如何推进行政执法三项制度"
COLUMNS = ["rank", "score", "text", "doc_id", "start", "end", "score_dense", "score_bm25"]


def _hit(text: str = "<b>行政复议</b> & 法律顾问", title: str = "<i>报告</i>") -> Hit:
    return Hit(
        rank=1,
        score=0.5,
        passage_id="p<1>",
        text=text,
        doc_id="d1",
        source="d1.txt",
        title=title,
        region="独流镇",
        year=2024,
        heading_path=("一、<script>", "（一）"),
        paragraph=3,
        start=10,
        end=10 + len(text),
        scores=Scores(0.8, 2.0, 0.5),
    )


def test_public_names() -> None:
    import qa

    assert {"Engine", "SearchResult", "Hit", "Answer"} <= set(qa.__all__)


def test_load_with_the_fake_encoder(built_index: Path) -> None:
    engine = Engine.load(built_index, encoder="fake:64")
    assert engine.embedder.name == "fake:64"
    assert len(engine.documents) == 5 and len(engine.passages) > 0


def test_load_accepts_a_path_string(built_index: Path) -> None:
    engine = Engine.load(str(built_index), encoder="fake:64")
    assert len(engine.search(QUERY, top_k=2)) == 2


def test_load_with_another_encoder_is_a_clear_error(built_index: Path) -> None:
    with pytest.raises(EncoderMismatchError) as info:
        Engine.load(built_index, encoder="fake:32")
    assert "fake:64" in info.value.message and "fake:32" in info.value.message


def test_search_result_is_a_sequence_of_hits(engine: Engine) -> None:
    result = engine.search(QUERY, top_k=5)
    assert isinstance(result, SearchResult)
    assert result.query == QUERY and result.took_ms >= 0
    hits = list(result)
    assert len(hits) == len(result) == 5
    assert all(isinstance(h, Hit) for h in hits)
    assert result[0] is hits[0] and result[-1] is hits[-1]
    assert [h.rank for h in result] == [1, 2, 3, 4, 5]
    with pytest.raises(IndexError):
        result[5]


def test_hit_citation_and_dict(engine: Engine) -> None:
    hit = engine.search(QUERY, top_k=1)[0]
    assert hit.title in hit.citation and f"[{hit.start}:{hit.end}]" in hit.citation
    data = hit.to_dict()
    assert data["heading_path"] == list(hit.heading_path)
    assert data["text"] == hit.text and data["scores"]["dense"] == hit.scores.dense


def test_search_to_dataframe(engine: Engine) -> None:
    result = engine.search(QUERY, top_k=5)
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert set(COLUMNS) <= set(frame.columns)
    assert "scores" not in frame.columns
    assert len(frame) == 5
    assert frame["rank"].tolist() == [1, 2, 3, 4, 5]
    assert frame["text"].tolist() == [h.text for h in result]
    assert frame["score_dense"].tolist() == [h.scores.dense for h in result]
    assert frame["score_bm25"].tolist() == [h.scores.bm25 for h in result]
    for row in frame.itertuples():
        doc = engine.document(row.doc_id)
        assert doc.text[row.start : row.end] == row.text


def test_empty_search_result_dataframe_keeps_its_columns(engine: Engine) -> None:
    result = engine.search("行政复议", filters={"region": "岔河镇", "year": 2024})
    assert len(result) == 0
    frame = result.to_dataframe()
    assert frame.empty and set(COLUMNS) <= set(frame.columns)


def test_search_repr_html_escapes() -> None:
    result = SearchResult("<script>alert(1)</script>", (_hit(),), 1.0)
    page = result._repr_html_()
    assert "<script>" not in page and "<b>行政复议" not in page and "<i>报告" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;行政复议&lt;/b&gt; &amp; 法律顾问" in page
    assert page.count("<tr>") == 2  # header and one hit


def test_search_repr_html_of_a_real_result(engine: Engine) -> None:
    result = engine.search("<b>独流镇</b> 法律顾问", top_k=3)
    page = result._repr_html_()
    assert "<b>独流镇</b>" not in page and "&lt;b&gt;独流镇&lt;/b&gt;" in page
    assert page.count("<tr>") == 4


def _answer(answer: str | None, reason: Notice | None, hits: tuple[Hit, ...]) -> Answer:
    return Answer(
        question="<q>问</q>",
        answerable=answer is not None,
        answer=answer,
        reason=reason,
        sentences=(),
        citations=hits,
        took_ms=2.0,
    )


def test_answer_repr_html_escapes() -> None:
    page = _answer("<em>答</em>", None, (_hit(),))._repr_html_()
    assert "<em>" not in page and "&lt;em&gt;答&lt;/em&gt;" in page
    assert "<q>" not in page and "&lt;q&gt;问&lt;/q&gt;" in page
    assert "<b>行政复议" not in page


def test_answer_repr_html_of_a_refusal_shows_the_reason() -> None:
    reason = Notice.of("unknown_place", places="<深圳>").in_language("zh")
    page = _answer(None, reason, (_hit(),))._repr_html_()
    assert "报告中没有找到答案" in page and "没有来自&lt;深圳&gt;的报告" in page


def test_answer_to_dataframe(built_index: Path) -> None:
    engine = Engine.load(built_index, encoder="fake:64")
    engine.judge.threshold = 0.0
    answer = engine.ask("独流镇聘请了哪家律师事务所？", top_k=4)
    assert isinstance(answer, Answer) and answer.answerable
    frame = answer.to_dataframe()
    assert set(COLUMNS) <= set(frame.columns) and len(frame) == len(answer.citations) == 4
    assert frame["passage_id"].tolist() == [h.passage_id for h in answer.citations]
    page = answer._repr_html_()
    assert "律师事务所" in page and page.count("<tr>") == 5


def test_refusal_to_dataframe_lists_the_citations(engine: Engine) -> None:
    answer = engine.ask("如何做红烧肉？")
    assert not answer.answerable
    assert len(answer.to_dataframe()) == len(answer.citations) > 0
    assert "报告中没有找到答案" in answer._repr_html_()


@pytest.mark.parametrize("top_k", [0, -1, 51, 2.5, "3", True, None])
def test_bad_top_k(engine: Engine, top_k: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        engine.search(QUERY, top_k=top_k)  # type: ignore[arg-type]
    assert "top_k" in info.value.message
    with pytest.raises(InvalidInputError):
        engine.ask(QUERY, top_k=top_k)  # type: ignore[arg-type]


@pytest.mark.parametrize("top_k", [1, 50])
def test_top_k_bounds_are_accepted(engine: Engine, top_k: int) -> None:
    assert 1 <= len(engine.search(QUERY, top_k=top_k)) <= top_k


@pytest.mark.parametrize("query", ["", "   ", "\n\t", None, 42])
def test_empty_query(engine: Engine, query: object) -> None:
    with pytest.raises(InvalidInputError):
        engine.search(query)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        engine.ask(query)  # type: ignore[arg-type]


def test_bad_filters_are_invalid_input(engine: Engine) -> None:
    with pytest.raises(InvalidInputError):
        engine.search(QUERY, filters={"town": "独流镇"})
    with pytest.raises(InvalidInputError):
        engine.search(QUERY, filters={"region": "深圳市"})
