"""Tests of ``index.metadata.extract``: rules on the seeds, sidecar overrides, non-UTF-8 sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build.builder import BuildOptions, build_index
from index.embed.embedders import FakeEmbedder
from index.errors import BuildError, LoadError
from index.metadata.extract import apply_sidecar, extract_metadata, sidecar_path
from index.models import DocumentMeta
from index.store.folder.files import load_index

EXPECTED = {
    "000_8aada575c1984193": ("车辋镇", "乡镇", 2023),
    "001_309042e87f77b6c8": ("南村镇", "乡镇", 2022),
    "002_49a388d3305da3e0": ("独流镇", "乡镇", 2024),
    "003_fbe45d23903cb0be": ("岔河镇", "乡镇", 2023),
    "004_3d0055e514a18dc0": ("溪湖区", "区县", 2023),
}
S003, S004 = "003_fbe45d23903cb0be", "004_3d0055e514a18dc0"


@pytest.fixture(scope="module")
def metas(seed_texts: dict[str, str]) -> dict[str, DocumentMeta]:
    return {stem: extract_metadata(text) for stem, text in seed_texts.items()}


@pytest.mark.parametrize(("stem", "expected"), EXPECTED.items())
def test_region_level_year_of_each_seed(
    metas: dict[str, DocumentMeta], stem: str, expected: tuple[str, str, int]
) -> None:
    meta = metas[stem]
    assert (meta.region, meta.level, meta.year) == expected
    assert meta.region in meta.title
    assert str(meta.year) in meta.title


def test_levels_over_all_seeds(metas: dict[str, DocumentMeta]) -> None:
    assert sorted(m.level for m in metas.values()) == ["乡镇"] * 4 + ["区县"]


def test_004_page_header_gives_publisher_and_date_not_year(
    metas: dict[str, DocumentMeta],
) -> None:
    meta = metas[S004]
    assert meta.publisher == "溪湖区司法局"
    assert meta.published == "2024-03-12"
    assert meta.year == 2023  # the report year, not the publish date's year
    assert meta.title == "溪湖区2023年度法治政府建设工作报告"


def test_003_title_from_two_line_heading(metas: dict[str, DocumentMeta]) -> None:
    meta = metas[S003]
    assert "2023年度法治政府工作报告" in meta.title
    assert meta.parent_region == "如东县"


def test_metadata_round_trips_through_to_dict(metas: dict[str, DocumentMeta]) -> None:
    for meta in metas.values():
        assert DocumentMeta(**meta.to_dict()) == meta


def test_report_without_place_names_has_empty_region() -> None:
    meta = extract_metadata("工作报告\n我们做了很多工作。")
    assert meta.region == "" and meta.level == ""


# --- sidecars ------------------------------------------------------------------------------


def _report(folder: Path, stem: str, seed_texts: dict[str, str], seed: str = S003) -> Path:
    path = folder / f"{stem}.txt"
    path.write_text(seed_texts[seed], encoding="utf-8")
    return path


def test_sidecar_overrides_region_and_year(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text(
        json.dumps({"region": "掘港街道", "year": "2021"}, ensure_ascii=False), encoding="utf-8"
    )
    assert sidecar_path(path) == tmp_path / "x.meta.json"
    meta = apply_sidecar(extract_metadata(seed_texts[S003]), path)
    assert meta.region == "掘港街道"
    assert meta.year == 2021
    assert meta.parent_region == "如东县"  # fields not in the sidecar are kept


def test_sidecar_with_full_name_suffix(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    path = _report(tmp_path, "y", seed_texts)
    (tmp_path / "y.txt.meta.json").write_text('{"year": 2020}', encoding="utf-8")
    assert apply_sidecar(extract_metadata(seed_texts[S003]), path).year == 2020


def test_sidecar_applies_in_a_build(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _report(src, "x", seed_texts)
    (src / "x.meta.json").write_text('{"region": "测试镇", "year": 2019}', encoding="utf-8")
    options = BuildOptions(index_dir=tmp_path / "index")
    report = build_index([src], FakeEmbedder(16), options)
    assert report.documents == 1 and not report.skipped
    (doc,) = load_index(tmp_path / "index").documents
    assert (doc.meta.region, doc.meta.year) == ("测试镇", 2019)


@pytest.mark.parametrize(
    "content", ['{"region": "x", "colour": "red"}', '["region"]', "{not json", '"text"']
)
def test_bad_sidecar_is_a_load_error(
    tmp_path: Path, seed_texts: dict[str, str], content: str
) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        apply_sidecar(extract_metadata(seed_texts[S003]), path)
    assert "x.meta.json" in info.value.message


@pytest.mark.parametrize("content", ['{"year": "soon"}', '{"year": [2020]}', '{"region": 5}'])
def test_sidecar_with_bad_values_is_a_load_error(
    tmp_path: Path, seed_texts: dict[str, str], content: str
) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(LoadError):
        apply_sidecar(extract_metadata(seed_texts[S003]), path)


@pytest.mark.parametrize("content", ['{"year": true}', '{"year": 2020.5}', '{"title": null}'])
def test_sidecar_with_wrong_types_is_a_load_error(
    tmp_path: Path, seed_texts: dict[str, str], content: str
) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        apply_sidecar(DocumentMeta(), path)
    assert "x.meta.json" in info.value.message


@pytest.mark.parametrize(("year", "expected"), [('"2021"', 2021), ("2021", 2021), ("null", None)])
def test_sidecar_year_as_digits_or_null(
    tmp_path: Path, seed_texts: dict[str, str], year: str, expected: int | None
) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text(f'{{"year": {year}, "region": "测试镇"}}', "utf-8")
    meta = apply_sidecar(DocumentMeta(year=1999), path)
    assert (meta.year, meta.region) == (expected, "测试镇")


def test_unknown_sidecar_keys_are_named(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    path = _report(tmp_path, "x", seed_texts)
    (tmp_path / "x.meta.json").write_text('{"regoin": "x"}', encoding="utf-8")
    with pytest.raises(LoadError) as info:
        apply_sidecar(DocumentMeta(), path)
    assert info.value.details["unknown"] == ["regoin"]


def test_bad_sidecar_skips_its_report_in_a_build(
    tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _report(src, "bad", seed_texts)
    _report(src, "good", seed_texts, seed=S004)
    (src / "bad.meta.json").write_text('{"colour": "red"}', encoding="utf-8")
    report = build_index([src], FakeEmbedder(16), BuildOptions(index_dir=tmp_path / "i"))
    assert report.documents == 1
    assert [s.source for s in report.skipped] == ["bad.txt"]
    assert "sidecar" in report.skipped[0].reason
    (src / "good.txt").unlink()
    with pytest.raises(BuildError):
        build_index([src], FakeEmbedder(16), BuildOptions(index_dir=tmp_path / "j"))


# --- encodings -----------------------------------------------------------------------------


def test_gb18030_report_builds_and_gets_its_region(
    tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "chahe-gb.txt").write_bytes(seed_texts[S003].encode("gb18030"))
    report = build_index([src], FakeEmbedder(16), BuildOptions(index_dir=tmp_path / "index"))
    assert report.documents == 1 and not report.skipped
    stored = load_index(tmp_path / "index")
    (doc,) = stored.documents
    assert doc.text == seed_texts[S003]
    assert (doc.meta.region, doc.meta.year) == ("岔河镇", 2023)
    assert all(p.text == doc.text[p.start : p.end] for p in stored.passages)


def test_a_sentence_ending_in_a_colon_is_no_header_field() -> None:
    from index.metadata.header import header_fields

    assert header_fields(["现将2023年法治政府建设情况报告如下："]) == []
    assert header_fields(["主要表现在以下方面："]) == []
    assert header_fields(["索引号：xhq-2024-001 主题分类：执行结果公开"]) == [
        ("索引号", "xhq-2024-001"),
        ("主题分类", "执行结果公开"),
    ]
    assert header_fields(["文号："]) == [("文号", "")]
    # a web page's table spaces a label's characters apart
    assert header_fields(["索 引 号： 00817946-8/2024-00156 发布机构： 海口市人民政府"]) == [
        ("索引号", "00817946-8/2024-00156"),
        ("发布机构", "海口市人民政府"),
    ]


def test_whom_a_report_is_sent_to_is_part_of_its_head() -> None:
    from index.metadata.header import head_lines, is_addressee

    assert is_addressee("主送：汉台区人民政府，中共汉台区委全面依法治区委员会办公室")
    assert is_addressee("琼海市委全面依法治市委员会办公室：")
    assert is_addressee("**报送对象：** 富锦市人民政府、富锦市委全面依法治市委员会办公室")
    assert not is_addressee("一、主要工作：")
    assert not is_addressee("时间：2023年，我镇完成了换届")
    lines = [
        "博鳌镇2023年法治政府建设工作报告",
        "琼海市委全面依法治市委员会办公室：",
        "2023年，我镇…。",
    ]
    assert head_lines(lines) == [True, True, False]


def test_an_organisation_closing_the_report_signs_it() -> None:
    body = "某某街道2023年度法治政府建设情况报告\n（2024年2月28日）\n全年开展普法活动12场。\n"
    signed = extract_metadata(body + "下一步，我们将继续做好各项工作。\n佛山市顺德区伦教街道办事处")
    assert signed.publisher == "佛山市顺德区伦教街道办事处"
    unsigned = extract_metadata(body + "下一步，我们将继续做好各项工作。")
    assert unsigned.publisher == ""


def test_a_signature_before_an_appendix_signs_the_report() -> None:
    """An indicator table appended after the signature (附件：…统计表) is no part of the
    report's body: the organisation and date above it sign and date the report."""
    body = "平江县2023年法治政府建设情况报告\n全年开展普法活动12场。\n下一步，我们将继续努力。\n"
    appendix = "附件：2023年主要指标统计表\n指标名称 单位 2023年\n重大行政决策事项 项 7\n"
    signed = extract_metadata(body + "平江县人民政府\n2024年3月18日\n— 5 —\n" + appendix)
    assert signed.publisher == "平江县人民政府"
    unsigned = extract_metadata(body + appendix)
    assert unsigned.publisher == ""
