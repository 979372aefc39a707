"""Whose figure a sentence states: of the level or kind asked, and of the year asked?

"省级普法示范点4个" does not say how many 国家级 ones there are, "普通程序处罚案件5件" is not the
number of 简易程序 cases, "出庭应诉率100%" is no 败诉率, "截至2022年11月底…公开执法结果743条" is no
figure for 2023, and a figure a 2024 report gives without a year is 2024's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, partial
from importlib import resources

from index.chunk.headings import heading_level
from qa.analyse.intent.counters import UNITS
from qa.analyse.intent.sections import asked_sections, in_section
from qa.answer.sentences import SENTENCE
from qa.answer.statements.amounts import clauses, rates
from qa.answer.statements.levels import levels_named

_FIGURE = re.compile(r"[\d一二两三四五六七八九十百千万]+\s*[余多]?\s*[^\d\s，。、；]")
# A year, not a count that looks like one ("整改隐患1962处", "2000余人", "1985件").
_YEAR = re.compile(rf"(?<!\d)((?:19|20)\d\d)(?!\d|\.\d|\s*(?:{UNITS}|个|位|余|多|万|%|％))")
# A year a period starts from ("2022年以来", "自2021年起") still covers the years after it.
_SINCE = re.compile(r"(?:自|从)\s*(?:19|20)\d\d|(?:19|20)\d\d\s*年?\s*(?:以来|起|开始)")
# A year a figure is compared with ("较2022年增长12%", "与2022年相比") does not date it either.
_BASELINE = re.compile(
    r"(?:较|比|同比)\s*(?:19|20)\d\d\s*年?"
    r"|(?:与|和|同)\s*(?:19|20)\d\d\s*年?\s*(?:同期|全年)?\s*(?:相比|比较|对比)"
)
# A heading line: short, with no sentence's end ("四、2024年工作打算", "2025年工作计划").
_HEADING_LINE = re.compile(r"[^。；;！!？?]{2,40}")
_DAY = re.compile(r"(?:19|20)\d\d\s*[年/.-]\s*\d{1,2}\s*[月/.-]")
"""A date line or a header's date ("发布日期：2025年1月20日") is no heading."""
_TOP_LEVELS = (0, 1)
"""Heading levels (``index.chunk.headings``) that end the part a heading opened: "第四部分",
"四、" (also after a Markdown marker); those below them ("（一）", "1.") do not."""


@cache
def contrast_sets() -> tuple[frozenset[str], ...]:
    """Qualifiers of one kind that exclude each other (``qa/data/contrasts.txt``)."""
    text = resources.files("qa").joinpath("data", "contrasts.txt").read_text(encoding="utf-8")
    lines = (line.split("#")[0].split() for line in text.splitlines())
    return tuple(frozenset(words) for words in lines if len(words) >= 2)


def sibling_only(question: str, part: str) -> bool:
    """Each clause of ``part`` that states a number names a qualifier the question does not
    ask, of a kind it asks, and not the one asked: "省级…4个,市级…16个" against "国家级…多少个"
    (a sibling in a clause without a number, "无一例…行政复议", says nothing of the figure). A
    clause naming none of a kind goes on about the last one named before it: in "收到行政复议申请
    5件,受理5件", the 5件 受理 are 行政复议 cases too."""
    parts = clauses(part) or [part]
    stating = [i for i, c in enumerate(parts) if _FIGURE.search(c)] or range(len(parts))
    return all(_sibling_clause(question, parts[: i + 1]) for i in stating)


def _sibling_clause(question: str, parts: list[str]) -> bool:
    """Whether the last of ``parts`` (a clause, after those before it) is of a sibling."""
    for named_in in _readers():
        asked = named_in(question)
        if not asked:
            continue
        named = next((found for c in reversed(parts) if (found := named_in(c))), set())
        if named and not named & asked:
            return True
    return False


@cache
def _readers() -> tuple[Callable[[str], set[str]], ...]:
    """One reader per kind of qualifier: the words of a contrast set a text names, and the
    levels it names a title or a count of (省级, 全省…示范, 黑龙江省…示范)."""
    sets = (partial(_named, words) for words in contrast_sets())
    return (*sets, levels_named)


def _named(words: frozenset[str], text: str) -> set[str]:
    return {w for w in words if w in text}


def another_year(years: tuple[int, ...], part: str) -> bool:
    """``part`` dates what it states by years none of which is asked ("截至2022年11月底" for a
    question about 2023); a year a period starts from does not date it."""
    if not years:
        return False
    undated = _BASELINE.sub(" ", _SINCE.sub(" ", part))
    stated = {int(y) for y in _YEAR.findall(undated)}
    return bool(stated) and not stated & set(years)


def another_rate(question: str, part: str) -> bool:
    """``part`` names rates, none of them one the question asks ("应诉率" for "败诉率")."""
    asked, named = set(rates(question)), set(rates(part))
    return bool(asked and named) and not asked & named


def of_another(question: str, years: tuple[int, ...], part: str, rate: bool = False) -> bool:
    """Whether the figures of ``part`` belong to something other than the question asks; with
    ``rate``, its per cent is judged (another rate in a clause stating a count of the question's
    own does not make that count another's)."""
    if rate and another_rate(question, part):
        return True
    return sibling_only(question, part) or another_year(years, part)


