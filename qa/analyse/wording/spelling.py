"""Words typed by sound: "圆法议事" for the reports' "援法议事".

Chinese is typed by pinyin, and a slip picks another character of the same sound. A run of
three to six characters that no report contains and that is no word of its own, but sounds
exactly like a word the reports use (or a name they quote), is taken for that word. Short forms
users type for the reports' terms (法援) are spelt out here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources

from index.models import Document
from index.store.folder.reports import QUOTED, quoted_names
from index.store.lexical.tokenize import dictionary_cut, is_word, stop_words, tokenize
from qa.answer.statements.amounts import inside_names, without_names

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SIZES = (6, 5, 4, 3)


def _sounds(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return list(lazy_pinyin(text))


def _words_of(text: str) -> list[str]:
    """The words of a report, and the names it puts in quotation marks (“援法议事”)."""
    return tokenize(text) + QUOTED.findall(text)


def _cuts(run: str) -> set[int]:
    """Where the dictionary's words of ``run`` begin and end."""
    cuts, at = {0}, 0
    for word in dictionary_cut(run):
        at += len(word)
        cuts.add(at)
    return cuts


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Short and everyday forms users type for the reports' terms (``qa/data/abbreviations.tsv``,
    then ``qa/data/everyday.tsv``), in the files' order; a form reports write in several ways
    has them all, the usual first (工钱 → 劳动报酬, 工资)."""
    data = resources.files("qa").joinpath("data")
    text = "\n".join(data.joinpath(name).read_text(encoding="utf-8") for name in _FORMS)
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {short: tuple(full.split("|")) for short, full in rows}


_FORMS = ("abbreviations.tsv", "everyday.tsv")


def expand_abbreviations(
    text: str,
    reports: Sequence[str] | Callable[[str], bool] = (),
    short_written: Callable[[str], bool] | None = None,
) -> tuple[str, list[str]]:
    """``text`` with short forms standing as words of their own spelt out ("车辋 法援 2023" →
    "车辋 法律援助 2023"), never inside a longer word (司法援助 keeps its 法援) nor a name the
    question quotes (“和事佬”调解室 is a room's name), not those the ``reports`` write
    themselves outside the names they quote (调委会; the texts, or ``short_written``: “法援惠民生”
    is a name), and only into a term some report writes (the first of its terms that one does:
    a term none uses finds nothing); and the full terms put in."""
    used = reports if callable(reports) else lambda term: any(term in r for r in reports)
    written = short_written or (
        used if callable(reports) else lambda term: any(term in without_names(r) for r in reports)
    )
    used = used if callable(reports) or reports else lambda term: True  # no reports given
    added = []
    for short, terms in abbreviations().items():
        if short not in text or written(short):
            continue
        full = next((t for t in terms if used(t)), "")
        if full and full not in text:
            expanded = _replace_at_cuts(text, short, full, _cuts(text) - inside_names(text))
            if expanded != text:
                text = expanded
                added.append(full)
    return text, added


def _replace_at_cuts(text: str, short: str, full: str, cuts: set[int]) -> str:
    out, at = [], 0
    for match in re.finditer(re.escape(short), text):
        if match.start() in cuts and match.end() in cuts:
            out += [text[at : match.start()], full]
            at = match.end()
    return "".join(out) + text[at:]


def _a_slip(written: str, word: str) -> bool:
    """Whether ``written`` reads as ``word`` mistyped: a slip picks one wrong character of the
    right sound (two in a six-character name), and not a whole run of other words ("程度是" is
    no "成都市"), nor a particle ending the run ("工作是" is no "工作室")."""
    slips = [i for i, (a, b) in enumerate(zip(written, word, strict=True)) if a != b]
    if len(slips) > max(1, len(word) // 3):
        return False
    return not (slips[-1] == len(written) - 1 and written[-1] in stop_words())


class SoundSpeller:
    """Knows the reports' longer words, and the names they quote, by their sound."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = documents  # their texts are read only without ``_mentions``
        self._mentions: Callable[[str], bool] | None = getattr(documents, "any_mentions", None)
        by_sound: dict[str, set[str]] = {}
        for word in _report_words(documents):
            if _HAN.fullmatch(word):
                by_sound.setdefault(" ".join(_sounds(word)), set()).add(word)
        # a sound shared by two of the reports' words tells neither
        self._words = {sound: next(iter(ws)) for sound, ws in by_sound.items() if len(ws) == 1}

    def correct(self, text: str) -> str:
        """``text`` with runs typed by sound replaced by the reports' words."""
        if not self._words:
            return text
        return _HAN.sub(lambda m: self._correct_run(m.group()), text)

    def _correct_run(self, run: str) -> str:
        sounds = _sounds(run)
        if len(sounds) != len(run):
            return run
        cuts = _cuts(run)
        out, i = [], 0
        while i < len(run):
            word = self._word_at(run, sounds, i, cuts) if i in cuts else None
            out.append(word or run[i])
            i += len(word) if word else 1
        return "".join(out)

    def _word_at(self, run: str, sounds: list[str], i: int, cuts: set[int]) -> str | None:
        for size in _SIZES:
            written = run[i : i + size]
            if len(written) < size or i + size not in cuts:
                continue  # never across the question's own words: "几个律师" is not "及格率"
            word = self._words.get(" ".join(sounds[i : i + size]))
            if word and word != written and _a_slip(written, word) and not self._known(written):
                return word
        return None

    def _known(self, written: str) -> bool:
        if is_word(written):
            return True
        if self._mentions is not None:  # from the postings (``qa.retrieve.mentions``)
            return self._mentions(written)
        return any(written in doc.text for doc in self._documents)


def _report_words(documents: Sequence[Document]) -> Iterable[str]:
    """The reports' words of 3–6 characters and the names they quote. An index's BM25
    vocabulary already holds the words (``qa.retrieve.mentions.ReportTexts.vocabulary``) and
    the index its reports' quoted names (``index.store.folder.reports``): the reports are not cut
    into words again, which took ~0.3 s per report at every load, nor their texts read."""
    vocabulary: Callable[[], Iterable[str]] | None = getattr(documents, "vocabulary", None)
    if vocabulary is None:
        words = {w for doc in documents for w in _words_of(doc.text) if len(w) in _SIZES}
    else:
        quoted = (w for doc in documents for w in quoted_names(doc))  # found at build
        words = {w for w in (*vocabulary(), *quoted) if len(w) in _SIZES}
    return sorted(words)
