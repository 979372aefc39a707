"""Core data of the query side: hits, search results, answers (with notebook rendering)."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from index.models import HeadingPath
from qa.answer.messages import Notice


@dataclass(frozen=True)
class Highlight:
    """A matched query term inside a hit's text: ``text[start:end] == term``."""

    term: str
    start: int
    end: int


@dataclass(frozen=True)
class Scores:
    """How a hit's score came about."""

    dense: float
    bm25: float
    fused: float
    boost: float = 0.0
    rerank: float | None = None
    window: float = 0.0
    """Meaning as the better of the passage's vector and its best window's (raw cosine)."""


@dataclass(frozen=True)
class Hit:
    """One ranked passage with its citation."""

    rank: int
    score: float
    passage_id: str
    text: str
    doc_id: str
    source: str
    title: str
    region: str
    year: int | None
    heading_path: HeadingPath
    paragraph: int
    start: int
    end: int
    highlights: tuple[Highlight, ...] = ()
    scores: Scores = field(default_factory=lambda: Scores(0.0, 0.0, 0.0))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["heading_path"] = list(self.heading_path)
        data["highlights"] = [asdict(h) for h in self.highlights]
        return data

    @property
    def citation(self) -> str:
        path = " › ".join(self.heading_path)
        return f"{self.title} · {path} · 第{self.paragraph}段 [{self.start}:{self.end}]"


NO_PANDAS = (
    "to_dataframe() needs pandas, which is not installed: "
    "pip install 'fazhi-qa[notebook]' (or: pip install pandas)"
)


def _table_html(hits: tuple[Hit, ...]) -> str:
    rows = "".join(
        "<tr>"
        f"<td>{h.rank}</td><td>{h.score:.3f}</td><td>{html.escape(h.title)}</td>"
        f"<td>{html.escape(' › '.join(h.heading_path))}</td><td>{h.paragraph}</td>"
        f"<td>{h.start}–{h.end}</td><td>{html.escape(h.text)}</td>"
        "</tr>"
        for h in hits
    )
    head = "".join(
        f"<th>{c}</th>" for c in ("rank", "score", "title", "heading", "para", "offsets", "text")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


@dataclass(frozen=True)
class SearchResult:
    """The ranked hits for one query."""

    query: str
    hits: tuple[Hit, ...]
    took_ms: float

    def __iter__(self) -> Any:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> Hit:
        return self.hits[index]

    def to_dataframe(self) -> Any:
        """The hits as a pandas DataFrame (needs pandas: ``pip install 'fazhi-qa[notebook]'``)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(NO_PANDAS) from exc

        rows = [
            {**h.to_dict(), **{f"score_{k}": v for k, v in asdict(h.scores).items()}}
            for h in self.hits
        ]
        for row in rows:
            row.pop("scores", None)
        columns = [f.name for f in fields(Hit) if f.name != "scores"] + [
            f"score_{f.name}" for f in fields(Scores)
        ]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self.query)}</b> ({self.took_ms:.0f} ms)</p>" + _table_html(
            self.hits
        )


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an extractive answer and where it stands."""

    text: str
    passage_id: str
    doc_id: str
    source: str
    start: int
    end: int


@dataclass(frozen=True)
class Answer:
    """An extractive answer, or an honest no-answer with the nearest passages."""

    question: str
    answerable: bool
    answer: str | None
    reason: Notice | None
    """Why there is no answer: a code, its params, a message in the question's language."""
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Hit, ...]
    took_ms: float
    rewritten_query: str | None = None
    groups: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    bridged_terms: tuple[str, ...] = ()
    """The reports' terms the question's English phrases were matched by (glossary)."""
    notes: tuple[Notice, ...] = ()
    """What the reader of an answer must know (a place outside the filters, a place alone)."""
    confidence: float = 0.0
    """How sure the answerability model is that the passages answer the question, in [0, 1]
    (0 for a refusal on a verified fact: a place or year no report has); answered when it
    reaches the threshold (``FAZHI_ANSWER_THRESHOLD``)."""

    def to_dataframe(self) -> Any:
        return SearchResult(self.question, self.citations, self.took_ms).to_dataframe()

    def _repr_html_(self) -> str:
        verdict = html.escape(self.answer or f"报告中没有找到答案：{self.reason}")
        return f"<p><b>{html.escape(self.question)}</b></p><p>{verdict}</p>" + _table_html(
            self.citations
        )
