"""Split a document into paragraph passages with heading paths and exact offsets."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from index.chunk.headings import Heading, HeadingTracker, parse_heading
from index.chunk.wraps import join_soft_wraps
from index.clean.dedup import collapse_duplicates
from index.clean.lines import Span, read_lines, trim_span
from index.metadata.header import head_lines
from index.models import HeadingPath, Passage

_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")
_CLAUSE_END = re.compile(r"[，,、：:]+")
DEFAULT_MAX_CHARS = 300


@dataclass(frozen=True)
class Paragraph:
    """A kept paragraph: its span, number (1-based, in reading order) and heading."""

    number: int
    span: Span
    heading: Heading | None
    kind: str = "text"


@dataclass(frozen=True)
class Chunked:
    """The passages of one document, its outline and its collapsed duplicates."""

    passages: tuple[Passage, ...]
    outline: tuple[tuple[int, str, int, int], ...]
    duplicates: tuple[tuple[int, int, int], ...]
    removed: tuple[tuple[int, int], ...] = ()
    """Furniture left out: whole lines and line edges."""


def passage_id(doc_id: str, start: int, text: str) -> str:
    """A stable id from the content and place of a passage."""
    digest = hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()
    return digest[:16]


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text) if m.end() < len(text)]


def _pack(length: int, cuts: list[int], max_chars: int) -> list[int]:
    """Choose cut points so that parts are even and at most ``max_chars`` where possible."""
    parts = math.ceil(length / max_chars)
    target = length / parts
    chosen: list[int] = []
    last = 0
    for index, cut in enumerate(cuts):
        following = cuts[index + 1] if index + 1 < len(cuts) else length
        if (cut - last >= target or following - last > max_chars) and cut - last > 0:
            chosen.append(cut)
            last = cut
    return chosen


def split_long(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Relative ``(start, end)`` parts of a paragraph, cut at sentence ends.

    A single sentence longer than the limit is cut at clause marks, and only as a last resort
    at the limit itself.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    bounds = [0, *_pack(len(text), _cut_points(text, _SENTENCE_END), max_chars), len(text)]
    parts: list[tuple[int, int]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end]
        if len(piece) <= max_chars * 1.5:
            parts.append((start, end))
            continue
        inner = _cut_points(piece, _CLAUSE_END) or list(range(max_chars, len(piece), max_chars))
        sub = [0, *_pack(len(piece), inner, max_chars), len(piece)]
        parts.extend((start + a, start + b) for a, b in zip(sub, sub[1:], strict=False))
    return parts


def read_paragraphs(
    text: str,
) -> tuple[list[Paragraph], list[tuple[int, int, int]], list[tuple[int, int]]]:
    """Kept paragraphs in order, the collapsed ``(start, end, kept_paragraph)`` duplicates and
    the furniture removed."""
    spans, removed = read_lines(text)
    lines = [text[s.start : s.end] for s in spans]
    kinds = ["header" if head else "text" for head in head_lines(lines)]
    spans, kinds, removed = join_soft_wraps(text, spans, kinds, removed)
    lines = [text[s.start : s.end] for s in spans]
    headings = [
        None if k == "header" else parse_heading(ln) for k, ln in zip(kinds, lines, strict=True)
    ]
    eligible = [
        k == "text" and (h is None or h.inline) for k, h in zip(kinds, headings, strict=True)
    ]
    keep, dropped = collapse_duplicates(text, [(s.start, s.end) for s in spans], eligible)
    number_of = {index: n for n, index in enumerate(keep, start=1)}
    kinds = [
        "heading" if h is not None and h.titled else k for k, h in zip(kinds, headings, strict=True)
    ]
    paragraphs = [Paragraph(number_of[i], spans[i], headings[i], kinds[i]) for i in keep]
    duplicates = [(spans[d].start, spans[d].end, number_of[k]) for d, k in dropped]
    return paragraphs, duplicates, [(r.start, r.end) for r in removed]


def chunk_document(doc_id: str, text: str, max_chars: int = DEFAULT_MAX_CHARS) -> Chunked:
    """Passages (one per paragraph, long ones split at sentence ends) with heading paths."""
    paragraphs, duplicates, removed = read_paragraphs(text)
    tracker = HeadingTracker()
    passages: list[Passage] = []
    outline: list[tuple[int, str, int, int]] = []
    for paragraph in paragraphs:
        span, heading = paragraph.span, paragraph.heading
        if heading is not None:
            tracker.push(heading)
            outline.append((heading.level, heading.title, span.start, span.end))
            if not heading.inline:
                continue
        passages.extend(_passages_of(doc_id, text, paragraph, tracker.path, max_chars))
    return Chunked(tuple(passages), tuple(outline), tuple(duplicates), tuple(removed))


def _passages_of(
    doc_id: str, text: str, paragraph: Paragraph, path: HeadingPath, max_chars: int
) -> list[Passage]:
    span = paragraph.span
    result: list[Passage] = []
    for part, (rel_start, rel_end) in enumerate(
        split_long(text[span.start : span.end], max_chars), start=1
    ):
        start, end = trim_span(text, span.start + rel_start, span.start + rel_end)
        if start >= end:
            continue
        body = text[start:end]
        result.append(
            Passage(
                passage_id=passage_id(doc_id, start, body),
                doc_id=doc_id,
                paragraph=paragraph.number,
                part=part,
                heading_path=path,
                start=start,
                end=end,
                text=body,
                kind=paragraph.kind,
            )
        )
    return result
