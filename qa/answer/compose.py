"""The answer's text: the sentences of the cited passages that answer the question, a part's
outline when a part is asked for alone, or the named reports' outlines when a place is named
and nothing more."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from index.embed.embedders import Embedder
from index.errors import NotFoundError
from index.models import Document, Passage
from qa.analyse.query import QueryInfo, topic_words
from qa.answer.citations import Citations
from qa.answer.outline import Outlines
from qa.answer.results import AnswerSentence, Hit
from qa.answer.sentences import best_sentences, part_outline
from qa.retrieve.fusion import Candidate
from qa.retrieve.retriever import HybridRetriever

SENTENCE_MEMO = 4096


class AnswerComposer:
    """Chooses and joins the sentences an answer quotes."""

    def __init__(
        self,
        documents: Mapping[str, Document],
        passages: Sequence[Passage],
        retriever: HybridRetriever,
        embedder: Embedder,
        row_of: Callable[[str], int | None],
    ) -> None:
        self.documents = documents
        self.retriever = retriever
        self.embedder = embedder
        self.row_of = row_of
        self.citations = Citations(documents, passages)
        self.outlines = Outlines(documents, passages, retriever.table.spans())
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()

    def outline(
        self, info: QueryInfo, top_k: int
    ) -> tuple[str | None, tuple[AnswerSentence, ...], tuple[Hit, ...]]:
        """The title and top-level headings of the reports named, each heading cited."""
        found = (self.outlines.get(d) for d in info.doc_ids)
        chosen = [o for o in found if o is not None and o.headings]
        rows = [r for o in chosen for r in o.rows][:top_k]
        cite = self.citations.hit
        cited = (cite(i, Candidate(r, 0, 0, 0, 0), info) for i, r in enumerate(rows, 1))
        return (
            "\n\n".join(o.text() for o in chosen) or None,
            tuple(h for o in chosen for h in o.headings),
            tuple(cited),
        )

    def sentences(
        self, info: QueryInfo, citations: tuple[Hit, ...], cross: bool
    ) -> tuple[AnswerSentence, ...]:
        """The sentences that answer: one of the best passages' (several across reports), or
        the asked part's outline."""
        if info.sections_only and not cross:
            part, row_of = self.retriever.in_sections, self.row_of
            return tuple(
                part_outline(citations, lambda h: part(_found(row_of(h.passage_id)), info.sections))
            )
        per_hit = best_sentences(
            info.tokens,
            citations[: 5 if cross else 3],
            limit=5 if cross else 1,
            question=info.text,
            similarity=None if info.has_report_words else self._meaning_of(info.text),
            topic=topic_words(info.text, info.tokens, info.places),
        )
        return tuple(s.sentence for s in per_hit)

    def text(
        self, sentences: tuple[AnswerSentence, ...], cross: bool, listing: bool = False
    ) -> str | None:
        """The answer's text: the sentences joined; across reports, each after its place."""
        if not sentences:
            return None
        if cross:
            return "\n".join(
                f"{self.documents[s.doc_id].meta.region or s.doc_id}：{s.text}" for s in sentences
            )
        return ("\n" if listing else "").join(s.text for s in sentences)

    def _meaning_of(self, question: str) -> Callable[[Sequence[str]], np.ndarray]:
        """Closeness in meaning of sentences to the question (for questions without Chinese,
        whose words never occur in the reports)."""
        vector = self.retriever.query_vector(question)
        return lambda texts: self._sentence_vectors(texts) @ vector

    def _sentence_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of answer sentences, remembered (the same passages come back often)."""
        memo = self._memo
        missing = list(dict.fromkeys(t for t in texts if t not in memo))
        if missing:
            for text, vector in zip(missing, self.embedder.embed_passages(missing), strict=True):
                memo[text] = vector
        while len(memo) > SENTENCE_MEMO:
            memo.popitem(last=False)
        return np.stack([memo[t] for t in texts]) if texts else np.zeros((0, self.embedder.dim))


def _found(row: int | None) -> int:
    if row is None:
        raise NotFoundError("a cited passage is not in the index")
    return row
