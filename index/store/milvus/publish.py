"""Publish an index version into Milvus: new versioned collections, then one alias swap.

The vectors and BM25 weights are copied from a built index (``index.store.folder.files``), never
embedded again: ``fazhi-qa build --store milvus://…`` builds the folder (embeddings from the
encoder and its cache) and publishes it, ``fazhi-qa migrate --to …`` publishes an existing one,
``add`` / ``remove`` change the folder and publish the result. A version is complete before the
alias ``<prefix>_meta`` moves to it; the previous version is kept (requests still reading it
finish), older ones are dropped.
"""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from index.embed.representation import lexical_text
from index.models import Document
from index.store.folder.files import StoredIndex, document_to_dict
from index.store.milvus import layout
from index.store.milvus.client import MilvusAddress, aliases, connect
from index.store.vector.vectors import row_vectors

logger = logging.getLogger(__name__)
BATCH = 256
KEEP = 2
"""Versions kept: the current one and the one before (read by requests already running)."""


def publish(index: StoredIndex, address: MilvusAddress, keep: int = KEEP) -> str:
    """Copy ``index`` into new collections, point the aliases at them; the new version."""
    client = connect(address)
    version = layout.new_version()
    dim = int(index.manifest["dim"])
    names = {part: layout.collection(address.prefix, part, version) for part in layout.PARTS}
    try:
        for part, name in names.items():
            client.create_collection(
                name,
                schema=layout.schema_of(part, dim),
                index_params=layout.index_params(client, part),
            )
        _insert(client, names["passages"], _passage_rows(index))
        _insert(client, names["windows"], _window_rows(index))
        _insert(client, names["documents"], _document_rows(index.documents))
        _insert(client, names["meta"], _meta_rows(index))
    except Exception:
        for name in names.values():
            if client.has_collection(name):
                client.drop_collection(name)
        raise
    for part in ("passages", "windows", "documents", "meta"):  # meta last: the switch
        _point(client, layout.alias(address.prefix, part), names[part])
    _drop_old(client, address.prefix, keep)
    logger.info("published %s version %s", address.label, version)
    return version


