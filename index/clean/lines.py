"""Find the paragraphs of a text and drop page furniture, without editing the text.

The result is a list of spans into the original text: every later offset refers to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Page buttons written in brackets, e.g. 【打印】 or 【关闭窗口】.
_BUTTON = r"【(?:打印|关闭|打印本页|关闭窗口|收藏|分享)】"
# Furniture that may stand at the start or the end of a line (removed from the span).
_EDGE_FURNITURE = re.compile(
    r"^\s*\[bookmark:[^\]]*\]\s*"
    r"|\s*【字体[:：][^】]*】?\s*$"
    rf"|\s*{_BUTTON}\s*$"
)
# Lines that are nothing but furniture (dropped whole).
_LINE_FURNITURE = re.compile(
    r"^(?:扫一扫在手机打开当前页面|扫一扫在手机上查看当前页面|打印本页|关闭窗口|打印|关闭|"
    r"【?打印本页】?\s*【?关闭窗口】?|分享到[:：].*|上一篇[:：].*|下一篇[:：].*|"
    r"(?:微信|微博|QQ空间|QQ好友)(?:\s+(?:微信|微博|QQ空间|QQ好友))*|"
    rf"【字体[:：].*|字号[:：]?\s*大\s*中\s*小|\[bookmark:[^\]]*\]|(?:{_BUTTON}\s*)+)$"
)
_LEADING_FURNITURE = re.compile(r"^\s*\[bookmark:[^\]]*\]")


def opens_with_furniture(line: str) -> bool:
    """Whether ``line`` starts with furniture removed from its edge (a word processor's
    ``[bookmark: _GoBack]``): it starts a line of its own, never continues the one before."""
    return _LEADING_FURNITURE.match(line) is not None


_NO_TEXT = re.compile(r"^[\s\W_]*$")
# General signals of page furniture (not strings of one site):
# a trail of links (首页 > 政务公开 > …) or a "you are here" line;
_NAVIGATION = re.compile(
    r"^(?:当前位置|您的位置|你的位置|位置)[:：]|(?:[›»>→]|&gt;).{0,40}(?:[›»>→]|&gt;)"
)
# a trail of menu words between slashes (首页 / 政务公开 / 法治政府建设): a slash inside an
# identifier (索引号 014095371/2024-00018, a date 2024/03/15) or a field's value (主题分类：
# 司法/法治) is no trail, nor is a line of header fields holding one
_SLASH = re.compile(r"\s*[/／]\s*")
_MENU_WORD = re.compile(r"[^\d\s:：/／]{1,8}")
_MIN_TRAIL = 3
# a counter of views or reads (浏览量: 1, 阅读次数：25);
_COUNTER = re.compile(
    r"(?:浏览|阅读|点击|访问|查看)(?:量|次数|数|人次)?\s*[:：]?\s*\d+\s*(?:次)?\s*$"
)
# a site's date line (2019年12月3日星期二);
_DATE_LINE = re.compile(
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]$"
)
# a bar of short words (无障碍 简体| 繁体, 打印 关闭, 微信 微博): no sentence, every item short.
_BAR_SPLIT = re.compile(r"[\s|｜丨/·•]+")
_SENTENCE_MARK = re.compile(r"[。！？；，,：:、]")
# a numbered heading ("第二部分 存在的不足", "一、 主要举措") is text, however short its words
_HEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[部分章节篇条]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))"
)
_MAX_BAR = 40
_MAX_BAR_ITEM = 5
# Header fields with no value, e.g. "废止日期: 文 号:" or "关键词:".
_EMPTY_FIELDS = re.compile(r"^(?:[\u4e00-\u9fff ]{1,6}[:：]\s*)+$")


@dataclass(frozen=True)
class Span:
    """A paragraph of the original text: ``text[start:end]``."""

    start: int
    end: int


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Remove furniture at the edges of a line, repeatedly, keeping offsets."""
    changed = True
    while changed and start < end:
        changed = False
        line = text[start:end]
        match = _EDGE_FURNITURE.search(line)
        if match and match.end() - match.start() < len(line):
            if match.start() == 0:
                start += match.end()
                changed = True
            elif match.end() == len(line):
                end = start + match.start()
                changed = True
        start, end = trim_span(text, start, end)
    return start, end


def _is_bar(line: str) -> bool:
    items = [item for item in _BAR_SPLIT.split(line) if item]
    return (
        not _HEADING_NUMBER.match(line)
        and len(line) <= _MAX_BAR
        and len(items) >= 2
        and not _SENTENCE_MARK.search(line)
        and not re.search(r"\d", line)
        and all(len(item) <= _MAX_BAR_ITEM for item in items)
    )


def is_furniture(line: str) -> bool:
    """Whether a whole line is page furniture rather than the report's text."""
    if any(p.match(line) for p in (_NO_TEXT, _LINE_FURNITURE, _EMPTY_FIELDS, _DATE_LINE)):
        return True
    short = len(line) <= 80 and not re.search(r"[。！？；]", line)
    counter = bool(_COUNTER.search(line)) and len(re.findall("[:：]", line)) <= 1
    navigation = bool(_NAVIGATION.search(line)) or _is_slash_trail(line)
    return short and (navigation or counter or _is_bar(line))


def _is_slash_trail(line: str) -> bool:
    """Whether ``line`` is menu words separated by slashes, at least three of them."""
    items = _SLASH.split(line.strip())
    return len(items) >= _MIN_TRAIL and all(_MENU_WORD.fullmatch(item) for item in items)


def paragraph_spans(text: str) -> list[Span]:
    """One span per non-empty, non-furniture line, trimmed of white space and furniture."""
    return read_lines(text)[0]


def read_lines(text: str) -> tuple[list[Span], list[Span]]:
    """The paragraph spans of ``text`` and the furniture removed (whole lines and line edges)."""
    spans: list[Span] = []
    removed: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        start, end = trim_span(text, offset, offset + len(line))
        offset += len(line) + 1
        first, last = start, end
        start, end = _strip_edges(text, start, end)
        if not text[start:end] or is_furniture(text[start:end]):
            if last > first:
                removed.append(Span(first, last))
            continue
        removed.extend(Span(a, b) for a, b in ((first, start), (end, last)) if b > a)
        spans.append(Span(start, end))
    return spans, removed
