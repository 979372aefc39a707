"""The answerability decision: the shipped model, confidence in [0, 1], verified facts refusing
alone, and ``confidence`` on every answer surface (Python, HTTP, CLI --json, the page)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.models import Document, DocumentMeta
from qa import Engine
from qa.analyse.query import QueryInfo
from qa.answer.confidence.asked.stated import amount_rank, amount_support
from qa.answer.confidence.asked.years import asked_years
from qa.answer.confidence.asked_evidence import years_side_by_side
from qa.answer.confidence.features import FEATURES, MEANING_FEATURES
from qa.answer.confidence.model import ConfidenceModel
from qa.answer.confidence.wordclasses import function_words, time_words
from qa.answer.confidence.words import glued_word, longest_words
from qa.answer.results import Hit
from qa.answer.statements.qualifiers import of_years_asked
from qa.evaluation.loro import (
    Row,
    choose_threshold,
    figures,
    held_out_sets,
    held_out_threshold,
    leave_one_report_out,
    leave_one_set_out,
)

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "岔河镇2023年行政复议做了什么？",
    "南村镇开展人大代表接访活动多少场？",
    "岔河镇2023年的法律援助经费是多少万元？",
    "如何做红烧肉？",
    "What did Duliu town do about legal advisers?",
]


def test_the_shipped_model_loads_with_every_feature() -> None:
    model = ConfidenceModel.load()
    assert set(model.features) == set(FEATURES)
    assert model.coef.shape == model.mean.shape == model.scale.shape == (len(FEATURES),)
    assert np.all(model.scale > 0) and 0.0 < model.threshold < 1.0
    assert model.encoder  # fitted with a real encoder
    again = ConfidenceModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.features == model.features and np.allclose(again.coef, model.coef)


def test_another_encoders_meaning_features_are_left_at_their_mean() -> None:
    model = ConfidenceModel.load()
    values = dict(zip(model.features, model.mean.tolist(), strict=True))
    values["dense_top"] = 5.0  # far off the fitted scale
    shares = model.contributions(values, encoder="fake:64")
    for name in MEANING_FEATURES:
        assert shares[model.features.index(name)] == 0.0


@pytest.mark.parametrize("question", QUESTIONS)
def test_confidence_is_within_zero_and_one(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert 0.0 <= answer.confidence <= 1.0
    assert answer.answerable == (answer.confidence >= engine.judge.threshold)


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("深圳市南山区2023年法治政府建设有哪些亮点？", "unknown_place"),
        ("番禺区石楼镇2023年开展了哪些普法活动？", "unknown_place"),
        ("岔河镇2019年行政复议做了什么？", "year_not_covered"),
    ],
)
def test_verified_facts_refuse_whatever_the_threshold(
    lenient: Engine, question: str, code: str
) -> None:
    assert lenient.judge.threshold == 0.0
    answer = lenient.ask(question)
    assert not answer.answerable and answer.confidence == 0.0
    assert answer.reason is not None and answer.reason.code == code
    assert answer.citations  # the nearest passages are still listed


def test_a_plans_range_quoted_in_a_title_is_no_year_asked(engine: Engine) -> None:
    info = engine.analyzer.analyze("岔河镇如何落实《法治政府建设实施纲要(2021-2025年)》？")
    assert info.years and asked_years(info) == ()
    info = engine.analyzer.analyze("岔河镇的五年规划(2021—2025年)在2023年做了什么？")
    assert asked_years(info) == (2023,)


def test_a_weak_answer_names_its_strongest_signals_in_the_question_language(
    dense_off: Engine,
) -> None:
    dense_off.judge.threshold = 0.999
    try:
        chinese = dense_off.ask("岔河镇2023年的法律援助经费是多少万元？")
        english = dense_off.ask("How many administrative lawsuits did Xihu District lose in 2023?")
    finally:
        dense_off.judge.threshold = dense_off.judge.model.threshold
    assert chinese.reason is not None and chinese.reason.code == "low_confidence"
    assert "万元" in chinese.reason.message and "可能相关" in chinese.reason.message
    assert english.reason is not None and "possibly related" in english.reason.message
    assert "number asked for" in english.reason.message
    assert chinese.citations and chinese.answer is None


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    from service.app import create_app

    with TestClient(create_app(engine=engine)) as test_client:
        yield test_client


def test_ask_and_chat_return_confidence(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": QUESTIONS[0]}).json()
    assert 0.0 <= body["confidence"] <= 1.0
    messages = [{"role": "user", "content": QUESTIONS[0]}]
    body = client.post("/v1/chat", json={"messages": messages}).json()
    assert 0.0 <= body["confidence"] <= 1.0
    refused = client.post("/v1/ask", json={"question": "深圳市南山区2023年有哪些亮点？"}).json()
    assert refused["confidence"] == 0.0 and refused["reason"]["code"] == "unknown_place"


def test_the_page_shows_a_weak_answer_as_possibly_related() -> None:
    script = (REPO / "service" / "static" / "app.js").read_text(encoding="utf-8")
    assert "可能相关" in script and '"low_confidence"' in script and "is-tentative" in script


def test_leave_one_report_out_scores_each_report_without_its_questions() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for i in range(120):
        answerable = bool(i % 3)
        values = rng.normal(size=len(FEATURES)) + (1.5 if answerable else -1.5)
        rows.append(Row(f"q{i}", "s", f"r{i % 4}", answerable, tuple(values.tolist())))
    rows.append(Row("hard", "s", "r0", False, (0.0,) * len(FEATURES), fixed=0.0))
    held = leave_one_report_out(rows, "fake:64")
    assert held.shape == (121,) and held[-1] == 0.0
    threshold = choose_threshold(rows, held)
    result = figures(rows, held, threshold)
    assert result["wrongly_refused"] <= 0.04 and result["no_answer_accuracy"] > 0.9


def test_words_of_no_topic_are_not_counted_as_absent_from_the_reports() -> None:
    """这份, 哪边, 手里, 路边 … (pronouns, measures, words of place) are absent from every report
    and say nothing about whether one answers; a term such as 知识产权 does."""
    asides = function_words(
        "独流镇和溪湖区各有多少个专项应急预案？哪边多？这份报告里手里有证的有几个？"
    )
    assert {"哪边", "这份", "手里"} <= asides
    assert "知识产权" not in function_words("哪份报告介绍了知识产权保护方面的执法情况？")


def _synthetic_rows(n: int, sets: int, shift: float, seed: int) -> list[Row]:
    """Questions of ``sets`` sets (two reports each), every third unanswerable, whose features
    lean by ``shift`` towards their label."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        answerable = bool(i % 3)
        values = rng.normal(size=len(FEATURES)) + (shift if answerable else -shift)
        set_name, report = f"s{i % sets}", f"r{i % (2 * sets)}"
        rows.append(Row(f"q{i}", set_name, report, answerable, tuple(values.tolist())))
    return rows


