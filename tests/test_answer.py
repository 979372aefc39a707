"""Extractive answers (``qa.answer.sentences``), cross-report questions and honest no-answers (fake
encoder).

With the fake encoder the dense similarities are low, so the default thresholds refuse almost
everything; answerable checks use a separate engine with the dense and coverage thresholds off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from index.embed.embedders import FakeEmbedder
from index.models import Passage
from index.store.lexical.tokenize import domain_terms, tokenize
from qa import Answer, Engine
from qa.analyse.query import QueryInfo
from qa.answer.confidence.asked.docnumbers import unknown_doc_numbers
from qa.answer.confidence.asked.stated import unstated_amounts
from qa.answer.confidence.checks import mentions_term
from qa.answer.sentences import best_sentences, coverage, diversify, is_cross_report, sentences_of
from qa.retrieve.fusion import Candidate

CHELIAN = "000_8aada575c1984193"  # 车辋镇 2023
S002 = "002_49a388d3305da3e0"  # 独流镇 2024
S003 = "003_fbe45d23903cb0be"  # 岔河镇 2023


def _check_verbatim(engine: Engine, answer: Answer) -> None:
    cited = {h.passage_id: h for h in answer.citations}
    for sentence in answer.sentences:
        assert sentence.passage_id in cited, "an answer sentence must come from a cited passage"
        hit = cited[sentence.passage_id]
        assert sentence.text in hit.text
        assert hit.start <= sentence.start < sentence.end <= hit.end
        doc = engine.document(sentence.doc_id)
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert (sentence.doc_id, sentence.source) == (hit.doc_id, hit.source)
    if answer.answer is not None:
        for sentence in answer.sentences:
            assert sentence.text in answer.answer


# -- cross-report questions -------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "哪些乡镇开展了八五普法？",
        "哪几个镇聘请了法律顾问？",
        "各地党委理论学习中心组学法多少次？请按报告分别列出。",
        "各地的行政复议情况分别列出",
        "请分别列出各镇的法律顾问",
        "Which towns hired a legal adviser?",
        "which reports mention administrative review?",
        "What did each town do about legal aid?",
        "哪两个镇的人民调解成功率都是97.8%？",
        "哪几份报告说要培育农村学法用法示范户？",
        "这批报告里，河北省的有哪几份？",
    ],
)
def test_cross_report_questions(question: str) -> None:
    assert is_cross_report(question)


@pytest.mark.parametrize(
    "question",
    [
        "溪湖区还有哪些不足？",
        "独流镇聘请了哪家律师事务所？",
        "岔河镇2023年行政复议做了什么？",
        "What did Duliu town do about legal aid?",
        "哪个乡镇一整年没有行政诉讼案件？",
        "",
    ],
)
def test_single_report_questions(question: str) -> None:
    assert not is_cross_report(question)


# -- sentences --------------------------------------------------------------------------------
def test_sentence_offsets_index_the_document(engine: Engine) -> None:
    result = engine.search("法律顾问 行政复议 八五普法", top_k=10)
    total = 0
    for hit in result:
        doc = engine.document(hit.doc_id)
        for sentence in sentences_of(hit):
            total += 1
            assert doc.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and len(sentence.text) >= 4
            assert (sentence.passage_id, sentence.doc_id) == (hit.passage_id, hit.doc_id)
    assert total >= 10


def test_sentences_of_every_passage_index_the_document(engine: Engine) -> None:
    for cand_row in range(0, len(engine.passages), 7):
        hit = engine.citations.hit(1, Candidate(cand_row, 0.0, 0.0, 0.0, 0.0))
        doc = engine.document(hit.doc_id)
        for sentence in sentences_of(hit):
            assert doc.text[sentence.start : sentence.end] == sentence.text


def test_best_sentences_prefers_sentences_with_the_query_words(engine: Engine) -> None:
    query = "独流镇聘请了哪家律师事务所"
    hits = list(engine.search(query, top_k=5))
    best = best_sentences(tokenize(query), hits, limit=1)
    assert best and "律师事务所" in best[0].sentence.text


def test_best_sentences_by_meaning_ignore_shared_words(engine: Engine) -> None:
    hits = list(engine.search("独流镇 律师事务所 普法", top_k=5))
    target = next(s for h in hits for s in sentences_of(h) if "律师事务所" not in s.text)
    seen: list[str] = []

    def similarity(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return np.array([1.0 if t == target.text else 0.5 for t in texts])

    best = best_sentences(tokenize("律师事务所"), hits, limit=1, similarity=similarity)
    assert best[0].sentence == target  # meaning wins over the shared word
    assert len(seen) == sum(len(sentences_of(h)) for h in hits)  # one call for all sentences


def test_english_question_answer_is_verbatim(lenient: Engine) -> None:
    answer = lenient.ask("Which law firm does Duliu town retain as legal adviser?")
    assert answer.answerable and answer.sentences
    _check_verbatim(lenient, answer)


# -- answerable questions (thresholds off) ----------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "独流镇聘请了哪家律师事务所？",
        "岔河镇2023年行政复议做了什么？",
        "哪些乡镇开展了八五普法？",
        "各地的法律顾问情况请分别列出",
    ],
)
def test_answer_sentences_are_verbatim_from_cited_reports(lenient: Engine, question: str) -> None:
    answer = lenient.ask(question)
    assert answer.answerable and answer.reason is None
    assert answer.sentences and answer.answer
    _check_verbatim(lenient, answer)


def test_named_question_answers_from_the_named_report(lenient: Engine) -> None:
    answer = lenient.ask("独流镇聘请了哪家律师事务所？")
    assert answer.citations[0].doc_id == S002
    assert "律师事务所" in (answer.answer or "")
    assert not answer.groups


def test_cross_question_cites_several_reports_in_groups(lenient: Engine) -> None:
    answer = lenient.ask("哪些乡镇开展了八五普法？")
    assert answer.answerable
    reports = {h.doc_id for h in answer.citations}
    assert len(reports) >= 2
    assert len(answer.groups) >= 2 and set(answer.groups) == reports
    for doc_id, hits in answer.groups.items():
        assert hits and all(h.doc_id == doc_id for h in hits)
    grouped = [h.passage_id for hits in answer.groups.values() for h in hits]
    assert sorted(grouped) == sorted(h.passage_id for h in answer.citations)
    assert len({s.doc_id for s in answer.sentences}) >= 2
    # each line of the answer is prefixed with its report's region
    regions = {lenient.document(d).meta.region for d in reports}
    for line in (answer.answer or "").splitlines():
        assert line.split("：", 1)[0] in regions


def test_cross_question_brings_each_reports_best_passage_first(lenient: Engine) -> None:
    answer = lenient.ask("哪些乡镇开展了八五普法？", top_k=10)
    top = answer.citations[0].score
    best: dict[str, float] = {}
    for hit in answer.citations:
        best.setdefault(hit.doc_id, hit.score)
    strong = [d for d, score in best.items() if score >= 0.75 * top]
    assert [h.doc_id for h in answer.citations[: len(strong)]] == strong


def _candidate(row: int, score: float) -> Candidate:
    return Candidate(row, 0.0, 0.0, score, 0.0)


def test_diversify_promotes_only_reports_near_the_best() -> None:
    passages = [Passage(f"p{i}", doc, i, 1, (), 0, 1, "x") for i, doc in enumerate("aabbc")]
    ranked = [
        _candidate(0, 1.0),  # a
        _candidate(1, 0.95),  # a, second
        _candidate(2, 0.9),  # b
        _candidate(3, 0.5),  # b, second
        _candidate(4, 0.4),  # c: barely touches the question
    ]
    assert [c.row for c in diversify(ranked, passages)] == [0, 2, 1, 3, 4]
    assert [c.row for c in diversify(ranked, passages, min_ratio=0.0)] == [0, 2, 4, 1, 3]
    assert diversify([], passages) == []


def test_cross_question_naming_one_place_is_not_grouped(lenient: Engine) -> None:
    answer = lenient.ask("独流镇哪些村开展了八五普法？")
    assert not answer.groups


# -- no answer --------------------------------------------------------------------------------
def _check_refusal(answer: Answer) -> None:
    assert answer.answerable is False
    assert answer.reason
    assert answer.answer is None and answer.sentences == ()
    assert answer.citations, "a refusal still lists the nearest passages"


@pytest.mark.parametrize("question", ["如何做红烧肉？", "What is the capital of France?"])
def test_off_topic_question_is_refused(engine: Engine, question: str) -> None:
    _check_refusal(engine.ask(question))


def test_off_topic_words_fail_the_coverage_signal(dense_off: Engine) -> None:
    answer = dense_off.ask("如何做红烧肉？")
    _check_refusal(answer)
    assert "mention" in (answer.reason or "")


def test_unknown_place_is_refused(lenient: Engine) -> None:
    answer = lenient.ask("深圳市南山区2023年法治政府建设有哪些亮点？")
    _check_refusal(answer)
    assert "深圳市" in (answer.reason or "") or "南山区" in (answer.reason or "")


def _term_missing_from_chelian(seed_texts: dict[str, str]) -> str:
    """A dictionary term some seed report mentions but 车辋镇's never does."""
    own = seed_texts[CHELIAN]
    others = [t for stem, t in seed_texts.items() if stem != CHELIAN]
    candidates = sorted(
        term
        for term in domain_terms()
        if len(term) >= 3
        and term not in own
        and any(term in t for t in others)
        and term in tokenize(f"车辋镇2023年{term}做了什么？")
    )
    assert candidates, "the seeds should have a term 车辋镇's report lacks"
    return candidates[0]


