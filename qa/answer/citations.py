"""Citations: the ranked candidates as hits, near-duplicate passages dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from index.clean.dedup import is_near_duplicate, normalise
from index.models import Document, Passage
from qa.analyse.query import QueryInfo
from qa.answer.highlight import highlights
from qa.answer.results import Hit, Scores
from qa.retrieve.fusion import Candidate

_form = lru_cache(maxsize=4096)(normalise)
"""A passage's compare form, remembered: where copies of a passage crowd the head of a ranking,
the same text is compared hit after hit."""


class Citations:
    """Makes hits (passage, report, heading path, offsets, scores) of ranked candidates."""

    def __init__(self, documents: Mapping[str, Document], passages: Sequence[Passage]) -> None:
        self.documents = documents
        self.passages = passages

    def hits(
        self, info: QueryInfo, ranked: list[Candidate], top_k: int, collapse: bool = True
    ) -> list[Hit]:
        """The first ``top_k`` candidates as hits; with ``collapse``, a passage nearly the same
        as one already chosen is left out."""
        chosen: list[tuple[Candidate, str]] = []
        for cand in ranked:
            form = _form(self.passages[cand.row].text)
            if collapse and any(is_near_duplicate(form, other) for _, other in chosen):
                continue
            chosen.append((cand, form))
            if len(chosen) == top_k:
                break
        return [self.hit(rank, cand, info) for rank, (cand, _) in enumerate(chosen, 1)]

    def hit(self, rank: int, cand: Candidate, info: QueryInfo | None = None) -> Hit:
        passage = self.passages[cand.row]
        doc = self.documents[passage.doc_id]
        return Hit(
            rank=rank,
            score=round(cand.score, 6),
            passage_id=passage.passage_id,
            text=passage.text,
            doc_id=passage.doc_id,
            source=doc.source,
            title=doc.meta.title,
            region=doc.meta.region,
            year=doc.meta.year,
            heading_path=passage.heading_path,
            paragraph=passage.paragraph,
            start=passage.start,
            end=passage.end,
            highlights=highlights(passage.text, info.tokens) if info else (),
            scores=Scores(
                round(cand.dense, 6),
                round(cand.bm25, 6),
                round(cand.fused, 6),
                round(cand.boost, 6),
                None if cand.rerank is None else round(cand.rerank, 6),
                round(cand.window, 6),
            ),
        )


def by_report(citations: Sequence[Hit]) -> dict[str, tuple[Hit, ...]]:
    """Citations by report, for questions across reports."""
    groups: dict[str, tuple[Hit, ...]] = {}
    for hit in citations:
        groups[hit.doc_id] = (*groups.get(hit.doc_id, ()), hit)
    return groups
