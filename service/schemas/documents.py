"""What ``/v1/documents`` and ``/v1/passages`` return: reports, their metadata and outline,
passages in context."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from index.models import Document, Passage


class DocumentSummary(BaseModel):
    doc_id: str
    source: str
    title: str
    region: str
    level: str
    year: int | None
    publisher: str
    published: str
    parent_region: str
    parents: list[str] = Field(
        default_factory=list, description="divisions above the region, outermost first"
    )
    code: str = Field(
        "",
        description="the region's statistical code: 9 digits for a 乡/镇/街道 the code list has, "
        "else its county's 6 digits (see code_level)",
    )
    code_level: str = Field(
        "", description="the level the code belongs to: the region's own, or 区县 (its county's)"
    )
    fields: list[tuple[str, str]] = Field(
        default_factory=list, description="labelled header fields of the page (索引号, 来源 …)"
    )
    passages: int = Field(..., description="number of passages")

    @classmethod
    def fields_of(cls, doc: Document, passages: int) -> dict[str, Any]:
        return {
            "doc_id": doc.doc_id,
            "source": doc.source,
            **doc.meta.to_dict(),
            "passages": passages,
        }


class DocumentListResponse(BaseModel):
    documents: list[DocumentSummary]
    total: int


class HeadingOut(BaseModel):
    level: int
    title: str
    start: int
    end: int


class DocumentDetail(DocumentSummary):
    chars: int = Field(..., description="length of the document's text")
    headings: list[HeadingOut] = Field(..., description="the outline, in document order")

    @classmethod
    def from_document(cls, doc: Document, passages: int) -> DocumentDetail:
        headings = [HeadingOut(level=lv, title=t, start=s, end=e) for lv, t, s, e in doc.headings]
        return cls(**cls.fields_of(doc, passages), chars=len(doc.text), headings=headings)


class PassageOut(BaseModel):
    passage_id: str
    doc_id: str
    source: str
    title: str
    paragraph: int
    part: int
    heading_path: list[str]
    start: int
    end: int
    text: str
    requested: bool = Field(..., description="true for the passage that was asked for")

    @classmethod
    def from_passage(cls, passage: Passage, doc: Document, requested: bool) -> PassageOut:
        return cls(
            **passage.to_dict(), source=doc.source, title=doc.meta.title, requested=requested
        )


class PassageContextResponse(BaseModel):
    passage_id: str
    doc_id: str
    title: str
    context: int
    passages: list[PassageOut] = Field(..., description="in document order")
