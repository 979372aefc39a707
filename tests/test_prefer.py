"""What a question prefers beyond its words (``qa.analyse.intent.asks``, ``qa.retrieve.prefer``)."""

from __future__ import annotations

from dataclasses import replace

from index.metadata.header import ADDRESSEE_LABELS
from index.models import Document, DocumentMeta, Passage
from qa.analyse.intent.asks import (
    asked_fields,
    asked_kinds,
    asks_about_header,
    asks_day,
    named_kinds,
)
from qa.analyse.query import QueryInfo
from qa.answer.messages import Notice
from qa.retrieve.fusion import Candidate
from qa.retrieve.prefer import prefer


def test_asked_fields() -> None:
    assert "发布机构" in asked_fields("临泽县2021年的报告是由哪个机构发布的？文号是什么？")
    assert "文号" in asked_fields("临泽县2021年的报告是由哪个机构发布的？文号是什么？")
    assert "发布时间" in asked_fields("宁海路街道2024年的报告是哪天在网站上发布的？")
    assert asked_fields("岔河镇2023年办理了多少件行政复议案件？") == ()
    assert "发布日期" in asked_fields("大田乡2020年的报告是什么时候出的？")
    assert "发布机构" in asked_fields("稻田镇2023年的报告是以哪些单位名义落款的？")
    assert asked_fields("南村镇什么时候出台了规定？") == ()
    assert "发布日期" in asked_fields("When was the 2023 report of Xinkaidi Township published?")
    assert "发布机构" in asked_fields("Who published the Xihu District report?")
    assert "发布时间" in asked_fields("On what date was the district's report posted online?")
    assert "来源" not in asked_fields("报告是哪个部门发布的？")
    assert "来源" in asked_fields("报告的来源是哪里？")
    assert asked_fields("博鳌镇2023年的报告是报给哪个单位的？") == ADDRESSEE_LABELS
    assert asked_fields("To whom was Yongxing Town's 2023 report addressed?") == ADDRESSEE_LABELS
    assert asked_fields("规范性文件报送备案了多少件？") == ()


def test_one_table_says_whether_the_header_is_asked() -> None:
    asked = ("报告的标题是什么？", "合市镇2023年度报告落款是哪天？", "Who issued it?")
    for question in (*asked, "有哪些乡（不是镇）报了2023年度的法治政府建设报告？"):
        assert asks_about_header(question), question
    assert not asks_about_header("岔河镇2023年办理了多少件行政复议案件？")
    assert not asks_about_header("哪份报告写了推行“首违不罚”？")
    assert asks_about_header("有哪些乡镇发了2025年度的法治政府建设报告？")
    # which reports there are: their titles answer; which reports say something: their content
    for question in ("这批报告里，河北省的有哪几份？", "河北省有哪些报告？"):
        assert asks_about_header(question), question
    assert asks_about_header("Which places in Hebei have a rule-of-law government report?")
    assert not asks_about_header("哪几份报告说要培育农村学法用法示范户？")
    assert not asks_about_header("Which towns have a report on legal aid?")


def test_named_kinds() -> None:
    assert named_kinds("有个乡跟律师事务所签了法律顾问协议") == ("乡",)
    assert named_kinds("哪个县有两个村被评为示范村？") == ("县",)
    assert named_kinds("哪些乡镇开展了普法？") == ("乡", "镇")
    assert named_kinds("县级部门有多少？") == ()
    assert named_kinds("江西省的乡镇有哪些报告？") == ("乡", "镇")
    assert named_kinds("全区的市场主体有多少？") == ()


def _doc(doc_id: str, region: str, year: int) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "", "", DocumentMeta(region=region, year=year))


def _passage(row: int, doc_id: str, text: str, kind: str = "text") -> Passage:
    return Passage(f"p{row}", doc_id, row, 0, (), 0, len(text), text, kind)


def _info(text: str, years: tuple[int, ...] = (), doc_ids: tuple[str, ...] = ()) -> QueryInfo:
    return QueryInfo(text, text, (), (), doc_ids, years, True)


def _order(info: QueryInfo, passages: list[Passage], documents: dict[str, Document]) -> list[int]:
    ranked = [Candidate(i, 0.0, 0.0, 1.0 - 0.01 * i, 0.0) for i in range(len(passages))]
    return [c.row for c in prefer(info, ranked, passages, documents)]