def test_leave_one_set_out_scores_a_set_with_a_model_fitted_without_it() -> None:
    rows = _synthetic_rows(160, sets=2, shift=1.5, seed=1)
    result = leave_one_set_out(rows, "fake:64", ["s1", "absent"])
    assert list(result) == ["s1"]
    assert result["s1"]["questions"] == 80 and 0.05 <= result["s1"]["threshold"] <= 0.95
    assert result["s1"]["no_answer_accuracy"] > 0.8


def _asking(question: str, years: tuple[int, ...] = ()) -> QueryInfo:
    return QueryInfo(question, question, (), (), (), years, True)


def test_the_first_passage_stating_the_amount_asked_gives_its_rank() -> None:
    info = _asking("岔河镇2023年办理了多少件行政复议案件？", (2023,))
    passages = ["坚持依法行政，加强队伍建设。", "全年办理行政复议案件2件。", "调解纠纷57件。"]
    assert amount_rank(info, passages) == pytest.approx(1 / 3)
    assert amount_rank(info, passages[:1]) == 1.0
    assert amount_rank(_asking("岔河镇如何推进法治建设？"), passages) == 0.0


def test_amount_support_grades_the_sentence_that_states_it() -> None:
    info = _asking("岔河镇2023年办理了多少件行政复议案件？", (2023,))

    def about(sentence: str) -> float:
        return 0.8 if "复议" in sentence else 0.3

    texts = ["全年办理行政复议案件2件。开展普法活动12次。"]
    assert amount_support(info, texts, about) == (0.8, 0.8)
    assert amount_support(info, ["开展普法活动12次。"], about) == (0.0, 0.3)
    assert amount_support(_asking("岔河镇如何推进法治建设？"), texts, about) == (1.0, 1.0)


