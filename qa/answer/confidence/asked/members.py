"""The members of a counted group asked: "败诉的5件案子分别是哪些部门的", "抽检不合格的23批次
主要是哪类食品", "新制定的6件政府规章分别叫什么". The question gives the count; a report stating
the same count answers only where it also names what was counted (分别是《…》《…》, a list, a
colon), not where it gives the number alone ("败诉5件"). A sum of money asked of the group
("调解成功的224件涉及金额多少") stands beside the count ("调解成功224件，涉及金额…"), and a case
pointed at ("被撤销的那件案件是什么内容") is a group of one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.analyse.intent.counters import THING_COUNTERS
from qa.analyse.intent.figures import figure_pattern, stated_figures, states_figure, without_figures
from qa.answer.sentences import SENTENCE
from qa.answer.statements.amounts import asked_units, asks_amount, clauses
from qa.answer.statements.values import asked_values, states_value

_ASKS_WHICH = re.compile(
    r"哪些|哪类|哪一类|哪几|哪种|什么|分别|主要是|是谁|哪个|哪家|哪[两二三四五六七八九十]个"
)
# which place or report states the count (哪些地方…正好是5名): the count picks it out
_ASKS_PLACE = re.compile(
    r"哪(?:些|个|一个|几个|[两三四五]个)?(?:地方|地区|乡镇|镇|乡|街道|区|县|市|报告)|哪几?份"
)
# names: a title, a quotation, a list of things (not of counts: 修改9件、废止4件) in the count's
# clause, before it too; a colon or a breakdown (其中, 包括) after the count anywhere in the
# sentence ("其中维持33件、撤销5件" breaks down another whole; a list of what they concern,
# "涉及老旧小区改造、立面整治", names them; "依托村情民意、群众威信" in the next clause lists
# something else)
_LIST = re.compile(r"《|“|「|(?<!\d)(?<!\d[件名项家个次批起宗户人位所处条场])、")
_MARKED = re.compile(r"[：:]|分别[为是]|包括|其中|即|涉及[^，,；;。]{1,40}、")
_QUOTING = re.compile(r"《|“|「")
"""A title or a quotation names members in the count's clause or the next ("18名律师…，为群众开辟
法律援助“绿色通道”" further on names something else)."""
_CLAUSE_END = re.compile(r"[，,；;]")
_QUOTED_NAME = re.compile(r"“[^”]{2,30}”|「[^」]{2,30}」|《[^》]{2,40}》")


def asked_members(question: str) -> tuple[str, ...]:
    """The counts the question gives of a group whose members it asks (哪些, 分别, 什么), no
    amount nor place asked: ("5件",) of "败诉的5件案子分别是哪些部门的"."""
    if not _ASKS_WHICH.search(question) or asks_amount(question) or _ASKS_PLACE.search(question):
        return ()
    return _counts_given(question)


def asks_money(question: str) -> bool:
    """Whether the question asks a sum of money ("涉及金额多少", "一共罚款多少"): of a group it
    counts, that is the group's (a count asked, "28个村居有多少名…", has the group as its scope)."""
    return asks_amount(question) and any(u.endswith("元") for u in asked_units(question))


def _counts_given(question: str) -> tuple[str, ...]:
    """The counts of things the question gives: its figures, and one for a thing it points at
    ("被撤销的那件案件": 1件)."""
    figures = [f for f in stated_figures(question) if re.sub(r"^[\d.]+", "", f) in THING_COUNTERS]
    pointed = [f"1{m.group(1)}" for m in _POINTED.finditer(question)]
    return tuple(dict.fromkeys([*figures, *pointed]))


_POINTED = re.compile(r"的那一?([件起宗])(?![\u4e00-\u9fff]{0,2}(?:多少|几))")
"""A case pointed at ("被撤销的那件案件"), not "那个" as a word of speech (解放碑那个商圈)."""


