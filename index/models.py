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
    """The division right above ``region`` (its county for a town)."""
    parents: tuple[str, ...] = ()
    """Every division above ``region``, outermost first (江苏省, 南通市, 如东县)."""
    code: str = ""
    """The region's statistical code: 9 digits for a 乡/镇/街道 the code list has, else its
    county's 6 (``code_level`` says which)."""
    code_level: str = ""
    """The level ``code`` belongs to: ``level`` itself, or 区县 when a town carries its county's."""
    fields: tuple[tuple[str, str], ...] = ()
    """The labelled header fields of its page (索引号, 发布机构, 主题分类 …), as written."""
    script: str = ""
    """``traditional`` when the report is written in traditional characters (``index.load.script``):
    its metadata and headings are read from its simplified form, its passages quote it."""

    def __post_init__(self) -> None:  # lists from JSON become tuples
        object.__setattr__(self, "parents", tuple(self.parents))
        object.__setattr__(self, "fields", tuple((str(k), str(v)) for k, v in self.fields))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["parents"] = list(self.parents)
        data["fields"] = [list(pair) for pair in self.fields]
        return data

    @property
    def chain(self) -> tuple[str, ...]:
        """The region and every division above it."""
        return (*self.parents, self.region) if self.region else ()


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
    removed: tuple[tuple[int, int], ...] = ()
    """Page furniture left out of the passages, as ``(start, end)``."""


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
    kind: str = "text"
    """``text``; ``header``: a title, issuer or header-field line (who published it, when),
    searchable but ranked below the report's content unless a question asks about those;
    ``heading``: a one-sentence numbered line that is mostly its title, ranked a little lower."""

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
            "kind": self.kind,
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
            kind=str(data.get("kind", "text")),
        )
