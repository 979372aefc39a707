"""The evidence of what a question asks beyond its topic, read from the passages found: an
amount in the unit asked, a value of the kind asked (a day, a name), a part of a counted whole,
the members of a counted group, an outcome, the header answering instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from index.models import Document
from qa.analyse.intent.figures import stated_figures, without_figures
from qa.analyse.query import QueryInfo
from qa.answer.confidence.asked.docnumbers import unstated_doc_number
from qa.answer.confidence.asked.headers import unstated_values
from qa.answer.confidence.asked.members import members_unnamed
from qa.answer.confidence.asked.outcomes import outcome_unstated
from qa.answer.confidence.asked.stated import (
    amount_rank,
    amount_support,
    stated_amounts,
    unstated_amounts,
)
from qa.answer.confidence.asked.subsets import asked_part, asked_whole, part_stated
from qa.answer.confidence.checks import (
    report_words_only,
    reports_read,
)
from qa.answer.confidence.evidence import Evidence
from qa.answer.confidence.wordclasses import POINTING_TAGS, function_words
from qa.answer.confidence.words import ASKING_WORD, topic_tokens
from qa.answer.messages import Notice
from qa.answer.results import Hit
from qa.answer.sentences import SENTENCE, coverage, query_weights, with_item_leads
from qa.answer.statements.amounts import (
    asks_amount,
    asks_change_only,
    change_figures,
    clauses,
    states_count,
)
from qa.answer.statements.qualifiers import of_years_asked, plans_of_year_asked

MIN_ABOUT = 0.25
"""How much of the question a sentence must cover to be about its subject (amounts, values)."""


def asked_evidence(
    evidence: Evidence,
    info: QueryInfo,
    hits: Sequence[Hit],
    documents: Sequence[Document],
    named: list[Document],
) -> None:
    """No number in the unit asked about the subject; no value of the kind asked (a day, a
    name); the header giving it instead (发布日期 for a day)."""
    read = reports_read(named, hits, info.years)
    texts, results = _texts_read(info, hits, read)
    about = _about(info, hits, documents)
    asks = asks_amount(info.text)
    evidence.set("asks_amount", asks)
    change = asks_change_only(info.text) and not years_side_by_side(named, info.years)
    given = stated_figures(info.text) if asks else ()

    def answering(text: str) -> str:  # the figures that may answer: changes, none given
        return without_figures(change_figures(text) if change else text, given)

    figures = [answering(t) for t in texts]
    units = unstated_amounts(info, figures, about, MIN_ABOUT)
    asked = "、".join(u for u in units if u)
    unit = Notice.of("unit_not_stated", units=asked) if asked else Notice.of("number_not_stated")
    evidence.set("unit_not_stated", bool(units), unit if units else None)
    evidence.set("count_on_subject", bool(units) and _counts_something(figures, about))
    in_unit, any_count = amount_support(info, figures, about)
    evidence.set("amount_about", in_unit, unit if in_unit < MIN_ABOUT else None)
    evidence.set("count_about", any_count)
    scope = [h for h in hits if not info.doc_ids or h.doc_id in info.doc_ids] or list(hits)
    top = [answering(with_item_leads(_of_years_asked(h, info))) for h in scope[:5]]
    rank = amount_rank(info, top)
    evidence.set("amount_rank", rank, unit if rank >= 1.0 else None)
    _parts_and_outcomes(evidence, info, texts, results, about)
    heads = read or [d for d in (_document(documents, h.doc_id) for h in hits[:1]) if d]
    _values(evidence, info.text, texts, heads, about)
    unstated_number = unstated_doc_number(info.text, [h.text for h in scope[:5]])
    number = Notice.of("doc_number_not_given") if unstated_number else None
    evidence.set("doc_number_not_given", unstated_number, number)


def _texts_read(
    info: QueryInfo, hits: Sequence[Hit], read: Sequence[Document]
) -> tuple[list[str], list[str]]:
    """What the amount and value checks read, and what was done (no plan tells how something
    ended): the reports of the place named, for the years asked, with their passages of a plan
    asked; without a place named, the passages found."""
    if read:
        done = [
            with_item_leads(of_years_asked(d.text, d.meta.year, info.years, info.text))
            for d in read
        ]
        plans = [
            with_item_leads(h.text) for h in hits if h.doc_id in info.doc_ids and _plan(h, info)
        ]
        return done + plans, done
    found = [with_item_leads(_of_years_asked(h, info)) for h in hits]
    return found, [t for t, h in zip(found, hits, strict=True) if not _plan(h, info)]


def _parts_and_outcomes(
    evidence: Evidence,
    info: QueryInfo,
    texts: Sequence[str],
    results: Sequence[str],
    about: Callable[[str], float],
) -> None:
    """A part of a whole asked that no sentence states in the unit asked; members of a group
    asked by a kind of name none gives; an outcome asked that what was done (``results``)
    does not state."""
    part = asked_part(info.text)
    states = partial(_states_asked, info) if asks_amount(info.text) else None
    unstated = 1.0 - part_stated(part, texts, asked_whole(info.text), states) if part else 0.0
    notice = Notice.of("part_not_stated", terms="、".join(part)) if unstated >= 1.0 else None
    evidence.set("subset_unstated", unstated, notice)
    unnamed = members_unnamed(info.text, texts, about, states)
    code = "members_amount_not_stated" if states else "members_not_named"
    evidence.set("members_unnamed", unnamed, Notice.of(code) if unnamed else None)
    ended = outcome_unstated(info.text, results, about, states)
    evidence.set("outcome_unstated", ended, Notice.of("outcome_not_stated") if ended else None)


def _states_asked(info: QueryInfo, span: str) -> bool:
    """A part's amount: in the unit asked or one of its kind, not in 个 (问题58个 is no count
    of 物业纠纷 asked in 件)."""
    return stated_amounts(info, span, general=False)[0]


def _of_years_asked(hit: Hit, info: QueryInfo) -> str:
    return of_years_asked(hit.text, hit.year, info.years, info.text, hit.heading_path)


def _plan(hit: Hit, info: QueryInfo) -> bool:
    return plans_of_year_asked(hit.year, hit.heading_path, info.text, info.years)


def years_side_by_side(named: Sequence[Document], years: Sequence[int]) -> bool:
    """Whether reports named give two of the years asked, whose figures side by side answer a
    change asked ("2023年比2022年多了多少": 236名 in 2022's report, 312名 in 2023's)."""
    return len({d.meta.year for d in named} & set(years)) >= 2


def _counts_something(texts: Sequence[str], about: Callable[[str], float]) -> bool:
    """Some sentence about the subject counts something, if not in the unit asked: "告上法院
    几次" of a report giving "行政诉讼案件3件" is not the same as a report with no number."""
    sentences = (m.group() for text in texts for m in SENTENCE.finditer(text))
    return any(
        about(s) >= MIN_ABOUT and any(states_count(c) for c in clauses(s)) for s in sentences
    )


