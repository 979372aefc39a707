"""Where a question's time goes: ``search`` and ``ask`` over an index, and each stage apart.

The ``bench/scale.py`` questions (fake encoder) against an index it built (``--keep DIR``):
after a first pass over other questions (the index's pages read once), ``search`` and
``ask`` as a caller sees them (p50 / mean), then, on other questions of
the same kind (so that nothing they remember is warm), the stages of a ``search`` one after the
other as ``Engine`` runs them — analysing the question, retrieval, preferring answering
passages, the hits (reading and collapsing passages) with the highlighting inside them apart —
and the answer checks of an ``ask``; mean and p50 in ms a question.

    python bench/stages.py --index DIR/index-10000 [--queries 200] [--cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale import ENCODER, questions  # noqa: E402


def _figures(times: list[float]) -> dict[str, float]:
    return {"mean": round(float(np.mean(times)), 2), "p50": round(float(np.median(times)), 2)}


CLOCK = time.perf_counter
"""Wall time; ``--cpu``: the thread's CPU time (``time.thread_time``), which other jobs on a
busy machine move far less (the searches run partly in pool threads: not for retrieval)."""


def _timed(times: list[float], call: Callable[[], Any]) -> Any:
    started = CLOCK()
    out = call()
    times.append((CLOCK() - started) * 1000)
    return out


def calls(engine: Any, asked: list[tuple[str, Any]]) -> dict[str, dict[str, float]]:
    """``search`` and ``ask`` as a caller sees them."""
    figures = {}
    for name in ("search", "ask"):
        call, times = getattr(engine, name), list[float]()
        for text, filters in asked:
            _timed(times, lambda: call(text, top_k=5, filters=filters))  # noqa: B023
        figures[name] = _figures(times)
    return figures


def stages(engine: Any, asked: list[tuple[str, Any]]) -> dict[str, dict[str, float]]:
    """Each stage of a ``search``, and an ``ask``'s answer checks, timed apart."""
    import qa.answer.citations as citations
    from qa.retrieve.prefer import prefer

    times: dict[str, list[float]] = defaultdict(list)
    highlighting: list[float] = []
    plain = citations.highlights

    def highlights(text: str, query_tokens: tuple[str, ...]) -> Any:
        return _timed(highlighting, lambda: plain(text, query_tokens))

    citations.highlights = highlights
    try:
        for text, raw in asked:
            filters = engine.filters(raw)
            info = _timed(times["analyse"], lambda: engine.analyzer.analyze(text))  # noqa: B023
            mask = engine.allowed.mask(filters)
            ranked = _timed(times["retrieve"], lambda: engine.retriever.retrieve(info, mask))  # noqa: B023
            ranked = _timed(
                times["prefer"],
                lambda: prefer(info, ranked, engine.passages, engine.documents),  # noqa: B023
            )
            start = len(highlighting)
            hits = _timed(times["hits"], lambda: engine.citations.hits(info, ranked, 5))  # noqa: B023
            times["highlight"].append(sum(highlighting[start:]))
            times["hits less highlight"].append(times["hits"][-1] - times["highlight"][-1])
            _timed(
                times["ask: answer checks"],
                lambda: engine.judge.verdict(info, filters, tuple(hits), False),  # noqa: B023
            )
    finally:
        citations.highlights = plain
    return {name: _figures(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cpu", action="store_true", help="the thread's CPU time, not wall")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.thread_time if args.cpu else time.perf_counter
    from index.config import Settings
    from qa import Engine

    engine = Engine.load(args.index, settings=Settings(encoder=ENCODER))
    engine.search("行政复议", top_k=5)
    engine.ask("行政复议做了什么？")
    calls(engine, questions(args.index, args.queries, seed=3))  # the index's pages read once
    row = {
        "index": args.index,
        "load average": os.getloadavg()[0],
        "clock": CLOCK.__name__,
        **calls(engine, questions(args.index, args.queries)),
        "stages": stages(engine, questions(args.index, args.queries, seed=2)),
    }
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
