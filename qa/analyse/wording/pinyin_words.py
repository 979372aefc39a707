"""Questions typed in pinyin: "xingzheng fuyi anjian duoshao jian" for 行政复议案件多少件.

A user without a Chinese input method writes the sounds. Each Latin word of such a question that
is the toneless pinyin of a word the reports use (their BM25 vocabulary, 2–4 characters) is read
as that word; a one-syllable word only as a counter (jian → 件, ren → 人, nian → 年), which is all
a single syllable can be told apart as. The table is built once at load; a question is rewritten
only when at least half of its Latin words are read, so an English question keeping a place's
pinyin ("xinshi town dispute mediation") stays English. In a Chinese question, a run of Latin
letters is read when all of it spells words of the reports ("2022年fa lv yuan zhu案件" →
法律援助案件), so an English term in it (ODR, APP) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from index.models import Document
from index.store.lexical.tokenize import is_word, tokenize, word_frequency
from qa.analyse.intent.counters import COUNTERS

_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_ONLY = re.compile(r"[^\u3400-\u9fff]*")
_LATIN_RUN = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+)*")
_SINGLE = (*sorted(COUNTERS), "年", "月", "日", "局", "几", "有")
"""What one syllable is read as: counters, the parts of a date and the few words a question
typed in pinyin uses a lone syllable for (…局, 几, 有)."""
_ASKING = ("多少", "哪些", "什么", "哪个")
"""Words of asking, which the reports seldom write."""
MIN_SHARE = 0.5


def _sound(word: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word)).replace("ü", "v")


class PinyinWords:
    """The reports' words by their toneless pinyin (xingzheng → 行政)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        best: dict[str, tuple[int, str]] = {}
        for word in vocabulary:
            if not _HAN_WORD.fullmatch(word) or not is_word(word):
                continue  # character pairs across words (政复) are no word a user types
            sound, weight = _sound(word), word_frequency(word)
            if sound not in best or (weight, word) > best[sound]:
                best[sound] = (weight, word)  # a shared sound: the commoner word
        self._words = {_sound(w): w for w in _ASKING} | {s: w for s, (_, w) in best.items()}
        self._longest = max(map(len, self._words), default=0)
        self._single: dict[str, str] = {}
        for word in _SINGLE:  # the first of a shared sound: 件 before 建
            if len(word) == 1:
                self._single.setdefault(_sound(word), word)

    def word(self, latin: str) -> str | None:
        """The reports' word ``latin`` is the pinyin of, if any."""
        key = latin.lower()
        return self._words.get(key) or self._single.get(key)

    def rewrite(self, text: str) -> str:
        """``text`` with its pinyin words written in Chinese, when it is written in Latin
        letters (and digits) only and at least half of its Latin words are read; else as it
        is."""
        if not _LATIN_ONLY.fullmatch(text):
            return _LATIN_RUN.sub(lambda m: self.spelt(m.group()) or m.group(), text)
        latin = _LATIN_WORD.findall(text)
        read = [w for w in latin if self.word(w)]
        if not latin or len(read) < MIN_SHARE * len(latin):
            return text
        return _LATIN_WORD.sub(lambda m: self.word(m.group()) or m.group(), text)

    def spelt(self, run: str) -> str | None:
        """The reports' words a run of pinyin spells, read longest first ("fa lv ming bai
        ren" → 法律明白人), when all of it is read as words of two characters or more."""
        letters, words, at = "".join(run.split()).lower(), [], 0
        while at < len(letters):
            ends = range(min(len(letters), at + self._longest), at, -1)
            end = next((e for e in ends if letters[at:e] in self._words), None)
            if end is None:
                return None
            words.append(self._words[letters[at:end]])
            at = end
        return "".join(words)


def report_vocabulary(documents: Sequence[Document]) -> Iterable[str]:
    """The words BM25 knows of the reports (``qa.retrieve.mentions.ReportTexts.vocabulary``),
    or, for reports not read from an index, their words."""
    vocabulary: Callable[[], Iterable[str]] | None = getattr(documents, "vocabulary", None)
    if vocabulary is not None:
        return vocabulary()
    return {w for doc in documents for w in tokenize(doc.text)}