def test_the_field_asked_comes_before_the_title_line() -> None:
    documents = {"a": _doc("a", "临泽县", 2021)}
    passages = [
        _passage(0, "a", "临泽县人民政府关于2021年度法治政府建设情况的报告", "header"),
        _passage(1, "a", "发布机构：临泽县人民政府办公室", "header"),
    ]
    assert _order(_info("报告是由哪个机构发布的？"), passages, documents) == [1, 0]
    assert _order(_info("报告的标题是什么？"), passages, documents) == [0, 1]
    bold = _passage(1, "a", "**主题分类**：市场监管", "header")  # a Markdown header line
    assert _order(_info("报告的主题分类是什么？"), [passages[0], bold], documents) == [1, 0]


def test_a_field_asked_puts_the_other_header_lines_lower() -> None:
    documents = {"a": _doc("a", "呼和浩特市", 2021)}
    title = "呼和浩特市关于2021年法治政府建设工作情况的报告"
    passages = [
        _passage(0, "a", title, "header"),
        _passage(1, "a", "2021年，呼和浩特市扎实推进法治政府建设。"),
        _passage(2, "a", "索引号：788548809/2022-00404 发布机构：呼和浩特市司法局", "header"),
    ]
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.8, 0.0)]
    ranked.append(Candidate(2, 0.0, 0.0, 0.65, 0.0))
    info = _info(title + "是哪个单位发布的？")
    assert [c.row for c in prefer(info, ranked, passages, documents)] == [2, 1, 0]


def test_the_issuer_line_answers_who_published_it() -> None:
    meta = DocumentMeta(region="岔河镇", publisher="岔河镇人民政府")
    documents = {"a": Document("a", "a.txt", "", "", meta)}
    passages = [
        _passage(0, "a", "岔河镇2023年度法治政府工作报告", "header"),
        _passage(1, "a", "岔河镇人民政府", "header"),
    ]
    assert _order(_info("岔河镇的报告是哪个单位发布的？"), passages, documents) == [1, 0]


def test_a_page_source_naming_a_sender_answers_only_a_question_about_its_source() -> None:
    meta = DocumentMeta(region="江汉区", publisher="江汉区人民政府")
    documents = {"a": Document("a", "a.html", "", "", meta)}
    passages = [
        _passage(0, "a", "江汉区2024年法治政府建设年度报告", "header"),
        _passage(1, "a", "发布时间：2025-03-26 10:12 来源：区司法局", "header"),
        _passage(2, "a", "江汉区人民政府", "header"),
    ]
    assert _order(_info("江汉区2024年的报告是哪个部门发布的？"), passages, documents)[0] == 2
    assert _order(_info("江汉区2024年的报告来源是哪里？"), passages, documents)[0] == 1
    assert _order(_info("江汉区2024年的报告是哪天发布的？"), passages, documents)[0] == 1


def test_a_year_named_with_a_place_puts_its_other_years_lower() -> None:
    documents = {"a": _doc("a", "新市镇", 2023), "b": _doc("b", "新市镇", 2024)}
    passages = [
        _passage(0, "b", "全年受理各类矛盾纠纷738件。"),
        _passage(1, "a", "全年共调处各类矛盾纠纷612件，调解成功率98.7%。"),
    ]
    both = ("a", "b")
    assert _order(_info("xinshi town 2023 mediation", (2023,), both), passages, documents) == [1, 0]
    assert _order(_info("新市镇调解了多少纠纷", (), both), passages, documents) == [0, 1]
    two = _info("新市镇2023年和2024年各调解多少", (2023, 2024), both)
    assert _order(two, passages, documents) == [0, 1]


def test_a_date_asked_of_the_report_brings_its_signature_date() -> None:
    documents = {"a": _doc("a", "合市镇", 2023)}
    passages = [
        _passage(0, "a", "合市镇人民政府", "header"),
        _passage(1, "a", "2024年1月10日", "header"),
    ]
    assert _order(_info("合市镇2023年度报告落款是哪天？"), passages, documents) == [1, 0]
    assert _order(_info("报告是哪天挂到网上的？"), passages, documents) == [1, 0]
    assert _order(_info("法律服务站什么时候挂牌成立？"), passages, documents) == [0, 1]


