"""Decide whether the reports answer a question, or say honestly that they don't.

Signals, each general (no question-specific rules):
- the question names a place no indexed report is from, or asks a region's own figures of a
  report from one of its towns (``qa.analyse.places``);
- it names a report, and a domain term it asks about never occurs in that report;
- it asks for an amount in a unit ("多少万元", "几支") that no evidence states with a number,
  or only for another level, kind or year ("省级" for "国家级": ``qa.answer.qualifiers``);
- the closest passages are far in meaning, or share almost none of the question's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.models import Document
from index.store.tokenize import domain_terms, tokenize
from qa.analyse.query import QueryInfo, topic_words
from qa.answer.amounts import (
    asked_units,
    asks_amount,
    asks_share,
    clauses,
    counted,
    counts_another,
    quotes_a_name,
    rates,
    same_kind,
    states_amount,
    states_count,
)
from qa.answer.messages import Notice
from qa.answer.qualifiers import of_another, of_years
from qa.answer.results import Hit
from qa.answer.sentences import SENTENCE, coverage, query_weights
from qa.answer.values import asked_values, states_value
from qa.retrieve.mentions import ReportTexts

_LATIN_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class AbstainConfig:
    """Thresholds, calibrated on the development questions (see README)."""

    min_dense: float = 0.75
    min_coverage: float = 0.25


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: Notice | None


def missing_terms(info: QueryInfo, documents: Sequence[Document]) -> list[str]:
    """Domain terms of the question found in the corpus but not in the report(s) it names."""
    named = _named(info, documents)
    if not named:
        return []
    places = {p for d in named for p in (*d.meta.chain, d.meta.parent_region) if p}
    missing: list[str] = []
    mentioned: list[str] = []
    # longest first: a piece of a word the report has (委政府 of 党委政府) is not missing
    for term in sorted(dict.fromkeys(info.tokens), key=len, reverse=True):
        if not (len(term) >= 3 or term in domain_terms()) or any(term in p for p in places):
            continue
        if term.isdigit() or any(term in m for m in mentioned):  # years: uncovered_years
            continue
        if any(term in e for e in info.expanded):  # not the asker's word: 社矫 → 社区矫正
            continue
        if any(mentions_term(d.text, term) for d in named):
            mentioned.append(term)
        elif _in_some(term, documents):
            missing.append(term)
    return sorted(missing, key=info.tokens.index)


def _named(info: QueryInfo, documents: Sequence[Document]) -> list[Document]:
    """The reports the question names (looked up by id, not found by a scan, when it can)."""
    if isinstance(documents, ReportTexts):
        return documents.named(info.doc_ids)
    return [d for d in documents if d.doc_id in info.doc_ids]


def mentions_term(text: str, term: str) -> bool:
    """Whether ``text`` has ``term``, or its two halves a few characters apart within a
    clause (决策程序 in "重大决策制定程序") or listed together (党委政府 in "党委、政府")."""
    if term in text:
        return True
    splits = range(2, len(term) - 1)
    return any(re.search(re.escape(term[:i]) + _GAP + re.escape(term[i:]), text) for i in splits)


_GAP = r"(?:[^，。；、,;\s]{1,4}|[、和与及])"


# A document number: issuer, year in brackets, serial ("岔依治委【2023】02号", "兰政发〔2023〕5号").
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{2,10})\s*[〔【\[（(［]\s*(\d{4})\s*[〕】\]）)］]\s*0*(\d+)\s*号"
)


def _doc_numbers(text: str) -> set[tuple[str, str, str]]:
    return {(issuer[-2:], year, serial) for issuer, year, serial in _DOC_NUMBER.findall(text)}


_ASKS_DOC_NUMBER = re.compile(r"文号|发文字号|文件编号|发文编号")


def unstated_doc_number(question: str, evidence: Sequence[str]) -> bool:
    """The question asks a document's number ("发文字号是什么") and no passage found gives one."""
    return bool(_ASKS_DOC_NUMBER.search(question)) and not any(
        _DOC_NUMBER.search(text) for text in evidence
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


def _in_some(term: str, documents: Sequence[Document], fold: bool = False) -> bool:
    """Whether any of ``documents`` has ``term`` in its text (ignoring case with ``fold``)."""
    if isinstance(documents, ReportTexts):  # from the postings, not a scan of every report
        return documents.any_mentions(term, fold)
    return any(term in (d.text.lower() if fold else d.text) for d in documents)


def uncovered_years(info: QueryInfo, documents: Sequence[Document]) -> list[int]:
    """Years asked of the named reports that none of them covers: not its year, not the next
    (its plans), and not a year its text reports on ("2021年…")."""
    named = _named(info, documents)
    return [
        year
        for year in info.years
        if named
        and not any(
            d.meta.year in (year, year - 1) or f"{year}年" in d.text  # "2021年度" included
            for d in named
        )
    ]


def unstated_amounts(
    info: QueryInfo,
    evidence: Sequence[str],
    about: Callable[[str], float] | None = None,
    min_about: float = 0.0,
) -> list[str]:
    """Units the question asks an amount of that no evidence sentence states with a number.

    With ``about`` (how much of the question a sentence covers), the number must stand in a
    sentence about the question's subject: "57件" of mediated disputes does not answer how many
    administrative review cases there were. An amount asked in no unit ("how many …", returned
    as ``""``) needs a count in a clause about the subject, not a year or a count of something
    else further along the sentence.
    """
    if not asks_amount(info.text):
        return []
    sentences = [m.group() for text in evidence for m in SENTENCE.finditer(text)]
    things = [tokenize(phrase) for phrase in counted(info.text)] + [[r] for r in rates(info.text)]

    def on_subject(part: str, unit: str = "") -> bool:
        # Of what is asked, and about the question, naming what it counts ("安置转隶人员242人")
        # or the rate asked ("办结率达100%").
        if of_another(info.text, info.years, part, rate=unit == "%"):
            return False
        if about is None or about(part) >= min_about:
            return True
        return any(words and all(w in part for w in words) for words in things)

    asked = asked_units(info.text)
    names = quotes_a_name(info.text)
    if not asked:
        shares = asks_share(info.text)
        parts = [c for s in sentences for c in clauses(s) if states_count(c, names, shares)]
        return [] if any(on_subject(c) for c in parts) else [""]
    missing = []
    for unit in asked:
        found = [s for s in sentences if not counts_another(s, unit, info.text)]
        if not any(_states(unit, s, names, on_subject) for s in found):
            missing.append(unit)
    return missing


def _states(unit: str, sentence: str, names: bool, on_subject: Callable[..., bool]) -> bool:
    """Whether ``sentence`` states an amount in ``unit`` about the question. A rate stands
    beside what it is the rate of ("出庭应诉率100%"), and a number in another counter of the same
    kind counts what its own clause names ("反馈意见3条" is no count of 案件): those are judged
    by their clause, a number in the counter asked by its sentence."""
    if unit != "%" and states_amount(sentence, (unit,), names):
        return bool(on_subject(sentence, unit))
    kinds = same_kind(unit)
    return any(on_subject(c, unit) for c in clauses(sentence) if states_amount(c, kinds, names))


def report_words_only(weights: dict[str, float], documents: Sequence[Document]) -> dict[str, float]:
    """The weights with words no report uses set to zero.

    Whether a sentence stating a number is about what the question counts: the question's own
    wording ("免费" where reports write "无偿", a slip of the pen) cannot be matched by any
    report and must not count against it; words the reports use but it lacks still do. (Whether
    the question is about the reports at all is another matter: there, such words count.)
    """
    return {t: w if _in_some(t, documents) else 0.0 for t, w in weights.items()}


def decide(
    info: QueryInfo, hits: Sequence[Hit], documents: Sequence[Document], config: AbstainConfig
) -> Verdict:
    """Answerable unless one of the signals above says the reports don't answer it."""
    if not hits:
        return Verdict(False, Notice.of("no_passage"))
    reason = not_in_the_reports(info, documents) or _weak_evidence(info, hits, documents, config)
    return Verdict(reason is None, reason)


def not_in_the_reports(info: QueryInfo, documents: Sequence[Document]) -> Notice | None:
    """What the question names that the reports lack: a place, a term, a year."""
    if not info.chinese and not info.bridged and not info.doc_ids:
        # English the glossary cannot bridge, naming no report: meaning alone is no guide
        # (English sits 0.70-0.80 from any Chinese passage), and no domain phrase means no topic.
        return Notice.of("no_report_subject")
    places = info.unknown_places
    # A place no report is from, named alone or within a region that has reports (番禺区石楼镇).
    if places and (not info.doc_ids or info.parent_only):
        return Notice.of("unknown_place", places="、".join(places))
    subject = info.unreported
    if subject:
        return subject
    numbers = unknown_doc_numbers(info.text, documents)
    if numbers:
        return Notice.of("unknown_doc_number", numbers="、".join(numbers))
    missing = missing_terms(info, documents)
    if missing:
        return Notice.of("term_not_mentioned", terms="、".join(missing))
    years = uncovered_years(info, documents)
    if years:
        return Notice.of("year_not_covered", years="、".join(map(str, years)))
    return None


def _weak_evidence(
    info: QueryInfo, hits: Sequence[Hit], documents: Sequence[Document], config: AbstainConfig
) -> Notice | None:
    """Why the passages found do not answer: no amount stated, too far in meaning or words."""
    named = [of_years(d.text, d.meta.year, info.years) for d in _named(info, documents)]
    weights = query_weights(info.tokens, hits)  # info.tokens: the question's words
    in_reports = report_words_only(weights, documents)
    tokens = _topic_tokens(info, documents)

    def about(sentence: str) -> float:
        return coverage(tokens, sentence, in_reports) if tokens else 1.0

    units = unstated_amounts(
        info,
        named or [of_years(h.text, h.year, info.years) for h in hits],
        about,
        config.min_coverage,
    )
    if units:
        asked = "、".join(u for u in units if u)
        return (
            Notice.of("unit_not_stated", units=asked) if asked else Notice.of("number_not_stated")
        )
    kinds = asked_values(info.text)
    texts = (named or [h.text for h in hits]) if kinds else []
    sentences = [m.group() for text in texts for m in SENTENCE.finditer(text)]
    for kind in kinds:
        if not any(states_value(kind, s) and about(s) >= config.min_coverage for s in sentences):
            return Notice.of("value_not_stated", kind=kind)
    evidence = [h for h in hits if not info.doc_ids or h.doc_id in info.doc_ids] or list(hits)
    if unstated_doc_number(info.text, [h.text for h in evidence[:5]]):
        return Notice.of("doc_number_not_given")
    # English questions sit lower in meaning against Chinese text whether answered or not
    # (measured: 0.70-0.80 either way); bridged to the reports' terms, coverage judges them.
    english = info.has_report_words and not info.chinese
    if not english and max(h.scores.dense for h in evidence[:5]) < config.min_dense:
        return Notice.of("too_far_in_meaning")
    # A passage is also about what its headings say ("二、存在不足和原因" over its paragraphs).
    best = (
        max(coverage(tokens, _with_headings(h), weights) for h in evidence[:5]) if tokens else 1.0
    )
    if info.has_report_words and best < config.min_coverage:
        return Notice.of("topic_not_mentioned")
    return None


def _topic_tokens(info: QueryInfo, documents: Sequence[Document]) -> list[str]:
    """The question's words without the places it names (as written, 独留镇, and as the reports
    write them), bare numbers, and the words that ask for a part of the reports ("打算", "不足":
    the part, not the topic; see ``qa.analyse.sections``). None when it asks for the part and
    nothing
    more: the part is the topic. In a Chinese question, English words no report uses ("how
    many 'legal understanders' (法律明白人)") are the asker's gloss, not the topic."""
    if info.sections_only:
        return []
    named = [d.meta.region for d in _named(info, documents)]
    words = topic_words(info.text, info.tokens, [*info.places, *named])
    if not info.chinese:
        return words
    return [w for w in words if not _LATIN_WORD.fullmatch(w) or _in_some(w, documents, True)]


def _with_headings(hit: Hit) -> str:
    return "\n".join((*hit.heading_path, hit.text))
