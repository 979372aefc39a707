"""Bytes of a plain-text report into text: byte-order mark, declared charset, UTF-8, GB18030,
Big5, then a guess that must read cleanly."""

from __future__ import annotations

import logging
import re
from codecs import BOM_UTF8, BOM_UTF16_BE, BOM_UTF16_LE

from charset_normalizer import from_bytes

from index.errors import LoadError

logger = logging.getLogger(__name__)

_BOMS = ((BOM_UTF8, "utf-8"), (BOM_UTF16_LE, "utf-16-le"), (BOM_UTF16_BE, "utf-16-be"))
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # not in real text
_MAX_CONTROL_SHARE = 0.05


def decode(data: bytes, declared: str | None = None) -> str:
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
