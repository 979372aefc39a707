"""Query understanding: normalise the text and find the places and years it names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from index.models import Document
from index.tokenize import bm25_tokens, fold, is_word, stop_words, tokenize
from qa.amounts import COUNTERS
from qa.glossary import shipped_glossary
from qa.sections import asked_sections, asking_words
from qa.spelling import SoundSpeller, expand_abbreviations

_YEAR = re.compile(r"(20\d\d)\s*(?:年|年度)?")
_SUFFIXES = "街道|镇|乡|区|县|市"
_SUFFIX = re.compile(rf"(?:{_SUFFIXES})$")
_SUFFIX_START = re.compile(rf"(?:{_SUFFIXES})")
_SUFFIX_AHEAD = re.compile(rf"(?=({_SUFFIXES}))")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_LATIN = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def _to_simplified(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))


def normalise_query(text: str) -> str:
    """Traditional characters to simplified and full-width forms folded; meaning unchanged."""
    return _to_simplified(text.strip())


def place_stem(name: str) -> str:
    """A place name without its administrative suffix: 溪湖区 → 溪湖."""
    return _SUFFIX.sub("", name)


def one_letter_off(known: str, written: str) -> bool:
    """``written`` is ``known`` (a pinyin name of six letters or more) with one letter
    changed, added or dropped: "Chawang" for Chewang."""
    if len(known) < 6 or abs(len(known) - len(written)) > 1 or known == written:
        return False
    if len(known) == len(written):
        return sum(a != b for a, b in zip(known, written, strict=True)) == 1
    short, long = sorted((known, written), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def pinyin(name: str) -> str:
    """Toneless pinyin of a name, e.g. 溪湖 → xihu."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


@dataclass(frozen=True)
class QueryInfo:
    """A query as the retrievers see it."""

    original: str
    text: str
    tokens: tuple[str, ...]
    """Words (jieba search mode): for highlights, answers and no-answer signals."""
    lexical: tuple[str, ...]
    """What BM25 matches: the words and the character pairs."""
    doc_ids: tuple[str, ...]
    """Documents whose region the query names."""
    years: tuple[int, ...]
    chinese: bool
    places: tuple[str, ...] = ()
    """The regions of ``doc_ids`` as the query writes them (溪胡区, 番禺), longest first."""
    bridged: tuple[str, ...] = ()
    """The reports' terms the question's English phrases stand for (shipped glossary)."""
    parent_only: bool = False
    """The places named are parent regions only (番禺): ``doc_ids`` are all their reports."""
    sections: tuple[str, ...] = ()
    """The parts of a report it asks for ("shortcomings", "plans"; ``qa.sections``)."""
    sections_only: bool = False
    """It asks for those parts and nothing more ("南村镇下一步有什么打算？")."""
    expanded: tuple[str, ...] = ()
    """Terms its short forms were spelt out to (法援 → 法律援助; ``qa.spelling``)."""
    place_only: bool = False
    """It names a report's place and nothing more ("溪湖区", "溪湖区2023年的报告")."""

    @property
    def has_report_words(self) -> bool:
        """Whether its words can occur in the (Chinese) reports: it has Chinese, or glossary terms.

        Without them (English the glossary cannot bridge) only meaning relates it to a report.
        """
        return self.chinese or bool(self.bridged)


