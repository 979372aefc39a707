"""Preferences the question states beyond its words, applied to the fused ranking's head.

- A header field asked for (who published it, when, its 文号): of the header lines, the one
  with that field (发布机构：…) comes before the title line (``qa.analyse.asks``).
- A kind of division named instead of a place (有个乡, 哪个县): passages of reports from that
  kind of division come first among near equals.
- Next year's plans: a passage that names only years after its report's, in its text or its
  headings ("2024年，…将继续…" or "四、2024年工作安排" in a 2023 report), sits lower when the
  question names none of those years, unless it asks for plans.

Only the first ``top`` candidates are looked at: the work per question does not grow with the
corpus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from index.models import Document, Passage
from qa.analyse.asks import asked_fields, asks_date, field_label_pattern, named_kinds
from qa.analyse.query import QueryInfo
from qa.retrieve.fusion import Candidate

_YEAR = re.compile(r"(20\d\d)\s*年")
_DATE_ALONE = re.compile(
    r"\s*(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d\d-\d{1,2}-\d{1,2})\s*"
)


@dataclass(frozen=True)
class PreferConfig:
    top: int = 50
    field_boost: float = 0.3
    """The header line holding the field asked for, over the other header lines."""
    kind_boost: float = 0.1
    """Reports from the kind of division the question names (乡, 县 …)."""
    later_year_penalty: float = 0.1
    """A passage naming only years after its report's: a plan, not what was done."""


def prefer(
    info: QueryInfo,
    ranked: list[Candidate],
    passages: Sequence[Passage],
    documents: Mapping[str, Document],
    config: PreferConfig = PreferConfig(),
) -> list[Candidate]:
    """``ranked`` with the head's scores moved by what the question prefers, re-sorted."""
    head, tail = ranked[: config.top], ranked[config.top :]
    labels = asked_fields(info.text)
    fields = field_label_pattern(labels) if labels else None
    dated = asks_date(labels)
    # of a region's reports (江西省的乡镇), or of all, those of the kind named
    kinds = named_kinds(info.text) if info.parent_only or not info.doc_ids else ()
    plans = "plans" in info.sections
    moved = []
    for cand in head:
        passage = passages[cand.row]
        doc = documents[passage.doc_id]
        delta = 0.0
        if passage.kind == "header" and (
            (fields is not None and fields.search(passage.text))
            or (dated and _DATE_ALONE.fullmatch(passage.text))
        ):
            delta += config.field_boost
        if kinds and doc.meta.region.endswith(kinds):
            delta += config.kind_boost
        said = "\n".join((*passage.heading_path, passage.text))
        if not plans and _later_only(said, doc.meta.year, info.years):
            delta -= config.later_year_penalty
        moved.append(
            replace(cand, fused=cand.fused + delta, boost=cand.boost + delta) if delta else cand
        )
    if all(m is c for m, c in zip(moved, head, strict=True)):
        return ranked
    return sorted(moved, key=lambda c: -c.score) + tail


def _later_only(text: str, year: int | None, asked: tuple[int, ...]) -> bool:
    """``text`` names years, all after ``year``, and the question asks none of them."""
    if year is None:
        return False
    named = {int(y) for y in _YEAR.findall(text)}
    return bool(named) and min(named) > year and not named & set(asked)
