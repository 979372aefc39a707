"""Which of a report's header lines answer the field a question asks (``qa.analyse.intent.asks``).

"…是哪个机构发布的？" asks the 发布机构 field, "…是哪天发布的？" the date: the field's line
answers, and so do a date alone under the signature and the issuer's line alone (asked who
signed it, every organisation's line alone: 中共某镇委员会 above 某镇人民政府); asked whom it is
sent to (报给哪个单位), the addressees before a colon (某县委全面依法治县委员会办公室：). A date
alone yields to its report's labelled date line (发布时间：2025-01-22 16:35) unless the question
asks the date it was signed (落款, 成文): the page's field says when the report was published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from index.metadata.header import (
    ADDRESSEE_LABELS,
    DATE_ALONE,
    DATE_LABELS,
    SOURCE_LABELS,
    is_addressee,
    is_org,
)
from index.models import Document, Passage
from qa.analyse.intent.asks import asked_fields, asks_date, asks_publisher, field_label_pattern
from qa.analyse.query import QueryInfo
from qa.retrieve.fusion import Candidate

_SOURCES = field_label_pattern(SOURCE_LABELS)
_SIGNED = re.compile(r"落款|成文|签署|签发|署名|\bsign(?:ed|ing)?\b", re.IGNORECASE)


def answering_lines(
    info: QueryInfo,
    head: Sequence[Candidate],
    passages: Sequence[Passage],
    documents: Mapping[str, Document],
) -> set[int]:
    """The rows of ``head`` that are header lines holding the field the question asks for: the
    field's line, a date alone when the report's date is asked; when its publisher is, the
    issuer's line alone (above the title or signing) or a page's 来源 naming the publisher (a
    来源 naming a sender other than the issuer answers only a question that asks for 来源)."""
    labels = asked_fields(info.text)
    if not labels:
        return set()
    fields = field_label_pattern(labels)
    dated = asks_date(labels)
    published = asks_publisher(labels)
    # who signed it: each organisation signing, a party committee beside its government
    signers = published and _SIGNED.search(info.text) is not None
    addressed = labels == ADDRESSEE_LABELS
    answering = set()
    for cand in head:
        passage = passages[cand.row]
        if passage.kind != "header":
            continue
        text = passage.text.strip()
        publisher = documents[passage.doc_id].meta.publisher
        if (
            fields.search(text)
            or (dated and DATE_ALONE.fullmatch(text))
            or (published and publisher and _states_publisher(text, publisher))
            or (signers and is_org(text))
            or (addressed and is_addressee(text))
        ):
            answering.add(cand.row)
    return answering - _yielding_dates(info.text, labels, answering, passages)


def _yielding_dates(
    question: str, labels: tuple[str, ...], rows: set[int], passages: Sequence[Passage]
) -> set[int]:
    """The dates alone among ``rows`` that yield to a labelled date line of their report (发布
    时间：2025-01-22 16:35 over the 2025年1月20日 under its signature), unless the question asks
    the date it was signed (落款, 成文)."""
    if _SIGNED.search(question):
        return set()
    dates = field_label_pattern(tuple(label for label in labels if label in DATE_LABELS))
    labelled = {passages[r].doc_id for r in rows if dates.search(passages[r].text)}
    return {
        r
        for r in rows
        if passages[r].doc_id in labelled and DATE_ALONE.fullmatch(passages[r].text.strip())
    }


def _states_publisher(text: str, publisher: str) -> bool:
    """A header line that is the publisher alone, or a 来源-type field naming it."""
    return text == publisher or (_SOURCES.search(text) is not None and publisher in text)
