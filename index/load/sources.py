"""Find source reports on disk and read each one into text.

Every later offset (passages, citations) refers to the text returned here, so the only change
made to a plain-text file's characters is normalising line endings to ``"\\n"``. A PDF's text is
read from its layout, whose line breaks fall at the page's width: those inside a sentence (soft
wraps, ``index.chunk.wraps``) are joined, so a sentence, a word or a number reads whole.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
from codecs import BOM_UTF8, BOM_UTF16_BE, BOM_UTF16_LE
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag
from charset_normalizer import from_bytes
from docx.table import Table
from pypdf import PdfReader

from index.chunk.wraps import unwrap
from index.errors import LoadError
from index.load.declared import REPORT_FIELD, field_lines

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

_FORMAT_NAMES = {".html": "HTML", ".htm": "HTML", ".docx": "DOCX", ".pdf": "PDF"}
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
_BOMS = ((BOM_UTF8, "utf-8"), (BOM_UTF16_LE, "utf-16-le"), (BOM_UTF16_BE, "utf-16-be"))
_SPACE = re.compile(r"\s+")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # not in real text
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class SourceFile:
    """One readable source file and its decoded text."""

    path: Path
    source: str
    text: str


@dataclass(frozen=True)
class SkippedFile:
    """A file that was found but could not be read, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class LoadResult:
    """Everything ``load_sources`` found: the readable files and the skipped ones."""

    files: tuple[SourceFile, ...]
    skipped: tuple[SkippedFile, ...]


def read_text(path: Path) -> str:
    """Read one supported file into text; raise ``LoadError`` if it holds no usable text."""
    suffix, where = path.suffix.lower(), {"path": str(path)}
    reader = _READERS.get(suffix)
    if reader is None:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise LoadError(f"unsupported file type {suffix or '(none)'!r}; supported: {kinds}", where)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", where) from exc
    if not data:
        raise LoadError("empty file", where)
    try:
        text = reader(data).replace("\r\n", "\n").replace("\r", "\n")
    except LoadError as exc:
        raise LoadError(exc.message, {**where, **exc.details}) from exc
    except Exception as exc:  # a library failing on a malformed file: never leak its traceback
        name = _FORMAT_NAMES.get(suffix, "text")
        message = f"cannot read {name} file: it is corrupt or not really a {name} file"
        raise LoadError(message, {**where, "error": f"{type(exc).__name__}: {exc}"}) from exc
    if not text.strip():
        raise LoadError("empty file", where)
    return text


def discover(
    paths: Sequence[Path], refused: list[SkippedFile] | None = None
) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(absolute path, source)`` pairs.

    Folders are walked recursively in sorted order, leaving out hidden files and folders,
    Office lock files (``~$*``), ``.json`` sidecars and unsupported suffixes. A file named
    directly is kept whatever its suffix (so that loading reports it), unless it is ``.json``.
    A file in a folder that is a link to something outside that folder is left out and added to
    ``refused`` (a link to the system's password file must not become searchable).
    """
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).absolute()
        if not path.exists():
            raise LoadError(f"path does not exist: {given}", {"path": str(given)})
        if path.is_dir():
            entries = _walk_folder(path, refused if refused is not None else [])
        else:
            entries = [] if path.suffix.lower() == ".json" else [(path, path.name)]
        for file, source in entries:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append((file, source))
    for source, count in Counter(source for _, source in found).items():
        if count > 1:
            logger.warning("%d different files share the source name %r", count, source)
    return found


def load_sources(paths: Sequence[Path]) -> LoadResult:
    """Discover and read every source; a file that fails is logged and reported as skipped."""
    files: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    refused: list[SkippedFile] = []
    for path, source in discover(paths, refused):
        try:
            text = read_text(path)
        except LoadError as exc:
            logger.warning("skipped %s: %s", source, exc.message)
            skipped.append(SkippedFile(source=source, reason=exc.message))
            continue
        files.append(SourceFile(path=path, source=source, text=text))
    skipped = [*refused, *skipped]
    logger.info("loaded %d file(s), skipped %d", len(files), len(skipped))
    return LoadResult(files=tuple(files), skipped=tuple(skipped))


def _walk_folder(root: Path, refused: list[SkippedFile]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, onerror=_log_walk_error):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(dirpath, name)
            wanted = path.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith((".", "~$"))
            source = path.relative_to(root).as_posix()
            if not wanted:
                continue
            if path.is_symlink() and not _inside(path, real_root):
                reason = f"a link to a file outside {root}: not read"
                logger.warning("refused %s: %s", source, reason)
                refused.append(SkippedFile(source=source, reason=reason))
            elif path.is_file():
                found.append((path, source))
    return sorted(found, key=lambda item: item[1])


def _inside(path: Path, real_root: Path) -> bool:
    """Whether ``path`` resolves to a file under ``real_root`` (a link loop does not)."""
    try:
        return path.resolve(strict=True).is_relative_to(real_root)
    except (OSError, RuntimeError):
        return False


def _log_walk_error(error: OSError) -> None:
    logger.warning("cannot list folder %s: %s", error.filename, error.strerror or error)


def _decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes: byte-order mark, declared charset, UTF-8, GB18030, then a best guess."""
    text = _decode_bom(data)
    if text is None and declared:
        text = _try_decode(data, declared)
    if text is None:
        if b"\x00" in data:
            raise LoadError("binary data, not text (not valid UTF-8/GB18030 text)")
        text = _try_decode(data, "utf-8") or _detected(data)
    if text is None or len(_BAD_CONTROL.findall(text)) > len(text) * _MAX_CONTROL_SHARE:
        raise LoadError("not valid UTF-8/GB18030 text")
    return text


def _decode_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data[len(bom) :], encoding)
            if text is None:
                raise LoadError(f"starts with a {encoding} byte-order mark but is not {encoding}")
            return text
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})
MAX_CHAOS = 0.2
"""A guessed decoding messier than this (charset-normalizer's mess ratio) is no text."""


def _detected(data: bytes) -> str:
    """Text that is not UTF-8: Big5 when charset-normalizer says so (Big5 bytes also decode as
    GB18030, to garbage), else GB18030, else its best guess if that reads cleanly."""
    best = from_bytes(data).best()
    guess = best.encoding if best is not None else ""
    if guess in _BIG5_FAMILY:
        text = _try_decode(data, "big5hkscs") or _try_decode(data, "cp950")
        if text is not None:
            logger.info("decoded as Big5 (detected)")
            return text
    text = _try_decode(data, "gb18030")
    if text is not None:
        return text
    if best is None or best.chaos > MAX_CHAOS:
        detail = f" (best guess {guess}, {best.chaos:.0%} garbled)" if best is not None else ""
        raise LoadError(f"not valid UTF-8/GB18030 text, nor Big5: it decodes poorly{detail}")
    logger.info("decoded with guessed encoding %s", guess)
    return str(best)


def _read_html(data: bytes) -> str:
    soup = BeautifulSoup(_decode(data, _declared_charset(data)), "lxml")
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


_READERS: dict[str, Callable[[bytes], str]] = {".txt": _decode, ".md": _decode, ".pdf": _read_pdf}
_READERS |= {".html": _read_html, ".htm": _read_html, ".docx": _read_docx}
