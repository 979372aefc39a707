"""A part of a counted whole asked, and whether a sentence stating a number names it."""

from __future__ import annotations

import pytest

from qa.answer.confidence.asked.subsets import asked_part, asked_whole, part_stated


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("某街道2023年调解的纠纷里物业纠纷具体有多少件？", ["物业"]),
        ("某市培养的“法律明白人”中女性占多少比例？", ["女性"]),
        ("某市2023年行政复议案件中涉及土地征收的有多少件？", ["土地", "征收"]),
        ("某区败诉的行政诉讼案件中，土地征收类案件具体占比是多少？", ["土地", "征收"]),
        ("某局审查的83件里面重大行政决策有几件？", ["重大行政决策"]),
        ("某街道政府信息公开申请中有多少件是企业提出的？", ["企业", "提出"]),
        ("法律援助案件里刑事、民事、行政案件各多少？", ["刑事", "民事", "行政案件"]),
        ("某镇调解的486件纠纷中，婚姻家庭纠纷有多少件？", ["婚姻家庭"]),  # a comma after 中
        ("某区行政复议直接纠错的39件里，有多少件是撤销决定？", ["撤销", "决定"]),
        ("某街道调解的矛盾纠纷里，物业纠纷有多少件？", ["物业"]),  # 纠纷: the whole's word
    ],
)
def test_the_part_asked_of_a_whole(question: str, part: list[str]) -> None:
    assert asked_part(question) == part


@pytest.mark.parametrize(
    "question",
    [
        "某县2023年行政复议案件有多少件？",  # the whole itself
        "某局在报告中说有多少工作人员？",  # 报告中: where it is said, not a whole
        "2023年中某镇调解了多少起纠纷？",  # 年中: a time
        "榆中县2022年集中整治了多少处违法建设？",  # 中 inside words (榆中县, 集中)
        "大瑶镇在2024年度报告里说要搞几次培训？",  # 报告里: where it is said
    ],
)
def test_no_part_is_asked(question: str) -> None:
    assert asked_part(question) == []


def test_a_part_is_stated_only_by_a_sentence_with_a_number_naming_it() -> None:
    whole = "全年调解纠纷386件，调解成功率98%。物业管理工作有序推进。"
    assert part_stated(["物业"], [whole]) == 0.0
    assert part_stated(["物业"], [whole + "其中物业纠纷52件。"]) == 1.0
    assert part_stated(["土地", "征收"], ["涉及土地的案件12件。"]) == 0.5


def test_a_word_of_four_characters_is_named_by_its_halves_apart() -> None:
    stated = ["受理法律援助案件1208件，其中刑事法律援助案件497件"]
    assert part_stated(["刑事案件"], stated) == 1.0
    assert part_stated(["婚姻家庭"], stated) == 0.0


def test_a_kind_listed_before_deng_is_not_counted_on_its_own() -> None:
    listed = ["全年成功调解婚姻家庭、邻里、土地承包等疑难纠纷68件"]
    assert part_stated(["婚姻家庭"], listed) == 0.0
    assert part_stated(["婚姻家庭"], ["其中婚姻家庭纠纷15件、邻里纠纷20件等"]) == 1.0


def test_the_whole_a_part_is_asked_of_comes_after_the_place_and_year() -> None:
    assert asked_whole("绍兴市2023年的行政复议案件里有多少件是涉企案件？") == ["行政复议", "案件"]
    assert asked_whole("某镇调解的486件纠纷中，婚姻家庭纠纷有多少件？") == ["纠纷"]
    assert asked_whole("某县2023年行政复议案件有多少件？") == []  # no part asked
    assert asked_whole("芜湖市司法局调解纠纷中物业纠纷有多少件？") == ["调解纠纷"]  # no body


