"""Amounts: does a question ask how many or how much, in which unit; does a sentence state one?"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.store.lexical.tokenize import pos_tags, tokenize
from qa.analyse.intent.counters import BOUNDS_AFTER, COUNTERS, UNITS
from qa.analyse.wording.english_units import english_units

# "哪几类" asks which, not how many
_ASKED_UNIT = re.compile(rf"(?:多少|(?<![哪这那])几)\s*({UNITS})")
_COUNTED = re.compile(rf"(?:多少|几)\s*(?:{UNITS}|个|位)?\s*([\u3400-\u9fff]+)")
_COUNTED_IN = re.compile(rf"(?:多少|几)\s*({UNITS})\s*([\u3400-\u9fff]*)")
# a rate, its name quoted or not (“一网通办”率), asked of one year or several
# (率2022年和2023年各是多少)
_QUOTE_MARK = re.compile(r"[”’」』\"]")
_RATE_WORD = re.compile(r"[\u3400-\u9fff]{2}[”’」』\"]?率")
_ASKED_RATE = re.compile(
    r"率\s*(?:(?:20\d\d|19\d\d)年?[和、与及至到]?)*\s*各?\s*(?:是|为|有|要|能|将|力争)?\s*"
    r"(?:达到|达|提高到|提升到|升至|降到|降至|下降到|控制在)?\s*(?:多少|多高|几)"
)
# A share is asked: "出庭应诉率各是多少", "多少比例", "what percentage"; so is a change, which
# reports give as one ("比上一年少了多少" → "较上年下降37.5%", "降到多少" → "下降到7%以内").
_SHARE = re.compile(
    r"[\u3400-\u9fff][”’」』\"]?率|比例|百分|占比|\b(?:rate|percent|percentage|share)s?\b"
    r"|(?:下降|降低|减少|增长|增加|提高|提升|上升|降|少|多|涨)了?\s*(?:多少|几成)"
    r"|(?:降|提高|提升|增长|减少)(?:到|至)\s*(?:多少|几)"
    r"|占了?\s*(?:多少|几成)(?!\s*[人名个件位家])"
)
# "几月", "几号", "几点" ask when, "哪几个" which ones, "这几份" these: not how many.
_ASKS = re.compile(
    r"多少|(?<![哪这那])几(?![月日号点时])|\bhow (?:many|much)\b|(?:面积|占地)[^，,。？?]{0,4}多大"
    r"|多大(?:的)?面积",
    re.IGNORECASE,
)
# An area asked ("茶园面积有多大", "拆了多少平方"): in square metres or mu, besides any count.
_ASKED_AREA = re.compile(r"面积|占地|(?:多少|几)\s*(?:平方|亩|公顷)")
# How many reports or places say something: a count of the reports, not a number in them.
_OF_REPORTS = re.compile(
    r"(?:多少|几)\s*[份个篇家]?\s*(?:报告|乡镇|地方|地区)"
    r"|\bhow many (?:of the )?(?:reports?|towns?|districts?|places?)\b",
    re.IGNORECASE,
)
# A number that names asked ("索引号是多少", "文号是多少", "热线电话是多少"): a value, not an
# amount. (A document's 文号 asked is checked as a document number:
# ``qa.answer.confidence.checks``.)
_IDENTIFIER = re.compile(r"(?:索引号|文号|字号|编号|号码|电话|热线|代码|邮编)\s*(?:是|为)?\s*多少")
# Money asked without a unit ("投入了多少资金", "经费多少", "总投资是多少", "产值是多少") is
# asked in yuan, as an English budget or investment is.
_ASKED_MONEY = re.compile(
    r"(?:投资|产值|营业额|营收|补贴|补助|奖金|资助)(?:总额|金额|标准)?(?:是|为|有|达到?|共|了)?(?:多少|几)"
    r"|(?:资金|经费|金额|费用|预算|拨款|款项|罚款|罚没款|总额|收入|支出|钱|工资|薪酬|欠薪|补偿|赔偿|损失"
    r"|(?<=[\u4e00-\u9fff])费)"
    r"[^，,。？?]{0,6}(?:多少|几)"
    r"|(?:多少|几)\s*(?:钱|资金|经费|金额|费用|预算|工资|(?:经济)?损失|(?![个项次件笔])[\u4e00-\u9fff]{0,5}[费款](?![站项式]))"
    r"|花(?:了|掉|费了)?(?:多少|几)(?![\u4e00-\u9fff]{0,2}(?:时间|天|小时|个月|年|周|分钟|精力|人))"
    r"|罚(?:了|没了?|没)?(?:多少|几)(?!\s*[个次件起宗家户人名回批])"
    r"|\bhow much (?:money|funding|budget)\b|\b(?:cost|spend|spent|funding|budget)\b",
    re.IGNORECASE,
)
# Counters that count the same kind of thing: a question's "多少宗" is answered by "86件",
# "多少份合同" by "合同审查39件". Money, time and people keep their own units.
_SHARES = frozenset(("%", "％", "成"))
_MONEY = frozenset(("元", "万元", "亿元"))
_AREAS = frozenset(("万平方米", "平方公里", "平方米", "平方", "平米", "万亩", "亩", "公顷"))
_KINDS = (
    frozenset("件宗起例份项条篇处批"),
    frozenset(("次", "场", "期", "家次", "人次")),
    frozenset(("人", "名", "万人", "余人", "人次")),
    frozenset("家户所支类种"),
    _SHARES,
    _MONEY,
    _AREAS,
    frozenset(("天", "日", "工作日", "个工作日", "自然日", "个自然日")),
)
# How often, in everyday words: as many times as things were counted ("几次官司" → "案件3件").
_TIMES = frozenset(("次", "场"))
_PHRASE_ENDS = frozenset("pcurdxmq")
# What 个 never counts: time, shares and money.
_NOT_BY_GE = frozenset(("小时", "分钟", "天", "日", "期")) | _SHARES | _MONEY | _AREAS
# Digits with thousands separators ("1,436次") or without, or Chinese numerals.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|[\d一二两三四五六七八九十百千万]+)(?:\.\d+)?\s*[余多]?\s*"
_DIGIT = re.compile(r"\d")
# Clauses end at commas, but not at a thousands separator ("处置各类事件1,462件"); phrases end
# at commas and semicolons only, a list's items (、) kept together.
_THOUSANDS = r"(?<=\d),(?=\d{3}(?!\d))"
_CLAUSE = re.compile(rf"(?:[^，,、；;。！？!?\n]|{_THOUSANDS})+")
_PHRASE = re.compile(rf"(?:[^，,；;。！？!?\n]|{_THOUSANDS})+")
# A number not part of a longer one, nor of a date or time (nor, for a count, a share).
_NOT_A_COUNT = r"(?<![\d.-])\d+(?:\.\d+)?(?![\d.]|\s*[年月日号时:：{}-])"
_COUNT = re.compile(_NOT_A_COUNT.format("%％"))
_COUNT_OR_SHARE = re.compile(_NOT_A_COUNT.format(""))
_YEAR = re.compile(r"(?:19|20)\d\d")
# A number inside quotation marks or a title is part of a name (“三项制度”, 《…(2023-2025年)》),
# not an amount.
_NAMED = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"")


# A change asked ("比2024年多了多少件", "下降了多少"), and a clause that states one ("较上年下降
# 37.5%", "同比增长12件"; "较2024年有所增加" states none).
_CHANGE = r"(?:下降|降低|减少|增长|增加|提高|提升|上升|降|少|多|涨)了?\s*"
_ASKED_CHANGE = re.compile(_CHANGE + r"(?:多少|几)")
# a change stated, or a saving and a cut that are one ("为企业减负1.46亿元", "压缩至3个工作日")
_STATES_CHANGE = re.compile(
    r"较|比|同比|环比|增长|下降|增加|减少|提高|降低|上升|增幅|降幅|百分点"
    r"|减负|减轻|减免|节约|节省|压减|压缩|缩短|缩减|下调|上调|翻番|翻一番"
)
_ARABIC = re.compile(r"\d+(?:[.,]\d+)*")


def asks_change_only(question: str) -> bool:
    """Whether every amount the question asks is a change ("比2024年多了多少件？")."""
    asked = len(_ASKS.findall(question))
    return asked > 0 and len(_ASKED_CHANGE.findall(question)) >= asked


def change_figures(text: str) -> str:
    """``text`` with the figures of clauses that state no change left out: what a question
    asking a change can be answered by ("审查规范性文件56件，较2024年有所增加" gives none)."""
    return _CLAUSE.sub(
        lambda m: m.group() if _STATES_CHANGE.search(m.group()) else _ARABIC.sub("", m.group()),
        text,
    )


def asks_amount(question: str) -> bool:
    """ "多少…", "几…" (not "几月", not "几份报告"), "…率多高", "how many / how much", an
    English rate, share or budget asked ("What was the loss rate?")."""
    rest = _IDENTIFIER.sub(" ", _OF_REPORTS.sub(" ", question))
    return bool(_ASKS.search(rest) or _ASKED_RATE.search(rest) or english_units(rest))


def asked_units(question: str) -> list[str]:
    """The units an amount is asked in: "多少万元" → ["万元"], "几支" → ["支"]; a rate asked
    ("败诉率是多少", "满意率多高") is asked in per cent; money with no unit ("多少资金") in 元,
    an area ("面积有多大") in square metres (and the other units of area); in English, the
    reports' unit of the share, money or people asked (``english_units``)."""
    question = _OF_REPORTS.sub(" ", question)
    units = _ASKED_UNIT.findall(question) or english_units(question)
    if _ASKED_RATE.search(question):
        units.append("%")
    if not units and asks_amount(question) and _ASKED_MONEY.search(question):
        units.append("元")
    if asks_amount(question) and _ASKED_AREA.search(question) and not _AREAS & set(units):
        units.append("平方米")
    return list(dict.fromkeys(units))


