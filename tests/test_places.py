"""Places in questions: sound-alike spellings of a report's place, places no report is from."""

from __future__ import annotations

import pytest

from index.models import Document, DocumentMeta
from qa import Engine
from qa.analyse.places.places import subject_place, unknown_places
from qa.analyse.query import QueryAnalyzer, one_letter_off
from qa.answer.confidence.asked.years import uncovered_years
from qa.answer.confidence.checks import named_reports, report_words_only

XIHU = "004_3d0055e514a18dc0"  # 溪湖区 2023
CHAHE = "003_fbe45d23903cb0be"  # 岔河镇 2023
DULIU = "002_49a388d3305da3e0"  # 独流镇 2024


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("溪胡区查监管企业发现了多少安全隐患", XIHU),  # 胡 for 湖: typed by pinyin
        ("岔和镇有执法资格的有几个人", CHAHE),
        ("独留镇区执法局派了几个人", DULIU),
    ],
)
def test_a_place_spelt_with_sound_alike_characters_is_that_place(
    engine: Engine, question: str, doc_id: str
) -> None:
    info = engine.analyzer.analyze(question)
    assert info.doc_ids == (doc_id,)
    assert not unknown_places(question, engine.analyzer.places) or info.doc_ids


def test_a_sound_alike_with_another_suffix_is_not_the_place(engine: Engine) -> None:
    # 溪湖 is a 区, not a 镇
    assert engine.analyzer.analyze("溪胡镇查监管企业发现了多少安全隐患").doc_ids == ()


def test_a_real_place_with_the_same_sound_is_another_place(lenient: Engine) -> None:
    question = "西湖区2023年办理了多少件行政复议案件？"  # 西湖区 (杭州) sounds like 溪湖区
    assert lenient.analyzer.analyze(question).doc_ids == ()
    assert unknown_places(question, lenient.analyzer.places) == ["西湖区"]
    assert "西湖区" in (lenient.ask(question).reason or "")


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("杨柳青镇2024年清理了多少起占道经营？", ["杨柳青镇"]),  # a gazetteer name jieba cuts
        ("深圳市南山区2023年有哪些亮点？", ["南山区"]),  # 南山区 is not 南村镇; 深圳市 its parent
        ("青岛平度市南村镇2023年调解了多少件？", ["平度市南村镇"]),  # not 番禺区's 南村镇
        ("南村镇在番禺区法治镇街考核中排名第几？", []),  # 法治镇 is no place
        ("车辆镇去年做了多少件法律援助", []),  # one character off 车辋镇: a slip
        ("番禺区石碁镇2022年出庭应诉率是多少？", ["石碁镇"]),  # the ministry's spelling (石基镇)
        ("番禺区南村镇2022年出庭应诉率是多少？", []),
        ("各乡镇如何开展八五普法？", []),  # places in general, not a name
        ("哪些乡镇街道开展了普法？", []),
        ("独流镇“安平乡贤调解团”有多少名调解员？", []),  # 安平乡 reads on into 乡贤
        ("安平乡2023年调解了多少件？", ["安平乡"]),  # the same township named on its own
        ("回族乡贤调解室设在哪个镇？", []),
        ("独流镇“东白湖山乡调解室”调处了多少纠纷？", []),  # 湖山乡: a piece of a quoted name
        ("独流镇“湖山乡调解室”调处了多少纠纷？", ["湖山乡"]),  # a name opening with a place
        ("《静海区安平乡发展规划》由谁起草？", []),  # 安平乡: a piece of a document's title
    ],
)
def test_unknown_places(engine: Engine, question: str, unknown: list[str]) -> None:
    assert unknown_places(question, engine.analyzer.places) == unknown


def test_a_town_no_report_is_from_within_a_reported_district_is_refused(lenient: Engine) -> None:
    question = "番禺区石楼镇2022年开展了哪些普法活动？"  # 南村镇's report is 番禺区's only one
    info = lenient.analyzer.analyze(question)
    assert info.parent_only and info.doc_ids
    answer = lenient.ask(question)
    assert not answer.answerable and "石楼镇" in (answer.reason or "")
    assert lenient.ask("番禺区2022年开展了哪些普法活动？").answerable


