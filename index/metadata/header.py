"""Read a report's head: its header fields, title, issuer and report year.

A web page puts labelled fields above a report (索引号: … 发布机构: 溪湖区司法局 发布日期: …); a
document opens with its issuer (如东县岔河镇人民政府) and title, and may end with the issuer and a
date as its signature. Fields are read by their shape (a short label, a colon, a value), then the
labels that name a publisher, a date or a title are looked up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.load.declared import FIELDS_MARK
from index.metadata.ethnic import short_forms
from index.metadata.gazetteer import gazetteer

HEAD_LINES = 15
_LABEL = r"(?:[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff](?: +[\u4e00-\u9fff]){1,5})"
"""A field's label, its characters maybe spaced apart (标 题, 索 引 号: a web page's table)."""
_FIELD = re.compile(rf"(?:^|(?<=\s))({_LABEL})\s*[:：](.*?)(?=\s+{_LABEL}\s*[:：]|\s*$)")
"""A label opening the line or standing after a space: "…情况报告如下：" ends a sentence."""
# Labels of the field that names who published a report, and of those that name only where a
# page got the text (a department that sent it to the site): these yield to the report's own
# issuer. Also the fields a question about the publisher or the date asks
# (``qa.analyse.intent.asks``).
ISSUER_LABELS = ("发布机构", "发文机关", "发布单位", "发布部门", "制发机关")
SOURCE_LABELS = ("来源单位", "信息来源", "文章来源", "来源")
_PUBLISHER_LABELS = ISSUER_LABELS + SOURCE_LABELS
DATE_LABELS = ("发布日期", "发布时间", "公开日期", "成文日期", "印发日期", "日期", "时间")
_TITLE_LABELS = ("信息名称", "标题", "名称", "题名")
ADDRESSEE_LABELS = ("主送", "报送对象", "报送单位", "报送机关")
"""The field naming whom a report is sent to (主送：某县人民政府, 报送对象：某市人民政府)."""
_ADDRESSEE_LABEL = re.compile(r"(?:主送|报送(?:对象|单位|机关))[\s*_】\]]*[:：]")
_NAMES_APART = re.compile(r"[，、,]")
_SITE = re.compile(r"(?<=[政府局委办室])(?:门户网站|网站|网)$")  # 白云区人民政府网 → 白云区人民政府
_NOT_ORG = re.compile(r"(?:网|网站|本站|本网|客户端|微信公众号|日报|报社)$|^\W*$")
# An office inside an organisation (政策法规科, 法制股): the page's source, not the report's issuer.
_OFFICE = re.compile(r"(?:科|股|组|(?<!办事)处|(?<!办公)室)$")
_ORG_END = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|司法局|局|委员会|办事处|街道|镇|乡|区|县|市|委|办|中心|公所)$"
)
# An organisation that opens a title: "勉县武侯镇人民政府关于2023年度…的报告".
_TITLE_ISSUER = re.compile(
    r"^(?!关于)(.{2,30}?(?:人民政府|办事处|司法局|管理局|委员会|办公室|局))(?=关于|\d{4}\s*年)"
)
_MARKUP = re.compile(r"\*\*|__|^\s*(?:#{1,6}|>)\s+")
"""Markdown emphasis and a heading or quote marker: ``**发布单位：** 某街道办事处``."""
_SENTENCE = re.compile(r"[。！？；!?;，,]")
_DATE = re.compile(r"(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
DATE_ALONE = re.compile(
    r"\s*(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|([-/.])\s*\d{1,2}\s*\1\s*\d{1,2})\s*"
)
"""A line that is a date and nothing else (2024年1月10日, 2024-01-10, 2024/1/10, 2024.1.10): the
date under a report's signature; ``fullmatch`` it."""
_TITLE_WORDS = re.compile(r"报告|总结")
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[.．、])"
)
_REPORT_TITLE = re.compile(r"法治|依法行政")
# A year that starts or ends a range (纲要(2023—2027年), 2021-2025年) is no report year.
_YEAR = re.compile(r"(20(?<![\d\-—–~至到]20)\d\d)\s*年(?!\s*[\-—–~至到]\s*20\d\d)")
"""A year (2023年) not preceded by a digit, a dash, 至 or 到: the check looks back from
after "20", so that the search starts at the literal "20" (4-6 times faster than a pattern
opening with the look-behind; the same matches)."""
_RANGE_END = re.compile(r"[\-—–~至到]\s*$")


@dataclass(frozen=True)
class Head:
    """What a report's first lines (and its signature) say about it."""

    fields: tuple[tuple[str, str], ...]
    title: str
    issuers: tuple[str, ...]
    publisher: str
    published: str
    year: int | None
    titles: tuple[str, ...]
    """The title and the titles the file declares: where the report's place is named first."""
    zones: tuple[str, ...]
    """Then where else it is named, most telling first: issuer, header fields, signature."""


