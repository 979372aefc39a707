"""The digests of an index folder's files, kept in its manifest and checked when it is read:
every file hashed whole when written, and when read those up to ``WHOLE_HASH_BYTES`` whole and
larger ones by a sample, so that a damaged or changed file is refused."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from index.errors import IndexCorruptError

MANIFEST = "manifest.json"
"""The file that holds the digests (and is not hashed itself)."""
WHOLE_HASH_BYTES = 64 << 20
"""Files up to this size are hashed whole when an index is loaded; larger ones (vectors, BM25
matrix at scale) by their size and the digest of their first and last MiB (``_sample``), so
that loading a million passages does not read gigabytes (the full digests stay in the
manifest: ``index.store.folder.files.verify_index``)."""
SAMPLE_BYTES = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sample(path: Path) -> str:
    """The digest of a large file's size, first and last MiB."""
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(SAMPLE_BYTES))
        handle.seek(max(0, path.stat().st_size - SAMPLE_BYTES))
        digest.update(handle.read(SAMPLE_BYTES))
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST]


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file's digest, the files hashed in threads (hashlib lets go of the GIL)."""
    files = _files(folder)
    with ThreadPoolExecutor(max(1, min(len(files), os.cpu_count() or 1))) as pool:
        digests = list(pool.map(_sha256, files))
    return {str(p.relative_to(folder)): digest for p, digest in zip(files, digests, strict=True)}


def large_file_samples(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): _sample(p)
        for p in _files(folder)
        if p.stat().st_size > WHOLE_HASH_BYTES
    }


def verify_files(path: Path, manifest: dict[str, Any], whole: bool = False) -> None:
    """Every file of the manifest present and unchanged: hashed whole up to
    ``WHOLE_HASH_BYTES`` (all of them if ``whole``), larger ones by their sample."""
    expected: dict[str, str] = manifest.get("files", {})
    samples: dict[str, str] = manifest.get("samples", {})
    damaged = sorted(
        name
        for name, digest in expected.items()
        if not _unchanged(path / name, digest, None if whole else samples.get(name))
    )
    if damaged:
        raise IndexCorruptError(
            f"the index at {path} is damaged ({', '.join(damaged[:5])} missing or changed): "
            "rebuild with `fazhi-qa build`",
            {"files": damaged},
        )


def _unchanged(file: Path, digest: str, sample: str | None) -> bool:
    if not file.is_file():
        return False
    if sample is not None and file.stat().st_size > WHOLE_HASH_BYTES:
        return _sample(file) == sample
    return _sha256(file) == digest
