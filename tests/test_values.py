"""Questions that ask a day, a rank, a cause or a person's name
(``qa.answer.statements.values``)."""

from __future__ import annotations

import pytest

from qa import Engine
from qa.answer.statements.values import asked_values, documents_named, names_document, states_value


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("岔河镇上半年那次法治建设工作推进会是哪天开的？", ["day"]),
        ("调解中心是几月几日挂牌的？", ["day"]),
        ("南村镇在番禺区法治镇街考核中排名第几？", ["rank"]),
        ("What was Nancun's ranking in the district assessment?", ["rank"]),
        ("独流镇请的政府法律顾问律师叫什么名字？", ["person"]),
        ("What is the name of the Party secretary of Chewang Town?", ["person"]),
        ("What is the name of Meizhou's mayor who signed the report?", ["person"]),
        ("法治文化公园建成了吗？是哪个月建成的？", ["time"]),  # a month asked
        ("陈素梅是哪一年被评为“人民调解能手”的？", ["time"]),  # the year of an honour
        ("哪个月的报告提到了调解？", []),  # a report asked by its month
        ("Who is the director of the Yongji Municipal Justice Bureau?", ["person"]),
        ("Who heads the Yueyang Market Supervision Bureau?", ["person"]),
        ("Who published the Yongji report?", []),  # the publisher, a header's field
        ("溪湖区的报告是谁发布的？", []),  # an office publishes: no personal name asked
        ("执法队的队长叫什么名字？", ["person"]),
        ("街道打造的普法品牌叫什么名字？", ["title"]),  # a brand's name, no person's
        ("没办结的那部分是什么原因？", ["cause"]),
        ("独流镇自己承认法律服务这块有什么短板，原因是啥？", ["cause"]),
        ("调解中心是2024年几月建的？", []),  # a month: not asked to the day
        ("独流镇2024年行政复议做了什么？", []),
        ("溪湖区外聘的政府法律顾问是哪家律师事务所？", ["firm"]),
        ("Which law firm did Duliu Town engage?", ["firm"]),
        ("律师事务所有几家？", []),  # how many, not which
        ("罚款中单笔最大的一笔是多少钱？", ["maximum"]),
        ("全年罚款多少钱？", []),
        ("移送公安的2件案件涉嫌什么罪名？", ["charge"]),
        ("新制定的6件政府规章分别叫什么？", ["title"]),
        ("有没有犯罪记录？", []),
        ("夹江县陶瓷产业劳动争议调解工作室设在哪个镇？", ["location"]),
        ("报告是哪个单位在哪天发布的？", ["day"]),  # 单位在哪天: no place asked
        ("联席会议办公室设在哪个部门？", []),  # a body asked, not a place
        ("老杨调解室获得过什么省级荣誉称号？", ["honour"]),
        ("坐班的退休法官是从哪个法院退休的？", ["court"]),
        ("县里的司法鉴定机构叫什么名字？", ["body"]),
        ("调解中心几号挂牌？", ["day"]),
        ("令第几号？", []),  # a number, not a day
    ],
)
def test_asked_values(question: str, kinds: list[str]) -> None:
    assert asked_values(question) == kinds


