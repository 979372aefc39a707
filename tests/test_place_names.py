"""Division names in text: overlapping names read by the parent chain, autonomous divisions by
their short forms (恭城县 for 恭城瑶族自治县), in reports and in questions."""

from __future__ import annotations

import pytest

from index.metadata.ethnic import autonomous_stem, ethnic_english, short_forms
from index.metadata.extract import extract_metadata
from index.metadata.gazetteer import gazetteer
from index.models import Document, DocumentMeta
from qa.analyse.filters import Filters
from qa.analyse.places.places import unknown_places
from qa.analyse.query import QueryAnalyzer


def _names(text: str) -> list[str]:
    return [name for _, _, name in gazetteer().find_names(text)]


def test_every_name_is_a_candidate_overlapping_ones_too() -> None:
    found = {name for _, _, name in gazetteer().find_all("汾阳市西河街道")}
    assert {"汾阳市", "市西河街道", "西河街道"} <= found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # 市西河街道 (贵阳) overlaps 汾阳市: the town under the county named before it wins
        ("汾阳市西河街道2023年法治政府建设情况", ["汾阳市", "西河街道"]),
        # with its own district named, 市西河街道 is the 街道 meant
        ("贵阳市云岩区市西河街道", ["贵阳市", "云岩区", "市西河街道"]),
        # 朗镇人民政府 (朗县) overlaps 南朗镇: no parent of it is named, the leftmost name stays
        ("中山市南朗镇人民政府", ["中山市", "南朗镇"]),
        ("广州市白云区新市街道", ["广州市", "白云区", "新市街道"]),
        # 河口镇 (河口瑶族自治县) overlaps 仁河口镇; 河口 in the other 仁河口镇 names no parent
        ("仁河口镇推进依法行政，仁河口镇党委", ["仁河口镇", "仁河口镇"]),
    ],
)
def test_overlapping_names_are_read_by_the_parent_chain(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_a_report_on_a_town_whose_name_overlaps_a_county_s_gets_the_town() -> None:
    meta = extract_metadata("汾阳市西河街道2023年法治政府建设情况报告\n2023年，街道推进依法行政。")
    assert (meta.region, meta.level, meta.parents[-1]) == ("西河街道", "街道", "汾阳市")


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("恭城瑶族自治县", ("恭城县", "恭城")),
        ("临夏回族自治州", ("临夏州", "临夏")),
        ("延边朝鲜族自治州", ("延边州", "延边")),
        ("湘西土家族苗族自治州", ("湘西州", "湘西")),  # two groups; 土家 is not 土
        ("伊犁哈萨克自治州", ("伊犁州", "伊犁")),  # a group written without 族
        ("龙胜各族自治县", ("龙胜县", "龙胜")),
        ("鄂温克族自治旗", ("鄂温克旗", "鄂温克")),  # the group's name is the place's
        ("内蒙古自治区", ("内蒙古",)),
        ("广西壮族自治区", ("广西",)),
        ("新疆维吾尔自治区", ("新疆",)),
        ("恭城镇", ()),
        ("白云区", ()),
        ("黄洛瑶族乡", ("黄洛乡", "黄洛")),  # an ethnic township (民族乡)
        ("回族乡", ()),  # no place before the group
    ],
)
def test_short_forms_of_autonomous_divisions(name: str, forms: tuple[str, ...]) -> None:
    assert short_forms(name) == forms


def test_the_56_groups_are_data_and_their_english_names_known() -> None:
    assert autonomous_stem("大理白族自治州") == "大理"
    assert {"yao", "hui", "zhuang", "uyghur", "korean"} <= ethnic_english()


@pytest.mark.parametrize(
    ("short", "full"),
    [("恭城县", "恭城瑶族自治县"), ("临夏州", "临夏回族自治州"), ("延边州", "延边朝鲜族自治州")],
)
def test_a_short_form_resolves_to_the_same_division(short: str, full: str) -> None:
    gaz = gazetteer()
    assert gaz.full_name(short) == full
    assert {d.code for d in gaz.divisions(short)} == {d.code for d in gaz.divisions(full)}
    assert gaz.divisions("广西")[0].name == "广西壮族自治区"


def test_a_report_titled_with_a_short_form_has_the_full_name() -> None:
    meta = extract_metadata("恭城县2023年法治政府建设工作报告\n2023年，全县推进依法行政。")
    assert (meta.region, meta.level) == ("恭城瑶族自治县", "区县")
    assert meta.parents == ("广西壮族自治区", "桂林市")
    town = extract_metadata("临夏州东乡族自治县2022年法治政府建设情况报告\n正文。")
    assert (town.region, town.parents) == ("东乡族自治县", ("甘肃省", "临夏回族自治州"))


def _report(doc_id: str, region: str, parents: tuple[str, ...]) -> Document:
    meta = DocumentMeta(title=f"{region}报告", region=region, parents=parents, year=2023)
    return Document(doc_id, f"{doc_id}.txt", f"{region}推进法治建设。", "", meta=meta)


