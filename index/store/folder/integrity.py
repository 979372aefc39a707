"""Checks that an index folder's parts agree with each other before it is served.

The file hashes in the manifest catch damage; these catch a folder whose files were edited and
re-hashed, or written by a broken build: every passage's report present and its text at its
offsets, the manifest's reports and counts the ones held.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexCorruptError
from index.models import Document, Passage
from index.store.folder.passages import row_sample


def _fault(
    manifest: dict[str, Any],
    documents: Sequence[Document],
    passages: Sequence[Passage],
    doc_rows: np.ndarray | None,
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
    if doc_rows is not None and doc_rows.size != len(passages):
        return f"holds {doc_rows.size} passage rows for {len(passages)} passages"
    if (
        doc_rows is not None
        and doc_rows.size
        and not 0 <= doc_rows.min() <= doc_rows.max() < len(documents)
    ):
        return "has passages of a report it does not hold"
    for row in row_sample(len(passages), every_below=2_000):
        passage = passages[row]
        doc = by_id.get(passage.doc_id)
        if doc is None:
            return f"has passages of a report it does not hold ({passage.doc_id})"
        if doc_rows is not None and documents[int(doc_rows[row])].doc_id != passage.doc_id:
            return f"has a passage filed under another report ({passage.passage_id})"
        if doc.text[passage.start : passage.end] != passage.text:
            return f"has a passage whose text is not at its offsets ({passage.passage_id})"
    return ""


def check_consistency(
    path: Path,
    manifest: dict[str, Any],
    documents: Sequence[Document],
    passages: Sequence[Passage],
    doc_rows: np.ndarray | None = None,
) -> None:
    """Raise ``IndexCorruptError`` unless the documents, passages and manifest agree
    (``doc_rows``: each passage's report position, as stored; above 2,000 passages a sample of
    2,000 spread over them is read)."""
    fault = _fault(manifest, documents, passages, doc_rows)
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
