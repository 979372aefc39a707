"""Query understanding: normalise the text and find the places and years it names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.metadata.gazetteer import gazetteer
from index.models import Document
from index.store.folder.reports import title_words
from index.store.lexical.tokenize import bm25_tokens, fold, stop_words, tokenize
from qa.analyse.intent.asks import asks_about_header as asks_about_header  # re-exported
from qa.analyse.intent.asks import asks_day, asks_village, named_kinds
from qa.analyse.intent.counters import COUNTERS
from qa.analyse.intent.report_years import (
    of_report_years,
    of_year_asked,
    report_years,
    unasked_years,
)
from qa.analyse.intent.sections import asked_sections, asking_words
from qa.analyse.places.bodies import (
    AskedBody,
    BodyTable,
    asked_bodies,
    english_bodies,
    field_bodies,
    of_body,
)
from qa.analyse.places.matches import (
    blank_places,
    innermost,
    kind_below,
    matched_reports,
    parents_only,
    within,
    written_forms,
)
from qa.analyse.places.places import (
    asks_which_report,
    english_levels,
    placed_elsewhere,
    unknown_places,
    unquoted,
    unreported_subject,
)
from qa.analyse.places.placetables import PlaceTables
from qa.analyse.places.spellings import one_letter_off as one_letter_off  # re-exported
from qa.analyse.places.spellings import pinyin as pinyin
from qa.analyse.places.spellings import place_stem as place_stem
from qa.analyse.places.spotting import written_divisions
from qa.analyse.queryinfo import QueryInfo as QueryInfo  # re-exported
from qa.analyse.wording.glossary import shipped_glossary
from qa.analyse.wording.normalise import normalise_query as normalise_query  # re-exported
from qa.analyse.wording.pinyin_words import PinyinWords, report_vocabulary
from qa.analyse.wording.spelling import SoundSpeller, expand_abbreviations
from qa.answer.statements.amounts import without_names

_YEAR = re.compile(r"(20\d\d)\s*(?:年|年度)?")
_SUFFIXES = "街道|镇|乡|区|县|市|州|旗|盟"
# 乡镇, 镇街, 区县 name divisions in general: 瑞金乡镇 is 瑞金's towns, not a 瑞金乡 (but 依安县市场
# is 依安县's market, 某镇村级 a town's villages)
_SUFFIX_START = re.compile(rf"(?!乡镇|镇街(?!道)|街镇|区县)(?:{_SUFFIXES})")
_SUFFIX_AHEAD = re.compile(rf"(?=({_SUFFIXES}))")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_LATIN = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


class QueryAnalyzer:
    """Knows the places of the indexed reports and finds them in queries."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.places = PlaceTables(documents)
        self.bodies = BodyTable(documents)
        """Each report's body and organs (寿光市司法局's: 司法局; a place's government's: none)."""
        self._year_of = {doc.doc_id: doc.meta.year for doc in documents}
        self._series_of = {
            d.doc_id: (d.meta.region, self.bodies.bodies[d.doc_id]) for d in documents
        }
        """Each report's series: its place and body, one report a year."""
        self._chain_of = {d.doc_id: frozenset(d.meta.parents) for d in documents}
        gazetteer()  # its tables at load, for the places questions name (``places.spotting``)
        self._documents = documents  # their texts are read only without ``_mentions``
        self._mentions = getattr(documents, "any_mentions", None)
        """From the postings (``qa.retrieve.mentions.ReportTexts``) rather than a scan of every
        text."""
        self._speller = SoundSpeller(documents)
        self._pinyin = PinyinWords(report_vocabulary(documents))
        titled = {w for doc in documents for w in title_words(doc)}  # stored at build
        self._generic = frozenset(titled | stop_words())
        self._generic_lengths = sorted({len(w) for w in self._generic}, reverse=True)
        """Title words (what every report is: 法治政府建设, 年度) and stop words, longest first:
        they pick out no part of a report."""

    def _latin_grams(self, text: str) -> set[str]:
        words = _LATIN.findall(fold(text))
        return {"".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words))}

    def _elsewhere(self, text: str, form: str, key: str) -> bool:
        """Whether every ``form`` (a stem: 溪湖) in ``text`` carries another suffix than its
        report's place (溪湖镇 is not 溪湖区: 彰化县溪湖镇 is another place)."""
        suffix = self.places.suffix_of.get((form, key), "")
        if not suffix:
            return False
        ahead = [text[m.end() :] for m in re.finditer(re.escape(form), text)]
        return all(_SUFFIX_START.match(a) and not a.startswith(suffix) for a in ahead)

    def _matches(self, text: str) -> list[tuple[str, str]]:
        """``(form as written, doc id)`` of every place name found; ``~id`` marks a parent."""
        named = unquoted(text)
        found = [
            (n, d)
            for n, d in self.places.written(text)
            if n in named and not self._elsewhere(text, n, d)
        ]
        capitalised = _CAPITALISED.findall(text)  # Chawang, Nan Cun: names
        names = {w.lower() for w in capitalised}
        names |= {(a + b).lower() for a, b in zip(capitalised, capitalised[1:], strict=False)}
        found += self.places.of_level(
            self.places.by_latin(self._latin_grams(text), names), english_levels(text)
        )
        suffixes = [(m.start(), m.group(1)) for m in _SUFFIX_AHEAD.finditer(text)]
        return found + self.places.by_sound(text, suffixes)

    def mentions(self, text: str) -> tuple[str, ...]:
        """The place names as written in ``text`` (a report's region or its parent), longest first.

        >>> analyzer.mentions("那番禺呢")   # doctest: +SKIP
        ('番禺',)
        """
        return written_forms(self._matches(text))

    def named_parents(self, text: str) -> tuple[str, ...]:
        """The divisions above reports' regions that ``text`` names (那天津呢 → 天津市)."""
        forms = [f for f, d in self._matches(text) if d.startswith("~")]
        full = [self.places.full_of.get(f, f) for f in forms]
        return tuple(dict.fromkeys(f for f in full if f in self.places.parents))

    def names_parent_only(self, text: str) -> bool:
        """True when the places named are parent regions only (番禺, not 南村镇)."""
        return parents_only(self._matches(text))

    def _pinning(self, words: Sequence[str]) -> list[str]:
        """The words that can pick out passages of a report: some report uses them, and they
        are more than title words and stop words (年度, 年度报告)."""
        return [w for w in words if len(w) > 1 and self.in_reports(w) and self._beyond_title(w)]

    def in_reports(self, word: str) -> bool:
        """Whether some report's text has ``word``."""
        if self._mentions is not None:
            return bool(self._mentions(word))
        return any(word in doc.text for doc in self._documents)

    def _writes_word(self, word: str) -> bool:
        """Whether some report writes ``word`` outside the names it quotes."""
        if self._mentions is not None:
            return bool(self._documents.writes_outside_names(word))  # type: ignore[attr-defined]
        return any(word in without_names(doc.text) for doc in self._documents)

    def _unknown_places(self, text: str) -> tuple[str, ...]:
        """Places named that no report is from; asked which report mentions them (哪份报告提到与
        中卫市建立合作), not those some report's text names: the report asked for is from
        somewhere else."""
        unknown = unknown_places(text, self.places)
        if asks_which_report(text):
            unknown = [p for p in unknown if not self.in_reports(p)]
        return tuple(unknown)

    def _generic_only(self, text: str) -> bool:
        """Whether ``text`` is title and stop words only (年度法治政府建设工作的)."""
        return not any(self._beyond_title(w) for w in tokenize(text.replace(" ", "")))

    def _beyond_title(self, word: str) -> bool:
        """Whether ``word`` is more than title and stop words: they are taken out of it,
        longest first, looked up by its own substrings (not a pass over every title word of
        every report per word)."""
        for size in self._generic_lengths:
            if size > len(word):
                continue
            parts = {word[i : i + size] for i in range(len(word) - size + 1)} & self._generic
            for part in sorted(parts):
                word = word.replace(part, "")
            if not word:
                return False
        return bool(word)

    def _ranked_first(
        self,
        text: str,
        sections: Sequence[str],
        doc_ids: tuple[str, ...],
        matches: Sequence[tuple[str, str]],
        ranking_years: Sequence[int],
    ) -> tuple[str, ...]:
        """The named reports ranked first (``QueryInfo.ranked_first``). A change from the year
        before (比上一年多了多少) asks that year too; plans are read in the year before's."""
        first = innermost(text, doc_ids, matches, self._chain_of)
        if "plans" not in sections:
            years = list(ranking_years)
            if _PREVIOUS_YEAR.search(text):
                years += [y - 1 for y in years]
            first = of_year_asked(first, years, self._series_of, self._year_of)
        return first if first != doc_ids else ()

    def _asked(
        self,
        text: str,
        matches: Sequence[tuple[str, str]],
        doc_ids: tuple[str, ...],
        parent_only: bool,
    ) -> tuple[AskedBody, tuple[str, ...], bool, tuple[str, ...]]:
        """The body the question names, the reports it asks about, whether only parents are
        named, and the reports ranked first among them: the towns of a place asked which town
        (寿光哪个镇…; the place's own reports stay searchable: they tell of its towns too),
        unless a department of the place is named (渝北区司法局在哪个镇…: the bureau's report
        tells where it acted); a village asked (哪个村) or a report (哪份报告提到…): the reports
        of the place and of every place below it."""
        readings = asked_bodies(text, written_forms(matches))
        if not readings and matches and not _CJK.search(text):
            readings = english_bodies(text)
        asked = self.bodies.resolve(readings, doc_ids)
        if not readings:  # 乐山公安: a field alone names its bureau if the place has its report
            asked = (
                self.bodies.reported(field_bodies(text, written_forms(matches)), doc_ids) or asked
            )
        below = kind_below(matches, named_kinds(text), self.places.region_of)
        if below and not (asked.name and asked.written):
            matched = {d for _, d in matches}  # a place's own reports, not those below it
            own = tuple(d for d in doc_ids if d not in below and d in matched)
            return self.bodies.resolve(readings, below), (*below, *own), False, below
        if (asks_village(text) or asks_which_report(text)) and not asked.name:
            return asked, within(matches), parent_only, ()
        return asked, doc_ids, parent_only, ()

    def analyze(self, query: str) -> QueryInfo:
        typed = self._pinyin.rewrite(normalise_query(query))
        corrected = self._speller.correct(typed)
        text, expanded = expand_abbreviations(corrected, self.in_reports, self._writes_word)
        phrases = shipped_glossary().phrases(text)
        bridged = tuple(dict.fromkeys(t for terms in phrases for t in terms))
        terms = " ".join(bridged)
        words = tokenize(text)
        if bridged:  # English words never occur in a Chinese report; their glossary terms do
            # each phrase once, by its first term (BM25 below still gets all of them)
            first = " ".join(dict.fromkeys(terms[0] for terms in phrases))
            words = [w for w in words if not _LATIN.fullmatch(w)] + tokenize(first)
        sections = asked_sections(f"{text} {terms}")
        away = placed_elsewhere(text, self.places)
        matches = [m for m in self._matches(text) if self.places.region_of.get(m[1]) not in away]
        divisions = written_divisions(text)
        topic = topic_words(text, words, [*written_forms(matches), *divisions])
        pinning = self._pinning(topic)
        beyond = [w for w in topic if len(w) > 1 and self._beyond_title(w)]
        doc_ids, parent_only = matched_reports(matches), parents_only(matches)
        bare = blank_places(text, matches)
        asked, doc_ids, parent_only, towns = self._asked(text, matches, doc_ids, parent_only)
        place_ids = doc_ids
        doc_ids = of_body(doc_ids, asked.name, self.bodies.bodies)
        named_years = report_years(blank_places(text, matches), self._generic_only)
        doc_ids = of_report_years(doc_ids, named_years, self._year_of)
        years = tuple(sorted({int(y) for y in _YEAR.findall(text)}))
        unasked = unasked_years(text)
        ranking = [y for y in years if y not in unasked]
        return QueryInfo(
            original=query,
            text=text,
            tokens=tuple(words),
            lexical=tuple(bm25_tokens(bare) + bm25_tokens(terms)),
            doc_ids=doc_ids,
            ranked_first=self._ranked_first(text, sections, towns or doc_ids, matches, ranking)
            or towns,
            places=written_forms(matches),
            expanded=tuple(expanded),
            years=years,
            unasked_years=unasked,
            chinese=bool(_CJK.search(text)),
            bridged=bridged,
            parent_only=parent_only,
            sections=sections,
            sections_only=bool(sections) and not pinning,
            place_only=bool(matches)
            and not (sections or bridged or beyond or _LATIN.search(fold(bare))),
            unknown_places=self._unknown_places(text),
            unreported=unreported_subject(text, doc_ids, parent_only, self.places),
            divisions=divisions,
            generic=tuple(w for w in dict.fromkeys(words) if not self._beyond_title(w)),
            report_years=named_years,
            date_asked=asks_day(text),
            organ=asked.name,
            organ_written=asked.written,
            place_doc_ids=place_ids,
            organ_unreported=asked.notice(doc_ids, self.places.region_of),
        )


_PREVIOUS_YEAR = re.compile(r"上一?年|去年|前一年|同比|较上年")


def topic_words(text: str, words: Sequence[str], places: Sequence[str]) -> list[str]:
    """The words left when places, numbers, counters ("多少件": the measure, not the topic) and
    the words asking for a part are taken out."""
    aside = [*places, *asking_words(text)]
    return [
        w for w in words if not w.isdigit() and w not in COUNTERS and not any(w in a for a in aside)
    ]
