"""Which Milvus ``FAZHI_STORE`` names, and one client per address per process.

``milvus://host:19530`` (or ``http(s)://…``) is a Milvus server (standalone, a cluster's proxy,
or ``milvus-lite server`` on loopback); a path ending in ``.db`` is Milvus Lite in this process
(pymilvus starts it on 127.0.0.1). ``FAZHI_MILVUS_TOKEN`` and ``FAZHI_MILVUS_DATABASE`` go with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import InvalidInputError

_clients: dict[tuple[str, str, str], Any] = {}
_lock = threading.Lock()
BATCH = 1000


@dataclass(frozen=True)
class MilvusAddress:
    uri: str
    prefix: str = "fazhi"
    token: str = ""
    database: str = ""

    @property
    def label(self) -> str:
        return f"{self.uri}#{self.prefix}"


def is_milvus(store: str) -> bool:
    return store.startswith(("milvus://", "http://", "https://")) or store.endswith(".db")


def parse_address(
    store: str, prefix: str, token: str | None, database: str | None
) -> MilvusAddress:
    """The address of ``FAZHI_STORE`` (not ``local``)."""
    if store.startswith("milvus://"):
        uri = "http://" + store.removeprefix("milvus://")
    elif store.startswith(("http://", "https://")):
        uri = store
    elif store.endswith(".db"):
        uri = str(Path(store).expanduser().resolve())
    else:
        raise InvalidInputError(
            f"unknown store {store!r}: use local, milvus://host:19530 or a path ending in .db",
            {"store": store},
        )
    return MilvusAddress(uri, prefix, token or "", database or "")


def connect(address: MilvusAddress) -> Any:
    """A client of ``address`` (shared within the process: it is thread-safe)."""
    from pymilvus import MilvusClient

    key = (address.uri, address.token, address.database)
    with _lock:
        client = _clients.get(key)
        if client is None:
            if address.uri.endswith(".db"):
                Path(address.uri).parent.mkdir(parents=True, exist_ok=True)
            client = MilvusClient(uri=address.uri, token=address.token, db_name=address.database)
            _clients[key] = client
        return client


def forget(address: MilvusAddress) -> None:
    """Drop the process's client of ``address`` (tests stopping a server)."""
    with _lock:
        client = _clients.pop((address.uri, address.token, address.database), None)
    if client is not None:
        client.close()


def scan(client: Any, name: str, fields: list[str], expr: str = "id >= 0") -> Iterator[dict]:
    """Every row of collection ``name`` matching ``expr``, in batches."""
    iterator = client.query_iterator(name, batch_size=BATCH, filter=expr, output_fields=fields)
    try:
        while batch := iterator.next():
            yield from batch
    finally:
        iterator.close()


def aliases(client: Any) -> set[str]:
    return set(client.list_aliases().get("aliases", []))
