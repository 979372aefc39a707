"""Places in questions that no indexed report is from.

A question can name a division of the gazetteer (乾元镇, 北京市海淀区;
``qa.analyse.places.spotting``), a town written right after a reported district (番禺区石碁镇), or
open with a place as its subject (静海区2024年…). A report's place name with another parent named
(青岛平度市南村镇, when the report is 番禺区's 南村镇) is another place. Slips of one character
(车辆镇 for 车辋镇), words for places in general (各乡镇, 全区, 有个区) and names that read on into
a word (安平乡 of 安平乡贤调解团) are not such places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.metadata.ethnic import ethnic_english
from qa.analyse.places.placetables import PlaceTables
from qa.analyse.places.spotting import NamedPlace, reads_on, spot_places
from qa.answer.messages import Notice
from qa.answer.statements.amounts import asks_amount

# "各乡镇", "全区", "本市", "有个区", "乡镇街道": words for places in general, not names (本溪市 and
# 全椒县 are names).
_GENERIC_PLACE = re.compile(
    r"^(?:[各全本该我每哪某此这那其诸有些几]+个?(?:乡镇|镇街|街镇|城乡|街道|市|区|县|镇|乡)"
    r"|乡镇|城乡|镇街|街镇)|[有哪某这那一几两]个"
)
_WHOLE = re.compile(r"全(?:县|区|市|省)")
# The place a question opens with, when what follows is about that place ("静海区2024年…");
# a community, an estate or a park (华茂社区, 阳光小区, 工业园区) is no division reports are from.
_SUBJECT = re.compile(
    r"^(?:请问|我想(?:问|知道|了解)一下?)?([\u3400-\u9fff]{2,4}?(?:街道|市|(?<![社小园景片校辖])区|县|镇|乡))"
    r"(?=\s*(?:20\d\d|的|在|全|有|共|一共|今年|去年|近年|这|那))"
)


_LEVEL_SUFFIXES = {
    "town": "镇",
    "township": "乡镇",
    "district": "区",
    "county": "县",
    "city": "市",
    "subdistrict": "道",
    "street": "道",
}
"""English words for a division's level, with the last character of the divisions they name
(街道 ends in 道)."""
_LEVEL_SOUNDS = {
    "town": "zhen",
    "township": "xiang",
    "district": "qu",
    "county": "xian",
    "city": "shi",
    "subdistrict": "jiedao",
    "street": "jiedao",
    "village": "cun",
}
"""The pinyin of the level character an English name may keep before its level word."""
_LATIN_NAME = r"\b((?:[A-Z][a-z]+[\s-]){0,2}[A-Z][a-z]+)\s+"
# An English place: capitalised words before an administrative word in either case
# ("Tangguantun Town", "Changpo town").
_LATIN_PLACE = re.compile(
    _LATIN_NAME
    + "("
    + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in (*_LEVEL_SUFFIXES, "village"))
    + r")\b"
)
_LATIN_PLACE_ANY_CASE = re.compile(
    _LATIN_NAME + "(" + "|".join(_LEVEL_SUFFIXES) + r")\b", re.IGNORECASE
)
"""As ``_LATIN_PLACE``, the level word in any case ("Lingui town")."""
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


# A question asking which report says something: the report is what it asks for.
_WHICH_REPORT = re.compile(
    r"哪[一几]?[份篇个些]?(?:单位|地方|部门)?的?报告|\bwhich (?:of the )?reports?\b", re.I
)


def asks_which_report(text: str) -> bool:
    """Whether the question asks which report says something (哪份报告提到…, which report)."""
    return bool(_WHICH_REPORT.search(text))


def unknown_places(text: str, places: PlaceTables) -> list[str]:
    """Places (with an administrative suffix) named in the question that no report is from.

    A name one character off a report's place (车辆镇 for 车辋镇) is a slip, not another place.
    """
    spotted = spot_places(text)
    elsewhere = [_written(p) for p in spotted if p.name in places.known and _another(p, places)]
    # a name its parent picked out (安丘市兴安街道) is that division, not a slip for a report's
    # place one character off (安丘市新安街道)
    unknown = [
        p.name
        for p in spotted
        if p.name not in places.known
        and places.full_of.get(p.name) not in places.known  # 江南乡 of 江南朝鲜族满族乡
        and not places.has_stem_in(p.name)
        and (p.by_parent or not places.one_off(p.name))
        and (p.by_parent or not reads_on(text, p))
        and not _inside_a_quoted_name(text, p)
        and not places.stem_across(text, p.start)
    ]
    return elsewhere + list(dict.fromkeys(unknown)) + _unknown_latin(text, places)


_QUOTED = re.compile(r"“[^”]{2,30}”|「[^」]{2,30}」|\"[^\"]{2,30}\"")


def unquoted(text: str) -> str:
    """``text`` with its quoted names blanked out: a place written inside one (“乐都长辣椒”,
    “八里罕”商标) is part of a name, not a place whose reports are asked of."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