# What bounds a figure rather than names what it counts ("4000名以上", "20人左右").
_APPROXIMATE = rf"(?:{'|'.join(BOUNDS_AFTER)})?"


def counts_another(sentence: str, unit: str, question: str) -> bool:
    """Whether every number in a counter of ``unit``'s kind in ``sentence`` stands right before
    a noun phrase sharing no word with what the question counts in ``unit``: "2名坐班律师" is no
    count of 执法队员, while "109条并及时办理" and "安置转隶人员242人" name nothing after theirs."""
    wanted = {w for thing in counted_in(question).get(unit, []) for w in tokenize(thing)}
    if not wanted:
        return False
    counters = "|".join(re.escape(u) for u in same_kind(unit))
    found = re.finditer(
        rf"{_NUMBER}(?:{counters}){_APPROXIMATE}([\u3400-\u9fff]*)", without_names(sentence)
    )
    phrases = [_noun_phrase(m.group(1)) for m in found]
    return bool(phrases) and all(p and not wanted & set(p) for p in phrases)


_FUNDS = re.compile(r"经费|资金|投入|预算|拨款|拨付|补助|补贴|保障金")
_OTHER_MONEY = re.compile(
    r"挽回|追回|讨薪|追讨|损失|罚款|罚没|标的|减负|节约|节省|收费|赔偿|欠薪|工资|报酬|涉案"
)