def test_reports_of_the_kind_named_come_first() -> None:
    documents = {"a": _doc("a", "新市镇", 2023), "b": _doc("b", "槐店乡", 2023)}
    passages = [
        _passage(0, "a", "聘请律师事务所为法律顾问。"),
        _passage(1, "b", "签订法律顾问协议。"),
    ]
    assert _order(_info("有个乡跟律师事务所签了协议？"), passages, documents) == [1, 0]
    named = _info("有个乡跟律师事务所签了协议？", doc_ids=("a",))  # a place named decides
    assert _order(named, passages, documents) == [0, 1]


def test_asked_kinds_are_the_kinds_whose_name_is_asked() -> None:
    assert asked_kinds("利川市“三官一律”进网格最早在哪些街道试点？") == ("街道",)
    assert asked_kinds("在隆福寺村建法治文化长廊的是哪个乡镇？") == ("乡", "镇")
    assert asked_kinds("有个乡跟律师事务所签了协议？") == ()  # named, not asked
    assert asked_kinds("哪个镇级综合执法队人最多？") == ()


def test_a_passage_naming_a_division_of_the_kind_asked_comes_first() -> None:
    documents = {"a": _doc("a", "利川市", 2022), "b": _doc("b", "都亭街道", 2022)}
    passages = [
        _passage(0, "b", "深化“三官一律”进网格，总结试点经验，推动常态化。"),
        _passage(1, "a", "在都亭街道、东城街道先行试点“三官一律”进网格。"),
    ]
    info = _info("利川市“三官一律”进网格最早在哪些街道试点？", doc_ids=("a", "b"))
    assert _order(info, passages, documents) == [1, 0]
    # with no place named, "哪些街道" asks which reports' places: nothing moves
    assert _order(_info("“三官一律”进网格在哪些街道试点？"), passages, documents) == [0, 1]


def test_next_year_plans_sit_lower_unless_asked() -> None:
    documents = {"a": _doc("a", "白达乡", 2023)}
    passages = [
        _passage(0, "a", "2024年，白达乡将继续健全行政执法“三项制度”。"),
        _passage(1, "a", "聘请法律顾问6名，较2022年有所增加。"),
    ]
    assert _order(_info("白达乡2023年聘请了几名法律顾问？", (2023,)), passages, documents) == [1, 0]
    assert _order(_info("白达乡2024年有什么打算？", (2024,)), passages, documents) == [0, 1]


def test_plans_asked_lift_the_passages_of_the_year_asked() -> None:
    documents = {"a": _doc("a", "柳江镇", 2022), "b": _doc("b", "柳江镇", 2024)}
    passages = [
        _passage(0, "b", "全年调解旅游纠纷86件。"),
        _passage(1, "a", "力争2023年再创建1个市级民主法治示范村。"),
        _passage(2, "b", "2025年，在古镇景区设立“旅游纠纷调解室”。"),
    ]
    plans = replace(_info("柳江镇2025年准备设什么机构？", (2025,), ("a", "b")), sections=("plans",))
    assert _order(plans, passages, documents)[0] == 2  # of the plans, those for the year asked
    # a named report asked of a later year, with no report of that year: its plans
    later = _info("白达乡2024年在执法上要做什么？", (2024,), ("c",))
    documents = {"c": _doc("c", "白达乡", 2023)}
    passages = [_passage(0, "c", "全年开展执法培训3次。"), _passage(1, "c", "2024年，将继续培训。")]
    assert _order(later, passages, documents) == [1, 0]


def test_plans_asked_with_no_year_are_the_latest_reports() -> None:
    """平江县计划把…扩充到多少: what it plans now, in its 2023 report, not 2022's plan for 2023."""
    documents = {"a": _doc("a", "平江县", 2022), "b": _doc("b", "平江县", 2023)}
    passages = [
        _passage(0, "a", "2023年，调解员队伍将扩充至150名。"),
        _passage(1, "b", "2024年，将调解员队伍扩充至200名。"),
    ]
    plans = replace(_info("平江县计划把调解员队伍扩充到多少人？"), sections=("plans",))
    assert _order(plans, passages, documents) == [1, 0]
    one_year = {"a": _doc("a", "平江县", 2022), "b": _doc("b", "三阳乡", 2023)}
    assert _order(plans, passages, one_year) == [0, 1]  # two places: each its own latest


