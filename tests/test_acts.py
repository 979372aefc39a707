"""The act a count is asked of, and sentences that count other acts
(``qa.answer.statements.acts``)."""

from __future__ import annotations

from functools import partial

from qa.answer.statements.acts import acts_of, asked_acts, counts_other_acts
from qa.answer.statements.amounts import states_amount


def test_the_act_asked_is_the_verb_right_before_how_many() -> None:
    assert asked_acts("汨罗市2023年行政复议决定维持了多少件？") == {"件": "维持"}
    assert asked_acts("行政诉讼案件败诉了几件？") == {"件": "败诉"}
    assert asked_acts("行政复议案件里有多少件被纠错？") == {"件": "纠错"}  # after it, with 被
    assert asked_acts("比上年增加了多少件？") == {}  # a change, not an act
    assert asked_acts("收到多少件申请？罚没款多少？") == {"件": "收到"}  # only the count in 件
    assert asked_acts("市场监管局2024年遇到了几件行政复议？") == {}  # how many befell it


def test_a_sentence_counting_other_acts_side_by_side_does_not_count_the_act() -> None:
    in_pieces = partial(states_amount, units=["件"], names=False)
    outcomes = "全年收到申请1,046件，受理927件，审结889件，其中纠错97件，纠错率10.8%。"
    assert counts_other_acts(outcomes, "维持", in_pieces)  # 维持 is counted nowhere
    assert not counts_other_acts(outcomes, "纠错", in_pieces)
    assert not counts_other_acts(outcomes, "收到", in_pieces)  # "1,046件" is one clause
    assert not counts_other_acts(outcomes, "接收", in_pieces)  # 收 of 收到: in other words
    assert not counts_other_acts("全年调处物业、漏水等纠纷127件。", "处理", in_pieces)  # one count


def test_the_marks_of_an_act_are_its_characters_not_written_before_it() -> None:
    lost = acts_of("岳阳楼区2024年行政诉讼案件败诉了几件？")["件"]
    assert lost.marks == frozenset("败") and not lost.part  # 诉 names the cases
    corrected = acts_of("新安街道2020年办理的行政复议案件里有几件被纠错？")["件"]
    assert corrected.part and corrected.marks == frozenset("纠错")
    assert acts_of("比上年少了多少件？") == {}  # a comparison, not an act


def test_a_sentence_naming_the_act_only_as_a_rate_does_not_count_it() -> None:
    in_pieces = partial(states_amount, units=["件"], names=False)
    sentence = "全年收到行政复议申请143件，受理126件，审结131件，纠错率8.4%。"
    assert counts_other_acts(sentence, "纠错", in_pieces)
    assert not counts_other_acts("其中纠错15件，纠错率8.0%。", "纠错", in_pieces)


def test_an_outcome_is_not_counted_by_a_count_sharing_only_the_cases_word() -> None:
    in_pieces = partial(states_amount, units=["件"], names=False)
    act = acts_of("长阳县2022年行政诉讼败诉了几件？")["件"]
    hearing = "全县发生一审行政诉讼案件34件，行政机关负责人出庭应诉31件。"
    assert counts_other_acts(hearing, act, in_pieces)  # 诉 of 诉讼, 应诉: not 败
    assert not counts_other_acts("一审行政诉讼案件42件，败诉3件。", act, in_pieces)


def test_a_part_asked_is_not_counted_by_the_single_count_of_the_whole() -> None:
    in_pieces = partial(states_amount, units=["件"], names=False)
    act = acts_of("新安街道2020年办理的行政复议案件里有几件被纠错？")["件"]
    assert counts_other_acts("全年办理行政复议案件37件，较2019年有所增加。", act, in_pieces)
    assert not counts_other_acts("办理行政复议案件37件，其中纠错4件。", act, in_pieces)
    whole = acts_of("调解室一年处理了多少件？")["件"]  # no part: one count may name it otherwise
    assert not counts_other_acts("全年调处物业、漏水等纠纷127件。", whole, in_pieces)
