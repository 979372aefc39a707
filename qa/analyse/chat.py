"""Follow-up questions in a conversation: carry the place, year and topic of earlier turns.

Stateless: the client sends the whole history; each user turn is rewritten in order, so a
third turn can lean on a second that leaned on the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.errors import InvalidInputError
from index.store.lexical.tokenize import tokenize
from qa.analyse.query import QueryAnalyzer, normalise_query, pinyin, place_stem
from qa.answer.sentences import is_cross_report

_PRONOUN = re.compile(
    r"^(?:那么|那|还有|另外|再问一下|and|what about|how about)\s*"
    r"|它们|它|其|该镇|该区|该县|该地|这个镇|这个区|那里|那边|\b(?:it|its|they|their|there)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"[呢吗吧啊呀？?！!。，,\s]|怎么样|如何|情况|的|呢|是什么|有哪些|什么")
_YEAR = re.compile(r"20\d\d\s*年度?")


@dataclass(frozen=True)
class Message:
    role: str
    content: str


def parse_messages(raw: Sequence[Message]) -> list[Message]:
    """Validate a chat history: roles user/assistant, the last one from the user."""
    if not raw:
        raise InvalidInputError("messages is empty: send at least one user message")
    for message in raw:
        if message.role not in ("user", "assistant"):
            raise InvalidInputError(
                f"unknown role {message.role!r}: use 'user' or 'assistant'", {"role": message.role}
            )
        if not message.content.strip() and message.role == "user":
            raise InvalidInputError("a user message is empty")
    if raw[-1].role != "user":
        raise InvalidInputError("the last message must come from the user")
    return list(raw)


class FollowUpRewriter:
    """Rewrites follow-ups ("那独流镇呢？", "它2024年的安排是什么") into whole questions."""

    def __init__(
        self,
        analyzer: QueryAnalyzer,
        regions: dict[str, str],
        parents: dict[str, str] | None = None,
    ) -> None:
        self._analyzer = analyzer
        self._regions = regions  # doc_id -> region name
        self._parents = parents or {}  # doc_id -> parent region name

    def _places(self, text: str) -> list[str]:
        """Regions of the reports named, or the parent region when only that is named (番禺)."""
        if self._analyzer.names_parent_only(text):
            return list(self._analyzer.named_parents(text))
        doc_ids = self._analyzer.analyze(text).doc_ids
        return list(dict.fromkeys(self._regions[d] for d in doc_ids if self._regions.get(d)))

    def _is_elliptical(self, text: str, places: list[str]) -> bool:
        rest = _YEAR.sub("", _PRONOUN.sub("", text))
        for form in self._analyzer.mentions(rest):
            rest = rest.replace(form, "")
        for place in places:
            rest = rest.replace(place, "").replace(place[:-1], "")
            latin = re.compile(re.escape(pinyin(place_stem(place))), re.IGNORECASE)
            rest = latin.sub("", rest)
        return len(tokenize(_FILLER.sub("", rest))) == 0

    def rewrite_one(self, previous: str | None, current: str) -> str:
        current = normalise_query(current)
        if not previous or is_cross_report(current):  # "哪些乡镇…" asks all reports anew
            return current
        places, old_places = self._places(current), self._places(previous)
        year = _YEAR.search(current)
        if self._is_elliptical(current, places):
            rewritten = previous
            for old in old_places:
                rewritten = rewritten.replace(old, places[0] if places else old)
            if places and not old_places:
                rewritten = places[0] + rewritten
            if places and not year:  # another report: its own year, not the earlier one
                rewritten = _YEAR.sub("", rewritten)
            if year:
                rewritten = (
                    _YEAR.sub(year.group(), rewritten)
                    if _YEAR.search(rewritten)
                    else (year.group() + rewritten)
                )
            return rewritten
        if not places and old_places and (_PRONOUN.search(current) or len(current) <= 12):
            body = _PRONOUN.sub("", current).strip()
            return "".join(old_places) + body
        return current

    def rewrite(self, messages: Sequence[Message]) -> str:
        """The last user message as a self-contained question."""
        previous: str | None = None
        for message in messages:
            if message.role == "user":
                previous = self.rewrite_one(previous, message.content)
        assert previous is not None
        return previous
