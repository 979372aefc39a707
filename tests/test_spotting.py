"""Places in questions found in the gazetteer (``qa.analyse.places.spotting``), not in ordinary
words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.metadata.gazetteer import ORDINARY
from qa.analyse.places.spotting import spot_places


def _spotted(text: str) -> list[tuple[str, int, str]]:
    return [(p.name, len(p.divisions), "/".join(p.parents[-1:])) for p in spot_places(text)]


def test_places_no_report_is_from_are_found() -> None:
    assert _spotted("德清县乾元镇2023年聘请了哪家律所？") == [("乾元镇", 1, "德清县")]
    assert _spotted("北京市海淀区2023年收到多少件行政复议申请？") == [("海淀区", 1, "北京市")]
    # the ministry's spelling (jionlp has 石基镇)
    assert _spotted("番禺区石碁镇有多少件？") == [("石碁镇", 1, "番禺区")]


def test_a_shared_name_stays_ambiguous_unless_a_parent_is_named() -> None:
    assert _spotted("白云区2023年做了什么") == [("白云区", 2, "")]
    assert _spotted("广州白云区2023年做了什么") == [("白云区", 1, "广州市")]
    assert _spotted("贵阳市白云区2023年做了什么") == [("白云区", 1, "贵阳市")]
    (place,) = spot_places("青岛平度市南村镇2023年调解成功率是多少？")
    assert place.by_parent and place.parents[-1] == "平度市"


def test_a_department_names_its_county() -> None:
    assert _spotted("巫山县司法局发布的报告") == [("巫山县", 1, "重庆市")]


@pytest.mark.parametrize(
    "text",
    [
        "城区建设和矿区治理有什么进展？",
        "郊区农村的法律顾问覆盖了多少？",
        "新城区建设中有哪些法治举措？",
        "开发区招商引资合同审查了几件？",
        "城关镇的法律明白人有多少？",
        "南村镇在番禺区法治镇街考核中排名第几？",
    ],
)
def test_ordinary_words_are_no_places(text: str) -> None:
    assert all(p.name in ("南村镇", "番禺区") for p in spot_places(text))


def test_two_character_divisions_need_their_parent() -> None:
    assert _spotted("阳泉市矿区2023年行政复议多少件？") == [("矿区", 1, "阳泉市")]
    assert _spotted("阳泉城区2023年") == [("城区", 1, "阳泉市")]
    assert _spotted("矿区2023年行政复议多少件？") == []


def test_no_ordinary_word_is_spotted_in_the_question_sets() -> None:
    """Over every question file: what is spotted is written in the question, and no ordinary
    word (新区, 城关镇 …) counts without a parent."""
    files = sorted(Path("tests/eval").glob("*.jsonl")) + [Path("tests/eval/fresh/questions.jsonl")]
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            for place in spot_places(question):
                assert place.written in question
                assert not ORDINARY.match(place.name) or place.by_parent


def test_a_parent_is_not_read_inside_the_name_itself() -> None:
    # 双塔 of 双塔街道 is also the short name of 双塔区 (朝阳市), but names no parent here
    (place,) = spot_places("双塔街道2024年承办了多少件热线工单？")
    assert not place.by_parent and place.ambiguous
    assert _spotted("涿州市双塔街道有多少件？") == [("双塔街道", 1, "涿州市")]


def test_a_two_character_county_standing_as_a_word_is_a_place() -> None:
    assert [p.name for p in spot_places("洋县2023年办理了多少件法律援助案件？")] == ["洋县"]
    assert [p.name for p in spot_places("勉县司法局2023年")] == ["勉县"]
    assert spot_places("省、市和县三级联动") == ()  # 和: a conjunction
    assert spot_places("振兴县域经济") == () and spot_places("新县城建设") == ()
