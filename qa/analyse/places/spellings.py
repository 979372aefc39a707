"""How place names are written and said: a name's stem without its level, its pinyin in every
reading, the counties' sounds of the gazetteer, a pinyin name one letter off another."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache

from index.metadata.ethnic import autonomous_stem
from index.metadata.gazetteer import gazetteer

_SUFFIXES = "街道|镇|乡|区|县|市"
_SUFFIX = re.compile(rf"(?:{_SUFFIXES})$")
PROVINCE = re.compile(r"(?:省|自治区|特别行政区)$")
_LETTERS = string.ascii_lowercase
MIN_LATIN = 6
"""Shorter pinyin names are not matched one letter off (xihu, xihe)."""
_MAX_READINGS = 8


def place_stem(name: str) -> str:
    """A place name without its administrative suffix: 溪湖区 → 溪湖; an autonomous one also
    without its ethnic groups: 恭城瑶族自治县 → 恭城 (``index.metadata.ethnic``)."""
    return autonomous_stem(name) or _SUFFIX.sub("", name)


@lru_cache(maxsize=65536)
def pinyin(name: str) -> str:
    """Toneless pinyin of a name, e.g. 溪湖 → xihu."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


@lru_cache(maxsize=65536)
def readings(name: str) -> frozenset[str]:
    """Every toneless pinyin of a name, its characters' other readings too (厦坪 → shaping,
    xiaping): a place's English name follows its own reading, which the common one may not
    be."""
    from pypinyin import Style
    from pypinyin import pinyin as all_readings

    spelt = [""]
    for options in all_readings(name, style=Style.NORMAL, heteronym=True):
        spelt = [head + tail for head in spelt for tail in dict.fromkeys(options)][:_MAX_READINGS]
    return frozenset(spelt) | {pinyin(name)}


@lru_cache(maxsize=1)
def county_sounds() -> frozenset[str]:
    """The pinyin of the stems of every prefecture and county of the gazetteer (嵊州市 →
    shengzhou), stems of two characters or more, but those of provinces: an English question
    names such places bare ("did Shengzhou receive"). Built once."""
    found = [d for same in gazetteer().by_name.values() for d in same]
    names = {d.name for d in found if d.level in _COUNTY_UP}
    sounds = {pinyin(stem) for stem in map(place_stem, names) if len(stem) >= 2}
    # a province's name (Hebei, Hainan) is a province's, also where a county shares it
    provinces = {d.name for d in found if d.level == "省"}
    return frozenset(sounds - {pinyin(_province_stem(name)) for name in provinces})


def _province_stem(name: str) -> str:
    """A province without its level: 河北省 → 河北, 广西壮族自治区 → 广西."""
    return autonomous_stem(name) or PROVINCE.sub("", name)


_COUNTY_UP = ("市", "区县")


def town_sounds(counties: Iterable[str]) -> frozenset[str]:
    """The pinyin of the stems of the towns, 乡 and 街道 the gazetteer lists under ``counties``
    (宁安市 → dongjingcheng of 东京城镇 …): an English question names a town of a county it asks
    about bare ("the Dongjingcheng judicial office in Ning'an")."""
    towns = _towns_of()
    names = {town for county in counties for town in towns.get(county, ())}
    return frozenset(pinyin(stem) for stem in map(place_stem, names) if len(stem) >= 2)


@lru_cache(maxsize=1)
def _towns_of() -> dict[str, tuple[str, ...]]:
    """County → the 乡, 镇 and 街道 under it in the gazetteer. Built once."""
    towns: dict[str, list[str]] = {}
    for same in gazetteer().by_name.values():
        for division in same:
            if division.level in _TOWNS and division.parents:
                towns.setdefault(division.parents[-1], []).append(division.name)
    return {county: tuple(dict.fromkeys(names)) for county, names in towns.items()}


_TOWNS = ("乡镇", "街道")


def one_letter_off(known: str, written: str) -> bool:
    """``written`` is ``known`` (a pinyin name of six letters or more) with one letter
    changed, added or dropped: "Chawang" for Chewang."""
    if len(known) < MIN_LATIN or abs(len(known) - len(written)) > 1 or known == written:
        return False
    if len(known) == len(written):
        return sum(a != b for a, b in zip(known, written, strict=True)) == 1
    short, long = sorted((known, written), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def letter_variants(word: str) -> set[str]:
    """Every spelling one letter off ``word`` (changed, added or dropped)."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    dropped = {a + b[1:] for a, b in cuts if b}
    changed = {a + c + b[1:] for a, b in cuts if b for c in _LETTERS if c != b[0]}
    added = {a + c + b for a, b in cuts for c in _LETTERS}
    return dropped | changed | added
