"""Whether the evidence states the amount a question asks: text checks behind the
answerability features.

An amount in a unit ("多少万元", "几支") that no evidence states with a number about the subject,
or only for another level, kind or year (``qa.answer.statements.qualifiers``); graded: how much of
the question the best sentence stating it covers, and where among the best passages the first one
stating it stands. Read from the passages found only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from index.store.lexical.tokenize import pos_tags, tokenize
from qa.analyse.intent.counters import HAS_HOW_MANY, MEASURES
from qa.analyse.query import QueryInfo
from qa.analyse.wording.glossary import shipped_glossary
from qa.answer.sentences import SENTENCE
from qa.answer.statements.acts import acts_of, counts_other_acts
from qa.answer.statements.amounts import (
    asked_units,
    asks_amount,
    asks_share,
    clauses,
    counted,
    counts_another,
    money_of_another,
    phrases,
    quotes_a_name,
    rates,
    same_kind,
    states_amount,
    states_count,
)
from qa.answer.statements.qualifiers import intent_word, of_another

_QUOTE_MARK = re.compile(r"[“”‘’「」『』\"']")

# What an English question counts: the words right after "how many" ("how many public-sector
# lawyers does …").
_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'-]+\s+){0,3}[\w'-]+)", re.IGNORECASE)
# The rate an English question names: up to three words before "rate" ("the … loss rate").
_RATE_NAMED = re.compile(r"(?:[\w'-]+\s+){0,3}rate\b", re.IGNORECASE)


def counted_in_english(question: str) -> list[str]:
    """The reports' terms for what an English "how many" counts (its first glossary phrase:
    "how many staff" → 人员), which a clause naming one with a number answers
    ("仅有工作人员2名"), and for the rate it names ("loss rate" → 败诉率: "败诉率5.6%")."""
    glossary = shipped_glossary()
    found = (glossary.phrases(m.group(1)) for m in _HOW_MANY.finditer(question))
    counts = [term for phrases in found if phrases for term in phrases[0]]
    named = (glossary.phrases(m.group()) for m in _RATE_NAMED.finditer(question))
    rated = [t for phrases in named for terms in phrases for t in terms if len(t) > 1]
    return counts + [t for t in rated if t.endswith("率")]


def unstated_amounts(
    info: QueryInfo,
    evidence: Sequence[str],
    about: Callable[[str], float] | None = None,
    min_about: float = 0.0,
) -> list[str]:
    """Units the question asks an amount of that no evidence sentence states with a number.

    With ``about`` (how much of the question a sentence covers), the number must stand in a
    sentence about the question's subject: "57件" of mediated disputes does not answer how many
    administrative review cases there were. An amount asked in no unit ("how many …", returned
    as ``""``) needs a count in a clause about the subject, not a year or a count of something
    else further along the sentence.
    """
    if not asks_amount(info.text):
        return []
    sentences = [m.group() for text in evidence for m in SENTENCE.finditer(text)]
    things = [tokenize(phrase) for phrase in counted(info.text)] + [[r] for r in rates(info.text)]
    things += [[term] for term in counted_in_english(info.text)]

    def on_subject(part: str, unit: str = "", dated: str = "") -> bool:
        # Of what is asked, and about the question, naming what it counts ("安置转隶人员242人")
        # or the rate asked ("办结率达100%"); of another year or kind by ``dated``, what of
        # ``part`` leads up to the amount, when given.
        if of_another(info.text, info.years, dated or part, rate=unit == "%"):
            return False
        if about is None or about(part) >= min_about:
            return True
        bare = _QUOTE_MARK.sub("", part)  # “一网通办”率 names the rate 一网通办率
        return any(words and all(w in bare for w in words) for words in things)

    asked = asked_units(info.text)
    names = quotes_a_name(info.text)
    if not asked:
        shares = asks_share(info.text)
        parts = [c for s in sentences for c in _count_clauses(s, about, names, shares)]
        return [] if any(on_subject(c) for c in parts) else [""]
    missing = []
    acts_asked = acts_of(info.text)
    for unit in asked:
        found = [
            s
            for s in sentences
            if not counts_another(s, unit, info.text) and not money_of_another(s, unit, info.text)
        ]
        kinds = counters_of(unit, info.text)
        if act := acts_asked.get(unit):  # "维持了多少件" of a sentence counting 受理, 审结
            # counts side by side in the unit's kind, not 个 (企业2318家 beside 风险3642个)
            side = tuple(k for k in kinds if k != "个" or unit == "个")
            counter = partial(states_amount, units=side, names=names)
            found = [s for s in found if not counts_other_acts(s, act, counter)]
        if not any(_states(unit, kinds, s, names, on_subject) for s in found):
            missing.append(unit)
    return missing


def _count_clauses(
    sentence: str, about: Callable[[str], float] | None, names: bool, shares: bool
) -> list[str]:
    """The sentence's clauses that state a count, one that names nothing of the question nor a
    thing of its own (only a measure: 总数, 数量) read with the clauses before it, whose subject
    it goes on about (培育社区“法律明白人”，年底前总数达到80名; not 召开相关会议3次: meetings are
    counted). Parts of speech are read only for the clauses stating a count and those they lean
    on, not for every clause of the reports."""
    parts = clauses(sentence)
    out = []
    for end, clause in enumerate(parts):
        if states_count(clause, names, shares):
            start = end
            while start > 0 and _goes_on(parts[start], about):
                start -= 1
            out.append("，".join(parts[start : end + 1]))
    return out


def _goes_on(clause: str, about: Callable[[str], float] | None) -> bool:
    """Whether ``clause`` names nothing of the question nor a thing of its own."""
    return about is not None and about(clause) <= 0 and not _names_a_thing(clause)


def _names_a_thing(clause: str) -> bool:
    """Whether the clause has a noun of its own other than a measure (会议 of 召开会议3次)."""
    return any(
        tag.startswith(("n", "vn"))
        and len(word) > 1
        and word not in MEASURES
        and not intent_word(word)  # 力争 is tagged a noun
        for word, tag in pos_tags(clause)
    )


# People counted by what they did ("多少人申请行政复议", "多少人向市政府申请公开", "几人来访") or
# what was done for them
# ("免费帮了多少人"): the reports count the acts ("收到行政复议申请1027件", "法律援助案件512件").
_PEOPLE_BY_ACTS = re.compile(
    r"(?:多少|几)\s*(?:个|位|名)?\s*人\s*(?:次\s*)?(?:向[^，,。？?]{1,12})?"
    r"(?:申请|来访|咨询|求助|投诉|举报|信访|上访|起诉|报名)"
    r"|(?:帮助?|援助|救助|服务)了?\s*(?:多少|几)\s*(?:个|位|名)?\s*人"
)
_ACT_COUNTERS = ("件", "次", "人次", "批次", "宗", "起")


def people_by_acts(question: str) -> bool:
    """Whether the question counts people by an act they did (how many applied, called)."""
    return bool(_PEOPLE_BY_ACTS.search(question))


def counters_of(unit: str, question: str) -> list[str]:
    """The counters an amount asked in ``unit`` may be stated in: those of its kind (人次 not
    for the members something has: 接待群众230余人次 is no count of 有几名调解员), and the acts'
    when people are counted by acts (``people_by_acts``)."""
    kinds = same_kind(unit)
    if _HAS_MEMBERS.search(question):
        kinds = [k for k in kinds if not k.endswith("人次")]
    return [*kinds, *(_ACT_COUNTERS if unit == "人" and people_by_acts(question) else ())]


_HAS_MEMBERS = re.compile(rf"{HAS_HOW_MANY}\s*[名位]")
"""How many people something has (有几名调解员, 现有多少位律师): a stock, not a count of visits."""


def _states(
    unit: str, kinds: Sequence[str], sentence: str, names: bool, on_subject: Callable[..., bool]
) -> bool:
    """Whether ``sentence`` states an amount in ``unit`` about the question. A rate stands
    beside what it is the rate of ("出庭应诉率100%"), and a number in another counter of the same
    ``kinds`` counts what its own clause names ("反馈意见3条" is no count of 案件): those are
    judged by their clause, a number in the counter asked by its sentence."""
    if unit != "%" and states_amount(sentence, (unit,), names):
        return bool(on_subject(sentence, unit, _up_to_amount(sentence, unit, names)))
    # an item of a list ("非法改装等违法案件64件") is read with what leads the list too
    for phrase in phrases(sentence):
        items = [c for c in clauses(phrase) if states_amount(c, kinds, names)]
        if any(on_subject(c, unit) for c in items) or (items and on_subject(phrase, unit)):
            return True
    return False


def _up_to_amount(sentence: str, unit: str, names: bool) -> str:
    """``sentence`` up to the end of the last clause stating an amount in ``unit``: a year
    named further on dates something else ("全年作出重大决策8项，…并对2022年作出的决策开展评估")."""
    parts = clauses(sentence)
    stating = [i for i, c in enumerate(parts) if states_amount(c, (unit,), names)]
    return "，".join(parts[: stating[-1] + 1]) if stating else sentence


def stated_amounts(info: QueryInfo, sentence: str, general: bool = True) -> tuple[bool, bool]:
    """Whether ``sentence`` states the amount asked (in the unit asked or a counter of its
    kind, 个 too unless not ``general``; any count when no unit is asked), and whether it states
    any count at all, in a clause not of another year, level or kind
    (``qa.answer.statements.qualifiers``)."""
    parts = [c for c in clauses(sentence) if not of_another(info.text, info.years, c)]
    if not parts:
        return False, False
    names = quotes_a_name(info.text)
    asked = asked_units(info.text)
    if asked:
        kinds = [
            k for u in asked for k in counters_of(u, info.text) if general or k != "个" or u == "个"
        ]
        visits = "人次" in kinds  # not for the members something has (有几名调解员)
        stated = any(states_amount(c, kinds, names, visits) for c in parts)
    else:
        stated = any(states_count(c, names, asks_share(info.text)) for c in parts)
    return stated, stated or any(states_count(c, names, True) for c in parts)


def amount_support(
    info: QueryInfo, evidence: Sequence[str], about: Callable[[str], float]
) -> tuple[float, float]:
    """How much of the question the best sentence stating an amount covers: one stating the
    amount asked, and one stating any count at all (告上法院几次 of a report counting 件). Both 1.0
    when no amount is asked.

    Graded where ``unstated_amounts`` is a yes/no at one coverage: a near miss asks the amount of
    something close to what the report counts (以镇政府为被告的行政诉讼 beside 行政诉讼3件), and the
    sentence giving that figure covers less of it than the one an answerable question's has.
    """
    if not asks_amount(info.text):
        return 1.0, 1.0
    in_unit = any_count = 0.0
    for sentence in (m.group() for text in evidence for m in SENTENCE.finditer(text)):
        share = about(sentence)
        if share > any_count or share > in_unit:
            stated, counts = stated_amounts(info, sentence)
            in_unit = max(in_unit, share) if stated else in_unit
            any_count = max(any_count, share) if counts else any_count
    return in_unit, any_count


def amount_rank(info: QueryInfo, passages: Sequence[str]) -> float:
    """Where among the best passages (in order, by meaning and words) the first one stating
    the amount asked stands: 0 for the first, 1 when none does; 0 when no amount is asked.
    Relative to the question's own candidates, so colloquial wording that covers few of a
    passage's words does not count against it (被告上法院几次 and 行政诉讼案件3件)."""
    if not asks_amount(info.text) or not passages:
        return 0.0
    for rank, text in enumerate(passages):
        if any(stated_amounts(info, m.group())[0] for m in SENTENCE.finditer(text)):
            return rank / len(passages)
    return 1.0
