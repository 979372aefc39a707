"""How close the passages found come to the question: in meaning (the encoder's cosine), in
fused score before the ranking's boosts, and in the question's own words, those no report uses
at all counted apart."""

from __future__ import annotations

from collections.abc import Sequence

from index.models import Document
from qa.analyse.query import QueryInfo
from qa.answer.confidence.evidence import Evidence
from qa.answer.confidence.words import absent_words, topic_tokens
from qa.answer.messages import Notice
from qa.answer.results import Hit
from qa.answer.sentences import coverage, query_weights


def passage_closeness(
    evidence: Evidence, info: QueryInfo, hits: Sequence[Hit], documents: Sequence[Document]
) -> None:
    """How close the best passages are in meaning and words, and by what margin."""
    scope = [h for h in hits if not info.doc_ids or h.doc_id in info.doc_ids] or list(hits)
    top = scope[:5]
    dense = sorted((max(h.scores.dense, h.scores.window) for h in top), reverse=True)
    fused = [h.scores.fused for h in hits[:5]]
    far = Notice.of("too_far_in_meaning")
    evidence.set("dense_top", dense[0] if dense else 0.0, far)
    evidence.set("dense_margin", dense[0] - dense[-1] if dense else 0.0)
    # before the boosts (a named report, a year, a part asked): their sizes are ranking choices
    evidence.set("fused_top", hits[0].scores.fused - hits[0].scores.boost if hits else 0.0)
    evidence.set("fused_margin", fused[0] - fused[1] if len(fused) > 1 else 0.0)
    _words(evidence, info, hits, top, documents)


def _words(
    evidence: Evidence,
    info: QueryInfo,
    hits: Sequence[Hit],
    top: Sequence[Hit],
    documents: Sequence[Document],
) -> None:
    """How much of the question's topic the best passages hold, and its words no report uses
    at all (``absent_words``)."""
    tokens = topic_tokens(info, documents)
    weights = query_weights(info.tokens, hits)
    best = max((coverage(tokens, _with_headings(h), weights) for h in top), default=0.0)
    unmentioned = Notice.of("topic_not_mentioned")
    evidence.set("coverage", best if tokens else 1.0, unmentioned)
    absent, judged = absent_words(info, tokens, documents)
    notice = Notice.of("term_in_no_report", terms="、".join(absent)) if absent else None
    evidence.set("absent_words", len(absent) / judged if judged else 0.0, notice)


def _with_headings(hit: Hit) -> str:
    """A passage is also about what its headings say ("二、存在不足和原因" over its paragraphs)."""
    return "\n".join((*hit.heading_path, hit.text))
