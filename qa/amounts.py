"""Amounts: does a question ask how many or how much, in which unit; does a sentence state one?"""

from __future__ import annotations

import re
from collections.abc import Sequence

UNITS = (
    "万元|亿元|元|场|条|件|次|人|名|家|支|项|类|户|所|天|期|份|批|起|宗|例|篇|处|家次|人次|"
    "小时|分钟|万人|余人"
)
_ASKED_UNIT = re.compile(rf"(?:多少|几)\s*({UNITS})")
_ASKS = re.compile(r"多少|几|\bhow (?:many|much)\b", re.IGNORECASE)
_NUMBER = r"[\d一二两三四五六七八九十百千万]+(?:\.\d+)?\s*[余多]?\s*"
_DIGIT = re.compile(r"\d")
_CLAUSE = re.compile(r"[^，,、；;。！？!?\n]+")
_COUNT = re.compile(r"(?<![\d.-])\d+(?:\.\d+)?(?![\d.]|\s*[年月日号时:：-])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def asks_amount(question: str) -> bool:
    """ "多少…", "几…", "how many / how much"."""
    return bool(_ASKS.search(question))


def asked_units(question: str) -> list[str]:
    """The units an amount is asked in: "多少万元" → ["万元"], "几支" → ["支"]."""
    return list(dict.fromkeys(_ASKED_UNIT.findall(question)))


def states_amount(sentence: str, units: Sequence[str]) -> bool:
    """A number in one of ``units`` ("5件", "三十余人"); with no units, any digit."""
    if not units:
        return bool(_DIGIT.search(sentence))
    return any(re.search(_NUMBER + re.escape(unit), sentence) for unit in units)


def clauses(sentence: str) -> list[str]:
    """The parts of a sentence between commas, enumeration commas and semicolons."""
    return _CLAUSE.findall(sentence)


def states_count(clause: str) -> bool:
    """A number that counts something ("3次", "375处", "19个部门"), not a year or a date."""
    return any(not _YEAR.fullmatch(m.group()) for m in _COUNT.finditer(clause))