def test_a_plan_range_is_no_later_year() -> None:
    documents = {"a": _doc("a", "马鞍山乡", 2021)}
    passages = [
        _passage(0, "a", "在乡政府大院设置政务公开栏。"),
        _passage(1, "a", "用彝语、汉语宣讲。制定《“八五”普法实施方案（2021—2025年）》。"),
    ]
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.95, 0.0)]
    info = _info("马鞍山乡讲法律用的是什么话？")
    assert [c.row for c in prefer(info, ranked, passages, documents)] == [0, 1]
    assert prefer(info, ranked, passages, documents) is ranked  # nothing moved


def test_a_heading_naming_next_year_makes_its_passages_plans() -> None:
    documents = {"a": _doc("a", "都匀市", 2025)}
    plan = Passage("p0", "a", 0, 0, ("四、2026年度主要安排",), 0, 9, "力争调解和解率达到30%以上。")
    done = _passage(1, "a", "全年行政复议调解和解率达到25%。")
    assert _order(_info("都匀市2025年调解和解率是多少？", (2025,)), [plan, done], documents) == [
        1,
        0,
    ]


def test_a_figure_stated_brings_the_passages_that_state_it() -> None:
    documents = {"a": _doc("a", "大瑶镇", 2024), "b": _doc("b", "博鳌镇", 2024)}
    passages = [
        _passage(0, "a", "全年受理矛盾纠纷287件，调解成功283件，调解成功率98.6%。"),
        _passage(1, "b", "全年受理矛盾纠纷134件，调解成功131件，调解成功率97.8%。"),
    ]
    assert _order(_info("哪个镇的人民调解成功率是97.8%？"), passages, documents) == [1, 0]
    # a bound compared with is no figure a passage states
    assert _order(_info("哪个镇的调解成功率超过97.8%？"), passages, documents) == [0, 1]


def test_an_amount_asked_brings_the_passages_stating_one_in_its_unit() -> None:
    documents = {"a": _doc("a", "昆都仑区", 2021)}
    passages = [
        _passage(0, "a", "行政诉讼败诉率仍然偏高，主要集中在房屋征收领域。"),
        _passage(1, "a", "全年行政诉讼案件52件，败诉5件，败诉率11.4%。"),
    ]
    assert _order(_info("行政诉讼败诉率是多少？"), passages, documents) == [1, 0]
    assert _order(_info("行政诉讼打了几场官司？"), passages, documents) == [1, 0]
    # a question asking no amount keeps the fused order
    assert _order(_info("行政诉讼方面有什么问题？"), passages, documents) == [0, 1]


def test_a_body_named_after_its_place_brings_its_own_report() -> None:
    government = Document(
        "g", "g.txt", "", "", DocumentMeta(region="安远县", year=2024, title="安远县2024年报告")
    )
    bureau = Document(
        "b", "b.txt", "", "", DocumentMeta(region="安远县", year=2024, publisher="安远县司法局")
    )
    documents = {"g": government, "b": bureau}
    passages = [
        _passage(0, "g", "全年办理法律援助案件1,063件。"),
        _passage(1, "b", "办理法律援助案件。"),
    ]
    info = QueryInfo(
        "安远县司法局法律援助办了多少件？",
        "安远县司法局法律援助办了多少件？",
        (),
        (),
        ("g", "b"),
        (),
        True,
        places=("安远县",),
        organ="司法局",  # as the analyzer resolves it (``qa.analyse.places.bodies``)
    )
    assert _order(info, passages, documents) == [1, 0]
    # the county: its government's first
    asked = replace(info, text="安远县法律援助办了多少件？", organ=None)
    assert _order(asked, passages, documents) == [0, 1]


def test_a_later_year_with_a_report_of_its_own_is_not_the_earlier_reports_plans() -> None:
    documents = {"a": _doc("a", "岳阳市", 2022), "b": _doc("b", "岳阳市", 2023)}
    passages = [
        _passage(0, "a", "2023年，市政府将力争行政机关败诉率控制在5%以内。"),
        _passage(1, "b", "全年行政机关败诉率5.2%。"),
        _passage(2, "a", "全年行政机关败诉率6.8%。"),
    ]
    change = _info("岳阳市败诉率从2022年到2023年有什么变化？", (2022, 2023), ("a", "b"))
    assert _order(change, passages, documents)[-1] == 0  # 2022's plans: no figure of 2023
    alone = {"a": documents["a"]}  # with no report of 2023, its plans are what 2023 asks
    plans = _info("岳阳市2023年要把败诉率控制在多少？", (2023,), ("a",))
    assert _order(plans, [passages[0], passages[2]], alone) == [0, 1]


