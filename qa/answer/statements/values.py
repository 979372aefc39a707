"""Questions that ask a day, a rank, a cause, an honour, a person's, a firm's or a court's name,
and sentences that state one.

"推进会是哪天开的？" is answered by a sentence with a day ("3月15日"), "考核中排名第几？" by
one with a place in a ranking ("排名第2", "位列全区前三"); a sentence about the same thing
without them does not answer, "律师叫什么名字？" is not answered by the name of a law firm, nor
"哪家律师事务所？" by "外聘法律顾问".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from index.store.lexical.tokenize import domain_terms, is_word, pos_tags
from qa.analyse.intent.asks import DAY_ASKED

_NUMERAL = r"[\d一二两三四五六七八九十]+"
_FIRM = r"(?:律师事务所|律所|事务所|公司)"
# who a personal name is asked of ("队长叫什么名字"; a brand's or a room's name is no person's)
_PERSON = (
    r"(?:律师|队长|书记|[镇乡区县市局所科处站]长|主任|负责人|同志|法官|领导|干部|调解员|顾问|人)"
)
# a firm's own name, with its seat in brackets when it has one (湖北维思德（宜昌）律师事务所)
_NAMED_FIRM = re.compile(rf"([\u4e00-\u9fff]{{2,}}?)(?:[（(][\u4e00-\u9fff]{{2,8}}[)）])?{_FIRM}")
_ASKS = {
    "day": DAY_ASKED,
    "time": re.compile(
        r"什么时候|何时|几月份|哪个?月(?!度?的?报告)"
        r"|(?:是|在|于)哪一?年(?:成立|建成|设立|挂牌|启动|开始|出台|印发|被?(?:评为|命名|授予))"
        r"|\bwhen (?:was|is|were|are|did|does|do|will|has|have)\b",
        re.IGNORECASE,
    ),
    "rank": re.compile(
        r"排名第几|排第几|第几名|名次|排名(?:怎么样|如何|多少|情况)"
        r"|\bwhat (?:rank|place)\b|\branked\b|\branking\b",
        re.IGNORECASE,
    ),
    "cause": re.compile(r"什么原因|原因是(?:什么|啥)|啥原因|为什么|为何|\bwhy\b", re.IGNORECASE),
    "location": re.compile(
        r"(?:建|设|(?<!单)位|落|开|放)在(?:什么|哪个|哪里|哪儿|何处|哪(?![天年月日号个]))"
        r"(?!\s*(?:部门|单位|机关|机构|局|科室|处室))"
        r"|什么(?:位置|地点)|在哪(?:里|儿)?(?:设|建)"
        r"|\bwhere (?:is|was|are|were|did)\b",
        re.IGNORECASE,
    ),
    "charge": re.compile(
        r"(?:什么|哪些|哪个|哪几个)罪名?|罪名(?:是|为)"
        r"|\b(?:what|which) (?:crimes?|charges?|offen[cs]es?)\b",
        re.IGNORECASE,
    ),
    "person": re.compile(
        rf"{_PERSON}(?:们)?(?:分别|都|各自)?(?:叫什么名字|叫什么|叫啥|的名字|名字是|是谁)"
        r"|(?:分别|各自|都)是谁|姓名|是哪位|哪位(?:律师|同志|领导|书记|镇长|区长|负责人)"
        r"|(?:哪些|哪几位|哪位|什么)(?:专家|学者|教授|老师|讲师)(?!库|组|团|委员会|队伍)"
        r"|(?:由谁|是谁|谁来?)(?:主讲|授课|讲授|讲课)"
        r"|\bname of (?:the |[A-Za-z-]+['’]s )(?:party secretary|secretary|mayor|head|director"
        r"|lawyer|judge|chief)\b"
        # who holds a post (Who heads the bureau? Who is the director of …?)
        r"|\bwho (?:heads|leads|chairs|runs)\b|\bwho is in charge\b"
        r"|\bwho (?:is|was) (?:the )?(?:current )?(?:party secretary|secretary|mayor|head|director"
        r"|chief|leader|magistrate|governor|deputy)\b",
        re.IGNORECASE,
    ),
    "maximum": re.compile(
        r"单笔|最(?:大|高|多|长)的(?:一笔|一次|一件|一起|一项)|最(?:大|高)一笔"
        r"|\b(?:largest|biggest|highest|longest) single\b",
        re.IGNORECASE,
    ),
    "honour": re.compile(
        r"(?:什么|哪些|哪个|哪项|何种)(?:省级|市级|国家级|全国|全省|全市)?(?:荣誉|称号|奖项|表彰|奖励)"
        r"|获(?:得|评)?过?(?:什么|哪些)(?:荣誉|称号|奖)"
        r"|\bwhat (?:honou?rs?|awards?|titles?)\b",
        re.IGNORECASE,
    ),
    "court": re.compile(
        r"(?:哪个|哪家|哪一个|哪级|什么)(?:人民)?法院|\bwhich court\b", re.IGNORECASE
    ),
    "body": re.compile(
        r"(?:机构|单位|组织|协会|学会|医院|学校)\s*的?\s*(?:全称|名称|叫什么(?:名字)?|叫啥|名字)"
        r"|\bname of the (?:institution|organi[sz]ation|agency|association)\b",
        re.IGNORECASE,
    ),
    "firm": re.compile(
        rf"哪(?:家|个|一家)\s*{_FIRM}|什么{_FIRM}|{_FIRM}(?:是|叫)(?:哪|什么)"
        r"|哪几家(?:企业|公司)|(?:企业|公司)是哪几家"
        r"|\bwhich (?:law )?firm\b|\bname of the (?:law )?firm\b|\bwhat (?:law )?firm\b",
        re.IGNORECASE,
    ),
}
_STATES = {
    "cause": re.compile(r"原因|由于|因为|导致|造成|缘于|在于|引发|引起|致使|根源|源于"),
    # where a thing is: set up at, in or drawing on a place (在甘江镇建成, 依托…景区设立, 威远镇、
    # 五十镇等重点乡镇设立)
    "location": re.compile(
        r"设在|位于|建在|落户|坐落|依托|(?:在|于)[^，,。；;]{1,24}?(?:设立|设置|建成|建设|建立|打造|开设|成立|挂牌|组建|开通)"
        r"|(?:镇|乡|街道|村|社区|景区|园区|广场|中心)(?:等[^，,。；;]{0,8})?(?:设立|设置|建成|建设|建立|开设|成立)"
    ),
    # a crime by its name (生产销售伪劣产品罪), not crime in general (涉嫌犯罪, 刑事犯罪)
    "charge": re.compile(r"[\u4e00-\u9fff]{2}(?<!犯)罪"),
    # a day of a month (3月15日, 15号 after a month); 令第9号 is a number, not a day
    # a date, or the day of the week something recurs on (律师每周二坐班: 哪天去能找到人)
    "day": re.compile(
        rf"{_NUMERAL}\s*日|月\s*{_NUMERAL}\s*号|(?:每周|星期|周)[一二三四五六日天](?![次遍期轮个])"
    ),
    # an honour won: a title conferred (评为, 荣获, 授予, “…”称号)
    "honour": re.compile(r"评为|获评|荣获|授予|称号|表彰|命名为|入选"),
    # a court by its name (如东县人民法院, 中级人民法院), not courts in general
    "court": re.compile(r"[\u4e00-\u9fff]{2,}(?<![的和与及等])(?:人民法院|法院|法庭)"),
    "maximum": re.compile(r"单笔|最(?:大|高|多|长)|之最|首位"),
    "time": re.compile(
        rf"(?:19|20)\d\d\s*年|{_NUMERAL}\s*月|[一二三四]季度|年底|年初|年内|年末|上半年|下半年|月底"
    ),
    "rank": re.compile(
        rf"第\s*{_NUMERAL}\s*[名位]|排名第|名列|位列|位居|前\s*{_NUMERAL}\s*[名位强]"
    ),
}


# A thing's name asked ("实施方案叫什么名字", "这个品牌名称是什么"): a title, not a person's name.
_THING_NAMED = re.compile(
    r"(?:方案|办法|规定|条例|规章|法规|制度|文件|意见|计划|规划|品牌|活动|平台|机制|项目|工作室"
    r"|栏目|模式|工作法|服务站|中心|专栏|小程序)\s*的?\s*(?:分别|各自|都)?"
    r"(?:叫什么(?:名字)?|叫啥|名字|名称)"
)
_TITLE = re.compile(r"《[^》]+》|“[^”]+”|「[^」]+」|\"[^\"]+\"")


def asked_values(question: str) -> list[str]:
    """The kinds of value a question asks for: "day", "time" (when: a year, a month), "rank",
    "cause", "location" (where a thing is), "charge" (a crime's name), "person", "honour" (a
    title won), "court" (a court's name), "firm", "body" (an organisation's name), "title"
    (the name of a plan, a brand, a platform) and "maximum" (the largest single one)."""
    kinds = [kind for kind, pattern in _ASKS.items() if pattern.search(question)]
    if "day" in kinds and "time" in kinds:  # the day asked is the time, more precisely
        kinds.remove("time")
    if _THING_NAMED.search(question):
        kinds = [k for k in kinds if k != "person"] + ["title"]
    return kinds


def states_value(kind: str, sentence: str, question: str = "") -> bool:
    """Whether ``sentence`` states a value of that kind (the year itself when ``question`` asks
    which year: "年内推广" gives none)."""
    if kind == "time" and _YEAR_ASKED.search(question):
        return bool(_A_YEAR.search(sentence))
    if kind == "person":
        return _names_a_person(sentence)
    if kind == "firm":
        return _names_a_firm(sentence)
    if kind == "body":
        return _names_a_body(sentence)
    if kind == "title":
        return bool(_TITLE.search(sentence))
    return bool(_STATES[kind].search(sentence))


_YEAR_ASKED = re.compile(r"哪一?年(?!度?的?报告)|\b(?:what|which) year\b", re.IGNORECASE)
_A_YEAR = re.compile(r"(?:19|20)\d\d\s*年|\b(?:19|20)\d\d\b")
_DOCUMENT = re.compile(r"《([^》]{4,})》")
_TITLE_PLACE = re.compile(r"^.*?(?:省|自治区|自治州|市|州|县|区)(?=[^省市州县区]{4,}$)")
"""A title's leading place (云南省大理白族自治州乡村清洁条例 → 乡村清洁条例): a report may name the
document without it."""


def documents_named(question: str) -> list[str]:
    """The documents a question names in 《》 (a regulation, a plan): what a value it asks
    (the day it took effect, who drafted it) is of."""
    return _DOCUMENT.findall(question)


def names_document(title: str, sentence: str) -> bool:
    """Whether ``sentence`` names the document ``title``, also without its leading place or
    with a stage after it (《…条例（草案）》)."""
    return title in sentence or _TITLE_PLACE.sub("", title) in sentence


def _names_a_firm(sentence: str) -> bool:
    """A firm by its own name: a place or a name right before 律师事务所 (天津树刚律师事务所),
    not a kind of firm (外聘律师事务所, 律师事务所、基层法律服务所), nor one whose name is held
    back (安徽金寨某律师事务所)."""
    for match in _NAMED_FIRM.finditer(sentence):
        lead = match.group(1)[-6:]
        if lead.endswith("某"):
            continue
        if any(flag in ("ns", "nr", "nz", "nt") for _, flag in pos_tags(lead)):
            return True
    return False


_NAMED_BODY = re.compile(
    r"(“[^”]+”[\u4e00-\u9fff]{0,6}?|[\u4e00-\u9fff]{2,}?)"
    r"(?:中心|机构|协会|学会|医院|学校|鉴定所|研究所|研究院|公司|基金会)"
)


def _names_a_body(sentence: str) -> bool:
    """An organisation by its own name: a quoted name, a place or a name right before its
    kind (宁城县司法鉴定中心, “老兵”调解协会), not a kind alone (司法鉴定机构办理鉴定案件214件)."""
    if _names_a_firm(sentence):
        return True
    terms = domain_terms()  # the reports' own terms (司法鉴定) are kinds, whatever their tag
    return any(
        lead.startswith("“")
        or any(f in ("ns", "nz", "nt") and w not in terms for w, f in pos_tags(lead[-8:]))
        for lead in (m.group(1) for m in _NAMED_BODY.finditer(sentence))
    )


def _names_a_person(sentence: str) -> bool:
    """A personal name: a word the tagger reads as one (two or three characters, no term) that
    opens with a common surname and is either unknown to the dictionary (a name the tagger
    recognised) or stands next to a role (队长张建国同志, 聘请李明律师). Places and bodies the
    tagger also calls names (王府井, 顾问团) are in the dictionary and carry no role."""
    tags = pos_tags(sentence)
    terms = domain_terms()
    for i, (word, flag) in enumerate(tags):
        if flag != "nr" or not 2 <= len(word) <= 4 or word in terms or _PLACE_END.search(word):
            continue
        if not _opens_with_surname(word):
            continue
        before = tags[i - 1][0] if i else ""
        after = "".join(w for w, _ in tags[i + 1 : i + 3])
        if re.match(_FIRM, after):
            continue  # the name of a firm (范阳律师事务所), no person's
        if not is_word(word) or _ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after):
            return True
    return any(_split_name(tags, i) for i in range(len(tags) - 1))


def _split_name(tags: Sequence[tuple[str, str]], at: int) -> bool:
    """A name the tagger cut after its surname (律师 | 张 | 明远 | 担任): a surname alone and a
    word of one or two characters after it, no verb nor particle, after a role and before what
    ends a name (a verb, an adverb, a time: 律师 | 李 | 振华 | 每月), or read as a surname by the
    tagger and followed by a role (事务所 | 叶 | 振华 | 律师, 赵 | 春阳 | 律师还…)."""
    (surname, surname_tag), (given, given_tag) = tags[at], tags[at + 1]
    if len(surname) != 1 or surname not in _surnames()[0] or not 1 <= len(given) <= 2:
        return False
    if surname_tag[:1] in _NOT_SURNAME:  # 和 of "调解员和驻点律师" joins, it names no one
        return False
    if given_tag[:1] in _NOT_GIVEN or not re.fullmatch(r"[\u4e00-\u9fff]+", given):
        return False
    following, following_tag = tags[at + 2] if at + 2 < len(tags) else ("。", "x")
    role_after = _ROLE_AFTER.match(following) is not None
    if role_after and surname_tag == "nr":
        return True
    ends = following_tag[:1] in _AFTER_NAME or following in "，。、；,;" or role_after
    return at > 0 and _ROLE_BEFORE.search(tags[at - 1][0]) is not None and ends


_NOT_GIVEN = ("v", "p", "u", "c", "x", "m", "d", "r")
"""Parts of speech no given name is read as (担任, 在, 的, 和, 等)."""
_AFTER_NAME = ("v", "d", "r", "p", "t")
"""Parts of speech that end a name after a role (担任, 还, 每月, 在, 今年)."""
_NOT_SURNAME = ("v", "p", "u", "c", "x", "d", "r", "y", "e", "o")
"""Parts of speech no surname standing alone is read as (和 joining, 在, 的); a numeral's
measure may be one (律师 | 张 | 明远: 张 read as a measure word)."""


_PLACE_END = re.compile(r"[省市州县区镇乡村街局所站室队]$")
"""A word the tagger reads as a name but ending as a place or a body does (叶盛镇)."""
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
