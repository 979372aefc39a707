"""Short forms of autonomous divisions' names, by rule from the names themselves.

An autonomous division is named for its place and the ethnic groups it is autonomous for:
恭城瑶族自治县, 临夏回族自治州, 广西壮族自治区, 伊犁哈萨克自治州. Reports and questions write
them without the groups and 自治: 恭城县 or 恭城, 临夏州, 广西, 伊犁州. The groups' names (China's
56, as data in ``index/data/ethnic_groups.tsv``, with their English names) are stripped from a
name to get its stem; the stem with the division's kind (州/县/旗) and the bare stem are its short
forms. A name of a group alone (鄂伦春自治旗) keeps the group's name as its stem (鄂伦春旗).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_KINDS = "州县旗区"
_MIN_STEM = 2


@cache
def _groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name as divisions write it, without 族; English names) per ethnic group."""
    text = resources.files("index").joinpath("data", "ethnic_groups.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, english = line.split("\t")
            rows.append((name.strip(), tuple(english.split())))
    return tuple(rows)


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted((name for name, _ in _groups()), key=len, reverse=True)  # 土家 before 土
    group = "(?:" + "|".join(names) + ")族?|各族"
    return re.compile(rf"^(?P<stem>.{{{_MIN_STEM},}}?)(?:{group})*自治(?P<kind>[{_KINDS}])$")


@cache
def _township_pattern() -> re.Pattern[str]:
    """An ethnic township (民族乡) or town: its place, then its groups, each with 族
    (宛田瑶族乡, 黄沙瑶族乡, 三江侗族乡)."""
    names = sorted((name for name, _ in _groups()), key=len, reverse=True)
    group = "(?:" + "|".join(names) + ")族"
    return re.compile(rf"^(?P<stem>.{{{_MIN_STEM},}}?)(?:{group})+(?P<kind>[乡镇])$")


@cache
def ethnic_english() -> frozenset[str]:
    """The groups' English names, lower-cased (yao, hui, zhuang, …)."""
    return frozenset(word.lower() for _, english in _groups() for word in english)


def autonomous_stem(name: str) -> str:
    """The place part of an autonomous division's name (恭城 of 恭城瑶族自治县) or of an ethnic
    township's (宛田 of 宛田瑶族乡), or ""."""
    match = _pattern().match(name) or _township_pattern().match(name)
    if match is None:
        return ""
    stem = match.group("stem")
    groups = {group for group, _ in _groups()}
    return stem[:-1] if stem.endswith("族") and stem[:-1] in groups else stem


def short_forms(name: str) -> tuple[str, ...]:
    """How an autonomous division is written short: 恭城瑶族自治县 → (恭城县, 恭城); 临夏回族自治州
    → (临夏州, 临夏); 广西壮族自治区 → (广西,); an ethnic township: 宛田瑶族乡 → (宛田乡, 宛田).
    None for other names."""
    stem = autonomous_stem(name)
    if not stem:
        return ()
    kind = name[-1]
    return (stem,) if kind == "区" else (stem + kind, stem)
