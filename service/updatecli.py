"""``fazhi-qa add`` and ``fazhi-qa remove``: change an index without rebuilding it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from index.errors import FazhiError
from service.storecli import StoreOpt, publish_if_milvus

if TYPE_CHECKING:  # imported when a command runs: the CLI starts without FAISS or jieba
    from index.build.builder import BuildOptions
    from index.build.updating import UpdateReport
    from index.config import Settings

console = Console()
err = Console(stderr=True)
IndexOpt = Annotated[Path | None, typer.Option("--index", help="index folder [FAZHI_INDEX_DIR]")]


def _options(index_dir: Path | None) -> tuple[Settings, BuildOptions]:
    from index.build.builder import BuildOptions
    from index.config import Settings

    settings = Settings() if index_dir is None else Settings(index_dir=index_dir)
    options = BuildOptions(
        index_dir=settings.index_dir,
        cache_path=settings.embedding_cache,
        index_type=settings.index_type,
        max_passage_chars=settings.max_passage_chars,
        batch_size=settings.embed_batch_size,
    )
    return settings, options


def _print(report: UpdateReport) -> None:
    console.print(
        f"updated {report.index_dir} to version {report.version}: "
        f"+{len(report.added)} −{len(report.removed)} reports, now {report.documents} reports "
        f"and {report.passages} passages ({report.embedded} texts embedded), "
        f"{report.seconds:.1f} s; a running service switches on POST /v1/admin/reload"
    )


def _fail(exc: FazhiError) -> typer.Exit:
    err.print(f"[bold red]error[/] ({exc.code}): {exc.message}")
    return typer.Exit(code=2)


def add_command(
    paths: Annotated[list[Path], typer.Argument(help="report files or folders to add")],
    index_dir: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Add reports to an index (a file named like an indexed one replaces it)."""
    from index.build.updating import add_reports
    from index.embed.embedders import make_embedder

    settings, options = _options(index_dir)
    try:
        _print(add_reports(paths, make_embedder(settings.encoder), options))
        publish_if_milvus(settings, store, options.index_dir)
    except FazhiError as exc:
        raise _fail(exc) from exc


def remove_command(
    doc_ids: Annotated[list[str], typer.Argument(help="ids of the reports (fazhi-qa docs)")],
    index_dir: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Remove reports from an index."""
    from index.build.updating import remove_reports
    from index.embed.embedders import make_embedder

    settings, options = _options(index_dir)
    try:
        _print(remove_reports(doc_ids, make_embedder(settings.encoder), options))
        publish_if_milvus(settings, store, options.index_dir)
    except FazhiError as exc:
        raise _fail(exc) from exc
