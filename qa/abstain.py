"""Decide whether the reports answer a question, or say honestly that they don't."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.models import Document
from qa.answer import coverage, query_weights
from qa.query import QueryInfo
from qa.results import Hit

_PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治区|省|市|区|县|镇|乡|街道))")
_GENERIC_PLACE = re.compile(r"^(?:.*[全我本各该每某哪其那这]|乡|城|社|小|辖|市|县|镇|区)")


@dataclass(frozen=True)
class AbstainConfig:
    """Thresholds, calibrated on the development questions (see README)."""

    min_dense: float = 0.80
    min_coverage: float = 0.45


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str | None


def unknown_places(text: str, documents: Sequence[Document]) -> list[str]:
    """Places named in the question that no indexed report is from."""
    known = {d.meta.region for d in documents} | {d.meta.parent_region for d in documents}
    known = {k for k in known if k}
    unknown = []
    for match in _PLACE.finditer(text):
        name = match.group(1)
        if _GENERIC_PLACE.match(name) or any(k in name or name in k for k in known):
            continue
        if any(k[:2] in name for k in known):  # "岔河" inside a longer phrase
            continue
        unknown.append(name)
    return unknown


def decide(
    info: QueryInfo, hits: Sequence[Hit], documents: Sequence[Document], config: AbstainConfig
) -> Verdict:
    """Answerable when the best evidence is close in meaning and covers the question's words."""
    if not hits:
        return Verdict(False, "no passage matches the question")
    places = unknown_places(info.text, documents)
    if places and not info.doc_ids:
        return Verdict(False, f"no indexed report is from {'、'.join(places)}")
    evidence = [h for h in hits if not info.doc_ids or h.doc_id in info.doc_ids] or list(hits)
    best_dense = max(h.scores.dense for h in evidence[:5])
    if best_dense < config.min_dense:
        return Verdict(False, "no passage is close enough in meaning to the question")
    if info.chinese:
        weights = query_weights(info.text, hits)
        named = {d.meta.region for d in documents if d.doc_id in info.doc_ids}
        tokens = [t for t in info.tokens if not any(t in n for n in named) and not t.isdigit()]
        best = max(coverage(tokens, h.text, weights) for h in evidence[:5]) if tokens else 1.0
        if best < config.min_coverage:
            return Verdict(False, "the closest passages do not mention what the question asks")
    return Verdict(True, None)
