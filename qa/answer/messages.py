"""What the query side tells a user, in the user's language: why there is no answer, and notes
on an answer (a filter the question disagrees with, a place named alone).

Every message has a stable ``code`` and its specifics as ``params`` (the place, term, year…);
the text is rendered from this one catalogue in Chinese or English. A Chinese question gets
Chinese, an English one English.

>>> Notice("term_not_mentioned", (("terms", "行政复议"),), "zh").message
'所问的报告没有提到“行政复议”'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

Language = str  # "zh" | "en"

_CJK = re.compile(r"[\u3400-\u9fff]")

CATALOGUE: dict[str, tuple[str, str]] = {
    # code: (Chinese, English); {name} is a parameter
    "no_passage": ("没有与问题相关的段落", "no passage matches the question"),
    "no_report_subject": (
        "问题没有涉及报告中的任何事项（术语表中没有与之对应的词语）",
        "the question uses none of the reports' subjects (no glossary phrase matches it)",
    ),
    "unknown_place": ("没有来自{places}的报告", "no indexed report is from {places}"),
    "region_as_a_whole": (
        "报告来自{within}，不是{subject}全域的情况",
        "the reports are of {within}, not of {subject} as a whole",
    ),
    "organ_not_reported": (
        "没有{place}{organ}的报告（只有{place}其他单位的报告）",
        "no report of {place}'s {organ} is indexed (only reports of other bodies of {place})",
    ),
    "unknown_doc_number": ("没有报告引用{numbers}", "no report cites {numbers}"),
    "term_not_mentioned": (
        "所问的报告没有提到“{terms}”",
        "the report named does not mention {terms}",
    ),
    "term_in_no_report": ("没有报告提到“{terms}”", "no report mentions {terms}"),
    "year_not_covered": (
        "所问地方的报告不涉及{years}年",
        "no report of the place named covers {years}",
    ),
    "unit_not_stated": (
        "报告没有以“{units}”为单位给出相关数字",
        "no report states an amount in {units}",
    ),
    "part_not_stated": (
        "报告只给出总数，没有给出“{terms}”的数字",
        "the reports give the whole, not a figure for {terms}",
    ),
    "members_not_named": (
        "报告只给出了数量，没有列出具体是哪些",
        "the reports give the count, not which ones",
    ),
    "members_amount_not_stated": (
        "报告只给出了数量，没有给出这些的数额",
        "the reports give the count, not the amount asked of them",
    ),
    "later_year": (
        "所问地方的报告只写到{years}年以前，{years}年的情况只见于计划",
        "the reports of the place named end before {years}: they give only plans for it",
    ),
    "outcome_not_stated": (
        "报告只说了做了什么，没有说结果如何",
        "the reports say what was begun, not how it ended",
    ),
    "number_not_stated": ("报告没有给出所问的数字", "no report states the number asked for"),
    "value_not_stated": ("报告没有给出所问的{kind_zh}", "no report states the {kind} asked for"),
    "doc_number_not_given": (
        "找到的段落没有给出所问的文号",
        "no passage found gives the document number asked for",
    ),
    "too_far_in_meaning": (
        "没有与问题意思足够接近的段落",
        "no passage is close enough in meaning to the question",
    ),
    "topic_not_mentioned": (
        "最接近的段落没有提到问题所问的内容",
        "the closest passages do not mention what the question asks",
    ),
    "low_confidence": (
        "可能相关，但把握不足（置信度{confidence}）：{signals_zh}",
        "possibly related, but the evidence is weak (confidence {confidence}): {signals}",
    ),
    "filter_excludes_place": (
        "问题问的是{asked}，但筛选只包含{allowed}：请清除筛选，或改问{allowed}",
        "the question asks about {asked}, but the filters allow only {allowed}: "
        "clear the filters or ask about {allowed}",
    ),
    "filter_excludes_year": (
        "问题问的是{asked}年，但筛选只包含{allowed}年的报告：请清除筛选，或改问筛选内的年份",
        "the question asks about {asked}, but the filters allow only reports of {allowed}: "
        "clear the filters or ask about a year they allow",
    ),
    "place_outside_filter": (
        "{outside}不在筛选范围内：只回答了{allowed}",
        "{outside} is outside the filters: answered for {allowed} only",
    ),
    "place_outline": (
        "问题只提到了{place}：下面列出{place}的报告涵盖的内容",
        "the question names only {place}: here is what its report covers",
    ),
}

VALUE_KINDS_ZH = {
    "day": "日期",
    "time": "时间",
    "rank": "排名",
    "cause": "原因",
    "charge": "罪名",
    "location": "地点",
    "person": "姓名",
    "firm": "机构名称",
    "body": "单位名称",
    "honour": "荣誉称号",
    "court": "法院名称",
    "maximum": "单项最大值",
    "title": "名称",
    "publisher": "发布单位",
    "field": "表头信息",
}


def language_of(text: str) -> Language:
    """``"zh"`` for text with Chinese characters, else ``"en"``."""
    return "zh" if _CJK.search(text or "") else "en"


@dataclass(frozen=True)
class Notice:
    """One message: a stable ``code``, its ``params``, rendered in ``lang``.

    ``str(notice)`` is the message; ``"行政复议" in notice`` searches the message in both
    languages (and so finds a parameter)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    lang: Language = "en"

    @classmethod
    def of(cls, code: str, **params: object) -> Notice:
        if code not in CATALOGUE:
            raise KeyError(f"no message with code {code!r}")
        return cls(code, tuple((k, str(v)) for k, v in params.items()))

    def in_language(self, lang: Language) -> Notice:
        return replace(self, lang=lang)

    @property
    def parameters(self) -> dict[str, str]:
        return dict(self.params)

    def render(self, lang: Language) -> str:
        zh, en = CATALOGUE[self.code]
        values: Mapping[str, str] = {
            **self.parameters,
            "kind_zh": VALUE_KINDS_ZH.get(self.parameters.get("kind", ""), ""),
        }
        return (zh if lang == "zh" else en).format_map(values)

    @property
    def message(self) -> str:
        return self.render(self.lang)

    @property
    def english(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "params": self.parameters}

    def __str__(self) -> str:
        return self.message

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and (text in self.message or text in self.english)