def test_words_no_report_uses_do_not_count_against_a_passage(engine: Engine) -> None:
    documents = list(engine.documents.values())
    weights = report_words_only({"法律援助": 2.0, "喵呜喵呜": 3.0}, documents)
    assert weights == {"法律援助": 2.0, "喵呜喵呜": 0.0}


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        ("车辋镇2021年度法律顾问审查了多少件合同？", True),  # its report is of 2023
        ("岔河镇2022年做了什么？", True),
        ("车辋镇2023年法律顾问审查了多少件合同？", False),
        ("独流镇2025年准备怎么加强执法队伍？", False),  # the 2024 report's plans
    ],
)
def test_a_year_no_report_of_the_place_covers_is_refused(
    lenient: Engine, question: str, refused: bool
) -> None:
    info = lenient.analyzer.analyze(question)
    named = named_reports(info, list(lenient.documents.values()))
    assert bool(uncovered_years(info, named)) is refused
    reason = lenient.ask(question).reason or ""
    assert ("covers" in reason) is refused


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("静海区2024年全区持有行政执法证的人员有多少？", "静海区"),
        ("请问兰陵县2023年一共办理了多少件法律援助案件？", "兰陵县"),
        ("有个区2023年收到几件行政复议申请？", None),  # no name
        ("听说有个镇在村社区服务站搞了远程政务服务点", None),
        ("本溪市2023年法治政府建设群众满意度测评得了多少分？", "本溪市"),  # 本溪, not 本市
        ("全椒县2023年办了多少件？", "全椒县"),  # 全椒, not 全县
        ("哪些乡镇在化解矛盾纠纷时提到了枫桥经验？", None),
        ("全区2023年行政复议多少件", None),
        ("番禺 重大行政决策程序 工作指引", None),  # no suffix: a name within a title
        ("番禺区南村镇2022年主动公开了多少条信息？", None),  # the district, then the town
    ],
)
def test_the_place_a_question_opens_with(question: str, subject: str | None) -> None:
    assert subject_place(question) == subject


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("西青区2024年全区持有行政执法证的人员有多少？", "no indexed report is from 西青区"),
        # 独流镇 lies in 静海区 (the gazetteer's chain): its report is not the district's
        ("静海区2024年全区持有行政执法证的人员有多少？", "not of 静海区 as a whole"),
        ("兰陵县2023年全县一共办理了多少件法律援助案件？", "not of 兰陵县 as a whole"),
        ("本溪市2023年法治政府建设群众满意度测评得了多少分？", "not of 本溪市 as a whole"),
        ("彰化县溪湖镇的法治政府建设报告里提到哪些调解成果？", "no indexed report is from 彰化县"),
        ("溪湖区2023年收到几件行政复议申请？", None),  # its own report
        ("溪胡区2023年收到几件行政复议申请？", None),  # typed by sound
    ],
)
def test_a_question_about_a_place_without_its_own_report(
    lenient: Engine, dense_off: Engine, question: str, reason: str | None
) -> None:
    if reason is None:
        answer = lenient.ask(question)
        assert answer.answerable, answer.reason
    else:  # a place no report is from refuses alone; a region as a whole is weighed
        answer = dense_off.ask(question)
        assert not answer.answerable and reason in (answer.reason or "")