def money_of_another(sentence: str, unit: str, question: str) -> bool:
    """Whether every sum of money in ``sentence`` is money of another kind than the funds the
    question asks: "法律援助经费投入了多少万元" is not answered by "为农民工讨薪2860万元" nor by
    "挽回经济损失1830万元"."""
    if unit not in _MONEY or not _FUNDS.search(question) or _OTHER_MONEY.search(question):
        return False
    sums = [c for c in clauses(sentence) if states_amount(c, sorted(_MONEY))]
    return bool(sums) and all(_OTHER_MONEY.search(c) and not _FUNDS.search(c) for c in sums)


def counted_in(question: str) -> dict[str, list[str]]:
    """What each "how many" of a question counts, by its counter: "几场法律宣传，几起纠纷" →
    {"场": ["法律宣传"], "起": ["纠纷"]}."""
    things: dict[str, list[str]] = {}
    for unit, thing in _COUNTED_IN.findall(question):
        words = _noun_phrase(thing)
        if any(tag.startswith(("n", "vn")) for _, tag in pos_tags("".join(words))):
            things.setdefault(unit, []).append("".join(words))  # "多少人参加" names no thing
    return things


def _noun_phrase(text: str) -> list[str]:
    """The words of ``text`` up to its first preposition, conjunction, particle or pronoun."""
    words = []
    for word, tag in pos_tags(text):
        if tag[0] in _PHRASE_ENDS:
            break
        words.append(word)
    return words


