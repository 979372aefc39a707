"""The parts of a report a question asks for (``qa.analyse.intent.sections``)."""

from __future__ import annotations

import pytest

from index.models import Passage
from qa import Engine
from qa.analyse.intent.sections import asked_sections, asking_words, in_section, section_rows


@pytest.mark.parametrize(
    ("question", "sections"),
    [
        ("车辋镇在普法宣传上还有什么不足？", ("shortcomings",)),
        ("南村镇报告里说的执法方面的问题有哪些？", ("shortcomings",)),
        ("What weaknesses or problems did the Chahe report admit?", ("shortcomings",)),
        ("独流镇下一步有什么打算？", ("plans",)),
        ("溪湖区明年准备怎么推进法治宣传？", ("plans",)),
        ("What does Xihu District plan for next year?", ("plans",)),
        ("存在哪些短板，明年打算怎么改？", ("shortcomings", "plans")),
        ("南村镇自己承认综合行政执法有哪些毛病？", ("shortcomings",)),
        ("车辋镇2024年准备通过哪些平台公开进展？", ("plans",)),
        ("新市镇对2024年执法队伍建设有什么计划？", ("plans",)),
        ("独流镇在执法队伍方面有什么具体安排？", ("plans",)),
        ("都匀市在行政复议方面定了哪些目标？", ("plans",)),
        ("解放碑街道计划2024年在哪些片区新建调解室？", ("plans",)),
        ("What target did Chahe set for the following year?", ("plans",)),
        ("百色市2024年行政复议调解和解率要达到多少？", ("plans",)),  # a target set
        ("力争把败诉率控制在多少以内？", ("plans",)),
        ("婺源县2023年计划新增几个省级民主法治示范村？", ("plans",)),  # a year's plan
        ("原定2022年把纠错率控制在多少？", ("plans",)),
        ("平江县计划把调解员队伍扩充到多少人？", ("plans",)),  # what is meant to be done
        ("永济市计划什么时候实现专职人员全覆盖？", ("plans",)),
        ("计划生育纠纷有多少件？", ()),  # a policy's name
        ("岔河镇2023年开展法治工作定下的目标是什么？", ()),  # the year's aim, done
        ("哪个城市是计划单列市？", ()),  # a kind of city, not a plan
        ("普法的准备工作是怎么做的？", ()),  # 准备工作 is work done, not a plan
        ("独流镇2024年行政复议做了什么？", ()),
        ("解决了多少矛盾纠纷？", ()),  # "问题" or "纠纷" resolved is not a shortcoming asked
        ("How many workers does the sewage plant in Singapore have?", ()),  # not plans or gaps
    ],
)
def test_asked_sections(question: str, sections: tuple[str, ...]) -> None:
    assert asked_sections(question) == sections


@pytest.mark.parametrize(
    ("top_heading", "section", "inside"),
    [
        ("三、存在的不足和原因", "shortcomings", True),
        ("二、存在问题", "shortcomings", True),
        ("一、推进法治政府建设方面的主要举措、成效、存在的不足及原因", "shortcomings", False),
        ("四、2025年度推进法治政府建设的主要安排", "plans", True),
        ("四、下一年度推进法治政府建设的主要安排", "plans", True),
        ("三、承担的《兰陵县2023年法治政府建设工作计划》重点任务落实情况", "plans", False),
        ("三、2024年工作计划", "plans", True),
        ("第三部分  下一步工作计划", "plans", True),
        ("一、2023年度法治政府建设主要举措和成效", "plans", False),
    ],
)
def test_in_section_by_the_top_heading(top_heading: str, section: str, inside: bool) -> None:
    assert in_section((top_heading, "（一）某项工作"), section) is inside


def test_a_passage_without_headings_is_in_no_part() -> None:
    assert not in_section((), "plans") and not in_section((), "shortcomings")


def test_asking_words_are_the_words_that_ask_for_the_part() -> None:
    assert asking_words("独流镇存在哪些不足？") == ["存在哪些不足"]
    assert asking_words("南村镇下一步有什么打算？") == ["下一步", "打算"]


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("南村镇下一步有什么打算？", True),
        ("独流镇存在哪些不足？", True),
        ("各地下一步有什么打算？", True),
        ("岔河镇明年在普法方面有什么安排？", False),  # plans about 普法
        ("南村镇2022年法治政府建设的短板在哪？", True),  # what every report is about
        ("车辋镇在2023年度报告里承认了哪些问题和不足？", True),  # title and stop words only
        ("南村镇在综合行政执法上有哪些短板？", False),
        ("独流镇2024年行政复议做了什么？", False),  # no part asked
    ],
)
def test_sections_only_when_nothing_else_is_asked(
    engine: Engine, question: str, only: bool
) -> None:
    assert engine.analyzer.analyze(question).sections_only is only


def _passage(number: int, path: tuple[str, ...], text: str, doc_id: str = "r") -> Passage:
    return Passage(f"{doc_id}-{number}", doc_id, number, 1, path, 0, len(text), text)


def test_a_paragraph_opens_the_part_inside_a_broader_heading() -> None:
    top = ("一、主要举措、成效、存在的不足及原因", "（五）聚力多元化调解")
    passages = [
        _passage(1, top, "一是强化矛盾纠纷化解。"),
        _passage(2, top, "我镇虽然取得了一定成绩,但还存在一些问题与不足,主要表现在以下方面:"),
        _passage(3, (*top, "一是观念不够强"), "一是观念不够强;"),
        _passage(4, (*top, "二是机制不够完善"), "二是机制不够完善。"),
        _passage(5, ("二、党政主要负责人履行职责情况",), "加强组织领导。"),
        _passage(6, ("二、存在问题",), "执法能力有待提高。", doc_id="s"),
    ]
    assert section_rows(passages, "shortcomings") == [0, 0.5, 1, 1, 0, 1]
    assert section_rows(passages, "plans") == [0] * 6


def test_text_before_the_first_heading_opens_no_part() -> None:
    intro = _passage(1, (), "现将2023年法治政府建设情况和下一步打算报告如下:")
    assert section_rows([intro, _passage(2, (), "一、成效")], "plans") == [0, 0]


def test_a_question_after_a_part_alone_is_answered_with_its_items(lenient: Engine) -> None:
    answer = lenient.ask("南村镇下一步有什么打算？")
    assert answer.answerable and answer.answer
    lines = answer.answer.split("\n")
    assert len(lines) >= 3  # one line per item of the plans, in report order
    starts = [s.start for s in answer.sentences]
    assert starts == sorted(starts)
    texts = {d.doc_id: d.text for d in lenient.documents.values()}
    for sentence in answer.sentences:
        assert texts[sentence.doc_id][sentence.start : sentence.end] == sentence.text
        assert lenient.retriever.in_sections(
            lenient.passages.index(lenient.passage(sentence.passage_id)), ("plans",)
        )