def test_a_place_typed_by_sound_is_no_topic_word(dense_off: Engine) -> None:
    # 独留镇 is 独流镇 typed by sound: its characters are not what the question asks about
    question = "独留镇城管去年清了多少个零散摊子啊"
    _, info, hits, cross = dense_off.evidence(question, 5, None)
    evidence = dense_off.judge.evidence(info, hits, cross)
    assert evidence.values["missing_terms"] == 0 and evidence.values["coverage"] >= 0.25
    assert dense_off.analyzer.analyze("独留镇城管去年清了多少个零散摊子啊").doc_ids == (DULIU,)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("How many stalls did Tangguantun Town clear in 2024?", ["Tangguantun Town"]),
        ("How many disputes did Tangguantun town mediate?", ["Tangguantun town"]),
        ("In Xihu District, how many review cases were there?", []),
        ("How did Nan Cun Town handle disputes?", []),
        ("Which District handled more cases?", []),
        ("What did Panyu District publish?", []),  # a parent region
        ("How many cases did Shengzhou receive in 2023?", ["Shengzhou"]),  # a county, bare
        ("How many cases did Panyu receive in 2023?", []),  # a report's place, bare
        # a town of a report's county, bare; one of a county no report is from is not known
        ("How many disputes did the Dazhongcun judicial office mediate?", ["Dazhongcun"]),
        ("How many disputes did the Dongjingcheng judicial office mediate?", []),
        ("How do officials study Xi Jinping Thought on the Rule of Law?", []),  # a person
    ],
)
def test_english_names_of_places(engine: Engine, question: str, unknown: list[str]) -> None:
    assert unknown_places(question, engine.analyzer.places) == unknown


def test_a_reported_stem_with_another_suffix_is_another_place(engine: Engine) -> None:
    assert engine.analyzer.analyze("彰化县溪湖镇提到哪些调解成果？").doc_ids == ()  # not 溪湖区
    assert engine.analyzer.analyze("溪湖2023年调解了多少件").doc_ids == (XIHU,)


def test_a_thing_named_after_a_place_names_no_report(engine: Engine) -> None:
    # 枫桥经验, 枫桥式司法所: a way of working named after a town, spoken of everywhere
    assert engine.analyzer.analyze("哪些报告提到了溪湖经验？").doc_ids == ()
    assert engine.analyzer.analyze("新获评“溪湖式调解室”的有几个？").doc_ids == ()
    assert engine.analyzer.analyze("溪湖区2023年调解了多少件").doc_ids == (XIHU,)


def test_a_place_inside_a_quoted_name_names_no_report(engine: Engine) -> None:
    # a brand or a product named after a place (“溪湖”商标, “溪湖蜜桔”) is spoken of anywhere
    assert engine.analyzer.analyze("哪份报告提到了侵犯“溪湖”注册商标的案件？").doc_ids == ()
    assert engine.analyzer.analyze("“溪湖蜜桔”地理标志是哪份报告提到的？").doc_ids == ()


@pytest.mark.parametrize(
    ("question", "doc_ids"),
    [
        ("How many study sessions did Chawang town hold in 2023?", ("000_8aada575c1984193",)),
        ("In Chawang, how many?", ("000_8aada575c1984193",)),
        ("Nan Cum town cases", ("001_309042e87f77b6c8",)),
        ("What about a soft landing for disputes?", ()),  # not Lanling: no capital
    ],
)
def test_an_english_place_name_one_letter_off(
    engine: Engine, question: str, doc_ids: tuple[str, ...]
) -> None:
    assert engine.analyzer.analyze(question).doc_ids == doc_ids


def test_one_letter_off() -> None:
    assert one_letter_off("chewang", "chawang") and one_letter_off("nancun", "nancum")
    assert one_letter_off("lanling", "lanlin") and not one_letter_off("chewang", "chewang")
    assert not one_letter_off("xihu", "xihe")  # too short to tell


def test_a_report_s_place_name_under_another_parent_is_another_place(engine: Engine) -> None:
    """青岛平度市南村镇 is not 番禺区's 南村镇: no report is from it."""
    question = "青岛平度市南村镇2023年调解成功率是多少？"
    assert engine.analyzer.analyze(question).doc_ids == ()
    answer = engine.ask(question)
    assert not answer.answerable and answer.reason is not None
    assert "平度市南村镇" in answer.reason
    assert engine.analyzer.analyze("广州南村镇2023年调解成功率是多少？").doc_ids


def _report(doc_id: str, region: str, parents: tuple[str, ...]) -> Document:
    meta = DocumentMeta(title=f"{region}报告", region=region, parents=parents, year=2022)
    return Document(doc_id, f"{doc_id}.txt", f"{region}推进法治建设。", "", meta=meta)


