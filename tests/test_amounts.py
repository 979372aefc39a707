"""Amounts asked and stated (``qa.answer.statements.amounts``) and how they steer the answer
sentence."""

from __future__ import annotations

import pytest

from qa.answer.sentences import Wanted, score_sentence, with_item_leads
from qa.answer.statements.amounts import (
    asked_units,
    asks_amount,
    asks_change_only,
    asks_share,
    change_figures,
    clauses,
    counted,
    counted_in,
    counts_another,
    money_of_another,
    quotes_a_name,
    rates,
    same_kind,
    states_amount,
    states_count,
)


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("岔河镇2023年的法律援助经费是多少万元？", ["万元"]),
        ("有几支兼职应急救援队？救援人员总共有多少人？", ["支", "人"]),
        ("洪涝灾害后给受灾群众发了多少救助款？", ["元"]),  # a sum of money by its name
        ("帮村民把被拖的工资要回来多少？", ["元"]),
        ("贷款多少笔？", []),
        ("收集到多少条群众意见建议", ["条"]),
        ("独流镇目前有多少种专项应急预案？", ["种"]),  # stated "十五种专项应急预案"
        ("平均分是多少？", []),
        ("行政诉讼案件的败诉率是多少？", ["%"]),  # a rate is asked in per cent
        ("调解成功率多高", ["%"]),
        ("建设法治文化广场一共投入了多少资金？", ["元"]),  # money with no unit: yuan
        ("农贸市场升级改造项目总投资是多少？", ["元"]),  # an investment, an output value
        ("桑蚕产业产值是多少？", ["元"]),
        ("发放补贴多少人？", ["人"]),  # a unit written is the one asked
        ("丧葬补贴一年接收办件多少", []),  # what is counted comes after the subsidy
        ("处罚案件罚没款总额是多少？", ["元"]),
        ("行政复议调撤率要达到多少？", ["%"]),  # a rate asked with a verb between
        ("法律顾问团的顾问费是多少？", ["元"]),  # a fee: money
        ("每年要付多少服务费？", ["元"]),
        ("How much did the town spend on legal aid?", ["元"]),
        ("“一网通办”率2022年和2023年各是多少？", ["%"]),  # a quoted name, two years asked
        ("违法建设案件罚了多少？", ["元"]),  # a fine asked by its verb
        ("为企业挽回了多少经济损失？", ["元"]),
        ("茶园面积有多大？", ["平方米"]),  # an area: in square metres, mu, hectares
        ("拆除违法建设多少处、多大面积？", ["处", "平方米"]),
        ("拆违建拆了多少平方？", ["平方"]),
    ],
)
def test_asked_units(question: str, units: list[str]) -> None:
    assert asked_units(question) == units and asks_amount(question)


@pytest.mark.parametrize("question", ["How many cases were there?", "how much funding", "几场"])
def test_asks_amount_in_both_languages(question: str) -> None:
    assert asks_amount(question)


def test_a_plain_question_asks_no_amount() -> None:
    assert not asks_amount("独流镇聘请了哪家律师事务所？") and asked_units("行政复议") == []


@pytest.mark.parametrize(
    "question",
    [
        "调解平台是哪年几月建起来的？",
        "几号开的会",
        "几点开门",
        "去了哪几个学校",
        "这几份报告分别是哪一年度的？",
        "这份报告的索引号是多少？",  # a catalogue number: a value, not an amount
        "市监局2022年报告的文号是多少？",  # a number that names, not an amount
        "12345热线电话是多少？",
    ],
)
def test_asking_when_is_not_asking_how_many(question: str) -> None:
    assert not asks_amount(question)


@pytest.mark.parametrize(
    "question",
    ["几份报告都提到了“枫桥经验”？", "有几个乡镇开展了八五普法", "How many reports mention it?"],
)
def test_counting_reports_or_places_is_not_an_amount_in_them(question: str) -> None:
    assert not asks_amount(question) and asked_units(question) == []


