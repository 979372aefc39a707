"""A part of a counted whole asked: "调解的纠纷里物业纠纷有多少件", "法律明白人中女性占多少比例",
"行政复议案件中涉及土地征收的有多少件", "土地征收类案件占比".

A report that counts the whole (调解纠纷386件) does not answer for the part unless it names the
part with a figure (其中物业纠纷52件). The part's own words — those of the words after the marker
(中, 里, 其中, 涉及, 类) that the whole before it does not use — are looked for in the sentences
of the reports that state a number; how much of them the best such sentence holds is a feature of
the confidence model (``subset_unstated``: 1 when none holds any of them).

The question is cut into the dictionary's words, so that 中 inside a word (集中, 中心, 榆中县)
is no marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from index.store.lexical.tokenize import dictionary_cut
from qa.analyse.intent.counters import HAS_HOW_MANY, THING_COUNTERS
from qa.answer.statements.amounts import clauses

_MARKERS = frozenset(["中", "里", "里面", "当中", "之中", "中间", "其中"])
"""Words that open the part of a whole named before them."""
_INVOLVING = frozenset(["涉及", "属于"])
"""Words that open a part closed by 的 or 类 (涉及土地征收的)."""
_ASKS = frozenset(["比例", "占比", "比重", "几成"])
"""Words asking a share; a count is asked by 多少 or 几 with or without its counter (``_ASK``)."""
_NOT_WHOLES = frozenset(
    ["报告", "文件", "文中", "年", "今年", "去年", "全年", "工作", "过程"]
    + ["条", "款", "章", "节", "段", "部分"]
)
"""Words before 中 that make it a place in a text or a time (报告中, 第3条里, 年中), not a
whole."""
_FILLER_WORDS = (
    "的 有 占 是 为 具体 分别 各 共 一共 总共 大概 大约 约 到底 究竟 都 又 还 "
    '人数 数量 总数 个数 件数 比例 占比 所占 和 与 及 以及 、 “ ” " 类 方面 '
    "涉及 属于 其中 全省 全市 全区 全县 全镇 全乡 全街道 本级 通过 由 被 结案"
)
_FILLERS = frozenset(_FILLER_WORDS.split())
"""Words between the marker and the ask that name no part: grammar, measures, the scope."""
_DIVISION_ENDS = frozenset(["乡", "镇", "村", "街道", "社区", "县", "区", "市", "旗"])
"""What follows 中 in a place's name cut into pieces (一肯中乡: 一 肯 中 乡)."""
_ASK = re.compile(f"(?:多少|几)(?:{'|'.join(THING_COUNTERS)})?")
_CHANGE = re.compile(r"^(?:提[高升到]|增[加长]|减少|下降|降[低到]|上升|达到|调[整到]|变化)")
_CLAUSE_END = re.compile(r"[，,。？！?!；;：:\s]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+")
_DIGIT = re.compile(r"\d")
_BODY = r"[\u4e00-\u9fff]{2,14}?(?:律师事务所|事务所|公司|中心|站|所|局)"
_LISTED = re.compile(
    r"[^，,。；;、\d\s]{1,15}(?:、[^，,。；;、\d\s]{1,15})*等"
    rf"|{_BODY}(?:、{_BODY})+(?=\d)"
)
"""Kinds listed before 等 without a number of their own (调解婚姻家庭、邻里等纠纷68件), bodies
listed before their count (江西红都律师事务所、江西瑞兴律师事务所3家): the number counts them
all, none of them alone."""


def asked_part(question: str) -> list[str]:
    """The words naming the part of a whole the question asks a figure of (物业 of
    "调解的纠纷里物业纠纷有多少件"; 红都 of "江西红都律师事务所有多少名律师": one firm of the
    firms counted); empty when it asks of no part."""
    return _part_and_whole(question)[0] or _named_firm(question)


# a firm's own name: no asking or counting word, and after its place's suffix (北京市中伦律所)
_NAMED_FIRM = re.compile(
    r"([^\W\d\sa-zA-Z有几多少的和与及、家个些各全省市区县镇乡]{2,8})"
    r"(?:律师事务所|律所|公证处|会计师事务所|公司)"
)


# a quoted name of a room, a team or a base ("“漳江和音”调解室")
_NAMED_BODY = re.compile(
    r"[“「\"]([^”」\"]{2,12})[”」\"]\s*(?:调解室|工作室|服务站|服务队|志愿队|调解队|团队?|中心|驿站|基地)"
)