def test_a_set_is_read_on_its_own_index_when_given(built_index: Path) -> None:
    """``--set-index SET=INDEX``: each pair names a set and the folder its questions are read on;
    one engine per folder."""
    from index.config import Settings
    from qa.evaluation.calibrate import own_indexes

    settings = Settings(encoder="fake:64")
    engines = own_indexes([f"a={built_index}", f"b={built_index}"], settings)
    assert set(engines) == {"a", "b"} and engines["a"] is engines["b"]
    with pytest.raises(SystemExit):
        own_indexes(["gen_c"], settings)


def test_words_that_ask_or_point_are_no_part_of_the_subject_a_sentence_must_share() -> None:
    """Whether a sentence stating a number is about the question: "那个", "几件" (asking,
    pointing) weigh nothing, even where some report writes them; the subject's words do."""
    from index.models import Document, DocumentMeta
    from index.store.lexical.tokenize import tokenize
    from qa.answer.confidence.asked_evidence import _about

    text = "全年排查矛盾纠纷196件。召开院落会142场，现场解决群众诉求86个。那个村还有几件事未落实。"
    report = Document("d1", "a.txt", text, "h", meta=DocumentMeta(title="报告"))
    question = "那个院落说事一年开了多少场会，当场帮群众办了几件事？"
    info = QueryInfo(question, question, tuple(tokenize(question)), (), (), (), True)
    about = _about(info, [], [report])
    assert about("召开院落会142场，现场解决群众诉求86个") == 1.0
    assert about("全年排查矛盾纠纷196件") == 0.0


def test_a_term_the_report_writes_in_its_own_form_is_not_missing() -> None:
    """The named report writes 上年 for the question's 上一年 (everyday forms) and 普法宣传 for
    the glossary's first term of "legal publicity" (法治宣传): neither term is missing there;
    a term it has in no form still is."""
    from index.models import Document, DocumentMeta
    from qa.answer.confidence.checks import missing_terms, other_forms

    own = Document("d1", "a.txt", "全年开展普法宣传活动87场，较上年增长5%。", "h", DocumentMeta())
    other = Document("d2", "b.txt", "上一年开展法治宣传活动，推进行政复议。", "h", DocumentMeta())

    def asking(text: str, tokens: tuple[str, ...]) -> QueryInfo:
        return QueryInfo(text, text, tokens, (), ("d1",), (), True)

    assert "上年" in other_forms("比上一年多了多少？")["上一年"]
    assert "普法宣传" in other_forms("How many legal publicity events?")["法治宣传"]
    assert missing_terms(asking("比上一年多了多少？", ("上一年",)), [own, other]) == []
    english = asking("How many legal publicity events?", ("法治宣传",))
    assert missing_terms(english, [own, other]) == []
    assert missing_terms(asking("行政复议多少件？", ("行政复议",)), [own, other]) == ["行政复议"]
    assert other_forms("Who is the party secretary?")["党委书记"] == ("党委书记",)


def test_the_day_a_report_was_signed_is_its_headers_to_give() -> None:
    """ "落款日期", "signed": the report's date is asked, which its date line or 发布日期 field
    gives; a day its sentences give (a meeting's) is another's."""
    from index.models import Document, DocumentMeta
    from qa.analyse.intent.asks import asked_fields, asks_date
    from qa.answer.confidence.asked_evidence import _values
    from qa.answer.confidence.evidence import Evidence

    assert asks_date(asked_fields("On what date is the Wenshan District 2023 report signed?"))
    assert asks_date(asked_fields("这份报告是哪天签发的？"))
    assert asks_date(asked_fields("What date is given at the end of the 2023 report?"))
    assert asks_date(asked_fields("五龙街道报告文末的日期是哪天？"))
    assert not asks_date(asked_fields("What date did the town mediate the dispute?"))
    question = "岔河镇这份报告的落款日期是哪一天？"
    sentences = ["3月15日，岔河镇召开法治政府建设推进会。"]
    undated = Document("d1", "a.txt", sentences[0], "h", DocumentMeta())
    dated = Document(
        "d2", "b.txt", sentences[0] + "\n岔河镇人民政府\n2024年1月10日", "h", DocumentMeta()
    )
    for report, unstated in ((undated, 1.0), (dated, 0.0)):
        evidence = Evidence()
        _values(evidence, question, sentences, [report], lambda s: 1.0)
        assert evidence.values["value_not_stated"] == unstated


