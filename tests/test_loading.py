"""Tests of ``index.load.sources``: discovery, decoding and text extraction of source files."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import LoadError
from index.load.sources import (
    SUPPORTED_SUFFIXES,
    LoadResult,
    SkippedFile,
    SourceFile,
    discover,
    load_sources,
    read_text,
)

SEEDS = Path(__file__).parent.parent / "seeds"
REPORT = "岔河镇2023年度法治政府工作报告\n一、主要举措\n（一）坚持党的领导。"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _reasons(result: LoadResult) -> dict[str, str]:
    return {skipped.source: skipped.reason for skipped in result.skipped}


def _make_pdf(path: Path, pages: list[str]) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.cell(text=text)
    pdf.output(str(path))
    return path


# --- plain text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "utf-8 with BOM"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gbk"),
        ("\ufeff".encode("utf-16-le") + REPORT.encode("utf-16-le"), "utf-16 with BOM"),
    ],
)
def test_text_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, label: str) -> None:
    path = _write(tmp_path / "report.txt", data)
    assert read_text(path) == REPORT, label


def test_line_endings_normalised_and_nothing_else(tmp_path: Path) -> None:
    raw = "  标题\u3000 \r\n第一段\t内容  \r第二段\r\n\r\n结尾 "
    path = _write(tmp_path / "report.md", raw.encode("utf-8"))
    assert read_text(path) == "  标题\u3000 \n第一段\t内容  \n第二段\n\n结尾 "


def test_empty_and_whitespace_files_skipped_rest_loads(tmp_path: Path) -> None:
    _write(tmp_path / "a_empty.txt", b"")
    _write(tmp_path / "b_blank.txt", " \r\n\t\u3000\n".encode())
    _write(tmp_path / "c_report.txt", REPORT.encode("utf-8"))
    result = load_sources([tmp_path])
    assert [f.source for f in result.files] == ["c_report.txt"]
    assert result.files[0].text == REPORT
    assert _reasons(result) == {"a_empty.txt": "empty file", "b_blank.txt": "empty file"}


def test_binary_garbage_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(7)
    _write(tmp_path / "noise.txt", rng.randbytes(4096))
    _write(tmp_path / "high.txt", bytes(rng.randrange(0x80, 0x100) for _ in range(4096)))
    _write(tmp_path / "ok.txt", b"plain ascii report")
    with caplog.at_level(logging.WARNING, logger="index.load.sources"):
        result = load_sources([tmp_path])
    assert [f.source for f in result.files] == ["ok.txt"]
    reasons = _reasons(result)
    assert set(reasons) == {"high.txt", "noise.txt"}
    assert all("not valid UTF-8/GB18030 text" in reason for reason in reasons.values())
    assert "noise.txt" in caplog.text


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\r\n\t"))
    .filter(lambda text: text.strip() != "")
    .filter(lambda text: not text.startswith("\ufeff"))
)
def test_utf8_text_round_trips(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path / "prop.txt", text.encode("utf-8"))
    assert read_text(path) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_unsupported_suffix_raises(tmp_path: Path) -> None:
    path = _write(tmp_path / "report.doc", b"old word file")
    with pytest.raises(LoadError, match="unsupported file type"):
        read_text(path)


# --- HTML ----------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>岔河镇政府网</title><style>p {{ color: red; }}</style>
<script>var tracker = "统计代码";</script></head>
<body>
<header>岔河镇人民政府 网站首页</header>
<nav><ul><li>首页</li><li>政务公开</li></ul></nav>
<div class="sidebar">热点 阅读排行</div>
<div class="main">
  <div class="TRS_Editor">
    <h1>{title}</h1>
    <p>　　2023年，岔河镇坚持以习近平新时代中国特色社会主义思想为指导，
       深入推进法治政府建设。</p>
    <p>一、主要举措<br>（一）坚持党的领导。</p>
    <!-- 注释不应出现 -->
    <table><tr><td>行政复议</td><td>3件</td></tr></table>
    <p>   </p>
  </div>
</div>
<footer>版权所有 岔河镇人民政府</footer>
</body></html>
"""


def test_html_main_text_extracted(tmp_path: Path) -> None:
    page = GOV_PAGE.format(title="岔河镇2023年度法治政府建设工作报告")
    path = _write(tmp_path / "page.html", page.encode("gb18030"))
    assert read_text(path).split("\n") == [
        "岔河镇2023年度法治政府建设工作报告",
        "2023年，岔河镇坚持以习近平新时代中国特色社会主义思想为指导， 深入推进法治政府建设。",
        "一、主要举措",
        "（一）坚持党的领导。",
        "行政复议 3件",
    ]


