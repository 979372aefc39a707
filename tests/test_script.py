"""Reports in traditional script: found by simplified questions, quoted as written."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from index.build.builder import BuildOptions, build_index
from index.embed.embedders import FakeEmbedder
from index.load.script import is_traditional, to_simplified
from index.store.folder.files import load_index
from qa import Engine

CHAHE = "003_fbe45d23903cb0be"


def test_conversion_keeps_length_and_offsets() -> None:
    text = "炭步鎮2023年度法治政府建設工作報告\n一、強化組織領導，著力推進依法行政。"
    simple = to_simplified(text)
    assert len(simple) == len(text) and simple.startswith("炭步镇2023年度法治政府建设工作报告")
    assert is_traditional(text) and not is_traditional(simple)


@pytest.fixture(scope="module")
def traditional_engine(
    tmp_path_factory: pytest.TempPathFactory, seed_texts: dict[str, str]
) -> Engine:
    folder = tmp_path_factory.mktemp("trad")
    src = folder / "src"
    src.mkdir()
    text = str(opencc.OpenCC("s2t").convert(seed_texts[CHAHE]))
    (src / "chahe-trad.txt").write_text(text, encoding="utf-8")
    (src / "xihu.txt").write_text(seed_texts["004_3d0055e514a18dc0"], encoding="utf-8")
    build_index([src], FakeEmbedder(32), BuildOptions(index_dir=folder / "index"))
    return Engine.load(folder / "index", encoder="fake:32")


def test_traditional_report_gets_simplified_metadata(traditional_engine: Engine) -> None:
    doc = traditional_engine.document("chahe-trad")
    assert (doc.meta.region, doc.meta.year, doc.meta.script) == ("岔河镇", 2023, "traditional")
    assert doc.meta.parents[-1] == "如东县"


def _engine_of(tmp_path: Path, text: str) -> Engine:
    """An engine over one report ``r.txt`` holding ``text`` (fake encoder)."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "r.txt").write_text(text, encoding="utf-8")
    options = BuildOptions(index_dir=tmp_path / "index", cache_path=None)
    build_index([source], FakeEmbedder(64), options)
    return Engine.load(options.index_dir, encoder="fake:64")


def test_its_title_publisher_and_headings_are_shown_as_written(tmp_path: Path) -> None:
    """Read from the simplified form, shown in the report's script; the region stays the
    gazetteer's name, the one filters take."""
    text = (
        "發布機構：廈門市集美區人民政府\n集美區2023年度法治政府建設情況報告\n一、主要舉措\n"
        "全年區政府收到行政複議申請286件，受理251件。\n"
    )
    engine = _engine_of(tmp_path, text)
    (doc_id,) = engine.documents
    shown = engine.document(doc_id).meta
    assert shown.title == "集美區2023年度法治政府建設情況報告"
    assert shown.publisher == "廈門市集美區人民政府"
    assert shown.region == "集美区" and engine.documents[doc_id].meta.publisher.startswith("厦门")
    assert engine.document(doc_id).headings[0][1] == "一、主要舉措"
    hit = engine.search("集美区 行政复议", top_k=1).hits[0]
    assert hit.title == "集美區2023年度法治政府建設情況報告"
    assert engine.ask("集美区2023年收到多少件行政复议申请？").citations[0].title == hit.title


def test_simplified_question_finds_it_and_quotes_the_original(
    traditional_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = traditional_engine.search("岔河镇 执法资格", top_k=3)
    top = result.hits[0]
    assert top.doc_id == "chahe-trad"
    stored = load_index(Path(traditional_engine.stored.path))
    original = next(d.text for d in stored.documents if d.doc_id == "chahe-trad")
    assert top.text == original[top.start : top.end] and is_traditional(top.text)
    answer = traditional_engine.ask("岔河镇取得执法资格的有多少人？")
    for sentence in answer.sentences:
        assert sentence.text == original[sentence.start : sentence.end]
    passage = traditional_engine.passage(top.passage_id)
    assert passage.text == original[passage.start : passage.end]


def test_evaluation_reads_a_traditional_report_as_written(tmp_path: Path) -> None:
    """Gold quotes are copied from the file: the evaluation matches them in the original."""
    text = (
        "集美區2023年度法治政府建設情況報告\n一、主要舉措\n"
        "全年區政府收到行政複議申請286件，受理251件。\n"
    )
    engine = _engine_of(tmp_path, text)
    (document,) = engine.documents.values()
    assert "复议" in document.text and engine.originals.text(document) == text
