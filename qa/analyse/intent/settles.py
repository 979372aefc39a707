"""What settles a question beyond its topic: a bound it compares with, whether all was done,
whether a thing did not happen.

- A bound asked ("哪些地方普法宣传活动超过了100场", "出庭应诉率没有达到100%的") is met by a
  passage stating a value in the bound's unit on the asked side of it (104场; 89.7%), not by
  one stating any value (54场, 100%).
- Whether all was done ("机关负责人都出庭了没", "法律顾问配齐了没有") is settled by a passage
  stating completeness (出庭应诉率100%, 全覆盖, 全部), not by one on the topic.
- What did not happen ("既没有行政复议案件也没有行政诉讼案件") is settled by a passage stating
  an absence (未发生, 没有发生, 0件).
- A bound stated by a passage ("出庭应诉率尚未达到100%", "不少于6次") is no amount it gives:
  ``without_bounds`` leaves it out before amounts are looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.analyse.intent.counters import BOUNDS_ABOVE, BOUNDS_AFTER, BOUNDS_BELOW, UNITS

_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT = rf"(%|％|{UNITS}|个|位)"
# Bound words before a figure, by the side of the bound they ask for: above (超过100场) or
# below (没有达到100%, 不到5名).
_ABOVE = "|".join((*BOUNDS_ABOVE, "至少"))
_BELOW = "|".join((*BOUNDS_BELOW, "尚未达到", "未达"))
_ASKED_BOUND = re.compile(rf"({_ABOVE}|{_BELOW})\s*了?\s*{_NUMBER}\s*{_UNIT}", re.IGNORECASE)
_BELOW_WORDS = re.compile(rf"^(?:{_BELOW})$", re.IGNORECASE)
# A bound a passage states: its figure is a bound or a target, not the amount.
_STATED_BOUND = re.compile(
    rf"(?:{_ABOVE}|{_BELOW}|力争|争取|确保)\s*了?\s*\d+(?:\.\d+)?\s*{_UNIT}?"
    rf"|\d+(?:\.\d+)?\s*{_UNIT}?\s*(?:{'|'.join(BOUNDS_AFTER)})",
    re.IGNORECASE,
)
_VALUE = re.compile(rf"(?<![\d.,]){_NUMBER}\s*{_UNIT}")
# Whether something was done ("出庭了没", "配齐了没有", "是否全覆盖", "都…吗").
_WHETHER = re.compile(r"了没有?|有没有|是不是|是否|[吗么嘛][？?。]?\s*$|\bdid\b|\bwhether\b")
# ... all of it: "都", "配齐", "全覆盖", "所有", "每个".
_ALL_ASKED = re.compile(r"都|齐|全覆盖|全部|所有|每(?:个|一)|\ball\b|\bevery\b", re.IGNORECASE)
_ALL_STATED = re.compile(
    r"(?<![\d.])100\s*[%％]|全覆盖|全部|均(?:已|按|在|能|获|达|有|由|经|实现)|实现[^，。；]{0,12}全"
)
# What did not happen, asked ("没有行政复议案件", "零投诉") and stated ("未发生", "0件").
_NONE_ASKED = re.compile(
    r"(?<![有是])(?:没有|没|未|无)(?!达到|达|到|有)[^，。？?]{0,12}(?:案件|事件|发生)"
)
_NONE_STATED = re.compile(
    r"未发生|没有发生|未出现|未收到|无一|零(?:投诉|事故|发生|案件)|(?<![\d.])0\s*(?:件|起|例|宗)"
)


@dataclass(frozen=True)
class Bound:
    """A figure a question compares with: a value in ``unit`` above or below ``value``."""

    value: float
    unit: str
    below: bool


def asked_bounds(question: str) -> tuple[Bound, ...]:
    """The bounds a question compares with ("超过了100场" → above 100 场)."""
    return tuple(
        Bound(float(number), _plain(unit), bool(_BELOW_WORDS.match(word)))
        for word, number, unit in _ASKED_BOUND.findall(question)
    )


def meets_bound(text: str, bounds: tuple[Bound, ...], kinds: dict[str, list[str]]) -> bool:
    """Whether ``text`` states a value on the asked side of one of ``bounds``, in its unit or
    one of the same kind (``kinds``: unit → units counting the same things)."""
    values = _VALUE.findall(without_bounds(text))
    for bound in bounds:
        units = set(kinds.get(bound.unit, [bound.unit]))
        for number, unit in values:
            if _plain(unit) in units and _on_side(float(number), bound):
                return True
    return False


def asks_all_done(question: str) -> bool:
    """Whether a question asks whether all of something was done ("都出庭了没", "配齐了没有")."""
    return bool(_WHETHER.search(question) and _ALL_ASKED.search(question))


def states_all_done(text: str) -> bool:
    """Whether ``text`` states completeness (100%, 全覆盖, 全部, 均已)."""
    return bool(_ALL_STATED.search(text))


def asks_none(question: str) -> bool:
    """Whether a question asks what did not happen ("既没有行政复议案件也没有行政诉讼案件")."""
    return bool(_NONE_ASKED.search(question))


def states_none(text: str) -> bool:
    """Whether ``text`` states that something did not happen (未发生, 0件)."""
    return bool(_NONE_STATED.search(text))


def without_bounds(text: str) -> str:
    """``text`` without the figures it states as bounds or targets ("尚未达到100%", "不少于6次",
    "95%以上", "力争…达到")."""
    return _STATED_BOUND.sub(" ", text)


def _plain(unit: str) -> str:
    return "%" if unit == "％" else unit


def _on_side(number: float, bound: Bound) -> bool:
    return number < bound.value if bound.below else number > bound.value