def test_term_missing_from_the_named_report_is_a_signal_against_it(
    dense_off: Engine, seed_texts: dict[str, str]
) -> None:
    term = _term_missing_from_chelian(seed_texts)
    _, info, hits, cross = dense_off.evidence(f"车辋镇2023年{term}做了什么？", 5, None)
    evidence = dense_off.judge.evidence(info, hits, cross)
    assert evidence.values["missing_terms"] >= 1
    assert term in evidence.signals["missing_terms"]


def test_term_present_in_the_named_report_is_answered(
    lenient: Engine, seed_texts: dict[str, str]
) -> None:
    own = seed_texts[CHELIAN]
    term = next(t for t in sorted(domain_terms()) if len(t) >= 4 and t in own)
    answer = lenient.ask(f"车辋镇2023年{term}做了什么？")
    assert answer.answerable, answer.reason


def test_a_term_with_a_word_inside_it_in_the_report_is_mentioned(lenient: Engine) -> None:
    assert mentions_term("重大决策制定程序有待规范", "决策程序")
    assert mentions_term("负责独流镇党委、政府法律顾问工作", "党委政府")  # listed together
    assert not mentions_term("决策事项。程序规范", "决策程序")  # not across a sentence
    assert not mentions_term("决策事项未纳入目录范围后的程序", "决策程序")  # too far apart
    assert mentions_term("细颗粒物（PM2.5）年均浓度为31.2微克", "pm2")  # a lower-cased token
    answer = lenient.ask("岔河镇的重大决策程序存在哪些问题？")  # its report: 决策制定程序
    assert answer.answerable, answer.reason


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("岔依治委【2023】01号是什么文件？", ["岔依治委【2023】01号"]),  # its report: 02号, 03号
        ("岔依治委〔2023〕2号是什么文件？", []),  # other brackets, no leading zero
        ("岔依治委[2023]03号讲了什么", []),
        ("行政复议做了什么？", []),
    ],
)
def test_document_numbers_no_report_cites(
    engine: Engine, question: str, unknown: list[str]
) -> None:
    assert unknown_doc_numbers(question, list(engine.documents.values())) == unknown


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # 车辋镇's report cites the 兰陵县 plan by name only
        ("《兰陵县2023年法治政府建设工作计划》的发文字号是什么？", "document number"),
        ("岔依治委【2023】01号是什么文件？", "01号"),  # its report cites 02号 and 03号
    ],
)
def test_document_numbers_the_reports_do_not_give_are_refused(
    dense_off: Engine, question: str, reason: str
) -> None:
    answer = dense_off.ask(question)
    _check_refusal(answer)
    assert reason in (answer.reason or "")


