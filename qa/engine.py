"""The query-side facade: load an index once, then search, ask and chat.

>>> from qa import Engine
>>> engine = Engine.load("var/index")            # doctest: +SKIP
>>> engine.search("岔河镇如何推进行政执法三项制度", top_k=3)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.config import Settings
from index.embed.embedders import Embedder
from index.embed.representation import dense_text
from index.errors import InvalidInputError, NotFoundError
from index.models import Document, Passage
from index.store.folder.files import StoredIndex
from index.store.folder.passages import PassageTable
from index.store.local import LocalStore
from index.store.protocol import IndexStore
from qa.analyse.chat import FollowUpRewriter, Message, parse_messages
from qa.analyse.conflicts import written_places
from qa.analyse.filters import Filters
from qa.analyse.query import QueryAnalyzer, QueryInfo
from qa.answer.citations import by_report
from qa.answer.compose import AnswerComposer
from qa.answer.confidence import Judge
from qa.answer.memo import ResultMemo
from qa.answer.messages import Notice, language_of
from qa.answer.originals import Originals, Quoted, simplified_view
from qa.answer.results import Answer, AnswerSentence, Hit, SearchResult
from qa.answer.sentences import diversify, is_cross_report
from qa.loading import check_encoder, configured_parts
from qa.retrieve.allowed import AllowedRows
from qa.retrieve.fusion import Candidate, FusionConfig
from qa.retrieve.mentions import ReportTexts
from qa.retrieve.prefer import prefer
from qa.retrieve.rerank import RerankConfig, Reranker, rerank
from qa.retrieve.retriever import HybridRetriever

logger = logging.getLogger(__name__)
MAX_TOP_K = 50
RESULT_MEMO = 1024


class Engine:
    """Search, answers and chat over one loaded index."""

    def __init__(
        self,
        store: IndexStore | StoredIndex,
        embedder: Embedder,
        fusion: FusionConfig,
        reranker: Reranker | None = None,
        rerank_config: RerankConfig | None = None,
        threshold: float | None = None,
    ) -> None:
        store = LocalStore(store) if isinstance(store, StoredIndex) else store
        check_encoder(store.location, store.manifest, embedder)
        self.store = store
        self.originals = Originals(store.documents)
        # reports in traditional script are read in simplified form
        documents, passages = store.documents, store.passages
        if self.originals:
            documents, passages = simplified_view(documents, passages)
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, fusion, documents, passages)
        self.reranker = reranker
        self.rerank_config = rerank_config or RerankConfig()
        self.reports = ReportTexts(documents, store, self.retriever.table)
        self.analyzer = QueryAnalyzer(self.reports)
        self.documents: dict[str, Document] = {d.doc_id: d for d in documents}
        self.allowed = AllowedRows(documents, self.retriever.table)
        self.passages: Sequence[Passage] = passages
        self._row_of = _row_finder(store.passages)
        self.judge = Judge(self.reports, self.retriever, embedder, threshold)
        self.memo = ResultMemo(RESULT_MEMO)
        self.composer = AnswerComposer(
            self.documents, passages, self.retriever, embedder, self._row_of
        )
        self.citations = self.composer.citations
        self.rewriter = FollowUpRewriter(
            self.analyzer,
            {d.doc_id: d.meta.region for d in documents},
            {d.doc_id: d.meta.parent_region for d in documents},
        )

    @classmethod
    def load(
        cls,
        index_dir: str | Path | None = None,
        encoder: str | Embedder | None = None,
        settings: Settings | None = None,
    ) -> Engine:
        """Load the index (default: ``FAZHI_STORE``: the folder ``FAZHI_INDEX_DIR``, or
        Milvus) with the configured encoder (``qa.loading``)."""
        return cls(*configured_parts(index_dir, encoder, settings))

    @property
    def stored(self) -> StoredIndex:
        """The index folder's files (a local store only)."""
        if not isinstance(self.store, LocalStore):
            raise AttributeError("the index is not a local folder")
        return self.store.index

    def _context_text(self, passage: Passage) -> str:
        return dense_text(self.documents[passage.doc_id].meta, passage)

    # -- search ---------------------------------------------------------------------------
    def filters(self, raw: Mapping[str, Any] | Filters | None) -> Filters:
        return self.allowed.filters(raw)

    def candidates(self, query: str, filters: Filters) -> tuple[QueryInfo, list[Candidate]]:
        info = self.analyzer.analyze(_checked_query(query))
        ranked = self.retriever.retrieve(info, self.allowed.mask(filters))
        ranked = prefer(
            info, ranked, self.passages, self.documents, sections=self.retriever.table.sections
        )
        if self.reranker is not None:
            head = ranked[: self.rerank_config.top]
            texts = [self._context_text(self.passages[c.row]) for c in head]
            ranked = rerank(info.text, ranked, texts, self.reranker, self.rerank_config)
        return info, ranked

    def search(
        self,
        query: str,
        top_k: int = 5,
        filters: Mapping[str, Any] | Filters | None = None,
        collapse: bool = True,
    ) -> SearchResult:
        """The ``top_k`` best passages for ``query`` (near-duplicates dropped if ``collapse``);
        a query asked before is answered from memory."""
        started = time.perf_counter()
        _check_top_k(top_k)
        allowed = self.filters(filters)
        key = ("search", query, top_k, allowed, collapse, self._knobs())
        found = self.memo.get_or_make(key, lambda: self._search(query, top_k, allowed, collapse))
        return replace(found, took_ms=(time.perf_counter() - started) * 1000)

    def _knobs(self) -> tuple[object, ...]:
        """The settings an answer depends on (they may be changed on a loaded engine)."""
        return (self.judge.threshold, self.rerank_config, id(self.reranker), self.retriever.config)

    def _search(self, query: str, top_k: int, allowed: Filters, collapse: bool) -> SearchResult:
        info, ranked = self.candidates(query, allowed)
        hits = [self.originals.quote(h) for h in self.citations.hits(info, ranked, top_k, collapse)]
        return SearchResult(query, tuple(hits), 0.0)

    # -- answers --------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        top_k: int = 5,
        filters: Mapping[str, Any] | Filters | None = None,
    ) -> Answer:
        """An extractive answer with citations, or ``answerable=False`` with a reason (a code and
        a message in the question's language); ``notes`` say what the reader must know. A
        question asked before is answered from memory."""
        started = time.perf_counter()
        _check_top_k(top_k)
        allowed = self.filters(filters)
        key = ("ask", question, top_k, allowed, self._knobs())
        found = self.memo.get_or_make(key, lambda: self._ask(question, top_k, allowed))
        return replace(found, took_ms=(time.perf_counter() - started) * 1000)

    def _ask(self, question: str, top_k: int, filters: Filters) -> Answer:
        allowed, info, citations, cross = self.evidence(question, top_k, filters)
        verdict = self.judge.verdict(info, allowed, citations, cross)
        notes = verdict.notes
        answer: str | None = None
        sentences: tuple[AnswerSentence, ...] = ()
        if verdict.answerable and verdict.outline:
            answer, sentences, listed = self.composer.outline(info, top_k)
            citations = listed or citations
            notes += (Notice.of("place_outline", place=written_places(info)),)
        elif verdict.answerable:
            sentences = self._quoted(self.composer.sentences(info, citations, cross))
            answer = self.composer.text(sentences, cross, info.sections_only)
        citations = self._quoted(citations)
        sentences = self._quoted(sentences)
        lang = language_of(question)
        return Answer(
            question=question,
            answerable=verdict.answerable,
            answer=answer if verdict.answerable else None,
            reason=verdict.reason.in_language(lang) if verdict.reason else None,
            confidence=round(verdict.confidence, 4),
            sentences=sentences,
            citations=citations,
            took_ms=0.0,
            groups=by_report(citations) if cross else {},
            bridged_terms=info.bridged,
            notes=tuple(n.in_language(lang) for n in notes),
        )

    def evidence(
        self, question: str, top_k: int, filters: Mapping[str, Any] | Filters | None
    ) -> tuple[Filters, QueryInfo, tuple[Hit, ...], bool]:
        """The filters, the analysed question, the passages an answer cites, and whether it
        asks across reports."""
        _check_top_k(top_k)
        allowed = self.filters(filters)
        info, ranked = self.candidates(question, allowed)
        cross = is_cross_report(info.text) and len(info.doc_ids) != 1
        if cross:
            ranked = diversify(ranked, self.passages)
        return allowed, info, tuple(self.citations.hits(info, ranked, top_k)), cross

    def _quoted(self, items: tuple[Quoted, ...]) -> tuple[Quoted, ...]:
        """Citations and sentences quoting the original text (reports in traditional script
        are searched in simplified form)."""
        return tuple(self.originals.quote(item) for item in items)

    def chat(
        self,
        messages: Sequence[Message],
        top_k: int = 5,
        filters: Mapping[str, Any] | Filters | None = None,
    ) -> Answer:
        """Answer the last user message in the context of the conversation."""
        rewritten = self.rewriter.rewrite(parse_messages(messages))
        answer = self.ask(rewritten, top_k=top_k, filters=filters)
        return replace(answer, question=messages[-1].content, rewritten_query=rewritten)

    # -- documents and passages -----------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        """The report as written (a traditional one's title and publisher in its script)."""
        try:
            return self.originals.document(self.documents[doc_id])
        except KeyError:
            raise NotFoundError(f"no document with id {doc_id!r}", {"doc_id": doc_id}) from None

    def passage_counts(self) -> dict[str, int]:
        """How many passages each report has."""
        table = self.retriever.table
        return {doc_id: int(end - start) for doc_id, (start, end) in table.spans().items()}

    def passage(self, passage_id: str) -> Passage:
        row = self._row_of(passage_id)
        if row is None:
            raise NotFoundError(f"no passage with id {passage_id!r}", {"passage_id": passage_id})
        return self.originals.quote(self.passages[row])

    def neighbours(self, passage_id: str, context: int = 1) -> list[Passage]:
        """The passage with up to ``context`` passages of the same document on each side."""
        if not 0 <= context <= 20:
            raise InvalidInputError("context must be between 0 and 20", {"context": context})
        row = self._row_of(passage_id)
        if row is None:
            raise NotFoundError(f"no passage with id {passage_id!r}", {"passage_id": passage_id})
        doc_id = self.passages[row].doc_id
        low, high = max(0, row - context), min(len(self.passages), row + context + 1)
        return [self.originals.quote(p) for p in self.passages[low:high] if p.doc_id == doc_id]


def _row_finder(passages: Sequence[Passage]) -> Callable[[str], int | None]:
    """The row of a passage id: looked up in the index's sorted ids, or (passages in memory)
    in a dictionary."""
    if isinstance(passages, PassageTable):
        return passages.row_of
    return {p.passage_id: i for i, p in enumerate(passages)}.get


def _checked_query(query: str) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InvalidInputError(
            "the query is empty: ask a question such as “岔河镇2023年行政复议做了什么？”"
        )
    return query


def _check_top_k(top_k: int) -> None:
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise InvalidInputError(
            f"top_k must be a whole number from 1 to {MAX_TOP_K}", {"top_k": top_k}
        )
