"""``fazhi-qa build``: an index from report files, with a progress bar per build stage."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from index.errors import FazhiError
from service.cli.common import (
    EncoderOpt,
    IndexOpt,
    StoreOpt,
    build_options,
    console,
    err,
    fail,
    settings_for,
)
from service.cli.store import publish_if_milvus

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from index.build.builder import BuildOptions, BuildReport
    from index.config import Settings
    from index.embed.distributed import RayEmbedder
    from index.embed.embedders import Embedder

PathsArg = Annotated[list[Path] | None, typer.Argument(help="files or folders (default: seeds/)")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="do not reuse embeddings")]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="rebuild even when the files and settings are unchanged")
]
RayOpt = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="auto|ADDRESS",
        help="embed on a Ray cluster: auto (this machine's, or a new local one) or its address",
    ),
]


class StageBars:
    """Shows each stage the builder reports (``index.build.stages.StageHook``) as a bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, tuple[TaskID, float]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            task = self._progress.add_task(stage, total=total, rate="")
            self._tasks[stage] = (task, time.perf_counter())
        task, started = self._tasks[stage]
        elapsed = time.perf_counter() - started
        fields: dict[str, Any] = {"rate": f"{done / elapsed:,.0f}/s" if elapsed > 0.5 else ""}
        self._progress.update(task, completed=done, total=total, **fields)


def build_command(
    paths: PathsArg = None,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    no_cache: NoCacheOpt = False,
    force: ForceOpt = False,
    ray: RayOpt = None,
    store: StoreOpt = None,
) -> None:
    """Build the index from report files (txt, md, html, docx, pdf)."""
    from index.embed.embedders import make_embedder

    _quiet_build_logs()
    settings = settings_for(index_dir, encoder)
    options = build_options(settings, cached=not no_cache, keep_unchanged=not force)
    cluster: RayEmbedder | None = None
    try:
        cluster = None if ray is None else _ray(settings, ray)
        embedder = make_embedder(settings.encoder) if cluster is None else cluster
        if cluster is not None:  # enough texts at once to keep each of its workers busy
            options = replace(options, batch_size=cluster.texts_per_call)
        report = _build_with_bars(paths or [Path("seeds")], embedder, options)
        publish_if_milvus(settings, store, settings.index_dir)
    except FazhiError as exc:
        raise fail(exc) from exc
    finally:
        if cluster is not None:
            cluster.close()
    _print(report)


def _build_with_bars(paths: list[Path], embedder: Embedder, options: BuildOptions) -> BuildReport:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from index.build.builder import build_index

    columns = (
        TextColumn("{task.description:<8}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        return build_index(paths, embedder, options, stages=StageBars(bar))


def _print(report: BuildReport) -> None:
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
    """Each skipped file is printed once, with its reason: the builder's own warning and
    pypdf's raw complaints ("EOF marker not found") are not shown as well."""
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    logging.getLogger("index").setLevel(logging.ERROR)
