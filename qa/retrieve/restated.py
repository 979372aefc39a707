"""Rows of a report's table of figures that restate what its prose says.

A report often closes a section with a table of its main figures ("人民调解成功率 98.6% 98.9%",
"| 7 | 办理公证事项 | 3,210件 | 其中涉企公证412件 |"). Where a sentence of the same report among
the candidates states one of the row's figures, the sentence is the better citation: it says
what was counted, by whom and when, where the row gives a label and columns whose years the
reader must guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.models import Passage

_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SENTENCE_MARK = re.compile(r"[，。；;！？!?：:]|,(?!\d{3})")
_CELL_GAP = re.compile(r"\s+")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def table_row(text: str) -> bool:
    """A Markdown row, or a line of cells apart by spaces with a figure and no sentence's
    punctuation (a page's table read as text)."""
    if _MARKDOWN_ROW.match(text):
        return True
    cells = [c for c in _CELL_GAP.split(text.strip()) if c]
    return len(cells) >= 2 and not _SENTENCE_MARK.search(text) and bool(_FIGURE.search(text))


def row_figures(text: str) -> set[str]:
    """The row's figures that can be told apart: decimals and numbers of three digits or more
    (a row's number 7 or a column's 2023 is no figure of it)."""
    return {f for f in _figures(text) if ("." in f or len(f) >= 3) and not _YEAR.fullmatch(f)}


def _figures(text: str) -> set[str]:
    """The numbers of ``text``, without thousands separators (3,210 → 3210)."""
    return {m.group().replace(",", "") for m in _FIGURE.finditer(text)}


def restated_rows(rows: Iterable[int], passages: Sequence[Passage]) -> set[int]:
    """Of ``rows`` (the head of a ranking), the table rows one of whose figures a prose passage
    of the same report among them states."""
    prose: dict[str, set[str]] = {}
    tables = []
    for row in rows:
        passage = passages[row]
        if passage.kind != "text":
            continue
        if table_row(passage.text):
            tables.append(row)
        else:
            prose.setdefault(passage.doc_id, set()).update(_figures(passage.text))
    return {
        row
        for row in tables
        if row_figures(passages[row].text) & prose.get(passages[row].doc_id, set())
    }