def _values(
    evidence: Evidence,
    question: str,
    texts: Sequence[str],
    heads: Sequence[Document],
    about: Callable[[str], float],
) -> None:
    """A kind of value asked (a day, a name) that no sentence about the subject states; a day
    the header gives instead (发布日期): ``qa.answer.confidence.asked.headers``."""
    unstated, header = unstated_values(question, texts, heads, about, MIN_ABOUT)
    evidence.set("header_answers", header)
    notice = Notice.of("value_not_stated", kind=unstated[0]) if unstated else None
    evidence.set("value_not_stated", bool(unstated), notice)


def _document(documents: Sequence[Document], doc_id: str) -> Document | None:
    named = getattr(documents, "named", None)
    if named is not None:
        found = named([doc_id])
        return found[0] if found else None
    return next((d for d in documents if d.doc_id == doc_id), None)


def _about(
    info: QueryInfo, hits: Sequence[Hit], documents: Sequence[Document]
) -> Callable[[str], float]:
    """How much of the question a sentence covers (words no report uses weigh nothing, and
    the words that ask or point, "几次", "那个", "过", name no subject a sentence must share)."""
    in_reports = report_words_only(query_weights(info.tokens, hits), documents)
    asides = function_words(info.text, POINTING_TAGS)
    tokens = [
        t for t in topic_tokens(info, documents) if t not in asides and not ASKING_WORD.search(t)
    ]
    return lambda sentence: coverage(tokens, sentence, in_reports) if tokens else 1.0
