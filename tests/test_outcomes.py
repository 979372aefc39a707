"""An outcome asked of what the reports only say was begun (``qa.answer.confidence.outcomes``)."""

from __future__ import annotations

from qa.answer.confidence.outcomes import asks_outcome, outcome_unstated


def _about(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return lambda sentence: sum(w in sentence for w in words) / len(words)


def test_an_outcome_is_asked_by_how_it_ended() -> None:
    assert asks_outcome("古荣村申报市级民主法治示范村最后获批了吗？")
    assert asks_outcome("天津市“八五”普法终期评估的结果如何？")
    assert not asks_outcome("古荣村2023年申报了哪一级的民主法治示范村？")


def test_a_sentence_saying_only_how_it_began_states_no_outcome() -> None:
    question = "古荣村申报市级民主法治示范村最后获批了吗？"
    about = _about(("古荣村", "申报", "民主法治示范村"))
    begun = ["古荣村2023年申报市级民主法治示范村，目前正在等待评审。"]
    ended = ["古荣村2023年申报市级民主法治示范村，年底获批命名。"]
    assert outcome_unstated(question, begun, about)
    assert not outcome_unstated(question, ended, about)
    assert not outcome_unstated("古荣村申报了什么？", begun, about)  # no outcome asked
