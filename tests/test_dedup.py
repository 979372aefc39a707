"""Near-duplicate paragraphs: the candidate index finds what comparing every pair finds."""

from __future__ import annotations

import random

import pytest

from index.clean.dedup import collapse_duplicates, find_duplicates, is_near_duplicate, normalise
from index.clean.lines import paragraph_spans


def _every_pair(forms: list[str], eligible: list[bool]) -> dict[int, int]:
    """The reference: each paragraph against every earlier kept one (quadratic)."""
    kept: list[int] = []
    twins: dict[int, int] = {}
    for index, form in enumerate(forms):
        if not eligible[index]:
            continue
        twin = next((k for k in kept if is_near_duplicate(forms[k], form)), None)
        if twin is None:
            kept.append(index)
        else:
            twins[index] = twin
    return twins


def test_seeds_keep_and_drop_the_same(seed_texts: dict[str, str]) -> None:
    dropped = 0
    for text in seed_texts.values():
        spans = [(s.start, s.end) for s in paragraph_spans(text)]
        eligible = [True] * len(spans)
        forms = [normalise(text[a:b]) for a, b in spans]
        keep, pairs = collapse_duplicates(text, spans, eligible)
        assert dict(pairs) == _every_pair(forms, eligible)
        assert keep == [i for i in range(len(spans)) if i not in dict(pairs)]
        dropped += len(pairs)
    assert dropped > 0  # the seeds do hold repeated paragraphs


@pytest.mark.parametrize("seed", range(6))
def test_generated_near_duplicates_match_the_reference(
    seed: int, seed_texts: dict[str, str]
) -> None:
    rng = random.Random(seed)
    pool = [normalise(line) for text in seed_texts.values() for line in text.split("\n")]
    pool = [p for p in pool if len(p) >= 10]
    forms: list[str] = []
    for _ in range(400):
        base = rng.choice(forms) if forms and rng.random() < 0.4 else rng.choice(pool)
        cut = rng.randint(0, max(len(base) // 4, 1))
        edit = rng.choice(["same", "trim", "extend", "swap"])
        if edit == "trim":
            base = base[cut:]
        elif edit == "extend":
            base = base + rng.choice(pool)[:cut]
        elif edit == "swap" and base:
            i = rng.randrange(len(base))
            base = base[:i] + rng.choice("镇区县法治") + base[i + 1 :]
        forms.append(base)
    eligible = [rng.random() > 0.1 for _ in forms]
    found = find_duplicates(forms, eligible)
    assert found == _every_pair(forms, eligible) and found


def test_many_distinct_paragraphs_are_not_compared_pairwise() -> None:
    rng = random.Random(7)
    chars = [chr(0x4E00 + i) for i in range(3000)]
    forms = ["".join(rng.choices(chars, k=60)) for _ in range(5_000)]
    found = find_duplicates(forms + forms[:100], [True] * 5_100)
    assert found == {5_000 + i: i for i in range(100)}
