"""The Milvus collections of one index version, and the alias that names the current one.

Per version ``v`` (``v`` + milliseconds since 1970, so names sort by age) and prefix ``p``:

* ``p_passages_v``: one row per passage (primary key: its row), the passage as JSON, its text
  (analysed by Milvus's jieba tokenizer, feeding a BM25 function into ``bm25``), its vector
  (HNSW, inner product), its BM25 term weights from the project's own tokenizer (``sparse``:
  ``index.store.lexical.tokenize``, the same weights as the local bm25s index), and the scalar
  fields every filter uses: ``doc`` (report position), ``doc_id``, ``region``, ``parents`` (the
  chain above it), ``level``, ``year``, ``kind``;
* ``p_windows_v``: one row per sentence window: its passage ``row``, the same scalar fields, its
  vector;
* ``p_documents_v``: the reports (their JSON in pieces of ``PIECE`` characters) and metadata;
* ``p_meta_v``: the manifest and the BM25 vocabulary (JSON in pieces).

The alias ``p_meta`` names the current version's meta collection: moving it is the one atomic
step of a rebuild (readers resolve it once, then read that version's collections by name). The
aliases ``p_passages``, ``p_windows`` and ``p_documents`` follow for people and tools.
"""

from __future__ import annotations

import re
import time
from typing import Any

from pymilvus import DataType, Function, FunctionType, MilvusClient

PARTS = ("passages", "windows", "documents", "meta")
PIECE = 16_000
"""Characters of JSON per VARCHAR piece (at most 3 bytes each in UTF-8: under 65,535 bytes)."""
TEXT_BYTES = 65_535
NAME_BYTES = 256
MAX_PARENTS = 8
HNSW_PARAMS = {"M": 16, "efConstruction": 200}
HNSW_EF = 1024
"""Candidates HNSW keeps while searching (as the local index's ``HNSW_EF_SEARCH``)."""
TOPK_LIMIT = 16_384
"""Milvus's largest ``limit`` of one search."""
_VERSION = re.compile(r"_(v\d+)$")


def new_version() -> str:
    return f"v{time.time_ns() // 1_000_000}"


def collection(prefix: str, part: str, version: str) -> str:
    return f"{prefix}_{part}_{version}"


def alias(prefix: str, part: str) -> str:
    return f"{prefix}_{part}"


def version_of(name: str) -> str:
    """The version suffix of a collection name."""
    found = _VERSION.search(name)
    if found is None:
        raise ValueError(f"not a versioned collection name: {name}")
    return found.group(1)


def _scalars(schema: Any) -> None:
    schema.add_field("doc", DataType.INT32)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field("region", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field(
        "parents",
        DataType.ARRAY,
        element_type=DataType.VARCHAR,
        max_capacity=MAX_PARENTS,
        max_length=NAME_BYTES,
    )
    schema.add_field("level", DataType.VARCHAR, max_length=32)
    schema.add_field("year", DataType.INT32)


def passages_schema(dim: int) -> Any:
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    _scalars(schema)
    schema.add_field("kind", DataType.VARCHAR, max_length=32)
    schema.add_field("record", DataType.VARCHAR, max_length=TEXT_BYTES)
    schema.add_field(
        "text",
        DataType.VARCHAR,
        max_length=TEXT_BYTES,
        enable_analyzer=True,
        analyzer_params={"tokenizer": "jieba"},
    )
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(
            name="text_bm25",
            function_type=FunctionType.BM25,
            input_field_names=["text"],
            output_field_names=["bm25"],
        )
    )
    return schema


def windows_schema(dim: int) -> Any:
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    _scalars(schema)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    return schema


def pieces_schema(with_scalars: bool) -> Any:
    """Documents (with their scalar fields) or meta: JSON in pieces. Milvus wants a vector field
    in every collection: ``_v`` is a 2-dimensional placeholder."""
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("key", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field("part", DataType.INT32)
    schema.add_field("value", DataType.VARCHAR, max_length=TEXT_BYTES)
    if with_scalars:
        _scalars(schema)
    schema.add_field("_v", DataType.FLOAT_VECTOR, dim=2)
    return schema


def index_params(client: MilvusClient, part: str) -> Any:
    params = client.prepare_index_params()
    if part in ("passages", "windows"):
        params.add_index("vector", index_type="HNSW", metric_type="IP", params=HNSW_PARAMS)
    else:
        params.add_index("_v", index_type="FLAT", metric_type="L2")
    if part == "passages":
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        params.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    return params


def schema_of(part: str, dim: int) -> Any:
    if part == "passages":
        return passages_schema(dim)
    if part == "windows":
        return windows_schema(dim)
    return pieces_schema(with_scalars=part == "documents")
