"""A question's words that name no topic, by their part of speech (pronouns, numerals, words of
place and time …): the checks on terms and on words no report uses both set them aside."""

from __future__ import annotations

from index.store.lexical.tokenize import pos_tags

FUNCTION_TAGS = ("r", "m", "q", "s", "f", "t", "d", "p", "c", "u", "y", "e", "o", "ns")
POINTING_TAGS = ("r", "m", "q", "d", "p", "c", "u", "y", "e", "o")
"""Pronouns, numerals, measures, adverbs, prepositions, conjunctions, particles: words that
point or ask, not the subject a sentence about the question shares (places and times do)."""
TIME_TAGS = ("t", "m")
"""Words of time and number (上一年, 第二年, 当时, 2022年): they say when, which the year checks
read, not what the reports must mention."""


def function_words(text: str, tags: tuple[str, ...] = FUNCTION_TAGS) -> frozenset[str]:
    """The question's words that carry no topic by their part of speech: pronouns (这份, 哪边),
    numerals and measures (几场, 哪条), words of place, direction and time (手里, 路边, 以后, 现在),
    place names (辽宁: the place checks read them), adverbs, particles. A report not using them
    says nothing about whether it answers."""
    return frozenset(w for w, tag in pos_tags(text) if tag.startswith(tags))


def time_words(text: str) -> frozenset[str]:
    """The question's words of time and number (``TIME_TAGS``)."""
    return function_words(text, TIME_TAGS)
