"""Quote reports in traditional script as written.

Such reports are read, matched and answered in their simplified form (``index.load.script``: same
length, same offsets); what the user sees (passages, citations, answer sentences) is cut from
the original text at the same offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from index.load.script import TRADITIONAL, simplified_document, simplified_passage
from index.models import Document, Passage
from index.store.passages import PassageTable
from qa.answer.results import AnswerSentence, Hit

Quoted = TypeVar("Quoted", Passage, Hit, AnswerSentence)


class Originals:
    """The original texts of the reports in traditional script."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._texts = {d.doc_id: d.text for d in documents if d.meta.script == TRADITIONAL}

    def __bool__(self) -> bool:
        return bool(self._texts)

    def text(self, document: Document) -> str:
        """The report's text as written (``document`` may be its simplified form)."""
        return self._texts.get(document.doc_id, document.text)

    def quote(self, item: Quoted) -> Quoted:
        """``item`` with its text cut from its report's original text."""
        original = self._texts.get(item.doc_id)
        if original is None:
            return item
        return replace(item, text=original[item.start : item.end])


def simplified_view(
    documents: Sequence[Document], passages: Sequence[Passage]
) -> tuple[tuple[Document, ...], Sequence[Passage]]:
    """Documents and passages as the query side reads them: traditional ones simplified (the
    passages of an index on disk as they are read)."""
    traditional = {d.doc_id for d in documents if d.meta.script == TRADITIONAL}
    docs = tuple(simplified_document(d) if d.doc_id in traditional else d for d in documents)

    def view(passage: Passage) -> Passage:
        return simplified_passage(passage) if passage.doc_id in traditional else passage

    if isinstance(passages, PassageTable):
        return docs, passages.with_view(view)
    return docs, tuple(view(p) for p in passages)
