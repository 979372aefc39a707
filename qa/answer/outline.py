"""What a report covers: its title and top-level headings, for a question that names a place and
nothing more ("溪湖区")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.models import Document, Passage
from qa.answer.results import AnswerSentence


@dataclass(frozen=True)
class Outline:
    """A report's top-level headings as answer sentences, and the row of the passage each one
    opens (the citation)."""

    title: str
    headings: tuple[AnswerSentence, ...]
    rows: tuple[int, ...]

    def text(self) -> str:
        return "\n".join([f"《{self.title}》", *(h.text for h in self.headings)])


def outline_of(doc: Document, passages: Sequence[Passage], first_row: int) -> Outline:
    """The outline of ``doc``, whose passages (in text order) start at row ``first_row``."""
    levels = [level for level, *_ in doc.headings]
    top = [h for h in doc.headings if h[0] == min(levels)] if levels else []
    headings: list[AnswerSentence] = []
    rows: list[int] = []
    for _, _, start, end in top:
        offset = next((i for i, p in enumerate(passages) if p.end > start), None)
        if offset is None:
            continue
        passage = passages[offset]
        text = doc.text[start:end]
        headings.append(
            AnswerSentence(text, passage.passage_id, doc.doc_id, doc.source, start, end)
        )
        rows.append(first_row + offset)
    return Outline(doc.meta.title, tuple(headings), tuple(rows))


class Outlines:
    """Each report's outline, made when first asked for (``spans``: each report's passages are
    rows ``start:end``, stored together) and remembered."""

    def __init__(
        self,
        documents: Mapping[str, Document],
        passages: Sequence[Passage],
        spans: Mapping[str, tuple[int, int]],
    ) -> None:
        self._documents = documents
        self._passages = passages
        self._spans = spans
        self._made: dict[str, Outline | None] = {}

    def get(self, doc_id: str) -> Outline | None:
        if doc_id not in self._made:
            self._made[doc_id] = self._make(doc_id)
        return self._made[doc_id]

    def _make(self, doc_id: str) -> Outline | None:
        doc, span = self._documents.get(doc_id), self._spans.get(doc_id)
        if doc is None or span is None or span[0] >= span[1]:
            return None
        return outline_of(doc, self._passages[span[0] : span[1]], span[0])