def test_money_is_money() -> None:
    assert states_amount("投入资金120万元", same_kind("元"))
    assert not states_amount("新建法治文化广场2个,共计5件", same_kind("元"))


@pytest.mark.parametrize(
    ("asked", "stated", "answers"),
    [
        ("宗", "办理公证事务86宗", True),
        ("宗", "办理公证事务86件", True),  # counters of the same kind of thing
        ("份", "合同审查39件", True),
        ("名", "执法辅助人员7人", True),
        ("场", "开展法治宣传128场次", True),
        ("%", "满意率达到98.6%", True),
        ("名", "配备34个项目管家", True),  # 个 counts anything ...
        ("万元", "配备34个项目管家", False),  # ... but money
        ("万元", "受理案件20件", False),  # money is money
        ("件", "培训执法人员120人", False),  # people are not cases
        ("次", "行政诉讼案件3件", True),  # how often: as many as were counted
        ("场", "行政诉讼案件3件", True),
        ("次", "培训执法人员120人", False),
        ("天", "审批时间压缩至60个工作日以内", True),  # working days are days
    ],
)
def test_same_kind_units_answer_each_other(asked: str, stated: str, answers: bool) -> None:
    assert states_amount(stated, same_kind(asked)) is answers


@pytest.mark.parametrize(
    ("sentence", "units", "stated"),
    [
        ("全年共收到行政复议申请5件。", ["件"], True),
        ("培养法律明白人三十余名。", ["名"], True),
        ("全年共收到行政复议申请5件。", ["名"], False),
        ("组织学习2次。", [], True),  # no unit named: any digit
        ("持续推进法治政府建设。", [], False),
    ],
)
def test_states_amount(sentence: str, units: list[str], stated: bool) -> None:
    assert states_amount(sentence, units) is stated


def test_a_number_in_the_asked_unit_beats_any_number() -> None:
    wanted = Wanted.of("溪湖区一共有多少名行政执法人员？")
    weights = {"执法": 1.0}
    in_unit = score_sentence("执法人员共计120名。", weights, wanted)
    other_number = score_sentence("执法信息公示52条。", weights, wanted)
    no_number = score_sentence("加强执法队伍建设。", weights, wanted)
    assert in_unit > other_number > no_number
    assert score_sentence("执法人员共计120名。", weights) == pytest.approx(1.0)  # nothing asked


@pytest.mark.parametrize(
    ("clause", "counts"),
    [
        ("召开相关会议及培训3次", True),
        ("发现并整改安全隐患375处", True),
        ("出庭应诉率达100%", False),  # a share, unless shares are asked (below)
        ("落实“三项制度”", False),  # part of a name
        ("专项治理三年行动方案(2023-2025年)", False),  # years
        ("2024年5月12日", False),  # a date
        ("推进法治政府建设", False),
    ],
)
def test_states_count(clause: str, counts: bool) -> None:
    assert states_count(clause) is counts


def test_a_share_counts_when_shares_are_asked_and_a_name_when_names_are() -> None:
    assert states_count("出庭应诉率达100%", shares=True)
    assert states_count("建立“3所1庭”机制", names=True)
    assert asks_share("各地出庭应诉率分别是多少？") and asks_share("多少比例通过网站公开？")
    assert not asks_share("调解了多少件纠纷？")


@pytest.mark.parametrize(
    ("sentence", "question", "stated"),
    [
        ("全面落实“三项制度”,聚焦行政复议被纠错率", "办了多少件？", False),
        ("制定《专项治理三年行动方案(2023-2025年)》", "办了多少件？", False),
        ("创新“三所一庭”联动机制", "具体是几所一庭？", False),
        ("创新“三所一庭”联动机制", "“X所一庭”具体是几所？", True),  # it asks about the name
    ],
)
def test_a_number_in_a_name_is_no_amount(sentence: str, question: str, stated: bool) -> None:
    units = same_kind(asked_units(question)[0]) if asked_units(question) else ["件"]
    assert states_amount(sentence, units, quotes_a_name(question)) is stated


