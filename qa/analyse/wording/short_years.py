"""Years written with two digits, as users type them ("泾县23年法援案件", "22年度的报告"), spelt
out with their century so the year filters and checks read them ("2023年").

A number before 年 is a count of years where it says so: after 近/第/满/达/共/约/了/过/有 (近15年,
第20年), before 来/以来/间/多/左右/以上/内/前/后 (20年来, 30年以上); and a two-digit number is a
year only from 15 to 39 (reports of 2015–2039), which leaves durations such as 10年 alone.
"""

from __future__ import annotations

import re

_SHORT_YEAR = re.compile(
    r"(?<![\d.．,，第近满达共约了过有'’])([1-3]\d)(?=\s*年(?!来|以来|间|多|左右|以上|以下|以内|内|前|后|之|里|半))"
)
_FIRST, _LAST = 15, 39


def spelt_out_years(text: str) -> str:
    """``text`` with each two-digit year written in full: "23年" → "2023年"."""
    return _SHORT_YEAR.sub(_full, text)


def _full(match: re.Match[str]) -> str:
    number = int(match.group(1))
    return f"20{number}" if _FIRST <= number <= _LAST else match.group()
