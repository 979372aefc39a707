"""Bytes of a web page, a Word document or a PDF into the report's text."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator

import docx
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag
from docx.table import Table
from pypdf import PdfReader

from index.chunk.wraps import unwrap
from index.errors import LoadError
from index.load.declared import REPORT_FIELD, field_lines
from index.load.encoding import decode

FORMAT_NAMES = {".html": "HTML", ".htm": "HTML", ".docx": "DOCX", ".pdf": "PDF"}
_DROP_TAGS = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}
    | {"section", "article", "main", "blockquote", "pre", "dl", "dt", "dd", "center"}
)
_CELL_TAGS = frozenset({"td", "th"})
_MAIN_HINT = re.compile(r"content|article|zoom|trs", re.IGNORECASE)
_MAX_FRAME_FIELDS = 8
_MAIN_SHARE = 0.5  # a main-text candidate must hold at least this share of the page's text
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", re.IGNORECASE)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030"})
_SPACE = re.compile(r"\s+")


def _read_html(data: bytes) -> str:
    soup = BeautifulSoup(decode(data, _declared_charset(data)), "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    main = _main_element(soup)
    text = "".join(_html_pieces(main))
    lines = [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]
    if not lines:
        raise LoadError("HTML page has no visible text")
    if main is not (soup.body or soup):  # the page's header fields sit outside its article
        found = (" ".join(f.split()) for f in field_lines(soup, outside=main))
        fields = [f for f in found if REPORT_FIELD.match(f)]
        lines = [f for f in fields[:_MAX_FRAME_FIELDS] if f not in lines] + lines
    return "\n".join(lines)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name if match else ""
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name or None


def _main_element(soup: BeautifulSoup) -> Tag:
    """The article body when one element clearly holds most of the text, else ``<body>``."""
    body = soup.body or soup
    total = _text_size(body)
    sized = [(_text_size(tag), tag) for tag in body.find_all(_is_main_candidate)]
    if sized and total:
        size, best = max(sized, key=lambda item: item[0])
        if size >= total * _MAIN_SHARE:
            return best
    return body


def _is_main_candidate(tag: Tag) -> bool:
    if tag.name in ("article", "main"):
        return True
    names = [*tag.get_attribute_list("id"), *tag.get_attribute_list("class")]
    return any(isinstance(name, str) and _MAIN_HINT.search(name) for name in names)


def _text_size(tag: Tag) -> int:
    return sum(len("".join(text.split())) for text in tag.find_all(string=True))


def _html_pieces(root: Tag) -> Iterator[str]:
    """Text in document order, whitespace collapsed to one space; blocks bounded by newlines."""
    stack: list[PageElement | None] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if node is None:
            yield "\n"
        elif isinstance(node, Tag):
            if node.name in _BLOCK_TAGS:
                yield "\n"
                stack.append(None)
            elif node.name in _CELL_TAGS:
                yield " "
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            yield _SPACE.sub(" ", node)


def _read_docx(data: bytes) -> str:
    lines: list[str] = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_table_rows(block))
        elif block.text.strip():
            lines.append(block.text)
    if not lines:
        raise LoadError("DOCX document has no text")
    return "\n".join(lines)


def _docx_table_rows(table: Table) -> Iterator[str]:
    """One line per table row, cells separated by a tab (merged cells counted once)."""
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous and cell.text.strip():
                cells.append(cell.text)
            previous = cell._tc
        if cells:
            yield "\t".join(cells)


def _read_pdf(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise LoadError("PDF is password-protected")
    # some text layers (fpdf2's CJK subsets, as pypdf reads them) put NUL between characters
    text = "\n".join(page.extract_text() or "" for page in reader.pages).replace("\x00", "")
    if not text.strip():
        raise LoadError("PDF has no text layer (scanned?)")
    # a PDF's lines are its layout's: a line break inside a sentence is no part of the text
    return unwrap(text.replace("\r\n", "\n").replace("\r", "\n"), wrapped=True)


READERS: dict[str, Callable[[bytes], str]] = {".txt": decode, ".md": decode, ".pdf": _read_pdf}
READERS |= {".html": _read_html, ".htm": _read_html, ".docx": _read_docx}