def test_a_report_whose_parents_are_unknown_may_be_under_any_parent_named() -> None:
    """花园街道 (many divisions share the name; its report names none above it) is the one a
    question puts under 新乡市牧野区, in Chinese or in English."""
    analyzer = QueryAnalyzer([_report("hy", "花园街道", ())])
    info = analyzer.analyze("新乡市牧野区花园街道2022年聘请了几名法律顾问？")
    assert info.doc_ids == ("hy",) and info.unknown_places == ()
    assert {"牧野区", "新乡市"} <= set(info.divisions)
    english = analyzer.analyze("How many lawyers did Huayuan Subdistrict in Muye District hire?")
    assert english.doc_ids == ("hy",) and english.unknown_places == ()


def test_a_division_its_parent_picks_out_is_no_slip_for_a_report_s_place() -> None:
    """安丘市兴安街道 is a real division beside 安丘市新安街道, not a slip of one character."""
    analyzer = QueryAnalyzer([_report("xa", "新安街道", ("山东省", "潍坊市", "安丘市"))])
    assert analyzer.analyze("安丘市兴安街道开展了多少场普法活动？").unknown_places == ("兴安街道",)
    assert analyzer.analyze("安丘市新安街道开展了多少场普法活动？").unknown_places == ()


def test_towns_of_a_place_are_no_other_place() -> None:
    """瑞金乡镇 is 瑞金's towns: neither 金乡镇 (a town elsewhere) nor a 瑞金乡."""
    analyzer = QueryAnalyzer([_report("rj", "瑞金市", ("江西省", "赣州市"))])
    info = analyzer.analyze("2023年瑞金乡镇执法人员持证率提高到了多少？")
    assert info.doc_ids == ("rj",) and info.unknown_places == ()


def test_a_place_typed_with_the_same_sound_is_a_slip_unless_it_is_a_division() -> None:
    """桃园县 (a word of the dictionary, no division of the gazetteer) typed for 桃源县 is a slip;
    西湖区 sounds like 溪湖区 and is a district of its own."""
    analyzer = QueryAnalyzer(
        [
            _report("ty", "桃源县", ("湖南省", "常德市")),
            _report("xh", "溪湖区", ("辽宁省", "本溪市")),
        ]
    )
    assert analyzer.analyze("桃园县2023年行政复议申请收了多少件").unknown_places == ()
    assert analyzer.analyze("西湖区2023年行政复议申请收了多少件").unknown_places == ("西湖区",)


def test_a_division_beside_a_report_s_place_is_no_slip_for_it() -> None:
    """热市镇 is a town of 桃源县 like 陬市镇, one character apart: another town; 邹市镇 is a
    slip."""
    analyzer = QueryAnalyzer([_report("zs", "陬市镇", ("湖南省", "常德市", "桃源县"))])
    assert analyzer.analyze("热市镇2023年办理了多少件案件？").unknown_places == ("热市镇",)
    assert analyzer.analyze("邹市镇2023年办理了多少件案件？").doc_ids == ("zs",)


def test_a_division_that_sounds_otherwise_is_no_slip_for_a_report_s_place() -> None:
    """淑村镇 (a town of 武安市) is one character off 南村镇 and sounds otherwise: another town."""
    analyzer = QueryAnalyzer([_report("nc", "南村镇", ("广东省", "广州市", "番禺区"))])
    assert analyzer.analyze("淑村镇2023年调解了多少件矛盾纠纷？").unknown_places == ("淑村镇",)


def test_names_in_brackets_are_parts_of_the_place_asked() -> None:
    """(Dongguan and Xiguan areas) are 圣城街道's neighbourhoods, not the city of 东莞."""
    analyzer = QueryAnalyzer([_report("sc", "圣城街道", ("山东省", "潍坊市", "寿光市"))])
    question = "In Shengcheng subdistrict's urban renewal (Dongguan and Xiguan areas), how many?"
    assert analyzer.analyze(question).unknown_places == ()
    assert analyzer.analyze("How many cases did Dongguan handle?").unknown_places == ("Dongguan",)


