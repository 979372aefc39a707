"""The unit of an English question's amount, for ranking (``qa.analyse.wording.english_units``)."""

from __future__ import annotations

from index.models import Document, DocumentMeta, Passage
from qa.analyse.query import QueryInfo
from qa.analyse.wording.english_units import english_units
from qa.retrieve.fusion import Candidate
from qa.retrieve.prefer import prefer


def test_english_units() -> None:
    assert english_units("What share of days had good air quality in Leshan in 2023?") == ["%"]
    assert english_units("What percentage of cases were corrected?") == ["%"]
    assert english_units("What was Zhanjiang's administrative litigation loss rate?") == ["%"]
    assert english_units("How high was the mediation success rate in 2023?") == ["%"]
    assert english_units("How much in unpaid wages did the bureau recover?") == ["元"]
    assert english_units("What was the total amount of fines and confiscations?") == ["元"]
    assert english_units("How many legal-savvy persons did the town train?") == ["人"]
    assert english_units("What was the budget for the teachers' legal training?") == ["元"]
    assert english_units("How many policy documents did they review?") == []
    assert english_units("Which reports say heads appeared in 100% of lawsuits?") == []
    assert english_units("When was the report published?") == []
    assert english_units("岔河镇调解成功率是多少？") == []  # Chinese: its own checks


def test_a_passage_in_the_english_unit_asked_comes_first() -> None:
    documents = {"a": Document("a", "a.txt", "", "", DocumentMeta(region="乐山市", year=2023))}
    texts = ["对326家企业开展非现场监管，查处违法问题31件。", "环境空气质量优良天数率86.3%。"]
    passages = [Passage(f"p{i}", "a", i, 0, (), 0, len(t), t, "text") for i, t in enumerate(texts)]
    ranked = [Candidate(i, 0.0, 0.0, 1.0 - 0.01 * i, 0.0) for i in range(len(passages))]
    question = "What share of days had good air quality in Leshan?"
    info = QueryInfo(question, question, (), (), ("a",), (), False)
    assert [c.row for c in prefer(info, ranked, passages, documents)] == [1, 0]