_TITLED = re.compile(r"《[^《》]{2,60}》")


def _inside_a_quoted_name(text: str, place: NamedPlace) -> bool:
    """Whether the place lies inside a quoted name or a document's title that does not open
    with it (湖山乡 of “东白湖山乡调解室”, 东部新区 of 《温岭市东部新区产业发展规划》): a piece
    of the name, not a place named."""
    names = (*_QUOTED.finditer(text), *_TITLED.finditer(text))
    return any(m.start() + 1 < place.start and place.end < m.end() for m in names)


def placed_elsewhere(text: str, places: PlaceTables) -> frozenset[str]:
    """Reports' place names the question puts under another parent (南村镇 in 青岛平度市南村镇):
    they name no report."""
    return frozenset(
        p.name for p in spot_places(text) if p.name in places.known and _another(p, places)
    )


def _another(place: NamedPlace, places: PlaceTables) -> bool:
    """A report's place name that the question's parent puts elsewhere (平度市南村镇 for 番禺区's
    南村镇)."""
    if place.name in places.unplaced:  # a report of that name whose parents are unknown
        return False
    above = places.above.get(place.name, set())
    return place.by_parent and not any(set(d.parents) & above for d in place.divisions)


def _written(place: NamedPlace) -> str:
    """The place with the parent that tells it apart (平度市南村镇)."""
    if place.ambiguous or place.written != place.name:
        return place.written
    return place.divisions[0].parents[-1] + place.name


def english_levels(text: str) -> dict[str, str]:
    """The pinyin of each English place name followed by its level, with the last characters
    of the divisions of that level ("Lingui District" → {"lingui": "区"})."""
    levels: dict[str, str] = {}
    for match in _LATIN_PLACE_ANY_CASE.finditer(text):
        words = _place_words(re.split(r"[\s-]", match.group(1)))
        for k in range(1, len(words) + 1):
            levels["".join(words[-k:]).lower()] = _LEVEL_SUFFIXES[match.group(2).lower()]
    return levels


def _unknown_latin(text: str, places: PlaceTables) -> list[str]:
    """English names of places no report is from: "Tangguantun Town" (the reports' places in
    pinyin: Xihu, Nancun …; "In Xihu District" is Xihu). None, when a place named is a report's
    whose parents are unknown: the others may be those parents."""
    unknown = []
    for match in _LATIN_PLACE.finditer(text):
        words = _place_words(re.split(r"[\s-]", match.group(1)))
        if not words or words[-1] in _NOT_NAMES:
            continue
        spelt = ["".join(words[-k:]).lower() for k in range(1, len(words) + 1)]
        level = _LEVEL_SOUNDS.get(match.group(2).lower(), "")  # "Puzhen town": 铺镇
        spelt += [w[: -len(level)] for w in spelt if level and w.endswith(level) and w != level]
        if any(w in places.unplaced_sounds for w in spelt):
            return []
        if not any(places.sounds_like(w) for w in spelt):
            unknown.append(f"{words[-1]} {match.group(2)}")
    aside = _ASIDE.sub("", _QUOTED.sub("", _LATIN_PLACE.sub("", text)))
    return unknown + _bare_places(aside, places)