def of_years(text: str, year: int | None, years: tuple[int, ...]) -> str:
    """What ``text`` (of a report on ``year``) can state of ``years``: all of it for its own
    year; for another, only its sentences that name one of them ("2023年…") other than as the
    year a figure is compared with ("较2022年有所增加" states no figure of 2022). A later year is
    the report's plans: a heading that names it ("四、2024年工作打算") covers the paragraphs
    under it, and a sentence that names it ("2024年，…重点抓好以下工作：") the rest of its
    paragraph ("…培育法律明白人4000名以上")."""
    if not years or year is None or year in years:
        return text
    wanted = {str(y) for y in years}
    later = any(y > year for y in years)
    kept: list[str] = []
    under_heading = False
    for line in text.splitlines():
        heading = later and _HEADING_LINE.fullmatch(line.strip()) and not _DAY.search(line)
        if heading and (_top_heading(line) or _YEAR.search(line)):
            under_heading = bool(_names_year(line, wanted))
        if under_heading:
            kept.append(line)
            continue
        sentences = [m.group() for m in SENTENCE.finditer(line)]
        named = [i for i, s in enumerate(sentences) if _names_year(s, wanted)]
        if later and named:
            kept.extend(sentences[named[0] :])
        else:
            kept.extend(sentences[i] for i in named)
    return "\n".join(kept)


def _names_year(sentence: str, wanted: set[str]) -> bool:
    """Whether ``sentence`` names one of the ``wanted`` years other than as a baseline."""
    return bool(wanted & set(_YEAR.findall(_BASELINE.sub(" ", sentence))))


def of_years_asked(
    text: str,
    year: int | None,
    years: tuple[int, ...],
    question: str,
    headings: Sequence[str] = (),
) -> str:
    """What ``text``, of a report on ``year``, can state of the years asked: all of it when it
    is a plan asked for a later year (``plans_of_year_asked``), else what ``of_years`` keeps. A
    whole report's headings are lines of its text; a passage's are ``headings``, its path."""
    if plans_of_year_asked(year, headings, question, years):
        return text
    if year is not None and years and min(years) > year and not asks_intent(question):
        return ""  # what was done in a later year is the next report's to say, not this one's
    if year is not None and years and max(years) <= year and not asks_intent(question):
        text = _without_plans(text, headings)  # next year's plans state nothing done
    return of_years(text, year, years)


def _without_plans(text: str, headings: Sequence[str]) -> str:
    """``text`` without its plans part: nothing of a passage under a plans heading; of a whole
    report, the lines from a top heading of plans ("四、2024年工作打算", "三、下一步工作安排") to
    the next top heading."""
    if headings:
        return "" if in_section(headings, "plans") else text
    kept, in_plans = [], False
    for line in text.splitlines():
        if _top_heading(line):
            in_plans = in_section([line.strip()], "plans")
        if not in_plans:
            kept.append(line)
    return "\n".join(kept)


def _top_heading(line: str) -> bool:
    """Whether ``line`` is a heading of a report's top level (四、2024年工作打算)."""
    stripped = line.strip()
    return bool(_HEADING_LINE.fullmatch(stripped)) and heading_level(stripped) in _TOP_LEVELS


# What a question asks of intentions (a target, a plan: "要达到多少", "力争", "目标是多少");
# without them a later year's figure asks what was done, which no plan states.
_WISH = r"希望|期望|指望|盼望|想要"
"""Words of a wish: a target asked in everyday words ("希望把成功率提高到多少")."""
_INTENT = re.compile(
    r"计划|目标|打算|(?<![主需重必纪])要(?!求)|拟|力争|争取|预计|准备|安排|将|预期|规划|设想"
    r"|提出[^，,。？?]{0,8}要求"
    rf"|{_WISH}|想(?:把|让|达到|提高|降到)"
    r"|\b(?:plan|planned|plans|target|targets|aim|aims|intend|intends|expected|will|going to)\b",
    re.IGNORECASE,
)


def asks_intent(question: str) -> bool:
    """Whether ``question`` asks what was meant or planned rather than what was done."""
    return "plans" in asked_sections(question) or bool(_INTENT.search(question))


def intent_word(word: str) -> bool:
    """Whether ``word`` is a word of intent alone (力争, 计划, 目标)."""
    return _INTENT.fullmatch(word) is not None


def wish_word(word: str) -> bool:
    """Whether ``word`` is a word of wishing alone (希望, 期望): what is asked of a target, not a
    subject the reports must name."""
    return re.fullmatch(_WISH, word) is not None


def plans_of_year_asked(
    year: int | None, headings: Sequence[str], question: str, years: tuple[int, ...]
) -> bool:
    """Whether the question asks a plan ("准备在2024年…降到多少") for a year after the report's
    and a passage under ``headings`` is a plan for it: under a heading naming that year ("2025年
    工作计划", read as ``of_years`` reads a heading line), or in the plans part of a report on
    the year before. A report on 2023 plans 2024 ("力争纠错率下降到7%以内") without naming the
    year in each sentence. (What was done in that year is the next report's to say, not this
    one's plans.)"""
    if year is None or not asks_intent(question):  # 下一步打算, 要达到多少, 安排几次, 目标
        return False
    later = {str(y) for y in years if y > year}
    if any(_names_year(heading, later) for heading in headings):
        return True
    return year + 1 in years and in_section(headings, "plans")
