"""Generated reports: metadata read right, and no content character lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build.builder import make_document
from index.chunk.paragraphs import Chunked, chunk_document
from index.load.sources import SourceFile
from index.models import Document
from tests.generator import generate_reports
from tests.generator.accuracy import accuracy, read_generated

TARGET = 0.99


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("generated")
    return folder, generate_reports(folder, 40, seed=11)


def chunk_and_check(text: str) -> Chunked:
    """Chunk ``text`` as a report and check that no content character of it is lost."""
    chunked = chunk_document("d", text)
    doc = Document(
        "d",
        "d.txt",
        text,
        "",
        headings=chunked.outline,
        duplicates=chunked.duplicates,
        removed=chunked.removed,
    )
    assert not uncovered(doc, kept_spans(doc, list(chunked.passages)))
    return chunked


def test_metadata_of_generated_reports(generated: tuple[Path, list]) -> None:
    folder, reports = generated
    shares, misses = accuracy(folder, reports)
    for name in ("region", "level", "year", "publisher"):
        assert shares[name] >= TARGET, (name, misses)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_reports(tmp_path / "a", 6, seed=5, formats=("txt",))
    second = generate_reports(tmp_path / "b", 6, seed=5, formats=("txt",))
    assert first == second
    assert (tmp_path / "a" / first[0].name).read_text("utf-8") == first[0].text


def uncovered(doc: Document, spans: list[tuple[int, int]]) -> str:
    """The characters of ``doc`` (not white space) that no span holds."""
    covered = bytearray(len(doc.text))
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return "".join(
        c for c, held in zip(doc.text, covered, strict=True) if not held and not c.isspace()
    )


def kept_spans(doc: Document, passages: list) -> list[tuple[int, int]]:
    """Passages, pure headings (the outline), collapsed duplicates and removed furniture."""
    return [
        *((p.start, p.end) for p in passages),
        *((s, e) for _, _, s, e in doc.headings),
        *((s, e) for s, e, _ in doc.duplicates),
        *doc.removed,
    ]


def test_no_text_lost_in_generated_reports(generated: tuple[Path, list]) -> None:
    folder, reports = generated
    for report in reports:
        doc = read_generated(folder, report)
        source = SourceFile(folder / report.name, report.name, doc.text)
        _, passages = make_document(source, doc.doc_id, 300)
        assert not uncovered(doc, kept_spans(doc, passages)), report.name
        assert all(p.text == doc.text[p.start : p.end] for p in passages)


def test_no_text_lost_in_the_seeds(seed_texts: dict[str, str], seeds_dir: Path) -> None:
    for stem, text in seed_texts.items():
        doc, passages = make_document(SourceFile(seeds_dir / f"{stem}.txt", stem, text), stem, 300)
        assert not uncovered(doc, kept_spans(doc, passages)), stem


_PIECES = [
    "一、主要举措和成效",
    "（一）加强执法队伍建设，组织执法人员培训不少于6次。",
    "（二）加强组织领导",
    "1.推进依法决策。全年审查合同30份，提出意见12条。",
    "一是强化学习，全年开展学法活动4次。",
    "全年办理行政复议案件12件，纠错2件。",
    "首页 > 政务公开 > 法治政府建设",
    "无障碍 简体| 繁体",
    "浏览量：15",
    "2019年12月3日星期二",
    "来源：某县司法局 发布时间：2024-01-02",
    "扫一扫在手机打开当前页面",
    "法治宣传的针对性有待加强，基层执法力量仍显不足。",
    "",
    "   ",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25))
def test_no_text_lost_property(lines: list[str]) -> None:
    text = "\n".join(lines)
    chunked = chunk_and_check(text)
    content = [ln for ln in lines if ln.endswith("。")]
    for line in content:  # every sentence of content is in a passage
        assert any(line in p.text for p in chunked.passages), line


def test_generated_questions_are_an_evaluation_set(tmp_path: Path) -> None:
    """``questions.jsonl`` reads as a question set; each gold quote is in its file as written
    (traditional reports' quotes in traditional script)."""
    from qa.evaluation.metrics import read_questions

    reports = generate_reports(tmp_path, 8, seed=3, formats=("txt",), traditional_share=0.5)
    questions = read_questions(tmp_path / "questions.jsonl")
    assert len(questions) == sum(len(r.questions) for r in reports)
    for question in questions:
        (gold,) = question.gold
        assert gold.quote in (tmp_path / gold.file).read_text("utf-8")


def test_gold_questions_find_their_quote(tmp_path: Path) -> None:
    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import FakeEmbedder
    from index.load.script import to_simplified
    from qa import Engine

    reports = generate_reports(tmp_path / "src", 16, seed=21, formats=("txt", "html", "docx"))
    build_index([tmp_path / "src"], FakeEmbedder(32), BuildOptions(index_dir=tmp_path / "index"))
    engine = Engine.load(tmp_path / "index", encoder="fake:32")
    questions = [(r, q) for r in reports for q in r.questions[:2]]
    found = 0
    for report, question in questions:
        hits = engine.search(question.question, top_k=5).hits
        found += any(
            h.source == report.name and question.quote in to_simplified(h.text) for h in hits
        )
    assert found >= 0.9 * len(questions)
