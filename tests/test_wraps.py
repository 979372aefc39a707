"""Soft wraps: line breaks a page's width put inside a sentence join, other lines stay."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunk.paragraphs import chunk_document
from index.chunk.windows import Window, window_text
from index.chunk.wraps import is_hard_wrapped, reflow, soft_breaks, unwrap
from index.embed.representation import dense_text, lexical_text
from index.load.script import to_simplified
from index.load.sources import read_text
from index.models import DocumentMeta
from tests.generator import generate_reports
from tests.generator.formats import cjk_font
from tests.test_generated import chunk_and_check

WRAPPED = "\n".join(
    [
        "关于某镇2023年度法治政府建设工作的报告",
        "2023年，某镇在县委、县政府的领导下，认真贯彻落实《法治政府建设实施纲要（2021—202",
        "5年）》，全镇法治政府建设取得新成效，群众满意度进一步提高。现将有关情况报告如下：",
        "一、主要举措和成效",
        "（一）强化工作举措",
        "严格落实重大行政决策程序，推进政务公开标准化规范化建设，持续优化营商环境。全年组织执",
        "法人员培训13次，开展普法宣传活动95场，较2022年有所增加，全镇法治政府建设取得新成",
        "效，群众满意度进一步提高，法治氛围日益浓厚，依法行政能力明显提升，各项工作成效明显",
        "。",
        "二、存在的不足",
        "基层执法力量相对薄弱，执法人员专业素养有待提高。",
    ]
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def test_soft_breaks_join_full_lines_inside_sentences() -> None:
    soft = soft_breaks(_lines(WRAPPED))
    assert soft == [False, True, False, False, False, True, True, True, False, False]


def test_unwrap_reads_sentences_whole() -> None:
    lines = unwrap(WRAPPED).split("\n")
    assert "认真贯彻落实《法治政府建设实施纲要（2021—2025年）》，全镇" in lines[1]
    assert lines[1].endswith("报告如下：")
    assert lines[4].startswith("严格落实") and lines[4].endswith("成效明显。")
    assert "开展普法宣传活动95场" in lines[4]
    assert lines[0] == "关于某镇2023年度法治政府建设工作的报告"  # a short title keeps its break
    assert lines[2:4] == ["一、主要举措和成效", "（一）强化工作举措"]
    assert len(lines) == 7
    assert unwrap(WRAPPED).replace("\n", "") == WRAPPED.replace("\n", "")  # nothing lost


def test_headings_fields_and_empty_lines_start_a_paragraph() -> None:
    full = "全年组织执法人员培训13次，开展普法宣传活动95场，较上年有所增加，法治氛围日益浓"
    for following in ("一是加强学习", "（二）强化监督", "1.推进依法决策", "第二部分 存在的不足"):
        assert soft_breaks([full, full, following], wrapped=True) == [True, False]
    assert soft_breaks([full, "", full], wrapped=True) == [False, False]
    field = "发布机构：某县司法局 发布日期：2024-01-02 索引号：11/2024-00012 主题分类：法治"
    assert soft_breaks([field, "来源：某县司法局"], wrapped=True) == [False]


def test_a_short_line_without_punctuation_keeps_its_break() -> None:
    lines = ["某县司法局", "全年组织执法人员培训13次，开展普法宣传活动95场，较上年有所增加。"]
    assert soft_breaks(lines, wrapped=True) == [False]


def test_latin_words_are_joined_with_a_space() -> None:
    assert reflow("law-based\ngovernment") == "law-based government"
    assert reflow("开展普法宣传活动95\n场。") == "开展普法宣传活动95场。"


def test_one_paragraph_a_line_is_not_hard_wrapped(seed_texts: dict[str, str]) -> None:
    for stem, text in seed_texts.items():
        assert not is_hard_wrapped(_lines(text)), stem
        assert all("\n" not in p.text for p in chunk_document(stem, text).passages), stem


def test_chunker_joins_soft_wraps_keeping_offsets() -> None:
    passages = chunk_document("d", WRAPPED).passages
    assert all(p.text == WRAPPED[p.start : p.end] for p in passages)
    texts = [reflow(p.text) for p in passages]
    assert any("实施纲要（2021—2025年）》" in t and t.endswith("报告如下：") for t in texts)
    whole = "全年组织执法人员培训13次，开展普法宣传活动95场"
    assert any(t.startswith("严格落实") and whole in t and t.endswith("。") for t in texts)
    assert all(t.endswith(("。", "：")) for t in texts[1:])


def test_embedded_and_tokenised_text_reads_across_the_wrap() -> None:
    passage = next(p for p in chunk_document("d", WRAPPED).passages if "95" in p.text)
    assert "\n" in passage.text
    meta = DocumentMeta(title="某镇报告")
    assert "组织执法人员培训13次" in dense_text(meta, passage)
    assert "\n" not in dense_text(meta, passage).split("\n", 1)[1]
    assert "组织执法人员培训13次" in lexical_text(meta, passage)
    window = window_text(meta, passage, Window(0, 0, len(passage.text)))
    assert window.endswith("成效明显。") and "组织执法人员" in window


def test_docx_paragraphs_are_read_as_they_are(tmp_path: Path) -> None:
    document = docx.Document()
    lines = [line for line in WRAPPED.split("\n") if line != "。"]
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "r.docx"
    path.write_bytes(buffer.getvalue())
    assert read_text(path).split("\n") == lines


@pytest.mark.skipif(not cjk_font(), reason="no CJK font for PDFs")
def test_generated_pdfs_give_whole_sentences(tmp_path: Path) -> None:
    reports = generate_reports(tmp_path, 6, seed=7373, formats=("pdf",))
    assert reports
    for report in reports:
        text = read_text(tmp_path / report.name)
        plain = to_simplified(text) if report.traditional else text
        passages = chunk_document("d", plain).passages
        for question in report.questions:
            assert any(question.quote in p.text for p in passages), (report.name, question)
        sentences = [p.text for p in passages if p.kind == "text" and "，" in p.text]
        assert sentences and all(t.endswith(("。", "：", "；")) for t in sentences), report.name
        assert "\n。" not in text


_PARAGRAPHS = [
    "一、主要举措和成效",
    "（一）加强组织领导",
    "全年组织执法人员培训13次，开展普法宣传活动95场，较上年有所增加，法治氛围日益浓厚。",
    "认真贯彻落实《法治政府建设实施纲要（2021—2025年）》，全镇法治政府建设取得新成效。",
    "严格落实重大行政决策程序，推进政务公开标准化规范化建设；审查规范性文件12件。",
    "Annual report on the construction of a law-based government in 2023.",
    "来源：某县司法局 发布时间：2024-01-02",
    "",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PARAGRAPHS), min_size=1, max_size=14), st.integers(8, 40))
def test_wrapped_text_loses_nothing(paragraphs: list[str], width: int) -> None:
    lines = [p[i : i + width] for p in paragraphs for i in range(0, max(len(p), 1), width)]
    text = "\n".join(lines)
    assert "".join(unwrap(text).split()) == "".join(text.split())
    chunked = chunk_and_check(text)
    assert all(p.text == text[p.start : p.end] for p in chunked.passages)


def test_a_gold_quote_is_found_across_a_soft_wrap() -> None:
    from qa.evaluation.metrics import quote_span

    text = "一、执法\n全年调解矛盾\n纠纷248起。"
    assert quote_span(text, "调解矛盾纠纷248起") == (7, 18)
    assert quote_span(text, "矛盾纠纷249起") is None
    # a page's full-width space read as a plain one
    assert quote_span("来源：某街道 发布时间：2022", "来源：某街道\u3000发布时间") == (0, 11)


def test_a_line_opening_with_a_comma_goes_on_from_the_line_before() -> None:
    """A layout that broke before the comma: the clause after it is the same sentence's, in a
    text not hard-wrapped as well."""
    lines = [
        "4.持续擦亮品牌，将调解员队伍扩充至200名",
        "，力争调解成功率保持在98%以上。",
        "5.配齐力量。",
    ]
    assert soft_breaks(lines) == [True, False]
    assert soft_breaks(["工作完成。", "，另起"]) == [False]  # a sentence ended before it
