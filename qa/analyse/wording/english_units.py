"""The unit of the amount an English question asks, in the reports' counters.

"What share of days had good air quality?" and "What was the loss rate?" ask a figure in per
cent (86.3%), "How much in unpaid wages was recovered?" one in yuan (1,426.8万元), "How many
legal-savvy persons were trained?" a count of people (126名). The reports state amounts with
these counters; a passage stating one in the unit asked is the likelier answer. They are among
the units an amount is asked in (``qa.answer.statements.amounts.asked_units``): for ranking and
for the checks that some passage states it.
"""

from __future__ import annotations

import re

_SHARE = re.compile(
    r"\b(?:percent(?:age)?|per cent|proportion|ratio)s?\b"
    r"|\b(?:what|which) (?:share|rate)\b|\b(?:share|rate) of\b"
    r"|\b(?:what|how high)\b[^?]*\brates?\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"\b(?:yuan|rmb|cny)\b"
    r"|\bhow much\b.{0,60}\b(?:money|funds?|funding|budget|wages?|pay|fines?|compensation"
    r"|spent|spend|invested|cost)\b"
    r"|\b(?:what|how much)\b[^?]*\b(?:budget|investment|expenditure)s?\b"
    r"|\b(?:total |overall )?(?:amount|sum|value) of (?:the )?(?:money|funds?|funding|fines?"
    r"|wages?|compensation|confiscations?|penalt(?:y|ies)|investment)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"\bhow many\b(?:\W+\w+){0,4}?\W+(?:people|persons?|individuals|staff|officers|officials"
    r"|workers|personnel|residents|lawyers|mediators|members|volunteers|employees)\b",
    re.IGNORECASE,
)
_LATIN = re.compile(r"[A-Za-z]")
_UNITS = ((_SHARE, "%"), (_MONEY, "元"), (_PEOPLE, "人"))


def english_units(question: str) -> list[str]:
    """The reports' units of the amount an English question asks: ``%``, ``元`` (with 万元 and
    亿元 as the same kind: ``qa.answer.statements.amounts.same_kind``) or ``人``; none for a
    question in Chinese, or one that asks no amount in these units (a share it gives, "in 100%
    of lawsuits", is none asked)."""
    if not _LATIN.search(question):
        return []
    return [unit for pattern, unit in _UNITS if pattern.search(question)]
