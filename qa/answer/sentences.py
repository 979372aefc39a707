"""Extractive answers: the best sentences of the top passages, each with its citation."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from index.models import Passage
from qa.analyse.intent.counters import COUNTERS
from qa.answer.results import AnswerSentence, Hit
from qa.answer.statements.amounts import (
    asked_units,
    asks_amount,
    clauses,
    same_kind,
    states_amount,
    states_count,
)
from qa.retrieve.fusion import Candidate

SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
# An item's lead: an enumerator and a short heading of its own, no number ("三是推进农村人居环境
# 整治。"), closing with a full stop the item's first sentence follows.
_ITEM_LEAD = re.compile(
    r"((?:^|(?<=[。；\n]))\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
    r"[^\d。；，\n]{2,24})。"
)


def with_item_leads(text: str) -> str:
    """``text`` with each item's lead joined to the sentence after it ("三是推进农村人居环境整治：
    全年投入整治资金1,380万元"): the lead names what the sentence's figures are of. A table
    row's unit, given with its label, is written after its bare figures (``with_row_units``)."""
    return with_row_units(_ITEM_LEAD.sub(r"\1：", text))


# A table row whose label gives its unit: "| 收到行政复议申请（件） | 312 | 468 |".
_ROW = re.compile(r"^(\|[^|\n]*?[（(]([^）)\d\n]{1,3})[）)]\s*)(\|[^\n]*)$", re.MULTILINE)
_BARE_CELL = re.compile(r"(\|\s*)(\d+(?:[.,]\d+)*)(?=\s*\|)")
_ROW_UNITS = COUNTERS | {"%", "％"}


def with_row_units(text: str) -> str:
    """``text`` with the unit a table row's label gives written after the row's bare figures
    ("| 收到行政复议申请（件） | 312件 | 468件 |"), so they read as amounts in it."""

    def spread(row: re.Match[str]) -> str:
        unit = row.group(2).strip()
        if unit not in _ROW_UNITS:
            return row.group()
        return row.group(1) + _BARE_CELL.sub(lambda m: m.group(1) + m.group(2) + unit, row.group(3))

    return _ROW.sub(spread, text)


_CROSS = re.compile(
    r"(?:哪些|哪几[个份]?|哪[两三四五]个|几个|多个|多地|都有哪些?)"
    r"(?:乡镇|镇|街道|地方|地区|区县|区|县|报告|单位|政府)|"
    r"各地|各镇|各乡镇|各区|各报告|分别列出|按报告|哪几份|"
    r"\bwhich (?:towns|reports|places|districts|regions|governments)\b|\beach (?:town|report)\b",
    re.IGNORECASE,
)


# "What was done" (做了什么, 有哪些举措, 如何推进, what measures): asks for actions, not a topic.
_ACTIONS = re.compile(
    r"做了(?:什么|哪些|些什么)|干了(?:什么|哪些)|(?:哪些|什么|主要)(?:举措|措施|做法|工作|事|行动)|"
    r"采取了?(?:哪些|什么)|(?:如何|怎样|怎么)(?:样)?(?:开展|推进|加强|落实|做|抓|提升|组织|利用)|"
    r"\bwhat (?:did|has|have|does)\b.*\bdo(?:ne)?\b|\bwhat (?:measures|steps|actions|work)\b|"
    r"\bhow did\b",
    re.IGNORECASE,
)
# A clause that reports a deed: it names something specific (《…》, “…”) or counts (5件).
_SPECIFIC = re.compile(r"《[^》]+》|“[^”]+”")
_HEADING = re.compile(
    r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．])"
)
HEADING_CHARS = 30


def asks_actions(question: str) -> bool:
    """Does the question ask what was done ("做了什么", "有哪些举措", "what measures")?"""
    return bool(_ACTIONS.search(question))


