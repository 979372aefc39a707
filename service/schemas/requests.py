"""What the API accepts: search, ask and chat requests, checked at the edge."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

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
