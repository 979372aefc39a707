"""One answerability decision: verified facts refuse alone, everything else is weighed.

Refused outright (confidence 0), because they are facts checked against the index:
- the question and the filters disagree (``qa.analyse.conflicts``);
- it names a known place no indexed report is from (``qa.analyse.places.places``);
- it asks a year no report of the place it names covers (a plan's range quoted in a title is no
  year asked: ``years.asked_years``);
- no passage was found at all.

Every other signal is a feature of the confidence model (``features``, ``model``); the
question is answered when ``confidence >= threshold``. Below it, the answer is withheld and
the reason names the strongest signals against it, the passages found still shown.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.embed.embedders import Embedder
from qa.analyse.conflicts import disagreement
from qa.analyse.filters import Filters
from qa.analyse.query import QueryInfo
from qa.answer.confidence.asked.years import years_not_covered
from qa.answer.confidence.evidence import Evidence
from qa.answer.confidence.features import gather
from qa.answer.confidence.model import ConfidenceModel
from qa.answer.messages import Notice
from qa.answer.results import Hit
from qa.retrieve.mentions import ReportTexts
from qa.retrieve.retriever import HybridRetriever

TERM_MEMO = 1024
SIGNALS_NAMED = 2


@dataclass(frozen=True)
class Verdict:
    """Whether to answer, why not, how confident, the notes, and whether to answer with the
    outline of the report named (a place named alone)."""

    answerable: bool
    reason: Notice | None
    confidence: float
    notes: tuple[Notice, ...] = ()
    outline: bool = False


class Judge:
    """Decides, once per question, whether the passages found answer it."""

    def __init__(
        self,
        reports: ReportTexts,
        retriever: HybridRetriever,
        embedder: Embedder,
        threshold: float | None = None,
        model: ConfidenceModel | None = None,
    ) -> None:
        self.reports = reports
        self.retriever = retriever
        self.embedder = embedder
        self.model = model or ConfidenceModel.load()
        self.threshold = self.model.threshold if threshold is None else threshold
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()

    def hard_refusal(self, info: QueryInfo) -> Notice | None:
        """A verified fact that rules the question out: a place or a year no report has."""
        places = info.unknown_places
        if places and (not info.doc_ids or info.parent_only):
            return Notice.of("unknown_place", places="、".join(places))
        if info.unreported is not None and info.unreported.code == "unknown_place":
            return info.unreported
        years = years_not_covered(info, self.reports)
        if years:
            return Notice.of("year_not_covered", years="、".join(map(str, years)))
        return None

    def verdict(
        self, info: QueryInfo, allowed: Filters, citations: Sequence[Hit], cross: bool
    ) -> Verdict:
        disagree = disagreement(info, allowed, self.reports)
        if disagree.refusal is not None:
            return Verdict(False, disagree.refusal, 0.0)
        notes = disagree.notes
        hard = self.hard_refusal(info)
        if hard is not None:
            return Verdict(False, hard, 0.0, notes)
        if info.place_only and not cross:
            return Verdict(True, None, 1.0, notes, outline=True)
        if not citations:
            return Verdict(False, Notice.of("no_passage"), 0.0, notes)
        evidence = self.evidence(info, citations, cross)
        confidence = self.model.confidence(evidence.values, self.embedder.name)
        if confidence >= self.threshold:
            return Verdict(True, None, confidence, notes)
        return Verdict(False, self.reason(evidence, confidence), confidence, notes)

    def evidence(self, info: QueryInfo, citations: Sequence[Hit], cross: bool) -> Evidence:
        """The features of the question against the passages found."""
        return gather(info, citations, self.reports, cross, self.term_meaning)

    def reason(self, evidence: Evidence, confidence: float) -> Notice:
        """The signals that weigh most against answering, named in one notice."""
        shares = self.model.contributions(evidence.values, self.embedder.name)
        order = np.argsort(shares)
        named: list[Notice] = []
        for i in order:
            notice = evidence.signals.get(self.model.features[i])
            if shares[i] >= 0 or notice is None:
                continue
            if notice.code not in {n.code for n in named}:
                named.append(notice)
            if len(named) == SIGNALS_NAMED:
                break
        named = named or [Notice.of("too_far_in_meaning")]
        return Notice.of(
            "low_confidence",
            confidence=f"{confidence:.2f}",
            signals="; ".join(n.render("en") for n in named),
            signals_zh="；".join(n.render("zh") for n in named),
            codes=",".join(n.code for n in named),
        )

    def term_meaning(self, terms: Sequence[str], doc_ids: Sequence[str]) -> float:
        """The lowest, over ``terms``, of their best cosine against the passages of the reports
        ``doc_ids`` (one report's rows, from the load-time table)."""
        rows = self.retriever.table.rows_of(doc_ids)
        if not terms or rows.size == 0:
            return 0.0
        store = self.retriever.store
        best = [
            float(store.dense_scores("passage", self._term_vector(t), rows).max()) for t in terms
        ]
        return min(best)

    def _term_vector(self, term: str) -> np.ndarray:
        memo = self._terms
        if term not in memo:
            memo[term] = np.asarray(self.embedder.embed_queries([term])[0])
            while len(memo) > TERM_MEMO:
                memo.popitem(last=False)
        return memo[term]
