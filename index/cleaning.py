"""Find the paragraphs of a text and drop page furniture, without editing the text.

The result is a list of spans into the original text: every later offset refers to it.
"""

from __future__ import annotations

import re
import unicodedata
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


def normalise(text: str) -> str:
    """Compare form of a paragraph: NFKC, no punctuation or white space."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def _trigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 3] for i in range(max(len(text) - 2, 1)))


def is_near_duplicate(a: str, b: str, containment: float = 0.85, ratio: float = 0.6) -> bool:
    """True when two normalised paragraphs say the same thing (one mostly contains the other)."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < 20 or len(shorter) < ratio * len(longer):
        return False
    small, large = _trigrams(shorter), _trigrams(longer)
    return len(small & large) / len(small) >= containment


def collapse_duplicates(
    text: str, spans: list[Span], eligible: list[bool]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Indices of spans to keep, and ``(dropped, kept)`` pairs for near-duplicate paragraphs.

    Only ``eligible`` spans (body paragraphs, not headings) are compared; the first is kept.
    """
    forms = [normalise(text[s.start : s.end]) for s in spans]
    keep: list[int] = []
    dropped: list[tuple[int, int]] = []
    kept_bodies: list[int] = []
    for index, form in enumerate(forms):
        if eligible[index]:
            twin = next((k for k in kept_bodies if is_near_duplicate(forms[k], form)), None)
            if twin is not None:
                dropped.append((index, twin))
                continue
            kept_bodies.append(index)
        keep.append(index)
    return keep, dropped
