"""What settles a question beyond its topic (``qa.analyse.intent.settles``) and how it ranks
(``qa.retrieve.prefer``)."""

from __future__ import annotations

from index.models import Document, DocumentMeta, Passage
from qa.analyse.intent.settles import (
    Bound,
    asked_bounds,
    asks_all_done,
    asks_none,
    meets_bound,
    states_all_done,
    states_none,
    without_bounds,
)
from qa.analyse.query import QueryInfo
from qa.retrieve.fusion import Candidate
from qa.retrieve.prefer import prefer


def test_bounds_asked() -> None:
    assert asked_bounds("哪些地方一年的普法宣传活动超过了100场？") == (Bound(100.0, "场", False),)
    assert asked_bounds("哪个地方的出庭应诉率没有达到100%？") == (Bound(100.0, "%", True),)
    assert asked_bounds("哪个镇聘了不到5名法律顾问？") == (Bound(5.0, "名", True),)
    assert asked_bounds("岔河镇2023年办理了多少件行政复议案件？") == ()
    assert asked_bounds("调解成功率是97.8%的是哪个镇？") == ()


def test_a_value_meets_a_bound_on_its_side_in_a_unit_of_its_kind() -> None:
    above = asked_bounds("普法宣传活动超过了100场")
    kinds = {"场": ["场", "次"]}
    assert meets_bound("全年开展普法宣传活动104场", above, kinds)
    assert meets_bound("开展普法活动106次", above, kinds)
    assert not meets_bound("全年开展普法宣传活动54场", above, kinds)
    assert not meets_bound("办理案件104件", above, kinds)
    below = asked_bounds("出庭应诉率没有达到100%")
    assert meets_bound("出庭应诉率89.7%", below, {"%": ["%"]})
    assert not meets_bound("出庭应诉率100%", below, {"%": ["%"]})
    # a bound the passage states is no value of it
    assert not meets_bound("出庭应诉率尚未达到95%", below, {"%": ["%"]})


def test_bounds_and_targets_a_passage_states_are_no_amounts() -> None:
    assert "100%" not in without_bounds("三是行政机关负责人出庭应诉率尚未达到100%。")
    assert "6次" not in without_bounds("组织执法人员业务培训不少于6次")
    assert "95%" not in without_bounds("调解成功率保持在95%以上")
    assert "97.9%" in without_bounds("出庭应诉94件次，出庭应诉率97.9%。")


def test_whether_all_was_done() -> None:
    assert asks_all_done("岳阳2023年打行政官司，机关负责人都出庭了没？")
    assert asks_all_done("汨罗2023年村里社区的法律顾问配齐了没有？")
    assert asks_all_done("是不是每个社区都配了法律顾问？")
    assert not asks_all_done("机关负责人出庭应诉率是多少？")
    assert not asks_all_done("柳江镇2024年有没有被老百姓告上法庭？")
    assert states_all_done("行政机关负责人出庭应诉率100%")
    assert states_all_done("实现188个村（社区）法律顾问全覆盖")
    assert not states_all_done("市政府法律顾问列席市政府常务会议21次")
    assert not states_all_done("办结率1100%")  # no such share, but not 100% either


def test_what_did_not_happen() -> None:
    assert asks_none("哪个乡镇一整年既没有行政复议案件也没有行政诉讼案件？")
    assert not asks_none("哪个地方的出庭应诉率没有达到100%？")
    assert not asks_none("柳江镇2024年有没有发生行政诉讼案件？")
    assert states_none("全年未发生行政复议案件，未发生行政诉讼案件")
    assert states_none("行政诉讼案件0件")
    assert not states_none("发生行政诉讼案件1件")


def _ranked(question: str, texts: list[str]) -> list[int]:
    documents = {"a": Document("a", "a.txt", "", "", DocumentMeta(region="甲县", year=2023))}
    passages = [Passage(f"p{i}", "a", i, 0, (), 0, len(t), t, "text") for i, t in enumerate(texts)]
    ranked = [Candidate(i, 0.0, 0.0, 1.0 - 0.01 * i, 0.0) for i in range(len(texts))]
    info = QueryInfo(question, question, (), (), (), (), True)
    return [c.row for c in prefer(info, ranked, passages, documents)]


def test_the_passage_that_settles_comes_first_among_near_equals() -> None:
    shortcoming = "三是行政机关负责人出庭应诉率尚未达到100%，个别单位负责人出庭应诉意识不强。"
    figure = "全县一审行政诉讼案件96件，行政机关负责人出庭应诉94件次，出庭应诉率97.9%。"
    assert _ranked("甲县行政机关负责人出庭应诉率是多少？", [shortcoming, figure]) == [1, 0]
    topic = "少数行政机关负责人出庭应诉存在“出庭不出声”现象。"
    settled = "行政机关负责人出庭应诉率100%。"
    assert _ranked("甲县机关负责人都出庭了没？", [topic, settled]) == [1, 0]
    fewer = "全年开展普法宣传活动54场。"
    more = "全年开展普法宣传活动104场。"
    assert _ranked("哪些地方普法宣传活动超过了100场？", [fewer, more]) == [1, 0]
    happened = "发生行政复议案件1件，经复议维持。"
    none = "全年未发生行政复议案件，未发生行政诉讼案件。"
    assert _ranked("哪个乡既没有行政复议案件也没有行政诉讼案件？", [happened, none]) == [1, 0]
    # a question that asks none of these moves nothing
    assert _ranked("甲县出庭应诉工作怎么样？", [shortcoming, figure]) == [0, 1]
