"""The names of a place's bodies (departments, commissions), and which of them one name means.

A question names a body as users say it (环保局, 市监局, 卫健委, "the Municipal Health
Commission"); a report names it in full (生态环境局, 市场监督管理局, 卫生健康委员会). Both are
brought to one key: the names of one line of ``qa/data/organs.tsv`` share their line's key, and a
trailing 委员会 / 办公室 is written 委 / 办, as short names write them (发改委 of 发展和改革委员会).
Two names are of one body when their keys are the same, or when the shorter's characters stand in
order in the longer's, first and last alike (市场监管局 of 市场监督管理局, 交通局 of 交通运输局).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVEL = re.compile(r"^[市县区州旗盟]")
"""A leading character naming the level (市司法局, 县公安局)."""
_SHORT_ENDS = ((re.compile(r"委员会$"), "委"), (re.compile(r"办公室$"), "办"))
_MIN_IN_ORDER = 3
_ENGLISH_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class OrganNames:
    """Each name's key (its line's full name), and the English names with theirs."""

    keys: dict[str, str]
    english: tuple[tuple[str, str], ...]
    """(English name as lower-case words joined by spaces, full name), longest first."""
    fulls: tuple[str, ...]
    """Each line's full name."""


@cache
def organ_names() -> OrganNames:
    """The shipped table (``qa/data/organs.tsv``)."""
    text = resources.files("qa").joinpath("data", "organs.tsv").read_text(encoding="utf-8")
    keys: dict[str, str] = {}
    english: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        full, others, names = (line.split("\t") + ["", ""])[:3]
        for name in (full, *others.split(",")):
            if name.strip():
                keys[_short_ends(name.strip())] = _short_ends(full)
        english += [(_words(n), full) for n in names.split(",") if _words(n)]
    fulls = tuple(dict.fromkeys(keys.values()))
    return OrganNames(keys, tuple(sorted(english, key=lambda e: -len(e[0]))), fulls)


def _short_ends(name: str) -> str:
    for pattern, short in _SHORT_ENDS:
        name = pattern.sub(short, name)
    return name


def _words(text: str) -> str:
    return " ".join(_ENGLISH_WORD.findall(text.lower()))


def organ_key(name: str) -> str:
    """The key of a body's name: its line's full name in the table, else the name itself, with
    委员会 / 办公室 ending written 委 / 办 (卫健委 and 卫生健康委员会 → 卫生健康委)."""
    name = _short_ends(name)
    keys = organ_names().keys
    return keys.get(name) or keys.get(LEVEL.sub("", name)) or name


def same_organ(asked: str, reported: str) -> bool:
    """Whether the name ``asked`` names the body ``reported`` (both organs, not a government)."""
    if not asked or not reported:
        return False
    full = organ_key(reported)
    short = organ_key(asked)
    if short == full:
        return True
    forms = {short, LEVEL.sub("", short)}
    return any(_in_order(f, full) for f in forms if len(f) >= _MIN_IN_ORDER)


def _in_order(short: str, full: str) -> bool:
    rest = iter(full)
    return short[0] == full[0] and short[-1] == full[-1] and all(c in rest for c in short)


def known_organ(name: str) -> bool:
    """Whether ``name`` is one of the table's bodies (by any of its names, or its characters in
    order): a department a place may have, not a phrase that happens to end in 局 or 委
    (从区执法局, 做党委)."""
    return any(same_organ(name, full) for full in organ_names().fulls)


def organ_forms(name: str) -> tuple[str, ...]:
    """The names a text may call the body ``name`` by: as given, without a leading level, and
    the table's other names of it (医保局: 医疗保障局)."""
    key = organ_key(name)
    table = [n for n, k in organ_names().keys.items() if k == key]
    forms = (name, LEVEL.sub("", name), key, *table)
    return tuple(dict.fromkeys(f for f in forms if len(f) >= _MIN_IN_ORDER))


def english_organs(text: str) -> tuple[str, ...]:
    """The bodies an English question names by their English names ("the Wuhu Municipal Health
    Commission" → 卫生健康委员会), longest name first."""
    words = f" {_words(text)} "
    found = [full for name, full in organ_names().english if f" {name} " in words]
    return tuple(dict.fromkeys(found))


def any_same(asked: Sequence[str], reported: Sequence[str]) -> tuple[str, str] | None:
    """The first of ``asked`` that names one of ``reported``, with it; or None."""
    return next(((a, r) for a in asked for r in reported if same_organ(a, r)), None)
