"""The BM25 candidate step alone: time and agreement of its two ways of finding the top 100.

Replays ``bench/scale.py``'s questions (their BM25 tokens as the analyser makes them; a tenth
with a year filter) on an index's BM25 matrix and times, per question (best of ``--rounds``,
the two alternated): ``all`` (every passage scored by bm25s and the top 100 picked, what an
index of up to ``maxscore.FULL_ROWS`` passages does) and ``maxscore``
(``index.store.lexical.maxscore``: the rarer tokens' postings read whole, the frequent ones only
searched). Prints p50 / p99 of each, the posting entries of a question's tokens, how many results
are the same (rows, scores and floor) and the overlap of the top 100 with every passage's exact
scores (rows whose score ties the 100th count as found).

    python bench/bm25_topk.py --index DIR [--queries 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

K = 100


def _asked(folder: str, count: int) -> list[tuple[list[str], np.ndarray | None]]:
    """The questions' BM25 tokens and their filter masks, through the engine's own analyser."""
    from bench.scale import ENCODER, questions
    from index.config import Settings
    from qa import Engine

    engine = Engine.load(folder, settings=Settings(encoder=ENCODER))
    out = []
    for text, filters in questions(folder, count):
        info = engine.analyzer.analyze(text)
        out.append((list(info.lexical), engine.allowed.mask(engine.filters(filters))))
    return out


def _overlap(found: np.ndarray, exact: np.ndarray) -> float:
    """Share of ``found``'s rows whose exact score reaches the reference's 100th best."""
    if exact.size == 0:
        return 1.0
    kth = np.sort(exact)[::-1][min(K, exact.size) - 1]
    return float(np.count_nonzero(exact[found] >= kth - 1e-6)) / min(K, found.size or 1)


def _same(one: Any, other: Any) -> bool:
    return bool(
        np.array_equal(one[0], other[0]) and np.array_equal(one[1], other[1]) and one[2] == other[2]
    )


def _timed(call: Any, rounds: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = call()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many per search")
    parser.add_argument("--full-rows", type=int, help="score every passage up to this size")
    args = parser.parse_args()
    from index.store.folder.files import load_index
    from index.store.lexical import maxscore
    from index.store.lexical.bm25 import LexicalSide

    if args.full_rows is not None:
        maxscore.FULL_ROWS = args.full_rows
    asked = _asked(args.index, args.queries)
    stored = load_index(Path(args.index))
    side = LexicalSide(stored.bm25, stored.bm25_bounds)
    times: dict[str, list[float]] = {"all": [], "maxscore": []}
    overlap: dict[str, list[float]] = {"all": [], "maxscore": []}
    same, entries = 0, []
    for tokens, allowed in asked:
        ids = side.token_ids(tokens)
        total = side.size if allowed is None else int(np.count_nonzero(allowed))
        exact = side.all_scores(ids, allowed)
        if allowed is not None:
            exact = np.where(allowed, exact, -1.0)
        every_scored = partial(maxscore._scored_all, side, ids, K, allowed, total)
        took, every = _timed(every_scored, args.rounds)
        times["all"].append(took)
        overlap["all"].append(_overlap(every[1], exact))
        took, pruned = _timed(partial(maxscore.search, side, ids, K, allowed), args.rounds)
        times["maxscore"].append(took)
        overlap["maxscore"].append(_overlap(pruned[1], exact))
        same += _same(every, pruned)
        entries.append(sum(e - s for s, e in (side.span(int(t)) for t in np.unique(ids))))
    row = {
        "passages": side.size,
        "questions": len(asked),
        "posting entries of a question p50": int(np.median(entries)) if entries else 0,
        "same rows, scores and floor": same,
        **{
            f"{name} p50/p99 ms": [round(float(np.percentile(t, q)), 2) for q in (50, 99)]
            for name, t in times.items()
        },
        **{f"{name} overlap@100": round(float(np.mean(o)), 4) for name, o in overlap.items()},
    }
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