def _named_firm(question: str) -> list[str]:
    """The name of a firm, or of a room or a team by its quoted name, asked how many it has
    (江西红都 of 江西红都律师事务所有多少名律师, 漳江和音 of “漳江和音”调解室有几名调解员):
    reports count firms and their lawyers, rooms and their mediators by place, and a figure of
    one of them names it."""
    found = _NAMED_FIRM.search(question) or _NAMED_BODY.search(question)
    if found is None or not _HAS_HOW_MANY.match(question[found.end() :]):
        return []
    return [found.group(1)]


_HAS_HOW_MANY = re.compile(rf"\s*{HAS_HOW_MANY}")
"""How many the firm or the room has (有多少名执业律师, 一共有几名调解员): what it counts, not
what was done after it came ("引进番禺公证处后办了多少宗")."""


def asked_whole(question: str) -> list[str]:
    """The words naming the whole a part is asked of (行政复议 案件 of "2023年的行政复议案件里
    有多少件是涉企案件"), after the year and the place; empty when no part is asked."""
    return _part_and_whole(question)[1]


def _part_and_whole(question: str) -> tuple[list[str], list[str]]:
    words = dictionary_cut(question)
    for at, word in enumerate(words):
        before = _clause_back(words, at)
        part = _part_after(words, at) if word in _MARKERS | _INVOLVING else None
        if part is None and word == "类" and _asks_after(words, at + 1):
            before, part = before[:-2], before[-2:]
        if not part or any(_CHANGE.search("".join(part[i:])) for i in range(len(part))):
            continue  # no part, or a change of the whole (分量提到了多少), not a part of it
        # the whole's own words are no part, also inside a longer word (纠纷 of 矛盾纠纷)
        named = [w for w in part if not any(w in b for b in before) and _names(w)]
        if named:
            return list(dict.fromkeys(named)), _whole(before)
    return [], []


def _not_a_whole(word: str) -> bool:
    """报告中, 年中, 第3条里: where something is said, or when, not a whole."""
    return word in _NOT_WHOLES or word.endswith("报告") or _SPAN_OF_TIME.fullmatch(word) is not None


_SPAN_OF_TIME = re.compile(r"[\d一二两三这那当每近去今前全上下半]+年")
"""A year or a span of years (一年里, 这一年中, 上半年里): when, not a whole."""


def _whole(before: Sequence[str]) -> list[str]:
    """The words naming the whole: those after the clause's last 的 or 年 (the place and the
    year come before it) that can name a thing."""
    cut = max((i for i, w in enumerate(before) if w in ("的", "年")), default=-1)
    return [
        w
        for w in before[cut + 1 :]
        if _names(w) and w not in _NOT_WHOLES and not _PLACE_OR_BODY.search(w)
    ]


_PLACE_OR_BODY = re.compile(r"(?:省|市|区|县|镇|乡|街道|村|社区|局|政府|委员会|办公室)$|报告")
"""Words naming a place, a body or a report (芜湖市交通运输局, 2024年度报告): whose whole it is, or
where it is told, not what the whole counts."""


def part_stated(
    part: Sequence[str],
    texts: Iterable[str],
    whole: Sequence[str] = (),
    states: Callable[[str], bool] | None = None,
) -> float:
    """The largest share of ``part``'s words that one clause stating the amount asked holds
    with the clause after it (``states``; else any number: 其中物业纠纷52件, not 罚款金额6.8万元
    clauses after the part's 违法建设案件12件), not as one of kinds listed before 等
    (``_LISTED``), in a paragraph naming more than half of the words of ``whole`` that the texts
    use (涉企执法投诉213件 names 涉企 but is no part of 行政复议案件; the asker's own words, 案子
    for 案件, are no test)."""
    if not part:
        return 1.0
    paragraphs = [line for text in texts for line in text.splitlines()]
    whole = [w for w in whole if any(_holds(p, w) for p in paragraphs)]  # not the asker's words
    best = 0.0
    for at, paragraph in enumerate(paragraphs):
        told = _with_lead(paragraphs, at)
        if whole and sum(_holds(told, w) for w in whole) * 2 <= len(whole):
            continue
        for sentence in _SENTENCE.findall(paragraph):
            if _DIGIT.search(sentence):
                best = max(best, _held_with_amount(part, _LISTED.sub("", sentence), states))
                if best >= 1.0:
                    return best
    return best


