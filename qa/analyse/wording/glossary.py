"""English questions bridged to the reports' Chinese terms through a shipped domain glossary.

The reports are Chinese; an English question shares no words with them, so BM25, answer
sentences and the no-answer checks see nothing. ``qa/data/glossary.tsv`` maps English domain
phrases to the words the reports use ("administrative reconsideration" → 行政复议); a question's
phrases are matched longest first on word stems ("lawsuits" → "lawsuit").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MAX_WORDS = 4
_MIN_TYPO_LETTERS = 7


def stem(word: str) -> str:
    """A crude English stem, the same for glossary phrases and questions.

    Plural, -ed, -ing and a final e go: lawsuits → lawsuit, handled / handling / handle → handl.
    """
    word = word.lower().removesuffix("'s")
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def one_edit_apart(a: str, b: str) -> bool:
    """Whether one letter inserted, dropped or changed turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(phrase.lower()))


@dataclass(frozen=True)
class Glossary:
    """English phrase stems → Chinese terms."""

    entries: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def parse(cls, text: str) -> Glossary:
        entries: dict[tuple[str, ...], tuple[str, ...]] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            english, sep, chinese = line.partition("\t")
            terms = tuple(t.strip() for t in chinese.split(",") if t.strip())
            key = _phrase_key(english)
            if not sep or not terms or not key or len(key) > _MAX_WORDS:
                raise ValueError(f"glossary line {number}: expected 'english<TAB>中文,…': {line!r}")
            entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + terms))
        return cls(entries)

    def phrases(self, text: str) -> tuple[tuple[str, ...], ...]:
        """The Chinese terms of each glossary phrase in ``text`` (longest phrase first, in order),
        one tuple per phrase, its first term first.

        >>> shipped_glossary().phrases("How many lawsuits were lost?")  # doctest: +SKIP
        (('诉讼', '行政诉讼'), ('败诉',))
        """
        words = [self._spelt(stem(w)) for w in _WORD.findall(text.lower())]
        found: list[tuple[str, ...]] = []
        i = 0
        while i < len(words):
            for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                terms = self.entries.get(tuple(words[i : i + size]))
                if terms:
                    found.append(terms)
                    i += size
                    break
            else:
                i += 1
        return tuple(found)

    @cached_property
    def _stems(self) -> frozenset[str]:
        return frozenset(w for key in self.entries for w in key)

    def _spelt(self, word: str) -> str:
        """A long word the glossary lacks, one letter off one of its words, read as that word
        ("reconsidration" → "reconsideration"); any other word as it is."""
        if len(word) < _MIN_TYPO_LETTERS or word in self._stems:
            return word
        near = {s for s in self._stems if one_edit_apart(word, s)}
        return near.pop() if len(near) == 1 else word

    def chinese_terms(self, text: str) -> tuple[str, ...]:
        """All the Chinese terms of the glossary phrases in ``text``, in order, once each."""
        return tuple(dict.fromkeys(t for terms in self.phrases(text) for t in terms))


@cache
def shipped_glossary() -> Glossary:
    """The glossary shipped in ``qa/data/glossary.tsv``."""
    text = resources.files("qa").joinpath("data", "glossary.tsv").read_text(encoding="utf-8")
    return Glossary.parse(text)
