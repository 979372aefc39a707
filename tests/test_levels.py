"""The level a title or a count is of, however a report writes it."""

from __future__ import annotations

import pytest

from qa.answer.statements.levels import first_level, levels_named


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("被命名为全省民主法治示范村", "省"),
        ("入选黑龙江省法治文化建设示范点", "省"),
        ("获评自治区级法治宣传教育基地", "省"),
        ("被命名为牡丹江市民主法治示范村", "市"),
        ("获评国家级普法示范点", "国"),
        ("创建县级规范化司法所", "县"),
        ("区级示范调解室3个", "县"),  # a district's title is of a county's level
        # a scope word with no title after it is no level: the title is the province's
        ("全市3个项目入选省级示范", "省"),
        ("全县共有调解组织166个", ""),
    ],
)
def test_the_first_title_named_gives_the_level(text: str, level: str) -> None:
    assert first_level(text) == level


def test_every_level_named_is_read() -> None:
    assert levels_named("培育省级普法示范点4个,市级普法示范点16个") == {"省", "市"}
    assert levels_named("全市行政复议案件86件") == set()
