"""A report's header asked of a report named by a year the place has no report of."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.query import QueryAnalyzer
from qa.answer.confidence.asked.years import later_years, missing_report_years
from qa.answer.confidence.checks import named_reports


def _town(text: str) -> list[Document]:
    parents = ("广西壮族自治区", "桂林市", "临桂区")
    title = "会仙镇2024年度法治政府建设工作报告"
    meta = DocumentMeta(region="会仙镇", parents=parents, year=2024, title=title)
    return [Document("hx", "hx.txt", text, "h", meta)]


def _missing(question: str, documents: list[Document]) -> list[int]:
    info = QueryAnalyzer(documents).analyze(question)
    return missing_report_years(info, named_reports(info, documents))


def test_another_year_s_header_does_not_answer_for_a_report_not_indexed() -> None:
    town = _town("会仙镇2024年度法治政府建设工作报告\n发布日期：2025年1月22日\n较2023年增长12%。")
    assert _missing("会仙镇2023年度法治政府建设报告是哪天发布的？", town) == [2023]
    assert _missing("会仙镇2024年度法治政府建设报告是哪天发布的？", town) == []
    assert _missing("会仙镇2023年调解了多少纠纷？", town) == []  # content, not the header


def test_a_report_that_names_the_other_year_s_report_may_answer() -> None:
    town = _town(
        "会仙镇2024年度法治政府建设工作报告\n在政务公开平台发布《会仙镇2023年法治政府建设报告》。"
    )
    assert _missing("会仙镇2023年的法治政府建设报告是在哪个平台上发布的？", town) == []


def test_a_year_after_every_report_of_the_place_named_is_a_later_year() -> None:
    documents = _town("2024年，会仙镇办理法律援助案件12件。2025年将持续推进法律援助。")
    analyzer = QueryAnalyzer(documents)

    def later(question: str) -> list[int]:
        info = analyzer.analyze(question)
        return later_years(info, named_reports(info, documents))

    assert later("会仙镇2025年法律援助案件办了多少件？") == [2025]
    assert later("会仙镇2025年计划办理多少件法律援助？") == []  # a plan asked
    assert later("会仙镇2024年法律援助案件办了多少件？") == []


def test_a_year_naming_a_thing_the_report_names_is_no_later_year() -> None:
    documents = _town("会仙镇配合制定规划，将《会仙湿地保护条例》列入2025年立法调研项目。")
    analyzer = QueryAnalyzer(documents)
    info = analyzer.analyze("会仙镇把哪部条例列入了2025年立法调研项目？")
    assert later_years(info, named_reports(info, documents)) == []
    info = analyzer.analyze("会仙镇2025年立案查处了多少件违法案件？")
    assert later_years(info, named_reports(info, documents)) == [2025]
