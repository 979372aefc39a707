"""A county's government and its departments publish reports of one place: a question naming
a body (市场监管局, 市政府) is about that body's reports."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.places.bodies import (
    GOVERNMENT,
    asked_bodies,
    english_bodies,
    field_bodies,
    of_body,
    report_body,
)
from qa.analyse.query import QueryAnalyzer


def _report(doc_id: str, title: str, publisher: str = "", region: str = "寿光市") -> Document:
    meta = DocumentMeta(
        region=region, parents=("山东省", "潍坊市"), title=title, publisher=publisher, year=2022
    )
    return Document(doc_id, f"{doc_id}.txt", title, "h", meta)


def test_a_report_s_body_is_the_organ_its_title_names_after_its_place() -> None:
    assert report_body(_report("a", "寿光市市场监督管理局2022年法治政府建设年度报告")) == (
        "市场监督管理局"
    )
    assert report_body(_report("b", "寿光市人民政府关于2022年度法治政府建设情况的报告")) == ""
    # the government's office sends the government's report
    assert report_body(_report("c", "寿光市人民政府办公室关于2022年度工作的报告")) == GOVERNMENT
    # a title naming no place: the publisher's
    assert report_body(_report("d", "关于2022年度法治政府建设情况的报告", "寿光市司法局")) == (
        "司法局"
    )
    # a district's report its justice bureau publishes is the district's
    assert (
        report_body(_report("e", "溪湖区2023年度法治政府建设工作报告", "溪湖区司法局", "溪湖区"))
        == ""
    )


def test_a_question_names_a_body_right_after_its_place() -> None:
    assert asked_bodies("寿光市场监管局2023年受理了多少投诉？", ("寿光",))[:1] == ("市场监管局",)
    assert asked_bodies("寿光市政府2022年会前学法几次？", ("寿光市",))[:1] == (GOVERNMENT,)
    # the place's report is its government's, not a department's
    assert asked_bodies("瑞金市2023年报告指出什么不足？", ("瑞金市",)) == (GOVERNMENT,)
    assert asked_bodies("桃源县2022年法治政府建设报告指出了什么？", ("桃源县",)) == (GOVERNMENT,)
    assert asked_bodies("瑞金市2023年行政复议有什么不足？", ("瑞金市",)) == ()
    assert asked_bodies("寿光市2024年计划培育多少名法律明白人？", ("寿光市",)) == ()
    assert asked_bodies("没有地名 司法局", ())[:1] == ("司法局",)


def test_the_reports_of_the_body_asked_are_kept_when_others_are_not() -> None:
    bodies = {"gov": GOVERNMENT, "scjg": "市场监督管理局", "sfj": "司法局"}
    ids = ("gov", "scjg", "sfj")
    assert of_body(ids, "市场监管局", bodies) == ("scjg",)  # its characters in order
    assert of_body(ids, "市监局", bodies) == ("scjg",)
    assert of_body(ids, "市司法局", bodies) == ("sfj",)  # a leading level
    assert of_body(ids, GOVERNMENT, bodies) == ("gov",)
    assert of_body(ids, "公安局", bodies) == ids  # no report of it: all stay
    assert of_body(ids, None, bodies) == ids


def test_a_question_naming_a_department_is_about_its_reports() -> None:
    analyzer = QueryAnalyzer(
        [
            _report("gov", "寿光市人民政府关于2022年度法治政府建设情况的报告"),
            _report("scjg", "寿光市市场监督管理局2022年法治政府建设年度报告"),
        ]
    )
    assert analyzer.analyze("寿光市市场监管局2022年抽查了多少户？").doc_ids == ("scjg",)
    assert analyzer.analyze("寿光市政府2022年抽查了多少户？").doc_ids == ("gov",)
    assert set(analyzer.analyze("寿光市2022年抽查了多少户？").doc_ids) == {"gov", "scjg"}


def test_the_places_level_may_open_the_organs_short_name() -> None:
    # 芜湖市监局: the place 芜湖市 and 市监局 (市场监督管理局) share the 市
    assert "市监局" in asked_bodies("芜湖市监局2023年的行政复议案件有几件？", ("芜湖市", "芜湖"))
    assert "市场监管局" in asked_bodies("寿光市场监管局2022年", ("寿光市", "寿光"))
    assert asked_bodies("寿光市政府2022年", ("寿光市", "寿光"))[:1] == (GOVERNMENT,)
    assert asked_bodies("溪湖区2023年行政复议", ("溪湖区",)) == ()


def test_a_department_named_by_its_field_is_its_bureau() -> None:
    assert asked_bodies("芜湖市场监管部门2023年免罚了多少件？", ("芜湖",)) == ("市场监管局",)
    assert asked_bodies("乐山教育部门2023年发了多少资助金？", ("乐山",)) == ("教育局",)
    # which department, the city's departments, its government and departments: none named
    assert asked_bodies("芜湖哪个部门的持证执法人员最少？", ("芜湖",)) == ()
    assert asked_bodies("岳阳对县市区和市直部门报备的文件", ("岳阳",)) == ()
    assert asked_bodies("寿光市政府及部门当被告", ("寿光市",)) == (GOVERNMENT,)


def test_a_place_and_fu_is_its_government() -> None:
    # 区府, 市府, 县府: the place's government; 府办 is its office, 府前路 a street
    assert asked_bodies("顺德区府2023年出台了多少件规范性文件？", ("顺德区",))[:1] == (GOVERNMENT,)
    assert asked_bodies("长春市府办2023年", ("长春市",))[:1] != (GOVERNMENT,)


def test_a_field_alone_after_the_place_names_its_bureau_when_the_place_has_its_report() -> None:
    assert field_bodies("乐山公安有多少民警兼任法治副校长？", ("乐山",)) == ("公安局",)
    assert field_bodies("芜湖应急一年查了多少家企业？", ("芜湖",)) == ("应急局",)
    assert field_bodies("长春法治政府建设怎么样？", ("长春",)) == ()
    assert field_bodies("夷陵区市场主体总数是多少户？", ("夷陵区",)) == ()  # 市场主体 runs on
    analyzer = QueryAnalyzer(
        [
            _report("gov", "寿光市人民政府关于2022年度法治政府建设情况的报告"),
            _report("ga", "寿光市公安局2022年法治政府建设年度报告"),
        ]
    )
    info = analyzer.analyze("寿光公安2022年查处了多少起治安案件？")
    assert info.doc_ids == ("ga",) and info.organ_unreported is None
    # a field the place has no report of names nothing, and flags nothing
    other = analyzer.analyze("寿光教育2022年发了多少资助金？")
    assert set(other.doc_ids) == {"gov", "ga"} and other.organ_unreported is None


def test_a_department_asked_where_it_acted_keeps_its_own_report() -> None:
    # 寿光市哪个镇: the towns' reports; 寿光市司法局在哪个镇: the bureau's, which tells where
    town = DocumentMeta(region="羊口镇", parents=("山东省", "潍坊市", "寿光市"), year=2022)
    analyzer = QueryAnalyzer(
        [
            _report("gov", "寿光市人民政府关于2022年度法治政府建设情况的报告"),
            _report("sfj", "寿光市司法局2022年法治政府建设年度报告"),
            Document("town", "town.txt", "羊口镇2022年法治政府建设工作报告", "h", town),
        ]
    )
    assert analyzer.analyze("寿光市司法局在哪个镇建成了法治文化广场？").doc_ids == ("sfj",)
    towns = analyzer.analyze("寿光市哪个镇建成了法治文化广场？")
    assert towns.ranked_first == ("town",)
    assert set(towns.doc_ids) == {"town", "gov", "sfj"}  # the city's reports tell of towns too


def test_a_village_asked_by_its_kind_is_looked_for_in_every_report_of_the_place() -> None:
    town = DocumentMeta(region="羊口镇", parents=("山东省", "潍坊市", "寿光市"), year=2022)
    analyzer = QueryAnalyzer(
        [
            _report("gov", "寿光市人民政府关于2022年度法治政府建设情况的报告"),
            Document("town", "town.txt", "羊口镇2022年法治政府建设工作报告", "h", town),
        ]
    )
    assert set(analyzer.analyze("寿光市哪个村被评为民主法治示范村？").doc_ids) == {"gov", "town"}
    assert analyzer.analyze("寿光市2022年评出了几个民主法治示范村？").doc_ids == ("gov",)


def test_an_english_question_names_a_places_own_government() -> None:
    assert english_bodies("How many cases did the Yi'an County government accept?") == (GOVERNMENT,)
    assert english_bodies("the Jinzhou municipal government's loss rate") == (GOVERNMENT,)
    assert english_bodies("county government departments' budgets") == ()
    assert english_bodies("What did the Wuhu Municipal Health Commission do?") != (GOVERNMENT,)
