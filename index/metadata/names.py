"""Which of a text's overlapping division names it means.

The gazetteer finds every name in a text, overlapping ones too: 汾阳市西河街道 holds 汾阳市,
市西河街道 (a 街道 of 贵阳) and 西河街道. A name that overlaps no other is kept. Among overlapping
ones a reader takes the leftmost, longest name, then the next one after it (汾阳市, then
西河街道), unless another reading has more names whose parents the text names (a division above
them named outside the overlap, or beside them in it): that reading wins, the most text it
covers deciding between such readings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.metadata.gazetteer import Gazetteer

Match = tuple[int, int, str]
_BACKED = 1000  # a name whose parent is named outweighs any length of text covered


def choose_names(gaz: Gazetteer, text: str, found: Sequence[Match]) -> list[Match]:
    """The names ``text`` means, in order, none overlapping another."""
    ordered = sorted(set(found), key=lambda m: (m[0], m[0] - m[1]))
    chosen: list[Match] = []
    for cluster in _clusters(ordered):
        if len(cluster) == 1:
            chosen += cluster
            continue
        chosen += _read_cluster(gaz, text, cluster)
    return chosen


def _read_cluster(gaz: Gazetteer, text: str, cluster: list[Match]) -> list[Match]:
    """The leftmost reading, or the one with more names whose parents are named."""
    outside = _named_outside(gaz, text, cluster)
    backed = {m for m in cluster if _backed(gaz, m, cluster, outside)}
    leftmost = _leftmost(cluster)
    weights = {m: m[1] - m[0] + _BACKED * (m in backed) for m in cluster}
    best = _best_reading(cluster, weights)
    more = len(backed.intersection(best)) > len(backed.intersection(leftmost))
    return best if more else leftmost


def _clusters(ordered: list[Match]) -> list[list[Match]]:
    """Runs of names that overlap one another (through others), by start."""
    clusters: list[list[Match]] = []
    reach = -1
    for match in ordered:
        if match[0] >= reach:
            clusters.append([])
        clusters[-1].append(match)
        reach = max(reach, match[1])
    return clusters


def _named_outside(gaz: Gazetteer, text: str, cluster: list[Match]) -> set[str]:
    """Full names of divisions above the cluster's names that the text names outside the
    cluster, in full or by a short form of three characters or more (临夏州). Not by a
    two-character short name: 河口 of 河口瑶族自治县 is also in 仁河口镇."""
    parents = {p for _, _, n in cluster for d in gaz.by_name[n] for p in d.parents}
    start, end = cluster[0][0], max(m[1] for m in cluster)
    rest = text[:start] + "\n" + text[end:]
    return {p for p in parents if any(form in rest for form in (p, *gaz.long_forms(p)))}


def _backed(gaz: Gazetteer, match: Match, cluster: list[Match], outside: set[str]) -> bool:
    """Whether a division above it is named: outside the cluster, or in it without overlapping
    it (汾阳市 before 西河街道)."""
    start, end, name = match
    beside = {gaz.full_name(n) for s, e, n in cluster if e <= start or s >= end}
    named = outside | beside
    return any(p in named for d in gaz.by_name[name] for p in d.parents)


def _leftmost(cluster: list[Match]) -> list[Match]:
    """The leftmost, longest name, then the next that starts after it, and so on."""
    chosen: list[Match] = []
    for match in cluster:  # by start, longest first
        if not chosen or match[0] >= chosen[-1][1]:
            chosen.append(match)
    return chosen


def _best_reading(cluster: list[Match], weight: dict[Match, int]) -> list[Match]:
    """The non-overlapping names of the cluster with the greatest total weight (weighted
    interval scheduling); on a tie the one that ends earliest at each step."""
    by_end = sorted(cluster, key=lambda m: (m[1], m[0]))
    ends = [m[1] for m in by_end]
    best: list[tuple[int, list[Match]]] = [(0, [])]
    for index, match in enumerate(by_end):
        before = bisect_right(ends, match[0], hi=index)
        score, names = best[before]
        take = (score + weight[match], [*names, match])
        best.append(take if take[0] > best[index][0] else best[index])
    return sorted(best[-1][1])
