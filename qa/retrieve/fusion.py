"""Fusion: each side's scores scaled per query and combined, the boosts added, the best
candidates kept in order.

Each side is min-max scaled from its lowest score over all allowed passages (dense: found by
searching for the negated query; BM25: from its postings) to its best, as in exact scoring
(measured on the external benchmarks: better than scaling over the union of each side's top
hits, which stretches whichever side has the narrower spread there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa.analyse.query import QueryInfo, asks_about_header
from qa.retrieve.rows import RowTable


@dataclass(frozen=True)
class Candidate:
    """A passage (by row) with its raw and fused scores (and the reranker's, if one ran)."""

    row: int
    dense: float
    bm25: float
    fused: float
    boost: float
    window: float = 0.0
    """Meaning as the better of the passage's own vector and its best window's."""
    rerank: float | None = None
    final: float | None = None

    @property
    def score(self) -> float:
        """What the candidate is ranked by: the reranked score if a reranker ran, else fused."""
        return self.fused if self.final is None else self.final


@dataclass(frozen=True)
class FusionConfig:
    """How the two retrievers are combined."""

    dense_weight: float = 0.6
    """The share of meaning (dense) in the fused score; the rest is BM25."""
    window_share: float = 0.6
    """Of the meaning share, what goes to the best window (``index.chunk.windows``) rather than the
    whole passage's vector. Measured on the external benchmarks (mean nDCG@10): 0.5 / 0 (no
    windows) 0.709, 0.6 / 0.6 0.716, a plateau from 0.55 to 0.6 and 0.5 to 0.7."""
    candidates: int = 100
    place_boost: float = 1.0
    """The reports a question names come first (their place names are left out of its BM25
    words: ``qa.analyse.query``), in fused order."""
    second_boost: float = 0.5
    """The named reports not ranked first (a place's own, asked which of its towns did
    something) over the reports not named."""
    year_boost: float = 0.05
    header_penalty: float = 0.5
    """Title, issuer and header-field passages (``Passage.kind``) sit this much lower unless
    the question asks who published a report or when."""
    heading_penalty: float = 0.05
    """One-sentence numbered lines that are mostly their title sit a little lower."""
    section_boost: float = 0.25
    """The part a question asks for (shortcomings, plans: ``qa.analyse.intent.sections``) over the
    others, whose passages often repeat its topic (a plan to improve what fell short). Measured
    on the sets with reports of their own and the held-out sets: 0.1 → 0.25 one fewer wrong
    refusal, no figure down; 0.35 puts one more gold passage first but refuses it."""
    exact_rows: int = 5000
    """Up to this many allowed passages, all are scored; above, candidates come from the
    indexes (``qa.retrieve.dense``, ``qa.retrieve.lexical``)."""
    unasked_section_penalty: float = 0.03
    """A question that asks for no part of the reports asks what was done: passages of the
    shortcomings and next year's plans sit a little lower (measured on the held-out sets:
    Recall@1 up on three, no other figure down beyond one refusal)."""


def minmax(values: np.ndarray, floor: float | None = None) -> np.ndarray:
    """Scale to [0, 1] over the candidates of one query (all equal → zeros); ``floor``: the
    lowest score of all the passages they were chosen from, if lower than theirs."""
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if floor is not None:
        low = min(low, floor)
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


@dataclass(frozen=True)
class Scored:
    """The rows scored for one query and each side's scores (and floors, if not all rows)."""

    rows: np.ndarray
    dense: np.ndarray
    window: np.ndarray
    bm25: np.ndarray
    floors: tuple[float, float, float] | None = None


def boosts(config: FusionConfig, table: RowTable, query: QueryInfo, rows: np.ndarray) -> np.ndarray:
    """What is added to the fused scores of ``rows``: the named reports, the years and the part
    asked for lift their passages; header lines, headings and unasked parts sit lower."""
    boosts = np.zeros(rows.size, dtype=np.float32)
    docs = table.doc_of_row[rows]
    named: np.ndarray | float = 1.0
    if query.doc_ids:
        in_named = table.doc_mask(query.doc_ids)[docs]
        first = table.doc_mask(query.ranked_first)[docs] if query.ranked_first else in_named
        boosts += config.place_boost * first + config.second_boost * (in_named & ~first)
        named = in_named
    if query.ranking_years:
        asked = np.array(query.ranking_years, dtype=np.int32)
        years = np.isin(table.doc_year[docs], asked)
        boosts += config.year_boost * years
    # Asked for a part and nothing more: the part decides, its passages in score order;
    # only the named reports' part, when the question names places.
    section_boost = 1.0 if query.sections_only else config.section_boost
    for section in query.sections:
        boosts += section_boost * table.sections[section][rows] * named
    if not query.sections:
        for part in table.sections.values():
            boosts -= config.unasked_section_penalty * part[rows]
    # a report's title and header lines answer who published it and when, never content
    if not asks_about_header(query.text):
        boosts -= config.header_penalty * table.kinds["header"][rows]
    return boosts - config.heading_penalty * table.kinds["heading"][rows]


def fuse(config: FusionConfig, query: QueryInfo, scored: Scored) -> np.ndarray:
    """Meaning (the passage's vector and its best window's) and words, each min-max scaled from
    its floor, in one score."""
    # A query with no Chinese matches the reports' words only through the glossary terms
    # it was bridged to; with none, only by accident (digits, stray Latin): meaning alone.
    weight = config.dense_weight if query.has_report_words else 1.0
    share = config.window_share
    dense_floor, window_floor, bm25_floor = scored.floors or (None, None, None)
    meaning = (1 - share) * minmax(scored.dense, dense_floor) + share * minmax(
        scored.window, window_floor
    )
    lexical = minmax(scored.bm25, bm25_floor)
    return np.asarray(weight * meaning + (1 - weight) * lexical, dtype=np.float32)


def rank(
    config: FusionConfig, table: RowTable, query: QueryInfo, scored: Scored
) -> list[Candidate]:
    """The best ``config.candidates`` of the scored rows by fused score plus boosts, best
    first."""
    rows = scored.rows
    lifts = boosts(config, table, query, rows)
    fused = fuse(config, query, scored) + lifts
    n = min(config.candidates, rows.size)
    if n == 0:
        return []
    top = np.argpartition(-fused, n - 1)[:n]
    order = top[np.argsort(-fused[top], kind="stable")]
    return [
        Candidate(
            int(rows[i]),
            float(scored.dense[i]),
            float(scored.bm25[i]),
            float(fused[i]),
            float(lifts[i]),
            float(scored.window[i]),
        )
        for i in order
    ]
