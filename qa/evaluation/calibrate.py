"""Fit the answerability model on the labelled question sets and report it leave-one-report-out.

    python -m qa.evaluation.calibrate --own-corpora var/calibration

Each set is read on an index of the seed reports and its own reports (``--own-corpora`` builds
them, ``qa.evaluation.corpora``): the reports its unanswerable questions were checked against.
Over every set's reports at once (``--index``, one index of them all), another set's report may
answer one of them. ``--set-index SET=INDEX`` gives one set an index of its own. It prints the
leave-one-report-out figures (overall, per set, per report) at the threshold it chooses (on the
sets with reports of their own, each left out whole: ``loro.held_out_threshold``),
leave-one-set-out figures, the coefficients, and writes the model
(``qa/answer/confidence/model.json``, or ``--out``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from index.config import Settings
from qa.answer.confidence.features import vector
from qa.engine import Engine
from qa.evaluation.corpora import own_engines, set_names
from qa.evaluation.loro import (
    Row,
    by_set,
    figures,
    fit,
    held_out_sets,
    held_out_threshold,
    leave_one_report_out,
    leave_one_set_out,
    scores,
    sweep,
)
from qa.evaluation.metrics import Question, read_questions

ROOT = Path(__file__).resolve().parents[2]
SETS = (
    "tests/eval/dev.jsonl",
    "tests/eval/heldout_*.jsonl",
    "tests/eval/fresh/questions.jsonl",
    "tests/eval/*/questions.jsonl",
)
UNSEEN_SETS = set_names()
"""The sets written about reports the rules were not tuned on: each is also left out whole."""
MODEL_PATH = ROOT / "qa" / "answer" / "confidence" / "model.json"
TOP_K = 10


def question_sets(patterns: Sequence[str] = SETS) -> dict[str, list[Question]]:
    """The labelled sets, by name (file stem, or folder for ``<set>/questions.jsonl``)."""
    found: dict[str, list[Question]] = {}
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            name = path.parent.name if path.name == "questions.jsonl" else path.stem
            if name not in found:
                found[name] = read_questions(path)
    return found


def row_of(engine: Engine, question: Question, set_name: str) -> Row:
    """The question's features, label and report, as the engine sees it."""
    _, info, hits, cross = engine.evidence(question.question, TOP_K, None)
    sources = {d.doc_id: d.source for d in engine.documents.values()}
    if question.gold:
        group = question.gold[0].file
    elif info.doc_ids:
        group = sources[info.doc_ids[0]]
    else:
        group = hits[0].source if hits else "-"
    fixed: float | None = None
    if engine.judge.hard_refusal(info) is not None or not hits:
        fixed = 0.0
    elif info.place_only and not cross:
        fixed = 1.0
    values = vector(engine.judge.evidence(info, hits, cross)) if hits else None
    return Row(
        question.id,
        set_name,
        group,
        question.answerable,
        tuple(values) if values is not None else (0.0,) * len(engine.judge.model.features),
        fixed,
    )


def collect(
    engine: Engine, sets: dict[str, list[Question]], own: Mapping[str, Engine] | None = None
) -> list[Row]:
    """Each question's row, read on its set's own index where it has one (``own``: the corpus
    its unanswerable questions were checked against), else on ``engine``'s."""
    own = own or {}
    return [
        row_of(own.get(name, engine), q, name)
        for name, questions in sets.items()
        for q in questions
    ]


def own_indexes(pairs: Sequence[str], settings: Settings) -> dict[str, Engine]:
    """``SET=INDEX`` pairs as an engine per set (one per index folder)."""
    loaded: dict[Path, Engine] = {}
    engines: dict[str, Engine] = {}
    for pair in pairs:
        name, _, folder = pair.partition("=")
        if not name or not folder:
            raise SystemExit(f"--set-index wants SET=INDEX, not {pair!r}")
        path = Path(folder)
        if path not in loaded:
            loaded[path] = Engine.load(path, settings=settings)
        engines[name] = loaded[path]
    return engines


def report(
    rows: list[Row],
    encoder: str,
    left_out: Sequence[str] = UNSEEN_SETS,
    threshold: float | None = None,
) -> dict[str, object]:
    """The threshold chosen on ``left_out`` each left out whole (or ``threshold`` when given),
    leave-one-report-out figures at it, leave-one-set-out figures of ``left_out``, validation
    figures at each threshold near it, and the final model."""
    held_out = leave_one_report_out(rows, encoder)
    chosen = held_out_threshold(rows, encoder, left_out)
    threshold = chosen if threshold is None else threshold
    model = fit(rows, encoder, threshold)
    present = [name for name in left_out if any(r.set_name == name for r in rows)]
    left = held_out_sets(rows, encoder, present)
    picked = [i for i, r in enumerate(rows) if r.set_name in present]
    return {
        "threshold": threshold,
        "chosen_threshold": chosen,
        "loro": figures(rows, held_out, threshold),
        "loro_per_set": by_set(rows, held_out, threshold),
        "loro_per_report": _per_report(rows, held_out, threshold),
        "leave_one_set_out": leave_one_set_out(rows, encoder, left_out),
        "left_out_at_threshold": by_set([rows[i] for i in picked], left[picked], threshold),
        "thresholds": sweep(rows, held_out, left, present),
        "fitted_per_set": by_set(rows, scores(model, rows), threshold),
        "coefficients": dict(
            sorted(zip(model.features, model.coef.round(3).tolist(), strict=True), key=_weight)
        ),
        "model": model,
    }


def _per_report(
    rows: Sequence[Row], held_out: np.ndarray, threshold: float
) -> dict[str, dict[str, float]]:
    groups = dict.fromkeys(r.group for r in rows)
    return {
        g: figures(
            [r for r in rows if r.group == g],
            held_out[[i for i, r in enumerate(rows) if r.group == g]],
            threshold,
        )
        for g in groups
    }


def _weight(item: tuple[str, float]) -> float:
    return -abs(item[1])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="index of every report the sets ask about")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--sets", nargs="*", default=list(SETS), help="question-set globs")
    parser.add_argument(
        "--leave-sets", nargs="*", default=list(UNSEEN_SETS), help="sets also left out whole"
    )
    parser.add_argument(
        "--own-corpora",
        type=Path,
        metavar="DIR",
        help="read each set on an index of its own reports and the seeds, built in DIR",
    )
    parser.add_argument(
        "--set-index",
        action="append",
        default=[],
        metavar="SET=INDEX",
        help="a set's own index: the reports its unanswerable questions were checked against",
    )
    parser.add_argument(
        "--threshold", type=float, help="store this threshold instead of the one chosen"
    )
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    args = parser.parse_args(argv)
    settings = Settings()
    sets = question_sets(args.sets)
    own = own_engines(sets, args.own_corpora, settings) if args.own_corpora else {}
    own |= own_indexes(args.set_index, settings)
    if set(sets) <= set(own):
        engine = next(iter(own.values()))
    else:
        engine = Engine.load(args.index or settings.index_dir, settings=settings)
    rows = collect(engine, sets, own)
    result = report(rows, engine.embedder.name, args.leave_sets, args.threshold)
    model = result.pop("model")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if not args.dry_run:
        args.out.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")  # type: ignore[attr-defined]
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