def substance(sentence: str, topic: Sequence[str] = ()) -> float:
    """How much a sentence reports (0–1). A heading ("（七）加强非诉讼服务。") only names its
    topic: 0. Else a count in the clause that names the topic (or in the sentence) and a
    specific name add to it; a sentence that only lists the topic among others ("包括仲裁、
    行政复议、行政诉讼等") reports less."""
    if is_heading(sentence):
        return 0.0
    parts = clauses(sentence)
    on_topic = [c for c in parts if any(t in c for t in topic)] or parts
    score = 0.4
    if any(states_count(c) for c in on_topic):
        score += 0.4
    elif states_count(sentence):
        score += 0.2
    if _SPECIFIC.search(sentence):
        score += 0.2
    if topic and _only_listed(sentence, topic):
        score -= 0.3
    return max(0.0, min(1.0, score))


def is_heading(sentence: str) -> bool:
    """A short sentence that opens with a heading's number ("（七）", "一、", "2.", "一是")."""
    return len(sentence) <= HEADING_CHARS and bool(_HEADING.match(sentence))


def _only_listed(sentence: str, topic: Sequence[str]) -> bool:
    """Every mention of the topic's words stands in a list ("、" on either side)."""
    spots = [(m.start(), m.end()) for t in topic for m in re.finditer(re.escape(t), sentence) if t]
    return bool(spots) and all(
        sentence[max(a - 1, 0) : a] == "、" or sentence[b : b + 1] == "、" for a, b in spots
    )


def is_cross_report(question: str) -> bool:
    """Does the question ask across reports ("哪些乡镇…", "各地…", "which towns…")?"""
    return bool(_CROSS.search(question))


@dataclass(frozen=True)
class ScoredSentence:
    sentence: AnswerSentence
    score: float


def sentences_of(hit: Hit) -> list[AnswerSentence]:
    """Sentences of a hit with document offsets (``text == source_text[start:end]``)."""
    out = []
    for match in SENTENCE.finditer(hit.text):
        body = match.group().strip()
        if len(body) < 4:
            continue
        start = hit.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        out.append(
            AnswerSentence(body, hit.passage_id, hit.doc_id, hit.source, start, start + len(body))
        )
    return out


def query_weights(query_tokens: Sequence[str], hits: Sequence[Hit]) -> dict[str, float]:
    """Rarer query words count more (inverse frequency over the candidate passages)."""
    total = len(hits) + 1
    return {
        token: math.log(1 + total / (1 + sum(token in h.text for h in hits)))
        for token in set(query_tokens)
    }


@dataclass(frozen=True)
class Wanted:
    """Whether the question asks for an amount, and in which units ("多少宗" → 宗, 件, 起, …)."""

    amount: bool = False
    units: tuple[str, ...] = ()
    actions: bool = False
    """It asks what was done: sentences that report deeds (counts, names) come first."""

    @classmethod
    def of(cls, question: str) -> Wanted:
        units = (kin for unit in asked_units(question) for kin in same_kind(unit))
        amount = asks_amount(question)
        actions = not amount and asks_actions(question)
        return cls(amount, tuple(dict.fromkeys(units)), actions)

    def bonus(self, sentence: str, full: float = 0.2) -> float:
        """``full`` for a number in an asked unit (any number when none is named), else less."""
        if not self.amount:
            return 0.0
        if states_amount(sentence, self.units):
            return full
        return full / 2 if self.units and states_amount(sentence, ()) else 0.0


ACTION_WEIGHT = 0.3
"""How much a sentence's substance counts when the question asks what was done."""


def score_sentence(
    sentence: str,
    weights: dict[str, float],
    wanted: Wanted = Wanted(),
    topic: Sequence[str] = (),
) -> float:
    """Share of the (weighted) query words in the sentence; a number helps when one is asked,
    and what a sentence reports (``substance``) when the question asks what was done."""
    found = sum(w for token, w in weights.items() if token in sentence)
    score = found / (sum(weights.values()) or 1.0) + wanted.bonus(sentence)
    if wanted.actions:
        score += ACTION_WEIGHT * substance(sentence, topic)
    return score


