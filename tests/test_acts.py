"""The act a count is asked of, and sentences that count other acts (``qa.answer.acts``)."""

from __future__ import annotations

from functools import partial

from qa.answer.acts import asked_acts, counts_other_acts
from qa.answer.amounts import states_amount


def test_the_act_asked_is_the_verb_right_before_how_many() -> None:
    assert asked_acts("汨罗市2023年行政复议决定维持了多少件？") == {"件": "维持"}
    assert asked_acts("行政诉讼案件败诉了几件？") == {"件": "败诉"}
    assert asked_acts("行政复议案件里有多少件被纠错？") == {"件": "纠错"}  # after it, with 被
    assert asked_acts("比上年增加了多少件？") == {}  # a change, not an act
    assert asked_acts("收到多少件申请？罚没款多少？") == {"件": "收到"}  # only the count in 件


def test_a_sentence_counting_other_acts_side_by_side_does_not_count_the_act() -> None:
    in_pieces = partial(states_amount, units=["件"], names=False)
    outcomes = "全年收到申请1,046件，受理927件，审结889件，其中纠错97件，纠错率10.8%。"
    assert counts_other_acts(outcomes, "维持", in_pieces)  # 维持 is counted nowhere
    assert not counts_other_acts(outcomes, "纠错", in_pieces)
    assert not counts_other_acts(outcomes, "收到", in_pieces)  # "1,046件" is one clause
    assert not counts_other_acts(outcomes, "接收", in_pieces)  # 收 of 收到: in other words
    assert not counts_other_acts("全年调处物业、漏水等纠纷127件。", "处理", in_pieces)  # one count
