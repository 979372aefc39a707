"""Figures a question states: "哪两个镇的人民调解成功率都是97.8%？", "聘请法律顾问正好是5名".

A figure written in the question with its unit (97.8%, 5名, 851起) or long enough to name one
thing (12345热线) picks out the passages that state it: among near equals, they answer. A
figure the question compares with (超过100场, 没有达到100%, 不到5名) is a bound, not a value a
passage states, and dates (2023年, 11月底) are the time asked, not a figure.
"""

from __future__ import annotations

import re
from functools import cache

from qa.analyse.intent.counters import BOUNDS_ABOVE, BOUNDS_AFTER, BOUNDS_BELOW, UNITS

_UNIT = rf"%|％|{UNITS}|个|位|余"
_NUMBER = re.compile(rf"(?<![\d.,])(\d+(?:\.\d+)?)\s*({_UNIT})?(?![\d.])")
_BOUND_BEFORE = re.compile(
    rf"(?:{'|'.join((*BOUNDS_ABOVE, *BOUNDS_BELOW, '只有', '仅有'))})\s*了?\s*$", re.IGNORECASE
)
# A bound after the figure ("95%以上", "20人左右"), or 多 between a number and its counter
# ("100多场").
_BOUND_AFTER = re.compile(rf"^\s*(?:{'|'.join(BOUNDS_AFTER)}|多)")
_DATE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|点)")
_LONG = 3
"""A figure without a unit names one thing from this many digits on (12345, not 5)."""


def stated_figures(question: str) -> tuple[str, ...]:
    """The figures ``question`` states as values, each as written with its unit ("97.8%",
    "5名"); none of a bound it compares with, a year or a date."""
    found: list[str] = []
    for match in _NUMBER.finditer(question):
        number, unit = match.group(1), match.group(2) or ""
        before, after = question[: match.start()], question[match.end() :]
        if _BOUND_BEFORE.search(before) or _BOUND_AFTER.match(after):
            continue
        if _DATE_AFTER.match(question[match.end(1) :]) or _is_year(number):
            continue
        if unit or len(number.replace(".", "")) >= _LONG:
            found.append(number + unit)
    return tuple(dict.fromkeys(found))


def _is_year(number: str) -> bool:
    return len(number) == 4 and number[:2] in ("19", "20")


@cache
def figure_pattern(figure: str) -> re.Pattern[str]:
    """Where a passage states ``figure``: the same digits (a thousands comma allowed: 1,436)
    not inside a longer number, then its unit if it has one ("5名" is not "15名" or "5.5名")."""
    number = re.match(r"[\d.]+", figure)
    digits = number.group() if number else figure
    unit = figure[len(digits) :]
    whole, _, fraction = digits.partition(".")
    spelt = ",?".join(re.escape(d) for d in whole)
    if fraction:
        spelt += r"\." + re.escape(fraction)
    unit_part = r"\s*" + ("[%％]" if unit in ("%", "％") else re.escape(unit)) if unit else ""
    return re.compile(rf"(?<![\d.])(?<!\d,){spelt}(?![\d]|\.\d){unit_part}")  # 工作,28个


def states_figure(text: str, figures: tuple[str, ...]) -> bool:
    """Whether ``text`` states one of ``figures``."""
    return any(figure_pattern(f).search(text) for f in figures)


def without_figures(text: str, figures: tuple[str, ...]) -> str:
    """``text`` with every statement of ``figures`` left out: a figure a question gives
    ("作为被告的8件行政诉讼，最后败诉了几件") is not the amount it asks."""
    for figure in figures:
        text = figure_pattern(figure).sub("", text)
    return text
