"""Find soft wraps: line breaks a layout put inside a sentence, where the paragraph goes on.

Text read from a PDF (and a plain file typed with hard line breaks) breaks lines at the page's
width, in the middle of sentences, words and numbers (``…实施纲要（⏎2021—2025年）》``, ``报⏎告``).
A break is soft when the line before it fills the measured width of the document's lines and does
not end a sentence, and the next line is neither empty, a numbered heading nor a header field. A
short line that ends without punctuation is a title or a heading and keeps its break.

A document is read as hard-wrapped only when its own lines show it: at least ``MIN_WRAPS`` lines
fill the width without ending a sentence, and they are at least ``MIN_SHARE`` of the lines that
fill it (a text with one paragraph a line has few lines near its longest, and those end a sentence).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence

from index.chunk.headings import heading_level
from index.clean.lines import Span, opens_with_furniture

FULL_SHARE = 0.85
"""A line at least this share of the widest line's width fills the line."""
MIN_WRAPS = 2
MIN_SHARE = 0.5
_SENTENCE_END = re.compile(r"[。！？；：…!?;:][”’」』）)》〉】\]\"']*$")
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]\s*\S")
_WORD = re.compile(r"[A-Za-z]")
_PUNCTUATION_ONLY = re.compile(r"^[^\w\s]+$")
_PART = re.compile(r"^第[一二三四五六七八九十百\d]+[部分章节篇]")
_CLAUSE_GOES_ON = re.compile(r"^[，、；：,;]")
"""A line opening with a clause mark goes on from the line before it, however wide that is
(a layout that broke before the comma: ``扩充至200名⏎，力争…``)."""


def display_width(line: str) -> int:
    """Columns the line takes: two for a wide (CJK) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def _unfinished(line: str) -> bool:
    return bool(line) and _SENTENCE_END.search(line) is None


def _starts_paragraph(line: str) -> bool:
    if not line or heading_level(line) is not None or opens_with_furniture(line):
        return True
    return _FIELD.match(line) is not None or _PART.match(line) is not None


def soft_breaks(lines: Sequence[str], wrapped: bool | None = None) -> list[bool]:
    """For each line but the last, whether the break after it is soft (the paragraph goes on).

    ``lines`` are stripped lines in order; ``wrapped`` says whether the document is hard-wrapped
    (``None``: decide from its lines, see ``is_hard_wrapped``).
    """
    widths = [display_width(line) for line in lines]
    full = FULL_SHARE * max(widths, default=0)
    if wrapped is None:
        wrapped = _hard_wrapped(lines, widths, full)
    return [
        (wrapped and widths[i] >= full or _CLAUSE_GOES_ON.match(lines[i + 1]) is not None)
        and _unfinished(lines[i])
        and not _FIELD.match(lines[i])
        and not _starts_paragraph(lines[i + 1])
        for i in range(len(lines) - 1)
    ]


def is_hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether the lines' own widths and endings show a text broken at a fixed width."""
    widths = [display_width(line) for line in lines]
    return _hard_wrapped(lines, widths, FULL_SHARE * max(widths, default=0))


def _hard_wrapped(lines: Sequence[str], widths: Sequence[int], full: float) -> bool:
    filling = [line for line, width in zip(lines, widths, strict=True) if line and width >= full]
    open_ended = sum(_unfinished(line) for line in filling)
    return open_ended >= MIN_WRAPS and open_ended >= MIN_SHARE * len(filling)


def joiner(before: str, after: str) -> str:
    """What stands for a soft wrap between two characters: a space between two Latin letters
    (a word break), else nothing (Chinese has no spaces; a number goes on into its unit)."""
    return " " if _WORD.match(before[-1:]) and _WORD.match(after[:1]) else ""


def unwrap(text: str, wrapped: bool | None = None) -> str:
    """``text`` with its soft wraps joined (see ``soft_breaks``); other lines as they were."""
    raw = text.split("\n")
    lines = [line.strip() for line in raw]
    soft = soft_breaks(lines, wrapped)
    pieces = [raw[0]]
    for index, is_soft in enumerate(soft):
        following = raw[index + 1]
        if is_soft:
            pieces[-1] = pieces[-1].rstrip()
            pieces.append(joiner(pieces[-1], following.lstrip()) + following.lstrip())
        else:
            pieces.append("\n" + following)
    return "".join(pieces)


def reflow(text: str) -> str:
    """A passage's text read without its soft wraps (for embedding and tokenising)."""
    if "\n" not in text:
        return text
    parts = [part.strip() for part in text.split("\n")]
    out = parts[0]
    for part in parts[1:]:
        out += joiner(out, part) + part
    return out


def join_soft_wraps(
    text: str, spans: list[Span], kinds: list[str], removed: list[Span]
) -> tuple[list[Span], list[str], list[Span]]:
    """Paragraph spans joined across their soft wraps, with their kinds and the furniture left.

    Breaks are judged on the text's own lines. Only neighbouring ``text`` lines are joined, and
    a line of nothing but punctuation a wrap pushed down (a lone ``。``) rejoins its sentence
    instead of staying dropped as furniture. A joined span holds the break:
    ``text[start:end]`` is still the passage.
    """
    raw = text.split("\n")
    soft = soft_breaks([line.strip() for line in raw])
    if not any(soft):
        return spans, kinds, removed
    starts = [0]
    for line in raw[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    stray = {line_of(r.start): r for r in removed if _PUNCTUATION_ONLY.match(text[r.start : r.end])}
    absorbed: set[Span] = set()
    out_spans: list[Span] = []
    out_kinds: list[str] = []
    for span, kind in zip(spans, kinds, strict=True):
        last = line_of(out_spans[-1].end) if out_spans else -1
        goes_on = last >= 0 and last < len(soft) and soft[last]
        if goes_on and out_kinds[-1] == kind == "text" and line_of(span.start) == last + 1:
            out_spans[-1] = Span(out_spans[-1].start, span.end)
        else:
            out_spans.append(span)
            out_kinds.append(kind)
        end_line = line_of(out_spans[-1].end)
        if kind == "text" and end_line < len(soft) and soft[end_line] and end_line + 1 in stray:
            absorbed.add(stray[end_line + 1])
            out_spans[-1] = Span(out_spans[-1].start, stray[end_line + 1].end)
    return out_spans, out_kinds, [r for r in removed if r not in absorbed]
