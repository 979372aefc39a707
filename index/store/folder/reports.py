"""Reports on disk: the query side holds each report's metadata, not its text or outline.

- ``documents.jsonl``: one line per report (id, source, hash, metadata), with where its text
  and outline are (``text_at``, ``outline_at``: byte offset and length), the names its text
  puts in quotation marks (``quoted``) and its title's words (``title_words``), found once at
  build instead of at every load.
- ``report_texts.txt``: every report's text in UTF-8, one after another.
- ``report_outlines.jsonl``: every report's headings, collapsed and removed spans, one JSON
  line each (thirty-odd headings a report: most of what its metadata line would weigh).

A report read from a folder is a ``StoredDocument``: a ``Document`` whose ``text``,
``headings``, ``duplicates`` and ``removed`` are read from the files by position when asked
(tens of microseconds for a report; the last few are remembered), so loading reads neither, and
the reports' memory is their metadata.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Document, DocumentMeta
from index.store.folder.filebytes import FileBytes
from index.store.lexical.tokenize import tokenize

DOCUMENTS_FILE = "documents.jsonl"
TEXTS_FILE = "report_texts.txt"
OUTLINES_FILE = "report_outlines.jsonl"
OUTLINE_FIELDS = ("headings", "duplicates", "removed")
MEMO = 64
"""Report texts and outlines read lately, remembered (a question reads its named reports more
than once)."""
QUOTED = re.compile(r"[“「\"]([\u4e00-\u9fff]{3,6})[”」\"]")
"""A name a report puts in quotation marks (“援法议事”): what the sound speller
(``qa.analyse.wording.spelling``) knows beside the BM25 vocabulary."""


def quoted_names(doc: Document) -> tuple[str, ...]:
    """The names ``doc``'s text quotes (stored with a report read from a folder)."""
    stored = doc.__dict__.get("_quoted")
    if stored is not None:
        return tuple(stored)
    return tuple(dict.fromkeys(QUOTED.findall(doc.text)))


def title_words(doc: Document) -> tuple[str, ...]:
    """The words of ``doc``'s title (stored with a report read from a folder: cutting every
    title at load took seconds at tens of thousands of reports)."""
    stored = doc.__dict__.get("_title_words")
    if stored is not None:
        return tuple(stored)
    return tuple(dict.fromkeys(tokenize(doc.meta.title)))


class ReportFiles:
    """The texts and outlines of an index folder's reports, read by position."""

    def __init__(self, folder: Path) -> None:
        self.texts = FileBytes(Path(folder) / TEXTS_FILE)
        self.outlines = FileBytes(Path(folder) / OUTLINES_FILE)
        self.text = lru_cache(maxsize=MEMO)(self._text)
        self.outline = lru_cache(maxsize=MEMO)(self._outline)

    def _text(self, offset: int, length: int) -> str:
        return self.texts[offset : offset + length].decode("utf-8")

    def _outline(self, offset: int, length: int) -> dict[str, tuple[tuple[Any, ...], ...]]:
        data = json.loads(self.outlines[offset : offset + length])
        return {name: tuple(map(tuple, data[name])) for name in OUTLINE_FIELDS}

    def check(self, text_at: tuple[int, int], outline_at: tuple[int, int]) -> None:
        for (offset, length), data, name in (
            (text_at, self.texts, TEXTS_FILE),
            (outline_at, self.outlines, OUTLINES_FILE),
        ):
            if offset < 0 or length < 0 or offset + length > len(data):
                raise ValueError(f"{DOCUMENTS_FILE} places a report outside {name}")


