"""Questions typed in pinyin read as the reports' words (``qa.analyse.wording.pinyin_words``)."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.analyse.query import QueryAnalyzer
from qa.analyse.wording.pinyin_words import PinyinWords

VOCABULARY = ["行政", "复议", "受理", "法律", "援助", "案件", "持证", "执法", "人员", "政复"]


def test_a_question_in_pinyin_is_read_as_the_reports_words() -> None:
    words = PinyinWords(VOCABULARY)
    assert words.rewrite("miluo 2023 xingzheng fuyi shouli duoshao jian") == (
        "miluo 2023 行政 复议 受理 多少 件"
    )
    assert words.rewrite("falv yuanzhu anjian duoshao jian") == "法律 援助 案件 多少 件"
    assert words.word("zhengfu") is None  # a character pair across words (政复) is no word


def test_english_and_chinese_questions_stay_as_they_are() -> None:
    words = PinyinWords(VOCABULARY)
    english = "xinshi town dispute mediation success rate"  # one word of six read: English
    assert words.rewrite(english) == english
    assert words.rewrite("全市ODR企业有多少家") == "全市ODR企业有多少家"  # an English term stays
    assert words.rewrite("how many 法律援助 cases") == "how many 法律援助 cases"


def test_pinyin_in_a_chinese_question_is_read_when_all_of_it_spells_words() -> None:
    words = PinyinWords(VOCABULARY)
    assert words.rewrite("岔河镇 xingzheng fuyi") == "岔河镇 行政复议"
    assert words.rewrite("2022年fa lv yuan zhu案件多少件") == "2022年法律援助案件多少件"
    assert words.rewrite("2022年falvyuanzhu案件") == "2022年法律援助案件"
    assert words.rewrite("2022年fa lv xyz案件") == "2022年fa lv xyz案件"  # not all of it read


def test_the_analyzer_reads_a_pinyin_question() -> None:
    text = "2021年，全县受理行政复议案件35件，办理法律援助案件612件。"
    doc = Document("a", "a.txt", text, "", DocumentMeta(region="婺源县", year=2021))
    info = QueryAnalyzer([doc]).analyze("falv yuanzhu anjian duoshao jian")
    assert "法律" in info.tokens and "援助" in info.tokens and info.chinese
