"""The years a question asks of the reports it names, and those none of them covers.

A plan's range quoted in a title (《纲要(2021-2025年)》) is no year asked; a report covers its
own year, the next (its plans) and any year its text reports on. Read from the reports named
(looked up by id), never a scan of every report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Document
from qa.analyse.intent.asks import asks_about_header
from qa.analyse.query import QueryInfo
from qa.answer.confidence.checks import named_reports
from qa.answer.statements.qualifiers import asks_intent

# A plan's own years quoted in a question (《纲要(2021-2025年)》, (2021—2025年)) name it;
# they are not the years it asks about.
_NAMED_YEARS = re.compile(
    r"《[^》]*》|“[^”]*”|[（(]\s*(?:19|20)\d\d\s*[-—–~至到]\s*(?:19|20)\d\d\s*年?\s*[)）]"
)


def asked_years(info: QueryInfo) -> tuple[int, ...]:
    """The years the question asks about, not those inside a title or a plan's range."""
    if not info.years:
        return ()
    rest = _NAMED_YEARS.sub(" ", info.text)
    return tuple(y for y in info.years if str(y) in rest)


def years_not_covered(info: QueryInfo, documents: Sequence[Document]) -> list[int]:
    """The years asked that no report of the place named verifiably covers, whatever body it
    is of (``uncovered_years``: a department's report covers its year for the government
    asked), else the header of a named report's year (``missing_report_years``)."""
    named = named_reports(info, documents)
    place = named_reports(info, documents, info.place_doc_ids) if info.place_doc_ids else named
    return uncovered_years(info, place) or missing_report_years(info, named)


def uncovered_years(info: QueryInfo, named: Sequence[Document]) -> list[int]:
    """Years asked of the named reports that none of them covers: not its year, not the next
    (its plans), and not a year its text reports on ("2021年…")."""
    return [
        year
        for year in asked_years(info)
        if named
        and not any(
            d.meta.year in (year, year - 1) or f"{year}年" in d.text  # "2021年度" included
            for d in named
        )
    ]


def later_years(info: QueryInfo, named: Sequence[Document]) -> list[int]:
    """Years asked, not as plans (``asks_intent``), later than every named report's year: what
    was done then is a later report's to say; these reports give only their plans for it."""
    asked = asked_years(info)
    if not named or not asked or asks_intent(info.text):
        return []
    last = max((d.meta.year for d in named if d.meta.year), default=None)
    later = [year for year in asked if last is not None and year > last]
    return [year for year in later if not _names_thing_of_year(info.text, year, named)]


def _names_thing_of_year(question: str, year: int, named: Sequence[Document]) -> bool:
    """Whether the year stands in the question before words a named report writes right after
    it too: "列入了2024年立法调研项目" names a programme of that year ("将…列入2024年立法调研项目"),
    the year no time the question asks what was done in."""
    phrases = re.findall(rf"{year}\s*年([\u4e00-\u9fff]{{{_AFTER_YEAR}}})", question)
    return any(f"{year}年{phrase}" in d.text for phrase in phrases for d in named)


_AFTER_YEAR = 4
"""Characters after the year that a report must write after it too."""


def missing_report_years(info: QueryInfo, named: Sequence[Document]) -> list[int]:
    """Asked what a report's header states (who published it, when, its 索引号) of a report
    named by its year (会仙镇2023年度法治政府建设报告是哪天发布的) when no report of the place
    named (``named``) is of that year: another year's header does not answer for it."""
    if not info.report_years or not asks_about_header(info.text):
        return []
    have = {d.meta.year for d in named}
    return [
        year
        for year in info.report_years
        if named and year not in have and not any(_names_report(d.text, year) for d in named)
    ]


def _names_report(text: str, year: int) -> bool:
    """Whether ``text`` names a report of ``year`` (发布《独流镇2023年法治政府建设情况报告》): what
    it says of that report may answer."""
    return re.search(rf"{year}年[^。；，\n]{{0,20}}报告", text) is not None