def test_what_an_english_how_many_counts_is_named_by_its_glossary_terms() -> None:
    """ "how many staff" counts 人员: a clause naming them with a number states the amount, as
    "多少名工作人员" would be answered by "仅有工作人员2名"."""
    from qa.answer.confidence.asked.stated import counted_in_english, unstated_amounts

    question = "How many staff does the judicial office of Huanghua Township have?"
    assert counted_in_english(question) == ["人员"]
    info = QueryInfo(question, question, ("司法所", "人员"), (), (), (), False)
    evidence = ["司法所力量薄弱，仅有工作人员2名，难以满足工作需要。"]
    assert unstated_amounts(info, evidence, lambda part: 0.1, 0.25) == []
    # counted in 人 (English "staff")
    assert unstated_amounts(info, ["全年开展普法活动12场。"], lambda part: 0.1, 0.25) == ["人"]


def test_people_counted_by_what_they_did_are_answered_by_a_count_of_the_acts() -> None:
    """ "多少人申请行政复议" is answered by "收到行政复议申请1027件"; "多少人持有执法证" is not
    answered by a count of cases."""
    from qa.answer.confidence.asked.stated import people_by_acts, unstated_amounts

    question = "玉林市本级一年里有多少人申请行政复议？"
    assert people_by_acts(question) and not people_by_acts("有多少人持有执法证？")
    assert people_by_acts("2022年有多少人向瑞金市政府申请公开政府信息？")
    info = QueryInfo(question, question, ("申请", "行政复议"), (), (), (), True)
    evidence = ["市本级全年收到行政复议申请1027件，审结946件。"]
    assert unstated_amounts(info, evidence, lambda part: 1.0, 0.25) == []
    holders = "有多少人持有执法证？"
    info = QueryInfo(holders, holders, ("持有", "执法证"), (), (), (), True)
    assert unstated_amounts(info, ["持有执法证的执法案件1027件。"], lambda part: 1.0, 0.25) == [
        "人"
    ]


def test_words_that_name_the_report_itself_are_not_missing_from_it() -> None:
    """ "年度报告" asked of a report titled "…2024年度法治政府建设情况报告" names the report;
    that its text never says so is no sign it does not answer. A topic term it lacks is still
    missing."""
    from index.models import Document, DocumentMeta
    from qa.answer.confidence.checks import missing_terms

    meta = DocumentMeta(title="大瑶镇2024年度法治政府建设情况报告")
    own = Document("d1", "a.txt", "全年组织执法人员业务培训6次。", "h", meta)
    other = Document("d2", "b.txt", "本年度报告所列行政复议案件。", "h", DocumentMeta())
    question = "大瑶镇在2024年度报告里说组织了几次行政复议培训？"
    info = QueryInfo(question, question, ("年度报告", "行政复议"), (), ("d1",), (2024,), True)
    assert missing_terms(info, [own, other]) == ["行政复议"]


def test_a_publisher_asked_of_a_report_naming_none_is_not_stated() -> None:
    """ "是哪个单位发布的" of a report whose header, issuer line and signature name no publisher:
    the value is not stated; a report with a publisher states it."""
    from index.models import Document, DocumentMeta
    from qa.answer.confidence.asked_evidence import _values
    from qa.answer.confidence.evidence import Evidence

    question = "四马路街道2020年度报告是哪个单位发布的？"
    text = "四马路街道2020年度法治政府建设情况报告"
    bare = Document("d1", "a.txt", text, "h", DocumentMeta())
    signed = Document("d2", "b.txt", text, "h", DocumentMeta(publisher="四马路街道办事处"))
    for report, unstated in ((bare, 1.0), (signed, 0.0)):
        evidence = Evidence()
        _values(evidence, question, [text], [report], lambda s: 1.0)
        assert evidence.values["value_not_stated"] == unstated


