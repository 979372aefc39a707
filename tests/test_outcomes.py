"""An outcome asked of what the reports only say was begun
(``qa.answer.confidence.asked.outcomes``)."""

from __future__ import annotations

import pytest

from qa.answer.confidence.asked.outcomes import outcome_asked, outcome_unstated


def _about(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return lambda sentence: sum(w in sentence for w in words) / len(words)


def test_an_outcome_is_asked_by_how_it_ended() -> None:
    assert outcome_asked("古荣村申报市级民主法治示范村最后获批了吗？")
    assert outcome_asked("天津市“八五”普法终期评估的结果如何？")
    assert not outcome_asked("古荣村2023年申报了哪一级的民主法治示范村？")


@pytest.mark.parametrize(
    ("question", "subject", "begun", "ended"),
    [
        (  # begun, not ended
            "古荣村申报市级民主法治示范村最后获批了吗？",
            ("古荣村", "申报", "民主法治示范村"),
            "古荣村2023年申报市级民主法治示范村，目前正在等待评审。",
            "古荣村2023年申报市级民主法治示范村，年底获批命名。",
        ),
        (  # a result aimed at (力争…通过验收) is none reached
            "奇台县是否已经通过自治区法治政府建设示范县评估验收？",
            ("奇台县", "示范县", "评估验收"),
            "持续推进示范创建，力争2024年通过自治区法治政府建设示范县评估验收。",
            "奇台县2024年通过自治区法治政府建设示范县评估验收。",
        ),
        (  # the result the question starts from (败诉) is no outcome of it
            "暨阳街道2022年败诉的那起征迁行政诉讼，二审结果怎么样？",
            ("暨阳街道", "征迁", "行政诉讼"),
            "暨阳街道2022年征迁行政诉讼败诉1件。",
            "暨阳街道2022年征迁行政诉讼败诉1件，二审改判驳回原告诉讼请求。",
        ),
    ],
)
def test_a_sentence_saying_only_how_it_began_states_no_outcome(
    question: str, subject: tuple[str, ...], begun: str, ended: str
) -> None:
    about = _about(subject)
    assert outcome_unstated(question, [begun], about)
    assert not outcome_unstated(question, [ended], about)


def test_no_outcome_asked_needs_none() -> None:
    begun = ["古荣村2023年申报市级民主法治示范村，目前正在等待评审。"]
    assert not outcome_unstated("古荣村申报了什么？", begun, _about(("古荣村", "申报")))


def test_whether_a_target_was_reached_is_an_outcome() -> None:
    assert outcome_asked("凌海市2024年底“法律明白人”实际达到1800名了吗？")
    assert outcome_asked("湄潭县“茶乡法治驿站”2024年有没有实现12个镇全覆盖？")


def test_with_no_sentence_of_what_was_done_no_outcome_is_stated() -> None:
    question = "凌海市2024年底“法律明白人”实际达到1800名了吗？"
    assert outcome_unstated(question, [""], _about(("法律明白人",)))


@pytest.mark.parametrize(
    ("question", "done"),
    [
        # a step towards the title: the application completed
        (
            "东台市申报的省级法治政府建设示范市最后被正式命名了吗？",
            "我市完成省级法治政府建设示范市申报工作。",
        ),
        # a title of another level than the one asked
        ("明星村后来评上全省民主法治示范村了吗？", "明星村被命名为牡丹江市民主法治示范村。"),
        (
            "该项目最后评上省级示范项目了吗？",
            "该项目入选湛江市第三批示范项目，并被推荐参加省级评估。",
        ),
    ],
)
def test_a_step_or_a_title_of_another_level_is_no_outcome(question: str, done: str) -> None:
    assert outcome_unstated(question, [done], lambda sentence: 1.0)


def test_the_title_of_the_level_asked_is_the_outcome() -> None:
    asked = "明星村后来评上全省民主法治示范村了吗？"
    assert not outcome_unstated(asked, ["明星村被命名为全省民主法治示范村。"], lambda s: 1.0)
    scope_only = "那3个项目最后入选省级示范了吗？"
    assert not outcome_unstated(scope_only, ["全市3个项目入选省级示范。"], lambda s: 1.0)
    no_level = "明星村最后评上民主法治示范村了吗？"
    assert not outcome_unstated(no_level, ["明星村被命名为牡丹江市民主法治示范村。"], lambda s: 1.0)


def test_a_demolition_or_a_penalty_is_how_a_case_ended() -> None:
    asked = "那3起违法建设最后是怎么处理的？"
    done = "对3起违法建设行为下达通知书，由当事人自行拆除2处、依法强制拆除1处。"
    assert not outcome_unstated(asked, [done], lambda sentence: 1.0)


def test_a_count_asked_with_its_outcome_is_judged_in_the_sentence_giving_the_count() -> None:
    question = "市场监管局作为被申请人的行政复议案件有几件？结果如何？"
    texts = [
        "本局作为被申请人严格按照法定期限提交书面答复和证据材料。"
        "全年本局作为被申请人的行政复议案件23件，经复议维持19件，撤销2件。"
    ]
    words = ("作为被申请人", "被申请人")
    assert outcome_unstated(question, texts, _about(words))  # the first covers as much
    assert not outcome_unstated(question, texts, _about(words), lambda s: "23件" in s)


def test_an_agreement_reached_is_how_a_dispute_ended() -> None:
    asked = "那起宅基地纠纷最后怎么收场的？"
    done = "经过5轮调解，双方于2024年7月达成调解协议并当场履行。"
    assert not outcome_unstated(asked, [done], lambda sentence: 1.0)
    assert outcome_unstated(asked, ["镇调委会多次组织双方调解。"], lambda sentence: 1.0)
