"""The level a title or a count is of: 国家级, 省级, 市级 … and the ways reports write them.

"全省民主法治示范村" and "黑龙江省民主法治示范村" are titles of a province as "省级" is;
"牡丹江市民主法治示范村" is a city's. A scope word or a place name is a level only where a
title follows it: in "全市3个项目入选省级示范" the title is the province's, 全市 only says where
the projects are.
"""

from __future__ import annotations

import re

_TITLE = "第|民主|法治|优秀|金牌|十佳|示范|先进|标准化|规范化|星级"
_NAME = r"[\u4e00-\u9fff]{2,4}"
_LEVELS = (
    ("国", re.compile(rf"国家级|全国(?={_TITLE})")),
    ("省", re.compile(rf"省级|自治区级|全省(?={_TITLE})|{_NAME}省(?={_TITLE})")),
    ("市", re.compile(rf"市级|州级|全市(?={_TITLE})|{_NAME}市(?={_TITLE})")),
    ("县", re.compile(rf"县级|区级|全县(?={_TITLE})|{_NAME}县(?={_TITLE})")),
    ("乡", re.compile(r"乡级|镇级|街道级")),
    ("村", re.compile(r"村级|社区级")),
)


def levels_named(text: str) -> set[str]:
    """Every level ``text`` names a title or a count of ("省级…4个，市级…16个": 省, 市)."""
    return {name for name, pattern in _LEVELS if pattern.search(text)}


def first_level(text: str) -> str:
    """The level of the first title ``text`` names, or "" (全省民主法治示范村: 省)."""
    found = [(m.start(), name) for name, pattern in _LEVELS if (m := pattern.search(text))]
    return min(found)[1] if found else ""
