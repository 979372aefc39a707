"""Which body of a place a report is from, and which body a question names.

A county publishes its government's report and its departments' reports (寿光市人民政府,
寿光市司法局, 寿光市市场监督管理局), all of one place. "寿光市政府2022年…" asks the
government's, "寿光市场监管局2022年…" the bureau's. A report's body is the organ its title
names after its place ("寿光市市场监督管理局2022年…" → 市场监督管理局), or its publisher's when
the title names no place; none (the government) otherwise. A question's body is resolved
against the organs of the reports of the place it names (``qa.analyse.places.organs``: 市场监管局 of
市场监督管理局, 环保局 of 生态环境局); an organ none of them is of (医保局 of a city whose
人社局 and 司法局 report) is marked unreported, a signal against answering from a sibling's
report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.models import Document
from index.store.lexical.tokenize import dictionary_cut
from qa.analyse.places.organs import LEVEL, any_same, english_organs, known_organ, same_organ
from qa.answer.messages import Notice

GOVERNMENT = ""
"""The body of a place's own government (人民政府, 政府, 办事处): no organ named."""

# An organ: a department (局, 厅, 署), a commission (委员会, 发改委) or an office (办公室), by
# a name of two to ten characters (not a party committee, 县委) and not a court.
_ORGAN = r"[\u4e00-\u9fff]{2,10}?(?:局|厅|署|委员会|委|办公室)"
_REPORT_ORGAN = re.compile(rf"^({_ORGAN})")
_ASKED_ORGAN = re.compile(rf"的?({_ORGAN})")
# A department named by its field (市场监管部门, 生态环境部门): that field's bureau, when the
# table knows one (市场监管局), not a department asked of (哪个部门, 市直部门, 各部门).
_ASKED_DEPARTMENT = re.compile(r"的?([\u4e00-\u9fff]{2,6}?)部门")
_FIELD = re.compile(r"[\u4e00-\u9fff]{3,5}")
# the government (寿光市政府), also as the place's report (瑞金市2023年报告, 桃源县2022年法治政府
# 建设报告: the place's own, not one of its departments')
_ASKED_GOVERNMENT = re.compile(
    r"^(?:人民)?政府|^府(?![办前])|^办事处"
    r"|^(?:20\d\d\s*年度?)?的?(?:法治政府建设)?(?:年度)?(?:工作|情况)?报告"
)
_AFTER = "\x00"
"""Marks where a place stood in a question, before the place's last character."""


_ENGLISH_GOVERNMENT = re.compile(
    r"\b(?:county|city|municipal|district|town|township|prefecture|prefectural|subdistrict"
    r"|people's|local)\s+government\b(?!\s+(?:departments?|bureaus?|agencies|offices?))",
    re.IGNORECASE,
)


def english_bodies(text: str) -> tuple[str, ...]:
    """The bodies an English question names: organs by their English names (the Wuhu
    Municipal Health Commission), else a place's own government ("the Yi'an County
    government": ``GOVERNMENT``)."""
    return english_organs(text) or ((GOVERNMENT,) if _ENGLISH_GOVERNMENT.search(text) else ())


def report_body(doc: Document) -> str:
    """The organ a report's title names after its place, or its publisher's when the title
    names no place; ``GOVERNMENT`` for a place's own report."""
    meta = doc.meta
    places = [p for p in (*meta.parents, meta.parent_region, meta.region) if p]
    for line in (meta.title, meta.publisher):
        after = _after_places(line, places)
        if after is not None:
            found = _REPORT_ORGAN.match(after)
            # 人民政府办公室 sends the government's own report
            return found.group(1) if found and "政府" not in found.group(1) else GOVERNMENT
    return GOVERNMENT


def _after_places(line: str, places: Sequence[str]) -> str | None:
    """``line`` after the last of ``places`` it names, or None when it names none."""
    ends = [line.rfind(p) + len(p) for p in places if p in line]
    return line[max(ends) :].lstrip("#").strip() if ends else None


def asked_bodies(question: str, places: Sequence[str]) -> tuple[str, ...]:
    """The readings of the body ``question`` names right after one of its ``places`` (as
    written, longest first): ``(GOVERNMENT,)`` (寿光市政府), or the organ as written and, when
    the place's last character is a level that may open the organ's name, with it (芜湖市监局:
    市监局; 芜湖市场监管局: 场监管局 and 市场监管局); ``()`` when it names none."""
    text = question
    for place in places:
        text = text.replace(place, f" {_AFTER}{place[-1]}")
    for part in text.split(" ")[1:]:
        part = part.strip()
        level = part[1] if part.startswith(_AFTER) and len(part) > 1 else ""
        part = part[2:] if part.startswith(_AFTER) else part
        if _ASKED_GOVERNMENT.match(part):
            return (GOVERNMENT,)
        forms = [part, level + part] if LEVEL.match(level) else [part]
        found = [m.group(1) for m in (_ASKED_ORGAN.match(f) for f in forms) if m]
        found = found or _department(forms)
        if found:
            return tuple(dict.fromkeys(found))
    return ()