def test_a_plan_for_a_year_whose_own_report_is_named_sits_lower_still() -> None:
    documents = {"a": _doc("a", "侯镇", 2022), "b": _doc("b", "侯镇", 2023)}
    passages = [
        _passage(0, "a", "2023年，全年组织专题培训不少于10期，培育法律明白人。"),
        _passage(1, "b", "全镇培育“法律明白人”312名。"),
    ]
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.85, 0.0)]
    change = _info("侯镇培育的法律明白人，2023年比2022年多了多少？", (2022, 2023), ("a", "b"))
    assert [c.row for c in prefer(change, ranked, passages, documents)] == [1, 0]
    only_2023 = _info("侯镇2023年培育了多少法律明白人？", (2023,), ("a", "b"))
    assert [c.row for c in prefer(only_2023, ranked, passages, documents)] == [1, 0]


def test_the_whole_place_asked_brings_its_governments_report_before_a_departments() -> None:
    def titled(doc_id: str, title: str) -> Document:
        meta = DocumentMeta(title=title, region="岳阳市", year=2023)
        return Document(doc_id, f"{doc_id}.txt", "", "", meta)

    documents = {
        "bureau": titled("bureau", "岳阳市司法局2023年法治政府建设情况报告"),
        "city": titled("city", "岳阳市人民政府关于2023年法治政府建设情况的报告"),
    }
    passages = [
        _passage(0, "bureau", "全年市本级收到行政复议申请612件。"),
        _passage(1, "city", "全市各级行政复议机关共收到行政复议申请1,317件。"),
    ]
    info = replace(_info("岳阳全市行政复议申请有多少？", (), ("bureau", "city")), places=("岳阳",))
    assert _order(info, passages, documents) == [1, 0]
    some = replace(info, text="岳阳行政复议申请有多少？", original="岳阳行政复议申请有多少？")
    assert _order(some, passages, documents) == [1, 0]  # no body named: the government's too
    bureau = replace(some, organ="司法局")
    assert _order(bureau, passages, documents) == [0, 1]  # the body named: its own


def test_a_place_named_alone_lifts_its_governments_report_over_a_departments_of_its_year() -> None:
    documents = {
        "bureau": _titled("bureau", "长春市司法局2023年法治政府建设年度报告", 2023),
        "city": _titled("city", "长春市人民政府2023年法治政府建设年度报告", 2023),
        "old": _titled("old", "长春市人民政府2022年法治政府建设年度报告", 2022),
    }
    passages = [
        _passage(0, "bureau", "全市行政机关负责人出庭应诉率100%。"),
        _passage(1, "city", "行政机关负责人出庭应诉率达到100%。"),
    ]
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.95, 0.0)]
    ids = ("bureau", "city", "old")
    asked = _info("长春市2023年负责人出庭应诉率是多少？", (2023,), ids)
    assert [c.row for c in prefer(asked, ranked, passages, documents)] == [1, 0]
    # a department none of the place's reports is of: the government's report speaks of it
    unreported = replace(
        asked,
        organ="市场监督管理局",
        organ_unreported=Notice.of("organ_not_reported", organ="市场监督管理局", place="长春市"),
    )
    assert [c.row for c in prefer(unreported, ranked, passages, documents)] == [1, 0]
    # a year asked with no department's report of that year: the year decides, not the body
    older = [_passage(0, "bureau", "出庭应诉率100%。"), _passage(1, "old", "出庭应诉率98%。")]
    of_2022 = _info("长春市2022年负责人出庭应诉率是多少？", (2022,), ids)
    boosts = {c.row: round(c.boost, 6) for c in prefer(of_2022, ranked, older, documents)}
    # each states the % asked (+0.1); 2023's bureau -0.1 for its year; 2022's government no lift
    assert boosts == {0: 0.0, 1: 0.1}


