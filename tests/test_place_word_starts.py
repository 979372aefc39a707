"""A place's short form counts only where a word begins; the tagger runs only when needed."""

from __future__ import annotations

import pytest

import qa.analyse.places.placetables as placetables
from index.models import Document, DocumentMeta
from qa.analyse.places.placetables import PlaceTables

TEXTS = [
    "市中今年做了什么？",
    "全市中小学法治教育怎么样",
    "市中区2023年的报告，全市中小学",
    "市中全市中小学",
    "槐荫和市中哪个复议多",
    "法治政府建设",
]


def _tables() -> PlaceTables:
    parents = ("山东省", "济南市")
    meta = DocumentMeta(title="市中区报告", region="市中区", parents=parents, year=2023)
    return PlaceTables([Document("d", "d.txt", "", "", meta)])


def _always_tagged(tables: PlaceTables, text: str) -> list[tuple[str, str]]:
    named = [
        (at, form)
        for at, form in placetables._substrings(text, tables.form_lengths)
        if form in tables.forms
    ]
    starts = placetables._word_starts(text)
    found = {form for at, form in named if len(form) > 2 or at in starts}
    return [(form, key) for form in sorted(found) for key in tables.forms[form]]


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_places_as_tagging_every_text(text: str) -> None:
    tables = _tables()
    assert tables.written(text) == _always_tagged(tables, text)


def test_a_short_form_opening_the_text_needs_no_tagging(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = _tables()

    def untagged(text: str) -> frozenset[int]:
        raise AssertionError(f"tagged {text}")

    monkeypatch.setattr(placetables, "_word_starts", untagged)
    assert ("市中", "d") in tables.written("市中今年做了什么？")
    assert tables.written("市中区2023年的报告，全市中小学")  # the full name settles 市中区
    with pytest.raises(AssertionError):
        tables.written("全市中小学法治教育怎么样")  # 市中 inside: the tagger decides


def test_a_short_form_inside_a_word_names_no_place() -> None:
    assert _tables().written("全市中小学法治教育怎么样") == []
