"""What each retriever sees of a passage: its text in the context of its report."""

from __future__ import annotations

from index.chunk.wraps import reflow
from index.load.script import TRADITIONAL, to_simplified
from index.models import DocumentMeta, Passage


def passage_body(meta: DocumentMeta, passage: Passage) -> str:
    """The passage's text, in simplified characters when its report is in traditional ones, read
    across its soft wraps (a passage holds a line break only where a sentence goes on)."""
    return reflow(script_text(meta, passage.text))


def script_text(meta: DocumentMeta, text: str) -> str:
    """``text`` in simplified characters when its report is in traditional ones (same length)."""
    return to_simplified(text) if meta.script == TRADITIONAL else text


def context_line(meta: DocumentMeta, passage: Passage) -> str:
    """The report title and the passage's heading path, e.g. ``溪湖区…报告 › 一、… › （二）…``."""
    parts = [meta.title, *passage.heading_path]
    return " › ".join(part for part in parts if part)


def dense_text(meta: DocumentMeta, passage: Passage) -> str:
    """The text that is embedded for a passage."""
    context = context_line(meta, passage)
    return f"{context}\n{passage_body(meta, passage)}" if context else passage_body(meta, passage)


def lexical_text(meta: DocumentMeta, passage: Passage) -> str:
    """The text that BM25 indexes for a passage (headings add their words to the body)."""
    headings = " ".join(passage.heading_path)
    return f"{headings}\n{passage_body(meta, passage)}" if headings else passage_body(meta, passage)
