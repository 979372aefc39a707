"""The evidence for and against answering a question, as numbers for the confidence model.

Each former veto is a feature here (a term the named report lacks, no amount in the unit asked,
a value kind not stated …), beside measures of how good the passages found are (their scores
in meaning and in words, the margin of the best, the share of the question's words they hold).
Scores are taken relative to the question's own candidates where they can be (a rank among the
best passages, a fused score before the ranking's boosts), so that the model does not learn the
scale of one corpus or one set of questions.
What a feature says against answering is also kept as a ``Notice``, so that a refusal can name
its strongest signals.

Everything is read from the question, the passages found and the reports it names (by id): no
loop over every report or passage per question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.models import Document
from qa.analyse.places.organs import organ_forms
from qa.analyse.query import QueryInfo
from qa.answer.confidence.asked.docnumbers import unknown_doc_numbers
from qa.answer.confidence.asked.years import later_years
from qa.answer.confidence.asked_evidence import asked_evidence
from qa.answer.confidence.checks import (
    missing_terms,
    named_reports,
)
from qa.answer.confidence.closeness import passage_closeness
from qa.answer.confidence.evidence import Evidence
from qa.answer.messages import Notice
from qa.answer.results import Hit

FEATURES = (
    "english_unbridged",
    "english",
    "unknown_place",
    "region_as_whole",
    "organ_unreported",
    "unknown_doc_number",
    "missing_terms",
    "missing_meaning",
    "asks_amount",
    "unit_not_stated",
    "count_on_subject",
    "amount_about",
    "count_about",
    "amount_rank",
    "value_not_stated",
    "header_answers",
    "doc_number_not_given",
    "dense_top",
    "dense_margin",
    "fused_top",
    "fused_margin",
    "absent_words",
    "cross",
    "sections_only",
    "subset_unstated",
    "outcome_unstated",
    "members_unnamed",
    "later_year",
)
MEANING_FEATURES = ("missing_meaning", "dense_top", "dense_margin")
"""Features whose scale is the encoder's (left at their mean under another encoder)."""

TermMeaning = Callable[[Sequence[str], Sequence[str]], float]
"""How close in meaning terms are to the reports named (ids): the lowest over the terms of the
best cosine against those reports' passages."""


def gather(
    info: QueryInfo,
    hits: Sequence[Hit],
    documents: Sequence[Document],
    cross: bool,
    meaning: TermMeaning,
) -> Evidence:
    """All features of the question against the passages found."""
    evidence = Evidence()
    named = named_reports(info, documents)
    _question(evidence, info, documents, named, cross)
    _terms(evidence, info, documents, meaning)
    asked_evidence(evidence, info, hits, documents, named)
    passage_closeness(evidence, info, hits, documents)
    return evidence


def _question(
    evidence: Evidence,
    info: QueryInfo,
    documents: Sequence[Document],
    named: Sequence[Document],
    cross: bool,
) -> None:
    unbridged = not info.chinese and not info.bridged and not info.doc_ids
    evidence.set("english_unbridged", unbridged, Notice.of("no_report_subject"))
    evidence.set("english", not info.chinese)
    places = "、".join(info.unknown_places)
    evidence.set(
        "unknown_place", bool(places), Notice.of("unknown_place", places=places) if places else None
    )
    whole = info.unreported is not None and info.unreported.code == "region_as_a_whole"
    evidence.set("region_as_whole", whole, info.unreported if whole else None)
    _organ(evidence, info, named)
    later = later_years(info, named)
    notice = Notice.of("later_year", years="、".join(map(str, later))) if later else None
    evidence.set("later_year", bool(later), notice)
    numbers = unknown_doc_numbers(info.text, documents)
    notice = Notice.of("unknown_doc_number", numbers="、".join(numbers)) if numbers else None
    evidence.set("unknown_doc_number", bool(numbers), notice)
    evidence.set("cross", cross)
    evidence.set("sections_only", info.sections_only)


def _organ(evidence: Evidence, info: QueryInfo, named: Sequence[Document]) -> None:
    """An organ asked that no report of its place is of, nor mentions (医保局 of a city whose
    人社局 reports; 区应急管理局's work in the district's own report answers for it)."""
    notice = info.organ_unreported
    forms = organ_forms(notice.parameters["organ"]) if notice is not None else ()
    said = any(f in d.text for d in named for f in forms)
    evidence.set("organ_unreported", notice is not None and not said, None if said else notice)


def _terms(
    evidence: Evidence, info: QueryInfo, documents: Sequence[Document], meaning: TermMeaning
) -> None:
    """Terms the named report lacks in words, and how close it comes to them in meaning
    (入矫 for 社区矫正)."""
    missing = missing_terms(info, documents)
    notice = Notice.of("term_not_mentioned", terms="、".join(missing)) if missing else None
    evidence.set("missing_terms", min(len(missing), 3), notice)
    closeness = meaning(missing, info.doc_ids) if missing else 1.0
    evidence.set("missing_meaning", closeness, notice)


def vector(evidence: Evidence) -> np.ndarray:
    """The feature values in ``FEATURES`` order."""
    return np.array([evidence.values[name] for name in FEATURES], dtype=np.float64)
