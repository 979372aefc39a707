"""Document numbers (文号) a question cites or asks: one no report cites ("岔依治委【2023】01号"
where the report cites 02号 and 03号), or one asked that no passage found gives."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Document
from qa.answer.sentences import SENTENCE
from qa.answer.statements.values import documents_named, names_document
from qa.retrieve.mentions import ReportTexts

# A document number: issuer, year in brackets, serial ("岔依治委【2023】02号", "兰政发〔2023〕5号").
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{2,10})\s*[〔【\[（(［]\s*(\d{4})\s*[〕】\]）)］]\s*0*(\d+)\s*号"
)


def _doc_numbers(text: str) -> set[tuple[str, str, str]]:
    return {(issuer[-2:], year, serial) for issuer, year, serial in _DOC_NUMBER.findall(text)}


_ASKS_DOC_NUMBER = re.compile(r"文号|发文字号|文件编号|发文编号")


def unstated_doc_number(question: str, evidence: Sequence[str]) -> bool:
    """The question asks a document's number ("发文字号是什么") and no passage found gives one;
    of a document it names (《…工作计划》的文号), no sentence naming that document."""
    if not _ASKS_DOC_NUMBER.search(question):
        return False
    titles = documents_named(question)
    sentences = [m.group() for text in evidence for m in SENTENCE.finditer(text)]
    return not any(
        _DOC_NUMBER.search(s) and (not titles or any(names_document(t, s) for t in titles))
        for s in sentences
    )


def unknown_doc_numbers(text: str, documents: Sequence[Document]) -> list[str]:
    """Document numbers the question cites that no report does (brackets and leading zeros
    aside): "岔依治委【2023】01号" where the report cites 02号 and 03号."""
    asked = [m.group() for m in _DOC_NUMBER.finditer(text)]
    if not asked:
        return []
    if isinstance(documents, ReportTexts):
        cited = documents.each(_doc_numbers)
    else:
        cited = set().union(*(_doc_numbers(d.text) for d in documents)) if documents else set()
    return [number for number in asked if _doc_numbers(number) - cited]
