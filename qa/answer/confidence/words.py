"""The question's own words: which name its topic, which ask or point, which no report uses.

A question's words are judged against the reports (is the topic there at all?) only when they
name something: words that ask (几次, 哪天), point (那个), say when (上一年), words the
segmenter glued across grammar (设个) and the pieces of a longer word are set aside first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.models import Document, DocumentMeta
from index.store.lexical.tokenize import is_word
from qa.analyse.intent.counters import COUNTERS, MEASURES
from qa.analyse.query import QueryInfo, topic_words
from qa.answer.confidence.checks import in_some, named_reports
from qa.answer.confidence.wordclasses import function_words
from qa.answer.statements.qualifiers import wish_word

LATIN_WORD = re.compile(r"[a-z]+")
# Words that ask or point rather than name a subject ("几次", "哪天", "那个", "到底"): no report
# uses them, and that says nothing about whether the reports answer.
ASKING_WORD = re.compile(
    r"[几哪谁啥吗呢么]|什么|多少|怎样|如何|^(?:那个|这个|那些|这些|到底|究竟|意思|含义|地方)$"
    r"|^(.)[不没]\1$"  # asking yes or no (多不多, 有没有)
    # the measure asked of what the reports name, not a subject (罚没款总额, 案件数量)
    rf"|^(?:{'|'.join(sorted(MEASURES))})$"
    # comparing two figures asked (与2022年相比有什么变化), no subject
    r"|^(?:相比|相较|对比|比较|变化)$"
    # a share asked (比重调到了多少: the report writes 权重 or 比例), a new value asked (调到,
    # 升到), whose opinion (司法局认为): no subject either
    r"|^(?:比例|占比|比重|调到|升到|降到|涨到|认为|觉得|看来)$"
    r"|^(?:多长时间|多长|多久)$"  # a duration asked
    # now (现在有几个人: the report's time), and a breakdown asked (按类别分各有多少件)
    r"|^(?:现在|目前|如今|当前|眼下|现如今)$"
    r"|^(?:按?(?:类别|类型|种类)|分各有|各有|分别有)$"
)
# Words saying what a report does with its content (报告指出, 报告里提到): no subject.
_REPORT_SAYS = re.compile(r"(?:报告|文件|文中)[中里内]?$")
_AFTER_DIGIT = re.compile(r"\d$")


def absent_words(
    info: QueryInfo, tokens: Sequence[str], documents: Sequence[Document]
) -> tuple[list[str], int]:
    """The question's topic words no report uses at all (知识产权保护 asked of reports that
    never mention it), and how many words were judged: words that ask or point, words of time
    and number, pieces of longer words and words glued across grammar are not. A count or an
    amount of what the reports name (申请量 of 申请, 案件数 of 案件) is what they name."""
    words = longest_words(
        t
        for t in dict.fromkeys(tokens)
        if len(t) >= 2 and not LATIN_WORD.fullmatch(t) and not ASKING_WORD.search(t)
    )
    words = [
        t
        for t in words
        if not (_framing(t, info.text) or _after_a_marker(t, info.text) or wish_word(t))
    ]
    asides = function_words(info.text)
    absent = [
        t
        for t in words
        if not any(t in a for a in asides)
        and not glued_word(t)
        and t not in info.generic  # 年度报告: what every report is, there or not
        and not _in_reports(t, documents)
        and not glued_to_a_word(t, info.text, documents)
    ]
    return absent, len(words)


def _framing(word: str, text: str) -> bool:
    """A word right after "报告" (报告指出, 报告里提到) says what the report does, and one whose
    first character is the unit of a number before it (2024年头一回: 年头: a year's, month's or
    day's unit the segmenter glued to the next word) is no word asked."""
    starts = _starts(word, text)
    if not starts:
        return False
    if all(_REPORT_SAYS.search(text[:at]) for at in starts):
        return True
    return word[0] in "年月日号" and all(_AFTER_DIGIT.search(text[:at]) for at in starts)


def _after_a_marker(word: str, text: str) -> bool:
    """Two characters the segmenter guessed (no word of the dictionary) right after a passive
    or disposal marker (被人告了: 人告): the doer and the deed, not one word."""
    if len(word) != 2 or is_word(word):
        return False
    starts = _starts(word, text)
    return bool(starts) and all(at > 0 and text[at - 1] in "被把让叫给" for at in starts)


def _starts(word: str, text: str) -> list[int]:
    """Where ``word`` occurs in ``text``."""
    return [m.start() for m in re.finditer(re.escape(word), text)]


def glued_to_a_word(word: str, text: str, documents: Sequence[Document]) -> bool:
    """A word the segmenter guessed (none of the dictionary's) whose first character ends a
    word the reports use, or whose last begins one, in the question (队有 of 执法队有几个人,
    里学 of 人员里学法律, 建局 of 住建局): glued across a word's edge, it names nothing. A
    piece of two characters must be a word of the dictionary too; 顾问费 of 法律顾问费 is
    no glue (法律顾问 takes two of its characters)."""
    if is_word(word):
        return False
    for start in _starts(word, text):
        end = start + len(word)
        heads = (text[max(start - k, 0) : start + 1] for k in range(1, _REACH + 1) if start >= k)
        tails = (text[end - 1 : end + k] for k in range(1, _REACH + 1) if end + k <= len(text))
        if any(_a_word(piece, documents) for piece in (*heads, *tails)):
            return True
    return False


_REACH = 3
"""How many characters beyond a glued word the word it belongs to may reach."""


def _a_word(piece: str, documents: Sequence[Document]) -> bool:
    if len(piece) == 2 and not is_word(piece):
        return False
    return not re.search(r"[\s，。？！、,.?!]", piece) and in_some(piece, documents)


def _in_reports(word: str, documents: Sequence[Document]) -> bool:
    if in_some(word, documents):
        return True
    return len(word) >= 3 and word[-1] in "量数" and in_some(word[:-1], documents)


def longest_words(words: Iterable[str]) -> list[str]:
    """The words that are no piece of another (楼上楼下, not also 楼上, 上楼, 楼下, 楼上楼): the
    search-mode tokens of one long word would otherwise count it several times in a share."""
    found = list(words)
    return [w for w in found if not any(w != o and w in o for o in found)]


def topic_tokens(info: QueryInfo, documents: Sequence[Document]) -> list[str]:
    """The question's words without the places it names (as written, 独留镇, and as the reports
    write them), bare numbers, and the words that ask for a part of the reports ("打算", "不足":
    the part, not the topic; see ``qa.analyse.intent.sections``). None when it asks for the part and
    nothing more. In a Chinese question, English words no report uses ("how many 'legal
    understanders' (法律明白人)") are the asker's gloss, not the topic."""
    if info.sections_only:
        return []
    reports = named_reports(info, documents)
    named = [d.meta.region for d in reports]
    organs = [o for o in (organ_of(d.meta) for d in reports) if len(o) >= 2 and o in info.text]
    words = topic_words(info.text, info.tokens, [*info.places, *info.divisions, *named, *organs])
    words = [_without_counter(w, info.text) for w in words]
    if not info.chinese:
        return words
    return [w for w in words if not LATIN_WORD.fullmatch(w) or in_some(w, documents, True)]


def organ_of(meta: DocumentMeta) -> str:
    """A report's publisher without the places it opens with (长春市人民政府: 人民政府): written
    in a question, it names the report the question asks about, not its topic."""
    organ = meta.publisher
    for place in (*meta.parents, meta.region):
        if place and organ.startswith(place):
            organ = organ[len(place) :]
    return organ


def _without_counter(word: str, text: str) -> str:
    """A word the tokenizer cut with the counter of a "how many" before it ("多少起纠纷" →
    起纠纷), as the word it counts (纠纷)."""
    if len(word) >= 3 and word[0] in COUNTERS and re.search(f"(?:多少|几){word}", text):
        return word[1:]
    return word


def glued_word(word: str) -> bool:
    """Two characters the segmenter's guesser joined across grammar (设个 of 设个机构, 告上 of
    告上法庭, 咋执 of 咋执法, 中扣 of 行动中扣了, 局对 of 司法局对): no word of the dictionary,
    with a measure, a complement or a preposition after, or an asking word or a localiser
    before. No topic a report could lack; 诉源 of 诉源治理 still is."""
    return (
        len(word) == 2
        and not is_word(word)
        and (word[1] in _GRAMMAR_AFTER or word[0] in _GRAMMAR_BEFORE)
    )


_GRAMMAR_AFTER = frozenset("个上下来去了过着到出起回开完好住掉次都也就还又才没不多少向从对与跟")
_GRAMMAR_BEFORE = frozenset("咋啥怎这那哪几多被把给让在有没的也都就还又比中里内")
