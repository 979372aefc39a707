"""Search over the reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from qa import Engine
from service.dependencies import get_engine
from service.schemas import SearchRequest, SearchResponse

router = APIRouter(prefix="/v1", tags=["search"])


@router.post("/search", response_model=SearchResponse)
def search(body: SearchRequest, engine: Annotated[Engine, Depends(get_engine)]) -> SearchResponse:
    """Ranked passages with exact citations (`text == source_text[start:end]`)."""
    result = engine.search(body.query, top_k=body.top_k, filters=body.filters)
    return SearchResponse.model_validate(
        {
            "query": result.query,
            "hits": [h.to_dict() for h in result.hits],
            "took_ms": round(result.took_ms, 2),
        }
    )