def test_a_date_asked_brings_the_passages_stating_a_day() -> None:
    assert asks_day("段莘乡综合行政执法队是哪天成立的？")
    assert asks_day("On what date was the district's report posted online?")
    assert asks_day("大田乡2020年的报告是什么时候出的？")
    assert not asks_day("岔河镇2023年办理了多少件行政复议案件？")
    documents = {"a": _doc("a", "段莘乡", 2022)}
    passages = [
        _passage(0, "a", "2022年，段莘乡综合行政执法队挂牌成立，承接赋权事项86项。"),
        _passage(1, "a", "乡综合行政执法队于2022年7月15日挂牌成立。"),
    ]
    info = replace(_info("段莘乡综合行政执法队是哪天成立的？"), date_asked=True)
    assert _order(info, passages, documents) == [1, 0]
    assert _order(_info("段莘乡综合行政执法队是哪天成立的？"), passages, documents) == [0, 1]


def test_of_the_header_lines_answering_a_date_the_labelled_field_comes_first() -> None:
    documents = {"a": _doc("a", "湖州市", 2023)}  # no later year: the fields alone decide
    passages = [
        _passage(0, "a", "2023年1月28日", "header"),
        _passage(1, "a", "发布日期：2023-01-31", "header"),
    ]
    info = replace(_info("When was its 2022 report published?"), date_asked=True)
    assert _order(info, passages, documents) == [1, 0]


def test_the_header_line_answering_is_no_later_year_plan() -> None:
    # a 2023 report published in 2024: its date line names only a later year, and still answers
    documents = {"a": _doc("a", "乐山市", 2023)}
    passages = [
        _passage(0, "a", "生成日期：2024-01-30 公开方式：主动公开", "header"),
        _passage(1, "a", "发布时间：2024年01月31日 09:15 来源：市公安局 作者：法制支队", "header"),
    ]
    info = replace(_info("乐山市公安局2023年度报告是哪天发布的？", (2023,)), date_asked=True)
    assert _order(info, passages, documents) == [1, 0]


def test_a_date_alone_yields_to_the_labelled_date_unless_the_signing_is_asked() -> None:
    documents = {"a": _doc("a", "岳阳楼区", 2024)}
    passages = [
        _passage(0, "a", "2025年1月20日", "header"),
        _passage(1, "a", "发布时间：2025-01-22 16:35", "header"),
    ]
    posted = replace(_info("报告是哪天发布到网上的？", (2024,)), date_asked=True)
    assert _order(posted, passages, documents) == [1, 0]
    # the signing asked: the date alone still answers (over the title line), as the field does
    title = _passage(2, "a", "岳阳楼区2024年法治政府建设年度报告", "header")
    signed = replace(_info("报告落款是哪天？", (2024,)), date_asked=True)
    assert _order(signed, [title, *passages], documents)[-1] == 0  # both dates answer
    # no labelled date line: the date alone answers when it was published too
    assert _order(posted, [title, passages[0]], documents) == [1, 0]


def test_years_of_a_quoted_plan_do_not_lift_that_years_plans() -> None:
    documents = {"a": _doc("a", "车辋镇", 2023)}
    passages = [
        _passage(0, "a", "2025年，全面完成纲要确定的各项任务。"),
        _passage(1, "a", "2023年，对照纲要完成合法性审查42件。"),
    ]
    question = "车辋镇2023年落实《纲要（2021-2025年）》做了什么？"
    asked = _info(question, (2021, 2023, 2025), ("a",))
    assert _order(asked, passages, documents) == [0, 1]  # 2025 read as asked: no plan penalty
    quoted = replace(asked, unasked_years=(2021, 2025))
    assert _order(quoted, passages, documents) == [1, 0]


def test_a_passage_holding_the_quoted_name_word_for_word_comes_first() -> None:
    documents = {"a": _doc("a", "伦教街道", 2023), "b": _doc("b", "容桂街道", 2023)}
    passages = [
        _passage(0, "a", "三洲社区获评“佛山市民主法治示范村（社区）”。"),
        _passage(1, "b", "马冈社区获评“全国民主法治示范村（社区）”。"),
    ]
    asked = _info("哪个街道有社区获评“全国民主法治示范村（社区）”？")
    assert _order(asked, passages, documents) == [1, 0]
    unquoted = _info("哪个街道有社区获评全国民主法治示范村？")
    assert _order(unquoted, passages, documents) == [0, 1]


