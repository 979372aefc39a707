"""The years of the reports a question names as reports ("2023年度法治政府建设报告提到了哪些问题",
"在2021年度报告里", "its 2022 annual report"): the question is about that year's report of the
place, not about what another year's report says of that year (2022's plans for 2023)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from qa.analyse.places.bodies import GOVERNMENT

_YEAR_THEN = re.compile(r"(20\d\d)\s*年?度?")
_REPORT = re.compile(r"报告|总结")
_STOP = re.compile(r"[，,。？?！!；;：:、\s]")
_MAX_BETWEEN = 16
_YEAR = re.compile(r"(20\d\d)")
_TITLE = re.compile(r"《[^》]*》")
_RANGE = re.compile(r"(?<!\d)20\d\d\s*[-—–~－]\s*20\d\d(?!\d)")
"""A plan's years (2021—2025年, 2021-2025): not 2022年到2024年, which asks both years."""
_ENGLISH = re.compile(
    r"\b(20\d\d)(?:'s)?\s+(?:(?:annual|work|government|rule[- ]of[- ]law|law-based)\s+){0,3}report",
    re.IGNORECASE,
)


def report_years(text: str, generic: Callable[[str], bool]) -> tuple[int, ...]:
    """Years written right before the word for report, with only ``generic`` words between
    (title and stop words: 年度, 法治政府建设, 工作, 的) — a year named as the report's."""
    years = {int(m.group(1)) for m in _ENGLISH.finditer(text)}
    for m in _YEAR_THEN.finditer(text):
        ahead = text[m.end() : m.end() + _MAX_BETWEEN + 2]
        report = _REPORT.search(ahead)
        if report is None:
            continue
        between = ahead[: report.start()]
        if not _STOP.search(between) and (not between or generic(between)):
            years.add(int(m.group(1)))
    return tuple(sorted(years))


def of_report_years(
    doc_ids: Sequence[str], years: Sequence[int], year_of: Mapping[str, int | None]
) -> tuple[str, ...]:
    """The named reports of a year named as the report's; all of them when none is."""
    narrowed = tuple(d for d in doc_ids if year_of.get(d) in years)
    return narrowed or tuple(doc_ids)


def of_year_asked(
    doc_ids: Sequence[str],
    years: Sequence[int],
    series_of: Mapping[str, tuple[str, str]],
    year_of: Mapping[str, int | None],
) -> tuple[str, ...]:
    """The named reports without those of another year of a series (one place's body, as
    大良街道's reports of 2022 and 2023) that has a report of the one year asked, nor a
    department's of another year when its place's government has one: "大良街道2023年罚没款多少"
    is about 大良街道's 2023 report, not its 2022 one, "琼海市2022年办理了多少件" about 琼海市's
    2022 report, not its 司法局's of 2023. Two years asked leave all of them."""
    if len(set(years)) != 1:
        return tuple(doc_ids)
    year = years[0]
    covered = {series_of.get(d) for d in doc_ids if year_of.get(d) == year}
    governed = {s[0] for s in covered if s is not None and s[1] == GOVERNMENT}
    return tuple(
        d
        for d in doc_ids
        if year_of.get(d) == year
        or (series_of.get(d) not in covered and series_of.get(d, ("", ""))[0] not in governed)
    )


def unasked_years(text: str) -> tuple[int, ...]:
    """The years ``text`` writes only inside a title (《…（2021—2025年）》, 《…2023年…计划》) or
    as the ends of a plan's range: they name a document or a plan, not the time asked."""
    asked = {int(y) for y in _YEAR.findall(_without_unasked_dates(text))}
    return tuple(sorted({int(y) for y in _YEAR.findall(text)} - asked))


def _without_unasked_dates(text: str) -> str:
    """``text`` without its titles and its plans' year ranges."""
    return _RANGE.sub(" ", _TITLE.sub(" ", text))