def test_a_piece_of_a_word_the_report_has_is_not_missing(dense_off: Engine) -> None:
    # 党委政府 (and its piece 委政府) in 独流镇's "党委、政府"
    answer = dense_off.ask("请问是哪个镇聘用天津树刚律师事务所做党委政府的法律顾问？")
    assert answer.answerable, answer.reason


def test_amount_in_a_unit_no_report_states_is_refused(dense_off: Engine) -> None:
    answer = dense_off.ask("岔河镇2023年的法律援助经费是多少万元？")
    _check_refusal(answer)
    assert "万元" in (answer.reason or "")


def test_amount_the_report_states_is_answered(lenient: Engine) -> None:
    answer = lenient.ask("南村镇开展人大代表接访活动多少场？")
    assert answer.answerable, answer.reason
    _check_verbatim(lenient, answer)


def test_refusals_from_the_shared_engine_keep_citations_verbatim(engine: Engine) -> None:
    answer = engine.ask("深圳市南山区2023年法治政府建设有哪些亮点？")
    _check_refusal(answer)
    for hit in answer.citations:
        assert engine.document(hit.doc_id).text[hit.start : hit.end] == hit.text


def test_ask_respects_filters(lenient: Engine) -> None:
    answer = lenient.ask("法律顾问做了什么？", filters={"region": "岔河镇"})
    assert answer.citations and {h.doc_id for h in answer.citations} == {S003}
    _check_verbatim(lenient, answer)


