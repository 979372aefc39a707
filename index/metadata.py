"""Rules that read a report's metadata from its text, and sidecar overrides."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from index.errors import LoadError
from index.models import DocumentMeta

_LEVEL_OF_SUFFIX = {
    "镇": "乡镇",
    "乡": "乡镇",
    "街道": "街道",
    "区": "区县",
    "县": "区县",
    "市": "市",
}
_RANK = {"乡镇": 0, "街道": 0, "区县": 1, "市": 2}
_NOT_NAMES = re.compile(
    r"^(?:.*[全我本各该每此其两个多某省市县区镇乡]|城|乡|村|社|小|集|辖|地|景|新|老|政|特|"
    r"城乡|片|库|校|园|城区|市区|县区|郊|山|街|.*社|.*园|.*景|.*辖|.*城|.*小|滞洪|开发|高新)$"
)
_TITLE_LINE = re.compile(r"^(?:信息名称[:：]\s*)?(.{0,40}?法治.{0,20}?报告)(?:\s|$)")
_TITLE_MENTION = re.compile(r"《([^《》]{2,30}?\d{4}年度?法治[^《》]{0,20}?报告)》")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PUBLISHER = re.compile(r"发布机构[:：]\s*(\S+)")
_DATE = re.compile(r"(?:发布日期|发布时间)[:：]\s*(\d{4}-\d{1,2}-\d{1,2})")
_ISSUER_LINE = re.compile(r"^\S{2,20}(?:人民政府|政府|办公室|司法局)$")
_SUFFIXES = "街道|镇|乡|区|县|市"
SIDECAR_SUFFIX = ".meta.json"


def _place_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in re.finditer(_SUFFIXES, text):
        for size in (2, 3, 4):
            start = match.start() - size
            stem = text[max(start, 0) : match.start()]
            if (
                start >= 0
                and re.fullmatch(r"[\u4e00-\u9fff]+", stem)
                and not _NOT_NAMES.match(stem)
            ):
                counts[stem + match.group()] += 1
    return counts


def _best_names(counts: Counter[str]) -> list[tuple[str, int]]:
    """Names by frequency, preferring the longest form that is always written the same way."""
    best: dict[str, int] = {}
    for name, count in counts.items():
        shorter = name[1:]
        if shorter in counts and counts[shorter] > count:
            continue
        longer = [n for n in counts if n.endswith(name) and n != name and counts[n] == count]
        if longer:
            continue
        best[name] = count
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))


def _level(name: str) -> str:
    for suffix, level in _LEVEL_OF_SUFFIX.items():
        if name.endswith(suffix):
            return level
    return ""


def _segmented_places(text: str) -> Counter[str]:
    """Place names as jieba's part-of-speech tagger sees them (``ns``)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    counts: Counter[str] = Counter()
    for word, flag in jieba.posseg.cut(text):
        stem = word[: -len(m.group())] if (m := re.search(rf"(?:{_SUFFIXES})$", word)) else ""
        town = word.endswith(("镇", "乡", "街道"))
        if (flag.startswith("ns") or town) and len(stem) >= 2 and not _NOT_NAMES.match(stem):
            counts[word] += 1
    return counts


def regions(text: str) -> tuple[str, str]:
    """The issuing region (most named, lowest level on a tie) and its parent region."""
    segmented = _segmented_places(text)
    if segmented and segmented.most_common(1)[0][1] >= 3:
        names = sorted(segmented.items(), key=lambda item: (-item[1], item[0]))
    else:
        names = _best_names(_place_counts(text))
    if not names:
        return "", ""
    top = names[0][1]
    leaders = [n for n, c in names if c >= top * 0.6]
    region = min(leaders, key=lambda n: (_RANK.get(_level(n), 3), -dict(names)[n]))
    rank = _RANK.get(_level(region), 3)
    parents = sorted(
        (n for n, _ in names if _RANK.get(_level(n), -1) > rank),
        key=lambda n: (_RANK[_level(n)], -dict(names)[n]),
    )
    return region, parents[0] if parents else ""


def _title(lines: list[str], text: str, region: str, year: int | None) -> str:
    for index, line in enumerate(lines[:12]):
        match = _TITLE_LINE.match(line.strip())
        if match:
            title = match.group(1)
            previous = lines[index - 1].strip() if index else ""
            if title[:4].isdigit() and _ISSUER_LINE.match(previous):
                title = previous + title
            return title
    for match in _TITLE_MENTION.finditer(text):
        if region and region in match.group(1):
            return match.group(1)
    return f"{region}{year or ''}年度法治政府建设情况报告" if region else ""


def _year(title: str, lines: list[str]) -> int | None:
    for candidate in [title, *lines[:12]]:
        match = _YEAR.search(candidate)
        if match:
            return int(match.group(1))
    return None


REGION_SAMPLE_CHARS = 50_000
"""The region is read from the first this many characters (far more than a report holds; a
huge merged file would otherwise be tagged word by word for minutes)."""


def extract_metadata(text: str) -> DocumentMeta:
    """Title, region, level, report year, publisher and date read from a report's text."""
    lines = [line for line in text.split("\n") if line.strip()]
    head = "\n".join(lines[:12])
    region, parent = regions(text[:REGION_SAMPLE_CHARS])
    publisher = _PUBLISHER.search(head)
    date = _DATE.search(head)
    issuer = next((ln.strip() for ln in lines[:3] if _ISSUER_LINE.match(ln.strip())), "")
    explicit = next((m.group(1) for ln in lines[:12] if (m := _TITLE_LINE.match(ln.strip()))), "")
    year = _year(explicit, lines)
    return DocumentMeta(
        title=_title(lines, text, region, year),
        region=region,
        level=_level(region),
        year=year,
        publisher=publisher.group(1) if publisher else issuer,
        published=date.group(1) if date else "",
        parent_region=parent,
    )


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of a source file (``name.meta.json`` or ``name.ext.meta.json``), if any."""
    for candidate in (path.with_suffix(SIDECAR_SUFFIX), Path(str(path) + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def apply_sidecar(meta: DocumentMeta, path: Path) -> DocumentMeta:
    """Override extracted fields with those of the file's sidecar (unknown keys are an error)."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return meta
    try:
        data: Any = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LoadError(f"sidecar {sidecar.name} is not valid JSON: {exc}") from exc
    known = {f.name for f in fields(DocumentMeta)}
    if not isinstance(data, dict) or set(data) - known:
        raise LoadError(
            f"sidecar {sidecar.name} must be an object with keys among {sorted(known)}",
            {"unknown": sorted(set(data) - known) if isinstance(data, dict) else []},
        )
    return replace(meta, **{key: _checked(sidecar.name, key, v) for key, v in data.items()})


def _checked(name: str, key: str, value: Any) -> Any:
    """A sidecar value of the right type: a whole-number year (or null), else a string."""
    if key == "year":
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
            return int(value)
        raise LoadError(f"sidecar {name}: year must be a whole number, not {value!r}", {"key": key})
    if not isinstance(value, str):
        raise LoadError(f"sidecar {name}: {key} must be a string, not {value!r}", {"key": key})
    return value