def unmarked(line: str) -> str:
    """``line`` without its Markdown markup, stripped."""
    return _MARKUP.sub("", line).strip()


def header_fields(lines: list[str]) -> list[tuple[str, str]]:
    """``(label, value)`` of the labelled fields in ``lines`` (a value may be empty; Markdown
    markup around a label is passed over)."""
    found: list[tuple[str, str]] = []
    for line in lines:
        for match in _FIELD.finditer(unmarked(line)):
            label = match.group(1).replace(" ", "")
            found.append((label, match.group(2).strip()))
    return found


def _field(fields: list[tuple[str, str]], labels: tuple[str, ...]) -> str:
    for label in labels:
        for name, value in fields:
            if name == label and value:
                return value
    return ""


def is_org(line: str) -> bool:
    line = line.strip()
    return 3 <= len(line) <= 30 and not _SENTENCE.search(line) and bool(_ORG_END.search(line))


def is_addressee(line: str) -> bool:
    """A line naming whom a report is sent to: its 主送 field (主送：某区人民政府，区委全面依法治区
    委员会办公室) or the organisations alone before a colon (琼海市委全面依法治市委员会办公室：)."""
    line = unmarked(line).strip()
    labelled = _ADDRESSEE_LABEL.match(line)
    if labelled:
        names = line[labelled.end() :]
    elif line.endswith(("：", ":")):
        names = line[:-1]
    else:
        return False
    parts = [part for part in _NAMES_APART.split(names) if part.strip()]
    return bool(parts) and all(is_org(part) for part in parts)


def _is_title(line: str) -> bool:
    line = line.strip()
    return (
        6 <= len(line) <= 70
        and not _SENTENCE.search(line[:-1])
        and not _MARKER.match(line)
        and bool(_TITLE_WORDS.search(line))
        and bool(_REPORT_TITLE.search(line))
    )


def clean_title(title: str) -> str:
    """A page title without its site's name ("…报告_溪湖区人民政府" → "…报告")."""
    title = " ".join(title.split())
    return re.split(r"\s*[_|｜]\s*|\s+[-—–]\s+", title)[0].strip()


def _title(lines: list[str], fields: list[tuple[str, str]], declared: Sequence[str]) -> str:
    named = _field(fields, _TITLE_LABELS)
    if named and _is_title(named):
        return named
    for index, line in enumerate(lines):
        if ":" in line or "：" in line or not _is_title(line):
            continue
        title = line.strip()
        previous = lines[index - 1].strip() if index else ""
        if re.match(r"\d{4}", title) and is_org(previous):
            title = previous + title
        return title
    return next((t for t in declared if _is_title(t)), "")


def years_named(text: str) -> list[int]:
    """The years ``text`` names (2023年), in order, leaving out those that start or end a range
    (纲要(2021—2025年), 2023 至 2027年): a range names a plan, not a year."""
    return [
        int(match.group(1))
        for match in _YEAR.finditer(text)
        if not _RANGE_END.search(text[max(match.start() - 2, 0) : match.start()])
    ]


def report_year(texts: list[str]) -> int | None:
    """The first year named in ``texts`` that does not start or end a range."""
    return next((years[0] for years in map(years_named, texts) if years), None)


def _date(value: str) -> str:
    match = _DATE.search(value)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else ""


_APPENDIX = re.compile(r"\s*附\s*[件表]\s*\d*\s*[：:]")
"""A line opening an appendix (附件：…统计表, 附件2：): what follows it is no longer the report's
body, whose signature stands before it."""


def _signed_body(lines: list[str]) -> tuple[str, list[str]]:
    """The issuer signing the report and the lines its body ends with: at the end of the text,
    or before an appendix that follows the signature (附件：主要指标统计表)."""
    ends = [len(lines)] + [i for i in range(len(lines) - 1, 0, -1) if _APPENDIX.match(lines[i])]
    for end in ends:
        signature = _signature(lines[:end])
        if signature:
            return signature, lines[:end]
    return "", lines


def _signature(lines: list[str]) -> str:
    """The issuer signing at the end: an organisation line before or after a date line, or
    closing the report on its own (its date written under the title instead)."""
    tail = [line.strip() for line in lines[-4:]]
    for index, line in enumerate(tail):
        near = tail[index + 1 : index + 2] + tail[max(index - 1, 0) : index]
        last = index == len(tail) - 1
        if is_org(line) and (last or any(DATE_ALONE.fullmatch(n) for n in near)):
            return line
    return ""


def _signed(
    lines: list[str], fields: list[tuple[str, str]], signature: str
) -> list[tuple[str, str]]:
    """The date under the ``signature`` as the report's 成文日期, when no header field gives a
    date: what a question asking when the report is dated reads."""
    if not signature or any(label in DATE_LABELS for label, _ in fields):
        return []
    tail = [line.strip() for line in lines[-3:]]
    dates = [line for line in tail if DATE_ALONE.fullmatch(line)]
    return [("成文日期", dates[-1])] if dates else []


