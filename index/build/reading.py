"""Reading the reports: each file's metadata, cleaning and passages (the build's "read" stage).

From ``PARALLEL_REPORTS`` reports on, the reports are made in worker processes (forked once the
place tables and the segmenter are loaded, so that the workers share them); the order, the ids
and the handling of second copies and bad files are those of one process.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from index.build.parallel import process_map
from index.chunk.paragraphs import chunk_document
from index.errors import FazhiError
from index.load.declared import declared_titles
from index.load.script import TRADITIONAL, in_original, is_traditional, to_simplified
from index.load.sources import SkippedFile, SourceFile
from index.metadata.extract import apply_sidecar, extract_metadata
from index.metadata.gazetteer import gazetteer
from index.models import Document, Passage
from index.store.lexical.tokenize import bm25_tokens

logger = logging.getLogger(__name__)


def _unique_doc_id(source: SourceFile, content_hash: str, taken: set[str]) -> str:
    stem = Path(source.source).stem
    doc_id = stem if stem not in taken else f"{stem}-{content_hash[:8]}"
    taken.add(doc_id)
    return doc_id


def make_document(
    source: SourceFile, doc_id: str, max_chars: int
) -> tuple[Document, list[Passage]]:
    """A document with its metadata and passages."""
    content_hash = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    traditional = is_traditional(source.text)
    plain = to_simplified(source.text) if traditional else source.text
    declared = [to_simplified(t) if traditional else t for t in declared_titles(source.path)]
    meta = extract_metadata(plain, declared)
    meta = apply_sidecar(replace(meta, script=TRADITIONAL) if traditional else meta, source.path)
    chunked = chunk_document(doc_id, plain, max_chars)
    if traditional:
        chunked = replace(chunked, passages=in_original(doc_id, source.text, chunked.passages))
    doc = Document(
        doc_id=doc_id,
        source=source.source,
        text=source.text,
        content_hash=content_hash,
        meta=meta,
        headings=chunked.outline,
        duplicates=chunked.duplicates,
        removed=chunked.removed,
    )
    return doc, list(chunked.passages)


_FILE_FAILURES = (FazhiError, ValueError, TypeError, OSError, UnicodeError, RecursionError)


def _failure(exc: BaseException) -> str:
    return f"cannot be indexed ({type(exc).__name__}: {str(exc)[:200]})"


ReadJob = tuple[SourceFile, str, int]
Made = tuple[Document, list[Passage]] | str
PARALLEL_REPORTS = 16
"""From this many reports on, they are read (metadata, cleaning, chunking) in worker processes."""


def _made(job: ReadJob) -> Made:
    """A report made from its file, or why it cannot be (one bad file never stops a build)."""
    source, doc_id, max_chars = job
    try:
        return make_document(source, doc_id, max_chars)
    except _FILE_FAILURES as exc:
        return exc.message if isinstance(exc, FazhiError) else _failure(exc)


def _made_in_workers(jobs: list[ReadJob]) -> Iterator[Made]:
    """``_made`` of each job in order, in worker processes when there are enough of them (the
    place tables and the segmenter are loaded first, for the workers to share)."""
    if len(jobs) >= PARALLEL_REPORTS:
        gazetteer()
        bm25_tokens("预热")
    return process_map(_made, jobs, min_items=PARALLEL_REPORTS, chunk=4)


def read_documents(
    sources: Sequence[SourceFile], max_chars: int, advance: Callable[[int], None] | None = None
) -> tuple[list[Document], list[Passage], list[SkippedFile]]:
    """The reports of ``sources`` with their passages, and the files skipped (second copies,
    bad files, no text); ``advance`` hears of each file done."""
    documents: list[Document] = []
    passages: list[Passage] = []
    skipped: list[SkippedFile] = []
    taken: set[str] = set()
    first_of: dict[str, str] = {}
    hashes = [hashlib.sha256(s.text.encode("utf-8")).hexdigest() for s in sources]
    firsts = {h: i for i, h in reversed(list(enumerate(hashes)))}
    ahead = sorted(firsts.values())  # each content's first copy, made in workers beforehand
    jobs = [(sources[i], _unique_doc_id(sources[i], hashes[i], taken), max_chars) for i in ahead]
    made = _made_in_workers(jobs)
    for i, source in enumerate(sources):
        if advance is not None:
            advance(1)
        content_hash = hashes[i]
        if content_hash in first_of:  # a second copy of one report: indexed once
            reason = f"same content as {first_of[content_hash]} (indexed once)"
            logger.warning("skipped %s: %s", source.source, reason)
            skipped.append(SkippedFile(source.source, reason))
            continue
        if firsts[content_hash] == i:
            result = next(made)
        else:  # the first copy could not be indexed: this one is tried (its sidecar may differ)
            result = _made((source, _unique_doc_id(source, content_hash, taken), max_chars))
        if isinstance(result, str):
            logger.warning("skipped %s: %s", source.source, result)
            skipped.append(SkippedFile(source.source, result))
            continue
        first_of[content_hash] = source.source
        doc, parts = result
        if not parts:
            skipped.append(SkippedFile(source.source, "no paragraph text after cleaning"))
            continue
        documents.append(doc)
        passages.extend(parts)
    return documents, passages, skipped
