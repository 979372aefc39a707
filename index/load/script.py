"""Traditional script: reports written in it are searched through a simplified form of the same
length (OpenCC ``t2s``), so every offset into the simplified form is an offset into the original,
and citations quote the original."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from index.models import Document, Passage

TRADITIONAL = "traditional"
_CJK = re.compile(r"[\u3400-\u9fff]")
_MIN_CHANGED = 5
_MIN_SHARE = 0.02  # of the CJK characters: simplified text changes none or almost none


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _convert(text: str) -> str:
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length (character by character where a
    phrase conversion would change it)."""
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    lines = [_same_length(line) for line in text.split("\n")]
    return "\n".join(lines)


def _same_length(line: str) -> str:
    converted = _convert(line)
    if len(converted) == len(line):
        return converted
    singles = [_convert(char) for char in line]
    return "".join(s if len(s) == 1 else c for s, c in zip(singles, line, strict=True))


@lru_cache(maxsize=65536)
def _simplifies(char: str) -> bool:
    """Whether OpenCC writes ``char`` otherwise in simplified script."""
    return _convert(char) != char


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: enough of its first 5,000
    Chinese characters have a simplified form (each character looked up once per process,
    not the text converted: the conversion took half of reading a report)."""
    chars = _CJK.findall(text[:5000])
    changed = sum(_simplifies(char) for char in chars)
    return changed >= _MIN_CHANGED and changed >= len(chars) * _MIN_SHARE


def simplified_passage(passage: Passage) -> Passage:
    return replace(passage, text=to_simplified(passage.text))


def simplified_document(doc: Document) -> Document:
    return replace(doc, text=to_simplified(doc.text))


def in_original(doc_id: str, original: str, passages: tuple[Passage, ...]) -> tuple[Passage, ...]:
    """Passages read from the simplified form, quoting the original at the same offsets."""
    from index.chunk.paragraphs import passage_id

    return tuple(
        replace(
            p,
            text=original[p.start : p.end],
            passage_id=passage_id(doc_id, p.start, original[p.start : p.end]),
        )
        for p in passages
    )
