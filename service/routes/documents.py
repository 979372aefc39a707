"""The indexed reports and their passages."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from qa import Engine
from service.auth import require_token
from service.dependencies import EngineDep
from service.errors import error_responses
from service.responses import json_response
from service.schemas.documents import (
    DocumentDetail,
    DocumentListResponse,
    DocumentSummary,
    PassageContextResponse,
    PassageOut,
)

router = APIRouter(
    prefix="/v1",
    tags=["documents"],
    dependencies=[Depends(require_token)],
    responses=error_responses(401, 503),
)


def _passage_counts(engine: Engine) -> Counter[str]:
    return Counter(engine.passage_counts())


@router.get("/documents", response_model=DocumentListResponse, summary="List the reports")
def list_documents(engine: EngineDep) -> Response:
    """Every indexed report with its metadata and number of passages."""
    counts = _passage_counts(engine)
    documents = [
        DocumentSummary(**DocumentSummary.fields_of(engine.document(doc_id), counts[doc_id]))
        for doc_id in engine.documents
    ]
    return json_response(DocumentListResponse(documents=documents, total=len(documents)))


@router.get(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    summary="One report: metadata and outline",
    responses=error_responses(404, 422),
)
def get_document(
    doc_id: Annotated[str, Path(description="e.g. 002_49a388d3305da3e0")], engine: EngineDep
) -> DocumentDetail:
    """Metadata, the heading outline (with offsets into the text) and the passage count."""
    doc = engine.document(doc_id)
    return DocumentDetail.from_document(doc, _passage_counts(engine)[doc.doc_id])


@router.get(
    "/passages/{passage_id}",
    response_model=PassageContextResponse,
    summary="One passage with its neighbours",
    responses=error_responses(404, 422),
)
def get_passage(
    passage_id: str,
    engine: EngineDep,
    context: Annotated[
        int, Query(ge=0, le=20, description="passages of the same report on each side (0–20)")
    ] = 1,
) -> PassageContextResponse:
    """The passage and up to `context` passages before and after it in the same report;
    `requested` marks the one asked for."""
    passage = engine.passage(passage_id)
    doc = engine.document(passage.doc_id)
    passages = [
        PassageOut.from_passage(p, doc, requested=p.passage_id == passage.passage_id)
        for p in engine.neighbours(passage.passage_id, context)
    ]
    return PassageContextResponse(
        passage_id=passage.passage_id,
        doc_id=doc.doc_id,
        title=doc.meta.title,
        context=context,
        passages=passages,
    )
