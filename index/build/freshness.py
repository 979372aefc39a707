"""Whether an index was built from exactly these files with these settings by this version of the
build code (then a build has nothing to do: a rebuild of an unchanged corpus only reads and
hashes the files)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import index
from index.errors import FazhiError
from index.load.sources import SourceFile
from index.metadata.extract import sidecar_path
from index.store.folder.files import FORMAT_VERSION, read_manifest


def source_hashes(files: Sequence[SourceFile]) -> dict[str, str]:
    """Each file's text hash, with its metadata sidecar's content if it has one."""
    hashes = {}
    for source in files:
        digest = hashlib.sha256(source.text.encode("utf-8"))
        sidecar = sidecar_path(source.path)
        if sidecar is not None:
            digest.update(sidecar.read_bytes())
        hashes[source.source] = digest.hexdigest()
    return hashes


def unchanged(index_dir: Path, settings: dict[str, Any], hashes: dict[str, str]) -> bool:
    """The index at ``index_dir`` has these build ``settings`` and source ``hashes``."""
    try:
        manifest = read_manifest(index_dir)
    except FazhiError:
        return False
    same = all(manifest.get(key) == value for key, value in settings.items())
    return same and manifest.get("sources") == hashes and (index_dir / "passages.jsonl").is_file()


@cache
def build_code() -> str:
    """The version of the code that makes an index: the index format, the package's version and
    a digest of every source and data file of the build side (``index/``). It is one of a
    build's settings, so a changed build (chunking, metadata, tokenising rules) rebuilds an
    unchanged corpus without ``--force``."""
    try:
        version = metadata.version("fazhi-qa")
    except metadata.PackageNotFoundError:
        version = "unknown"
    root = Path(index.__file__).resolve().parent
    return f"{FORMAT_VERSION}-{version}-{source_digest(root)[:16]}"


def source_digest(root: Path) -> str:
    """The digest of every file under ``root`` (names and contents; compiled files left out)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
