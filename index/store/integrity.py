"""Checks that an index folder's parts agree with each other before it is served.

The file hashes in the manifest catch damage; these catch a folder whose files were edited and
re-hashed, or written by a broken build: every passage's report present and its text at its
offsets, the manifest's reports and counts the ones held.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index.errors import IndexCorruptError
from index.models import Document, Passage


def _fault(
    manifest: dict[str, Any], documents: Sequence[Document], passages: Sequence[Passage]
) -> str:
    by_id = {d.doc_id: d for d in documents}
    if len(by_id) != len(documents):
        return "holds two reports with one id"
    listed = manifest.get("documents", {})
    if not isinstance(listed, dict) or any(
        doc_id not in by_id or by_id[doc_id].content_hash != digest
        for doc_id, digest in listed.items()
    ):
        return "holds other reports than its manifest lists"
    if "passages" in manifest and manifest["passages"] != len(passages):
        return f"holds {len(passages)} passages, its manifest says {manifest['passages']}"
    for passage in passages:
        doc = by_id.get(passage.doc_id)
        if doc is None:
            return f"has passages of a report it does not hold ({passage.doc_id})"
        if doc.text[passage.start : passage.end] != passage.text:
            return f"has a passage whose text is not at its offsets ({passage.passage_id})"
    return ""


def check_consistency(
    path: Path,
    manifest: dict[str, Any],
    documents: Sequence[Document],
    passages: Sequence[Passage],
) -> None:
    """Raise ``IndexCorruptError`` unless the documents, passages and manifest agree."""
    fault = _fault(manifest, documents, passages)
    if fault:
        raise IndexCorruptError(
            f"the index at {path} {fault}: rebuild with `fazhi-qa build`", {"index_dir": str(path)}
        )


def check_manifest_shape(path: Path, manifest: Any) -> dict[str, Any]:
    """The manifest if it is a JSON object, else ``IndexCorruptError``."""
    if not isinstance(manifest, dict):
        raise IndexCorruptError(
            f"the index manifest at {path} is not a JSON object: rebuild with `fazhi-qa build`",
            {"index_dir": str(path)},
        )
    return manifest
