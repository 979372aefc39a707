"""The parts every such report has, and questions that ask for one of them.

A 法治政府建设年度报告 follows a set outline: measures and results, shortcomings and their
causes, the leaders' duties, and next year's plans. A question after shortcomings ("存在哪些
不足", "what problems") or plans ("下一步打算", "next year") is asked of that part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Passage

_ASKS = {
    "shortcomings": re.compile(
        r"存在.{0,6}(?:不足|问题|短板|差距)|不足|短板|差距|薄弱|欠缺|毛病|问题有哪些|哪些问题|什么问题"
        r"|\bshortcomings?\b|\bweakness(?:es)?\b|\bproblems?\b|\bgaps?\b|\bfall short",
        re.IGNORECASE,
    ),
    "plans": re.compile(
        r"下一步|下一年|明年|来年|打算|今后|将如何|将怎样|准备怎么|准备如何|计划如何|有何计划|工作安排|主要安排|思路"
        r"|\bplan(?:s|ned|ning)?\b|\bnext year\b|\bgoing to\b|\bintend",
        re.IGNORECASE,
    ),
}
_HEADS = {
    "shortcomings": re.compile(r"^(?!.*(?:举措|成效)).*(?:不足|问题|短板|差距)"),
    "plans": re.compile(r"安排|打算|思路|下一步|展望"),
}

_LEAD_INS = {
    "shortcomings": re.compile(r"存在.{0,10}(?:不足|问题|短板|差距)[^。]*[:：]\s*$"),
    "plans": re.compile(r"(?:下一步|下一年|明年|来年)[^。]*[:：]\s*$"),
}
"""A paragraph that opens the part inside a broader heading: "…存在一些问题与不足,主要表现在
以下方面:" under "主要举措、成效、存在的不足及原因"."""


SECTIONS = tuple(_ASKS)


def asked_sections(question: str) -> tuple[str, ...]:
    """Which parts of a report the question asks for ("shortcomings", "plans"), if any."""
    return tuple(name for name, pattern in _ASKS.items() if pattern.search(question))


def asking_words(question: str) -> list[str]:
    """The words by which ``question`` asks for a part ("打算", "存在哪些不足"): they say where
    to look, not what about."""
    return [m.group() for pattern in _ASKS.values() for m in pattern.finditer(question)]


def in_section(heading_path: Sequence[str], section: str) -> bool:
    """Whether a passage under ``heading_path`` belongs to that part, by its top heading (one
    that also names the measures, "主要举措、成效、存在的不足", covers more than that part)."""
    return bool(heading_path) and bool(_HEADS[section].search(heading_path[0]))


def section_rows(passages: Sequence[Passage], section: str) -> list[float]:
    """How much each of ``passages`` (in document order) belongs to that part: 1 under a
    heading that names it, and from the paragraph after one that opens it (``_LEAD_INS``) to the
    end of that paragraph's heading, its sub-headings included (never from text before the first
    heading); ½ for the opening paragraph itself, which announces the part but says nothing of
    it ("…主要表现在以下方面:"); 0 elsewhere."""
    rows = []
    opened: tuple[str, tuple[str, ...]] | None = None
    for passage in passages:
        path = passage.heading_path
        if opened and (passage.doc_id != opened[0] or path[: len(opened[1])] != opened[1]):
            opened = None
        if opened is None and path and _LEAD_INS[section].search(passage.text):
            opened = (passage.doc_id, path)
            rows.append(1.0 if in_section(path, section) else 0.5)
            continue
        rows.append(1.0 if opened is not None or in_section(path, section) else 0.0)
    return rows
