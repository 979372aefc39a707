"""``fazhi-qa add`` and ``fazhi-qa remove``: change an index without rebuilding it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from index.errors import FazhiError
from service.cli.common import IndexOpt, StoreOpt, build_options, console, fail, settings_for
from service.cli.store import publish_if_milvus

if TYPE_CHECKING:  # imported when a command runs: the CLI starts without FAISS or jieba
    from index.build.builder import BuildOptions
    from index.build.updating import UpdateReport
    from index.embed.embedders import Embedder

    Change = Callable[[Embedder, BuildOptions], UpdateReport]


def add_command(
    paths: Annotated[list[Path], typer.Argument(help="report files or folders to add")],
    index_dir: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Add reports to an index (a file named like an indexed one replaces it)."""
    from index.build.updating import add_reports

    _update(lambda embedder, options: add_reports(paths, embedder, options), index_dir, store)


def remove_command(
    doc_ids: Annotated[list[str], typer.Argument(help="ids of the reports (fazhi-qa docs)")],
    index_dir: IndexOpt = None,
    store: StoreOpt = None,
) -> None:
    """Remove reports from an index."""
    from index.build.updating import remove_reports

    _update(lambda embedder, options: remove_reports(doc_ids, embedder, options), index_dir, store)


def _update(change: Change, index_dir: Path | None, store: str | None) -> None:
    """Apply ``change`` to the index, print what it did, publish it if the store is Milvus."""
    from index.embed.embedders import make_embedder

    settings = settings_for(index_dir)
    options = build_options(settings, keep_unchanged=False)
    try:
        _print(change(make_embedder(settings.encoder), options))
        publish_if_milvus(settings, store, options.index_dir)
    except FazhiError as exc:
        raise fail(exc) from exc


def _print(report: UpdateReport) -> None:
    console.print(
        f"updated {report.index_dir} to version {report.version}: "
        f"+{len(report.added)} −{len(report.removed)} reports, now {report.documents} reports "
        f"and {report.passages} passages ({report.embedded} texts embedded), "
        f"{report.seconds:.1f} s; a running service switches on POST /v1/admin/reload"
    )
