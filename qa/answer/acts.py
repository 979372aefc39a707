"""The act a count is asked of ("维持了多少件": 维持), and whether a clause counts that act.

Reports count the outcomes of one kind of case side by side ("收到申请158件，受理146件，审结139
件，其中纠错15件"): a question asking how many were upheld (维持) is not answered by any of these
counts, though each is in the unit asked and about the subject. The act is the verb written
right before the "how many" (or after it with 被); a sentence counting two or more acts side by
side, none of whose clauses shares a character with it, does not count it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.store.tokenize import pos_tags
from qa.analyse.counters import UNITS
from qa.answer.amounts import clauses

_HOW_MANY = re.compile(rf"^(?:多少|几)\s*({UNITS})")
_CHANGE = frozenset(
    ("下降", "降低", "减少", "增长", "增加", "提高", "提升", "上升", "达到", "超过", "共有")
)


def asked_acts(question: str) -> dict[str, str]:
    """The verb each "how many" in a counter is asked of, by its counter: one right before it,
    after at most 了 ("败诉了几件" → {件: 败诉}), or after it with 被 ("多少件被纠错" → {件: 纠错});
    none for a change (增加了多少件) or a single-character verb."""
    tags = [(w, t) for w, t in pos_tags(question) if w.strip()]
    acts: dict[str, str] = {}
    for index, (word, _) in enumerate(tags):
        found = _HOW_MANY.match("".join(w for w, _ in tags[index : index + 3]))
        if not word.startswith(("多少", "几")) or not found:
            continue
        before = tags[:index]
        if before and before[-1][0] == "了":
            before = before[:-1]
        rest = tags[index + 1 : index + 4]
        passive = [rest[i + 1] for i in range(len(rest) - 1) if rest[i][0] == "被"]
        for verb, tag in [*before[-1:], *passive[:1]]:
            if tag.startswith("v") and len(verb) >= 2 and verb not in _CHANGE:
                acts.setdefault(found.group(1), verb)
    return acts


def counts_other_acts(sentence: str, act: str, counts: Callable[[str], bool]) -> bool:
    """Whether the clauses of ``sentence`` that ``counts`` (a number in the unit asked) are two
    or more, side by side (收到…158件，受理146件，审结139件 of "维持了多少件"), none sharing a
    character with ``act``, and the sentence does not name it: it counts other acts. Words for
    one act mostly share a morpheme (收到 and 接收, 解决 and 化解, 败诉 and 诉讼), and a single
    count may name the act in other words or none (行政复议申请64件 of "收到多少件")."""
    if act in sentence:
        return False
    counting = [c for c in clauses(sentence) if counts(c)]
    return len(counting) >= 2 and not any(set(act) & set(c) for c in counting)
