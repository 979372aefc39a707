"""Conversations (``qa.analyse.chat``): follow-up rewriting and message validation (fake
encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import InvalidInputError
from qa import Engine
from qa.analyse.chat import FollowUpRewriter, Message, parse_messages

S002 = "002_49a388d3305da3e0"  # 独流镇


@pytest.fixture(scope="module")
def rewriter(engine: Engine) -> FollowUpRewriter:
    return engine.rewriter


def _rewrite(rewriter: FollowUpRewriter, *questions: str) -> str:
    return rewriter.rewrite([Message("user", q) for q in questions])


def test_first_question_is_only_normalised(rewriter: FollowUpRewriter) -> None:
    assert _rewrite(rewriter, "岔河镇2023年行政复议做了什么？") == "岔河镇2023年行政复议做了什么？"
    assert _rewrite(rewriter, "岔河鎮社區矯正") == "岔河镇社区矫正"


def test_other_place_replaces_the_earlier_one_and_its_year(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "岔河镇2023年行政复议做了什么？", "那独流镇呢？")
    assert "独流镇" in out
    assert "岔河镇" not in out
    assert "2023" not in out  # 独流镇's report is of another year
    assert "行政复议" in out


def test_pronoun_with_a_new_year_keeps_the_place(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "独流镇聘请了哪家律师事务所？", "它2025年的安排是什么")
    assert out.startswith("独流镇2025年")
    assert "律师事务所" not in out  # a new topic, not the earlier one


def test_only_a_new_year_keeps_place_and_topic(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "独流镇2024年聘请了哪家律师事务所？", "2023年呢？")
    assert "独流镇" in out and "2023年" in out and "2024" not in out
    assert "律师事务所" in out


def test_short_topic_follow_up_inherits_the_place(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "岔河镇行政复议做了什么？", "法律顾问呢？")
    assert out.startswith("岔河镇") and "法律顾问" in out


@pytest.mark.parametrize(
    "second",
    [
        "溪湖区2023年行政复议案件办理情况如何？",
        "岔河镇社区矫正对象有没有脱管漏管的",
        "南村镇依法行政领导小组的组长、副组长分别由谁担任？",
        "What is the capital of France?",
    ],
)
def test_self_contained_question_is_left_unchanged(rewriter: FollowUpRewriter, second: str) -> None:
    assert _rewrite(rewriter, "独流镇聘请了哪家律师事务所？", second) == second


def test_three_turns_chain(rewriter: FollowUpRewriter) -> None:
    turns = ["岔河镇2023年行政复议做了什么？", "那独流镇呢？", "那车辋镇呢？"]
    out = _rewrite(rewriter, *turns)
    assert "车辋镇" in out and "行政复议" in out
    assert "岔河镇" not in out and "独流镇" not in out


def test_third_turn_leans_on_the_rewritten_second(rewriter: FollowUpRewriter) -> None:
    turns = ["岔河镇2023年行政复议做了什么？", "那独流镇呢？", "它的法律顾问呢？"]
    out = _rewrite(rewriter, *turns)
    assert "独流镇" in out and "法律顾问" in out and "岔河镇" not in out


def test_traditional_follow_up(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "岔河鎮行政復議做了什麼？", "那獨流鎮呢？")
    assert "独流镇" in out and "行政复议" in out and "岔河" not in out


def test_assistant_turns_are_ignored(rewriter: FollowUpRewriter) -> None:
    messages = [
        Message("user", "岔河镇2023年行政复议做了什么？"),
        Message("assistant", "车辋镇的报告说……"),
        Message("user", "那独流镇呢？"),
    ]
    out = rewriter.rewrite(messages)
    assert "独流镇" in out and "车辋镇" not in out


@pytest.mark.parametrize("second", ["哪些乡镇开展了八五普法？", "各地的法律顾问情况"])
def test_cross_report_follow_up_does_not_inherit_the_place(
    rewriter: FollowUpRewriter, second: str
) -> None:
    assert _rewrite(rewriter, "独流镇聘请了哪家律师事务所？", second) == second


def test_english_follow_up_with_a_pinyin_place(rewriter: FollowUpRewriter) -> None:
    out = _rewrite(rewriter, "独流镇聘请了哪家律师事务所？", "What about Chahe?")
    assert "岔河镇" in out and "独流镇" not in out


@pytest.mark.parametrize(
    ("second", "parent"),
    [("那番禺呢", "番禺区"), ("What about Panyu?", "番禺区"), ("那天津呢？", "天津市")],
)
def test_follow_up_naming_only_a_parent_region(
    rewriter: FollowUpRewriter, engine: Engine, second: str, parent: str
) -> None:
    out = _rewrite(rewriter, "岔河镇2023年行政复议做了什么？", second)
    assert out == f"{parent}行政复议做了什么？"
    children = {d.doc_id for d in engine.documents.values() if parent in d.meta.parents}
    assert set(engine.analyzer.analyze(out).doc_ids) == children


def test_mentions_are_the_place_names_as_written(engine: Engine) -> None:
    assert engine.analyzer.mentions("那番禺呢") == ("番禺",)
    assert engine.analyzer.names_parent_only("那番禺呢")
    assert not engine.analyzer.names_parent_only("番禺区南村镇")
    assert engine.analyzer.mentions("行政复议") == ()


# -- engine.chat ------------------------------------------------------------------------------
def test_chat_reports_the_rewritten_question(built_index: Path) -> None:
    engine = Engine.load(built_index, encoder="fake:64")
    engine.judge.threshold = 0.0
    messages = [
        Message("user", "岔河镇2023年行政复议做了什么？"),
        Message("assistant", "……"),
        Message("user", "那独流镇呢？"),
    ]
    answer = engine.chat(messages)
    assert answer.question == "那独流镇呢？"
    assert answer.rewritten_query and "独流镇" in answer.rewritten_query
    assert answer.citations[0].doc_id == S002


def test_chat_with_one_message_is_ask(engine: Engine) -> None:
    answer = engine.chat([Message("user", "独流镇聘请了哪家律师事务所？")])
    asked = engine.ask("独流镇聘请了哪家律师事务所？")
    assert answer.rewritten_query == "独流镇聘请了哪家律师事务所？"
    assert [h.passage_id for h in answer.citations] == [h.passage_id for h in asked.citations]


# -- parse_messages ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("messages", "fragment"),
    [
        ([], "empty"),
        ([Message("system", "你好")], "role"),
        ([Message("user", "你好"), Message("bot", "在")], "role"),
        ([Message("user", "独流镇呢？"), Message("assistant", "……")], "last message"),
        ([Message("user", "   ")], "empty"),
    ],
)
def test_parse_messages_rejects_bad_histories(messages: list[Message], fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_messages(messages)
    assert fragment in info.value.message


def test_parse_messages_accepts_a_valid_history() -> None:
    messages = [Message("user", "a"), Message("assistant", ""), Message("user", "b")]
    assert parse_messages(messages) == messages


def test_chat_validates_messages(engine: Engine) -> None:
    with pytest.raises(InvalidInputError):
        engine.chat([])
    with pytest.raises(InvalidInputError):
        engine.chat([Message("user", "独流镇呢？"), Message("assistant", "……")])
