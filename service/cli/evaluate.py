"""``fazhi-qa eval`` and ``fazhi-qa eval-bench``: quality figures on question sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from index.errors import FazhiError
from service.cli.common import (
    EncoderOpt,
    IndexOpt,
    JsonOpt,
    RerankerOpt,
    console,
    fail,
    settings_for,
)
from service.cli.store import publish_if_milvus

if TYPE_CHECKING:  # imported where used: one-shot commands start fast
    from index.config import Settings
    from index.embed.cache import EmbeddingCache
    from index.embed.embedders import Embedder
    from qa import Engine
    from qa.evaluation.bench import BenchQuery

MODES = {"hybrid": None, "dense": 1.0, "bm25": 0.0}


def _engine(
    settings: Settings, mode: str, index_dir: Path | None = None, encoder: Embedder | None = None
) -> Engine:
    from qa import Engine

    if mode not in MODES:
        raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}")
    weight = MODES[mode]
    if weight is not None:
        settings = settings.model_copy(update={"dense_weight": weight})
    return Engine.load(index_dir or settings.index_dir, encoder=encoder, settings=settings)


def _print_summary(title: str, summary: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value")
    for key, value in summary.items():
        if key != "per_kind":
            table.add_row(key, str(value))
    for kind, figures in summary.get("per_kind", {}).items():
        table.add_row(f"  {kind}", json.dumps(figures))
    console.print(table)


def eval_command(
    questions: Annotated[Path, typer.Argument(help="JSONL question set (eval/dev.jsonl format)")],
    mode: Annotated[str, typer.Option(help="hybrid | dense | bm25")] = "hybrid",
    as_json: JsonOpt = False,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
) -> None:
    """Recall@1/5/10, MRR@10, no-answer accuracy and wrong refusals on a question set."""
    from qa.evaluation.metrics import evaluate, read_questions

    try:
        engine = _engine(settings_for(index_dir, encoder, reranker), mode)
        items = read_questions(questions)
        texts = {d.source: engine.originals.text(d) for d in engine.documents.values()}
        summary, _ = evaluate(items, lambda q: engine.ask(q, top_k=10), texts)
    except FazhiError as exc:
        raise fail(exc) from exc
    summary = {"mode": mode, **summary}
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(f"{questions} ({mode})", summary)


CollapseOpt = Annotated[
    bool,
    typer.Option(
        "--collapse/--no-collapse",
        help="drop near-duplicate passages as search does for users (off: benchmark labels "
        "mark one copy of a duplicated passage, so collapsing hides relevant ones)",
    ),
]


def eval_bench_command(
    folders: Annotated[list[Path], typer.Argument(help="benchmark folders (corpus+queries)")],
    mode: Annotated[list[str] | None, typer.Option(help="hybrid | dense | bm25 (repeat)")] = None,
    as_json: JsonOpt = False,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
    collapse: CollapseOpt = False,
) -> None:
    """nDCG@10 and Recall@10 on external benchmarks (temporary index, cached embeddings)."""
    from index.embed.cache import EmbeddingCache
    from index.embed.embedders import make_embedder

    settings = settings_for(None, encoder, reranker)
    try:
        embedder = make_embedder(settings.encoder)
        cache = EmbeddingCache(settings.embedding_cache)
        results = {
            folder.name: _bench_folder(
                settings, folder, mode or ["hybrid"], collapse, (embedder, cache)
            )
            for folder in folders
        }
    except FazhiError as exc:
        raise fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        _print_bench(results)


def _bench_folder(
    settings: Settings,
    folder: Path,
    modes: list[str],
    collapse: bool,
    encoding: tuple[Embedder, EmbeddingCache],
) -> dict[str, dict[str, Any]]:
    """Each mode's figures on one benchmark folder."""
    from qa.evaluation.bench import run_benchmark

    embedder, cache = encoding
    figures: dict[str, dict[str, Any]] = {}
    for name in modes:

        def search(path: Path, queries: list[BenchQuery], name: str = name) -> list[list[str]]:
            publish_if_milvus(settings, None, path)  # FAZHI_STORE=milvus…: there
            engine = _engine(settings, name, path, embedder)
            return [
                [h.doc_id for h in engine.search(q.query, top_k=10, collapse=collapse).hits]
                for q in queries
            ]

        figures[name] = run_benchmark(folder, embedder, cache, search)
    return figures


def _print_bench(results: dict[str, dict[str, dict[str, Any]]]) -> None:
    from rich.table import Table

    table = Table("benchmark", "mode", "queries", "nDCG@10", "Recall@10")
    for bench, by_mode in results.items():
        for name, figures in by_mode.items():
            row = (figures["queries"], figures["ndcg@10"], figures["recall@10"])
            table.add_row(bench, name, *(str(value) for value in row))
    console.print(table)
