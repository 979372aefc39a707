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
_NO_TEXT = re.compile(r"^[\s\W_]*$")
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


def paragraph_spans(text: str) -> list[Span]:
    """One span per non-empty, non-furniture line, trimmed of white space and furniture."""
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        start, end = trim_span(text, offset, offset + len(line))
        offset += len(line) + 1
        start, end = _strip_edges(text, start, end)
        body = text[start:end]
        if not body or any(p.match(body) for p in (_NO_TEXT, _LINE_FURNITURE, _EMPTY_FIELDS)):
            continue
        spans.append(Span(start, end))
    return spans
