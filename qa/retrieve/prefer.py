"""Preferences the question states beyond its words, applied to the fused ranking's head.

- A header field asked for (who published it, when, its 文号): of a report's header lines, the
  one that answers (the field's line, 发布机构：…; a date alone under the signature when the date
  is asked) comes first, and the others (its title line, which the question often repeats
  word for word) sit lower (``qa.analyse.intent.asks``, ``qa.retrieve.header_lines``).
- A kind of division named instead of a place (有个乡, 哪个县): passages of reports from that
  kind of division come first among near equals.
- The name of a division below a place named asked (利川市…哪些街道试点): passages naming a
  division of that kind (都亭街道、东城街道) come first among near equals; the place's own
  passage about the same work that names none does not answer. With no place named, "哪些乡镇"
  asks which reports' places, which the reports' regions answer.
- A body named after its place (安远县司法局): of the place's reports, the body's own (its
  title or publisher names it) come first, not its government's; a place named with no body,
  or one none of its reports is of, lifts its government's report over its departments'.
- A name the question quotes (“全国民主法治示范村”): passages holding it word for word.
- A place with reports of several years, named with one of them (新市镇2023年…): its reports of
  the other years sit lower (the year alone adds little: a 2024 report also names 2023).
- A date asked (哪天发布, when was it published): passages stating a date to the day come first
  among near equals.
- Figures the question states as values (调解成功率都是97.8%, 正好是5名): passages that state
  one of them come first among near equals (``qa.analyse.intent.figures``).
- An amount asked of no part: a passage of the shortcomings that states none in the unit asked
  sits lower ("行政复议纠错率、行政诉讼败诉率仍然偏高" names the rate asked, not its figure).
- A table row restating a figure that a sentence of its report among the head states sits
  lower: the sentence says what was counted (``qa.retrieve.restated``).
- Next year's plans: a passage that names only years after its report's, in its text or its
  headings ("2024年，…将继续…" or "四、2024年工作安排" in a 2023 report), sits lower when the
  question names none of those years, unless it asks for plans or the passage is the header line
  answering it (a 2023 report's 发布时间：2024年1月31日); a question that asks for plans,
  or asks a named report of a year after the report's (集美区2023年的报告 asked "2024年准备…")
  with no report of that year, lifts it — plans asked with no year, only the latest report's of
  each publisher among the head (``plan_years.superseded_plans``).

Only the first ``top`` candidates are looked at: the work per question does not grow with the
corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.metadata.header import header_fields, years_named
from index.models import Document, Passage
from qa.analyse.intent.asks import EXACT_DATE, asked_kinds, named_kinds
from qa.analyse.intent.figures import stated_figures, states_figure
from qa.analyse.intent.settles import (
    asked_bounds,
    asks_all_done,
    asks_none,
    meets_bound,
    states_all_done,
    states_none,
    without_bounds,
)
from qa.analyse.places.bodies import GOVERNMENT, report_body
from qa.analyse.places.spotting import names_division
from qa.analyse.query import QueryInfo
from qa.answer.statements.amounts import asked_units, asks_amount, same_kind, states_amount
from qa.retrieve.fusion import Candidate
from qa.retrieve.header_lines import answering_lines
from qa.retrieve.plan_years import (
    later_asked,
    later_only,
    plans_for,
    reports_of_other_years,
    superseded_plans,
    years_by_place,
    years_of_own,
)
from qa.retrieve.restated import restated_rows

# The whole of a place ("全市", "全县"): what its government reports, not one department.
# A name the question quotes (“逢集见法”, 「一件事」), of two characters or more.
_QUOTED = re.compile(r"[“「\"]([^”」\"]{2,30})[”」\"]")
_WHOLE_PLACE = re.compile(r"全(?:省|市|州|县|区|旗|镇|乡|街道)(?![级委])")


@dataclass(frozen=True)
class PreferConfig:
    top: int = 50
    field_boost: float = 0.3
    """The header line holding the field asked for, over the other header lines."""
    fields_step: float = 0.06
    """Per labelled field of that line (up to ``max_fields``): a page's table of fields over a
    date alone or a byline."""
    max_fields: int = 3
    unasked_header_penalty: float = 0.3
    """The other header lines of a report whose answering line is among the candidates."""
    kind_boost: float = 0.2
    """Reports from the kind of division the question names (乡, 县 …)."""
    division_boost: float = 0.1
    """A passage naming a division of the kind asked the name of (哪些街道: 都亭街道)."""
    body_boost: float = 0.2
    """The reports of the body a question names after their place (县司法局 over 县政府)."""
    government_boost: float = 0.1
    """A place named with no organ, or with one none of its reports is of (长春市监局 with no
    market regulator's report): its government's own report, which speaks for the whole place
    and its departments, over its departments' reports of the same year."""
    figure_boost: float = 0.1
    """A passage stating a figure the question states (97.8%, 5名)."""
    amount_boost: float = 0.1
    """A passage stating an amount in a unit asked (多少件 → 5件, 3起; 败诉率是多少 → 11.4%)."""
    later_year_penalty: float = 0.15
    """A passage naming only years after its report's: a plan, not what was done."""
    later_year_boost: float = 0.1
    """The same passage when the question asks for plans (or a later year of its report)."""
    covered_year_penalty: float = 0.1
    """More for a plan of a later year asked whose own report is named: that report says what
    was done (2022's plans for 2023 beside 2023's report, when both years are asked)."""
    other_year_penalty: float = 0.1
    """A named place's report of another year, when the place has one of the year asked."""
    date_boost: float = 0.1
    """A passage stating a date to the day, when the question asks a date (``date_asked``)."""
    quoted_boost: float = 0.1
    """A passage holding word for word every name the question quotes (“全国民主法治示范村”)."""
    shortcoming_penalty: float = 0.1
    """A passage of the shortcomings stating no amount in the unit asked, when the question asks
    an amount and no part ("行政诉讼败诉率仍然偏高" for 败诉率是多少)."""
    restated_penalty: float = 0.1
    """A table row restating a figure a sentence of its report among the head states
    (``qa.retrieve.restated``): the sentence says what was counted."""
    settles_boost: float = 0.1
    """A passage that settles what the question asks beyond its topic
    (``qa.analyse.intent.settles``): a value beyond the bound it compares with, completeness for
    "都…了没", an absence for "没有…案件"."""


def prefer(
    info: QueryInfo,
    ranked: list[Candidate],
    passages: Sequence[Passage],
    documents: Mapping[str, Document],
    config: PreferConfig = PreferConfig(),
    sections: Mapping[str, np.ndarray] | None = None,
) -> list[Candidate]:
    """``ranked`` with the head's scores moved by what the question prefers, re-sorted
    (``sections``: each row's part of its report, ``qa.retrieve.rows``)."""
    head, tail = ranked[: config.top], ranked[config.top :]
    answering = answering_lines(info, head, passages, documents)
    answered = {passages[row].doc_id for row in answering}
    # of a region's reports (江西省的乡镇), or of all, those of the kind named
    kinds = named_kinds(info.text) if info.parent_only or not info.doc_ids else ()
    # which division below a place named (利川市…哪些街道); with none named, which report's place
    divisions = asked_kinds(info.text) if info.doc_ids else ()
    plans = "plans" in info.sections
    other_years = () if plans else reports_of_other_years(info, documents)
    figures = stated_figures(info.text)
    bodies = _of_bodies(info, documents)
    governments = _of_government(info, documents) if not bodies else set()
    units = _units_asked(info.text)
    settles = _settling(info.text)
    named_years = years_by_place(info, documents)
    in_head = {passages[c.row].doc_id for c in head}
    superseded = superseded_plans(info, [documents[d] for d in in_head])
    quoted = _QUOTED.findall(info.text)
    restated = restated_rows((c.row for c in head), passages)
    # an amount asked of no part: a shortcoming that states none in its unit names the topic only
    problems = sections.get("shortcomings") if sections and units and not info.sections else None
    moved = []
    for cand in head:
        passage = passages[cand.row]
        doc = documents[passage.doc_id]
        delta = _header_delta(cand.row in answering, passage, answered, config)
        if kinds and doc.meta.region.endswith(kinds):
            delta += config.kind_boost
        if divisions and names_division(passage.text, divisions):
            delta += config.division_boost
        if passage.doc_id in bodies:
            delta += config.body_boost
        elif passage.doc_id in governments:
            delta += config.government_boost
        if passage.doc_id in other_years:
            delta -= config.other_year_penalty
        if figures and states_figure(passage.text, figures):
            delta += config.figure_boost
        if units is not None and states_amount(without_bounds(passage.text), units):
            delta += config.amount_boost
        elif problems is not None and problems[cand.row] > 0:
            delta -= config.shortcoming_penalty
        if info.date_asked and EXACT_DATE.search(passage.text):
            delta += config.date_boost
        if quoted and all(q in passage.text for q in quoted):
            delta += config.quoted_boost
        if settles is not None and settles(passage.text):
            delta += config.settles_boost
        if cand.row in restated:
            delta -= config.restated_penalty
        said = "\n".join((*passage.heading_path, passage.text))
        asked = years_of_own(info, doc, named_years)
        if plans or later_asked(info, doc, other_years, asked):
            if plans_for(said, doc.meta.year, asked) and passage.doc_id not in superseded:
                delta += config.later_year_boost
        elif cand.row not in answering and later_only(said, doc.meta.year, asked):
            delta -= config.later_year_penalty
            if set(years_named(said)) & (set(info.ranking_years) - set(asked)):
                delta -= config.covered_year_penalty  # 2022's plans for 2023, 2023's own asked
        moved.append(
            replace(cand, fused=cand.fused + delta, boost=cand.boost + delta) if delta else cand
        )
    if all(m is c for m, c in zip(moved, head, strict=True)):
        return ranked
    return sorted(moved, key=lambda c: -c.score) + tail


def _header_delta(
    answers: bool, passage: Passage, answered: set[str], config: PreferConfig
) -> float:
    """A header line answering the field asked (``answers``) up, the more so the more labelled
    fields it holds (a page's table of fields over a byline or a date alone); the other header
    lines of a report with an answering line down."""
    if answers:
        fields = sum(1 for _, value in header_fields([passage.text]) if value)
        return config.field_boost + config.fields_step * min(fields, config.max_fields)
    if passage.kind == "header" and passage.doc_id in answered:
        return -config.unasked_header_penalty
    return 0.0


def _of_bodies(info: QueryInfo, documents: Mapping[str, Document]) -> set[str]:
    """The named reports whose title or publisher names the organ the question names after
    their place (``QueryInfo.organ``, by the reports' name for it); with no organ named but the
    whole place ("全市行政复议申请数"), the place's own government's, beside its departments'."""
    body = info.organ if info.doc_ids else None
    named = [documents[d] for d in info.doc_ids if d in documents]
    if body is None and _WHOLE_PLACE.search(info.text):
        own = {d.doc_id for d in named if report_body(d) == GOVERNMENT}
        return own if len(own) < len(named) else set()
    if not body:  # none, or the government's: its report is the place's own
        return set()
    return {d.doc_id for d in named if body in f"{d.meta.title} {d.meta.publisher}"}


def _of_government(info: QueryInfo, documents: Mapping[str, Document]) -> set[str]:
    """The named reports of their place's own government when the question names no organ of
    it, or one none of its reports is of, and a department's report is named too: of the same
    year, when a year is asked (over reports of other years, the year asked decides), or of any
    year asked when several are (the government's reports of 2022 and 2023 compared, beside a
    department's of 2023)."""
    if info.organ and info.organ_unreported is None:
        return set()
    named = [documents[d] for d in info.doc_ids if d in documents]
    departments = {d.meta.year for d in named if report_body(d) != GOVERNMENT}
    if not departments:
        return set()
    own = [d for d in named if report_body(d) == GOVERNMENT]
    if info.ranking_years:
        years = departments | (set(info.ranking_years) if len(info.ranking_years) > 1 else set())
        own = [d for d in own if d.meta.year in years]
    return {d.doc_id for d in own}


def _settling(question: str) -> Callable[[str], bool] | None:
    """What tells a passage that settles the question beyond its topic: a value beyond a bound
    it compares with, completeness asked whether all was done, an absence asked what did not
    happen (``qa.analyse.intent.settles``); ``None`` when it asks none of these."""
    bounds = asked_bounds(question)
    if bounds:
        kinds = {b.unit: same_kind(b.unit) for b in bounds}
        return lambda text: meets_bound(text, bounds, kinds)
    if asks_all_done(question):
        return states_all_done
    if asks_none(question):
        return states_none
    return None


def _units_asked(question: str) -> list[str] | None:
    """The units of the amount a question asks (多少件, 几场, 败诉率是多少 → %; in English,
    what share → %, how much in wages → 元, how many persons → 人), with those counting the same
    kind of thing; ``None`` when it asks no amount in a unit it says (any number would do, and
    most passages state one)."""
    units = asked_units(question) if asks_amount(question) else []  # English ones too
    return [u for unit in units for u in same_kind(unit)] or None