def _with_coverage(engine: Engine, question: str) -> tuple[QueryInfo, Callable[[str], float]]:
    """The question analysed, and how much of its words (numbers aside) a text covers."""
    info = engine.analyzer.analyze(question)
    tokens = [t for t in info.tokens if not t.isdigit()]
    return info, lambda text: coverage(tokens, text, {})


def test_an_amount_must_be_stated_in_a_sentence_about_the_question(engine: Engine) -> None:
    info, about = _with_coverage(engine, "镇里办理了多少件行政复议案件？")
    elsewhere = ["镇调委会共调处各类矛盾纠纷57件。镇政府积极推进行政复议工作，规范办案流程。"]
    assert unstated_amounts(info, elsewhere) == []  # a number in 件 somewhere is not enough ...
    assert unstated_amounts(info, elsewhere, about, 0.25) == ["件"]  # ... it must be about this
    stated = ["全年办理行政复议案件5件，全部按期办结。"]
    assert unstated_amounts(info, stated, about, 0.25) == []


def test_a_count_naming_what_is_counted_answers_a_long_question(engine: Engine) -> None:
    info, about = _with_coverage(engine, "溪湖区承接高新区社会职能移交时安置了多少转隶人员？")
    named = ["涉及22个方面、116项社会管理服务工作职能,安置转隶人员242人,平稳有序推进。"]
    assert about("安置转隶人员242人") < 0.25  # the clause alone covers little of the question
    assert unstated_amounts(info, named, about, 0.25) == []  # but it names what is counted
    other = ["涉及22个方面、116项社会管理服务工作职能,平稳有序推进209名编外人员解聘。"]
    assert unstated_amounts(info, other, about, 0.25) == [""]


class _Counting(FakeEmbedder):
    """The fake encoder, counting the queries and passages it embeds."""

    def __init__(self, dim: int) -> None:
        super().__init__(dim)
        self.queries = 0
        self.passages = 0

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.queries += len(texts)
        return super().embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)


def _counting_engine(built_index: Path) -> tuple[Engine, _Counting]:
    """A lenient engine over the seed index whose encoder counts what it embeds."""
    plain = Engine.load(built_index, encoder="fake:64")
    counting = _Counting(64)
    engine = Engine(plain.stored, counting, plain.retriever.config)
    engine.judge.threshold = 0.0
    return engine, counting


def test_sentence_embeddings_are_remembered_between_questions(built_index: Path) -> None:
    engine, counting = _counting_engine(built_index)
    question = "Which firm does Duliu town retain?"  # no glossary phrase: answered by meaning
    first = engine.ask(question)
    assert counting.passages > 0
    before = counting.passages
    assert engine.ask(question).sentences == first.sentences
    assert counting.passages == before  # the same sentences are not embedded again


def test_an_english_answer_reuses_the_query_embedding(built_index: Path) -> None:
    engine, counting = _counting_engine(built_index)
    answer = engine.ask("Which firm does Duliu town retain?")  # no glossary phrase
    assert answer.answerable and answer.sentences
    assert counting.queries == 1  # retrieval and the answer sentences share one embedding
    engine.ask("What about legal aid?")
    assert counting.queries == 2


