"""Whether an index was built from exactly these files with these settings (then a build has
nothing to do: a rebuild of an unchanged corpus only reads and hashes the files)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index.errors import FazhiError
from index.load.sources import SourceFile
from index.metadata.extract import sidecar_path
from index.store.files import read_manifest


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
