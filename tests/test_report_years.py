"""A question naming a report by its year ("2023年度报告里…") is about that year's report
(``qa.analyse.intent.report_years``)."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.intent.report_years import of_report_years, report_years, unasked_years
from qa.analyse.query import QueryAnalyzer, QueryInfo


def _generic(text: str) -> bool:
    return text in {"的", "法治政府建设", "工作"}


def test_a_year_right_before_the_word_for_report_names_the_report() -> None:
    assert report_years("2023年度报告提到了哪些问题", _generic) == (2023,)
    assert report_years("在2021年的报告里", _generic) == (2021,)
    assert report_years("In its 2022 annual report, how many cases?", _generic) == (2022,)


def test_a_year_of_what_was_done_is_no_report_named() -> None:
    assert report_years("2023年新增了几个示范村", _generic) == ()
    # words other than title words between: the year is of the content, not the report
    assert report_years("2023年行政复议纠错率在报告里是多少", lambda _: False) == ()
    assert report_years("2022年，报告说了什么", _generic) == ()  # a comma between


def test_of_report_years_keeps_the_named_year_s_reports_or_all() -> None:
    year_of = {"a": 2021, "b": 2022, "c": 2023}
    assert of_report_years(("a", "b", "c"), (2022,), year_of) == ("b",)
    assert of_report_years(("a", "b", "c"), (2024,), year_of) == ("a", "b", "c")
    assert of_report_years(("a", "b"), (), year_of) == ("a", "b")


def _report(doc_id: str, year: int) -> Document:
    title = f"婺源县{year}年法治政府建设工作报告"
    meta = DocumentMeta(region="婺源县", parents=("江西省", "上饶市"), title=title, year=year)
    return Document(doc_id, f"{doc_id}.txt", f"{title}\n正文。", "h", meta)


def test_a_place_s_report_named_by_its_year_is_the_only_named_report() -> None:
    analyzer = QueryAnalyzer([_report(f"r{y}", y) for y in (2021, 2022, 2023)])
    asked = analyzer.analyze("婺源县政府2023年度法治政府建设报告提到了哪些问题？")
    assert asked.doc_ids == ("r2023",)
    # the 2021 report's plans for 2022 asked: the 2021 report
    assert analyzer.analyze("婺源县在2021年度报告里给2022年定的目标是多少？").doc_ids == ("r2021",)
    # a year of what was done: every report of the place may say it
    assert len(analyzer.analyze("婺源县2023年新增了几个示范村？").doc_ids) == 3


def test_words_of_title_and_stop_words_only_are_generic() -> None:
    title = "婺源县2023年度法治政府建设工作报告"
    meta = DocumentMeta(region="婺源县", title=title, year=2023)
    analyzer = QueryAnalyzer([Document("r", "r.txt", f"{title}\n正文。", "h", meta)])
    asked = analyzer.analyze("哪份年度报告提到了旅游纠纷？")
    assert "年度报告" in asked.generic
    assert "旅游" not in asked.generic


def test_years_in_a_title_or_a_plans_range_are_not_asked() -> None:
    assert unasked_years("哪份报告提到贯彻落实《万州区法治社会建设规划（2023—2027年）》？") == (
        2023,
        2027,
    )
    assert unasked_years("2023年落实纲要（2021-2025年）的情况") == (2021, 2025)
    assert unasked_years("2023年落实《纲要（2021-2025年）》的情况") == (2021, 2025)
    assert unasked_years("持证执法人员从2022年到2024年增加了多少？") == ()  # both asked
    info = QueryInfo("q", "q", (), (), (), (2021, 2023, 2025), True, unasked_years=(2021, 2025))
    assert info.ranking_years == (2023,)


def test_the_one_year_asked_puts_its_report_of_a_series_first() -> None:
    from qa.analyse.intent.report_years import of_year_asked

    series = {"d22": ("大良街道", ""), "d23": ("大良街道", ""), "qu": ("顺德区", "")}
    years = {"d22": 2022, "d23": 2023, "qu": 2023}
    named = ("d22", "d23", "qu")
    assert of_year_asked(named, [2023], series, years) == ("d23", "qu")
    assert of_year_asked(named, [2022], series, years) == ("d22", "qu")
    assert of_year_asked(named, [2022, 2023], series, years) == named  # both years asked
    assert of_year_asked(named, [2024], series, years) == named  # no report of that year


def test_a_government_s_report_of_the_year_asked_comes_before_its_departments_others() -> None:
    from qa.analyse.intent.report_years import of_year_asked

    series = {"gov22": ("琼海市", ""), "gov23": ("琼海市", ""), "sfj23": ("琼海市", "司法局")}
    years = {"gov22": 2022, "gov23": 2023, "sfj23": 2023}
    named = ("gov22", "gov23", "sfj23")
    assert of_year_asked(named, [2022], series, years) == ("gov22",)
    assert of_year_asked(named, [2023], series, years) == ("gov23", "sfj23")
    # a department's report of the year asked, its government's of another year only: both
    only = {"gov23": ("赤峰市", ""), "scj22": ("赤峰市", "市场监督管理局")}
    assert of_year_asked(("gov23", "scj22"), [2022], only, {"gov23": 2023, "scj22": 2022}) == (
        "gov23",
        "scj22",
    )


def test_a_parent_written_as_a_qualifier_is_not_ranked_first() -> None:
    from qa.analyse.places.matches import innermost as _innermost

    matches = [("顺德区", "qu"), ("大良街道", "d23"), ("顺德区", "~d23")]
    chains = {"qu": frozenset({"广东省", "佛山市"}), "d23": frozenset({"佛山市", "顺德区"})}
    named = ("d23", "qu")
    assert _innermost("顺德区大良街道罚没款多少", named, matches, chains) == ("d23",)
    assert _innermost("顺德区和大良街道罚没款多少", named, matches, chains) == named