def test_a_word_cut_with_the_counter_before_it_is_the_word_it_counts() -> None:
    """ "多少起纠纷" tokenised as 起纠纷 (no report writes it) is 纠纷; 起诉 asked stays 起诉."""
    from qa.answer.confidence.words import _without_counter

    assert _without_counter("起纠纷", "新开地一共化解调处了多少起纠纷？") == "纠纷"
    assert _without_counter("起纠纷", "新开地的起纠纷机制怎样？") == "起纠纷"
    assert _without_counter("纠纷", "多少起纠纷？") == "纠纷"


@pytest.mark.parametrize(
    ("word", "glued"),
    [
        ("设个", True),  # 设个机构: a verb and its measure
        ("告上", True),  # 告上法庭: a verb and its complement
        ("咋执", True),  # 咋执法: an asking word before
        ("中扣", True),  # 行动中扣了几条船: a localiser before
        ("人向", True),  # 多少人向政府申请: a preposition after
        ("诉源", False),  # 诉源治理: a topic some report may lack
        ("行政", False),  # a word of the dictionary
    ],
)
def test_words_joined_across_grammar_are_no_topic(word: str, glued: bool) -> None:
    assert glued_word(word) is glued


@pytest.mark.parametrize(
    ("word", "asks"),
    [
        ("多不多", True),
        ("有没有", True),
        ("不多", False),
        ("地方", True),  # 哪个地方: a place asked, no topic
        ("变化", True),  # 有什么变化: a comparison asked
        ("变化趋势", False),
        ("比重", True),  # 比重调到了多少: a share asked, the report writes 权重
        ("认为", True),  # 司法局认为有哪些不足: whose opinion, no topic
        ("多长时间", True),  # a duration asked
        ("现在", True),  # 司法所现在有几个人: the report's time
        ("类别", True),  # 按类别分各有多少件: a breakdown asked
        ("类别管理", False),
    ],
)
def test_a_word_asking_yes_or_no_names_no_topic(word: str, asks: bool) -> None:
    from qa.answer.confidence.words import ASKING_WORD

    assert bool(ASKING_WORD.search(word)) is asks


def test_a_guessed_word_glued_to_a_word_of_the_reports_is_no_topic() -> None:
    from index.models import Document, DocumentMeta
    from qa.answer.confidence.words import glued_to_a_word

    text = "街道综合行政执法队现有执法人员18名，其中学法出身的3名；法律顾问提出意见。"
    reports = [Document("d1", "a.txt", text, "h", DocumentMeta())]
    assert glued_to_a_word("队有", "圣城街道的综合执法队有几个人啊？", reports)  # 执法队
    assert glued_to_a_word("里学", "执法人员里学法出身的占多少", reports)  # 学法
    assert not glued_to_a_word("顾问费", "每年付给律师的法律顾问费是多少？", reports)
    assert not glued_to_a_word("执法", "执法队有几个人？", reports)  # a word of the dictionary


def test_a_header_field_asked_of_a_report_without_it_is_not_stated() -> None:
    """ "索引号是多少" of a report whose header has no 索引号: not stated; a report with the field,
    or with the labelled line in its text, states it; a 文号 asked is of a cited document."""
    from index.models import Document, DocumentMeta
    from qa.answer.confidence.asked_evidence import _values
    from qa.answer.confidence.evidence import Evidence

    question = "新乐市2025年度报告的索引号是多少？"
    title = "新乐市2025年度法治政府建设情况报告"
    bare = Document("d1", "a.txt", title, "h", DocumentMeta())
    field = Document("d2", "b.txt", title, "h", DocumentMeta(fields=(("索引号", "0001/2025"),)))
    line = Document("d3", "c.txt", "索引号：0001/2025\n" + title, "h", DocumentMeta())
    for report, unstated in ((bare, 1.0), (field, 0.0), (line, 0.0)):
        evidence = Evidence()
        _values(evidence, question, [title], [report], lambda s: 1.0)
        assert evidence.values["value_not_stated"] == unstated
    evidence = Evidence()
    _values(evidence, "新乐市的实施方案文号是什么？", [title], [bare], lambda s: 1.0)
    assert evidence.values["value_not_stated"] == 0.0


def test_words_of_time_are_no_terms_a_report_must_mention() -> None:
    """ "第二年", "上一年" say when, which the year checks read; the topic words stay."""
    words = time_words("南村镇2022年执法改革做了什么，第二年执法方面又打算怎么推进？")
    assert "第二年" in words and "执法" not in words
    assert "上一年" in time_words("独流镇上一年的法治政府建设报告在哪里公开的？")


