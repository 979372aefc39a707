"""Quote reports in traditional script as written.

Such reports are read, matched and answered in their simplified form (``index.load.script``: same
length, same offsets); what the user sees (passages, citations, answer sentences) is cut from
the original text at the same offsets. So are the title, publisher, publishing date, header
fields and headings, wherever the simplified text states them: the report's metadata was read
from its simplified form. The region stays the gazetteer's name, the one filters take.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar, cast

from index.load.script import (
    TRADITIONAL,
    simplified_document,
    simplified_passage,
    to_simplified,
)
from index.models import Document, Passage
from index.store.folder.passages import PassageTable
from qa.answer.results import AnswerSentence, Hit

Quoted = TypeVar("Quoted", Passage, Hit, AnswerSentence)


class Originals:
    """The original texts of the reports in traditional script."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._texts = {d.doc_id: d.text for d in documents if d.meta.script == TRADITIONAL}
        self._shown = {d.doc_id: _as_written(d) for d in documents if d.doc_id in self._texts}

    def __bool__(self) -> bool:
        return bool(self._texts)

    def text(self, document: Document) -> str:
        """The report's text as written (``document`` may be its simplified form)."""
        return self._texts.get(document.doc_id, document.text)

    def document(self, document: Document) -> Document:
        """The report as written: its text, and its metadata and headings where the text
        states them (``document`` may be its simplified form)."""
        return self._shown.get(document.doc_id, document)

    def quote(self, item: Quoted) -> Quoted:
        """``item`` with its text cut from its report's original text (a citation's title
        too)."""
        original = self._texts.get(item.doc_id)
        if original is None:
            return item
        text = original[item.start : item.end]
        if isinstance(item, Hit):
            return cast(Quoted, _titled(item, text, self._shown[item.doc_id].meta.title))
        return replace(item, text=text)


def _titled(hit: Hit, text: str, title: str) -> Hit:
    return replace(hit, text=text, title=title)


def _as_written(document: Document) -> Document:
    """``document`` (original text, metadata read from its simplified form) with the metadata
    and headings its text states given as written."""
    original = document.text
    simplified = to_simplified(original)

    def written(value: str) -> str:
        start = simplified.find(value) if value else -1
        return original[start : start + len(value)] if start >= 0 else value

    meta = document.meta
    shown = replace(
        meta,
        title=written(meta.title),
        publisher=written(meta.publisher),
        published=written(meta.published),
        fields=tuple((written(label), written(value)) for label, value in meta.fields),
    )
    headings = tuple(
        (level, original[s:e] if simplified[s:e] == title else title, s, e)
        for level, title, s, e in document.headings
    )
    return replace(document, meta=shown, headings=headings)


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
