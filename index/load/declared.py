"""What a file declares besides its text: HTML ``<h1>``/``<title>`` and labelled header lines,
DOCX and PDF title properties."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from bs4.element import Tag

logger = logging.getLogger(__name__)
FIELDS_MARK = "\x00"
"""Marks a declared line of header fields (not a title)."""


_FIELD_LINE = re.compile(r"[\u4e00-\u9fff]{2,6}\s*[:：]")
# The labels of a report page's header fields (not the site's: 主办, 地址, 版权所有 …).
REPORT_FIELD = re.compile(
    r"^(?:索\s*引\s*号|信息名称|标\s*题|主题分类|分\s*类|发布机构|发文机关|发布单位|发文单位|"
    r"(?:信息)?来\s*源|发布(?:日期|时间)|公开日期|成文日期|生成日期|文\s*号|发文字号|有\s*效\s*性|"
    r"公开方式|公开范围|关\s*键\s*词)\s*[:：]"
)
_MAX_FIELD_LINE = 160
# The meta tags of Chinese government sites' article pages, as the fields they state.
_META_FIELDS = (("ContentSource", "来源"), ("PubDate", "发布日期"), ("ColumnName", "栏目"))


_BLOCKS = ["div", "p", "table", "tr", "li", "dl"]
_LABEL_ONLY = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff ]{0,6}[\u4e00-\u9fff]\s*[:：]")
"""A label whose value is in the next cell, read with its row (``_row_fields``)."""
_LABEL_CELL = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff ]{0,6}[\u4e00-\u9fff])\s*[:：]?")


def _row_fields(row: Tag) -> str:
    """A table row of label and value cells (发布机构 | 溪湖区司法局 | …) as labelled fields."""
    # spaces of any kind collapsed (索&nbsp;引&nbsp;号 is a label spaced out)
    cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"], recursive=False)]
    fields: list[list[str]] = []
    expect_value = False
    for cell in cells:
        label = None if expect_value else _LABEL_CELL.fullmatch(cell)
        if label is not None:
            fields.append([label.group(1), ""])
        elif fields:  # a value, or more of the last one (2025-01-27 | 16:56)
            fields[-1][1] = f"{fields[-1][1]} {cell}".strip()
        expect_value = label is not None
    return " ".join(f"{label}：{value}" for label, value in fields if value)


def _html(data: bytes) -> list[str]:
    """``<h1>``s and ``<title>``, then the page's short labelled lines (发布时间: … 来源: …),
    which the loader may have left out with the page's frame."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    heads = [h.get_text(" ", strip=True) for h in soup.find_all("h1")[:2]]
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    metas = {m.get("name", ""): m.get("content", "") for m in soup.find_all("meta")}
    heads.insert(0, str(metas.get("ArticleTitle") or ""))
    lines = [f"{label}：{metas[name]}" for name, label in _META_FIELDS if metas.get(name)]
    lines += [line for line in field_lines(soup) if line not in lines]
    return [*heads, title, *(FIELDS_MARK + line for line in lines[:12])]


def field_lines(soup: Tag, outside: Tag | None = None) -> list[str]:
    """The page's short labelled lines in page order (索引号：… 发布机构：…; a table row of label
    and value cells as one line), leaving out those inside ``outside``."""
    lines: list[str] = []
    for tag in _tags(soup, ["tr", "div", "p", "span", "td", "li", "dl"], outside):
        if tag.name == "tr":
            line = _row_fields(tag)
        elif tag.find(_BLOCKS) is not None:  # a container: its lines are read one by one
            continue
        else:
            line = tag.get_text(" ", strip=True)
            sentence = re.search(r"[。，,；;]", line)
            if len(line) > _MAX_FIELD_LINE or not _FIELD_LINE.search(line) or sentence:
                continue
        if line and line not in lines and not _LABEL_ONLY.fullmatch(line):
            lines.append(line)
    return lines


def _tags(soup: Tag, names: list[str], outside: Tag | None) -> list[Tag]:
    found = soup.find_all(names)
    if outside is None:
        return found
    inner = {id(t) for t in outside.find_all(names)} | {id(outside)}
    return [t for t in found if id(t) not in inner]


def _docx(data: bytes) -> list[str]:
    import docx

    return [docx.Document(io.BytesIO(data)).core_properties.title or ""]


def _pdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(data)).metadata
    return [str(info.title or "")] if info else []


_READERS = {".html": _html, ".htm": _html, ".docx": _docx, ".pdf": _pdf}


def declared_titles(path: Path) -> list[str]:
    """Titles the file declares, most specific first (``<h1>`` before ``<title>``); none for
    plain text or when the file cannot be read again."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        return []
    try:
        return [t for t in reader(path.read_bytes()) if t.strip()]
    except Exception as exc:  # a malformed file was read (or skipped) by the loader already
        logger.debug("no declared title for %s: %s", path, exc)
        return []
