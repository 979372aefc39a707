"""What a question asks of a report beyond its words: a header field, a kind of division.

"临泽县2021年的报告是由哪个机构发布的？" asks the 发布机构 field, "…是哪天发布的？" the date
field: of a report's header lines, the one with that label answers, not its title line.
"有个乡跟律师事务所签了协议…" and "哪个县有两个村…" name no place but a kind of division: a
report from a 乡 (or a 县) is the likelier answer.
"""

from __future__ import annotations

import re

from index.metadata.header import ADDRESSEE_LABELS, DATE_LABELS, ISSUER_LABELS, SOURCE_LABELS

# What a question says when it asks what a report's title or header states, and the header
# labels whose line answers it (none: the header is asked, no one field of it).
_HEADER_CUES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(
            r"哪个(?:部门|单位|机关|机构)|谁(?:发|写|出)|发布机构|发文机关"
            r"|(?:名义|单位|机关).{0,4}落款|落款.{0,4}(?:单位|机关|名义)"
            r"|\bwho\b.{0,20}\b(?:publish|issue|released)",
            re.IGNORECASE,
        ),
        ISSUER_LABELS,
    ),
    (re.compile(r"来源|出处|\bsource\b", re.IGNORECASE), SOURCE_LABELS),
    (
        re.compile(
            r"主送|报给|(?:报送|上报|呈报|提交|递交|呈送|送)(?:给|至|到)|写给|呈报"
            r"|\baddressed\b|\bto whom\b|\b(?:sent|submitted) to (?:which|what|whom)\b",
            re.IGNORECASE,
        ),
        ADDRESSEE_LABELS,
    ),
    (
        re.compile(
            r"(?:哪天|哪一天|何时|什么时候|啥时候|几月几[日号]|日期|时间).{0,8}"
            r"(?:发布|印发|成文|公开|落款|签发|签署|上网|网上|出(?:的|来|炉)|发(?:的|出))"
            r"|(?:发布|印发|成文|公开|落款|签发|签署).{0,6}(?:哪天|哪一天|何时|什么时候|日期|时间)"
            r"|\b(?:when|what\s+day|which\s+day|date)\b.{0,80}"
            r"\b(?:publish|issue|release|signed|posted|uploaded|put\s+online|made\s+public)"
            # the date at its end, under the signature (文末的日期, the date at the end)
            r"|(?:文末|末尾|结尾|落款处?)[^，。？?]{0,8}(?:日期|时间|哪天)"
            r"|\b(?:date|day)\b.{0,40}\bat the (?:end|bottom)\b|\b(?:is|was)\b.{0,40}\bdated\b",
            re.IGNORECASE,
        ),
        DATE_LABELS,
    ),
    (re.compile(r"文号|发文字号"), ("文号", "发文字号")),
    (re.compile(r"索引号"), ("索引号",)),
    (re.compile(r"主题分类"), ("主题分类",)),
    (
        re.compile(
            r"发布|发文|印发|成文|标题|题目|publish|issue|source|release|posted|title"
            # which places filed a report at all (哪些乡报了2023年度的法治政府建设报告？), which
            # reports there are (河北省的报告有哪几份？): their titles
            r"|(?:报|交|报送|写|出|发)了[^，。？?]{0,24}报告\s*[？?。]?\s*$"
            r"|(?:哪几份|哪些份|几份)(?:报告)?\s*[？?。]?\s*$|哪些报告\s*[？?。]?\s*$"
            r"|\b(?:have|has|filed|submitted)\b(?: an?| any)?(?: [\w-]+){0,4} reports?"
            r"(?: in (?:this|the) (?:set|collection|index))?\s*\??\s*$",
            re.IGNORECASE,
        ),
        (),
    ),
)
_KINDS_BELOW = "乡镇街道|镇街|乡镇|街道|乡|镇|县|区"
"""Kinds of division a question names by kind alone (乡镇, 街道 …); 市 is one too, but is not
asked the name of below a place."""
_NOT_A_KIND = r"(?![级委长直])"  # 乡级, 县委, 镇长, 市直: no division
_KIND = re.compile(
    r"(?:有个|有一个|哪个|哪一个|某个|一个|哪些|有的|这个)"
    rf"({_KINDS_BELOW}|市){_NOT_A_KIND}"
    r"|(?<=[省市区县]的)(乡镇|街道)"
)
_KIND_ENDS = {
    "乡镇街道": ("乡", "镇", "街道"),
    "镇街": ("镇", "街道"),
    "乡镇": ("乡", "镇"),
    "街道": ("街道",),
    "乡": ("乡",),
    "镇": ("镇",),
}


