"""``MilvusStore``: the ``IndexStore`` of an index published into Milvus (``publish``).

Opened on the version the alias ``<prefix>_meta`` names, it reads that version's collections by
their own names to the end, so a rebuild elsewhere never changes what a loaded store answers;
``latest_version`` tells a service that a newer one is out (``service.follow``).

Candidates come from Milvus searches (HNSW for vectors, the sparse inverted index for BM25), a
filter going into the search as ``doc in [...]`` (whole reports) or ``row in [...]``. Exact
scores of chosen rows: vectors fetched once by id and kept (``CACHE_ROWS`` at most per kind),
BM25 by a search restricted to those rows. BM25 is either the project's own weights (``own``,
the default: the same tokenizer and scores as the local index) or Milvus's BM25 function over its
jieba analyzer (``milvus``): measured in ``docs/deploy.md``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import numpy as np

from index.errors import IndexMissingError
from index.models import Document, Passage
from index.store.folder.files import document_from_dict
from index.store.milvus import layout
from index.store.milvus.client import MilvusAddress, aliases, connect, scan
from index.store.milvus.publish import unpack
from index.store.protocol import Found, Kind, LexicalFound, StoreCounts

Lexical = Literal["own", "milvus"]
CACHE_ROWS = 200_000
"""Vectors kept per kind for exact scores (384 floats: 300 MB at most); above, fetched."""
FETCH = 1000


class MilvusStore:
    """One published version of an index in Milvus."""

    def __init__(
        self, address: MilvusAddress, lexical: Lexical = "own", ef_search: int | None = None
    ) -> None:
        self.address = address
        self.lexical_kind = lexical
        self._ef = ef_search or layout.HNSW_EF
        self._client = connect(address)
        self._version = self.latest_version()
        self._names = {
            part: layout.collection(address.prefix, part, self._version) for part in layout.PARTS
        }
        for name in self._names.values():  # a restarted Milvus Lite starts them released
            if str(self._client.get_load_state(name)["state"]) != "Loaded":
                self._client.load_collection(name)
        meta = self._pieces("meta", ["key", "part", "value"])
        self._manifest: dict[str, Any] = meta["manifest"]
        self._vocabulary: dict[str, int] = {t: i for i, t in enumerate(meta["vocabulary"])}
        reports = unpack(meta["reports"])
        self._starts, self._reports = reports["starts"], reports["reports"]
        self._documents = self._read_documents()
        self._passages = self._read_passages()
        self._window_rows = self._read_window_rows()
        position = {d.doc_id: i for i, d in enumerate(self._documents)}
        self.doc_of_row: np.ndarray = np.array(
            [position[p.doc_id] for p in self._passages], np.int64
        )
        self._doc_sizes = np.bincount(self.doc_of_row, minlength=len(self._documents))
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    # -- what it holds -------------------------------------------------------------------------
    @property
    def location(self) -> str:
        return self.address.label

    @property
    def manifest(self) -> Mapping[str, Any]:
        return self._manifest

    @property
    def version(self) -> str:
        return self._version

    def latest_version(self) -> str:
        name = layout.alias(self.address.prefix, "meta")
        if name not in aliases(self._client):
            raise IndexMissingError(
                f"no index in Milvus at {self.address.label}: publish one with "
                "`fazhi-qa build --store …` or `fazhi-qa migrate --to …`",
                {"store": self.address.uri, "prefix": self.address.prefix},
            )
        return layout.version_of(str(self._client.describe_alias(name)["collection_name"]))

    @property
    def documents(self) -> Sequence[Document]:
        return self._documents

    @property
    def passages(self) -> Sequence[Passage]:
        return self._passages

    @property
    def window_rows(self) -> np.ndarray:
        return self._window_rows

    def counts(self) -> StoreCounts:
        return StoreCounts(len(self._documents), len(self._passages), len(self._window_rows))

    def _pieces(self, part: str, fields: list[str]) -> dict[str, Any]:
        found: dict[str, list[tuple[int, str]]] = {}
        for row in scan(self._client, self._names[part], fields):
            found.setdefault(row["key"], []).append((row["part"], row["value"]))
        return {
            key: json.loads("".join(v for _, v in sorted(parts))) for key, parts in found.items()
        }

    def _read_documents(self) -> tuple[Document, ...]:
        records = self._pieces("documents", ["key", "part", "value", "doc"])
        order: dict[str, int] = {}
        for row in scan(self._client, self._names["documents"], ["key", "doc"], "part == 0"):
            order[row["key"]] = int(row["doc"])
        return tuple(
            document_from_dict(records[key]) for key in sorted(order, key=lambda key: order[key])
        )

    def _read_passages(self) -> tuple[Passage, ...]:
        rows = sorted(
            (int(r["id"]), r["record"])
            for r in scan(self._client, self._names["passages"], ["id", "record"])
        )
        return tuple(Passage.from_dict(json.loads(record)) for _, record in rows)

    def _read_window_rows(self) -> np.ndarray:
        pairs = sorted(
            (int(r["id"]), int(r["row"]))
            for r in scan(self._client, self._names["windows"], ["id", "row"])
        )
        return np.array([row for _, row in pairs], dtype=np.int64)

    # -- filters -------------------------------------------------------------------------------
    def _size(self, kind: Kind) -> int:
        return len(self._passages) if kind == "passage" else int(self._window_rows.size)

    def _expr(self, allowed: np.ndarray | None) -> str:
        """A filter of allowed passage rows: whole reports by ``doc``, else rows by ``row``."""
        if allowed is None:
            return ""
        count = int(np.count_nonzero(allowed))
        if count == allowed.size:
            return ""
        docs = np.unique(self.doc_of_row[allowed])
        if int(self._doc_sizes[docs].sum()) == count:
            return f"doc in {docs.tolist()}"
        return f"row in {np.flatnonzero(allowed).tolist()}"

    def _name(self, kind: Kind) -> str:
        return self._names["passages" if kind == "passage" else "windows"]

    # -- dense ---------------------------------------------------------------------------------
    def dense_search(
        self, kind: Kind, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> Found:
        size = self._size(kind)
        if size == 0 or k <= 0 or (allowed is not None and not allowed.any()):
            return Found.empty()
        limit = min(k, size, layout.TOPK_LIMIT)
        hits = self._client.search(
            self._name(kind),
            data=[np.asarray(vector, np.float32).tolist()],
            anns_field="vector",
            limit=limit,
            filter=self._expr(allowed),
            output_fields=["id"],
            search_params={"metric_type": "IP", "params": {"ef": max(self._ef, limit)}},
        )[0]
        scores = np.array([h["distance"] for h in hits], dtype=np.float32)
        return Found(scores, np.array([h["id"] for h in hits], dtype=np.int64))

    def dense_scores(self, kind: Kind, vector: np.ndarray, ids: np.ndarray | None) -> np.ndarray:
        if ids is None:
            ids = np.arange(self._size(kind))
        if ids.size == 0:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._vectors(kind, ids) @ vector, dtype=np.float32)

    def _vectors(self, kind: Kind, ids: np.ndarray) -> np.ndarray:
        size = self._size(kind)
        if size > CACHE_ROWS:
            unique, back = np.unique(ids, return_inverse=True)
            return self._fetch(kind, unique)[back]
        if kind not in self._cache:
            dim = int(self._manifest["dim"])
            self._cache[kind] = (np.zeros((size, dim), np.float32), np.zeros(size, bool))
        vectors, have = self._cache[kind]
        missing = np.unique(ids[~have[ids]])
        if missing.size:
            vectors[missing] = self._fetch(kind, missing)
            have[missing] = True
        return vectors[ids]

    def _fetch(self, kind: Kind, ids: np.ndarray) -> np.ndarray:
        """The vectors of ``ids`` (distinct), in that order."""
        out = np.zeros((ids.size, int(self._manifest["dim"])), np.float32)
        place = {int(i): p for p, i in enumerate(ids.tolist())}
        for start in range(0, ids.size, FETCH):
            chunk = ids[start : start + FETCH].tolist()
            for row in self._client.query(self._name(kind), ids=chunk, output_fields=["vector"]):
                out[place[int(row["id"])]] = row["vector"]
        return out

    # -- BM25 ----------------------------------------------------------------------------------
    def _query(self, tokens: Sequence[str]) -> Any:
        if self.lexical_kind == "milvus":
            return " ".join(tokens) or None
        counts = Counter(self._vocabulary[t] for t in tokens if t in self._vocabulary)
        return {token: float(n) for token, n in counts.items()} or None

    def _lexical(self, query: Any, limit: int, expr: str) -> tuple[np.ndarray, np.ndarray]:
        own = self.lexical_kind == "own"
        hits = self._client.search(
            self._names["passages"],
            data=[query],
            anns_field="sparse" if own else "bm25",
            limit=min(limit, layout.TOPK_LIMIT),
            filter=expr,
            output_fields=["id"],
            search_params={"metric_type": "IP" if own else "BM25"},
        )[0]
        # Milvus Lite reports BM25 as a negative distance (smaller is closer); a server positive
        scores = np.abs(np.array([h["distance"] for h in hits], dtype=np.float32))
        rows = np.array([h["id"] for h in hits], dtype=np.int64)
        keep = scores > 0
        return scores[keep], rows[keep]

    def lexical_search(
        self, tokens: Sequence[str], k: int, allowed: np.ndarray | None = None
    ) -> LexicalFound:
        query = self._query(tokens)
        if query is None or k <= 0 or (allowed is not None and not allowed.any()):
            return LexicalFound(np.zeros(0, np.float32), np.zeros(0, np.int64), 0.0)
        scores, rows = self._lexical(query, k, self._expr(allowed))
        total = len(self._passages) if allowed is None else int(np.count_nonzero(allowed))
        floor = float(scores.min()) if rows.size >= total else 0.0
        return LexicalFound(scores, rows, floor)

    def lexical_scores(self, tokens: Sequence[str], rows: np.ndarray | None) -> np.ndarray:
        size = len(self._passages)
        chosen = np.arange(size) if rows is None else rows
        out = np.zeros(chosen.size, dtype=np.float32)
        query = self._query(tokens)
        if query is None or chosen.size == 0:
            return out
        if rows is None and size <= layout.TOPK_LIMIT:
            scores, found = self._lexical(query, size, "")
            out[found] = scores
            return out
        for start in range(0, chosen.size, layout.TOPK_LIMIT):
            part = chosen[start : start + layout.TOPK_LIMIT]
            scores, found = self._lexical(query, part.size, f"row in {part.tolist()}")
            at = {int(r): i for i, r in enumerate(part.tolist())}
            out[[start + at[int(r)] for r in found.tolist()]] = scores
        return out

    def reports_with(self, tokens: Sequence[str], every: bool = True) -> np.ndarray:
        """From the per-report term lists read at load (``publish.report_postings``): reports
        holding every token somewhere, a superset of those holding them in one passage."""
        found: np.ndarray | None = None
        for token in tokens:
            token_id = self._vocabulary.get(token)
            if token_id is None:
                if every:
                    return np.zeros(0, np.int64)
                continue
            docs = self._reports[self._starts[token_id] : self._starts[token_id + 1]]
            if found is None:
                found = docs
            elif every:
                found = np.intersect1d(found, docs, assume_unique=True)
            else:
                found = np.union1d(found, docs)
        return np.zeros(0, np.int64) if found is None else found.astype(np.int64)

    def report_runs(self, tokens: Sequence[str], every: bool = True) -> Iterator[np.ndarray]:
        yield self.reports_with(tokens, every)

    def vocabulary(self) -> Iterable[str]:
        return (token for token in self._vocabulary if token)
