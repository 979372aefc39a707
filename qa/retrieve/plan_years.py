"""The years of a report against the years a question asks: which named reports are of
another year than asked, and which passages are plans for a later year (``qa.retrieve.prefer``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from index.metadata.header import years_named
from index.models import Document
from qa.analyse.query import QueryInfo


def reports_of_other_years(info: QueryInfo, documents: Mapping[str, Document]) -> set[str]:
    """The named reports not of a year asked whose place has a named report of one."""
    if not info.ranking_years:
        return set()
    named = [documents[d] for d in info.doc_ids if d in documents]
    asked = set(info.ranking_years)
    covered = {d.meta.region for d in named if d.meta.year in asked}
    return {d.doc_id for d in named if d.meta.region in covered and d.meta.year not in asked}


def later_asked(
    info: QueryInfo, doc: Document, other_years: Collection[str], asked: tuple[int, ...]
) -> bool:
    """The question names ``doc``'s place and a year after the report's (``asked``: none its
    place has a named report of): it asks what the report plans for that year."""
    year = doc.meta.year
    if year is None or doc.doc_id not in info.doc_ids or doc.doc_id in other_years:
        return False
    return any(y > year for y in asked)


def years_by_place(
    info: QueryInfo, documents: Mapping[str, Document]
) -> dict[str, set[int | None]]:
    """The years of the named reports, by place (once a question, not once a passage)."""
    if not info.ranking_years:
        return {}
    years: dict[str, set[int | None]] = {}
    for d in (documents[d] for d in info.doc_ids if d in documents):
        years.setdefault(d.meta.region, set()).add(d.meta.year)
    return years


def years_of_own(
    info: QueryInfo, doc: Document, named_years: Mapping[str, set[int | None]]
) -> tuple[int, ...]:
    """The years asked, less those after ``doc``'s that its place has a named report of
    (``named_years``): with 2022's and 2023's reports both named, "从2022年到2023年" asks each
    report its own year, and 2022's plans for 2023 are no answer."""
    covered = named_years.get(doc.meta.region, set())
    year = doc.meta.year or 0
    return tuple(y for y in info.ranking_years if y <= year or y not in covered)


def plans_for(text: str, year: int | None, asked: tuple[int, ...]) -> bool:
    """``text`` names only years after ``year``, one of them asked if the question asks any."""
    if year is None:
        return False
    named = set(years_named(text))
    return bool(named) and min(named) > year and (not asked or bool(named & set(asked)))


def later_only(text: str, year: int | None, asked: tuple[int, ...]) -> bool:
    """``text`` names years, all after ``year``, and the question asks none of them (a range's
    years name a plan, 《…（2021—2025年）》, and are not counted)."""
    if year is None:
        return False
    named = set(years_named(text))
    return bool(named) and min(named) > year and not named & set(asked)


def superseded_plans(info: QueryInfo, docs: Collection[Document]) -> set[str]:
    """With plans asked and no year, the reports among ``docs`` (those of the passages ranked
    first) that a later report of the same publisher among them follows: what a place plans
    now is in its latest report (2023's plan for 2024, not 2022's for 2023)."""
    if info.ranking_years or "plans" not in info.sections:
        return set()
    latest: dict[tuple[str, str], int] = {}
    for doc in docs:
        key = (doc.meta.region, doc.meta.publisher)
        latest[key] = max(latest.get(key, 0), doc.meta.year or 0)
    return {
        d.doc_id for d in docs if (d.meta.year or 0) < latest[(d.meta.region, d.meta.publisher)]
    }