def asks_about_header(question: str) -> bool:
    """Whether a question asks what a report's title or header states (who published it, when,
    its 文号, its title), in any of the table's words."""
    return any(cue.search(question) for cue, _ in _HEADER_CUES)


def asked_fields(question: str) -> tuple[str, ...]:
    """The header labels whose line answers the question (发布机构, 发布时间 …), if any; asked
    whom a report is sent to (报给哪个单位), its addressee, not who sent it."""
    found = (label for cue, labels in _HEADER_CUES if cue.search(question) for label in labels)
    labels = tuple(dict.fromkeys(found))
    return ADDRESSEE_LABELS if set(ADDRESSEE_LABELS) & set(labels) else labels


def asks_date(labels: tuple[str, ...]) -> bool:
    """Whether the fields asked are the report's date (then a date line alone answers too:
    the date under its signature, "2024年1月10日")."""
    return "发布日期" in labels


DAY_WORDS = (
    r"哪一?天|哪一日|几月几[日号]|(?<!第)几号|具体(?:日期|哪天)|(?:什么|哪个)日(?:期|子)|日期是"
)
"""A day asked in Chinese, without a header field's verb: "哪天成立的", "几月几号"."""
DAY_ASKED = re.compile(
    rf"{DAY_WORDS}|\b(?:what|which)\s+(?:date|day)\b|\bon what (?:date|day)\b", re.IGNORECASE
)
"""A day asked, also in English ("on what date")."""
EXACT_DATE = re.compile(
    r"(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|([-/.])\s*\d{1,2}\s*\1\s*\d{1,2}(?!\d))"
)
"""A date to the day: 2024年3月12日, 2024-03-12, 2024/3/12, 2024.3.12."""


def asks_day(question: str) -> bool:
    """Whether a question asks a date: the report's (哪天发布, when was it published) or any
    day ("哪天成立的", "on what date")."""
    return asks_date(asked_fields(question)) or DAY_ASKED.search(question) is not None


def asks_publisher(labels: tuple[str, ...]) -> bool:
    """Whether the fields asked are the report's publisher (then the issuer's line answers too:
    the organisation above its title or signing at its end)."""
    return "发布机构" in labels


def field_label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A header line holding one of ``labels`` as a field (label, colon; the label maybe
    bold or bracketed: **主题分类**：, 【发布日期】:; its characters maybe spaced: 索 引 号：)."""
    spaced = (" *".join(map(re.escape, label)) for label in labels)
    return re.compile("(?:" + "|".join(spaced) + r")[\s*_】\]]*[:：]")


# A village or community asked by its kind (哪个村, 有个社区): below every place that reports.
_VILLAGE_KIND = re.compile(
    r"(?:有个|有一个|哪个|哪一个|某个|哪些|哪两个|哪几个)(?:村|社区)(?![级委长民])"
)


def asks_village(question: str) -> bool:
    """Whether the question asks which village or community (渝北区哪个村被评为…): the
    reports of the place and of every place below it tell, not its own alone."""
    return _VILLAGE_KIND.search(question) is not None


_ASKED_KIND = re.compile(
    rf"(?:哪个|哪一个|哪些|哪几个|哪[两三四五]个|什么)({_KINDS_BELOW}){_NOT_A_KIND}"
)


def asked_kinds(question: str) -> tuple[str, ...]:
    """The endings of the divisions a question asks the name of (哪些街道 → 街道; 哪个乡镇 →
    乡, 镇): a passage answering it names one."""
    asked = [_KIND_ENDS.get(m.group(1), (m.group(1),)) for m in _ASKED_KIND.finditer(question)]
    return tuple(dict.fromkeys(end for ends in asked for end in ends))


def named_kinds(question: str) -> tuple[str, ...]:
    """The endings of the divisions a question names by their kind (有个乡 → 乡; 哪个县 → 县)."""
    named = (m.group(1) or m.group(2) for m in _KIND.finditer(question))
    kinds = [_KIND_ENDS.get(kind, (kind,)) for kind in named]
    return tuple(dict.fromkeys(end for ends in kinds for end in ends))
