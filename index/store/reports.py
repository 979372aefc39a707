"""Reports on disk: the query side holds each report's metadata and outline, not its text.

- ``documents.jsonl``: one line per report (id, source, hash, metadata, headings, collapsed and
  removed spans), with where its text is (``text_at``: byte offset and length) and the names
  its text puts in quotation marks (``quoted``, found once here instead of at every load) —
  not the text itself.
- ``report_texts.txt``: every report's text in UTF-8, one after another, memory-mapped.

A report read from a folder is a ``StoredDocument``: a ``Document`` whose ``text`` is decoded
from the mapped file when asked (a few tens of microseconds for a report; the last few are
remembered), so loading reads no report text and the reports' memory is their metadata.
"""

from __future__ import annotations

import json
import mmap
import re
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Document, DocumentMeta

DOCUMENTS_FILE = "documents.jsonl"
TEXTS_FILE = "report_texts.txt"
TEXT_MEMO = 64
"""Report texts decoded lately, remembered (a question reads its named reports more than once)."""
QUOTED = re.compile(r"[“「\"]([\u4e00-\u9fff]{3,6})[”」\"]")
"""A name a report puts in quotation marks (“援法议事”): what the sound speller
(``qa.analyse.spelling``) knows beside the BM25 vocabulary."""


def quoted_names(doc: Document) -> tuple[str, ...]:
    """The names ``doc``'s text quotes (stored with a report read from a folder)."""
    stored = doc.__dict__.get("_quoted")
    if stored is not None:
        return tuple(stored)
    return tuple(dict.fromkeys(QUOTED.findall(doc.text)))


class ReportTextFile:
    """The mapped ``report_texts.txt`` of an index folder."""

    def __init__(self, folder: Path) -> None:
        path = Path(folder) / TEXTS_FILE
        with path.open("rb") as handle:
            size = path.stat().st_size
            self._data: bytes | mmap.mmap = (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )
        self.text = lru_cache(maxsize=TEXT_MEMO)(self._decode)

    def __len__(self) -> int:
        return len(self._data)

    def raw(self, offset: int, length: int) -> bytes:
        """The UTF-8 bytes of a text."""
        return self._data[offset : offset + length]

    def _decode(self, offset: int, length: int) -> str:
        return self.raw(offset, length).decode("utf-8")


class _TextOnDisk:
    """``StoredDocument.text``: the text given to the constructor if any (a copy made with
    ``dataclasses.replace``), else read from the report file."""

    def __get__(self, doc: StoredDocument | None, owner: type | None = None) -> Any:
        if doc is None:
            return self
        state = doc.__dict__
        held = state.get("_text")
        return held if held is not None else state["_file"].text(*state["_at"])

    def __set__(self, doc: StoredDocument, value: str) -> None:
        doc.__dict__["_text"] = value


class StoredDocument(Document):
    """A report whose text stays in the index folder until read (see the module)."""

    text = _TextOnDisk()  # type: ignore[assignment]

    @classmethod
    def stored(
        cls, data: dict[str, Any], file: ReportTextFile, quoted: Sequence[str]
    ) -> StoredDocument:
        doc = cls.__new__(cls)
        doc.__dict__.update(
            _fields(data), _file=file, _at=tuple(data["text_at"]), _quoted=tuple(quoted)
        )
        return doc

    def raw_text(self) -> bytes | None:
        """The text's UTF-8 bytes as stored (None for a copy holding its own text)."""
        state = self.__dict__
        return None if "_text" in state else state["_file"].raw(*state["_at"])

    def __eq__(self, other: object) -> bool:  # the same report as a ``Document`` of its fields
        if not isinstance(other, Document):
            return NotImplemented
        return _values(self) == _values(other)

    __hash__ = Document.__hash__

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (to another process) as a plain report
        return (Document, _values(self))


def _values(doc: Document) -> tuple[Any, ...]:
    """A report's fields, in ``Document``'s order."""
    return tuple(getattr(doc, f.name) for f in fields(Document))


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": data["doc_id"],
        "source": data["source"],
        "content_hash": data["content_hash"],
        "meta": DocumentMeta(**data["meta"]),
        "headings": tuple((int(a), str(b), int(c), int(d)) for a, b, c, d in data["headings"]),
        "duplicates": tuple((int(a), int(b), int(c)) for a, b, c in data["duplicates"]),
        "removed": tuple((int(a), int(b)) for a, b in data.get("removed", [])),
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    """A report with its text, as JSON (what other stores keep)."""
    return {**_line(doc), "text": doc.text}


def document_from_dict(data: dict[str, Any]) -> Document:
    return Document(text=data["text"], **_fields(data))


def _line(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "content_hash": doc.content_hash,
        "meta": doc.meta.to_dict(),
        "headings": [list(h) for h in doc.headings],
        "duplicates": [list(d) for d in doc.duplicates],
        "removed": [list(r) for r in doc.removed],
    }


def write_reports(folder: Path, documents: Sequence[Document]) -> None:
    """``documents.jsonl`` and ``report_texts.txt`` of ``documents`` into ``folder`` (a stored
    report's text is copied as its bytes)."""
    offset = 0
    with (
        (folder / TEXTS_FILE).open("wb") as texts,
        (folder / DOCUMENTS_FILE).open("w", encoding="utf-8") as lines,
    ):
        for doc in documents:
            raw = doc.raw_text() if isinstance(doc, StoredDocument) else None
            data = raw if raw is not None else doc.text.encode("utf-8")
            texts.write(data)
            line = {**_line(doc), "quoted": list(quoted_names(doc)), "text_at": [offset, len(data)]}
            lines.write(json.dumps(line, ensure_ascii=False) + "\n")
            offset += len(data)


def read_reports(folder: Path) -> tuple[StoredDocument, ...]:
    """The reports of an index folder (their texts left on disk)."""
    file = ReportTextFile(folder)
    documents = []
    with (Path(folder) / DOCUMENTS_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            offset, length = (int(n) for n in data["text_at"])
            if offset < 0 or length < 0 or offset + length > len(file):
                raise ValueError(f"{DOCUMENTS_FILE} places a text outside {TEXTS_FILE}")
            documents.append(StoredDocument.stored(data, file, data.get("quoted", ())))
    return tuple(documents)
