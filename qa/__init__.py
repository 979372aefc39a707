"""Query side of fazhi-qa: load an index, retrieve (dense + BM25), fuse, cite, answer, chat."""

from qa.answer.results import Answer, Hit, SearchResult
from qa.engine import Engine

__all__ = ["Answer", "Engine", "Hit", "SearchResult"]
