"""Resolve the place a report is from against the gazetteer.

A report names its place in its title, its header lines (发布机构: 巫山县司法局) and its body.
Zones are read in that order: the first one that names a division decides. In the title and the
header the most specific division named wins (如东县岔河镇 → 岔河镇; a department, 巫山县司法局,
belongs to its county); in the body the most named ones lead and the most specific of them wins.
A name several divisions share (南村镇) is settled by the parents named anywhere in the report
(番禺区, 广州); when none is, the region keeps its name and only the parents all of them share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from index.metadata.gazetteer import ORDINARY, Division, Gazetteer, gazetteer

# Names that are also ordinary words of a report's body ("新城区建设", "市中区"): only trusted in a
# title or header, where a place is expected.
_GENERIC = ORDINARY
_TOWN_ENDS = ("镇", "乡", "街道", "苏木")
_LEAD_SHARE = 0.6
_DOMINANT = 3  # a town the body names this often (and twice its county) is what it is about
_MOVED = 2  # a county the report names this often, its town's listed county never, is its own


@dataclass(frozen=True)
class Place:
    """A resolved division: its name, level, parents (outermost first) and code."""

    region: str = ""
    level: str = ""
    parents: tuple[str, ...] = ()
    code: str = ""
    code_level: str = ""


def _usable(name: str, divisions: Sequence[Division], body: bool) -> bool:
    if body and _GENERIC.match(name):
        return False
    return any(d.depth < 3 or name.endswith(_TOWN_ENDS) or len(name) >= 6 for d in divisions)


# A two-character name (道县) in running text counts where it stands as a subject or an
# organisation: after a clause mark, or before 委/政府/人民.
_BEFORE = re.compile(r"[\s，。；：、,;:（(]$|^$|年$")
_AFTER = re.compile(r"^(?:委|政府|人民|司法|党委|在|坚持|深入|认真|全面)")


def _names(gaz: Gazetteer, text: str, body: bool) -> list[str]:
    found = []
    for start, end, name in gaz.find_names(text):
        if len(name) < 3 and body:
            if not (_BEFORE.search(text[max(start - 1, 0) : start]) or _AFTER.match(text[end:])):
                continue
        elif not _usable(name, gaz.by_name[name], body):
            continue
        found.append(gaz.full_name(name))  # 恭城县 stands for 恭城瑶族自治县
    return found


def _support(division: Division, context: str, counts: Counter[str]) -> float:
    """How much the report backs this division: its parents named (full or short)."""
    gaz = gazetteer()
    score = 0.0
    for parent in division.parents:
        score += 2.0 * min(counts[parent], 3)
        short = next((d.short for d in gaz.by_name.get(parent, ()) if d.short), "")
        if len(short) >= 2 and short in context:
            score += 1.0
    return score


def _choose(name: str, context: str, counts: Counter[str]) -> Place:
    """The division meant by ``name``, or its common part when the report cannot tell."""
    divisions = gazetteer().by_name[name]
    scored = [(_support(d, context, counts), d) for d in divisions]
    best = max(score for score, _ in scored)
    top = [d for score, d in scored if score == best]
    if len(top) == 1:
        only = top[0]
        return Place(only.name, only.level, only.parents, only.code, only.code_level)
    shared: list[str] = []
    for level_names in zip(*(d.parents for d in top), strict=False):
        if len(set(level_names)) > 1:
            break
        shared.append(level_names[0])
    levels = {d.level for d in top}
    codes = {(d.code, d.code_level) for d in top}
    code, code_level = codes.pop() if len(codes) == 1 else ("", "")
    names = {d.name for d in top}  # one name, also when looked up by an alias (郊区人民政府)
    region = names.pop() if len(names) == 1 else name
    return Place(region, levels.pop() if len(levels) == 1 else "", tuple(shared), code, code_level)


def _county_as_written(place: Place, counts: Counter[str]) -> Place:
    """A town whose report names another county of the same city as its own, and never the
    gazetteer's, has moved (合隆镇 of 农安县, listed under 宽城区): the report's county wins."""
    if place.level not in ("乡镇", "街道") or len(place.parents) < 2 or counts[place.parents[-1]]:
        return place
    city = place.parents[:-1]
    named = [
        (count, name)
        for name, count in counts.items()
        if count >= _MOVED and any(d.level == "区县" and d.parents == city for d in _of(name))
    ]
    if not named:
        return place
    county = max(named)[1]
    return Place(place.region, place.level, (*city, county), place.code, place.code_level)


def _of(name: str) -> tuple[Division, ...]:
    return tuple(gazetteer().by_name.get(name, ()))


def _depth(name: str) -> int:
    return max(d.depth for d in gazetteer().by_name[name])


def _pick_head(names: list[str]) -> str:
    """The most specific division named (the first of those on a tie)."""
    deepest = max(_depth(n) for n in names)
    return next(n for n in names if _depth(n) == deepest)


def _pick_body(names: list[str]) -> str:
    counts = Counter(names)
    top = counts.most_common(1)[0][1]
    leaders = [n for n, c in counts.items() if c >= top * _LEAD_SHARE]
    return max(leaders, key=lambda n: (_depth(n), counts[n]))


def resolve_place(titles: Sequence[str], head: Sequence[str], body: str) -> Place:
    """The report's place from its titles, then its head (issuer, header lines), then its body.

    A division named in the head above the one its body names most (发布机构: 如东县司法局 over
    a report on 岔河镇) gives way to the body's."""
    gaz = gazetteer()
    context = "\n".join([*titles, *head, body])
    counts = Counter(_names(gaz, context, body=False))
    for zone in titles:
        names = _names(gaz, zone, body=False)
        if names:
            return _county_as_written(_choose(_pick_head(names), context, counts), counts)
    body_names = _names(gaz, body, body=True)
    inner = _choose(_pick_body(body_names), context, counts) if body_names else Place()
    named = Counter(body_names)
    for zone in head:
        names = _names(gaz, zone, body=False)
        if names:
            place = _choose(_pick_head(names), context, counts)
            below = place.region in inner.parents
            dominant = named[inner.region] >= max(_DOMINANT, 2 * named[place.region])
            return _county_as_written(inner if below and dominant else place, counts)
    return _county_as_written(inner, counts)
