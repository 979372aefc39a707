"""Generated 法治政府建设 reports for real divisions, with the metadata they state.

Deterministic for a seed. The place is named in varied spots (title, issuer line, a header
field, the body only), headers and furniture vary, heading styles vary (一、/（一）/1./一是/
第一部分), and the body names other places too (its county, a plan range, last year).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from index.metadata.gazetteer import Division, gazetteer

YEARS = range(2020, 2026)
LEVEL_SHARE = (("乡镇", 0.35), ("街道", 0.2), ("区县", 0.3), ("市", 0.1), ("司法局", 0.05))
_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Question:
    question: str
    quote: str


@dataclass(frozen=True)
class Report:
    """A generated report: its lines, and what a reader should find in it."""

    name: str
    region: str
    level: str
    parents: tuple[str, ...]
    year: int
    publisher: str
    """The publisher a header field or issuer line states ("" when none does)."""
    title: str
    head: tuple[str, ...]
    """Header lines (fields, furniture) above the title, as a page shows them."""
    lines: tuple[str, ...]
    """Title, issuer and body lines."""
    tail: tuple[str, ...] = ()
    questions: tuple[Question, ...] = field(default_factory=tuple)
    traditional: bool = False

    @property
    def text(self) -> str:
        return "\n".join([*self.head, *self.lines, *self.tail])


def _pool(level: str) -> list[Division]:
    gaz = gazetteer()
    wanted = "区县" if level == "司法局" else level
    proper = (
        ("镇", "乡")
        if wanted == "乡镇"
        else ("街道",)
        if wanted == "街道"
        else ("县", "区", "市", "旗", "州", "盟")
    )
    return sorted(
        {
            d
            for ds in gaz.by_name.values()
            for d in ds
            if d.level == wanted and d.parents and d.name.endswith(proper) and d.code
        },
        key=lambda d: (d.code, d.name),
    )


_POOLS: dict[str, list[Division]] = {}


def pick_division(rng: random.Random) -> tuple[Division, str]:
    roll, total, level = rng.random(), 0.0, LEVEL_SHARE[-1][0]
    for name, share in LEVEL_SHARE:
        total += share
        if roll <= total:
            level = name
            break
    pool = _POOLS.setdefault(level, _pool(level))
    return rng.choice(pool), level


def _issuer(division: Division, kind: str, rng: random.Random) -> str:
    if kind == "司法局":
        return f"{division.name}司法局"
    if division.level == "街道":
        return f"{division.name}办事处"
    if division.level in ("区县", "市"):
        return rng.choice([f"{division.name}人民政府", f"{division.name}司法局"])
    return f"{division.name}人民政府"


def _title(division: Division, year: int, rng: random.Random, with_place: bool) -> str:
    place = division.name
    parent = division.parents[-1] if division.parents else ""
    if not with_place:
        return rng.choice(
            [f"{year}年度法治政府建设工作报告", f"关于{year}年度法治政府建设情况的报告"]
        )
    chain = "".join(p for p in division.parents if not p.endswith("委")) + place
    return rng.choice(
        [
            f"{chain}{year}年度法治政府建设情况报告",
            f"{place}{year}年度法治政府建设情况报告",
            f"{parent}{place}关于{year}年法治政府建设工作情况的报告",
            f"{place}{year}年法治政府建设年度报告",
            f"关于{place}{year}年度法治政府建设工作的报告",
            f"{year}年{place}法治政府建设工作报告",
        ]
    )


_FACTS = (
    ("组织执法人员培训{n}次", "{r}{y}年组织了多少次执法人员培训？", 3, 30),
    ("办理行政复议案件{n}件", "{r}{y}年办理了多少件行政复议案件？", 2, 90),
    ("审查规范性文件{n}件", "{r}{y}年审查了多少件规范性文件？", 4, 60),
    ("开展普法宣传活动{n}场", "{r}{y}年开展了多少场普法宣传活动？", 5, 120),
    ("调解矛盾纠纷{n}起", "{r}{y}年调解了多少起矛盾纠纷？", 20, 900),
    ("聘请法律顾问{n}名", "{r}{y}年聘请了几名法律顾问？", 1, 9),
)
_FILLER = (
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想。",
    "严格落实重大行政决策程序，推进政务公开标准化规范化建设。",
    "健全行政执法“三项制度”，全面推行行政执法公示制度。",
    "深化“放管服”改革，持续优化法治化营商环境。",
    "加强行政执法监督，规范行政裁量权基准。",
    "推进基层法治建设，培育农村学法用法示范户和“法律明白人”。",
)
_SHORTCOMINGS = (
    "法治宣传教育的针对性和实效性有待增强。",
    "基层执法力量相对薄弱，执法人员专业素养有待提高。",
    "依法决策机制还需进一步完善。",
)


def _marker(style: str, level: int, index: int) -> str:
    number = _NUM[index] if index < len(_NUM) else str(index + 1)
    if level == 1:
        return f"第{number}部分 " if style == "part" else f"{number}、"
    return {"paren": f"（{number}）", "digit": f"{index + 1}.", "shi": f"{number}是"}[style]


def _body(division: Division, year: int, rng: random.Random) -> tuple[list[str], list[Question]]:
    place, parent = division.name, (division.parents[-1] if division.parents else "")
    short = {"乡镇": "全镇", "街道": "全街道", "区县": "全区", "市": "全市"}[division.level]
    lines = [
        f"{year}年，{place}在{parent}委、{parent}政府的坚强领导下，认真贯彻落实《法治政府建设"
        f"实施纲要（2021—2025年）》和《{parent}法治社会建设规划（{year}—{year + 4}年）》，"
        f"{short}法治政府建设取得新成效。现将有关情况报告如下："
        if parent and rng.random() < 0.7
        else f"{year}年，我们认真贯彻落实《法治政府建设实施纲要（2021—2025年）》，扎实推进法治"
        f"政府建设。现将{place}有关情况报告如下：",
    ]
    style1 = rng.choice(["num", "num", "part"])
    style2 = rng.choice(["paren", "digit", "shi"])
    facts = rng.sample(_FACTS, 4)
    questions = []
    lines.append(_marker(style1, 1, 0) + "主要举措和成效")
    for index, (fact, question, low, high) in enumerate(facts):
        n = rng.randint(low, high)
        sentence = fact.format(n=n)
        filler = rng.choice(_FILLER)
        if rng.random() < 0.35:  # a numbered line that carries its content on the same line
            lines.append(f"{_marker(style2, 2, index)}加强法治工作，{sentence}。")
        else:
            lines.append(f"{_marker(style2, 2, index)}强化工作举措")
            lines.append(f"{filler}全年{sentence}，较{year - 1}年有所增加。")
        questions.append(Question(question.format(r=place, y=year), sentence))
    lines.append(_marker(style1, 1, 1) + "存在的不足")
    lines.append("".join(rng.sample(_SHORTCOMINGS, 2)))
    lines.append(_marker(style1, 1, 2) + f"{year + 1}年工作打算")
    lines.append(f"{year + 1}年，{place}将继续{rng.choice(_FILLER)}")
    return lines, questions
