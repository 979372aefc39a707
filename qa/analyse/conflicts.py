"""When the question and the filters disagree: the question names a place or a year the
filters leave out.

One place's figure must never be read as another's. When none of the places the question names
is inside the filters ("溪湖区…" filtered to 岔河镇), or no report the filters allow covers the
year it asks, the question is refused with the reason; when some of its places are inside, it is
answered for those, with a note naming the ones left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.models import Document
from qa.analyse.filters import Filters
from qa.analyse.query import QueryInfo
from qa.answer.messages import Notice


@dataclass(frozen=True)
class Disagreement:
    """A refusal (``refusal``), or notes to show beside the answer."""

    refusal: Notice | None = None
    notes: tuple[Notice, ...] = ()


def _names(documents: Sequence[Document]) -> str:
    return "、".join(dict.fromkeys(d.meta.region or d.meta.title for d in documents))


def written_places(info: QueryInfo) -> str:
    """The places the question names as written, without the stems of longer forms (溪湖 of
    溪湖区)."""
    forms = info.places
    return "、".join(f for f in forms if not any(f != g and f in g for g in forms))


def covers_year(doc: Document, year: int) -> bool:
    """The report is of ``year``, of the year before (its plans), or reports on ``year``."""
    return doc.meta.year in (year, year - 1) or f"{year}年" in doc.text


def disagreement(info: QueryInfo, filters: Filters, documents: Sequence[Document]) -> Disagreement:
    """How the places and years of the question sit with the filters."""
    if filters.empty:
        return Disagreement()
    allowed = [d for d in documents if filters.allows(d)]
    named = [d for d in documents if d.doc_id in info.doc_ids]
    inside = [d for d in named if filters.allows(d)]
    notes: tuple[Notice, ...] = ()
    if named and not inside:
        scope = "、".join(filters.region) or _names(allowed) or "—"
        asked = written_places(info) or _names(named)
        return Disagreement(Notice.of("filter_excludes_place", asked=asked, allowed=scope))
    if len(inside) < len(named):
        outside = [d for d in named if d not in inside]
        notes = (
            Notice.of("place_outside_filter", outside=_names(outside), allowed=_names(inside)),
        )
    years_filtered = filters.year or filters.year_range is not None
    if info.years and years_filtered:
        scope_docs = inside or allowed
        if not any(covers_year(d, y) for d in scope_docs for y in info.years):
            years = sorted({d.meta.year for d in allowed if d.meta.year is not None})
            return Disagreement(
                Notice.of(
                    "filter_excludes_year",
                    asked="、".join(map(str, info.years)),
                    allowed="、".join(map(str, years)) or "—",
                )
            )
    return Disagreement(None, notes)
