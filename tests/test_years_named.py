"""The years a text names: the pattern that starts its search at "20" finds what the pattern
opening with the look-behind found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.metadata.header import _YEAR, years_named

LOOK_BEHIND_FIRST = re.compile(r"(?<![\d\-—–~至到])(20\d\d)\s*年(?!\s*[\-—–~至到]\s*20\d\d)")


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(1)) for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("20年至到-—–~ 13x度")), max_size=40))
def test_the_same_matches_as_the_look_behind_first(text: str) -> None:
    assert _found(_YEAR, text) == _found(LOOK_BEHIND_FIRST, text)


def test_years_and_ranges() -> None:
    assert years_named("2023年，区政府") == [2023]
    assert years_named("12023年") == []
    assert years_named("纲要（2021—2025年）") == []
    assert years_named("2021至2023年，2024 年计划") == [2024]
    assert years_named("2023年至2024年") == []  # a range, both ends
