"""Open the store ``FAZHI_STORE`` names: the local folder (default) or Milvus."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from index.config import Settings
from index.errors import FazhiError, StorageError
from index.store.folder.files import read_manifest
from index.store.local import LocalStore
from index.store.protocol import IndexStore


def is_local(settings: Settings) -> bool:
    return settings.store in ("", "local")


def milvus_address(settings: Settings, store: str | None = None) -> Any:
    """The Milvus address of ``store`` (default: ``FAZHI_STORE``) with the settings' token,
    database and collection prefix."""
    from index.store.milvus.client import parse_address

    return parse_address(
        store or settings.store,
        settings.milvus_prefix,
        settings.milvus_token,
        settings.milvus_database,
    )


def open_store(settings: Settings, index_dir: Path | None = None) -> IndexStore:
    """The index the settings name, loaded (``index_dir`` overrides ``FAZHI_INDEX_DIR``)."""
    if is_local(settings):
        return LocalStore.open(index_dir or settings.index_dir, settings.hnsw_ef_search)
    from index.store.milvus.store import MilvusStore

    address = milvus_address(settings)
    try:
        return MilvusStore(address, settings.milvus_bm25, settings.hnsw_ef_search)
    except FazhiError:
        raise
    except Exception as exc:  # unreachable, refused, or a version dropped while reading it
        raise StorageError(
            f"cannot read the index in Milvus at {address.label}: {exc}",
            {"store": address.uri, "prefix": address.prefix},
        ) from exc


def store_manifest(settings: Settings, index_dir: Path | None = None) -> Mapping[str, Any]:
    """The manifest alone, checked before the big files are read (a local folder's); Milvus's
    comes with the store."""
    if is_local(settings):
        return read_manifest(index_dir or settings.index_dir)
    return {}
