"""Recall@100 and time of a filtered dense search against exact search over the allowed rows.

For each filter (a year, a level, a year and a level, and none) it runs ``bench/scale.py``'s
questions through the engine's ``DenseSide`` (as the retriever calls it: a filter keeping up to
``EXACT_SUBSET`` rows scored on its rows from the 8-bit codes, a wider one searched through the
graph with an ``IDSelectorBitmap``) and compares each result with the exact top 100 of the
allowed rows' float vectors (a row found counts if its exact score reaches the 100th best).
Prints per filter: rows kept, the way searched, recall@100, search p50 / p99.

    python bench/filtered_recall.py --index DIR [--queries 100] [--ef-search N] [--block ROWS]
        [--exact-subset ROWS]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

K = 100


def _masks(folder: str) -> dict[str, np.ndarray | None]:
    """The filters' masks, made by the engine (its ``AllowedRows``)."""
    from bench.scale import ENCODER
    from index.config import Settings
    from qa import Engine

    engine = Engine.load(folder, settings=Settings(encoder=ENCODER))
    years = sorted({d.meta.year for d in engine.store.documents if d.meta.year})
    year = years[len(years) // 2]
    filters: dict[str, dict[str, Any] | None] = {
        "none": None,
        f"year {year}": {"year": year},
        "level 乡镇": {"level": "乡镇"},
        f"year {year} + level 区县": {"year": year, "level": "区县"},
    }
    return {name: engine.allowed.mask(engine.filters(raw)) for name, raw in filters.items()}


def _recall(found: np.ndarray, exact: np.ndarray) -> float:
    kth = np.partition(-exact, K - 1)[K - 1]  # minus the 100th best allowed score
    return float(np.count_nonzero(-exact[found] <= kth + 1e-6)) / K


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--ef-search", type=int, help="the graph's efSearch (default: the index's)")
    parser.add_argument("--block", type=int, help="rows decoded at a time (codes.BLOCK)")
    parser.add_argument("--exact-subset", type=int, help="dense.EXACT_SUBSET (rows scored alone)")
    args = parser.parse_args()
    from bench.scale import ENCODER, questions
    from index.embed.embedders import make_embedder
    from index.store.folder.files import load_index
    from index.store.vector import codes, dense
    from index.store.vector.dense import DenseSide
    from index.store.vector.vectors import row_vectors

    if args.block:
        codes.BLOCK = args.block
    if args.exact_subset is not None:
        dense.EXACT_SUBSET = args.exact_subset
    masks = _masks(args.index)
    stored = load_index(Path(args.index))
    side = DenseSide(stored.dense, args.ef_search)
    vectors = row_vectors(stored.dense)
    embedder = make_embedder(ENCODER)
    asked = [text for text, _ in questions(args.index, args.queries)]
    queries = embedder.embed_queries(asked)
    for name, mask in masks.items():
        kept = len(side) if mask is None else int(np.count_nonzero(mask))
        times, recall = [], []
        for query in queries:
            started = time.perf_counter()
            _, found = side.search(query, K, mask)
            times.append((time.perf_counter() - started) * 1000)
            exact = np.full(len(side), -np.inf, dtype=np.float32)
            rows = np.arange(len(side)) if mask is None else np.flatnonzero(mask)
            exact[rows] = vectors[rows] @ query
            recall.append(_recall(found, exact))
        alone = mask is not None and kept <= dense.EXACT_SUBSET
        way = "scored on its rows" if alone else f"graph (efSearch {side._graph.hnsw.efSearch})"
        row = {
            "filter": name,
            "rows kept": kept,
            "searched": way,
            "recall@100": round(float(np.mean(recall)), 4),
            "p50/p99 ms": [round(float(np.percentile(times, q)), 2) for q in (50, 99)],
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
