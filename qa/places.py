"""Places in questions that no indexed report is from.

A question can name a place jieba knows (朱家角镇), a town cut apart after a reported district
(番禺区石碁镇), or open with a place as its subject (静海区2024年…). Slips of one character
(车辆镇 for 车辋镇) and words for places in general (各乡镇, 全区, 有个区) are not such places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.models import Document
from index.tokenize import is_word, pos_tags
from qa.amounts import asks_amount
from qa.messages import Notice
from qa.query import QueryInfo, one_letter_off, pinyin, place_stem

_ADMIN_SUFFIX = ("市", "区", "县", "镇", "乡", "街道")
_NAME_FLAGS = ("n", "ns", "nr", "nz")
_TOWN_AFTER = r"([\u3400-\u9fff]{2,4}?(?:镇|乡|街道))"
# "各乡镇", "全区", "本市", "有个区", "乡镇街道": words for places in general, not names (本溪市 and
# 全椒县 are names).
_GENERIC_PLACE = re.compile(
    r"^(?:[各全本该我每哪某此这那其诸有些几]+个?(?:乡镇|镇街|街镇|城乡|街道|市|区|县|镇|乡)"
    r"|乡镇|城乡|镇街|街镇)|[有哪某这那一几两]个"
)
_WHOLE = re.compile(r"全(?:县|区|市|省)")
# The place a question opens with, when what follows is about that place ("静海区2024年…").
_SUBJECT = re.compile(
    r"^(?:请问|我想(?:问|知道|了解)一下?)?([\u3400-\u9fff]{2,4}?(?:街道|市|区|县|镇|乡))"
    r"(?=\s*(?:20\d\d|的|在|全|有|共|一共|今年|去年|近年|这|那))"
)


# An English place: capitalised words before an administrative word ("Tangguantun Town").
_LATIN_PLACE = re.compile(
    r"\b((?:[A-Z][a-z]+[\s-]){0,2}[A-Z][a-z]+)\s+"
    r"(Town|Township|District|County|City|Subdistrict|Street|Village)\b"
)
_NOT_NAMES = frozenset(
    [
        "Which",
        "What",
        "Whose",
        "The",
        "This",
        "That",
        "Each",
        "Every",
        "Any",
        "One",
        "Another",
        "Same",
        "Other",
        "Its",
        "Their",
        "Our",
        "A",
        "An",
        "Neighbouring",
        "Neighboring",
        "Rural",
        "Urban",
        "New",
        "Old",
        "Central",
    ]
)


def unknown_places(text: str, documents: Sequence[Document]) -> list[str]:
    """Places (with an administrative suffix) named in the question that no report is from.

    A name one character off a report's place (车辆镇 for 车辋镇) is a slip, not another place.
    """
    known = {p for d in documents for p in (d.meta.region, d.meta.parent_region) if p}
    parents = {d.meta.parent_region for d in documents if d.meta.parent_region}
    stems = {k[:-1] if len(k) > 2 else k for k in known}
    names = [*_place_names(pos_tags(text)), *_within(text, parents)]
    unknown = [
        place
        for place in dict.fromkeys(names)
        if not any(stem in place for stem in stems)
        and not any(_one_off(name, place) for name in known)
    ]
    return unknown + _unknown_latin(text, {pinyin(place_stem(k)) for k in known})


def _unknown_latin(text: str, sounds: set[str]) -> list[str]:
    """English names of places no report is from: "Tangguantun Town" (the reports' places in
    pinyin: Xihu, Nancun …; "In Xihu District" is Xihu)."""
    unknown = []
    for match in _LATIN_PLACE.finditer(text):
        words = re.split(r"[\s-]", match.group(1))
        if words[-1] in _NOT_NAMES:
            continue
        spelt = ["".join(words[-k:]).lower() for k in range(1, len(words) + 1)]
        if not any(s == w or one_letter_off(s, w) for s in sounds for w in spelt):
            unknown.append(f"{words[-1]} {match.group(2)}")
    return unknown


def subject_place(text: str) -> str | None:
    """The place the question opens with as its subject ("兰陵县2023年全县…"), if any."""
    match = _SUBJECT.match(text)
    if match is None or _GENERIC_PLACE.search(match.group(1)):
        return None
    return match.group(1)


def unreported_subject(info: QueryInfo, documents: Sequence[Document]) -> Notice | None:
    """Why the place the question is about has no report: none is from it, or it is a region
    above the reports' own places and the question asks its figures or its whole ("兰陵县…一共
    多少", "全县"): a county's figures are not its town's. What a region did may be what one of
    its towns did ("番禺区开展了哪些普法活动" is answered from 南村镇's report)."""
    if info.doc_ids and not info.parent_only:
        return None
    subject = subject_place(info.text)
    own = {d.meta.region for d in documents if d.meta.region}
    if subject is None or any(_one_off(name, subject) for name in own):
        return None
    within = sorted({d.meta.region for d in documents if d.doc_id in info.doc_ids})
    if not within:
        return Notice.of("unknown_place", places=subject)
    if asks_amount(info.text) or _WHOLE.search(info.text):
        return Notice.of("region_as_a_whole", within="、".join(within), subject=subject)
    return None


def _within(text: str, parents: set[str]) -> list[str]:
    """Towns written right after a reported district (番禺区石碁镇 → 石碁镇), however jieba cuts
    their rare characters."""
    return [
        m.group(1)
        for parent in parents
        for m in re.finditer(re.escape(parent) + _TOWN_AFTER, text)
        if not _GENERIC_PLACE.match(m.group(1))
    ]


def _one_off(name: str, written: str) -> bool:
    """``written`` is ``name`` (a place with its suffix) with one character of the stem changed,
    and no place of its own (西湖区 is one character off 溪湖区, and another district)."""
    return (
        len(name) == len(written) >= 3
        and name[-1] == written[-1]
        and sum(a != b for a, b in zip(name, written, strict=True)) == 1
        and not is_word(written)
    )


def _place_names(tagged: Sequence[tuple[str, str]]) -> list[str]:
    """Words tagged as places that end in a suffix (朱家角镇), or a name and its suffix cut
    apart (杨柳青 + 镇, 石楼 + 镇)."""
    names = []
    for (word, flag), (after, _) in zip(tagged, [*tagged[1:], ("", "")], strict=True):
        if flag.startswith("ns") and word.endswith(_ADMIN_SUFFIX) and len(word) >= 3:
            names.append(word)
        elif flag in _NAME_FLAGS and after in _ADMIN_SUFFIX and len(word) >= 2:
            names.append(word + after)
    return [name for name in names if not _GENERIC_PLACE.match(name)]
