"""Evaluation on question sets with verbatim gold quotes (``eval/dev.jsonl`` format).

A retrieved passage answers a gold entry when it comes from the gold file and its span covers
at least half of the quote's span in the original text.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import InvalidInputError
from qa.answer.results import Answer, AnswerSentence, Hit

KINDS_WITHOUT_ANSWER = {"none"}


@dataclass(frozen=True)
class Gold:
    file: str
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    gold: tuple[Gold, ...]
    lang: str = "zh"

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass
class Outcome:
    """How one question went."""

    question: Question
    found_at: list[int | None] = field(default_factory=list)
    """Per gold entry: the 1-based rank of the first hit that answers it."""
    answerable: bool = True
    leads_with_gold: bool = False
    """Whether the answer's first sentence overlaps a gold quote (see ``sentence_covers``)."""

    def recall(self, k: int) -> float:
        if not self.found_at:
            return 0.0
        return sum(1 for r in self.found_at if r is not None and r <= k) / len(self.found_at)

    def reciprocal_rank(self, k: int = 10) -> float:
        ranks = [r for r in self.found_at if r is not None and r <= k]
        return 1.0 / min(ranks) if ranks else 0.0


def read_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file; a malformed line is a clear error naming it."""
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold = tuple(Gold(g["file"], g["quote"]) for g in row.get("gold") or [])
            questions.append(
                Question(
                    row["id"], row["question"], row.get("kind", ""), gold, row.get("lang", "zh")
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInputError(f"{path}:{number}: not a question record ({exc})") from exc
    return questions


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``; line breaks of a hard-wrapped text inside it are
    passed over ("全年调解\n纠纷" holds "全年调解纠纷"), and a space is any space (a page's
    full-width space "　" may be read as a plain one)."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    if not quote:
        return None
    pattern = r"\n?".join(r"\s" if ch.isspace() else re.escape(ch) for ch in quote)
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def _gold_span(source: str, gold: Gold, texts: dict[str, str]) -> tuple[int, int] | None:
    """Where ``gold``'s quote stands, when ``source`` is its report."""
    if source != gold.file:
        return None
    return quote_span(texts.get(gold.file, ""), gold.quote)


def covers(hit: Hit, gold: Gold, texts: dict[str, str]) -> bool:
    """The hit's span covers at least half of the gold quote's span."""
    span = _gold_span(hit.source, gold, texts)
    if span is None:
        return False
    start, end = span
    overlap = min(end, hit.end) - max(start, hit.start)
    return overlap * 2 >= end - start


def sentence_covers(sentence: AnswerSentence, gold: Gold, texts: dict[str, str]) -> bool:
    """The sentence and the gold quote share at least half of the shorter of the two spans."""
    span = _gold_span(sentence.source, gold, texts)
    if span is None:
        return False
    start, end = span
    overlap = min(end, sentence.end) - max(start, sentence.start)
    return overlap > 0 and overlap * 2 >= min(end - start, sentence.end - sentence.start)


def judge(question: Question, answer: Answer, texts: dict[str, str], k: int = 10) -> Outcome:
    first = answer.sentences[0] if answer.answerable and answer.sentences else None
    outcome = Outcome(
        question,
        answerable=answer.answerable,
        leads_with_gold=first is not None
        and any(sentence_covers(first, g, texts) for g in question.gold),
    )
    hits = answer.citations[:k]
    for gold in question.gold:
        rank = next((h.rank for h in hits if covers(h, gold, texts)), None)
        outcome.found_at.append(rank)
    return outcome


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else 0.0


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    """Recall@1/5/10, MRR@10, no-answer accuracy, wrong refusals, the share of answers whose
    first sentence is a gold quote; overall and per kind. Recall@k counts the share of a
    question's gold entries found in the top k, so a question across three reports scores at
    most 1/3 at rank 1; ``gold_first`` is the share of questions whose first citation answers
    one of their gold entries (the ranking's part of Recall@1, without that cap)."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    summary: dict[str, Any] = {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "recall@1": _mean(o.recall(1) for o in answerable),
        "gold_first": _mean(1.0 if 1 in o.found_at else 0.0 for o in answerable),
        "recall@5": _mean(o.recall(5) for o in answerable),
        "recall@10": _mean(o.recall(10) for o in answerable),
        "mrr@10": _mean(o.reciprocal_rank(10) for o in answerable),
        "no_answer_accuracy": _mean(0.0 if o.answerable else 1.0 for o in unanswerable),
        "wrongly_refused": _mean(0.0 if o.answerable else 1.0 for o in answerable),
        "answer_leads_with_gold": _mean(1.0 if o.leads_with_gold else 0.0 for o in answerable),
    }
    kinds: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        kinds[outcome.question.kind].append(outcome)
    summary["per_kind"] = {
        kind: (
            {
                "n": len(items),
                "recall@5": _mean(o.recall(5) for o in items),
                "mrr@10": _mean(o.reciprocal_rank(10) for o in items),
            }
            if kind not in KINDS_WITHOUT_ANSWER
            else {
                "n": len(items),
                "no_answer_accuracy": _mean(0.0 if o.answerable else 1.0 for o in items),
            }
        )
        for kind, items in sorted(kinds.items())
    }
    return summary


def evaluate(
    questions: list[Question], ask: Callable[[str], Answer], texts: dict[str, str]
) -> tuple[dict[str, Any], list[Outcome]]:
    outcomes = [judge(q, ask(q.question), texts) for q in questions]
    return summarise(outcomes), outcomes
