"""The parts every such report has, and questions that ask for one of them.

A 法治政府建设年度报告 follows a set outline: measures and results, shortcomings and their
causes, the leaders' duties, and next year's plans. A question after shortcomings ("存在哪些
不足", "what problems") or plans ("下一步打算", "next year") is asked of that part.
"""

from __future__ import annotations

import re

from index.chunk.sections import SECTIONS as _PARTS
from index.chunk.sections import in_section, section_rows

__all__ = ["SECTIONS", "asked_sections", "asking_words", "in_section", "section_rows"]

_ASKS = {
    "shortcomings": re.compile(
        r"存在.{0,6}(?:不足|问题|短板|差距)|不足|短板|差距|薄弱|欠缺|毛病|问题有哪些|哪些问题|什么问题"
        r"|\bshortcomings?\b|\bweakness(?:es)?\b|\bproblems?\b|\bgaps?\b|\bfall short",
        re.IGNORECASE,
    ),
    "plans": re.compile(
        r"下一步|下一年|明年|来年|打算|今后|将如何|将怎样|准备怎么|准备如何|计划如何|有何计划|工作安排|主要安排|思路"
        # 准备加强什么, 有什么计划, 有什么具体安排, 定了哪些目标: what it means to do
        r"|准备(?!工作)|(?:什么|哪些|啥)(?:具体)?(?:计划|安排|目标)|计划(?=\s*20\d\d)"
        # 计划把…扩充到多少, 计划什么时候实现: what is meant to be done (not 计划生育)
        r"|计划(?=把|将|在|于|用|到|什么时候|何时|哪年|提高|提升|扩|新建|建成|实现|完成)"
        # 2023年计划新增, 原定: what a year was to bring
        r"|20\d\d\s*年度?\s*的?(?:工作)?计划|原定|原计划"
        # 要达到多少, 力争提高到: a target set
        r"|要(?:求)?(?:达到|提高到|提升到|控制在|降到|降至|降低到)|力争"
        r"|\bplan(?:s|ned|ning)?\b|\bnext year\b|\bgoing to\b|\bintend"
        r"|\b(?:coming|following|next)\s+year\b|\btargets?\b.{0,40}\bset\b|\bset\b.{0,40}\btargets?\b",
        re.IGNORECASE,
    ),
}
SECTIONS = tuple(_ASKS)
assert SECTIONS == _PARTS, "the parts asked for are the parts the index marks"


def asked_sections(question: str) -> tuple[str, ...]:
    """Which parts of a report the question asks for ("shortcomings", "plans"), if any."""
    return tuple(name for name, pattern in _ASKS.items() if pattern.search(question))


def asking_words(question: str) -> list[str]:
    """The words by which ``question`` asks for a part ("打算", "存在哪些不足"): they say where
    to look, not what about."""
    return [m.group() for pattern in _ASKS.values() for m in pattern.finditer(question)]