def test_clauses_split_at_commas_and_semicolons() -> None:
    assert clauses("召开会议3次,下达意见3条；出庭应诉率达100%。") == [
        "召开会议3次",
        "下达意见3条",
        "出庭应诉率达100%",
    ]


@pytest.mark.parametrize(
    ("question", "things"),
    [
        ("安置了多少转隶人员？", ["转隶人员"]),
        ("培养了多少名法律明白人", ["法律明白人"]),
        ("有几支兼职应急救援队？", ["兼职应急救援队"]),
        ("办理了多少件？", []),  # nothing named after it
        ("一共多少场次", []),
        ("法律援助经费投入了多少万元？", []),  # a counter is how it counts, not what
    ],
)
def test_counted_is_what_follows_how_many(question: str, things: list[str]) -> None:
    assert counted(question) == things


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("南村镇收到几件依申请公开申请？办结率是多少？", ["办结率"]),
        ("行政机关负责人出庭应诉率达到了多少？", ["应诉率"]),
        ("调解成功率和群众满意率分别多高？", ["成功率", "满意率"]),
        ("收到多少件行政复议申请？", []),
    ],
)
def test_the_rates_a_question_names(question: str, named: list[str]) -> None:
    assert rates(question) == named


@pytest.mark.parametrize(
    ("question", "things"),
    [
        ("综合行政执法办一共有多少名执法队员？", {"名": ["执法队员"]}),
        ("涉及多少项职能？安置了多少名转隶人员？", {"项": ["职能"], "名": ["转隶人员"]}),
        ("有多少人参加？", {}),  # a verb follows: no thing is named
        ("一共搞了多少场？", {}),
    ],
)
def test_counted_in_pairs_each_counter_with_its_thing(
    question: str, things: dict[str, list[str]]
) -> None:
    assert counted_in(question) == things


@pytest.mark.parametrize(
    ("sentence", "another"),
    [
        ("每个工作日有2名坐班律师在综治中心坐班", True),  # counts 律师
        ("配备2名以上具有法律职业资格的内部工作人员", True),
        ("现有执法队员12名", False),  # nothing after the number: not judged here
        ("配备12名执法队员", False),
        ("执法队员增加到20名以上。", False),  # 以上 bounds the figure, names nothing counted
        ("执法队员控制在20名之内。", False),  # so does 之内
        ("收集群众意见建议109条并及时办理", False),  # no counter of the kind asked
    ],
)
def test_a_number_before_another_noun_counts_another_thing(sentence: str, another: bool) -> None:
    assert counts_another(sentence, "名", "执法办有多少名执法队员？") is another


def test_a_change_asked_is_answered_by_a_share() -> None:
    """Reports give a change as a share: "比上一年少了多少" by "较上年下降37.5%", "降到多少" by
    "下降到7%以内"; a count asked in a counter is still a count."""
    assert asks_share("阜平县对企业的行政检查比上一年少了多少？")
    assert asks_share("集美区准备把行政复议纠错率降到多少？")
    assert asks_share("行政检查具体降了多少？")
    assert asks_share("执法人员中有法律专业背景的占多少？")
    assert not asks_share("法律明白人占多少名额中的几个？")
    assert not asks_share("北山街道一年办理了多少件行政复议案件？")
    assert not asks_share("有多少人持有执法证？")


def test_a_change_asked_is_answered_only_by_a_figure_of_a_change() -> None:
    """ "比2024年多了多少件" asks the difference: "审查规范性文件56件，较2024年有所增加" states
    the total and no change; "较上年下降37.5%" states one. A question also asking a count
    ("多少起？比上一年下降了多少？") keeps every figure."""
    assert asks_change_only("宁化县2025年审查的规范性文件比2024年多了多少件？")
    assert not asks_change_only("查处案件多少起？比上一年下降了多少？")
    assert not asks_change_only("全年审查了多少件规范性文件？")
    text = "全年审查规范性文件56件，较2024年有所增加。涉企检查次数较上年下降37.5%。"
    kept = change_figures(text)
    assert not states_amount(kept.split("。")[0], ["件"])
    assert "37.5%" in kept and len(kept) < len(text)


