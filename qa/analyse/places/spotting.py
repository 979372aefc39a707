"""The places a question names, found in the gazetteer whether or not a report is from them.

A question is read by dictionary look-ups of its substrings in the gazetteer's tables (built once
per process, ``index.metadata.gazetteer``): the work per question grows with its length, not
with the number of reports or divisions. A name is resolved to its divisions; a parent named
anywhere in the question (广州白云区, 广州市白云区, 如东县岔河镇) narrows a name several divisions
share, and is then a qualifier, not a place of its own; without one, the name stays ambiguous
(白云区: 广州 or 贵阳). A department (巫山县司法局) names its county. Names that are also
ordinary words (新城区建设, 开发区, 城关镇; ``ORDINARY``) count only with a parent named, and
two-character ones (城区, 矿区, 郊区) only right after their parent (阳泉市矿区), but counties
and cities that stand as a word (洋县, 沛县, 芒市).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from index.metadata.gazetteer import ORDINARY, Division, Gazetteer, gazetteer
from index.store.lexical.tokenize import dictionary_cut, is_word


@dataclass(frozen=True)
class NamedPlace:
    """A place a question names: as written, and the divisions it may be."""

    written: str
    name: str
    divisions: tuple[Division, ...]
    start: int = 0
    end: int = 0
    by_parent: bool = False
    """A parent named in the question chose ``divisions`` among those of its name."""

    @property
    def ambiguous(self) -> bool:
        return len(self.divisions) > 1

    @property
    def parents(self) -> tuple[str, ...]:
        """The divisions above it that all its candidates share, outermost first."""
        shared: list[str] = []
        for names in zip(*(d.parents for d in self.divisions), strict=False):
            if len(set(names)) > 1:
                break
            shared.append(names[0])
        return tuple(shared)


def _named(gaz: Gazetteer, parent: str, text: str, own: str) -> bool:
    """Whether ``text`` names ``parent``: in full, or by its short name unless that is the
    place's own (双塔 of 双塔街道 and of 双塔区: "双塔街道双塔调解室" names no 双塔区)."""
    short = gaz.short_of(parent)
    return parent in text or (len(short) >= 2 and short != own and short in text)


def _narrowed(gaz: Gazetteer, divisions: tuple[Division, ...], text: str) -> tuple[Division, ...]:
    """The divisions with the most of their parents named in ``text`` (all, if none is)."""
    scored = [(sum(_named(gaz, p, text, d.short) for p in d.parents), d) for d in divisions]
    best = max(score for score, _ in scored)
    return tuple(d for score, d in scored if score == best) if best else ()


@lru_cache(maxsize=1024)
def spot_places(text: str) -> tuple[NamedPlace, ...]:
    """The places ``text`` names, in order; qualifiers (a parent right before or elsewhere
    narrowing another place) left out. Remembered: a question's analysis asks for them three
    times (places no report is from, placed elsewhere, places that are not its topic)."""
    gaz = gazetteer()
    found: list[NamedPlace] = []
    for start, end, key in gaz.find_names(text):
        divisions = gaz.by_name[key]
        name = divisions[0].name
        # a parent is named outside the name itself: 双塔 of 双塔街道 does not name 双塔区
        around = text[:start] + "\x00" * (end - start) + text[end:]
        narrowed = _narrowed(gaz, divisions, around)
        qualified = key != name  # 阳泉市矿区: its parent is part of the key
        alone = _county_word(text, start, end, name)
        if (ORDINARY.match(name) or len(name) == 2) and not (narrowed or qualified or alone):
            continue
        chosen = narrowed or divisions
        found.append(NamedPlace(key, name, chosen, start, end, qualified or bool(narrowed)))
    return tuple(p for p in found if not _qualifier(p, found))


_FUNCTION_CHARS = frozenset("和与及或跟同向对为在从到把被")
"""Characters that open a two-character county name only as a word of their own (市和县两级)."""


def _county_word(text: str, start: int, end: int, name: str) -> bool:
    """Whether a two-character county or city name (洋县, 沛县, 芒市) stands as a word of its own
    in ``text``, not inside others (振兴县域, 新县城) nor after a conjunction (市和县)."""
    if len(name) != 2 or name[-1] not in "县市" or name[0] in _FUNCTION_CHARS:
        return False
    word = _word_at(text, start)
    return word is not None and len(word) == end - start


def _word_at(text: str, at: int) -> str | None:
    """The word of ``text`` (cut by the dictionary) that starts at ``at``, if one does."""
    position = 0
    for word in dictionary_cut(text):
        if position == at:
            return word
        position += len(word)
        if position > at:
            return None
    return None


def _qualifier(place: NamedPlace, found: list[NamedPlace]) -> bool:
    """Whether ``place`` is named as the parent of another place found (广州市 in 广州市白云区)."""
    return any(place.name in d.parents for o in found if o is not place for d in o.divisions)


def written_divisions(text: str) -> tuple[str, ...]:
    """Every division ``text`` names, the parents that narrow a place included, as written
    (新乡市牧野区花园街道 → 花园街道, 牧野区, 新乡市; 新乡 for 新乡市)."""
    gaz = gazetteer()
    names: list[str] = []
    for place in spot_places(text):
        names.append(place.written)
        for parent in {p for d in place.divisions for p in d.parents}:
            short = gaz.short_of(parent)
            names += [n for n in (parent, short) if len(n) >= 2 and n in text]
    return tuple(dict.fromkeys(names))


def reads_on(text: str, place: NamedPlace) -> bool:
    """Whether the place's last character opens a word of ``text`` that runs past it, the rest
    no word of its own: 安平乡 of 安平乡贤调解团 (乡贤), 晋江市 of 晋江市场 (市场) read as ordinary
    words, while 镇 of 洛碛镇政府 opens 政府 (a word) and names the town."""
    word = _word_at(text, place.end - 1)
    if word is None or len(word) == 1:
        return False
    rest = word[1:]
    return not (len(rest) > 1 and is_word(rest))


def names_division(text: str, endings: tuple[str, ...]) -> bool:
    """Whether ``text`` names a division whose name ends in one of ``endings`` (街道: 都亭街道)."""
    return any(key.endswith(endings) for _, _, key in gazetteer().find_names(text))
