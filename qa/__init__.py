"""Query side of fazhi-qa: load an index, retrieve (dense + BM25), fuse, cite, answer, chat."""

from qa.engine import Engine
from qa.results import Answer, Hit, SearchResult

__all__ = ["Answer", "Engine", "Hit", "SearchResult"]