def test_a_change_asked_of_two_years_is_answered_by_their_reports_side_by_side() -> None:
    def report(year: int) -> Document:
        return Document(f"d{year}", f"{year}.txt", "培育法律明白人", "h", DocumentMeta(year=year))

    assert years_side_by_side([report(2022), report(2023)], (2023, 2022))
    assert not years_side_by_side([report(2023)], (2023, 2022))  # one report: a change figure
    assert not years_side_by_side([report(2021), report(2023)], (2023, 2022))


def test_the_threshold_keeps_refusals_within_the_budget_on_sets_left_out() -> None:
    """Each set scored by a model fitted without it; the threshold is the highest that refuses
    at most 5 % of those sets' answerable questions."""
    rows = _synthetic_rows(240, sets=3, shift=1.0, seed=2)
    threshold = held_out_threshold(rows, "fake:64", ["s1", "s2"])
    scored = held_out_sets(rows, "fake:64", ["s1", "s2"])
    picked = [i for i, r in enumerate(rows) if r.set_name != "s0"]
    left_out = figures([rows[i] for i in picked], scored[picked], threshold)
    assert left_out["wrongly_refused"] <= 0.05
    above = figures([rows[i] for i in picked], scored[picked], threshold + 0.01)
    assert threshold == 0.95 or above["wrongly_refused"] > 0.05


def test_a_long_word_absent_from_the_reports_counts_once_not_per_piece() -> None:
    pieces = ["楼上", "上楼", "楼下", "楼上楼", "楼上楼下", "漏水"]
    assert longest_words(pieces) == ["楼上楼下", "漏水"]


def _plan(text: str, heading: str) -> Hit:
    return Hit(1, 1.0, "p", text, "d", "d.txt", "", "", 2023, (heading,), 1, 0, len(text))


def test_a_plan_asked_for_the_year_after_the_report_is_read_from_its_plans_part() -> None:
    """A report on 2023 plans 2024 without naming the year in each sentence; what was done in
    2024 is not what it planned."""
    plan = _plan("推动行政复议纠错率下降到7%以内。", "四、下一步工作打算")
    measures = _plan("行政复议纠错率12%。", "一、主要举措和成效")
    asked = "集美区准备在2024年把行政复议纠错率降到多少？"
    assert _of_years_asked(plan, asked, (2024,)) == plan.text
    assert _of_years_asked(measures, asked, (2024,)) == ""
    assert _of_years_asked(plan, "集美区2024年行政复议纠错率是多少？", (2024,)) == ""
    named = _plan("引入专职调解员2名。", "第三部分  2025年工作计划")
    assert _of_years_asked(named, "柳江镇2025年准备配几个调解员？", (2025,)) == named.text
    assert of_years_asked(named.text, 2024, (2025,), "柳江镇2025年准备配几个调解员？") == ""


def test_next_years_plans_state_nothing_done_in_the_year_of_the_report() -> None:
    plan = _plan("新建“枫情驿站”5个。", "三、2024年工作计划")
    asked = "枫桥镇2023年当年新建了几个“枫情驿站”？"
    assert _of_years_asked(plan, asked, (2023,)) == ""
    report = "一、2023年工作情况\n建成驿站12个。\n三、2024年工作计划\n新建驿站5个。"
    assert of_years_asked(report, 2023, (2023,), asked) == "一、2023年工作情况\n建成驿站12个。"
    assert _of_years_asked(plan, "枫桥镇2023年报告计划新建几个驿站？", (2023,)) == plan.text


def _of_years_asked(hit: Hit, question: str, years: tuple[int, ...]) -> str:
    return of_years_asked(hit.text, hit.year, years, question, hit.heading_path)


def test_a_count_of_what_the_reports_name_is_no_absent_word() -> None:
    """ "申请量" asked of reports that write 收到行政复议申请96件: the amount of 申请."""
    from qa.answer.confidence.words import _in_reports

    report = Document("d", "d.txt", "全年收到行政复议申请96件。", "h", DocumentMeta())
    assert _in_reports("申请量", [report]) and _in_reports("申请", [report])
    assert not _in_reports("调解量", [report])


