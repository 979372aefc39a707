"""What each retriever sees of a passage: its text in the context of its report."""

from __future__ import annotations

from index.models import DocumentMeta, Passage


def context_line(meta: DocumentMeta, passage: Passage) -> str:
    """The report title and the passage's heading path, e.g. ``溪湖区…报告 › 一、… › （二）…``."""
    parts = [meta.title, *passage.heading_path]
    return " › ".join(part for part in parts if part)


def dense_text(meta: DocumentMeta, passage: Passage) -> str:
    """The text that is embedded for a passage."""
    context = context_line(meta, passage)
    return f"{context}\n{passage.text}" if context else passage.text


def lexical_text(meta: DocumentMeta, passage: Passage) -> str:
    """The text that BM25 indexes for a passage (headings add their words to the body)."""
    headings = " ".join(passage.heading_path)
    return f"{headings}\n{passage.text}" if headings else passage.text
