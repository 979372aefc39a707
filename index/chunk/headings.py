"""Recognise the numbered headings of a report and track the heading path.

Levels, outermost first: ``第一部分`` / ``第一章`` > ``一、`` / ``【一】`` > ``（一）`` / ``(一)`` >
``1.`` > ``一是``; a Markdown heading's marker before the number is passed over (``## 二、存在
的问题`` is ``二、存在的问题``), and so are black brackets around the whole line (``【十一、2025
年工作计划】``); a short title in black brackets with no number (``【存在的不足】``, ``【压实责
任，党政主要负责人履职到位】``) is a heading of the first numbered level. A heading line either
stands alone (a pure heading, not a passage) or opens a paragraph whose first sentence is its
title (an inline heading: the paragraph stays a passage and the title joins its path).

A line is a pure heading only when it is a title, not content: at most ``MAX_PURE_HEADING``
characters with no sentence end before its last character, and either no sentence end at all
or short (``MAX_SHORT_HEADING``), one clause, not ending in ``；`` (an item of a series), and
worded as a title (at most ``MAX_TITLE_WORDING`` characters, no figure); a longer or counting
one-sentence line is an item of content, a passage titled by itself.  A
numbered line that is one full sentence of content ("（一）加强执法队伍建设，组织执法人员培训不少于
6次。") is an inline heading titled by its first clause: a heading and a passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import HeadingPath

_NUM = "一二三四五六七八九十"
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{_NUM}]+(?:部分|章)")),
    (1, re.compile(rf"^[{_NUM}]+、|^[【〔][{_NUM}]+[】〕]")),  # 一、 or 【一】
    (2, re.compile(rf"^[（(][{_NUM}]+[）)]")),
    # 1. / 2、, not a decimal (3.5%); a year after the number is a title (3.2026年工作计划)
    (3, re.compile(r"^\d{1,2}\s*[.．、](?:(?!\d)|(?=(?:19|20)\d\d\s*年))")),
    (4, re.compile(rf"^[{_NUM}]+是")),
)
_MARKER_OF_LEVEL = dict(_LEVELS)
_MARKDOWN = re.compile(r"^#{1,6}[ \t]+")
_BRACKETED = re.compile(r"^[【〖]\s*([^【】〖〗]+?)\s*[】〗]\s*$")
"""A heading set in black brackets, the whole line: 【十一、2025年工作计划】."""
BRACKETED_LEVEL = 1
"""The level of a title in black brackets with no number (【存在的不足】): that of 一、."""
_NO_TITLE_MARK = re.compile(r"[。！？!?:：]")
"""A sentence end or a field's colon, which no bracketed title holds (【字体：大 中 小】)."""
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_SERIES_END = ("；", ";")
MAX_PURE_HEADING = 120
MAX_SHORT_HEADING = 40
MAX_INLINE_TITLE = 40
MAX_TITLE_WORDING = 14
"""The most characters after its number of a one-sentence title (坚持严格规范公正文明执法。)."""
_YEAR = re.compile(r"(?:19|20)\d\d\s*年")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
_FIRST_CLAUSE = re.compile(r"[，,；;]")


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a paragraph."""

    level: int
    title: str
    inline: bool
    titled: bool = False
    """A one-sentence line that is mostly its title ("（一）加强党的领导,深入学习…。"): kept as a
    passage (its words may be all the report says of it) but ranked as a heading."""


def heading_level(line: str) -> int | None:
    """The level of a numbered heading marker at the start of ``line``, if any; a bracketed
    title with no number stands at the level of ``一、``."""
    unmarked = _unmarked(line)
    for level, pattern in _LEVELS:
        if pattern.match(unmarked):
            return level
    return BRACKETED_LEVEL if _bracketed_title(line) else None


def _bracketed_title(line: str) -> bool:
    """A whole line in black brackets worded as a title: short, no sentence end, no field's
    label (【字体：大 中 小】, 【来源：…】 are page furniture and header fields)."""
    bracketed = _BRACKETED.match(_MARKDOWN.sub("", line.strip(), count=1))
    if bracketed is None:
        return False
    title = bracketed.group(1)
    return len(title) <= MAX_SHORT_HEADING and not _NO_TITLE_MARK.search(title)


def parse_heading(line: str) -> Heading | None:
    """A heading for a paragraph that starts with a marker, else ``None``."""
    level = heading_level(line)
    if level is None:
        return None
    line = _unmarked(line).rstrip()
    match = _SENTENCE_END.search(line)
    if match is None:
        if len(line) > MAX_PURE_HEADING:
            return None
        return Heading(level, line, inline=False)
    if match.end() >= len(line):
        return _one_sentence(level, line)
    title = line[: match.start()]
    if len(title) > MAX_INLINE_TITLE:
        clause = _CLAUSE_MARK.search(title)
        if clause is None or clause.start() > MAX_INLINE_TITLE:
            return None
        title = title[: clause.start()]
    return Heading(level, title, inline=True)


def _unmarked(line: str) -> str:
    """``line`` without a Markdown heading's marker or the black brackets around it."""
    line = _MARKDOWN.sub("", line, count=1)
    bracketed = _BRACKETED.match(line)
    return bracketed.group(1) if bracketed else line


def _one_sentence(level: int, line: str) -> Heading:
    """A line whose only sentence end is its last character: a short title, or content (a
    numbered item of one sentence: "45.翠湖社区创建为2021年度市级民主法治示范社区。")."""
    body = line[:-1]
    clause = _FIRST_CLAUSE.search(body)  # "（一）加强队伍建设，组织培训6次。": a title and content
    short = len(line) <= MAX_SHORT_HEADING and not line.endswith(_SERIES_END)
    if short and not clause:
        return Heading(level, body, inline=not _reads_as_title(level, body))
    if short:
        return Heading(level, body, inline=True, titled=True)
    title = body[: clause.start()] if clause else body
    return Heading(level, title[:MAX_INLINE_TITLE], inline=True)


def _reads_as_title(level: int, body: str) -> bool:
    """A short line naming a task with no figure but a year (9.加强执法队伍建设。, （三）2024年工作
    打算。), not one telling what was done (5.庆贺寺村获评荆州市民主法治示范村。, 53.主动公开街道
    信息326条。)."""
    marker = _MARKER_OF_LEVEL[level].match(body)
    wording = body[marker.end() :].strip() if marker else body
    figures = _YEAR.sub("", wording)
    return len(wording) <= MAX_TITLE_WORDING and not any(c.isdigit() for c in figures)


class HeadingTracker:
    """Keeps the current heading path while paragraphs are read in order."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, heading: Heading) -> None:
        while self._stack and self._stack[-1][0] >= heading.level:
            self._stack.pop()
        self._stack.append((heading.level, heading.title))

    @property
    def path(self) -> HeadingPath:
        return tuple(title for _, title in self._stack)
