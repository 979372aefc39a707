"""Places spelt in pinyin: a name one letter off a place is read as it only where it is no
place's own spelling."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.places.places import subject_place
from qa.analyse.places.placetables import PlaceTables


def _tables() -> PlaceTables:
    parents = ("安徽省", "安庆市")
    county = DocumentMeta(title="桐城市报告", region="桐城市", parents=parents, year=2022)
    town = DocumentMeta(
        title="孔城镇报告", region="孔城镇", parents=("安徽省", "安庆市", "桐城市"), year=2023
    )
    return PlaceTables(
        [Document("county", "c.txt", "", "", county), Document("town", "t.txt", "", "", town)]
    )


def test_an_exact_spelling_is_not_read_one_letter_off() -> None:
    tables = _tables()
    found = tables.by_latin({"tongcheng"}, {"tongcheng"})
    assert {key for _, key in found} == {"county", "~town"}  # Tongcheng (the town's parent)
    assert {key for _, key in tables.by_latin(set(), {"kongchen"})} == {"town"}  # a slip


def test_a_community_opening_a_question_is_no_division() -> None:
    assert subject_place("华茂社区的“老潘调解室”是由谁牵头的？") is None
    assert subject_place("阳光小区的调解室有几名调解员？") is None
    assert subject_place("滨海新区2023年办了多少件？") == "滨海新区"
