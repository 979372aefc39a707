"""The reports as a sequence, with "does any report mention term T" answered from the BM25
postings instead of a scan of every report's text.

A Chinese term can only occur in a passage holding each of its character pairs (BM25 indexes
them all), so the reports to read are those whose passages hold all its pairs; other terms
(Latin words, numbers) are looked up among the vocabulary's non-Chinese tokens containing them.
The candidates are then read for the term itself (the same test as before), so the answer is
the scan's, at the cost of the few reports that can hold the term — for the reports' content:
page furniture the cleaning dropped from the passages ("[bookmark: _GoBack]") is not searched.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import overload

import numpy as np

from index.models import Document
from index.store.lexical.tokenize import bigrams, fold, stop_words
from index.store.protocol import IndexStore
from qa.answer.statements.amounts import without_names
from qa.retrieve.rows import RowTable

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[a-z0-9]+")
MEMO = 4096


class ReportTexts(Sequence[Document]):
    """The indexed reports (in index order) and what their texts mention."""

    def __init__(self, documents: Sequence[Document], store: IndexStore, table: RowTable):
        self._documents = tuple(documents)
        self._store = store
        self._table = table
        self._memo: OrderedDict[tuple[str, bool | str], bool] = OrderedDict()

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        return self._documents[index]

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def named(self, doc_ids: Sequence[str]) -> list[Document]:
        """The documents with those ids, in index order."""
        position = self._table.doc_position
        return [self._documents[i] for i in sorted(position[d] for d in doc_ids if d in position)]

    def any_mentions(self, term: str, ignore_case: bool = False) -> bool:
        """Whether some report's text holds ``term`` (ignoring case if asked)."""
        if ignore_case:
            return self._remembered((term, True), lambda text: term in text.lower())
        return self._remembered((term, False), lambda text: term in text)

    def writes_outside_names(self, term: str) -> bool:
        """Whether some report writes ``term`` outside the names it quotes: "法援" of
        “法援惠民生” is a programme's name, not the report's word for 法律援助."""
        return self._remembered(
            (term, "outside names"), lambda text: term in text and term in without_names(text)
        )

    def _remembered(self, key: tuple[str, bool | str], holds: Callable[[str], bool]) -> bool:
        """Whether a report that may hold ``key``'s term (``_candidates``) ``holds``, answered
        once per key."""
        if key not in self._memo:
            self._memo[key] = any(holds(d.text) for d in self._may_hold(key[0]))
            while len(self._memo) > MEMO:
                self._memo.popitem(last=False)
        return self._memo[key]

    def _may_hold(self, term: str) -> Iterator[Document]:
        runs = self._candidates(term)
        if runs is None:
            return iter(self._documents)
        return (self._documents[i] for run in runs for i in run.tolist())

    def _candidates(self, term: str) -> Iterator[np.ndarray] | None:
        """Positions of the reports that may hold ``term``, in runs read as needed (None: no
        way to tell, read all)."""
        pairs = bigrams(term)
        if pairs:
            return self._store.report_runs(list(dict.fromkeys(pairs)))
        needle = fold(term)
        if not _LATIN.fullmatch(needle) or needle in stop_words():
            return None  # not within one indexed token: read every report
        tokens = [token for token in self._latin_vocabulary if needle in token]
        return self._store.report_runs(tokens, every=False) if tokens else iter(())

    def vocabulary(self) -> Iterable[str]:
        """The words BM25 knows of the reports (words, character pairs, identifiers)."""
        return self._store.vocabulary()

    @cached_property
    def _latin_vocabulary(self) -> list[str]:
        return [token for token in self._store.vocabulary() if not _CJK.search(token)]

    def each(self, read: Callable[[str], set[tuple[str, str, str]]]) -> set[tuple[str, str, str]]:
        """The union of ``read`` over every report's text, computed once per reader."""
        cache: dict[Callable[..., object], set[tuple[str, str, str]]] = self.__dict__.setdefault(
            "_unions", {}
        )
        if read not in cache:
            cache[read] = set().union(*(read(d.text) for d in self._documents))
        return cache[read]
