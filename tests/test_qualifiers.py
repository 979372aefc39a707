"""Whose figure a sentence states (``qa.answer.statements.qualifiers``)."""

from __future__ import annotations

import pytest

from qa import Engine
from qa.answer.statements.qualifiers import (
    another_rate,
    another_year,
    asks_intent,
    contrast_sets,
    of_another,
    of_years,
    of_years_asked,
    sibling_only,
)


def test_contrast_sets_are_read_from_the_shipped_file() -> None:
    sets = contrast_sets()
    assert frozenset({"简易程序", "普通程序"}) in sets
    assert all(len(words) >= 2 for words in sets)


@pytest.mark.parametrize(
    ("question", "part", "other"),
    [
        ("有几个国家级普法示范点？", "培育省级普法示范点4个,市级普法示范点16个", True),
        ("有几个省级普法示范点？", "培育省级普法示范点4个,市级普法示范点16个", False),
        # a level however written: 全省…示范 is 省级, a city's title is no province's
        ("全省民主法治示范村有几个？", "获评省级民主法治示范村3个", False),
        ("有几个省级民主法治示范村？", "获评牡丹江市民主法治示范村5个", True),
        ("有几个县级示范调解室？", "建成区级示范调解室3个", False),
        ("办了多少件简易程序案件？", "全年办理普通程序处罚案件5件", True),
        ("办了多少件行政处罚案件？", "完成行政复议案件2件、行政诉讼案件4件的应诉调处工作", True),
        ("收到多少件行政复议申请？", "完成行政复议案件2件、行政诉讼案件4件的应诉调处工作", False),
        ("办了多少件案件？", "全年办理普通程序处罚案件5件", False),  # no qualifier asked
        # clauses naming no qualifier go on about the last one named
        ("行政诉讼案件有多少件？", "收到行政复议申请5件,受理5件,已办结5件", True),
        ("行政复议案件有多少件？", "收到行政复议申请5件,受理5件,已办结5件", False),
        ("行政诉讼案件有多少件？", "收到行政复议申请5件,行政诉讼案件2件", False),
        # the siblings stand in a clause without a number: the 5件 are the ones asked
        (
            "办了几件普通程序行政处罚案件？",
            "全年办理普通程序处罚案件5件，无一例因处罚而发生行政复议",
            False,
        ),
    ],
)
def test_a_figure_of_a_sibling_qualifier(question: str, part: str, other: bool) -> None:
    assert sibling_only(question, part) is other


@pytest.mark.parametrize(
    ("years", "part", "other"),
    [
        ((2023,), "截至2022年11月底,南村镇公开执法结果743条。", True),
        ((2022,), "截至2022年11月底,南村镇公开执法结果743条。", False),
        ((2023,), "2022年以来,累计调解纠纷57件。", False),  # a period that runs on
        ((2023,), "自2021年起共培育法律明白人261人。", False),
        ((2023,), "全年办理普通程序处罚案件5件。", False),  # undated
        ((2023,), "全年调解矛盾纠纷248起,较2022年增长12%。", False),  # compared with
        ((2023,), "行政复议案件与2022年同期相比下降3件。", False),
        ((2023,), "2022年调解矛盾纠纷248起,较2021年有所增加。", True),
        ((), "截至2022年11月底,公开执法结果743条。", False),  # no year asked
    ],
)
def test_a_figure_dated_by_another_year(years: tuple[int, ...], part: str, other: bool) -> None:
    assert another_year(years, part) is other


@pytest.mark.parametrize(
    ("question", "part", "other"),
    [
        ("行政诉讼败诉率是多少？", "行政诉讼案件行政机关负责人出庭应诉率100%", True),
        ("出庭应诉率是多少？", "行政诉讼案件行政机关负责人出庭应诉率100%", False),
        ("败诉率是多少？", "无败诉案件", False),  # names no rate: judged otherwise
    ],
)
def test_a_figure_of_another_rate(question: str, part: str, other: bool) -> None:
    assert another_rate(question, part) is other


def test_another_rate_is_judged_only_for_the_rate_asked() -> None:
    question = "收到几件行政复议申请？办结率是多少？"
    part = "受理行政复议案件5件，纠错率为0"
    assert not of_another(question, (), part)  # its count of cases still answers
    assert of_another(question, (), part, rate=True)  # its rate is not the 办结率


def test_a_report_states_figures_of_its_own_year() -> None:
    text = "全年累计清理零散摊点2710起。2023年共受理案件5件。"
    assert of_years(text, 2024, (2024,)) == text
    assert of_years(text, 2024, ()) == text
    assert of_years(text, 2024, (2023,)) == "2023年共受理案件5件。"
    assert of_years(text, 2024, (2022,)) == ""