class _OnDisk:
    """A ``StoredDocument`` field: the value given to the constructor if any (a copy made with
    ``dataclasses.replace``), else read from the report files."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, doc: StoredDocument | None, owner: type | None = None) -> Any:
        if doc is None:
            return self
        state = doc.__dict__
        if self.name in state:
            return state[self.name]
        files: ReportFiles = state["_files"]
        if self.name == "text":
            return files.text(*state["_text_at"])
        return files.outline(*state["_outline_at"])[self.name]

    def __set__(self, doc: StoredDocument, value: Any) -> None:
        doc.__dict__[self.name] = value


class StoredDocument(Document):
    """A report whose text and outline stay in the index folder until read (see the module)."""

    text = _OnDisk()  # type: ignore[assignment]
    headings = _OnDisk()  # type: ignore[assignment]
    duplicates = _OnDisk()  # type: ignore[assignment]
    removed = _OnDisk()  # type: ignore[assignment]

    @classmethod
    def stored(cls, data: dict[str, Any], files: ReportFiles) -> StoredDocument:
        text_at, outline_at = tuple(data["text_at"]), tuple(data["outline_at"])
        files.check(text_at, outline_at)
        doc = cls.__new__(cls)
        doc.__dict__.update(
            doc_id=data["doc_id"],
            source=data["source"],
            content_hash=data["content_hash"],
            meta=DocumentMeta(**data["meta"]),
            _files=files,
            _text_at=text_at,
            _outline_at=outline_at,
            _quoted=tuple(data.get("quoted", ())),
            _title_words=tuple(data.get("title_words", ())),
        )
        return doc

    def raw(self) -> tuple[bytes, bytes] | None:
        """Its text's and outline's bytes as stored (None for a copy holding its own)."""
        state = self.__dict__
        if any(name in state for name in ("text", *OUTLINE_FIELDS)):
            return None
        files: ReportFiles = state["_files"]
        (text_start, text_length), (outline_start, outline_length) = (
            state["_text_at"],
            state["_outline_at"],
        )
        return (
            files.texts[text_start : text_start + text_length],
            files.outlines[outline_start : outline_start + outline_length],
        )

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
        **_outline(data),
    }


def _outline(data: dict[str, Any]) -> dict[str, Any]:
    return {name: tuple(map(tuple, data.get(name, ()))) for name in OUTLINE_FIELDS}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """A report with its text, as JSON (what other stores keep)."""
    return {**_line(doc), **_outline_of(doc), "text": doc.text}


def document_from_dict(data: dict[str, Any]) -> Document:
    return Document(text=data["text"], **_fields(data))


def _line(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "content_hash": doc.content_hash,
        "meta": doc.meta.to_dict(),
    }


def _outline_of(doc: Document) -> dict[str, Any]:
    return {name: [list(item) for item in getattr(doc, name)] for name in OUTLINE_FIELDS}


def write_reports(folder: Path, documents: Sequence[Document]) -> None:
    """The report files of ``documents`` into ``folder`` (a stored report's text and outline
    are copied as their bytes)."""
    at = [0, 0]
    with (
        (folder / TEXTS_FILE).open("wb") as texts,
        (folder / OUTLINES_FILE).open("wb") as outlines,
        (folder / DOCUMENTS_FILE).open("w", encoding="utf-8") as lines,
    ):
        for doc in documents:
            raw = doc.raw() if isinstance(doc, StoredDocument) else None
            if raw is None:
                outline = json.dumps(_outline_of(doc), ensure_ascii=False) + "\n"
                raw = (doc.text.encode("utf-8"), outline.encode("utf-8"))
            texts.write(raw[0])
            outlines.write(raw[1])
            line = {
                **_line(doc),
                "quoted": list(quoted_names(doc)),
                "title_words": list(title_words(doc)),
                "text_at": [at[0], len(raw[0])],
                "outline_at": [at[1], len(raw[1])],
            }
            lines.write(json.dumps(line, ensure_ascii=False) + "\n")
            at = [at[0] + len(raw[0]), at[1] + len(raw[1])]


def read_reports(folder: Path) -> tuple[StoredDocument, ...]:
    """The reports of an index folder (their texts and outlines left on disk)."""
    files = ReportFiles(folder)
    with (Path(folder) / DOCUMENTS_FILE).open(encoding="utf-8") as handle:
        return tuple(
            StoredDocument.stored(json.loads(line), files) for line in handle if line.strip()
        )