def test_coverage_of_words_that_weigh_nothing_is_none() -> None:
    assert coverage(["喵呜"], "喵呜", {"喵呜": 0.0}) == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Across the reports, how many 'legal understanders' (法律明白人) does each place have?",
        "有份报告说当年新建了两处法治文化广场，这两处分别属于什么层级？",  # 说, 份: no topic
    ],
)
def test_the_askers_own_wording_does_not_count_against_coverage(
    dense_off: Engine, question: str
) -> None:
    answer = dense_off.ask(question)
    assert answer.answerable, answer.reason


def test_an_english_question_about_the_economy_weighs_words_no_report_uses(
    dense_off: Engine,
) -> None:
    _, info, hits, cross = dense_off.evidence(
        "What was Xihu District's GDP growth rate in 2023?", 5, None
    )
    evidence = dense_off.judge.evidence(info, hits, cross)
    assert evidence.values["absent_words"] > 0  # 地区生产总值: in no report
    assert "生产总值" in evidence.signals["absent_words"]


@pytest.mark.parametrize(
    "question", ["What's a good recipe for mapo tofu?", "What's the best smartphone to buy?"]
)
def test_english_the_glossary_cannot_bridge_is_refused_even_when_close_in_meaning(
    dense_off: Engine, question: str
) -> None:
    answer = dense_off.ask(question)  # no similarity threshold could tell it
    _check_refusal(answer)
    assert "glossary" in (answer.reason or "")


def test_english_naming_a_report_is_not_refused_for_lack_of_glossary_phrases(
    lenient: Engine,
) -> None:
    info = lenient.analyzer.analyze("What did Duliu say about tofu?")
    assert not info.bridged and info.doc_ids
    assert "glossary" not in (lenient.ask("What did Duliu say about tofu?").reason or "")


def test_a_count_in_another_counter_of_the_kind_is_judged_by_its_clause(engine: Engine) -> None:
    info = engine.analyzer.analyze("行政诉讼案件有多少件？")

    def about(part: str) -> float:
        return 1.0 if "行政诉讼" in part else 0.0

    other_counter = "做好行政诉讼应诉工作,下达执法案卷反馈意见3条。"  # 条 counts 意见 here
    asked_counter = "做好行政诉讼应诉工作,办结案件3件。"  # the counter asked: the sentence judges
    own_clause = "下达行政诉讼案卷反馈意见3条。"
    assert unstated_amounts(info, [other_counter], about, 0.5) == ["件"]
    assert unstated_amounts(info, [asked_counter], about, 0.5) == []
    assert unstated_amounts(info, [own_clause], about, 0.5) == []


def test_the_counter_asked_is_no_topic_word() -> None:
    from qa.analyse.query import topic_words

    words = ["行政诉讼", "案件", "件", "执法", "名", "2023"]
    assert topic_words("2023年行政诉讼案件有多少件？", words, ()) == ["行政诉讼", "案件", "执法"]


def test_a_year_named_after_the_amount_dates_something_else(engine: Engine) -> None:
    info, about = _with_coverage(engine, "2023年作出了几项重大行政决策？")
    later = ["全年作出重大行政决策8项，并对2022年作出的污水治理决策开展决策后评估。"]
    assert unstated_amounts(info, later, about, 0.25) == []
    before = ["截至2022年底，作出重大行政决策8项。"]
    assert unstated_amounts(info, before, about, 0.25) == ["项"]
    # up to the last clause stating the amount: the kind asked may come after a sibling's
    info, about = _with_coverage(engine, "兼职应急救援队有多少支？")
    both = ["现有1支专职综合消防救援大队、24支兼职应急救援队,共计700余人。"]
    assert unstated_amounts(info, both, about, 0.25) == []


def test_an_item_of_a_list_is_read_with_what_leads_the_list(engine: Engine) -> None:
    info, about = _with_coverage(engine, "卖不达标电动自行车或者非法改装的，被查处了多少起？")
    listed = ["全年查处销售不达标电动自行车、非法改装等违法案件64件，收缴电池2,100余个。"]
    assert unstated_amounts(info, listed, about, 0.25) == []