@pytest.mark.parametrize(
    ("question", "answerable"),
    [
        ("岔河镇2023年办理了多少件简易程序行政处罚案件？", False),
        ("岔河镇2023年办理了多少件普通程序处罚案件？", True),
        ("岔河镇2023年办了几件普通程序行政处罚案件？有没有引发复议或诉讼？", True),
        ("溪湖区有几个国家级普法示范点？", False),
        ("溪湖区有几个省级普法示范点？", True),
        ("南村镇2022年行政诉讼案件的败诉率是多少？", False),
        ("独流镇2023年全年清理零散摊点多少起？", False),  # its report is 2024's
        ("独流镇2024年全年清理零散摊点多少起？", True),
    ],
)
def test_a_sibling_figure_does_not_answer(
    dense_off: Engine, question: str, answerable: bool
) -> None:
    answer = dense_off.ask(question)
    assert answer.answerable is answerable, answer.reason


def test_a_named_reports_parent_divisions_are_not_missing_terms() -> None:
    from index.models import Document, DocumentMeta
    from qa.analyse.query import QueryInfo
    from qa.answer.confidence.checks import missing_terms

    meta = DocumentMeta(region="京口区", parents=("江苏省", "镇江市"), year=2025)
    report = Document("jk", "jk.txt", "京口区办理行政复议案件12件。", "h", meta)
    other = Document("x", "x.txt", "江苏省镇江市行政复议。", "h2", DocumentMeta(region="某镇"))
    info = QueryInfo(
        original="江苏省镇江市京口区办理了多少件行政复议案件？",
        text="江苏省镇江市京口区办理了多少件行政复议案件？",
        tokens=("江苏省", "镇江市", "京口区", "行政复议"),
        lexical=(),
        doc_ids=("jk",),
        years=(),
        chinese=True,
    )
    assert missing_terms(info, [report, other]) == []


def test_a_count_that_looks_like_a_year_dates_nothing() -> None:
    """ "整改隐患1962处" counts hidden dangers: it is no figure of 1962, and the sentence still
    states 2024's cases; a year written as one still dates its clause."""
    sentence = "整改隐患1962处，查处非法储存烟花爆竹案件11起，较上年下降35.3%。"
    assert not another_year((2024,), sentence)
    assert not another_year((2024,), "培训2000余人次，处理1985件")
    assert another_year((2024,), "截至2022年底，整改隐患1962处")


def test_a_later_year_asked_reads_the_plans_that_name_it() -> None:
    """A report on 2023 states 2024 in its plans: a heading naming 2024 covers the paragraphs
    under it (their sub-headings too) up to the next top heading, and a sentence naming 2024
    the rest of its paragraph; a date line names no part."""
    text = (
        "一、2023年工作成效\n全年培育法律明白人300名。\n"
        "二、2024年工作打算\n（一）强化普法\n培育法律明白人4000名以上。\n"
        "三、其他\n2024年，重点抓好以下工作：一是建设平台。二是增加人员到8名。\n"
        "发布日期：2024年1月30日\n附件略。"
    )
    kept = of_years(text, 2023, (2024,))
    assert "4000名以上" in kept and "（一）强化普法" in kept
    assert "二是增加人员到8名。" in kept
    assert "300名" not in kept and "附件略" not in kept
    assert of_years(text, 2023, (2022,)) == ""


def test_a_later_year_asked_of_what_was_done_is_not_in_the_plans() -> None:
    """A figure of 2024 asked of a report on 2023: its plans give targets, not what was done;
    a question after the target reads them."""
    text = "一、2023年工作成效\n败诉率5.2%。\n二、2024年工作打算\n力争败诉率控制在5%以内。"
    done = "2024年岳阳全市行政机关败诉率是多少？"
    assert of_years_asked(text, 2023, (2024,), done) == ""
    assert "5%以内" in of_years_asked(text, 2023, (2024,), "2024年败诉率要控制在多少？")
    assert "5%以内" in of_years_asked(text, 2023, (2024,), "What is the 2024 target?")
    # its own year: all of it but the plans for the next, which state nothing done
    assert of_years_asked(text, 2023, (2023,), done) == "一、2023年工作成效\n败诉率5.2%。"
    assert asks_intent("2024年计划改造多少个小区？") and not asks_intent("2024年主要做了什么？")
    assert asks_intent("2024年希望把调解成功率提高到多少？")  # a wish asked is a target


def test_a_target_asked_of_a_later_year_reads_the_plans_under_its_heading() -> None:
    """ "要达到多少" asks a plan as "下一步打算" does: the plans part of the report on the year
    before answers, though the passage itself names no year."""
    plan = "力争行政复议案件调解和解率提高到25%以上。"
    headings = ("三、2024年工作打算",)
    question = "江阴2024年行政复议调解和解率要达到多少？"
    assert of_years_asked(plan, 2023, (2024,), question, headings) == plan
    assert of_years_asked(plan, 2023, (2024,), "江阴2024年调解和解率是多少？", headings) == ""
