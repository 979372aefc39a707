"""Words typed by sound (``qa.analyse.wording.spelling``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Document
from qa import Engine
from qa.analyse.wording.spelling import SoundSpeller, expand_abbreviations
from qa.answer.statements.amounts import without_names


@pytest.fixture(scope="module")
def speller(engine: Engine) -> SoundSpeller:
    return SoundSpeller(list(engine.documents.values()))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("岔河镇圆法议事搞了几场", "岔河镇援法议事搞了几场"),  # “援法议事”, quoted in its report
        ("叉河镇一村一法律顾问", "岔河镇一村一法律顾问"),
        ("楠村镇请的常年法律顾问", "南村镇请的常年法律顾问"),
    ],
)
def test_a_run_typed_by_sound_is_the_reports_word(
    speller: SoundSpeller, typed: str, meant: str
) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "南村那边镇上每天有几个律师坐班啊",  # 几个律 sounds like 及格率, but cuts across 律师
        "西湖区2023年办理了多少件行政复议案件？",  # 西湖区 is a place of its own
        "独流镇2024年行政复议做了什么？",  # as the reports write it
        "How many cases?",
    ],
)
def test_words_of_their_own_are_kept(speller: SoundSpeller, text: str) -> None:
    assert speller.correct(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("援圆法议事岔叉河镇楠南村几个律师的了a1 "), max_size=30))
def test_correction_keeps_the_length(speller: SoundSpeller, text: str) -> None:
    assert len(speller.correct(text)) == len(text)


def test_the_analyzer_reads_the_corrected_question(engine: Engine) -> None:
    info = engine.analyzer.analyze("岔河镇圆法议事搞了几场")
    assert "援法议事" in info.text and info.original == "岔河镇圆法议事搞了几场"


@pytest.mark.parametrize(
    ("typed", "meant", "added"),
    [
        ("车辋 法援 2023 几件", "车辋 法律援助 2023 几件", ["法律援助"]),
        ("岔河镇社矫对象有多少", "岔河镇社区矫正对象有多少", ["社区矫正"]),
        ("司法援助中心", "司法援助中心", []),  # 法援 inside another word
        ("综合行政执法办", "综合行政执法办", []),  # already in full
        ("镇政府打了几次官司", "镇政府打了几次诉讼", ["诉讼"]),  # an everyday form
        ("红头文件谁来审", "规范性文件谁来审", ["规范性文件"]),
        ("老百姓满意吗", "群众满意吗", ["群众"]),
        ("执法人员里学法律出身的占多少", "执法人员里学法律专业背景的占多少", ["专业背景"]),
        ("镇里有没有被老百姓告上法庭", "镇里有没有被群众行政诉讼", ["群众", "行政诉讼"]),
        ("县政府被人告到法院几次", "县政府被人行政诉讼几次", ["行政诉讼"]),
    ],
)
def test_short_forms_are_spelt_out(typed: str, meant: str, added: list[str]) -> None:
    assert expand_abbreviations(typed) == (meant, added)


def test_everyday_forms_are_spelt_out_into_the_reports_terms_only() -> None:
    reports = ["全年为农民工追讨欠薪120万元", "行政机关负责人出庭应诉率100%"]
    spelt = ("帮工人追讨欠薪多少钱", ["追讨欠薪"])
    assert expand_abbreviations("帮工人讨薪多少钱", reports) == spelt
    # 被诉 is written in none of them: a term no report uses would find nothing
    assert expand_abbreviations("当被告几次", reports) == ("当被告几次", [])


def test_a_short_form_the_reports_write_is_kept() -> None:
    assert (
        expand_abbreviations("镇调委会调处了多少纠纷", ["镇调委会共调处…"])[0]
        == "镇调委会调处了多少纠纷"
    )


def test_a_short_form_written_only_inside_a_quoted_name_is_spelt_out() -> None:
    """ "法援" of “法援惠民生” is a programme's name, not the report's word for 法律援助."""
    reports = ["开展“法援惠民生”系列活动，全年办理法律援助案件689件"]
    assert expand_abbreviations("泾县法援案件多少件", reports) == (
        "泾县法律援助案件多少件",
        ["法律援助"],
    )
    assert without_names("开展“法援惠民生”活动，《条例》施行") == "开展“”活动，“”施行"


def test_a_spelt_out_term_is_not_held_against_the_named_report(dense_off: Engine) -> None:
    info = dense_off.analyzer.analyze("溪湖 社矫 23年 在矫 人数")
    assert info.expanded == ("社区矫正",)
    answer = dense_off.ask("溪湖 社矫 23年 在矫 人数")
    assert "社区矫正" not in (answer.reason or "")


def _speller_of(*texts: str) -> SoundSpeller:
    return SoundSpeller([Document(f"d{i}", f"d{i}.txt", t, str(i)) for i, t in enumerate(texts)])


@pytest.mark.parametrize(
    ("typed", "kept_or_meant"),
    [
        ("被害人受伤的程度是什么样？", "被害人受伤的程度是什么样？"),  # 程度是: no 成都市
        ("原告的工作是什么？", "原告的工作是什么？"),  # a particle ending the run: no 工作室
        ("镇里圆法议事搞了几场", "镇里援法议事搞了几场"),  # one wrong character: a slip
    ],
)
def test_only_a_slip_of_one_character_is_corrected(typed: str, kept_or_meant: str) -> None:
    speller = _speller_of("案件由成都市人民法院审理。", "律师工作室提供咨询。", "推行“援法议事”。")
    assert speller.correct(typed) == kept_or_meant


def test_an_everyday_form_is_spelt_out_into_the_first_term_some_report_writes() -> None:
    # 工钱: 劳动报酬 where a report writes it, else 工资
    assert expand_abbreviations("被欠了工钱", ["追回被拖欠工资46.8万元"]) == (
        "被欠了工资",
        ["工资"],
    )
    assert expand_abbreviations("被欠了工钱", ["依法支付劳动报酬", "工资"])[1] == ["劳动报酬"]


def test_an_everyday_word_inside_a_quoted_name_stays() -> None:
    """“和事佬”调解室 is a room's name: its 和事佬 is not spelt out as 人民调解员, while a
    和事佬 standing alone is."""
    assert expand_abbreviations("“和事佬”调解室一共有几名调解员？") == (
        "“和事佬”调解室一共有几名调解员？",
        [],
    )
    assert expand_abbreviations("村里有和事佬吗？")[0] == "村里有人民调解员吗？"