class QueryAnalyzer:
    """Knows the places of the indexed reports and finds them in queries."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._names: list[tuple[str, str]] = []
        self._latin: list[tuple[str, str]] = []
        self._sounds: list[tuple[str, str, str, str]] = []
        """(stem, its pinyin, suffix, doc id) of each place, to find it spelt by sound."""
        self._texts = [doc.text for doc in documents]
        self._mentions = getattr(documents, "any_mentions", None)
        """From the postings (``qa.mentions.ReportTexts``) rather than a scan of every text."""
        self._speller = SoundSpeller(documents)
        title_words = {w for doc in documents for w in tokenize(doc.meta.title)}
        self._generic = sorted(title_words | stop_words(), key=len, reverse=True)
        """Title words (what every report is: 法治政府建设, 年度) and stop words, longest first:
        they pick out no part of a report."""
        for doc in documents:
            for place in {doc.meta.region, doc.meta.parent_region} - {""}:
                doc_id = doc.doc_id if place == doc.meta.region else "~" + doc.doc_id
                stem = place_stem(place)
                sound = pinyin(stem)
                for form in {place, stem} if len(stem) >= 2 else {place}:
                    self._names.append((form, doc_id))
                self._latin.append((sound, doc_id))
                if len(stem) >= 2:
                    self._sounds.append((stem, sound, place[len(stem) :], doc_id))
        self._suffix_of = {(stem, d): suffix for stem, _, suffix, d in self._sounds}
        """The suffix of each stem's place (溪湖 → 区), to tell 溪湖镇 from 溪湖区."""

    def _latin_grams(self, text: str) -> set[str]:
        words = _LATIN.findall(fold(text))
        return {"".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))}

    def _homophones(self, text: str) -> list[tuple[str, str]]:
        """Places written with other characters of the same sound and the same suffix (溪胡区,
        岔和镇: typed by pinyin), unless the written name is a word of its own (西湖区 is
        another place)."""
        found = []
        for suffix in _SUFFIX_AHEAD.finditer(text):
            cut = suffix.start()
            for own_stem, sound, own_suffix, doc_id in self._sounds:
                stem = text[max(cut - len(own_stem), 0) : cut]
                if (
                    suffix.group(1) == own_suffix
                    and len(stem) == len(own_stem)
                    and _CJK.fullmatch(stem[0])
                    and pinyin(stem) == sound
                    and not (is_word(stem) or is_word(stem + own_suffix))
                ):
                    found.append((stem + own_suffix, doc_id))
        return found

    def _elsewhere(self, text: str, form: str, doc_id: str) -> bool:
        """Whether every ``form`` (a stem: 溪湖) in ``text`` carries another suffix than its
        report's place (溪湖镇 is not 溪湖区: 彰化县溪湖镇 is another place)."""
        suffix = self._suffix_of.get((form, doc_id), "")
        if not suffix:
            return False
        ahead = [text[m.end() :] for m in re.finditer(re.escape(form), text)]
        return all(_SUFFIX_START.match(a) and not a.startswith(suffix) for a in ahead)

    def _matches(self, text: str) -> list[tuple[str, str]]:
        """``(form as written, doc id)`` of every place name found; ``~id`` marks a parent."""
        grams = self._latin_grams(text)
        found = [(n, d) for n, d in self._names if n in text and not self._elsewhere(text, n, d)]
        capitalised = _CAPITALISED.findall(text)  # Chawang, Nan Cun: names
        names = {w.lower() for w in capitalised}
        names |= {(a + b).lower() for a, b in zip(capitalised, capitalised[1:], strict=False)}
        found += [
            (name, d)
            for name, d in self._latin
            if len(name) >= 4 and (name in grams or any(one_letter_off(name, g) for g in names))
        ]
        return found + self._homophones(text)

    def mentions(self, text: str) -> tuple[str, ...]:
        """The place names as written in ``text`` (a report's region or its parent), longest first.

        >>> analyzer.mentions("那番禺呢")   # doctest: +SKIP
        ('番禺',)
        """
        return _forms(self._matches(text))

    def names_parent_only(self, text: str) -> bool:
        """True when the places named are parent regions only (番禺, not 南村镇)."""
        return _parent_only(self._matches(text))

    def _pinning(self, words: Sequence[str]) -> list[str]:
        """The words that can pick out passages of a report: some report uses them, and they
        are more than title words and stop words (年度, 年度报告)."""
        return [w for w in words if len(w) > 1 and self.in_reports(w) and self._beyond_title(w)]

    def in_reports(self, word: str) -> bool:
        """Whether some report's text has ``word``."""
        if self._mentions is not None:
            return bool(self._mentions(word))
        return any(word in t for t in self._texts)

    def _beyond_title(self, word: str) -> bool:
        for part in self._generic:
            word = word.replace(part, "")
        return bool(word)

    def analyze(self, query: str) -> QueryInfo:
        text, expanded = expand_abbreviations(
            self._speller.correct(normalise_query(query)), self.in_reports
        )
        phrases = shipped_glossary().phrases(text)
        bridged = tuple(dict.fromkeys(t for terms in phrases for t in terms))
        terms = " ".join(bridged)
        words = tokenize(text)
        if bridged:  # English words never occur in a Chinese report; their glossary terms do
            # each phrase once, by its first term (BM25 below still gets all of them)
            first = " ".join(dict.fromkeys(terms[0] for terms in phrases))
            words = [w for w in words if not _LATIN.fullmatch(w)] + tokenize(first)
        sections = asked_sections(f"{text} {terms}")
        matches = self._matches(text)
        topic = topic_words(text, words, _forms(matches))
        pinning = self._pinning(topic)
        beyond = [w for w in topic if len(w) > 1 and self._beyond_title(w)]
        return QueryInfo(
            original=query,
            text=text,
            tokens=tuple(words),
            lexical=tuple(bm25_tokens(_without(text, matches)) + bm25_tokens(terms)),
            doc_ids=_places(matches),
            places=_forms(matches),
            expanded=tuple(expanded),
            years=tuple(sorted({int(y) for y in _YEAR.findall(text)})),
            chinese=bool(_CJK.search(text)),
            bridged=bridged,
            parent_only=_parent_only(matches),
            sections=sections,
            sections_only=bool(sections) and not pinning,
            place_only=bool(matches)
            and not (sections or bridged or beyond or _LATIN.search(fold(_without(text, matches)))),
        )


def _without(text: str, matches: Sequence[tuple[str, str]]) -> str:
    """``text`` with the places found blanked out: the place boost already prefers their
    reports, and as words they would rank a report's shortest lines, its sender's name
    ("如东县岔河镇人民政府"), above what the question asks."""
    for form in _forms(matches):
        text = text.replace(form, " ")
    return text


def _places(matches: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The documents of the places matched; only a parent region named (番禺, 天津): all its
    reports."""
    own = [d for _, d in matches if not d.startswith("~")]
    return tuple(dict.fromkeys(own or [d[1:] for _, d in matches]))


def _parent_only(matches: Sequence[tuple[str, str]]) -> bool:
    return bool(matches) and all(d.startswith("~") for _, d in matches)


def _forms(matches: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The place names as written, longest first."""
    return tuple(sorted({name for name, _ in matches}, key=lambda f: (-len(f), f)))


def topic_words(text: str, words: Sequence[str], places: Sequence[str]) -> list[str]:
    """The words left when places, numbers, counters ("多少件": the measure, not the topic) and
    the words asking for a part are taken out."""
    aside = [*places, *asking_words(text)]
    return [
        w for w in words if not w.isdigit() and w not in COUNTERS and not any(w in a for a in aside)
    ]
