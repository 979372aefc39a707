"""Extractive answers with citations: one question, or a stateless chat."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response

from index.config import Settings
from index.errors import InvalidInputError
from qa.analyse.chat import Message
from service.auth import require_token
from service.dependencies import EngineDep, GateDep, ResponsesDep, SettingsDep, check_length
from service.errors import error_responses
from service.responses import request_key
from service.schemas.answers import AnswerResponse, ChatResponse
from service.schemas.requests import AskRequest, ChatRequest, is_blank

router = APIRouter(
    prefix="/v1",
    tags=["answers"],
    dependencies=[Depends(require_token)],
    responses=error_responses(400, 401, 422, 503),
)

ASSISTANT_FACTOR = 10
"""Assistant turns (earlier answers) may be this many times longer than a question."""

ASK_EXAMPLES: dict[str, Any] = {
    "question": {
        "summary": "一个问题",
        "value": {"question": "岔河镇2023年行政复议做了什么？", "top_k": 5},
    },
    "compare": {
        "summary": "跨报告比较",
        "value": {"question": "各地在行政复议方面分别做了哪些工作？", "top_k": 8},
    },
    "filtered": {
        "summary": "限定报告",
        "value": {
            "question": "如何推进行政执法三项制度？",
            "filters": {"region": "独流镇", "year": 2024},
        },
    },
}

CHAT_EXAMPLES: dict[str, Any] = {
    "follow_up": {
        "summary": "追问（换一个地方）",
        "value": {
            "messages": [
                {"role": "user", "content": "岔河镇2023年如何推进行政执法三项制度？"},
                {"role": "assistant", "content": "严格执行行政执法“三项制度”……"},
                {"role": "user", "content": "那独流镇呢？"},
            ],
            "top_k": 5,
        },
    },
    "first_turn": {
        "summary": "第一轮",
        "value": {
            "messages": [{"role": "user", "content": "独流镇聘请了哪家律师事务所担任法律顾问？"}]
        },
    },
}


@router.post("/ask", response_model=AnswerResponse, summary="Answer a question with citations")
async def ask(
    body: Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)],
    engine: EngineDep,
    settings: SettingsDep,
    gate: GateDep,
    responses: ResponsesDep,
) -> Response:
    """Sentences from the reports that answer the question, each with its exact offsets, or
    `answerable: false` with a reason and the nearest passages as citations."""
    check_length(body.question, "question", settings.max_query_chars)

    async def make() -> AnswerResponse:
        answer = await gate.run(engine.ask, body.question, top_k=body.top_k, filters=body.filters)
        return AnswerResponse.from_answer(answer)

    return await responses.answer(engine, request_key("ask", body), make)


@router.post("/chat", response_model=ChatResponse, summary="Answer the last message of a chat")
async def chat(
    body: Annotated[ChatRequest, Body(openapi_examples=CHAT_EXAMPLES)],
    engine: EngineDep,
    settings: SettingsDep,
    gate: GateDep,
    responses: ResponsesDep,
) -> Response:
    """Stateless: send the whole conversation. Follow-ups such as “那独流镇呢？” are rewritten
    into a self-contained question (`rewritten_query`) and answered like `/v1/ask`."""
    messages = checked_messages(body, settings)

    async def make() -> ChatResponse:
        answer = await gate.run(engine.chat, messages, top_k=body.top_k, filters=body.filters)
        return ChatResponse.from_chat(answer)

    return await responses.answer(engine, request_key("chat", body), make)


def checked_messages(body: ChatRequest, settings: Settings) -> list[Message]:
    """The conversation as ``qa.analyse.chat.Message``s, after the service's limits."""
    count, limit = len(body.messages), settings.max_messages
    if count > limit:
        raise InvalidInputError(
            f"too many messages: {count}; send at most the last {limit}",
            {"messages": count, "limit": limit},
        )
    if body.messages[-1].role != "user":
        raise InvalidInputError("the last message must come from the user (role 'user')")
    for i, message in enumerate(body.messages):
        if message.role == "user":
            if is_blank(message.content):
                raise InvalidInputError(f"messages.{i}.content: a user message must not be empty")
            check_length(message.content, f"messages.{i}.content", settings.max_query_chars)
        else:
            check_length(
                message.content,
                f"messages.{i}.content",
                settings.max_query_chars * ASSISTANT_FACTOR,
            )
    return [Message(m.role, m.content) for m in body.messages]
