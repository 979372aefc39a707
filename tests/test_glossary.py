"""English questions bridged to the reports' terms (``qa.analyse.wording.glossary``) and what the
bridge drives."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from index.store.lexical.tokenize import tokenize
from qa import Engine
from qa.analyse.wording.glossary import Glossary, one_edit_apart, shipped_glossary, stem
from qa.answer.confidence.asked.stated import unstated_amounts
from qa.answer.confidence.evidence import Evidence
from qa.answer.confidence.features import gather
from qa.answer.results import Hit
from qa.answer.sentences import coverage

CJK_TERM = re.compile(r"[\u3400-\u9fff]+")


# -- the glossary itself ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("forms", "same"),
    [
        (["lawsuit", "lawsuits", "Lawsuits"], True),
        (["handle", "handled", "handling", "handles"], True),
        (["study", "studies", "studied"], True),
        (["process", "processes"], True),
        (["case", "cast"], False),
    ],
)
def test_stem_joins_the_forms_of_a_word(forms: list[str], same: bool) -> None:
    assert (len({stem(f) for f in forms}) == 1) is same


def test_longest_phrase_wins_and_each_word_is_used_once() -> None:
    glossary = Glossary.parse("review\t审查\nadministrative review\t行政复议\nlose\t败诉\n")
    assert glossary.chinese_terms("Administrative reviews were lost, losing again") == (
        "行政复议",
        "败诉",
    )
    assert glossary.chinese_terms("a review") == ("审查",)
    assert glossary.chinese_terms("nothing here") == ()


def test_a_phrase_may_list_several_terms_and_repeat_lines_merge() -> None:
    glossary = Glossary.parse("dispute\t纠纷,矛盾纠纷\ndisputes\t调解\n")
    assert glossary.chinese_terms("disputes") == ("纠纷", "矛盾纠纷", "调解")
    assert glossary.phrases("disputes") == (("纠纷", "矛盾纠纷", "调解"),)  # one phrase


def test_an_english_question_weighs_each_phrase_once(engine: Engine) -> None:
    """Its words (answer sentences, no-answer coverage) take each phrase's first term; BM25 all
    of them: a phrase with a long alternative must not outweigh the rest of the question."""
    info = engine.analyzer.analyze("How many people took the Xi Jinping Thought test?")
    first, *others = shipped_glossary().chinese_terms("xi jinping thought")
    assert others and all(t in info.bridged for t in others)
    only_others = {w for t in others for w in tokenize(t)} - set(tokenize(first))
    assert only_others and not only_others & set(info.tokens)  # 特色, 社会主义 …
    assert only_others <= set(info.lexical)


@pytest.mark.parametrize("line", ["no tab here", "mediation\t", "\t调解", "a b c d e\t调解"])
def test_a_malformed_line_is_a_clear_error(line: str) -> None:
    with pytest.raises(ValueError, match="glossary line 2"):
        Glossary.parse(f"ok\t好\n{line}\n")


def test_the_shipped_glossary_maps_domain_phrases_to_chinese_terms() -> None:
    glossary = shipped_glossary()
    assert len(glossary.entries) >= 300
    assert all(CJK_TERM.fullmatch(t) for terms in glossary.entries.values() for t in terms)
    assert "行政复议" in glossary.chinese_terms("administrative reconsideration")
    assert "法律援助" in glossary.chinese_terms("legal aid")
    # campaigns for legal awareness are what the reports call 普法宣传 (awareness alone: 法治意识)
    assert "普法宣传活动" in glossary.chinese_terms("How many legal-awareness campaigns?")
    assert "法治意识" in glossary.chinese_terms("Is legal awareness improving?")
    # words of the economy too: a question about them is judged by terms no report uses
    assert "地区生产总值" in glossary.chinese_terms("GDP growth")


# -- questions ---------------------------------------------------------------------------------
def test_an_english_question_is_matched_by_the_words_it_stands_for(engine: Engine) -> None:
    info = engine.analyzer.analyze("How many legal aid cases in 2023?")
    assert not info.chinese and "法律援助" in info.bridged
    assert "法律援助" in info.tokens and "2023" in info.tokens
    assert not any(t.isalpha() and t.isascii() for t in info.tokens)  # no English words left
    assert "legal" in info.lexical  # BM25 still sees them (a report may quote English)


def test_a_mixed_question_keeps_its_chinese_and_bridges_its_english(engine: Engine) -> None:
    info = engine.analyzer.analyze("Who published the 溪湖区 report?")
    assert info.chinese and info.bridged == ("发布机构",)
    assert "溪湖区" in info.tokens and {"发布", "机构"} <= set(info.tokens)
    assert "published" not in info.tokens


def test_an_answer_names_the_terms_it_was_matched_by(engine: Engine) -> None:
    assert engine.ask("What legal aid does Duliu town offer?").bridged_terms == ("法律援助",)


def test_a_chinese_question_is_not_bridged(engine: Engine) -> None:
    info = engine.analyzer.analyze("独流镇2024年行政复议做了什么？")
    assert info.bridged == ()


# -- no-answer: "how many" without a unit ---------------------------------------------------------
def test_a_count_asked_in_no_unit_must_stand_in_a_clause_about_it(engine: Engine) -> None:
    info = engine.analyzer.analyze("How many administrative lawsuits were lost?")
    tokens = [t for t in info.tokens if not t.isdigit()]

    def about(text: str) -> float:
        return coverage(tokens, text, {})

    beside = ["聚焦行政诉讼败诉率持续发力，召开相关会议3次。"]  # the 3 counts meetings
    assert unstated_amounts(info, beside, about, 0.5) == [""]
    dated = ["制定行政诉讼败诉问责办法(2023-2025年)。"]  # years are not counts
    assert unstated_amounts(info, dated, about, 0.5) == [""]
    stated = ["全年行政诉讼败诉2件。"]
    assert unstated_amounts(info, stated, about, 0.5) == []


def _evidence(engine: Engine, question: str) -> Evidence:
    _, info, hits, cross = engine.evidence(question, 5, None)
    return engine.judge.evidence(info, hits, cross)


def test_an_english_count_no_report_states_is_refused(built_index: Path) -> None:
    engine = Engine.load(built_index, encoder="fake:64")
    question = "How many administrative lawsuits did Xihu District lose in 2023?"
    evidence = _evidence(engine, question)
    assert evidence.values["unit_not_stated"] == 1.0
    assert evidence.signals["unit_not_stated"].code == "number_not_stated"
    answer = engine.ask(question)
    assert not answer.answerable and answer.reason is not None
    assert answer.reason.code == "low_confidence"
    assert "no report states the number asked for" in answer.reason.message
    assert answer.citations  # the nearest passages are still listed


def test_an_english_question_is_judged_by_coverage_not_by_meaning(built_index: Path) -> None:
    engine = Engine.load(built_index, encoder="fake:64")
    assert (
        _evidence(engine, "What did Duliu town do about legal advisers?").values["coverage"] >= 0.5
    )
    assert _evidence(engine, "Which football team won the World Cup?").values["coverage"] < 0.25


def test_a_passage_covers_what_its_headings_say(engine: Engine) -> None:
    hit = engine.search("综合行政执法进展不够理想，存在不敢执法", top_k=1).hits[0]
    assert "原因" not in hit.text and "二、存在不足和原因" in hit.heading_path
    # 不足 asks for the part; 原因 is what about
    info = engine.analyzer.analyze("南村镇的不足有哪些原因？")
    documents = list(engine.documents.values())

    def covered(hits: list[Hit]) -> float:
        return gather(info, hits, documents, False, lambda terms, ids: 1.0).values["coverage"]

    assert covered([hit]) >= 0.75
    assert covered([replace(hit, heading_path=())]) < 0.75


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("reconsidration", "reconsideration", True),  # a letter dropped
        ("reconsideraton", "reconsideration", True),
        ("mediatoin", "mediation", False),  # two letters swapped: two edits
        ("lawsuit", "lawsuit", False),
        ("abcdefg", "abcdefh", True),
        ("abcdefg", "xbcdefh", False),
    ],
)
def test_one_edit_apart(a: str, b: str, near: bool) -> None:
    assert one_edit_apart(a, b) is near and one_edit_apart(b, a) is near


def test_a_long_word_one_letter_off_a_glossary_word_is_read_as_it() -> None:
    glossary = Glossary.parse("administrative reconsideration\t行政复议\nmediator\t调解员\n")
    assert glossary.chinese_terms("admin reconsidration") == ()  # "admin" is no glossary word
    assert glossary.chinese_terms("administrative reconsidration") == ("行政复议",)
    assert glossary.chinese_terms("administrativ reconsideration") == ("行政复议",)
    assert glossary.chinese_terms("mediater") == ("调解员",)
    assert glossary.chinese_terms("mediate") == ()  # short words are taken as written


def test_a_word_one_letter_off_two_glossary_words_is_left_alone() -> None:
    glossary = Glossary.parse("mediation\t调解\nmediator\t调解员\n")
    assert glossary.chinese_terms("mediaton") == ()
