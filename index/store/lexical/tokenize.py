"""Chinese (and English) word tokens for BM25: jieba with a domain dictionary and stop words."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources

import jieba

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+", re.IGNORECASE)
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_CJK_THEN_LATIN = re.compile(r"[\u3400-\u9fff][a-z0-9]+")
_LATIN_THEN_CJK = re.compile(r"[a-z0-9]+[\u3400-\u9fff]")
_YEAR_OR_DATE = re.compile(
    r"[\u3400-\u9fff](?:19|20)\d\d|(?:19|20)\d\d[\u3400-\u9fff]|\d+[年月日号时]|[年月日]\d+"
)


def _data_lines(name: str) -> list[str]:
    text = resources.files("index").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@cache
def stop_words() -> frozenset[str]:
    return frozenset(_data_lines("stopwords.txt"))


@cache
def domain_terms() -> frozenset[str]:
    """The words of the shipped domain dictionary (法治政府, 行政复议, …)."""
    return frozenset(line.split()[0] for line in _data_lines("userdict.txt"))


@cache
def _segmenter() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    for line in _data_lines("userdict.txt"):
        word, *rest = line.split()
        segmenter.add_word(word, int(rest[0]) if rest else None)
    return segmenter


def is_word(text: str) -> bool:
    """Whether the segmenter's dictionary (jieba's and the domain's) has ``text`` as a word."""
    segmenter = _segmenter()
    segmenter.check_initialized()
    return bool(segmenter.FREQ.get(text))


def word_frequency(text: str) -> int:
    """How often the segmenter's dictionary counts ``text`` (0: not a word of it)."""
    segmenter = _segmenter()
    segmenter.check_initialized()
    return int(segmenter.FREQ.get(text) or 0)


@lru_cache(maxsize=1024)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """``(word, part of speech)`` of ``text`` by jieba's own tagger (``ns`` a place, ``nr`` a
    person's name …); remembered, as questions and report sentences come back."""
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tags: list[tuple[str, str]] = []
    last = 0
    for start, end in _single_character_runs(text):
        tags.extend((w, f) for w, f in jieba.posseg.cut(text[last:start]))
        tags.extend((w, f) for w, f in jieba.posseg.cut(text[start:end], HMM=False))
        last = end
    tags.extend((w, f) for w, f in jieba.posseg.cut(text[last:]))
    return tuple(tags)


MAX_HMM_RUN = 24
"""Runs of more single characters than this (no dictionary word among them) are not tagged by
jieba's hidden Markov model: its cost per character is high (hundreds of states), and no name
is that long, so a question of 500 unrelated characters would take seconds for nothing."""


def _single_character_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of runs of more than ``MAX_HMM_RUN`` Chinese characters that the
    dictionary cuts into single characters."""
    runs: list[tuple[int, int]] = []
    start = position = 0
    for word in dictionary_cut(text):
        if len(word) != 1 or not _CJK_CHAR.match(word):
            if position - start > MAX_HMM_RUN:
                runs.append((start, position))
            start = position + len(word)
        position += len(word)
    if position - start > MAX_HMM_RUN:
        runs.append((start, position))
    return runs


def dictionary_cut(text: str) -> list[str]:
    """``text`` cut into the dictionary's words in order (characters it lacks stand alone)."""
    return list(_segmenter().cut(text, HMM=False))


def fold(text: str) -> str:
    """Full-width to half-width, lower case: the form both index and query are cut in."""
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (words and their sub-words), without stop words or punctuation."""
    tokens: list[str] = []
    stops = stop_words()
    folded = fold(text)
    for match in _WORD.finditer(folded):
        chunk = match.group()
        if not _CJK_CHAR.match(chunk):
            if chunk not in stops:
                tokens.append(chunk)
            continue
        after_number = match.start() > 0 and folded[match.start() - 1].isdigit()
        tokens.extend(word for word in _chinese_words(chunk, after_number) if word not in stops)
    return tokens


_DATE_UNITS = "年月日号"


def _chinese_words(run: str, after_number: bool) -> Iterator[str]:
    """Search-mode words of a run of Chinese characters. After a number, a date unit the
    dictionary cuts as a word of its own stands alone: "2024年罚了" is 年, 罚 (jieba's hidden
    Markov model joins the single characters into 年罚), "2024年度" keeps 年度."""
    alone = after_number and len(run) > 1 and run[0] in _DATE_UNITS
    if alone and len(dictionary_cut(run[:6])[0]) == 1:
        yield run[0]
        run = run[1:]
    yield from _segmenter().cut_for_search(run, HMM=True)


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of Chinese characters, without pairs that are stop words.

    They match what a word cut misses (a name jieba splits differently in question and report,
    a rare term); measured on the external benchmarks, BM25 over words + pairs beats either.
    """
    stops = stop_words()
    pairs: list[str] = []
    for run in _CJK_RUN.findall(fold(text)):
        pairs.extend(p for i in range(len(run) - 1) if (p := run[i : i + 2]) not in stops)
    return pairs


