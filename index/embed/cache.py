"""A persistent cache of passage embeddings keyed by (encoder, text hash).

An unchanged corpus rebuilds without running the encoder; adding a report embeds only it.
SQLite gives atomic writes and safe concurrent readers for free.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    encoder TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (encoder, key)
)
"""


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors of embedded texts, one SQLite file; ``None`` path means no cache."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        assert self._path is not None
        return sqlite3.connect(self._path, timeout=30)

    def lookup(self, encoder: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self._path is None or not keys:
            return {}
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for offset in range(0, len(keys), 500):
                batch = list(keys[offset : offset + 500])
                marks = ",".join("?" * len(batch))
                rows = db.execute(
                    f"SELECT key, vector FROM embeddings WHERE encoder = ? AND key IN ({marks})",
                    [encoder, *batch],
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def store(self, encoder: str, items: dict[str, np.ndarray]) -> None:
        if self._path is None or not items:
            return
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings (encoder, key, vector) VALUES (?, ?, ?)",
                [(encoder, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def embed(
        self,
        encoder: str,
        texts: Sequence[str],
        compute: Callable[[list[str]], np.ndarray],
        dim: int,
        batch_size: int = 32,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` (cached ones reused) and how many had to be computed."""
        keys = [text_key(t) for t in texts]
        known = self.lookup(encoder, keys)
        # batches of texts of about one length: an encoder pads each batch to its longest text
        missing = sorted(
            {k: i for i, k in enumerate(keys) if k not in known}.values(),
            key=lambda i: len(texts[i]),
        )
        if progress is not None and len(texts) - len(missing):
            progress(len(texts) - len(missing))
        for offset in range(0, len(missing), batch_size):
            batch = missing[offset : offset + batch_size]
            vectors = compute([texts[i] for i in batch])
            fresh = {keys[i]: vectors[row] for row, i in enumerate(batch)}
            self.store(encoder, fresh)
            known.update(fresh)
            if progress is not None:
                progress(len(batch))
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = known[key]
        return out, len(missing)
