"""Which part of its report each passage belongs to, decided when the index is written.

A 法治政府建设年度报告 follows a set outline: measures and results, shortcomings and their
causes, the leaders' duties, and next year's plans. Each passage gets, per part, 1 if it lies
in that part, ½ for the paragraph that opens the part inside a broader heading, else 0; the
index stores these figures as arrays (``index.store.folder.passages``), so the query side reads them
without going through every passage at load. The questions that ask for a part are recognised
on the query side (``qa.analyse.intent.sections``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.models import Passage

_HEADS = {
    "shortcomings": re.compile(r"^(?!.*(?:举措|成效)).*(?:不足|问题|短板|差距)"),
    "plans": re.compile(r"安排|打算|思路|下一步|展望|计划(?![》”\"])"),
}
"""A part by its top heading; 计划 not as a title quoted ("承担的《…工作计划》重点任务落实情况")."""

_LEAD_INS = {
    "shortcomings": re.compile(r"存在.{0,10}(?:不足|问题|短板|差距)[^。]*[:：]\s*$"),
    "plans": re.compile(r"(?:下一步|下一年|明年|来年)[^。]*[:：]\s*$"),
}
"""A paragraph that opens the part inside a broader heading: "…存在一些问题与不足,主要表现在
以下方面:" under "主要举措、成效、存在的不足及原因"."""

SECTIONS = tuple(_HEADS)


def in_section(heading_path: Sequence[str], section: str) -> bool:
    """Whether a passage under ``heading_path`` belongs to that part, by its top heading (one
    that also names the measures, "主要举措、成效、存在的不足", covers more than that part)."""
    return bool(heading_path) and bool(_HEADS[section].search(heading_path[0]))


class SectionReader:
    """Reads passages in document order and says how much each belongs to one part."""

    def __init__(self, section: str) -> None:
        self.section = section
        self._opened: tuple[str, tuple[str, ...]] | None = None

    def read(self, passage: Passage) -> float:
        """1 under a heading that names the part, and from the paragraph after one that opens
        it (``_LEAD_INS``) to the end of that paragraph's heading, its sub-headings included
        (never from text before the first heading); ½ for the opening paragraph itself, which
        announces the part but says nothing of it ("…主要表现在以下方面:"); 0 elsewhere."""
        path, opened = passage.heading_path, self._opened
        if opened and (passage.doc_id != opened[0] or path[: len(opened[1])] != opened[1]):
            opened = self._opened = None
        if opened is None and path and _LEAD_INS[self.section].search(passage.text):
            self._opened = (passage.doc_id, path)
            return 1.0 if in_section(path, self.section) else 0.5
        return 1.0 if opened is not None or in_section(path, self.section) else 0.0


def section_rows(passages: Iterable[Passage], section: str) -> list[float]:
    """How much each of ``passages`` (in document order) belongs to that part
    (``SectionReader.read``)."""
    reader = SectionReader(section)
    return [reader.read(passage) for passage in passages]
