"""Write a generated report as ``.txt``, ``.html``, ``.docx`` or ``.pdf``."""

from __future__ import annotations

import html
import shutil
import subprocess
from functools import cache
from pathlib import Path

from tests.generator.reports import Report

FORMATS = ("txt", "html", "docx", "pdf")


@cache
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def script(report: Report, text: str) -> str:
    return str(_s2t().convert(text)) if report.traditional else text  # type: ignore[attr-defined]


@cache
def cjk_font() -> str:
    """A CJK font file for PDFs (``fc-list :lang=zh``), or "" when none is installed."""
    if shutil.which("fc-list") is None:
        return ""
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    files = sorted(line.split(":")[0] for line in listed.splitlines() if line.strip())
    regular = [f for f in files if "Regular" in f and "Sans" in f] or files
    return regular[0] if regular else ""


def _txt(report: Report, path: Path) -> None:
    path.write_text(script(report, report.text), encoding="utf-8")


def _header_line(line: str, turn: int) -> str:
    """A header line as a ``<div>``, or its fields as a table row of label and value cells."""
    if "：" not in line or turn % 2:
        return f"<div>{html.escape(line)}</div>"
    cells = "".join(
        f"<td>{html.escape(part)}</td>" for field in line.split() for part in field.split("：", 1)
    )
    return f"<table><tr>{cells}</tr></table>"


def _html(report: Report, path: Path) -> None:
    site = report.publisher or "政府门户网站"
    lines = [script(report, line) for line in report.lines]
    title = script(report, report.title)
    header = "".join(
        _header_line(script(report, h), len(report.name) + i) for i, h in enumerate(report.head)
    )
    body = "".join(
        f"<h1>{html.escape(line)}</h1>" if line == title else f"<p>{html.escape(line)}</p>"
        for line in lines
    )
    footer = "".join(f"<p>{html.escape(script(report, t))}</p>" for t in report.tail)
    page = (
        f'<html><head><meta charset="utf-8"><title>{html.escape(title)}_{html.escape(site)}'
        f'</title></head><body><div class="top">{header}</div><div class="article-content">'
        f'{body}</div><div class="foot">{footer}</div></body></html>'
    )
    path.write_text(page, encoding="utf-8")


def _docx(report: Report, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in report.text.split("\n"):
        document.add_paragraph(script(report, line))
    if len(report.name) % 2:  # half of them declare their title in the properties
        document.core_properties.title = script(report, report.title)
    document.save(str(path))


def _pdf(report: Report, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=cjk_font())
    pdf.set_font("cjk", size=11)
    pdf.set_title(script(report, report.title))
    pdf.add_page()
    for line in report.text.split("\n"):
        pdf.multi_cell(0, 7, script(report, line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


_WRITERS = {"txt": _txt, "html": _html, "docx": _docx, "pdf": _pdf}


def write_report(folder: Path, report: Report, suffix: str) -> str:
    """Write ``report`` as ``folder/NAME.suffix``; its file name."""
    name = f"{report.name}.{suffix}"
    _WRITERS[suffix](report, folder / name)
    return name
