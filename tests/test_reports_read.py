"""Which reports of a place named the answerability checks read, when it has very many."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.answer.confidence.checks import READ_AT_MOST, reports_read
from qa.answer.results import Hit


def _report(at: int, year: int) -> Document:
    meta = DocumentMeta(region="锦州市", year=year, title=f"报告{at}")
    return Document(f"r{at}", f"r{at}.txt", "", "h", meta)


def _hit(doc_id: str) -> Hit:
    return Hit(0, 1.0, f"{doc_id}-p1", "", doc_id, "", "", "锦州市", None, (), 1, 0, 0)


def test_a_place_with_few_reports_has_all_read() -> None:
    few = [_report(at, 2023) for at in range(READ_AT_MOST)]
    assert reports_read(few, [], [2023]) == few


def test_beyond_the_limit_the_reports_found_then_the_nearest_years_are_read() -> None:
    many = [_report(at, 2000 + at % 25) for at in range(60)]
    read = reports_read(many, [_hit("r59"), _hit("r3")], [2023])
    assert len(read) == READ_AT_MOST
    assert [d.doc_id for d in read[:2]] == ["r59", "r3"]  # the passages' reports first
    distance = {d.doc_id: abs((d.meta.year or 0) - 2023) for d in many}
    farthest_read = max(distance[d.doc_id] for d in read[2:])
    assert all(distance[d.doc_id] >= farthest_read for d in many if d not in read)