_CONTINUING = re.compile(r"^\s*(?:\d+[.．、]|[（(]\d+[）)])?\s*其中")
"""A paragraph going on from the one before (34.其中物业纠纷143起): the whole is counted there."""


def _with_lead(paragraphs: Sequence[str], at: int) -> str:
    """The paragraph at ``at``, after the one before when it goes on from it."""
    if _CONTINUING.match(paragraphs[at]):
        earlier = (paragraphs[i] for i in range(at - 1, -1, -1))
        before = next((p for p in earlier if p.strip()), "")
        return f"{before}\n{paragraphs[at]}"
    return paragraphs[at]


def _held_with_amount(
    part: Sequence[str], sentence: str, states: Callable[[str], bool] | None
) -> float:
    """The share of ``part``'s words held where a clause and the next state the amount (any
    number without ``states``): each word by some such span, so that parts asked together
    (食品安全、特种设备各有多少件) are each found by their own figure."""
    pieces = clauses(sentence) or [sentence]
    spans = ["，".join(pieces[i : i + 2]) for i in range(len(pieces))]
    stating = [span for span in spans if _states(span, states)]
    return sum(any(_holds(span, w) for span in stating) for w in part) / len(part)


def _states(span: str, states: Callable[[str], bool] | None) -> bool:
    return states(span) if states else _DIGIT.search(span) is not None


def _holds(sentence: str, word: str) -> bool:
    """Whether ``sentence`` names ``word``, a word of four characters also by its two halves
    apart (刑事案件 in "刑事法律援助案件497件")."""
    if word in sentence:
        return True
    return len(word) == 4 and word[:2] in sentence and word[2:] in sentence


def _part_after(words: Sequence[str], at: int) -> list[str] | None:
    """The words from after the marker at ``at`` to the ask (多少, 几, 比例) or, after 涉及, to
    的 or 类; None when the marker opens no part asked of."""
    before = _clause_back(words, at)
    if words[at] in _MARKERS and (not before or _not_a_whole(before[-1])):
        return None
    if words[at] == "中" and at + 1 < len(words) and words[at + 1] in _DIVISION_ENDS:
        return None  # a place's name (一肯中乡), no part
    involving = words[at] in _INVOLVING
    start = at + 1
    if start < len(words) and _CLAUSE_END.fullmatch(words[start]):
        start += 1  # the whole, a comma, the part: "调解的纠纷中，物业纠纷有多少件"
    part: list[str] = []
    for i, word in enumerate(words[start : start + 11], start=start):
        if _CLAUSE_END.fullmatch(word) and not involving:
            return None
        if word in ("的", "类") if involving else _asks(word):
            if not _asks_after(words, start):
                return None
            return part if any(map(_names, part)) else _part_after_ask(words, i + 1)
        part.append(word)
    return None


def _part_after_ask(words: Sequence[str], start: int) -> list[str]:
    """The part named after the ask ("中有多少件是企业提出的": 企业 提出), after its counter and
    a 是 or 为."""
    rest = list(words[start:])
    while rest and rest[0] in THING_COUNTERS:
        rest.pop(0)
    if not rest or rest[0] not in ("是", "为", "属于", "具有", "持有", "取得"):
        return []
    part = []
    for word in rest[1:]:
        if _CLAUSE_END.fullmatch(word):
            break
        part.append(word)
    return part


def _asks_after(words: Sequence[str], start: int) -> bool:
    """Whether the clause from ``start`` asks a figure."""
    for word in words[start:]:
        if _CLAUSE_END.fullmatch(word):
            return False
        if _asks(word):
            return True
    return False


def _asks(word: str) -> bool:
    """Whether ``word`` asks a figure: 多少, 几 (with a counter: 几件, 多少人) or a share."""
    return word in _ASKS or _ASK.fullmatch(word) is not None


def _clause_back(words: Sequence[str], at: int) -> list[str]:
    """The words of the clause before ``at``."""
    out: list[str] = []
    for word in reversed(words[:at]):
        if _CLAUSE_END.fullmatch(word):
            break
        out.append(word)
    return out[::-1]


def _names(word: str) -> bool:
    """A word that can name a part: not a filler, a number, a year or a single character (被,
    了: grammar, not a name)."""
    return word not in _FILLERS and not _DIGIT.search(word) and len(word.strip()) >= 2
