"""A question naming a body (医保局, 市监局, "the Health Commission") of a place: resolved against
the organs of that place's reports, and marked when none of them is of it, so that a sibling's
report (人社局's for 医保局) does not answer it unweighed."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.places.bodies import BodyTable, asked_bodies, report_organs
from qa.analyse.places.organs import english_organs, known_organ, organ_forms, same_organ
from qa.analyse.query import QueryAnalyzer
from qa.answer.confidence.checks import missing_terms
from qa.answer.confidence.features import FEATURES, gather


def _report(doc_id: str, title: str, text: str = "正文。", publisher: str = "") -> Document:
    meta = DocumentMeta(
        region="芜湖市", parents=("安徽省",), title=title, publisher=publisher, year=2023
    )
    return Document(doc_id, f"{doc_id}.txt", f"{title}\n{text}", "h", meta)


REPORTS = [
    _report("gov", "芜湖市人民政府关于2023年度法治政府建设情况的报告", "市应急管理局检查企业。"),
    _report("rs", "芜湖市人力资源和社会保障局2023年法治政府建设年度报告"),
    _report("sj", "芜湖市市场监督管理局2023年法治政府建设年度报告"),
]


def test_short_and_full_names_of_one_body_are_the_same_organ() -> None:
    assert same_organ("环保局", "生态环境局")  # the table's other name
    assert same_organ("市监局", "市场监督管理局")
    assert same_organ("卫健委", "卫生健康委员会")  # 委 of 委员会
    assert same_organ("发改委", "发展和改革委员会")
    assert same_organ("交通局", "交通运输局")  # its characters in order
    assert same_organ("市司法局", "司法局")  # a leading level
    assert not same_organ("医保局", "人力资源和社会保障局")
    assert not same_organ("税务局", "司法局")
    assert "医疗保障局" in organ_forms("医保局")


def test_only_a_known_department_is_an_organ_a_place_may_lack() -> None:
    assert known_organ("医保局") and known_organ("城管局") and known_organ("卫健委")
    assert not known_organ("从区执法局")  # a phrase ending in 局
    assert not known_organ("那边违规餐厅")


def test_an_english_question_names_a_body_by_its_english_name() -> None:
    text = "How many cases did the Wuhu Municipal Health Commission receive?"
    assert english_organs(text) == ("卫生健康委员会",)
    assert english_organs("What did the Wuhu Public Security Bureau do?") == ("公安局",)
    assert english_organs("How many cases in Wuhu?") == ()


def test_the_level_a_place_ends_with_may_open_the_organ_s_name() -> None:
    assert asked_bodies("芜湖市监局2023年受理几件？", ("芜湖市",)) == ("市监局",)
    assert "市场监管局" in asked_bodies("芜湖市场监管局2023年受理几件？", ("芜湖市",))


def test_a_report_is_of_its_body_and_of_its_publisher_s_organ() -> None:
    gov = _report("g", "芜湖市人民政府关于2023年度法治政府建设情况的报告", publisher="芜湖市司法局")
    assert report_organs(gov) == frozenset({"司法局"})
    assert report_organs(REPORTS[1]) == frozenset({"人力资源和社会保障局"})
    table = BodyTable(REPORTS)
    assert table.resolve(("环保局",), ("gov", "rs", "sj")).unreported
    assert table.resolve(("市监局",), ("gov", "rs", "sj")).name == "市场监督管理局"


def test_an_organ_no_report_of_the_place_is_of_is_marked_and_keeps_all_its_reports() -> None:
    analyzer = QueryAnalyzer(REPORTS)
    info = analyzer.analyze("芜湖市医保局2023年查处欺诈骗保案件多少件？")
    assert info.organ_unreported is not None
    assert info.organ_unreported.code == "organ_not_reported"
    assert "医保局" in info.organ_unreported and "芜湖市" in info.organ_unreported
    assert set(info.doc_ids) == {"gov", "rs", "sj"}
    reported = analyzer.analyze("芜湖人社局2023年被申请行政复议多少件？")
    assert reported.organ == "人力资源和社会保障局" and reported.organ_unreported is None
    assert reported.doc_ids == ("rs",)
    # a place's government and a phrase that is no department are no organ it lacks
    assert analyzer.analyze("芜湖市政府2023年制定了哪些规章？").organ_unreported is None
    assert analyzer.analyze("芜湖市从区执法局接收了几名人员？").organ_unreported is None
    english = analyzer.analyze("How many cases did the Wuhu Municipal Health Commission receive?")
    assert english.organ == "卫生健康委员会" and english.organ_unreported is not None
    assert analyzer.analyze(
        "How many cases did the Wuhu Market Supervision Bureau handle?"
    ).doc_ids == ("sj",)


def test_an_unreported_organ_is_a_feature_unless_the_place_s_reports_speak_of_it() -> None:
    analyzer = QueryAnalyzer(REPORTS)
    assert "organ_unreported" in FEATURES

    def value(question: str) -> float:
        info = analyzer.analyze(question)
        return gather(info, [], REPORTS, False, lambda terms, ids: 1.0).values["organ_unreported"]

    assert value("芜湖市医保局2023年查处欺诈骗保案件多少件？") == 1.0
    assert value("芜湖人社局2023年被申请行政复议多少件？") == 0.0
    # the government's report tells of 市应急管理局's work: it may answer for it
    assert value("芜湖市应急管理局2023年检查了多少家企业？") == 0.0


def test_the_organ_written_as_the_question_names_its_report_is_no_missing_term() -> None:
    reports = [*REPORTS[:2], _report("sj", REPORTS[2].meta.title, "全年抽检食品2140批次。")]
    reports[0] = _report("gov", REPORTS[0].meta.title, "市场监管局抽检食品。")
    info = QueryAnalyzer(reports).analyze("芜湖市场监管局2023年抽检了多少批次食品？")
    assert info.doc_ids == ("sj",) and info.organ_written == "市场监管局"
    assert "监管局" not in missing_terms(info, reports)
