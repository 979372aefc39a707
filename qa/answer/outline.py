"""What a report covers: its title and top-level headings, for a question that names a place and
nothing more ("溪湖区")."""

from __future__ import annotations

from collections.abc import Sequence
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


def outlines(documents: Sequence[Document], passages: Sequence[Passage]) -> dict[str, Outline]:
    """Every report's outline (computed once, when the index is loaded)."""
    rows: dict[str, list[int]] = {}
    for row, passage in enumerate(passages):
        rows.setdefault(passage.doc_id, []).append(row)
    found = {}
    for doc in documents:
        own = rows.get(doc.doc_id, [])
        if own and own == list(range(own[0], own[0] + len(own))):
            found[doc.doc_id] = outline_of(doc, passages[own[0] : own[-1] + 1], own[0])
    return found
