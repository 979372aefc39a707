"""A question as typed, in the form it is read: simplified characters, two-digit years whole."""

from __future__ import annotations

from functools import cache

from qa.analyse.wording.short_years import spelt_out_years


@cache
def _to_simplified(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))


def normalise_query(text: str) -> str:
    """Traditional characters to simplified, two-digit years spelt out (23年 → 2023年); meaning
    unchanged."""
    return spelt_out_years(_to_simplified(text.strip()))
