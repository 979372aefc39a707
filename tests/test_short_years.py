"""Two-digit years as users type them ("23年") are read as years; counts of years are not."""

from __future__ import annotations

import pytest

from qa.analyse.query import normalise_query
from qa.analyse.wording.short_years import spelt_out_years


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("泾县23年法援案件多少件？", "泾县2023年法援案件多少件？"),
        ("22年度报告", "2022年度报告"),
        ("2023年", "2023年"),  # already whole
        ("近20年", "近20年"),  # counts of years
        ("第23年", "第23年"),
        ("23年来", "23年来"),
        ("30年以上", "30年以上"),
        ("共有35年的历史", "共有35年的历史"),
        ("干了10年", "干了10年"),  # 10 is no year of the reports
        ("价格23.5年", "价格23.5年"),
    ],
)
def test_two_digit_years_are_spelt_out(typed: str, read: str) -> None:
    assert spelt_out_years(typed) == read


def test_the_query_is_read_with_its_years_whole() -> None:
    assert normalise_query(" 泾县23年 ") == "泾县2023年"