@pytest.fixture(scope="module")
def analyzer() -> QueryAnalyzer:
    return QueryAnalyzer(
        [
            _report("gc", "恭城瑶族自治县", ("广西壮族自治区", "桂林市")),
            _report("hz", "河州街道", ("甘肃省", "临夏回族自治州", "临夏市")),
        ]
    )


@pytest.mark.parametrize(
    ("question", "doc_ids"),
    [
        ("恭城县2023年办理了多少件行政复议案件？", ("gc",)),
        ("恭城2023年调解了多少起纠纷？", ("gc",)),
        ("恭城瑶族自治县2023年调解了多少起纠纷？", ("gc",)),
        ("临夏州的报告里提到哪些普法活动？", ("hz",)),
        ("How many cases did Gongcheng Yao Autonomous County handle in 2023?", ("gc",)),
    ],
)
def test_a_question_naming_a_short_form_finds_the_report(
    analyzer: QueryAnalyzer, question: str, doc_ids: tuple[str, ...]
) -> None:
    info = analyzer.analyze(question)
    assert info.doc_ids == doc_ids
    assert info.unknown_places == () and info.unreported is None  # no "no report is from"
    assert unknown_places(question, analyzer.places) == []


def test_a_short_form_of_a_province_no_report_is_from_is_unknown(analyzer: QueryAnalyzer) -> None:
    assert unknown_places("内蒙古有哪些报告？", analyzer.places) == ["内蒙古自治区"]


def test_an_ethnic_group_s_english_name_is_no_place(analyzer: QueryAnalyzer) -> None:
    question = "What did Shuangjiang Lahu Va Blang and Dai Autonomous County do in 2023?"
    unknown = unknown_places(question, analyzer.places)
    assert not any("Dai" in p or "Autonomous" in p for p in unknown)
    assert unknown_places("What did Fuchuan Yao Autonomous County do?", analyzer.places) == [
        "Fuchuan County"
    ]


def test_an_ethnic_township_s_english_name_is_its_place() -> None:
    parents = ("广西壮族自治区", "来宾市", "金秀瑶族自治县")
    analyzer = QueryAnalyzer(
        [_report("jx", "金秀镇", parents), _report("sj", "三角瑶族乡", parents)]
    )
    for question in (
        "What did Jinxiu Yao Ethnic Township do in 2023?",
        "What did Jinxiu Yao Nationality Township do in 2023?",
        "What did Sanjiao Yao Ethnic Township do in 2023?",
        "What did Sanjiao Township do in 2023?",
        "What did Sanjiao Yao Township do in 2023?",  # the group right before the level
    ):
        assert unknown_places(question, analyzer.places) == []
    assert unknown_places("What did Luoxiang Yao Ethnic Township do?", analyzer.places) == [
        "Luoxiang Township"
    ]


def test_a_filter_on_a_short_form_covers_the_report() -> None:
    report = _report("gc", "恭城瑶族自治县", ("广西壮族自治区", "桂林市"))
    assert Filters(region=("恭城县",)).allows(report)
    assert Filters(region=("广西壮族自治区",)).allows(report)
    assert not Filters(region=("富川县",)).allows(report)


def test_an_english_level_word_picks_between_a_district_and_its_seat() -> None:
    # 临桂区 and its seat 临桂镇 share the pinyin Lingui; the level written after it decides
    district, town = ("广西壮族自治区", "桂林市"), ("广西壮族自治区", "桂林市", "临桂区")
    analyzer = QueryAnalyzer([_report("qu", "临桂区", district), _report("zhen", "临桂镇", town)])
    assert analyzer.analyze("What did Lingui town plan for 2024?").doc_ids == ("zhen",)
    assert analyzer.analyze("What did Lingui District do in 2023?").doc_ids == ("qu",)  # as 临桂区
    assert set(analyzer.analyze("What did Lingui do in 2023?").doc_ids) == {"qu", "zhen"}


def test_an_autonomous_prefecture_written_short_is_not_its_namesake_city() -> None:
    # 大理州 (大理白族自治州) and 大理市 below it share the stem 大理; the suffix written decides
    yunnan = ("云南省",)
    analyzer = QueryAnalyzer(
        [
            _report("zhou", "大理白族自治州", yunnan),
            _report("shi", "大理市", (*yunnan, "大理白族自治州")),
        ]
    )
    assert analyzer.analyze("大理州2023年纠错率是多少？").doc_ids == ("zhou",)
    assert analyzer.analyze("大理市2023年纠错率是多少？").doc_ids == ("shi",)


def test_a_township_of_two_ethnic_groups_written_short_is_its_place() -> None:
    """江南乡 is 江南朝鲜族满族乡 written short: a report's place, not one no report is from."""
    parents = ("黑龙江省", "牡丹江市", "宁安市")
    analyzer = QueryAnalyzer([_report("jn", "江南朝鲜族满族乡", parents)])
    for question in ("江南乡2022年调处了多少件矛盾纠纷？", "江南朝鲜族满族乡调处了多少件纠纷？"):
        info = analyzer.analyze(question)
        assert info.doc_ids == ("jn",) and info.unknown_places == ()