def _title_issuer(title: str) -> str:
    """The organisation a title opens with, if it opens with one."""
    match = _TITLE_ISSUER.match(title)
    return match.group(1) if match and not _SENTENCE.search(match.group(1)) else ""


def _publisher(
    fields: list[tuple[str, str]], issuers: list[str], signature: str, title: str
) -> tuple[str, str]:
    """The publisher a header field states (kept as a place zone), and the report's publisher:
    that field, unless it names an office inside an organisation (政策法规科, or the issuer's
    own 办公室 running the site) or only the page's
    source (来源：区司法局) and the report names its own issuer — above its title, signing at its
    end, or opening its title — which then publishes it; else that issuer."""
    label = next((name for name in _PUBLISHER_LABELS if _field(fields, (name,))), "")
    stated = _SITE.sub("", _field(fields, _PUBLISHER_LABELS))
    if _NOT_ORG.search(stated):
        stated = ""
    issuer = next((line for line in issuers if not header_fields([line])), "")
    own = issuer or signature or _title_issuer(title)
    if own and _OFFICE.search(stated):
        stated = ""
    if own and stated != own and stated.startswith(_written_forms(own)):
        return stated, own  # 某市人民政府办公室 of 某市人民政府, 大理州… of 大理白族自治州…
    if own and label in SOURCE_LABELS and not _same_body(stated, own):
        return stated, own
    return stated, stated or own


_AUTONOMOUS = re.compile(r"[\u4e00-\u9fff]{2,}?自治[州县旗]")


def _written_forms(organisation: str) -> tuple[str, ...]:
    """An organisation's name and, where it holds an autonomous division, the name with that
    division's short form (大理白族自治州人民政府 → 大理州人民政府)."""
    match = _AUTONOMOUS.search(organisation)
    forms = short_forms(match.group()) if match else ()
    shorter = (organisation.replace(match.group(), forms[0], 1),) if match and forms else ()
    return (organisation, *shorter)


def _same_body(stated: str, own: str) -> bool:
    """``stated`` names the issuer ``own`` with its place, without the chain above it
    (平泉市司法局 for 河北省承德市平泉市司法局; not 区司法局 for 江汉区司法局)."""
    return bool(stated) and own.endswith(stated) and bool(gazetteer().find_names(stated))


def read_head(text: str, declared: Sequence[str] = ()) -> Head:
    """Header fields, title, issuers, publisher, publishing date and report year of ``text``
    (``declared``: titles its file declares, see ``index.load.declared``)."""
    extra = [t[1:] for t in declared if t.startswith(FIELDS_MARK)]
    declared = [clean_title(t) for t in declared if not t.startswith(FIELDS_MARK) and t.strip()]
    lines = [unmarked(line) for line in text.split("\n") if line.strip()]
    head = lines[:HEAD_LINES]
    fields = header_fields(head) + [f for f in header_fields(extra) if f not in header_fields(head)]
    signature, body = _signed_body(lines)
    fields += _signed(body, fields, signature)
    title = _title(head, fields, declared)
    issuers = [ln.strip() for ln in head[:6] if is_org(ln)]
    publisher_field, publisher = _publisher(fields, issuers, signature, title)
    dates = [_date(v) for label, v in fields if label in DATE_LABELS]
    short_lines = [ln for ln in head if len(ln.strip()) <= 40 and not _SENTENCE.search(ln)]
    zones = [*issuers, publisher_field, signature]
    zones.append("\n".join(short_lines))
    body_start = [ln for ln in lines[:5] if ln not in short_lines]
    return Head(
        fields=tuple(fields),
        title=title,
        issuers=tuple(issuers),
        publisher=publisher,
        published=next((d for d in dates if d), ""),
        year=report_year([title, *declared, *body_start[:3]]),
        titles=tuple(t for t in (title, *declared) if t),
        zones=tuple(z for z in zones if z),
    )


def head_lines(lines: Sequence[str]) -> list[bool]:
    """Which of a report's paragraphs are its head or signature: the leading run of title,
    issuer and labelled-field lines, and the trailing run of issuer and date lines."""
    marks = [False] * len(lines)
    for index, line in enumerate(lines[:HEAD_LINES]):
        fields = header_fields([line])
        is_field = bool(fields) and len(line) <= 160 and not _SENTENCE.search(line)
        if not (_is_title(line) or is_org(line) or is_field or is_addressee(line)):
            break
        marks[index] = True
    for index in range(len(lines) - 1, max(len(lines) - 4, 0) - 1, -1):
        line = lines[index].strip()
        if marks[index] or not (is_org(line) or DATE_ALONE.fullmatch(line)):
            break
        marks[index] = True
    return marks
