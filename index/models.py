"""Core data of the build side: documents and their paragraph passages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

HeadingPath = tuple[str, ...]


@dataclass(frozen=True)
class DocumentMeta:
    """Facts about one report, extracted by rules or given in a sidecar file."""

    title: str = ""
    region: str = ""
    level: str = ""
    year: int | None = None
    publisher: str = ""
    published: str = ""
    parent_region: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    """One source report: its original text and metadata."""

    doc_id: str
    source: str
    text: str
    content_hash: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    headings: tuple[tuple[int, str, int, int], ...] = ()
    duplicates: tuple[tuple[int, int, int], ...] = ()
    """Collapsed paragraphs as ``(start, end, kept_paragraph)``."""


@dataclass(frozen=True)
class Passage:
    """One paragraph (or a sentence-bounded part of a long one) of a document.

    Invariant: ``text == document.text[start:end]``.
    """

    passage_id: str
    doc_id: str
    paragraph: int
    part: int
    heading_path: HeadingPath
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        # field by field: ``asdict`` copies recursively and took most of writing 100k passages
        return {
            "passage_id": self.passage_id,
            "doc_id": self.doc_id,
            "paragraph": self.paragraph,
            "part": self.part,
            "heading_path": list(self.heading_path),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        return cls(
            passage_id=data["passage_id"],
            doc_id=data["doc_id"],
            paragraph=int(data["paragraph"]),
            part=int(data["part"]),
            heading_path=tuple(data["heading_path"]),
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
        )