def test_a_part_named_with_a_number_of_another_whole_is_not_stated() -> None:
    other = ["全年办结涉企执法投诉213件。", "受理行政复议案件120件，纠错15件。"]
    own = ["受理行政复议案件120件，其中涉企案件30件。"]
    whole = ["行政复议", "案件"]
    assert part_stated(["涉企"], other, whole) == 0.0
    assert part_stated(["涉企"], own, whole) == 1.0
    assert part_stated(["涉企"], other[:1]) == 1.0  # no whole given: any text
    assert part_stated(["涉企"], own, ["复议", "案子"]) == 1.0  # 案子: no text's word
    report = ["\n".join(other)]  # a whole report: the whole is looked for paragraph by paragraph
    assert part_stated(["涉企"], report, whole) == 0.0


def test_the_part_is_stated_in_the_unit_asked_beside_it() -> None:
    fined = [
        "全年办理行政执法案件43件，其中查处违法建设案件12件、违规焚烧案件9件，罚款金额6.8万元。"
    ]
    in_yuan = lambda span: "万元" in span  # noqa: E731 - the amount asked, in yuan
    assert part_stated(["违法", "建设"], fined, (), in_yuan) == 0.0
    assert part_stated(["违法", "建设"], fined) == 1.0  # any number
    listed = ["其中刑事案件1,138件、民事案件1,263件、行政案件15件"]  # one clause each
    assert part_stated(["刑事", "民事"], listed) == 1.0


def test_zhong_inside_a_place_name_and_a_change_of_the_whole_ask_no_part() -> None:
    assert asked_part("桃中乡2024年综合行政执法立案查处了多少件违法案件？") == []
    assert asked_part("县政府把法治建设在绩效考核中的分量调到了多少？") == []


def test_a_firm_named_is_the_part_asked_of_the_firms_counted() -> None:
    """江西红都律师事务所's lawyers: the city's count of lawyers, or three firms' lawyers
    counted together, give no figure of it; a sentence of its own does."""
    question = "江西红都律师事务所有多少名执业律师？"
    assert asked_part(question) == ["江西红都"]
    assert asked_part("瑞金市目前有几家律师事务所、多少执业律师？") == []
    together = "顾问团由江西红都律师事务所、江西瑞兴律师事务所3家律师事务所的7名律师组成。"
    assert part_stated(["江西红都"], ["全市共有律师事务所12家、执业律师186名。"]) == 0.0
    assert part_stated(["江西红都"], [together]) == 0.0
    assert part_stated(["江西红都"], ["江西红都律师事务所现有执业律师12名。"]) == 1.0


def test_parts_asked_together_are_each_found_by_their_own_figure() -> None:
    """Four kinds asked at once: each stands with its own count, two clauses apart at most."""
    question = "2024年市场监管系统查处的案件中，食品安全、特种设备、价格、知识产权各有多少件？"
    part, whole = asked_part(question), asked_whole(question)
    assert part == ["食品安全", "特种设备", "价格", "知识产权"]
    cases = (
        "全市查处各类违法案件2,186件，罚没款3,418.7万元，其中食品安全案件764件、"
        "特种设备案件128件、价格违法案件93件、知识产权侵权案件41件。"
    )
    assert part_stated(part, [cases], whole) == 1.0
    one = "全市查处各类违法案件2,186件，其中食品安全案件764件。"
    assert part_stated(part, [one], whole) == 0.25


def test_a_paragraph_going_on_with_qizhong_is_read_with_the_whole_before_it() -> None:
    """Numbered short paragraphs: the whole in one, its parts in the next (34.其中物业纠纷143起)."""
    report = "33.全年排查化解矛盾纠纷356起，调解成功率98%。\n\n34.其中物业纠纷143起，邻里纠纷87起。"
    assert part_stated(["物业"], [report], ["矛盾纠纷"]) == 1.0
    apart = "33.全年排查化解矛盾纠纷356起。\n\n34.物业服务企业143家。"
    assert part_stated(["物业"], [apart], ["矛盾纠纷"]) == 0.0


def test_a_span_of_time_before_li_is_no_whole() -> None:
    assert asked_part("平江县下面各乡镇一年里把关了多少份决策、文件和协议？") == []
    assert asked_part("这一年中有多少件是涉企案件？") == []
