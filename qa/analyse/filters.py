"""Filters on document metadata: region (or any division above it), level, year (single, list,
range), document id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from index.errors import InvalidInputError
from index.metadata.ethnic import short_forms
from index.models import Document

FIELDS = ("region", "level", "year", "doc_id")


@dataclass(frozen=True)
class Filters:
    """Allowed values per field; an empty tuple means any value."""

    region: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    year_range: tuple[int | None, int | None] | None = None
    doc_id: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.region or self.level or self.year or self.year_range or self.doc_id)

    def allows(self, doc: Document) -> bool:
        meta = doc.meta
        if self.region and not any(r in _places_of(doc) for r in self.region):
            return False
        if self.level and meta.level not in self.level:
            return False
        if self.year and meta.year not in self.year:
            return False
        if self.year_range is not None:
            low, high = self.year_range
            if meta.year is None or (low is not None and meta.year < low):
                return False
            if high is not None and meta.year > high:
                return False
        return not self.doc_id or doc.doc_id in self.doc_id


def _places_of(doc: Document) -> set[str]:
    """The divisions a report belongs to: its region and every one above it (a filter on
    如东县 covers 岔河镇's report), autonomous ones also by their short forms (恭城县 for
    恭城瑶族自治县, 临夏州, 内蒙古)."""
    names = {*doc.meta.chain, doc.meta.parent_region} - {""}
    return names | {f for n in names for f in short_forms(n) if len(f) >= 3}


def _strings(name: str, value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if isinstance(values, list) and not values:  # as for 'year': leave the field out instead
        raise InvalidInputError(f"filter '{name}' got an empty list", {"field": name})
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InvalidInputError(
            f"filter '{name}' takes a non-empty string or a list of strings",
            {"field": name, "value": value},
        )
    return tuple(v.strip() for v in values)


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInputError("a year must be a whole number such as 2023", {"value": value})
    try:
        year = int(value)
    except ValueError:
        raise InvalidInputError(
            "a year must be a whole number such as 2023", {"value": value}
        ) from None
    if not 1949 <= year <= 2100:
        raise InvalidInputError(f"year {year} is out of range (1949–2100)", {"value": value})
    return year


def _years(value: Any) -> tuple[tuple[int, ...], tuple[int | None, int | None] | None]:
    if isinstance(value, Mapping):
        unknown = set(value) - {"from", "to", "gte", "lte"}
        if unknown or not value:
            raise InvalidInputError(
                "a year range is {'from': 2022, 'to': 2024} (either end may be left out)",
                {"value": dict(value)},
            )
        low = value.get("from", value.get("gte"))
        high = value.get("to", value.get("lte"))
        bounds = (None if low is None else _year(low), None if high is None else _year(high))
        if None not in bounds and bounds[0] > bounds[1]:  # type: ignore[operator]
            raise InvalidInputError("the year range starts after it ends", {"value": dict(value)})
        return (), bounds
    if isinstance(value, list):
        if not value:
            raise InvalidInputError("filter 'year' got an empty list", {"value": value})
        return tuple(_year(v) for v in value), None
    return (_year(value),), None


def parse_filters(raw: Mapping[str, Any] | None) -> Filters:
    """Filters from a request mapping; unknown fields and bad values are clear errors."""
    if not raw:
        return Filters()
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InvalidInputError(
            f"unknown filter field(s): {', '.join(unknown)}; known fields: {', '.join(FIELDS)}",
            {"unknown": unknown, "known": list(FIELDS)},
        )
    years, year_range = _years(raw["year"]) if raw.get("year") is not None else ((), None)
    return Filters(
        region=_strings("region", raw["region"]) if raw.get("region") is not None else (),
        level=_strings("level", raw["level"]) if raw.get("level") is not None else (),
        year=years,
        year_range=year_range,
        doc_id=_strings("doc_id", raw["doc_id"]) if raw.get("doc_id") is not None else (),
    )


def known_values(documents: Iterable[Document]) -> dict[str, frozenset[str]]:
    """The values the documents have for each checked field (region, level, doc_id): made
    once per index, not per filter."""
    docs = list(documents)
    return {
        "region": frozenset(set().union(*(_places_of(d) for d in docs))),
        "level": frozenset(d.meta.level for d in docs),
        "doc_id": frozenset(d.doc_id for d in docs),
    }


def check_known_values(
    filters: Filters, documents: Iterable[Document] | Mapping[str, frozenset[str]]
) -> None:
    """Reject filter values that no document has (a typo would otherwise return nothing);
    ``documents`` may be given as their ``known_values``."""
    known = documents if isinstance(documents, Mapping) else known_values(documents)
    for name in ("region", "level", "doc_id"):
        bad = [v for v in getattr(filters, name) if v not in known[name]]
        if bad:
            raise InvalidInputError(
                f"unknown {name} value(s): {', '.join(bad)}",
                {"field": name, "unknown": bad, "known": sorted(v for v in known[name] if v)},
            )
