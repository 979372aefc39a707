"""What the reports state of a question: term checks behind the answerability features.

Each is general (no question-specific rules) and reads only the reports the question names
(looked up by id) or the postings (``ReportTexts``), never a scan of every report per question:
a domain term the question asks about that its named report never has, in any of the forms a
report may write it in. Amounts stated: ``qa.answer.confidence.asked.stated``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Document
from index.store.lexical.tokenize import domain_terms
from qa.analyse.query import QueryInfo
from qa.analyse.wording.glossary import shipped_glossary
from qa.analyse.wording.spelling import abbreviations
from qa.answer.confidence.wordclasses import time_words
from qa.answer.results import Hit
from qa.retrieve.mentions import ReportTexts


def missing_terms(info: QueryInfo, documents: Sequence[Document]) -> list[str]:
    """Domain terms of the question found in the corpus but not in the report(s) it names."""
    named = named_reports(info, documents)
    if not named:
        return []
    texts = [_searchable(d) for d in named]
    places = {p for d in named for p in (*d.meta.chain, d.meta.parent_region) if p}
    places.update(info.divisions)
    places.add(info.organ_written)  # 监管局 of 市场监管局: the report's body, named as its place
    places.discard("")
    forms = other_forms(info.text)
    titles = [d.meta.title for d in named if d.meta.title]
    times = time_words(info.text)
    missing: list[str] = []
    mentioned: list[str] = []
    # longest first: a piece of a word the report has (委政府 of 党委政府) is not missing
    for term in sorted(dict.fromkeys(info.tokens), key=len, reverse=True):
        if not (len(term) >= 3 or term in domain_terms()) or any(term in p for p in places):
            continue
        if term.isdigit() or any(term in m for m in mentioned):  # years: ``asked.years``
            continue
        if any(term in e for e in info.expanded):  # not the asker's word: 社矫 → 社区矫正
            continue
        if _names_the_report(term, titles):  # 年度报告: the report itself, not its topic
            continue
        if any(term in t for t in times):  # 上一年, 第二年: the year checks read them
            continue
        if any(mentions_term(text, form) for text in texts for form in forms.get(term, (term,))):
            mentioned.append(term)
        elif in_some(term, documents):
            missing.append(term)
    return sorted(missing, key=info.tokens.index)


def _names_the_report(term: str, titles: Sequence[str]) -> bool:
    """Whether ``term`` is made of pieces (two characters or more) of its reports' titles
    ("年度报告" of "…2024年度法治政府建设情况报告"): it names the report, which need not say it
    of itself."""
    ends = {0}
    for end in range(2, len(term) + 1):
        if any(
            start in ends and any(term[start:end] in t for t in titles) for start in range(end - 1)
        ):
            ends.add(end)
    return bool(titles) and len(term) in ends


def other_forms(question: str) -> dict[str, tuple[str, ...]]:
    """Each term of the question with the forms a report may write it in: the reports' term of
    an everyday form (上一年 → 上年, ``qa/data/abbreviations.tsv``) and the other terms of the
    glossary phrase it bridges ("legal publicity" → 法治宣传, 普法, 普法宣传), but a piece of
    the term itself, which says less (书记 of 党委书记, also in 总书记)."""
    forms: dict[str, tuple[str, ...]] = {}
    for terms in shipped_glossary().phrases(question):
        for term in terms:
            siblings = (t for t in terms if t not in term or t == term)
            forms[term] = tuple(dict.fromkeys((*forms.get(term, (term,)), *siblings)))
    for everyday, terms in abbreviations().items():
        if everyday in question:
            forms[everyday] = (*forms.get(everyday, (everyday,)), *terms)
    return forms


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def named_reports(
    info: QueryInfo, documents: Sequence[Document], ids: Sequence[str] | None = None
) -> list[Document]:
    """The reports the question names, or those of ``ids`` (looked up by id, not found by a
    scan, when it can)."""
    wanted = info.doc_ids if ids is None else ids
    if isinstance(documents, ReportTexts):
        return documents.named(wanted)
    return [d for d in documents if d.doc_id in wanted]


READ_AT_MOST = 16
"""How many reports of the place named the amount and value checks read: a city's government
and its departments over the years may be a hundred or more, each read from disk per question."""


def reports_read(
    named: Sequence[Document], hits: Sequence[Hit], years: Sequence[int]
) -> list[Document]:
    """The reports of the place named whose texts are read: all of them up to ``READ_AT_MOST``;
    beyond, those the passages found come from first, then those nearest the years asked."""
    if len(named) <= READ_AT_MOST:
        return list(named)
    first: dict[str, int] = {}
    for at, hit in enumerate(hits):
        first.setdefault(hit.doc_id, at)

    def order(doc: Document) -> tuple[int, int]:
        year = doc.meta.year or 0
        return first.get(doc.doc_id, len(hits)), min((abs(year - y) for y in years), default=0)

    return sorted(named, key=order)[:READ_AT_MOST]


def _searchable(doc: Document) -> str:
    """A report's text and its header fields (主题分类: 政府信息公开 answers a term too)."""
    meta = doc.meta
    header = [meta.title, meta.publisher, meta.published, *(v for _, v in meta.fields)]
    return "\n".join([doc.text, *header])


def mentions_term(text: str, term: str) -> bool:
    """Whether ``text`` has ``term``, or its two halves a few characters apart within a
    clause (决策程序 in "重大决策制定程序") or listed together (党委政府 in "党委、政府").
    A term with Latin letters is a lower-cased token (pm2 of PM2.5): case is ignored."""
    if _LATIN_LETTER.search(term):
        text = text.lower()
    if term in text:
        return True
    splits = range(2, len(term) - 1)
    return any(re.search(re.escape(term[:i]) + _GAP + re.escape(term[i:]), text) for i in splits)


_GAP = r"(?:[^，。；、,;\s]{1,4}|[、和与及])"


def in_some(term: str, documents: Sequence[Document], fold: bool = False) -> bool:
    """Whether any of ``documents`` has ``term`` in its text (ignoring case with ``fold``, and
    always for a term with Latin letters: tokens are lower-cased, PM2.5 is pm2)."""
    fold = fold or bool(_LATIN_LETTER.search(term))
    if isinstance(documents, ReportTexts):  # from the postings, not a scan of every report
        return documents.any_mentions(term, fold)
    return any(term in (d.text.lower() if fold else d.text) for d in documents)


def report_words_only(weights: dict[str, float], documents: Sequence[Document]) -> dict[str, float]:
    """The weights with words no report uses set to zero.

    Whether a sentence stating a number is about what the question counts: the question's own
    wording ("免费" where reports write "无偿", a slip of the pen) cannot be matched by any
    report and must not count against it; words the reports use but it lacks still do. (Whether
    the question is about the reports at all is another matter: there, such words count.)
    """
    return {t: w if in_some(t, documents) else 0.0 for t, w in weights.items()}
