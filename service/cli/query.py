"""``fazhi-qa search`` and ``fazhi-qa ask``: the API's answer, from the index or a service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from index.errors import FazhiError
from service.cli.common import (
    EncoderOpt,
    IndexOpt,
    JsonOpt,
    RegionOpt,
    RerankerOpt,
    UrlOpt,
    YearOpt,
    console,
    fail,
    load_engine,
    settings_for,
)


def _filters(region: list[str] | None, year: list[int] | None) -> dict[str, Any]:
    return {key: value for key, value in (("region", region), ("year", year)) if value}


def search_command(
    query: Annotated[str, typer.Argument(help="问题或关键词")],
    k: Annotated[int, typer.Option("-k", "--top-k", help="number of passages (1-50)")] = 5,
    region: RegionOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
    url: UrlOpt = None,
) -> None:
    """Ranked passages with citations."""
    _check_query(query, "query", index_dir, encoder)
    payload = _run(
        url,
        "/v1/search",
        {"query": query, "top_k": k},
        _filters(region, year),
        index_dir,
        encoder,
        reranker,
    )
    if as_json:  # the /v1/search shape
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for hit in payload["hits"]:
        rank, score = hit["rank"], hit["score"]
        console.print(f"[bold]{rank}.[/] {score:.3f}  [cyan]{_citation(hit)}[/]  {hit['source']}")
        console.print(f"   {hit['text']}", markup=False, highlight=False)


def ask_command(
    question: Annotated[str, typer.Argument(help="问题")],
    k: Annotated[int, typer.Option("-k", "--top-k", help="number of cited passages (1-50)")] = 5,
    region: RegionOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    reranker: RerankerOpt = None,
    url: UrlOpt = None,
) -> None:
    """A short extractive answer with citations, or an honest no-answer."""
    _check_query(question, "question", index_dir, encoder)
    body = {"question": question, "top_k": k}
    payload = _run(url, "/v1/ask", body, _filters(region, year), index_dir, encoder, reranker)
    if as_json:  # the /v1/ask shape
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for note in payload.get("notes") or []:
        console.print(f"[yellow]({note['code']})[/] {note['message']}", highlight=False)
    reason = payload.get("reason")
    if payload["answerable"]:
        console.print(payload.get("answer") or "", markup=False, highlight=False)
    elif reason:
        chinese = any("\u3400" <= c <= "\u9fff" for c in question)
        title = "报告中未找到答案" if chinese else "The reports do not say"
        if reason["code"] == "low_confidence":  # weak evidence: the passages may still help
            title = "可能相关" if chinese else "Possibly related"
        console.print(
            f"[yellow]{title}[/] ({reason['code']}): {reason['message']}", highlight=False
        )
    for hit in payload["citations"]:
        console.print(f"  [{hit['rank']}] [cyan]{_citation(hit)}[/]  {hit['source']}")


def _citation(hit: dict[str, Any]) -> str:
    path = " › ".join(hit["heading_path"])
    return f"{hit['title']} · {path} · 第{hit['paragraph']}段 [{hit['start']}:{hit['end']}]"


def _run(
    url: str | None,
    path: str,
    body: dict[str, Any],
    filters: dict[str, Any],
    index_dir: Path | None,
    encoder: str | None,
    reranker: str | None,
) -> dict[str, Any]:
    """The API's answer to ``body``: from the service at ``url``, or from the local index."""
    if filters:
        body = {**body, "filters": filters}
    try:
        if url:
            from service.cli.remote import post

            return post(url, path, body)
        engine = load_engine(index_dir, encoder, reranker)
        from service.schemas.answers import AnswerResponse, SearchResponse

        if path == "/v1/search":
            result = engine.search(body["query"], top_k=body["top_k"], filters=filters)
            return SearchResponse.from_result(result).model_dump(mode="json")
        answer = engine.ask(body["question"], top_k=body["top_k"], filters=filters)
        return AnswerResponse.from_answer(answer).model_dump(mode="json")
    except FazhiError as exc:
        raise fail(exc) from exc


def _check_query(text: str, field: str, index_dir: Path | None, encoder: str | None) -> None:
    """The same length limit as the HTTP API (``FAZHI_MAX_QUERY_CHARS``), before loading."""
    from service.limits import check_length

    try:
        check_length(text, field, settings_for(index_dir, encoder).max_query_chars)
    except FazhiError as exc:
        raise fail(exc) from exc