def field_bodies(question: str, places: Sequence[str]) -> tuple[str, ...]:
    """The bureaus a question may name by their field alone right after one of its ``places``
    (乐山公安, 芜湖应急): the openings of two to four characters there, each read with 局, that
    the organ table knows; longest first. Only a report of the place of one settles it."""
    text = question
    for place in places:
        text = text.replace(place, f" {_AFTER}")
    for part in text.split(" ")[1:]:
        part = part.removeprefix(_AFTER).strip()
        ends = _word_ends(part)  # 市场 of 市场主体 is no field: the word runs on
        named = (f"{part[:n]}局" for n in (4, 3, 2) if len(part) >= n and n in ends)
        found = tuple(n for n in named if _FIELD.fullmatch(n) and known_organ(n))
        if found:
            return found
    return ()


def _word_ends(text: str) -> set[int]:
    """Where the dictionary's words of ``text`` end (the first ten characters)."""
    ends, at = set(), 0
    for word in dictionary_cut(text[:10]):
        at += len(word)
        ends.add(at)
    return ends


def _department(forms: Sequence[str]) -> list[str]:
    """The bureau a department named by its field is (生态环境部门 → 生态环境局), if a known one."""
    named = (m.group(1) + "局" for m in (_ASKED_DEPARTMENT.match(f) for f in forms) if m)
    return [n for n in named if known_organ(n)]


def report_organs(doc: Document) -> frozenset[str]:
    """The organs a report is of: its body (``report_body``) and its publisher's organ (a
    government's report its 司法局 publishes is also that bureau's)."""
    meta = doc.meta
    places = [p for p in (*meta.parents, meta.parent_region, meta.region) if p]
    after = _after_places(meta.publisher, places)
    found = _REPORT_ORGAN.match(meta.publisher if after is None else after)
    organs = {report_body(doc), found.group(1) if found else GOVERNMENT}
    return frozenset(o for o in organs if o and "政府" not in o)


@dataclass(frozen=True)
class AskedBody:
    """The body a question asks about, resolved against the reports of the place it names."""

    name: str | None = None
    """The reports' name of the organ asked (市场监督管理局 for 市监局), ``GOVERNMENT``, or None
    when it names none; as written when no report of the place is of it."""
    unreported: bool = False
    """It names a known organ (``qa.analyse.places.organs.known_organ``) of a place whose
    reports are there, but none of them is of that organ (医保局 of a city with its 人社局's report
    only)."""
    written: str = ""
    """The organ as the question writes it, when a report of the place is of it (市场监管局):
    it names the report, as the place does, not a topic the report must mention."""

    def notice(self, doc_ids: Sequence[str], region_of: Mapping[str, str]) -> Notice | None:
        """Why the organ asked has no report: the place's reports are of other bodies."""
        if not self.unreported or not self.name:
            return None
        regions = dict.fromkeys(region_of.get(d, "") for d in doc_ids[:3])
        place = "、".join(r for r in regions if r)
        return Notice.of("organ_not_reported", organ=self.name, place=place)


class BodyTable:
    """Each report's body and organs, built once at load."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.bodies = {doc.doc_id: report_body(doc) for doc in documents}
        self.organs = {doc.doc_id: report_organs(doc) for doc in documents}

    def resolve(self, readings: Sequence[str], doc_ids: Sequence[str]) -> AskedBody:
        """The body read as ``readings`` (``asked_bodies``, or the English names' organs) among
        the organs of the reports ``doc_ids`` (the place's)."""
        if not readings or readings[0] == GOVERNMENT:
            return AskedBody(readings[0] if readings else None)
        reported = sorted({o for d in doc_ids for o in self.organs.get(d, ())})
        found = any_same(readings, reported)
        if found is not None:
            return AskedBody(found[1], written=found[0])
        return AskedBody(readings[0], unreported=bool(doc_ids) and known_organ(readings[0]))

    def reported(self, readings: Sequence[str], doc_ids: Sequence[str]) -> AskedBody | None:
        """The organ of one of the reports ``doc_ids`` one of ``readings`` names, or None."""
        reported = sorted({o for d in doc_ids for o in self.organs.get(d, ())})
        found = any_same(readings, reported)
        return AskedBody(found[1], written=found[0].removesuffix("局")) if found else None


def of_body(doc_ids: Sequence[str], body: str | None, bodies: Mapping[str, str]) -> tuple[str, ...]:
    """Those of ``doc_ids`` from the body asked, when some are and some are not; else all."""
    if body is None or not doc_ids:
        return tuple(doc_ids)
    chosen = [d for d in doc_ids if _same_body(body, bodies.get(d, GOVERNMENT))]
    return tuple(chosen) if chosen and len(chosen) < len(doc_ids) else tuple(doc_ids)


def _same_body(asked: str, body: str) -> bool:
    """Whether ``asked`` names ``body``: the same, or the same organ (``qa.analyse.places.organs``:
    市场监管局 of 市场监督管理局, 卫健委 of 卫生健康委员会, 市司法局 of 司法局)."""
    return asked == body or same_organ(asked, body)
