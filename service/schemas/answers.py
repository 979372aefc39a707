"""What ``/v1/search``, ``/v1/ask`` and ``/v1/chat`` return: hits with their citations,
answers, notices."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from qa.answer.messages import Notice
from qa.answer.results import Answer, Hit, SearchResult


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