def test_html_header_table_with_labels_spaced_by_nbsp(tmp_path: Path) -> None:
    """A header table's labels spaced with &nbsp; (索&nbsp;引&nbsp;号：) are labels: their values
    are kept, and a label cell is not a field line of its own."""
    page = (
        "<html><body><table class='xxgk'><tr><td>索&nbsp;引&nbsp;号：</td><td>K3607-2024-00152</td>"
        "<td>发布机构：</td><td>赣州市人民政府</td></tr>"
        "<tr><td>文&nbsp;&nbsp;号：</td><td>赣市府字〔2024〕21号</td></tr></table>"
        "<div class='article'><h1>赣州市2023年度法治政府建设情况的报告</h1>"
        f"<p>{'2023年，赣州市坚持依法行政。' * 20}</p></div></body></html>"
    )
    lines = read_text(_write(tmp_path / "page.html", page.encode("utf-8"))).split("\n")
    assert lines[:2] == [
        "索 引 号：K3607-2024-00152 发布机构：赣州市人民政府",
        "文 号：赣市府字〔2024〕21号",
    ]
    assert "发布机构：" not in lines


def test_html_without_main_element_uses_body(tmp_path: Path) -> None:
    page = (
        "<html><body><nav>菜单</nav><p>第一段</p><div>第二段 <b>加粗</b>文字</div>"
        "<script>x()</script></body></html>"
    )
    path = _write(tmp_path / "page.htm", page.encode("utf-8"))
    assert read_text(path) == "第一段\n第二段 加粗文字"


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "page.html", b"<html><body><script>x()</script></body></html>")
    with pytest.raises(LoadError):
        read_text(path)


# --- DOCX and PDF --------------------------------------------------------------------------


def test_docx_round_trip(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("岔河镇2023年度法治政府建设工作报告", level=1)
    document.add_paragraph("")
    document.add_paragraph("一、主要举措")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("项目", "数量"), ("行政复议", "3件")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("二、存在问题")
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert read_text(path) == (
        "岔河镇2023年度法治政府建设工作报告\n一、主要举措\n项目\t数量\n行政复议\t3件\n二、存在问题"
    )


def test_pdf_round_trip(tmp_path: Path) -> None:
    path = _make_pdf(tmp_path / "report.pdf", ["Annual report on law-based government", "Page two"])
    text = read_text(path)
    assert "Annual report on law-based government" in text
    assert text.index("Annual report") < text.index("Page two")
    assert "\r" not in text


def test_pdf_without_text_layer_is_skipped(tmp_path: Path) -> None:
    _make_pdf(tmp_path / "scan.pdf", [""])
    result = load_sources([tmp_path])
    assert result.files == ()
    assert result.skipped == (SkippedFile("scan.pdf", "PDF has no text layer (scanned?)"),)


def test_corrupt_pdf_and_docx_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    _write(tmp_path / "broken.docx", b"PK\x03\x04 this is not a zip archive")
    _write(tmp_path / "fine.txt", REPORT.encode("utf-8"))
    result = load_sources([tmp_path])
    assert [f.source for f in result.files] == ["fine.txt"]
    reasons = _reasons(result)
    assert "corrupt" in reasons["broken.pdf"] and "PDF" in reasons["broken.pdf"]
    assert "corrupt" in reasons["broken.docx"] and "DOCX" in reasons["broken.docx"]
    assert all("Traceback" not in reason for reason in reasons.values())


# --- discovery -----------------------------------------------------------------------------


def test_discover_folder_recursive_sorted_posix(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/z.html", "sub/deeper/c.pdf", "sub/y.DOCX", "d.htm"]:
        _write(tmp_path / name, b"x")
    for name in ["a.meta.json", "notes.json", ".hidden.txt", ".git/x.txt", "~$lock.docx", "e.csv"]:
        _write(tmp_path / name, b"x")
    found = discover([tmp_path])
    sources = [source for _, source in found]
    assert sources == ["a.md", "b.txt", "d.htm", "sub/deeper/c.pdf", "sub/y.DOCX", "sub/z.html"]
    assert all(path.is_absolute() and path.is_file() for path, _ in found)
    assert found[3][0] == (tmp_path / "sub" / "deeper" / "c.pdf").absolute()
    assert all(suffix.startswith(".") for suffix in SUPPORTED_SUFFIXES)


def test_discover_file_given_directly(tmp_path: Path) -> None:
    path = _write(tmp_path / "nested" / "report.txt", b"x")
    sidecar = _write(tmp_path / "nested" / "report.meta.json", b"{}")
    assert discover([path, sidecar, path]) == [(path.absolute(), "report.txt")]


def test_discover_missing_path_raises(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_folder"
    with pytest.raises(LoadError, match="no_such_folder"):
        discover([missing])
    with pytest.raises(LoadError, match="no_such_folder"):
        load_sources([missing])


def test_seeds_folder_loads() -> None:
    result = load_sources([SEEDS])
    assert result.skipped == ()
    assert len(result.files) == 5
    assert result.files[0].source == "000_8aada575c1984193.txt"
    for file in result.files:
        assert isinstance(file, SourceFile)
        assert file.path.is_absolute() and file.path.name == file.source
        assert file.text.strip() and "\r" not in file.text