def test_an_english_name_in_another_reading_of_its_characters() -> None:
    """厦坪镇 reads shaping by default; its English name is Xiaping."""
    analyzer = QueryAnalyzer([_report("xp", "厦坪镇", ("江西省", "吉安市", "井冈山市"))])
    info = analyzer.analyze("What does Xiaping Town plan for 2021?")
    assert info.doc_ids == ("xp",) and info.unknown_places == ()


def test_a_province_is_named_by_its_full_name_or_in_english() -> None:
    analyzer = QueryAnalyzer(
        [
            _report("sy", "苏阳乡", ("河北省", "石家庄市", "元氏县")),
            _report("fy", "复原乡", ("江西省", "九江市", "修水县")),
        ]
    )
    assert analyzer.analyze("江西省的乡镇有哪些报告？").doc_ids == ("fy",)
    assert analyzer.analyze("Which places in Hebei province have a report?").doc_ids == ("sy",)
    assert analyzer.analyze("江西有哪些做法？").doc_ids == ()  # a short name says too little


def test_a_kind_asked_below_a_place_named_is_about_its_divisions() -> None:
    """ "寿光哪个镇…" asks about the towns of 寿光市: their reports are ranked first, 寿光市's own
    (which tells of its towns too) stays searchable; a kind the place has none of below it
    leaves the place's own reports."""
    analyzer = QueryAnalyzer(
        [
            _report("sg", "寿光市", ("山东省", "潍坊市")),
            _report("dt", "稻田镇", ("山东省", "潍坊市", "寿光市")),
            _report("sc", "圣城街道", ("山东省", "潍坊市", "寿光市")),
        ]
    )
    town = analyzer.analyze("寿光哪个镇设了蔬菜产业纠纷调解室？")
    assert town.ranked_first == ("dt",) and set(town.doc_ids) == {"dt", "sg"}
    towns = analyzer.analyze("寿光哪个镇街设了法官工作室？")
    assert set(towns.ranked_first) == {"dt", "sc"} and set(towns.doc_ids) == {"dt", "sc", "sg"}
    assert analyzer.analyze("寿光市2023年办理了多少件行政复议案件？").doc_ids == ("sg",)
    assert analyzer.analyze("寿光市哪个县有调解室？").doc_ids == ("sg",)


def test_a_report_asked_of_a_place_is_any_report_of_it_or_below_it() -> None:
    """ "哪份报告提到…" naming a place (as the owner of a firm, a list, a project) asks which of
    its reports, or of those below it, says so; not its own report alone."""
    analyzer = QueryAnalyzer(
        [
            _report("sh", "上海市", ()),
            _report("cm", "崇明区", ("上海市",)),
            _report("cq", "城桥镇", ("上海市", "崇明区")),
        ]
    )
    firm = analyzer.analyze("上海瀛洲律师事务所出现在哪些报告里？")
    assert set(firm.doc_ids) == {"sh", "cm", "cq"}
    assert analyzer.analyze("上海市2023年办理了多少件行政复议案件？").doc_ids == ("sh",)


def test_a_place_of_two_characters_is_named_in_pinyin_whole() -> None:
    analyzer = QueryAnalyzer([_report("pz", "铺镇", ("陕西省", "汉中市", "汉台区"))])
    asked = analyzer.analyze("Which law firm advises the Puzhen town government?")
    assert asked.doc_ids == ("pz",) and asked.unknown_places == ()
    assert analyzer.analyze("How many cases did Zhuzhen town mediate?").unknown_places == (
        "Zhuzhen town",
    )


def test_a_short_form_inside_a_word_names_no_place() -> None:
    """市中 (of 市中区) in "全市中小学" begins inside 全市: the question names 乐山 alone."""
    analyzer = QueryAnalyzer(
        [
            _report("ls", "乐山市", ("四川省",)),
            _report("sz", "市中区", ("四川省", "乐山市")),
        ]
    )
    assert analyzer.analyze("乐山全市中小学配备的法治副校长总数是多少？").doc_ids == ("ls",)
    assert analyzer.analyze("乐山市中区2023年的报告文号是多少？").doc_ids == ("sz",)
