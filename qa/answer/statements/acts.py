"""The act a count is asked of ("维持了多少件": 维持), and whether a clause counts that act.

Reports count the outcomes of one kind of case side by side ("收到申请158件，受理146件，审结139
件，其中纠错15件"): a question asking how many were upheld (维持) is not answered by any of these
counts, though each is in the unit asked and about the subject. The act is the verb written
right before the "how many" (or after it with 被); a sentence counting two or more acts side by
side, none of whose clauses has a character of the act the question does not write before it
(败 of "行政诉讼案件败诉": 诉 names the cases, not the outcome), does not count it. A part of
what is counted ("案件里有几件被纠错", "多少件被撤销") is not counted by the whole's single count
("办理行政复议案件37件") either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.store.lexical.tokenize import pos_tags
from qa.analyse.intent.counters import UNITS
from qa.answer.statements.amounts import clauses

_HOW_MANY = re.compile(rf"^(?:多少|几)\s*({UNITS})")
_CHANGE = frozenset(
    ("下降", "降低", "减少", "增长", "增加", "提高", "提升", "上升", "达到", "超过", "共有")
)
_HAPPENING = frozenset(
    ("遇到", "碰到", "遇上", "碰上", "遭遇", "发生", "出现", "经历", "面临", "涉及", "产生")
)
"""Verbs of something befalling the subject ("遇到了几件行政复议"): they ask how many there
were, not how many had one outcome."""
_COMPARING = frozenset("比多少增减降升")
"""Characters of a comparison, not an act ("比少了多少件")."""
_WHOLE = re.compile(r"(?:里面?|之中|当中|中)\s*(?:有|共有)?\s*$")
"""What comes right before a "how many" asking a part of a whole ("案件里有几件")."""
_CLAUSE_END = re.compile(r"[，。；？！,;?!\s]")


@dataclass(frozen=True)
class Act:
    """The verb a count is asked of, the characters that mark it (those the question does not
    write before it in its clause), and whether a part of a whole is asked (with 被, or after
    里/中: a single count of the whole does not answer it)."""

    verb: str
    marks: frozenset[str]
    part: bool = False


def asked_acts(question: str) -> dict[str, str]:
    """The verb each "how many" in a counter is asked of, by its counter: one right before it,
    after at most 了 ("败诉了几件" → {件: 败诉}), or after it with 被 ("多少件被纠错" → {件: 纠错});
    none for a change (增加了多少件) or a single-character verb."""
    return {unit: act.verb for unit, act in acts_of(question).items()}


def acts_of(question: str) -> dict[str, Act]:
    """``asked_acts`` with the marks of each act and whether a part is asked."""
    tags = [(w, t) for w, t in pos_tags(question) if w.strip()]
    acts: dict[str, Act] = {}
    for index, (word, _) in enumerate(tags):
        found = _HOW_MANY.match("".join(w for w, _ in tags[index : index + 3]))
        if not word.startswith(("多少", "几")) or not found:
            continue
        before = tags[:index]
        head = "".join(w for w, _ in before)
        if before and before[-1][0] == "了":
            before = before[:-1]
        rest = tags[index + 1 : index + 4]
        passive = [rest[i + 1] for i in range(len(rest) - 1) if rest[i][0] == "被"]
        for verb, tag in [*before[-1:], *passive[:1]]:
            if _is_act(verb, tag):
                part = bool(passive) and verb == passive[0][0] or bool(_WHOLE.search(head))
                acts.setdefault(found.group(1), Act(verb, _marks(verb, head), part))
    return acts


def _is_act(verb: str, tag: str) -> bool:
    return (
        tag.startswith("v")
        and len(verb) >= 2
        and verb not in _CHANGE
        and verb not in _HAPPENING
        and not (set(verb) & _COMPARING)
    )


def _marks(verb: str, head: str) -> frozenset[str]:
    """The act's characters the question does not write before it in its clause (败 of
    "行政诉讼案件败诉了几件"), or all of them when it writes every one."""
    clause = _CLAUSE_END.split(head)[-1] if head else ""
    before = clause[: clause.rfind(verb)] if verb in clause else clause
    marks = frozenset(verb) - frozenset(before)
    return marks or frozenset(verb)


def counts_other_acts(sentence: str, act: str | Act, counts: Callable[[str], bool]) -> bool:
    """Whether the clauses of ``sentence`` that ``counts`` (a number in the unit asked) are two
    or more (one is enough for a part asked), none having a mark of ``act``, and the sentence
    does not name it but as a rate (纠错率): it counts other acts (收到…158件，受理146件，
    审结139件 of "维持了多少件"). Words for one act mostly share a morpheme (收到 and 接收,
    解决 and 化解), and a single count may name the act in other words or none
    (行政复议申请64件 of "收到多少件")."""
    act = act if isinstance(act, Act) else Act(act, frozenset(act))
    if re.search(re.escape(act.verb) + "(?!率)", sentence):
        return False
    counting = [c for c in clauses(sentence) if counts(c)]
    enough = len(counting) >= (1 if act.part else 2)
    return enough and not any(act.marks & set(c) for c in counting)
