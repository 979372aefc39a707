"""Rules that read a report's metadata from its text, and sidecar overrides."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from index.errors import LoadError
from index.metadata.header import read_head, report_year
from index.metadata.places import resolve_place
from index.models import DocumentMeta

_TITLE_MENTION = re.compile(r"《([^《》]{2,30}?\d{4}年度?法治[^《》]{0,20}?报告)》")
SIDECAR_SUFFIX = ".meta.json"


REGION_SAMPLE_CHARS = 50_000
"""The place is read from the first this many characters (far more than a report holds; a huge
merged file would otherwise be tagged word by word for minutes)."""


def extract_metadata(text: str, declared: Sequence[str] = ()) -> DocumentMeta:
    """Title, place (region, level, parents, code), report year, publisher, publishing date and
    header fields read from a report's text (and the title its file declares: ``<title>``,
    ``<h1>``, document properties)."""
    head = read_head(text, declared)
    place = resolve_place(head.titles, head.zones, text[:REGION_SAMPLE_CHARS])
    title = head.title or _mentioned_title(text, place.region)
    year = head.year if head.year is not None else report_year([title])
    if not title and place.region:
        title = f"{place.region}{year or ''}年度法治政府建设情况报告"
    return DocumentMeta(
        title=title,
        region=place.region,
        level=place.level,
        year=year,
        publisher=head.publisher,
        published=head.published,
        parent_region=place.parents[-1] if place.parents else "",
        parents=place.parents,
        code=place.code,
        code_level=place.code_level,
        fields=head.fields,
    )


def _mentioned_title(text: str, region: str) -> str:
    """A report's own title quoted in its text (《车辋镇2023年度法治政府建设情况报告》)."""
    for match in _TITLE_MENTION.finditer(text):
        if region and region in match.group(1):
            return match.group(1)
    return ""


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of a source file (``name.meta.json`` or ``name.ext.meta.json``), if any."""
    for candidate in (path.with_suffix(SIDECAR_SUFFIX), Path(str(path) + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def apply_sidecar(meta: DocumentMeta, path: Path) -> DocumentMeta:
    """Override extracted fields with those of the file's sidecar (unknown keys are an error)."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return meta
    try:
        data: Any = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(f"sidecar {sidecar.name} is not valid JSON: {exc}") from exc
    known = {f.name for f in fields(DocumentMeta)}
    if not isinstance(data, dict) or set(data) - known:
        raise LoadError(
            f"sidecar {sidecar.name} must be an object with keys among {sorted(known)}",
            {"unknown": sorted(set(data) - known) if isinstance(data, dict) else []},
        )
    return replace(meta, **{key: _checked(sidecar.name, key, v) for key, v in data.items()})


def _checked(name: str, key: str, value: Any) -> Any:
    """A sidecar value of the right type: a whole-number year (or null), else a string."""
    if key == "year":
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
            return int(value)
        raise LoadError(f"sidecar {name}: year must be a whole number, not {value!r}", {"key": key})
    if key == "parents":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise LoadError(f"sidecar {name}: parents must be a list of names", {"key": key})
    if key == "fields":
        raise LoadError(f"sidecar {name}: fields are read from the report", {"key": key})
    if not isinstance(value, str):
        raise LoadError(f"sidecar {name}: {key} must be a string, not {value!r}", {"key": key})
    return value
