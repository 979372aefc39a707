"""What an engine is made of, read from the settings: the index's store, the encoder (checked
against the one the index was built with before its large files are read), fusion, reranking
and the answer threshold."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from index.config import Settings
from index.embed.embedders import Embedder, make_embedder
from index.errors import EncoderMismatchError
from index.store.opening import open_store, store_manifest
from index.store.protocol import IndexStore
from qa.retrieve.fusion import FusionConfig
from qa.retrieve.rerank import RerankConfig, Reranker, make_reranker


class EngineParts(NamedTuple):
    """The arguments of ``qa.engine.Engine``, in its order."""

    store: IndexStore
    embedder: Embedder
    fusion: FusionConfig
    reranker: Reranker | None
    rerank_config: RerankConfig
    threshold: float | None


def configured_parts(
    index_dir: str | Path | None = None,
    encoder: str | Embedder | None = None,
    settings: Settings | None = None,
) -> EngineParts:
    """The index (default: ``FAZHI_STORE``: the folder ``FAZHI_INDEX_DIR``, or Milvus) opened
    with the configured encoder, fusion, reranker and threshold."""
    settings = settings or Settings()
    path = Path(index_dir) if index_dir is not None else settings.index_dir
    manifest = store_manifest(settings, path)
    spec = encoder if encoder is not None else settings.encoder
    embedder = make_embedder(spec) if isinstance(spec, str) else spec
    if manifest:  # before the big files
        check_encoder(path, manifest, embedder)
    fusion = FusionConfig(
        dense_weight=settings.dense_weight,
        window_share=settings.window_share,
        candidates=settings.candidates,
        exact_rows=settings.exact_rows,
    )
    reranker = make_reranker(settings.reranker)
    rerank_config = RerankConfig(settings.rerank_top, settings.rerank_weight)
    store = open_store(settings, path)
    return EngineParts(store, embedder, fusion, reranker, rerank_config, settings.answer_threshold)


def check_encoder(path: Path | str, manifest: Mapping[str, Any], embedder: Embedder) -> None:
    """Refuse an index built with another encoder than ``embedder``."""
    if manifest.get("encoder") == embedder.name:
        return
    raise EncoderMismatchError(
        f"the index at {path} was built with encoder {manifest.get('encoder')!r} but "
        f"{embedder.name!r} is configured: set FAZHI_ENCODER to the index's encoder "
        "or rebuild with `fazhi-qa build`",
        {"index_encoder": manifest.get("encoder"), "configured": embedder.name},
    )
