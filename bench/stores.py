"""The same questions on the local folder and on Milvus: figures and per-question agreement.

Publishes the folder into Milvus (Milvus Lite: a ``.db`` path; or ``milvus://host:port``), then
asks every question of each set through an engine on each store and prints, per set and store,
Recall@5, MRR@10 and no-answer accuracy, and between the stores the share of questions with the
same answerable/no-answer decision and with the same top 10 passages.

    FAZHI_CACHE_DIR=… python bench/stores.py --index var/index --milvus var/milvus.db \\
        tests/eval/dev.jsonl tests/eval/heldout_a.jsonl [--bm25 own|milvus] [--exact-rows 0]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from index.config import Settings
from index.store.folder.files import load_index
from index.store.milvus.publish import publish
from index.store.opening import milvus_address
from qa import Engine
from qa.evaluation.metrics import evaluate, read_questions


def _engine(settings: Settings, index: Path) -> Engine:
    return Engine.load(index, settings=settings)


def compare(local: Engine, milvus: Engine, questions: Path) -> dict[str, Any]:
    items = read_questions(questions)
    texts = {d.source: local.originals.text(d) for d in local.documents.values()}
    figures: dict[str, Any] = {"questions": len(items)}
    answers: dict[str, list[Any]] = {}
    for name, engine in (("local", local), ("milvus", milvus)):
        started = time.perf_counter()
        asked = [engine.ask(q.question, top_k=10) for q in items]
        seconds = time.perf_counter() - started
        by_question = dict(zip((q.question for q in items), asked, strict=False))
        summary, _ = evaluate(items, by_question.__getitem__, texts)
        figures[name] = {
            key: summary[key] for key in ("recall@5", "mrr@10", "no_answer_accuracy")
        } | {"ms_per_question": round(1000 * seconds / max(len(items), 1), 1)}
        answers[name] = asked
    pairs = list(zip(answers["local"], answers["milvus"], strict=True))
    same = sum(a.answerable == b.answerable for a, b in pairs)
    top = sum(
        [c.passage_id for c in a.citations] == [c.passage_id for c in b.citations] for a, b in pairs
    )
    figures["same_decision"] = round(same / max(len(pairs), 1), 4)
    figures["same_top10"] = round(top / max(len(pairs), 1), 4)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path("var/index"))
    parser.add_argument("--milvus", default="var/milvus.db", help="a .db path or milvus://…")
    parser.add_argument("--bm25", choices=("own", "milvus"), default="own")
    parser.add_argument("--exact-rows", type=int, default=None)
    args = parser.parse_args()
    overrides: dict[str, Any] = {} if args.exact_rows is None else {"exact_rows": args.exact_rows}
    local_settings = Settings(**overrides)
    milvus_settings = Settings(store=args.milvus, milvus_bm25=args.bm25, **overrides)
    publish(load_index(args.index), milvus_address(milvus_settings))
    local, milvus = _engine(local_settings, args.index), _engine(milvus_settings, args.index)
    result = {str(q): compare(local, milvus, q) for q in args.questions}
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
