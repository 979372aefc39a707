"""Which event a day is asked of, and which events a sentence's days are of."""

from __future__ import annotations

import pytest

from qa.answer.statements.dated import days_of_other_events, event_asked


@pytest.mark.parametrize(
    ("question", "event"),
    [
        ("《某条例》是哪一天经自治区人大常委会批准的？", "approval"),
        ("《某办法》是哪一天经市政府常务会议审议通过的？", "adoption"),
        ("《某条例》是从哪天开始施行的？", "effect"),
        ("施行日期是哪天？", "effect"),
        ("推进会是哪天开的？", None),
    ],
)
def test_the_event_a_day_is_asked_of(question: str, event: str | None) -> None:
    assert event_asked(question) == event


def test_a_day_of_another_event_is_not_the_day_asked() -> None:
    approved_then = "《某条例》经自治区人大常委会批准，自2024年10月1日起施行。"
    assert days_of_other_events(approved_then, "approval")
    assert not days_of_other_events(approved_then, "effect")
    both = "2024年3月5日经市政府常务会议审议通过，自2024年12月1日起施行。"
    assert not days_of_other_events(both, "adoption")
    assert not days_of_other_events("全年召开会议12次。", "approval")  # no day at all