def _insert(client: Any, name: str, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            client.insert(name, batch)
            batch = []
    if batch:
        client.insert(name, batch)
    client.flush(name)


def _scalars(position: int, doc: Document) -> dict[str, Any]:
    meta = doc.meta
    return {
        "doc": position,
        "doc_id": doc.doc_id,
        "region": meta.region,
        "parents": list(meta.parents[-layout.MAX_PARENTS :]),
        "level": meta.level,
        "year": meta.year or 0,
    }


def sparse_rows(bm25: Any) -> list[dict[int, float]]:
    """Each passage's BM25 term weights (bm25s's score matrix, read by row): a query's score
    is their inner product with its token counts, as bm25s computes it."""
    scores = bm25.scores
    indptr = np.asarray(scores["indptr"])
    rows = np.asarray(scores["indices"])
    data = np.asarray(scores["data"], dtype=np.float32)
    tokens = np.repeat(np.arange(indptr.size - 1), np.diff(indptr))
    order = np.argsort(rows, kind="stable")
    rows, tokens, data = rows[order], tokens[order], data[order]
    bounds = np.searchsorted(rows, np.arange(int(scores["num_docs"]) + 1))
    return [
        dict(zip(tokens[a:b].tolist(), data[a:b].tolist(), strict=True))
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _passage_rows(index: StoredIndex) -> Iterator[dict[str, Any]]:
    position = {d.doc_id: i for i, d in enumerate(index.documents)}
    weights = sparse_rows(index.bm25)
    vectors = row_vectors(index.dense)
    for row, passage in enumerate(index.passages):
        doc = index.documents[position[passage.doc_id]]
        yield {
            "id": row,
            "row": row,
            **_scalars(position[passage.doc_id], doc),
            "kind": passage.kind,
            "record": json.dumps(passage.to_dict(), ensure_ascii=False),
            "text": lexical_text(doc.meta, passage),
            "vector": np.asarray(vectors[row], np.float32).tolist(),
            "sparse": weights[row] or {0: 0.0},
        }


def _window_rows(index: StoredIndex) -> Iterator[dict[str, Any]]:
    position = {d.doc_id: i for i, d in enumerate(index.documents)}
    for window, row in enumerate(index.windows.rows.tolist()):
        doc_id = index.passages[row].doc_id
        yield {
            "id": window,
            "row": row,
            **_scalars(position[doc_id], index.documents[position[doc_id]]),
            "vector": np.asarray(index.windows.vectors[window], np.float32).tolist(),
        }


def pieces(text: str) -> list[str]:
    return [text[i : i + layout.PIECE] for i in range(0, len(text), layout.PIECE)] or [""]


def _document_rows(documents: Sequence[Document]) -> Iterator[dict[str, Any]]:
    number = 0
    for position, doc in enumerate(documents):
        record = json.dumps(document_to_dict(doc), ensure_ascii=False)
        for part, piece in enumerate(pieces(record)):
            yield {
                "id": number,
                "key": doc.doc_id,
                "part": part,
                "value": piece,
                **_scalars(position, doc),
                "_v": [0.0, 0.0],
            }
            number += 1


def report_postings(index: StoredIndex) -> tuple[np.ndarray, np.ndarray]:
    """Per BM25 term, the positions of the reports some passage of which holds it (CSR:
    ``reports[starts[t]:starts[t + 1]]``): the term → report facts, without the rows."""
    position = {d.doc_id: i for i, d in enumerate(index.documents)}
    doc_of_row = np.array([position[p.doc_id] for p in index.passages], dtype=np.int64)
    indptr = np.asarray(index.bm25.scores["indptr"], dtype=np.int64)
    terms = np.repeat(np.arange(indptr.size - 1), np.diff(indptr))
    docs = doc_of_row[np.asarray(index.bm25.scores["indices"], dtype=np.int64)]
    pairs = np.unique(terms * max(len(index.documents), 1) + docs)
    pair_terms, pair_docs = np.divmod(pairs, max(len(index.documents), 1))
    starts = np.searchsorted(pair_terms, np.arange(indptr.size), "left")
    return starts.astype(np.int64), pair_docs.astype(np.int32)


def pack(starts: np.ndarray, reports: np.ndarray) -> str:
    """The report postings as text for a meta piece (compressed NumPy arrays in base64)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, starts=starts, reports=reports)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def unpack(text: str) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _meta_rows(index: StoredIndex) -> Iterator[dict[str, Any]]:
    vocabulary = [""] * len(index.bm25.vocab_dict)
    for token, token_id in index.bm25.vocab_dict.items():
        vocabulary[token_id] = token
    starts, reports = report_postings(index)
    packed = pack(starts, reports)
    number = 0
    values = (("manifest", dict(index.manifest)), ("vocabulary", vocabulary), ("reports", packed))
    for key, value in values:
        for part, piece in enumerate(pieces(json.dumps(value, ensure_ascii=False))):
            yield {"id": number, "key": key, "part": part, "value": piece, "_v": [0.0, 0.0]}
            number += 1


def _point(client: Any, name: str, target: str) -> None:
    if name in aliases(client):
        client.alter_alias(target, name)
    else:
        client.create_alias(target, name)


def _drop_old(client: Any, prefix: str, keep: int) -> None:
    """Drop every version but the ``keep`` newest (names sort by their version's time)."""
    versions: dict[str, list[str]] = {}
    for name in client.list_collections():
        for part in layout.PARTS:
            if name.startswith(f"{prefix}_{part}_v"):
                versions.setdefault(layout.version_of(name), []).append(name)
    for version in sorted(versions, key=lambda v: int(v[1:]))[:-keep]:
        for name in versions[version]:
            client.drop_collection(name)
