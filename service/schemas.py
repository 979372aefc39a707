"""Pydantic models of the HTTP API (the only place pydantic models are used)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from index.models import Document, Passage
from qa.answer.messages import Notice
from qa.answer.results import Answer, Hit, SearchResult

MAX_TOP_K = 50
EXAMPLE_QUESTION = "岔河镇2023年行政复议做了什么？"


def _encodable(value: str) -> str:
    """Reject text that cannot be encoded as UTF-8 (unpaired surrogates from ``\\ud800``)."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise PydanticCustomError(
            "invalid_text", "contains invalid characters (unpaired UTF-16 surrogates)"
        )
    return value


_INVISIBLE = (
    r"\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064"
    r"\u2066-\u206f\u3000\ufeff"
)
"""White space, control and zero-width (format) characters: text made only of them is empty."""
VISIBLE_PATTERN = f"[^{_INVISIBLE}]"
"""JSON-schema pattern of a question: at least one character outside ``_INVISIBLE``."""
_HAS_VISIBLE = re.compile(VISIBLE_PATTERN)


def is_blank(text: str) -> bool:
    """True for text of white space, control and zero-width characters only."""
    return _HAS_VISIBLE.search(text) is None


def _not_blank(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError(
            "empty_text", f"must not be empty: ask a question such as “{EXAMPLE_QUESTION}”"
        )
    return value


Text = Annotated[str, AfterValidator(_encodable)]
Question = Annotated[
    str,
    AfterValidator(_not_blank),
    AfterValidator(_encodable),
    # documented here, checked by ``_not_blank`` (whose message says what to send)
    Field(json_schema_extra={"minLength": 1, "pattern": VISIBLE_PATTERN}),
]

TopK = Annotated[
    int,
    Field(ge=1, le=MAX_TOP_K, strict=True, description=f"how many passages (1–{MAX_TOP_K})"),
]
FilterMap = Annotated[
    dict[str, Any] | None,
    Field(
        description=(
            "metadata filters: region / level / doc_id (a string or a list of strings) and "
            "year (a number, a list of numbers or {'from': 2022, 'to': 2024})"
        ),
        examples=[{"region": "独流镇", "year": 2024}],
    ),
]


# -- requests ---------------------------------------------------------------------------------
class _Retrieval(BaseModel):
    model_config = ConfigDict(extra="forbid")

    top_k: TopK = 5
    filters: FilterMap = None


class SearchRequest(_Retrieval):
    query: Question = Field(..., description="问题或关键词", examples=[EXAMPLE_QUESTION])


class AskRequest(_Retrieval):
    question: Question = Field(..., description="一个问题", examples=[EXAMPLE_QUESTION])


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: Text


class ChatRequest(_Retrieval):
    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        description="the whole conversation, oldest first; the last message is from the user",
    )


# -- responses --------------------------------------------------------------------------------
class ErrorDetail(BaseModel):
    code: str = Field(..., examples=["invalid_input"])
    message: str = Field(..., examples=["the query is too long: 812 characters (limit 500)"])
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    error: ErrorDetail


class HighlightOut(BaseModel):
    term: str
    start: int
    end: int


class ScoresOut(BaseModel):
    dense: float
    bm25: float
    fused: float
    boost: float
    rerank: float | None = None
    window: float = Field(0.0, description="meaning of the passage's best window (cosine)")


class HitOut(BaseModel):
    rank: int
    score: float
    passage_id: str
    text: str = Field(..., description="exactly `document.text[start:end]`")
    doc_id: str
    source: str
    title: str
    region: str
    year: int | None
    heading_path: list[str]
    paragraph: int
    start: int
    end: int
    highlights: list[HighlightOut] = Field(..., description="query terms inside `text`")
    scores: ScoresOut

    @classmethod
    def from_hit(cls, hit: Hit) -> HitOut:
        return cls.model_validate(hit.to_dict())


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]
    took_ms: float

    @classmethod
    def from_result(cls, result: SearchResult) -> SearchResponse:
        hits = [HitOut.from_hit(h) for h in result.hits]
        return cls(query=result.query, hits=hits, took_ms=round(result.took_ms, 2))


class SentenceOut(BaseModel):
    text: str
    passage_id: str
    doc_id: str
    source: str
    start: int = Field(..., description="offset in the document's text")
    end: int


class NoticeOut(BaseModel):
    """A message with a stable code; ``message`` is in the question's language."""

    code: str = Field(..., examples=["term_not_mentioned"])
    message: str = Field(..., examples=["所问的报告没有提到“行政复议”"])
    params: dict[str, str] = Field(
        default_factory=dict, description="the specifics (place, term, year…)"
    )

    @classmethod
    def from_notice(cls, notice: Notice) -> NoticeOut:
        return cls(code=notice.code, message=notice.message, params=notice.parameters)


class AnswerResponse(BaseModel):
    question: str
    answerable: bool
    answer: str | None
    reason: NoticeOut | None = Field(
        ..., description="why there is no answer (when answerable=false): code, message, params"
    )
    confidence: float = Field(
        ...,
        ge=0.0,
        le=1.0,
        description="how sure the answerability model is that the passages answer the question; "
        "answered when it reaches FAZHI_ANSWER_THRESHOLD. 0 for a refusal on a verified fact "
        "(a place or year no report has); below the threshold (reason code low_confidence) "
        "the citations are possibly related passages",
    )
    notes: list[NoticeOut] = Field(
        default_factory=list,
        description="what the reader must know about the answer: a place outside the filters, "
        "a question naming only a place",
    )
    citations: list[HitOut]
    sentences: list[SentenceOut]
    groups: dict[str, list[str]] = Field(
        ..., description="doc_id → passage ids, for questions that compare several reports"
    )
    bridged_terms: list[str] = Field(
        ..., description="the reports' Chinese terms the question's English phrases stand for"
    )
    took_ms: float

    @classmethod
    def fields_of(cls, answer: Answer) -> dict[str, Any]:
        return {
            "question": answer.question,
            "answerable": answer.answerable,
            "answer": answer.answer,
            "reason": NoticeOut.from_notice(answer.reason) if answer.reason else None,
            "confidence": answer.confidence,
            "notes": [NoticeOut.from_notice(n) for n in answer.notes],
            "citations": [HitOut.from_hit(h) for h in answer.citations],
            "sentences": [
                SentenceOut.model_validate(s, from_attributes=True) for s in answer.sentences
            ],
            "groups": {d: [h.passage_id for h in hits] for d, hits in answer.groups.items()},
            "bridged_terms": list(answer.bridged_terms),
            "took_ms": round(answer.took_ms, 2),
        }

    @classmethod
    def from_answer(cls, answer: Answer) -> AnswerResponse:
        return cls(**cls.fields_of(answer))


class ChatResponse(AnswerResponse):
    rewritten_query: str = Field(..., description="the last message as a self-contained question")

    @classmethod
    def from_chat(cls, answer: Answer) -> ChatResponse:
        return cls(**cls.fields_of(answer), rewritten_query=answer.rewritten_query or "")


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


class HealthResponse(BaseModel):
    status: str


class ReadyResponse(BaseModel):
    status: str
    documents: int
    passages: int
    encoder: str
    reranker: str | None = None
    built_at: str | None
