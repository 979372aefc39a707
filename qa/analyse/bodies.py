"""Which body of a place a report is from, and which body a question names.

A county publishes its government's report and its departments' reports (寿光市人民政府,
寿光市司法局, 寿光市市场监督管理局), all of one place. "寿光市政府2022年…" asks the
government's, "寿光市场监管局2022年…" the bureau's. A report's body is the organ its title
names after its place ("寿光市市场监督管理局2022年…" → 市场监督管理局), or its publisher's when
the title names no place; none (the government) otherwise. A question's body is matched by its
characters in order, as short names are made (市场监管局 of 市场监督管理局).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from index.models import Document

GOVERNMENT = ""
"""The body of a place's own government (人民政府, 政府, 办事处): no organ named."""

# An organ: a department (局, 厅, 署), a commission (委员会, 发改委) or an office (办公室), by
# a name of two to ten characters (not a party committee, 县委) and not a court.
_ORGAN = r"[\u4e00-\u9fff]{2,10}?(?:局|厅|署|委员会|委|办公室)"
_REPORT_ORGAN = re.compile(rf"^({_ORGAN})")
_ASKED_ORGAN = re.compile(rf"的?({_ORGAN})")
_ASKED_GOVERNMENT = re.compile(r"^(?:人民)?政府|^办事处")
# A leading character naming the level (市公安局: 乐山 taken out as the place).
_LEVEL = re.compile(r"^[市县区州旗]")
_MARK = "\x01"


def report_body(doc: Document) -> str:
    """The organ a report's title names after its place, or its publisher's when the title
    names no place; ``GOVERNMENT`` for a place's own report."""
    meta = doc.meta
    places = [p for p in (*meta.parents, meta.parent_region, meta.region) if p]
    for line in (meta.title, meta.publisher):
        after = _after_places(line, places)
        if after is not None:
            found = _REPORT_ORGAN.match(after)
            # 人民政府办公室 sends the government's own report
            return found.group(1) if found and "政府" not in found.group(1) else GOVERNMENT
    return GOVERNMENT


def _after_places(line: str, places: Sequence[str]) -> str | None:
    """``line`` after the last of ``places`` it names, or None when it names none."""
    ends = [line.rfind(p) + len(p) for p in places if p in line]
    return line[max(ends) :].lstrip("#").strip() if ends else None


def asked_body(question: str, places: Sequence[str]) -> str | None:
    """The body ``question`` names right after one of its ``places`` (as written, longest
    first): an organ (寿光市场监管局 → 市场监管局, 芜湖市监局 → 市监局), ``GOVERNMENT``
    (寿光市政府), or None."""
    text = question
    for place in places:  # each place a space, then its level (市, 县 …) marked
        text = text.replace(place, " " + (_MARK + place[-1] if _LEVEL.match(place[-1]) else ""))
    for part in text.split(" ")[1:]:
        level = part[1:2] if part.startswith(_MARK) else ""
        part = part[2:].strip() if level else part.strip()
        if _ASKED_GOVERNMENT.match(part):
            return GOVERNMENT
        # the place's level may open the organ's short name too: 芜湖市监局 → 市监局
        found = _ASKED_ORGAN.match(level + part) or _ASKED_ORGAN.match(part)
        if found:
            return found.group(1)
    return None


def of_body(doc_ids: Sequence[str], body: str | None, bodies: Mapping[str, str]) -> tuple[str, ...]:
    """Those of ``doc_ids`` from the body asked, when some are and some are not; else all."""
    if body is None or not doc_ids:
        return tuple(doc_ids)
    chosen = [d for d in doc_ids if _same_body(body, bodies.get(d, GOVERNMENT))]
    return tuple(chosen) if chosen and len(chosen) < len(doc_ids) else tuple(doc_ids)


def _same_body(asked: str, body: str) -> bool:
    """Whether ``asked`` names ``body``: the same, or its characters in order (市场监管局 of
    市场监督管理局), with or without a leading level (市司法局)."""
    if asked == body:
        return True
    if not asked or not body:
        return False
    return any(_in_order(a, body) for a in {asked, _LEVEL.sub("", asked)} if len(a) >= 3)


def _in_order(short: str, full: str) -> bool:
    rest = iter(full)
    return short[0] == full[0] and short[-1] == full[-1] and all(c in rest for c in short)