def best_sentences(
    query_tokens: Sequence[str],
    hits: Sequence[Hit],
    per_hit: int = 1,
    limit: int = 3,
    min_ratio: float = 0.6,
    question: str = "",
    similarity: Callable[[Sequence[str]], np.ndarray] | None = None,
    topic: Sequence[str] = (),
) -> list[ScoredSentence]:
    """The best sentences of the hits, ranked by query-word coverage and hit rank.

    With ``similarity`` (closeness in meaning of each sentence to the question, 0–1), sentences
    are ranked by meaning instead of shared words: for questions in another language. ``topic``
    (the question's words without places and asking words) tells a sentence that reports on
    the topic from one that lists it among others.
    """
    wanted = Wanted.of(question)
    candidates = [(hit, s) for hit in hits for s in sentences_of(hit)]
    topic = [t for t in topic if len(t) >= 2]
    scores = _sentence_scores(candidates, query_tokens, hits, wanted, similarity, topic)
    scored: list[ScoredSentence] = []
    for hit in hits:
        own = [
            ScoredSentence(s, v) for (h, s), v in zip(candidates, scores, strict=True) if h is hit
        ]
        scored.extend(sorted(own, key=lambda item: -item.score)[:per_hit])
    scored.sort(key=lambda item: -item.score)
    if scored:  # drop sentences far weaker than the best (a report that barely touches it)
        scored = [s for s in scored if s.score >= min_ratio * scored[0].score]
    return scored[:limit]


def _sentence_scores(
    candidates: Sequence[tuple[Hit, AnswerSentence]],
    query_tokens: Sequence[str],
    hits: Sequence[Hit],
    wanted: Wanted,
    similarity: Callable[[Sequence[str]], np.ndarray] | None,
    topic: Sequence[str] = (),
) -> list[float]:
    if not candidates:
        return []
    if similarity is None:
        weights = query_weights(query_tokens, hits)
        return [
            score_sentence(s.text, weights, wanted, topic) + 0.3 / h.rank for h, s in candidates
        ]
    meaning = similarity([s.text for _, s in candidates])
    return [
        float(m) + wanted.bonus(s.text, full=0.02)
        for m, (_, s) in zip(meaning, candidates, strict=True)
    ]


def coverage(query_tokens: Sequence[str], text: str, weights: dict[str, float]) -> float:
    """Weighted share of the query's words that occur in ``text``."""
    tokens = set(query_tokens)
    if not tokens:
        return 0.0
    total = sum(weights.get(t, 1.0) for t in tokens)
    if total <= 0:  # none of the words weighs anything: nothing of the question is covered
        return 0.0
    return sum(weights.get(t, 1.0) for t in tokens if t in text) / total


def part_outline(
    hits: Sequence[Hit], in_part: Callable[[Hit], bool], limit: int = 5
) -> list[AnswerSentence]:
    """The first sentence of each hit in the part asked for, in report order: for a question
    after a part and nothing more ("下一步有什么打算？"), whose items open with what they are
    ("(一)坚持党对法治政府建设的领导。")."""
    firsts = [(hit, sentences_of(hit)) for hit in hits if in_part(hit)]
    chosen = sorted(((h, s[0]) for h, s in firsts if s), key=lambda i: (i[0].doc_id, i[0].start))
    return [sentence for _, sentence in chosen[:limit]]


def diversify(
    ranked: list[Candidate], passages: Sequence[Passage], min_ratio: float = 0.75
) -> list[Candidate]:
    """Each report's best passage first (in score order), then the rest as ranked. A report
    whose best passage scores under ``min_ratio`` of the best one barely touches the question:
    its passage keeps its place, below the second passages of the reports that answer."""
    if not ranked:
        return ranked
    floor = min_ratio * ranked[0].score
    seen: set[str] = set()
    firsts: list[Candidate] = []
    rest: list[Candidate] = []
    for cand in ranked:
        doc_id = passages[cand.row].doc_id
        (firsts if doc_id not in seen and cand.score >= floor else rest).append(cand)
        seen.add(doc_id)
    return firsts + rest
