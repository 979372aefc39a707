"""Questions that ask a day, a rank, a cause, a person's or a firm's name, and sentences that
state one.

"推进会是哪天开的？" is answered by a sentence with a day ("3月15日"), "考核中排名第几？" by
one with a place in a ranking ("排名第2", "位列全区前三"); a sentence about the same thing
without them does not answer, "律师叫什么名字？" is not answered by the name of a law firm, nor
"哪家律师事务所？" by "外聘法律顾问".
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jieba

from index.store.tokenize import domain_terms, pos_tags

_NUMERAL = r"[\d一二两三四五六七八九十]+"
_FIRM = r"(?:律师事务所|律所|事务所|公司)"
# who a personal name is asked of ("队长叫什么名字"; a brand's or a room's name is no person's)
_PERSON = (
    r"(?:律师|队长|书记|[镇乡区县市局所科处站]长|主任|负责人|同志|法官|领导|干部|调解员|顾问|人)"
)
_NAMED_FIRM = re.compile(rf"([\u4e00-\u9fff]{{2,}}?){_FIRM}")
_ASKS = {
    "day": re.compile(
        r"哪天|哪一天|哪一日|几月几[日号]|几号|具体(?:日期|哪天)|什么日期|哪个日子"
        r"|\bwhat (?:date|day)\b|\bwhich (?:date|day)\b|\bon what day\b",
        re.IGNORECASE,
    ),
    "rank": re.compile(
        r"排名第几|排第几|第几名|名次|排名(?:怎么样|如何|多少|情况)"
        r"|\bwhat (?:rank|place)\b|\branked\b|\branking\b",
        re.IGNORECASE,
    ),
    "cause": re.compile(r"什么原因|原因是(?:什么|啥)|啥原因|为什么|为何|\bwhy\b", re.IGNORECASE),
    "person": re.compile(
        rf"{_PERSON}(?:们)?(?:分别|都|各自)?(?:叫什么名字|叫什么|叫啥|的名字|名字是|是谁)"
        r"|姓名|是哪位|哪位(?:律师|同志|领导|书记|镇长|区长|负责人)"
        r"|\bname of the (?:party secretary|secretary|mayor|head|director|lawyer|judge|chief)\b",
        re.IGNORECASE,
    ),
    "change": re.compile(
        r"比(?:上|去|前)一?年[^，。？?]{0,8}?(?:增加|增长|减少|下降|提高|上升|降低|多|少)了?(?:多少|几)"
        r"|(?:增加|增长|减少|下降|提高|上升|降低)了(?:多少|几)|同比(?:增长|下降|变化)?(?:了)?多少"
        r"|变化(?:如何|怎么样|多大)|\bhow much (?:more|less|higher|lower)\b"
        r"|\b(?:compared|change[sd]?) (?:with|to|from) (?:the )?(?:previous|last|prior) year\b",
        re.IGNORECASE,
    ),
    "maximum": re.compile(
        r"单笔|最(?:大|高|多|长)的(?:一笔|一次|一件|一起|一项)|最(?:大|高)一笔"
        r"|\b(?:largest|biggest|highest|longest) single\b",
        re.IGNORECASE,
    ),
    "firm": re.compile(
        rf"哪(?:家|个|一家)\s*{_FIRM}|什么{_FIRM}|{_FIRM}(?:是|叫)(?:哪|什么)"
        r"|\bwhich (?:law )?firm\b|\bname of the (?:law )?firm\b|\bwhat (?:law )?firm\b",
        re.IGNORECASE,
    ),
}
_STATES = {
    "cause": re.compile(r"原因|由于|因为|导致|造成|缘于|在于"),
    "day": re.compile(rf"{_NUMERAL}\s*[日号]"),
    "change": re.compile(
        r"(?:较|比|同比|环比|与)[^，。；]{0,10}?(?:增|减|降|升|提高|多|少|持平|翻)"
        r"|(?:新增|增长|增加|下降|减少|提高|上升|降低)了?\s*[\d一二两三四五六七八九十百]"
        r"|(?:增|降|减|上升|下降|提高|增加|减少)(?:至|到)"
    ),
    "maximum": re.compile(r"单笔|最(?:大|高|多|长)|之最|首位"),
    "rank": re.compile(
        rf"第\s*{_NUMERAL}\s*[名位]|排名第|名列|位列|位居|前\s*{_NUMERAL}\s*[名位强]"
    ),
}


def asked_values(question: str) -> list[str]:
    """The kinds of value a question asks for: "day", "rank", "cause", "person", "firm", "change"
    (against the year before), "maximum" (the largest single one)."""
    return [kind for kind, pattern in _ASKS.items() if pattern.search(question)]


def states_value(kind: str, sentence: str) -> bool:
    """Whether ``sentence`` states a value of that kind."""
    if kind == "person":
        return _names_a_person(sentence)
    if kind == "firm":
        return _names_a_firm(sentence)
    return bool(_STATES[kind].search(sentence))


def _names_a_firm(sentence: str) -> bool:
    """A firm by its own name: a place or a name right before 律师事务所 (天津树刚律师事务所),
    not a kind of firm (外聘律师事务所, 律师事务所、基层法律服务所)."""
    for match in _NAMED_FIRM.finditer(sentence):
        lead = match.group(1)[-6:]
        if any(flag in ("ns", "nr", "nz", "nt") for _, flag in pos_tags(lead)):
            return True
    return False


def _names_a_person(sentence: str) -> bool:
    """A personal name: a word the tagger reads as one (two or three characters, no term) that
    opens with a common surname and is either unknown to the dictionary (a name the tagger
    recognised) or stands next to a role (队长张建国同志, 聘请李明律师). Places and bodies the
    tagger also calls names (王府井, 顾问团) are in the dictionary and carry no role."""
    tags = pos_tags(sentence)
    terms = domain_terms()
    for i, (word, flag) in enumerate(tags):
        if flag != "nr" or not 2 <= len(word) <= 4 or word in terms:
            continue
        if not _opens_with_surname(word):
            continue
        before = tags[i - 1][0] if i else ""
        after = tags[i + 1][0] if i + 1 < len(tags) else ""
        if not _in_dictionary(word) or _ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after):
            return True
    return False


_ROLE_BEFORE = re.compile(r"(?:书记|[长任员师官]|主任|委员|负责人|担任|聘请|由)$")
_ROLE_AFTER = re.compile(r"同志|律师|书记|[镇乡区县市局所科队处]?长|主任|委员|法官|检察官")


def _opens_with_surname(word: str) -> bool:
    single, compound = _surnames()
    return word[:2] in compound or (word[0] in single and len(word) <= 3)


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Common surnames from ``qa/data/surnames.txt``: single characters, compound ones."""
    text = resources.files("qa").joinpath("data", "surnames.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line and not line.startswith("#")]
    compound = {word for line in lines for word in line.split() if len(word) == 2}
    single = {char for line in lines if " " not in line for char in line}
    return frozenset(single), frozenset(compound)


def _in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary holds the word (a known place, body or phrase)."""
    return bool(jieba.dt.FREQ.get(word))