@pytest.mark.parametrize(
    ("kind", "sentence", "states"),
    [
        ("day", "3月15日召开法治建设工作推进会。", True),
        ("day", "上半年召开法治建设工作推进会。", False),
        ("rank", "在全区考核中排名第2。", True),
        ("rank", "位列全区前三名。", True),
        ("rank", "认真做好法治镇街考核工作。", False),
        ("person", "镇党委书记张三主持召开会议。", True),
        ("person", "聘请李明律师担任法律顾问。", True),
        # a name the tagger cuts after its surname (律师 | 张 | 明远), between roles
        ("person", "聘请四川诗城律师事务所律师张明远担任镇政府法律顾问。", True),
        ("person", "执法队聚焦王府井步行街、故宫周边等重点区域。", False),  # a street
        # a name cut after its surname, after a role and before a time (律师 | 李 | 振华 | 每月)
        ("person", "调解室由广东梅华律师事务所律师李振华每月固定坐班2次。", True),
        # … or read as a surname and followed by a role (事务所 | 叶 | 振华 | 律师)
        ("person", "浙江明澜律师事务所叶振华律师牵头完成法律风险评估。", True),
        ("person", "赵春阳律师还每月到镇公共法律服务工作站坐班2天。", True),
        ("person", "组织万名律师参与公益法律服务。", False),  # a number of lawyers
        ("person", "法律顾问团由公职律师和律师事务所律师组成。", False),  # a body
        ("cause", "主要原因是基层法治专业人员力量不足。", True),
        ("cause", "答复的规范性仍需加强，引发的行政复议案件有所增多。", True),
        ("maximum", "单笔罚款最高2万元。", True),
        ("maximum", "罚款金额4.6万元。", False),
        ("cause", "议案提案办结率达87%。", False),
        ("person", "聘用天津树刚律师事务所负责独流镇党委、政府法律顾问工作。", False),  # a firm
        ("firm", "聘用天津树刚律师事务所负责独流镇党委、政府法律顾问工作。", True),
        ("person", "由河北范阳律师事务所选派2名律师定期坐班。", False),  # 范阳: the firm's
        ("firm", "建立以内部法律顾问为主体、外聘法律顾问为补充的法律顾问队伍。", False),
        ("firm", "构建司法所、律师事务所、基层法律服务所“四所一庭”体系。", False),  # a kind
        ("firm", "乡政府聘请安徽金寨某律师事务所律师担任常年法律顾问。", False),  # held back
        ("firm", "乡政府聘请湖北维思德（宜昌）律师事务所律师担任法律顾问。", True),  # its seat
        ("charge", "移送涉嫌生产销售伪劣产品罪案件2件。", True),
        ("charge", "移送涉嫌犯罪案件2件。", False),  # crime, no crime's name
        ("title", "制定政府规章6件、修改9件。", False),
        ("location", "在松林店镇设立企业法律服务站。", True),
        ("location", "依托篁岭、汪口等景区，设立旅游纠纷人民调解室3个。", True),
        ("location", "建成宪法主题公园1个。", False),
        ("day", "制定政府规章《某某办法》（市人民政府令第9号）。", False),  # a number
        ("day", "自2024年10月1日起施行。", True),
        ("honour", "“老杨调解室”被评为全市“金牌调解室”。", True),
        ("honour", "发挥“老杨调解室”示范带动作用。", False),
        ("court", "由湄潭县人民法院退休法官坐班。", True),
        ("court", "由2名退休法官和3名资深人民调解员组成。", False),
        ("body", "委托宁城县司法鉴定中心开展鉴定。", True),
        ("body", "成立“老兵”调解协会。", True),
        ("body", "司法鉴定机构办理鉴定案件214件。", False),  # the kind alone
        ("body", "开通“公证最多跑一次”事项42项；司法鉴定机构办理鉴定案件。", False),
        ("person", "叶集镇“老支书”调解室由3名退休村党支部书记担任调解员。", False),  # a town
    ],
)
def test_states_value(kind: str, sentence: str, states: bool) -> None:
    assert states_value(kind, sentence) is states


@pytest.mark.parametrize(
    "question",
    [
        "岔河镇上半年那次法治建设工作推进会是哪天开的？",
        "南村镇在番禺区法治镇街考核中排名第几？",
        "独流镇请的政府法律顾问律师叫什么名字？",
        "溪湖区人大议案政协提案办结率只有87%，没办结的那部分是什么原因？",
        "溪湖区外聘的政府法律顾问是哪家律师事务所？",
    ],
)
def test_a_value_no_report_states_is_refused(dense_off: Engine, question: str) -> None:
    answer = dense_off.ask(question)
    assert not answer.answerable and "asked for" in (answer.reason or "")


def test_a_firm_the_report_names_is_answered(dense_off: Engine) -> None:
    answer = dense_off.ask("独流镇聘请的政府法律顾问是哪家律师事务所？")
    assert answer.answerable, answer.reason


