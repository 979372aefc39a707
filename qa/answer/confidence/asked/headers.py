"""Values asked of a report (a day, a name, its publisher, a header field such as 索引号): does a
sentence about the subject state them, or its header (发布日期, a date line, a field)?"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.metadata.header import ADDRESSEE_LABELS, HEAD_LINES, is_addressee
from index.models import Document
from qa.analyse.intent.asks import asked_fields, asks_date, asks_publisher, field_label_pattern
from qa.analyse.query import asks_about_header
from qa.answer.sentences import SENTENCE
from qa.answer.statements.dated import days_of_other_events, event_asked
from qa.answer.statements.values import asked_values, documents_named, names_document, states_value

# A line that is a date alone: the day a report was signed or put online ("2024年1月10日").
_DATE_LINE = re.compile(
    r"^\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期.)?\s*$", re.MULTILINE
)


def unstated_values(
    question: str,
    texts: Sequence[str],
    heads: Sequence[Document],
    about: Callable[[str], float],
    min_about: float,
) -> tuple[list[str], bool]:
    """The kinds of value asked (a day, a name) that no sentence of ``texts`` about the subject
    (``about`` at least ``min_about``) states, nor the header of the reports ``heads``; and
    whether such a header answers (the day a report was published is in its 发布日期)."""
    kinds = asked_values(question)
    sentences = [m.group() for text in texts for m in SENTENCE.finditer(text)] if kinds else []
    documents, event = documents_named(question), event_asked(question)

    def of_subject(kind: str, sentence: str) -> bool:  # of the document named, the event asked
        if kind in ("day", "time") and event and days_of_other_events(sentence, event):
            return False
        return (
            kind == "title" or not documents or any(names_document(t, sentence) for t in documents)
        )

    unstated = [
        k
        for k in kinds
        if not any(
            states_value(k, s, question) and about(s) >= min_about and of_subject(k, s)
            for s in sentences
        )
    ]
    fields = asked_fields(question)
    header = header_answers(question, kinds, heads)
    if header:  # the day a report was published is in its header (发布日期), not its sentences
        unstated = [k for k in unstated if k != "day"]
    elif "day" in kinds and asks_date(fields) and "day" not in unstated:
        unstated.append("day")  # the day it was signed: a day its sentences give is another's
    if asks_publisher(fields) and heads and not any(d.meta.publisher for d in heads):
        unstated.append("publisher")  # who published it: no issuer, field or signature names one
    if _field_missing(fields, heads):
        unstated.append("field")  # 索引号 asked of a report whose header has none
    return unstated, header


def _field_missing(labels: tuple[str, ...], heads: Sequence[Document]) -> bool:
    """A header field other than the date, the publisher or a document number (索引号, 主题分类)
    asked of named reports none of which has it, as a field or a labelled line of their text. (A
    文号 asked is mostly of a document the report cites: ``unstated_doc_number``.)"""
    if not labels or not heads or asks_date(labels) or asks_publisher(labels):
        return False
    if any("文号" in label or "字号" in label for label in labels):
        return False
    if labels == ADDRESSEE_LABELS:  # 主送 as a field or the addressees alone before a colon
        heads_lines = (d.text.split("\n", HEAD_LINES)[:HEAD_LINES] for d in heads)  # not all lines
        return not any(is_addressee(line) for lines in heads_lines for line in lines)
    line = field_label_pattern(labels)
    return not any(
        any(label in labels for label, _ in d.meta.fields) or line.search(d.text) for d in heads
    )


def header_answers(question: str, kinds: Sequence[str], reports: Sequence[Document]) -> bool:
    """The question asks what a header states (the day a report was published or signed:
    发布日期, a date line alone; a publisher) and the report has such a header. A day asked of
    something the report did (哪一天正式建立的) is no header's to give, nor what is asked of a
    document the question names other than a report (《…工作计划》的文号)."""
    if not asks_about_header(question):
        return False
    if any("报告" not in title for title in documents_named(question)):
        return False
    if "day" in kinds:
        return any(d.meta.published or _DATE_LINE.search(d.text) for d in reports)
    return any(d.meta.fields or d.meta.publisher for d in reports)
