"""Which event a day is asked of, and which events the days of a sentence are of.

"《条例》是哪一天经人大常委会批准的？" asks the day it was approved; "自2024年10月1日起施行"
gives the day it took effect, a different event of the same document. A day stated right
before an event word (起施行, 经…审议通过, 印发) is that event's; a sentence whose every day is of
another event than the one asked does not give the day asked.
"""

from __future__ import annotations

import re

from qa.analyse.intent.asks import DAY_WORDS

_EVENTS = {
    "effect": r"施行|实施|生效",
    "approval": r"批准",
    "adoption": r"审议通过|通过|审议",
    "issue": r"公布|印发|发布|出台",
    "opening": r"挂牌|揭牌|成立|启用|建成|投入使用",
    "meeting": r"召开|举办|举行",
}
_EVENT = re.compile("|".join(f"(?P<{name}>{words})" for name, words in _EVENTS.items()))
_DAY = r"(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
_ASKED_DAY = rf"{DAY_WORDS}|什么时候|何时"
_AFTER_ASKED = re.compile(rf"(?:{_ASKED_DAY})[^，。？?；]{{0,20}}?(?:{_EVENT.pattern})")
_BEFORE_ASKED = re.compile(
    rf"(?:{_EVENT.pattern})(?:的)?(?:日期|时间)?(?:是|在|为)?(?:{_ASKED_DAY})"
)
_DAY_THEN_EVENT = re.compile(rf"{_DAY}[^，。；;]{{0,16}}?(?:{_EVENT.pattern})")
_DAYS = re.compile(_DAY)


def event_asked(question: str) -> str | None:
    """The event whose day ``question`` asks ("哪一天经…批准的" → approval), if it names one."""
    match = _AFTER_ASKED.search(question) or _BEFORE_ASKED.search(question)
    return _kind(match) if match else None


def days_of_other_events(sentence: str, event: str) -> bool:
    """Whether every day ``sentence`` states is the day of an event other than ``event``."""
    days = _DAYS.findall(sentence)
    if not days:
        return False
    dated = [_kind(m) for m in _DAY_THEN_EVENT.finditer(sentence)]
    return len(dated) == len(days) and event not in dated


def _kind(match: re.Match[str]) -> str:
    return next(name for name in _EVENTS if match.group(name))