def identifiers(text: str) -> list[str]:
    """Where a Chinese character touches letters or digits, the two kept together.

    Codes and names that mix scripts (张x6, g107国道, 12345热线 → 张x6, g107国, 12345热) are
    rare and telling; the word cut splits them into a common character and a bare number.
    Years and dates (区2023, 2023年, 5月12日) are common, not identifiers.
    """
    folded = fold(text)
    found = _CJK_THEN_LATIN.findall(folded) + _LATIN_THEN_CJK.findall(folded)
    return [token for token in found if not _YEAR_OR_DATE.fullmatch(token)]


def bm25_tokens(text: str) -> list[str]:
    """What BM25 indexes and matches: words, character pairs, and mixed-script identifiers.

    Identifiers count twice: measured on the external benchmarks (mean nDCG@10 of the fused
    ranking 0.698 → 0.709; counted once 0.707), most of it where names are coded (张x6).
    """
    ids = identifiers(text)
    return tokenize(text) + bigrams(text) + ids + ids


class _FoldTable(dict[int, str]):
    """``str.translate`` table folding character by character; a character whose folded form
    has another length is kept. Filled as characters come (a cached character costs a C
    look-up, not a Python call)."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = folded if len(folded) == 1 else chr(code)
        return self[code]


_FOLD_EACH = _FoldTable()


def tokenize_with_spans(
    text: str, wanted: Collection[str] | None = None
) -> list[tuple[str, int, int]]:
    """Tokens of ``text`` with their character spans (for highlighting matched terms).

    ``wanted``: only the tokens that can be among these words are needed. jieba cuts each
    run of word characters (``jieba.re_han_default``) on its own, so the runs holding none of
    them are not cut at all: the same tokens of the runs that do, at a fraction of the cost
    (highlighting the hits of a search cut every hit whole, 40 % of a search at 10k passages).
    """
    folded = text.translate(_FOLD_EACH)  # offsets in the folded text are offsets in ``text``
    if wanted is None:
        return list(_cut_spans(folded))
    words = [w for w in wanted if w]
    return [
        (word, start + m.start(), end + m.start())
        for m in jieba.re_han_default.finditer(folded)
        if any(w in m.group() for w in words)
        for word, start, end in _run_spans(m.group())
    ]


MEMO_RUN = 64
"""Runs up to this many characters are remembered (a clause of a report is ~10, p99 ~30): at
most ``_spans``'s 4,096 entries of this size (some 30 MB; ~1.4 KB an entry measured); a longer
run is cut each time."""


def _run_spans(run: str) -> Iterable[tuple[str, int, int]]:
    return _spans(run) if len(run) <= MEMO_RUN else _cut_spans(run)


@lru_cache(maxsize=4096)
def _spans(piece: str) -> tuple[tuple[str, int, int], ...]:
    """The search-mode tokens of one run of word characters, with their spans; remembered (a
    report's stock phrases and a passage copied into several reports come back hit after
    hit, and the cut of a run depends on the run alone)."""
    return tuple(_cut_spans(piece))


def _cut_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Search-mode jieba tokens of ``text`` with their spans, without stop words or punctuation."""
    stops = stop_words()
    for word, start, end in _segmenter().tokenize(text, mode="search", HMM=True):
        if word.strip() and word not in stops and _WORD.fullmatch(word):
            yield word, start, end