_ASIDE = re.compile(r"\([^()]{1,80}\)")
"""Words in brackets tell what a place named holds ("Shengcheng subdistrict's urban renewal
(Dongguan and Xiguan areas)"): its neighbourhoods, not other places whose reports are asked."""


_CAPITALISED = re.compile(r"(?<![A-Za-z'])([A-Z][a-z]{0,3}\s+)?([A-Z][a-z]{4,})(?![A-Za-z'])")
"""A capitalised word of five letters or more, not part of a longer word (Yi'an, McDonald),
with the short capitalised word before it, if any: a surname (Xi Jinping) makes it a person's
given name."""


def _bare_places(text: str, places: PlaceTables) -> list[str]:
    """Prefectures and counties named in pinyin without their level ("did Shengzhou receive"),
    and towns of the reports' counties ("the Dongjingcheng judicial office"): words that are
    such a division's name in the gazetteer and no report's place, nor one letter off one
    (``text`` without quoted names: "Fengqing Yizhan" is 枫情驿站)."""
    found = []
    for before, word in _CAPITALISED.findall(text):
        spelt = word.lower()
        if before.strip() not in ("", *_NOT_NAMES):
            continue
        if spelt not in places.county_sounds and spelt not in places.town_sounds:
            continue
        if word in _NOT_NAMES or spelt in places.unplaced_sounds:
            continue
        if not places.sounds_like(spelt):
            found.append(word)
    return found


_ETHNIC_MARKS = frozenset(["Autonomous", "Ethnic", "Nationality", "Nationalities", "Minority"])
"""English words of 自治 and 民族 before the level of a division (民族乡: "Ethnic Township")."""


def _place_words(words: list[str]) -> list[str]:
    """The words naming the place: "Gongcheng" of "Gongcheng Yao Autonomous (County)" and
    "Wantian" of "Wantian Yao Ethnic (Township)" (民族乡); an ethnic group's name before
    "Autonomous" or "Ethnic", or right before the level ("Sungezhuang Manchu (Township)"), is no
    place."""
    marked = bool(words) and words[-1] in _ETHNIC_MARKS
    while words and words[-1] in _ETHNIC_MARKS:
        words = words[:-1]
    while len(words) > (0 if marked else 1) and words[-1].lower() in ethnic_english():
        words = words[:-1]
    return words


def subject_place(text: str) -> str | None:
    """The place the question opens with as its subject ("兰陵县2023年全县…"), if any."""
    match = _SUBJECT.match(text)
    if match is None or _GENERIC_PLACE.search(match.group(1)):
        return None
    return match.group(1)


def unreported_subject(
    text: str, doc_ids: Sequence[str], parent_only: bool, places: PlaceTables
) -> Notice | None:
    """Why the place the question is about has no report: none is from it, or it is a region
    above the reports' own places and the question asks its figures or its whole ("兰陵县…一共
    多少", "全县"): a county's figures are not its town's. What a region did may be what one of
    its towns did ("番禺区开展了哪些普法活动" is answered from 南村镇's report)."""
    if doc_ids and not parent_only:
        return None
    subject = subject_place(text)
    if subject is None or places.one_off(subject, places.own):
        return None
    within = sorted({places.region_of[d] for d in doc_ids if places.region_of.get(d)})
    if not within:
        return Notice.of("unknown_place", places=subject)
    if asks_amount(text) or _WHOLE.search(text):
        return Notice.of("region_as_a_whole", within="、".join(within), subject=subject)
    return None