def test_asked_who_signed_it_every_signing_organisation_answers() -> None:
    meta = DocumentMeta(region="稻田镇", year=2023, publisher="寿光市稻田镇人民政府")
    documents = {"a": Document("a", "a.txt", "", "", meta)}
    passages = [
        _passage(0, "a", "寿光市稻田镇2023年法治政府建设情况报告", "header"),
        _passage(1, "a", "中共寿光市稻田镇委员会", "header"),
        _passage(2, "a", "寿光市稻田镇人民政府", "header"),
    ]
    signed = _info("稻田镇2023年法治政府建设报告是以哪些单位名义落款的？")
    assert _order(signed, passages, documents) == [1, 2, 0]
    published = _info("稻田镇2023年的报告是哪个单位发布的？")  # the publisher alone answers
    assert _order(published, passages, documents) == [2, 0, 1]


def test_two_years_asked_lift_the_governments_reports_of_both_over_a_departments() -> None:
    """宁安市 compared over 2022 and 2023 beside 宁安市司法局's 2023 table: the government's
    reports of both years asked come first."""

    documents = {
        "bureau": _titled("bureau", "宁安市司法局2023年法治政府建设年度报告", 2023),
        "new": _titled("new", "宁安市人民政府2023年法治政府建设年度报告", 2023),
        "old": _titled("old", "宁安市人民政府2022年法治政府建设年度报告", 2022),
    }
    passages = [
        _passage(0, "bureau", "| 纠错 | 6件 | 纠错率9.7% |"),
        _passage(1, "old", "纠错7件，纠错率12.7%。"),
    ]
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.95, 0.0)]
    both = _info("宁安市行政复议纠错率2022、2023两年各是多少？", (2022, 2023), tuple(documents))
    assert [c.row for c in prefer(both, ranked, passages, documents)] == [1, 0]


def _titled(doc_id: str, title: str, year: int) -> Document:
    """A report of the place its title opens with (长春市, 宁安市)."""
    meta = DocumentMeta(title=title, region=title[:3], year=year)
    return Document(doc_id, f"{doc_id}.txt", "", "", meta)


def test_a_table_row_restating_a_sentence_of_its_report_sits_lower() -> None:
    from index.models import Passage
    from qa.retrieve.restated import restated_rows, table_row

    assert table_row("| 7 | 办理公证事项 | 3,210件 | 其中涉企公证412件 |")
    assert table_row("人民调解成功率 98.6% 98.9%")
    assert not table_row("全年办理公证事项3,210件，推出联办服务。")
    assert not table_row("二、存在的问题")
    texts = [
        "| 7 | 办理公证事项 | 3,210件 | 其中涉企公证412件 |",
        "公证服务：办理公证事项3,210件，推出“公证+不动产登记”联办服务。",
        "| 8 | 社区矫正对象在册 | 486人 | 全年无脱管漏管 |",
    ]
    passages = [Passage(f"p{i}", "d", i, 0, (), 0, len(t), t) for i, t in enumerate(texts)]
    # the row whose figure a sentence states; not the one no sentence among them states
    assert restated_rows(range(3), passages) == {0}


def test_a_shortcoming_naming_the_rate_asked_sits_below_its_figure() -> None:
    import numpy as np

    texts = ["三是行政复议纠错率、行政诉讼败诉率仍然偏高。", "一审行政诉讼案件38件，败诉3件。"]
    passages = [_passage(i, "d", t) for i, t in enumerate(texts)]
    documents = {"d": _doc("d", "松滋市", 2022)}
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.95, 0.0)]
    problems = {"shortcomings": np.array([1.0, 0.0]), "plans": np.zeros(2)}
    info = _info("2022年行政诉讼败诉了几件？")
    assert [c.row for c in prefer(info, ranked, passages, documents)] == [1, 0]  # its figure
    ranked = [Candidate(0, 0.0, 0.0, 1.0, 0.0), Candidate(1, 0.0, 0.0, 0.85, 0.0)]
    assert [c.row for c in prefer(info, ranked, passages, documents)] == [0, 1]
    moved = prefer(info, ranked, passages, documents, sections=problems)
    assert [c.row for c in moved] == [1, 0]  # and the shortcoming lower
    asked = _info("2022年存在哪些不足？行政诉讼败诉了几件？")
    asked = replace(asked, sections=("shortcomings",))
    assert [c.row for c in prefer(asked, ranked, passages, documents, sections=problems)] == [0, 1]