def test_an_area_is_stated_in_any_unit_of_area() -> None:
    units = same_kind("平方米")
    assert states_amount("全乡茶园面积达到2.3万亩", units)
    assert states_amount("拆除违法建筑1.2万平方米", units)
    assert not states_amount("拆除违法建筑12处", units)


def test_a_saving_or_a_cut_is_a_change() -> None:
    """ "负担减少了多少" is answered by "为企业减负1.46亿元", "压缩至1个工作日"."""
    assert "1.46" in change_figures("清理涉企收费项目27项，为企业减负1.46亿元。")
    assert "27" not in change_figures("清理涉企收费项目27项，为企业减负1.46亿元。")
    assert "1" in change_figures("受理时间压缩至1个工作日")


def test_a_thousands_separator_ends_no_clause() -> None:
    assert clauses("全年处置事件1,462件，办结率99.6%。共收到1,046件,受理927件") == [
        "全年处置事件1,462件",
        "办结率99.6%",
        "共收到1,046件",
        "受理927件",
    ]


def test_a_rate_with_its_name_quoted_is_named_without_the_quotes() -> None:
    assert rates("渝北区“一网通办”率2023年是多少？") == ["通办率"]


def test_an_item_s_lead_is_joined_to_the_sentence_after_it() -> None:
    text = "三是推进农村人居环境整治。全年投入整治资金1,380万元，完成改厕612户。"
    assert with_item_leads(text).startswith("三是推进农村人居环境整治：全年投入整治资金")
    # a sentence with a number or a clause of its own is no lead
    kept = "一是推进执法改革，组建大队。全年罚款3万元。二是开展培训3次。全年培训120人。"
    assert with_item_leads(kept) == kept


def test_days_are_counted_in_ri_but_not_in_a_date() -> None:
    days = same_kind("天")
    assert "日" in days
    assert states_amount("州本级行政复议案件平均审理期限压缩至45日以内", days)
    assert not states_amount("新修订的行政复议法自2024年1月1日起施行", days)


def test_a_table_row_s_unit_is_written_after_its_figures() -> None:
    table = (
        "| 指标 | 2023年 | 2024年 |\n| 收到行政复议申请（件） | 312 | 468 |\n| 备注(2023) | 3 | 4 |"
    )
    read = with_item_leads(table)
    assert "| 312件 | 468件 |" in read
    assert "| 3 | 4 |" in read  # a year in brackets is no unit
    assert states_amount(read.splitlines()[1], same_kind("件"))


def test_money_of_another_kind_does_not_answer_the_funds_asked() -> None:
    """Funds asked (经费, 投入) are not answered by money recovered, fined or saved."""
    question = "瑞金市2023年法律援助经费投入了多少万元？"
    assert money_of_another("开展专项活动，为农民工讨薪2860万元。", "万元", question)
    assert not money_of_another("全年投入法律援助经费120万元。", "万元", question)
    assert not money_of_another("挽回经济损失1830万元，投入经费30万元。", "万元", question)
    # a question asking the money recovered is answered by it
    assert not money_of_another("为农民工讨薪2860万元。", "万元", "为农民工讨薪多少万元？")


def test_visits_are_no_count_of_the_members_something_has() -> None:
    """接待群众来访230余人次 counts visits: no answer to how many mediators a room has (有几名),
    while a question that may be answered in 人次 (多少人参观) still takes it."""
    from qa.answer.confidence.asked.stated import counters_of

    visits = "建设“和事佬”调解室，全年接待群众来访230余人次"
    members = counters_of("名", "富安镇“和事佬”调解室一共有几名调解员？")
    assert "人次" not in members and not states_amount(visits, members, visits=False)
    assert states_amount("调解室现有调解员12名", members)
    visitors = counters_of("人", "红色法治宣传长廊2023年有多少人去参观？")
    assert states_amount("全年接待参观学习1.6万人次", visitors)