def test_the_publisher_a_question_names_is_its_report_not_its_topic() -> None:
    from qa.answer.confidence.words import organ_of

    city = DocumentMeta(region="长春市", parents=("吉林省",), publisher="长春市人民政府")
    town = DocumentMeta(
        region="其塔木镇",
        parents=("吉林省", "长春市", "九台区"),
        publisher="长春市九台区其塔木镇人民政府",
    )
    bureau = DocumentMeta(region="长春市", parents=("吉林省",), publisher="长春市司法局")
    assert [organ_of(m) for m in (city, town, bureau)] == ["人民政府", "人民政府", "司法局"]


def test_the_report_weighs_a_stored_threshold_beside_the_one_chosen() -> None:
    """``calibrate --threshold`` stores the threshold given; the figures at every threshold
    near it (leave one report out, sets left out whole) are the same validation figures."""
    from qa.evaluation.calibrate import report

    rows = _synthetic_rows(240, sets=4, shift=1.0, seed=2)
    result = report(rows, "fake:64", ["s1", "s2"], threshold=0.74)
    assert result["threshold"] == 0.74 and result["model"].threshold == 0.74  # type: ignore[attr-defined]
    assert result["chosen_threshold"] == held_out_threshold(rows, "fake:64", ["s1", "s2"])
    swept = result["thresholds"]
    assert isinstance(swept, dict) and set(swept) >= {"0.70", "0.74", "0.80"}
    refused = [swept[t]["sets_left_out"]["wrongly_refused"] for t in sorted(swept)]
    assert refused == sorted(refused)  # a higher threshold refuses no fewer
    assert swept["0.74"]["loro"] == result["loro"]


def test_a_clause_naming_nothing_asked_goes_on_about_the_clause_before() -> None:
    from qa.answer.confidence.asked.stated import _count_clauses

    def about(text: str) -> float:
        return 1.0 if "法律明白人" in text else 0.0

    def led(sentence: str, about: Callable[[str], float] | None) -> list[str]:
        return _count_clauses(sentence, about, names=False, shares=False)

    assert led("培育社区“法律明白人”，年底前总数达到80名", about) == [
        "培育社区“法律明白人”，年底前总数达到80名"
    ]
    plain = led("调解纠纷57件，办理法律援助3件", None)
    assert plain == ["调解纠纷57件", "办理法律援助3件"]
    # a clause counting a thing of its own (会议) is judged alone
    assert led("聚焦法律明白人培育，召开相关会议3次", about)[-1] == "召开相关会议3次"


def test_people_helped_are_answered_by_a_count_of_the_cases() -> None:
    from qa.answer.confidence.asked.stated import people_by_acts, unstated_amounts

    question = "在柳河打官司请不起律师，政府免费帮了多少人？"
    assert people_by_acts(question)
    info = QueryInfo(question, question, ("律师", "免费"), (), (), (), True)
    assert unstated_amounts(info, ["全年办理法律援助案件512件。"], lambda part: 1.0, 0.25) == []


def test_counts_of_other_things_in_one_sentence_are_no_acts_side_by_side() -> None:
    from qa.answer.confidence.asked.stated import unstated_amounts

    question = "2023年组织律师给民营企业做法治体检，覆盖多少家企业？"
    info = QueryInfo(question, question, ("律师", "企业"), (), (), (), True)
    sentence = "组织200余名律师为2318家民营企业提供免费法治体检，帮助企业排查法律风险3642个。"
    assert unstated_amounts(info, [sentence], lambda part: 1.0, 0.25) == []


def test_an_english_rate_is_asked_in_per_cent_and_named_by_its_glossary_term() -> None:
    """ "What was the loss rate?" asks a share (败诉率 in the glossary): "败诉率5.6%" states it,
    a sentence with no share about the subject does not."""
    from qa.answer.confidence.asked.stated import counted_in_english, unstated_amounts

    question = "What was the administrative litigation loss rate of Qitai County in 2023?"
    assert counted_in_english(question) == ["败诉率"]
    info = QueryInfo(question, question, ("行政诉讼", "败诉率"), (), (), (), False)
    stated = ["一审行政诉讼18件，败诉1件，败诉率5.6%。"]
    assert unstated_amounts(info, stated, lambda p: 0.1, 0.25) == []
    assert unstated_amounts(info, ["败诉案件集中在征地拆迁领域。"], lambda p: 0.1, 0.25) == ["%"]