def test_the_name_of_a_plan_is_a_title_not_a_persons_name() -> None:
    """ "实施方案叫什么名字" asks a title, which a quoted name states; "律师叫什么名字" a person."""
    question = "马鞍山乡制定的“八五”普法实施方案叫什么名字？"
    assert asked_values(question) == ["title"]
    assert states_value("title", "制定《马鞍山乡“八五”普法实施方案（2021—2025年）》")
    assert not states_value("title", "制定普法实施方案，推进普法工作。")
    assert asked_values("驻村法律顾问叫什么名字？") == ["person"]


def test_when_asked_is_answered_by_a_sentence_dating_it() -> None:
    """ "什么时候建成" asks a time, which a year or a month states; "哪天" stays a day."""
    assert asked_values("法治文化公园计划什么时候建成？") == ["time"]
    assert asked_values("推进会是哪天开的？什么时候通知的？") == ["day"]
    assert states_value("time", "调解平台于2021年3月建成。")
    assert states_value("time", "公园预计年底建成。")
    assert not states_value("time", "加强法治文化阵地建设，打造法治文化公园。")
    assert asked_values("When was the mediation platform set up?") == ["time"]
    assert asked_values("When Xihu District took over these functions, how many staff moved?") == []


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("选树的12名执法办案能手分别是谁？", ["person"]),  # people asked by name, any role
        ("提请关闭取缔的3家企业是哪几家？", ["firm"]),  # firms asked by name
        ("哪几家企业被约谈？", ["firm"]),
        ("“四所一庭”具体指哪几家？", []),  # a set of bodies, not firms
        ("主要是哪些人？", []),  # roles answer it, not names
    ],
)
def test_names_asked_of_people_or_firms_in_a_count(question: str, kinds: list[str]) -> None:
    assert asked_values(question) == kinds
    if kinds:  # a report that only counts them does not state them
        assert not states_value(kinds[0], "全年选树执法办案能手12名，提请关闭取缔企业3家。")


def test_experts_asked_by_which_are_people_asked_by_name() -> None:
    assert asked_values("2023年“绍兴法治大讲堂”请了哪些专家主讲？") == ["person"]
    assert asked_values("法治讲座由谁主讲？") == ["person"]
    assert asked_values("哪些专家库成员参与了论证？") == []  # the pool, not a person


def test_a_value_of_a_document_named_is_in_a_sentence_naming_it() -> None:
    question = "《云南省大理白族自治州乡村清洁条例》从什么时候开始施行？"
    assert documents_named(question) == ["云南省大理白族自治州乡村清洁条例"]
    assert names_document(
        documents_named(question)[0], "《大理白族自治州乡村清洁条例（草案）》已完成一审"
    )
    assert not names_document(documents_named(question)[0], "《消费者权益保护法实施条例》施行")


def test_which_year_asked_needs_the_year_itself() -> None:
    """ "哪一年成立的" is not answered by a plan's "年内推广"; "什么时候" may be."""
    plan = "三是深化“邻里和”调解工作室品牌建设，年内在芳林社区复制推广“邻里和”调解模式。"
    year = "“邻里和”调解工作室于2021年设立。"
    asked = "“邻里和”调解工作室是哪一年成立的？"
    assert not states_value("time", plan, asked) and states_value("time", year, asked)
    assert states_value("time", plan, "“邻里和”调解模式什么时候推广？")


def test_a_day_of_the_week_something_recurs_on_states_a_day() -> None:
    """ "哪天去能找到律师" is answered by "律师每周二坐班"; "每周一次" names no day."""
    assert states_value("day", "律师每周二到镇便民服务中心坐班。")
    assert not states_value("day", "律师每周一次到村开展法律咨询。")


def test_a_conjunction_that_is_also_a_surname_names_no_one() -> None:
    # 和 joins two roles here (调解员 | 和 | 驻点 | 律师); it is no 和 surname before a given name
    assert not states_value("person", "由司法所工作人员、人民调解员和驻点律师现场接受咨询。")