def counted(question: str) -> list[str]:
    """What a "how many" counts, as written right after it: "安置了多少转隶人员" → ["转隶人员"];
    a counter is none ("投入了多少万元": 万元 is how, not what)."""
    return [m for m in _COUNTED.findall(question) if len(m) >= 2 and m not in COUNTERS]


def rates(question: str) -> list[str]:
    """The rates a question names ("办结率是多少" → ["办结率"])."""
    return list(dict.fromkeys(_QUOTE_MARK.sub("", r) for r in _RATE_WORD.findall(question)))


def same_kind(unit: str) -> list[str]:
    """``unit`` and the counters that count the same kind of thing (宗 → 件, 起, 份, …; 次 and
    场 also → 件: how often, as many as were counted), and 个, which counts anything ("34个项目
    管家" for 多少名), but money, time and shares."""
    kinds = [kind for kind in _KINDS if unit in kind]
    if unit in _TIMES:  # "告上法院几次", "输了几场": the cases counted (3件)
        kinds.append(_KINDS[0])
    general = [] if unit in _NOT_BY_GE else ["个"]
    return [unit, *sorted(set().union(*kinds) - {unit}), *general]


def states_amount(
    sentence: str, units: Sequence[str], names: bool = False, visits: bool = True
) -> bool:
    """A number in one of ``units`` ("5件", "三十余人"), not in a name (“三项制度”) unless
    ``names`` (a question about a quoted name: "“X所一庭”是几所"), in 人 not in 人次 unless
    ``visits`` count; with no units, any digit."""
    sentence = sentence if names else without_names(sentence)
    if not units:
        return bool(_DIGIT.search(sentence))
    return any(re.search(_amount_in(unit, visits), sentence) for unit in units)


def _amount_in(unit: str, visits: bool = True) -> str:
    """A number in ``unit``; in 日 only a number of days (45日以内), not a date's (1月1日); in
    人 not one in 人次 unless ``visits`` count (230余人次 is no count of the members a room has)."""
    days = r"(?<![月\d.,])" if unit == "日" else ""
    once = "(?!次)" if unit.endswith("人") and not visits else ""
    return days + _NUMBER + re.escape(unit) + once


def inside_names(text: str) -> set[int]:
    """The positions inside the names ``text`` quotes (“和事佬”调解室: those of 和事佬)."""
    return {i for m in _NAMED.finditer(text) for i in range(m.start() + 1, m.end())}


def without_names(text: str) -> str:
    """``text`` with what stands in quotation marks or title marks left out."""
    return _NAMED.sub("“”", text)


def clauses(sentence: str) -> list[str]:
    """The parts of a sentence between commas, enumeration commas and semicolons."""
    return _CLAUSE.findall(sentence)


def phrases(sentence: str) -> list[str]:
    """The parts of a sentence between commas and semicolons, each with its list whole
    (查处销售不达标电动自行车、非法改装等违法案件64件)."""
    return _PHRASE.findall(sentence)


def states_count(clause: str, names: bool = False, shares: bool = False) -> bool:
    """A number that counts something ("3次", "375处", "19个部门"), not a year, a date, a share
    ("100%") unless ``shares`` are asked, nor, unless ``names``, part of a name."""
    text = clause if names else without_names(clause)
    found = _COUNT_OR_SHARE.finditer(text) if shares else _COUNT.finditer(text)
    return any(not _YEAR.fullmatch(m.group()) for m in found)


def asks_share(question: str) -> bool:
    """Whether the question asks a rate or a share, whatever its wording."""
    return bool(_SHARE.search(question))


def quotes_a_name(question: str) -> bool:
    """Whether the question itself quotes a name (then a number in a name may answer it)."""
    return bool(_NAMED.search(question))
