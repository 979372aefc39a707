"""Where the question's words occur in a passage (spans for highlighting)."""

from __future__ import annotations

from index.store.lexical.tokenize import tokenize_with_spans
from qa.answer.results import Highlight


def highlights(text: str, query_tokens: tuple[str, ...]) -> tuple[Highlight, ...]:
    """Spans in ``text`` of the query's words (longest first, no overlaps)."""
    # only words of two characters or more are highlighted: a run of the passage holding
    # none of them is not cut at all (a question's single characters are in nearly every run)
    wanted = {w for w in query_tokens if len(w) > 1}
    if not wanted:
        return ()
    found = sorted(
        ((s, e, w) for w, s, e in tokenize_with_spans(text, wanted) if w in wanted and len(w) > 1),
        key=lambda item: (-(item[1] - item[0]), item[0]),
    )
    taken: list[tuple[int, int, str]] = []
    for start, end, word in found:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, word))
    return tuple(Highlight(text[s:e], s, e) for s, e, _ in sorted(taken))