def members_unnamed(
    question: str,
    texts: Sequence[str],
    about: Callable[[str], float] | None = None,
    states: Callable[[str], bool] | None = None,
) -> bool:
    """Whether the question asks the members of a group it counts and no sentence of
    ``texts`` about it (``about``: the share of the question it covers, at least half the best
    one's) that states the count names them: no title, quotation, list or colon in the clause
    stating it or after it ("败诉5件，分别为…" names them; "败诉5件，败诉率4.2%" does not).
    With ``states`` (whether a span states the amount asked), also whether it asks a sum of
    money of the group ("调解成功的224件涉及金额多少") that no clause stating the count, nor
    the next, states ("调解成功224件。" alone)."""
    amount = states is not None and asks_money(question) and not _ASKS_PLACE.search(question)
    counts = _counts_given(question) if amount else asked_members(question)
    if not counts:
        return False
    stating = [
        m.group() for t in texts for m in SENTENCE.finditer(t) if states_figure(m.group(), counts)
    ]
    if about is not None and stating:
        shares = [about(s) for s in stating]
        stating = [s for s, share in zip(stating, shares, strict=True) if share >= max(shares) / 2]
    if amount and states is not None:
        return bool(stating) and not any(_gives_amount(s, counts, states) for s in stating)
    named = [k for k in asked_values(question) if k in _NAMING_KINDS]  # 哪家律所: a firm's name
    places_only = not _asks_places(question)
    quoted = tuple(_QUOTED_NAME.findall(question))
    return bool(stating) and not any(
        _names_them(s, counts, places_only, quoted) or any(states_value(k, s) for k in named)
        for s in stating
    )


def _gives_amount(sentence: str, counts: tuple[str, ...], states: Callable[[str], bool]) -> bool:
    """Whether the clause of ``sentence`` stating one of ``counts``, or the next, states the
    amount asked (the count itself left out)."""
    pieces = clauses(sentence)
    for at, piece in enumerate(pieces):
        if states_figure(piece, counts):
            return states(without_figures("，".join(pieces[at : at + 2]), counts))
    return False


_NAMING_KINDS = ("person", "firm", "title")
"""Kinds of value asked that name the members: the sentence stating the count names them when
it gives one (由某律师事务所3名律师担任9个村的法律顾问, asked 9个村的法律顾问由哪家律所担任)."""


def _names_them(
    sentence: str, counts: tuple[str, ...], places_only: bool = False, quoted: tuple[str, ...] = ()
) -> bool:
    """Whether the clause of ``sentence`` stating one of ``counts``, or what follows it, names
    what was counted; with ``places_only`` (what is asked is no place), a list of places in
    the clause names where the group went, not its members ("18名律师深入石城镇、冯家峪镇…",
    asked 分别来自哪些律师事务所); a name the question quotes itself is the group's, not a member's
    (“灾后重建法律服务团”)."""
    for name in quoted:
        sentence = sentence.replace(name, "□" * len(name))
    for count in counts:
        found = figure_pattern(count).search(sentence)
        if found:
            start = max(sentence.rfind(c, 0, found.start()) for c in "，,；;") + 1
            stop = _clause_end(sentence, found.end())
            own = sentence[start:stop]
            listed = _LIST.search(own) and not (places_only and _lists_places(own))
            nearby = sentence[found.start() : _clause_end(sentence, stop + 1)]
            marked = _MARKED.search(sentence[found.start() :]) or _QUOTING.search(nearby)
            return bool(listed) or marked is not None
    return False


_PLACE_END = "(?:镇|乡|街道|村|社区|区|县|市|州|省)"
_ENDS_IN_PLACE = re.compile(_PLACE_END + "$")
_PLACE_COUNTED = re.compile(
    r"\d+\s*[个名家所支]?[\u4e00-\u9fff]{0,4}?"
    + _PLACE_END
    + "(?![\u4e00-\u9fff]*?(?:员|长|人|所|会|室))"
)


def _clause_end(sentence: str, at: int) -> int:
    """Where the clause of ``sentence`` going on at ``at`` ends."""
    end = _CLAUSE_END.search(sentence, at)
    return end.start() if end else len(sentence)


def _lists_places(clause: str) -> bool:
    """Whether every item of the clause's list (before each 、) is a place (石城镇、冯家峪镇)."""
    marks = [m.start() for m in re.finditer("、", clause)]
    return bool(marks) and all(_ENDS_IN_PLACE.search(clause[:at]) for at in marks)


def _asks_places(question: str) -> bool:
    """Whether the group counted or the kind asked is of places (3个示范村, 哪些社区)."""
    return _ASKS_PLACE.search(question) is not None or _PLACE_COUNTED.search(question) is not None
