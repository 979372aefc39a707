"""What a question asks of a report beyond its words: a header field, a kind of division.

"临泽县2021年的报告是由哪个机构发布的？" asks the 发布机构 field, "…是哪天发布的？" the date
field: of a report's header lines, the one with that label answers, not its title line.
"有个乡跟律师事务所签了协议…" and "哪个县有两个村…" name no place but a kind of division: a
report from a 乡 (or a 县) is the likelier answer.
"""

from __future__ import annotations

import re

# (what the question says, the header labels that answer it)
_FIELDS = (
    (
        re.compile(r"哪个(?:部门|单位|机关|机构)|谁(?:发|写|出)|发布机构|发文机关|来源|出处"),
        ("发布机构", "发文机关", "发布单位", "来源", "信息来源"),
    ),
    (
        re.compile(
            r"(?:哪天|哪一天|何时|什么时候|几月几[日号]|日期|时间).{0,8}(?:发布|印发|成文|公开|落款|上网|网上)"
            r"|(?:发布|印发|成文|公开|落款).{0,6}(?:哪天|哪一天|何时|什么时候|日期|时间)"
        ),
        ("发布时间", "发布日期", "成文日期", "印发日期", "日期"),
    ),
    (re.compile(r"文号|发文字号"), ("文号", "发文字号")),
    (re.compile(r"索引号"), ("索引号",)),
    (re.compile(r"主题分类"), ("主题分类",)),
)
_KIND = re.compile(
    r"(?:有个|有一个|哪个|哪一个|某个|一个|哪些|有的|这个)(乡镇|街道|乡|镇|县|区|市)(?![级委长直])"
    r"|(?<=[省市区县]的)(乡镇|街道)"
)
_KIND_ENDS = {"乡镇": ("乡", "镇"), "街道": ("街道",), "乡": ("乡",), "镇": ("镇",)}


def asked_fields(question: str) -> tuple[str, ...]:
    """The header labels whose line answers the question (发布机构, 发布时间 …), if any."""
    return tuple(label for cue, labels in _FIELDS if cue.search(question) for label in labels)


def asks_date(labels: tuple[str, ...]) -> bool:
    """Whether the fields asked are the report's date (then a date line alone answers too:
    the date under its signature, "2024年1月10日")."""
    return "发布日期" in labels


def field_label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A header line holding one of ``labels`` as a field (label, colon)."""
    return re.compile("(?:" + "|".join(map(re.escape, labels)) + r")\s*[:：]")


def named_kinds(question: str) -> tuple[str, ...]:
    """The endings of the divisions a question names by their kind (有个乡 → 乡; 哪个县 → 县)."""
    named = (m.group(1) or m.group(2) for m in _KIND.finditer(question))
    kinds = [_KIND_ENDS.get(kind, (kind,)) for kind in named]
    return tuple(dict.fromkeys(end for ends in kinds for end in ends))
