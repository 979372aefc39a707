"""A province's own report (a provincial department's) is found by the province's name."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.places.placetables import PlaceTables


def _doc(doc_id: str, region: str, parents: tuple[str, ...]) -> Document:
    meta = DocumentMeta(title=f"{region}报告", region=region, parents=parents, year=2023)
    return Document(doc_id, f"{doc_id}.txt", "", "", meta)


def test_a_provinces_own_report_is_named_in_pinyin_and_in_full() -> None:
    tables = PlaceTables(
        [_doc("bureau", "浙江省", ()), _doc("town", "王阜乡", ("浙江省", "杭州市", "淳安县"))]
    )
    assert "bureau" in tables.latin["zhejiang"]
    assert "~town" in tables.latin["zhejiang"]
    assert ("浙江省", "bureau") in tables.written("浙江省市场监管局2023年做了什么？")
