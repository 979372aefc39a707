"""Exact and near-duplicate paragraphs, found in time linear in the text.

Two normalised paragraphs are near-duplicates when the shorter is at least ``ratio`` of the
longer and ``containment`` of its character trigrams occur in the longer. Rather than comparing
each paragraph with every earlier one, candidates come from a trigram index with prefix
filtering (as in all-pairs similarity search): if the shorter ``S`` shares ``⌈c·|S|⌉`` trigrams
with the longer, then any ``|S| − ⌈c·|S|⌉ + 1`` of its trigrams include a shared one. So each
kept paragraph is indexed by its rarest such trigrams (its prefix: found by the longer
paragraphs containing one) and by those of its trigrams that are in some paragraph's prefix
(found by the shorter ones); exact copies are found by their form. The few candidates are
verified with ``is_near_duplicate``: the result is the one of comparing every earlier paragraph.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np

CONTAINMENT = 0.85
RATIO = 0.6
MIN_CHARS = 20
"""Paragraphs shorter than this are collapsed only when equal."""


def normalise(text: str) -> str:
    """Compare form of a paragraph: NFKC, no punctuation or white space."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def _trigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 3] for i in range(max(len(text) - 2, 1)))


def is_near_duplicate(
    a: str, b: str, containment: float = CONTAINMENT, ratio: float = RATIO
) -> bool:
    """True when two normalised paragraphs say the same thing (one mostly contains the other)."""
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < MIN_CHARS or len(shorter) < ratio * len(longer):
        return False
    small, large = _cached_trigrams(shorter), _cached_trigrams(longer)
    return len(small & large) / len(small) >= containment


@lru_cache(maxsize=4096)
def _cached_trigrams(text: str) -> frozenset[str]:
    """The trigrams of recent paragraphs, remembered (a paragraph is compared with several)."""
    return _trigrams(text)


def _prefix_size(size: int) -> int:
    """How many of a set's trigrams must include one it shares with a near-duplicate (one more
    than needed, never fewer, whatever the rounding of ``CONTAINMENT * size``)."""
    return min(size, size - math.floor(CONTAINMENT * size) + 1)


_BUCKETS = 1 << 22
"""Trigrams are counted and indexed by a hash bucket (bounded memory); two trigrams sharing one
only add candidates, which are verified, so the result stays exact."""


def _buckets(form: str) -> tuple[np.ndarray, int]:
    """The distinct hash buckets of the trigrams of ``form``, and how many trigrams it has."""
    grams = _trigrams(form)
    hashes = np.fromiter((hash(g) for g in grams), np.int64, len(grams))
    return np.unique(hashes & (_BUCKETS - 1)), len(grams)


class _Trigrams:
    """How often each trigram bucket occurs in the text's long eligible paragraphs, and which
    buckets start (are the rarest of) some paragraph."""

    def __init__(self, forms: Sequence[str], eligible: Sequence[bool]) -> None:
        self.long = [eligible[i] and len(f) >= MIN_CHARS for i, f in enumerate(forms)]
        self.counts = np.zeros(_BUCKETS, np.int32)
        for form in self._long_forms(forms):
            self.counts[_buckets(form)[0]] += 1
        self.starts = np.zeros(_BUCKETS, np.bool_)
        for form in self._long_forms(forms):
            self.starts[self.prefix(*_buckets(form))] = True

    def _long_forms(self, forms: Sequence[str]) -> Iterator[str]:
        return (f for i, f in enumerate(forms) if self.long[i])

    def prefix(self, buckets: np.ndarray, grams: int) -> np.ndarray:
        """The rarest buckets of a paragraph of ``grams`` trigrams: a near-duplicate shares one
        (sized by the trigrams: two in one bucket must not shrink it)."""
        order = np.lexsort((buckets, self.counts[buckets]))
        return buckets[order[: _prefix_size(grams)]]


def find_duplicates(forms: Sequence[str], eligible: Sequence[bool]) -> dict[int, int]:
    """``{dropped: kept}``: each eligible form that is a near-duplicate of an earlier kept one,
    mapped to the first such kept one. Memory: a few entries per kept paragraph."""
    trigrams = _Trigrams(forms, eligible)
    exact: dict[str, int] = {}
    starts_of: defaultdict[int, list[int]] = defaultdict(list)  # kept paragraphs by prefix
    holders: defaultdict[int, list[int]] = defaultdict(list)  # … by buckets that start some
    twins: dict[int, int] = {}
    for index, form in enumerate(forms):
        if not eligible[index]:
            continue
        candidates = {exact[form]} if form in exact else set()
        if trigrams.long[index]:
            buckets, grams = _buckets(form)
            prefix = trigrams.prefix(buckets, grams).tolist()
            for bucket in prefix:  # kept paragraphs longer than this one
                candidates.update(holders.get(bucket, ()))
            for bucket in buckets.tolist():  # kept paragraphs shorter than this one
                candidates.update(starts_of.get(bucket, ()))
        twin = next((k for k in sorted(candidates) if is_near_duplicate(forms[k], form)), None)
        if twin is not None:  # the first kept one, as comparing in order would find
            twins[index] = twin
            continue
        exact.setdefault(form, index)
        if trigrams.long[index]:
            for bucket in prefix:
                starts_of[bucket].append(index)
            for bucket in buckets[trigrams.starts[buckets]].tolist():
                holders[bucket].append(index)
    return twins


def collapse_duplicates(
    text: str, spans: Sequence[tuple[int, int]], eligible: Sequence[bool]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Indices of the ``(start, end)`` spans to keep, and ``(dropped, kept)`` pairs for
    near-duplicate paragraphs. Only ``eligible`` spans (body paragraphs, not headings) are
    compared; the first is kept."""
    twins = find_duplicates([normalise(text[start:end]) for start, end in spans], eligible)
    keep = [i for i in range(len(spans)) if i not in twins]
    return keep, sorted(twins.items())
