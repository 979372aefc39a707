"""Tables of the indexed reports' places, built once at load, for finding places in questions.

Every report contributes its region and the divisions above it (a province only by its full
name: 广东, 山东 name too much), each as written and by its stem (番禺区 → 番禺), in characters
and in pinyin. A question is then read by dictionary look-ups of its substrings: the work per
question does not grow with the number of reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from index.metadata.ethnic import autonomous_stem, short_forms
from index.metadata.gazetteer import Division, gazetteer
from index.models import Document
from index.store.lexical.tokenize import is_word, pos_tags
from qa.analyse.places.spellings import (
    MIN_LATIN,
    PROVINCE,
    county_sounds,
    letter_variants,
    pinyin,
    place_stem,
    readings,
    town_sounds,
)


def _suffix(place: str, stem: str) -> str:
    """The suffix its stem is written with: 区 of 溪湖区, 县 of 恭城瑶族自治县 (恭城县)."""
    if place.startswith(stem):
        tail = place[len(stem) :]
        return tail[-1] if autonomous_stem(place) and tail[-1] in "州县旗乡镇" else tail
    return ""


_NAMED_AFTER = re.compile(r"式|经验|模式|精神")
"""What follows a place's name in the name of a thing named after it (枫桥经验, 枫桥式司法所,
晋江经验): a way of working, spoken of far beyond the place."""


def _masks(name: str) -> list[str]:
    """``name`` with each character of its stem masked (车?镇, ?辋镇)."""
    return [name[:i] + "\x00" + name[i + 1 :] for i in range(len(name) - 1)]


def _word_starts(text: str) -> frozenset[int]:
    """Where the words of ``text`` begin: a short form (市中 of 市中区) that begins inside a
    word ("全市中小学": 全市 | 中小学) names no place."""
    starts, at = set(), 0
    for word, _ in pos_tags(text):
        starts.add(at)
        at += len(word)
    return frozenset(starts)


def _substrings(text: str, lengths: Iterable[int]) -> Iterable[tuple[int, str]]:
    for size in lengths:
        for start in range(len(text) - size + 1):
            yield start, text[start : start + size]


class PlaceTables:
    """The places of the indexed reports, as look-up tables."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.forms: dict[str, list[str]] = defaultdict(list)
        """A place as written (溪湖区, 溪湖) → the reports it names: doc id, or ``~id`` for a
        division above the report's region."""
        self.sounds: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        """(pinyin of a stem, suffix) → (stem, key): places typed by sound (溪胡区)."""
        self.latin: dict[str, list[str]] = defaultdict(list)
        self.latin_place: dict[tuple[str, str], str] = {}
        """(pinyin, key) → the place that reading names for that key (临桂区 or 临桂镇)."""
        self.suffix_of: dict[tuple[str, str], str] = {}
        self.full_of: dict[str, str] = {}
        """A form (番禺, 天津) → the division it names (番禺区, 天津市)."""
        self.region_of = {d.doc_id: d.meta.region for d in documents}
        self.own = frozenset(r for r in self.region_of.values() if r)
        self.known: set[str] = set()
        self.parents: set[str] = set()
        self.above: dict[str, set[str]] = defaultdict(set)
        """A report's place or parent → the divisions above it in the reports' chains."""
        self.unplaced: set[str] = set()
        """Regions of reports that name no division above them (花园街道, a name many
        divisions share): whatever parent a question gives them, it may be theirs."""
        for doc in documents:
            self._add(doc)
        self.form_lengths = sorted({len(f) for f in self.forms}, reverse=True)
        self.stem_lengths = sorted(
            {len(stem) for items in self.sounds.values() for stem, _ in items}
        )
        self.stems = frozenset(k[:-1] if len(k) > 2 else k for k in self.known)
        self._stem_lengths = sorted({len(stem) for stem in self.stems})
        self.known_sounds = frozenset(r for k in self.known for r in readings(place_stem(k)))
        self.unplaced_sounds = frozenset(r for k in self.unplaced for r in readings(place_stem(k)))
        self.county_sounds = county_sounds()  # the gazetteer's, built once per process
        self.town_sounds = town_sounds(self.known) - self.known_sounds
        """The pinyin of the towns under the reports' counties that no report is from."""
        self._masked: dict[str, set[str]] = defaultdict(set)
        for name in self.known:
            for mask in _masks(name):
                self._masked[mask].add(name)

    def _add(self, doc: Document) -> None:
        meta = doc.meta
        chain = [p for p in (*meta.parents, meta.parent_region) if p and p != meta.region]
        self.known.update({meta.region, *chain} - {""})
        self.parents.update(chain)
        full = [p for p in (*meta.parents, meta.region) if p]
        if meta.region and not chain:
            self.unplaced.add(meta.region)
        for depth, place in enumerate(full):
            self.above[place].update(full[:depth])
        named = [(meta.region, doc.doc_id)] if meta.region else []
        named += [(p, "~" + doc.doc_id) for p in dict.fromkeys(chain) if not PROVINCE.search(p)]
        for province in (p for p in dict.fromkeys(chain) if PROVINCE.search(p)):
            self._add_province(province, "~" + doc.doc_id)
        # a province's own report (浙江省市场监督管理局), also by the province's pinyin: Zhejiang
        if PROVINCE.search(meta.region):
            self._add_province(meta.region, doc.doc_id)
        for place, key in named:
            stem = place_stem(place)
            forms = {place, *short_forms(place), stem} if len(stem) >= 2 else {place}
            for form in forms:
                self.full_of.setdefault(form, place)
                self._add_form(form, key)
            sound = pinyin(stem)
            # a name of two characters is read whole too: 铺镇 as Puzhen ("Puzhen town")
            for reading in (*readings(stem), *(readings(place) if len(stem) < 2 else ())):
                self.latin[reading].append(key)
                self.latin_place[(reading, key)] = place
                self.full_of.setdefault(reading, place)
            if len(stem) >= 2:
                self.sounds[(sound, _suffix(place, stem))].append((stem, key))
                self.suffix_of[(stem, key)] = _suffix(place, stem)

    def _add_form(self, form: str, key: str) -> None:
        """``key`` under ``form``, once. A key is one report's (its id, or ``~id`` for the
        divisions above it) and reports are added one after another, so a repeat can only be
        among the last two entries: a province every report names is not searched through
        its whole list per report (quadratic in the reports)."""
        keys = self.forms[form]
        if key not in keys[-2:]:
            keys.append(key)

    def _add_province(self, province: str, key: str) -> None:
        """A province by its full name only (江西省; 江西 alone names too much: 江西话) or a short
        form of three characters (内蒙古), and in pinyin (Jiangxi, Guangxi)."""
        for form in (province, *(f for f in short_forms(province) if len(f) >= 3)):
            self._add_form(form, key)
            self.full_of.setdefault(form, province)
        stem = autonomous_stem(province) or PROVINCE.sub("", province)
        for reading in readings(stem):
            self.latin[reading].append(key)
            self.full_of.setdefault(reading, province)

    def written(self, text: str) -> list[tuple[str, str]]:
        """``(form, key)`` of every place form that occurs in ``text``."""
        named = [
            (at, form)
            for at, form in _substrings(text, self.form_lengths)
            if form in self.forms and not _NAMED_AFTER.match(text, at + len(form))
        ]
        # a form of two characters counts where a word begins; the text's first character
        # always begins one, so tagging (~2-4 ms) is left out unless a short form occurs only
        # further in
        sure = {form for at, form in named if len(form) > 2 or at == 0}
        unsure = {form for at, form in named if len(form) <= 2 and at > 0} - sure
        starts = _word_starts(text) if unsure else frozenset()
        found = sure | {form for at, form in named if form in unsure and at in starts}
        return [(form, key) for form in sorted(found) for key in self.forms[form]]

    def by_sound(self, text: str, suffix_at: Iterable[tuple[int, str]]) -> list[tuple[str, str]]:
        """Places written with other characters of the same sound before the same suffix
        (溪胡区, 岔和镇: typed by pinyin), unless that spelling is a word of its own."""
        found = []
        for cut, suffix in suffix_at:
            for size in self.stem_lengths:
                stem = text[max(cut - size, 0) : cut]
                if len(stem) != size or not re.match(r"[\u3400-\u9fff]", stem):
                    continue
                for own_stem, key in self.sounds.get((pinyin(stem), suffix), ()):
                    if len(own_stem) == size and not (is_word(stem) or is_word(stem + suffix)):
                        found.append((stem + suffix, key))
        return found

    def sounds_like(self, spelt: str) -> bool:
        """Whether ``spelt`` is the pinyin of a report's place, or one letter off one
        (``one_letter_off``), by looking up its spellings one letter off: no loop over the
        reports' places."""
        if spelt in self.known_sounds:
            return True
        variants = (v for v in letter_variants(spelt) if len(v) >= MIN_LATIN)
        return any(v in self.known_sounds for v in variants)

    def by_latin(self, grams: set[str], names: set[str]) -> list[tuple[str, str]]:
        """Places spelt in pinyin (a run of words of the question) or one letter off (a
        capitalised name that is no place's own spelling: Chawang for Chewang)."""
        found = [(g, key) for g in grams if len(g) >= 4 for key in self.latin.get(g, ())]
        for name in (n for n in names if n not in self.latin):  # Tongcheng is not Kongcheng
            for variant in letter_variants(name):
                if len(variant) >= MIN_LATIN and variant != name:
                    found += [(variant, key) for key in self.latin.get(variant, ())]
        return found

    def of_level(
        self, found: list[tuple[str, str]], levels: dict[str, str]
    ) -> list[tuple[str, str]]:
        """Of places found by their pinyin, those of the level an English word after the name
        gives (``levels``: pinyin → 区, 镇 …: "Lingui District" is 临桂区, "Lingui town" 临桂镇,
        the district's seat of the same name), unless none of a name's is of it."""
        kept = []
        for gram, key in found:
            level = levels.get(gram, "")
            fits = [k for g, k in found if g == gram and self._of_level(g, k, level)]
            if not level or not fits or self._of_level(gram, key, level):
                kept.append((gram, key))
        return kept

    def _of_level(self, gram: str, key: str, level: str) -> bool:
        place = self.latin_place.get((gram, key), "")
        return bool(place) and place[-1] in level

    def one_off(self, written: str, names: Iterable[str] | None = None) -> bool:
        """``written`` is a known place (or one of ``names``) with one character of its stem
        changed, and no place of its own (西湖区 is one character off 溪湖区, and another
        district)."""
        pool = self.known if names is None else set(names)
        near = {n for mask in _masks(written) for n in self._masked.get(mask, ())} & pool
        near -= {written}
        if len(written) < 3 or not near:
            return False
        divisions = gazetteer().divisions(written)
        if self._sibling(divisions, near):
            return False
        sound = readings(place_stem(written))
        same = any(readings(place_stem(n)) & sound for n in near)
        division = bool(divisions)
        if division and not same:  # a division that sounds otherwise (淑村镇 for 南村镇): its own
            return False
        # a word of the dictionary is a place of its own (西湖区), unless it sounds the same and
        # no division of the gazetteer has that name (桃园县 typed for 桃源县: táoyuán either way)
        return not is_word(written) or (same and not division)

    def _sibling(self, divisions: Iterable[Division], near: Iterable[str]) -> bool:
        """Whether a name's ``divisions`` in the gazetteer include one beside a known place
        (热市镇 and 陬市镇, both towns of 桃源县): a neighbour of its own, not a slip."""
        parents = {d.parents[-1] for d in divisions if d.parents}
        return any(parents & self.above.get(n, set()) for n in near)

    def stem_across(self, text: str, at: int) -> bool:
        """Whether a known place's stem written in ``text`` runs across position ``at``: a
        name spotted from there (金乡镇 in 瑞金乡镇: 瑞金's towns) begins inside a report's
        place."""
        return any(
            text[start : start + length] in self.stems
            for length in self._stem_lengths
            for start in range(max(0, at - length + 1), at)
        )

    def has_stem_in(self, place: str) -> bool:
        """Whether a known place's stem occurs in ``place``."""
        return any(sub in self.stems for _, sub in _substrings(place, self._stem_lengths))
