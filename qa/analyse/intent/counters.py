"""Counters, and the bounds written after a number or its counter: what a question and a
report count in ("5名", "86件") and what makes a figure a bound ("4000名以上", "20人左右").

Read by the question's analysis (``qa.analyse.intent.figures``, ``qa.analyse.query``) and by the
answer's checks on amounts (``qa.answer.statements.amounts``), so kept here, before both.
"""

from __future__ import annotations

UNITS = (
    "万元|亿元|元|场|条|件|次|人|名|家|支|项|类|种|户|所|天|期|份|批|起|宗|例|篇|处|家次|人次|"
    "小时|分钟|万人|余人|万平方米|平方公里|平方米|平方|平米|万亩|亩|公顷"
)
COUNTERS = frozenset([*UNITS.split("|"), "个", "位"])
THING_COUNTERS = frozenset([
    "件", "名", "个", "家", "起", "项", "宗", "次", "批", "批次",
    "户", "人", "位", "所", "处", "条", "场",
])  # fmt: skip
"""Counters of things and people counted one by one, not of money, time or a share."""
BOUNDS_AFTER = ("以上", "以下", "以内", "之内", "左右", "上下", "之多")
"""Words after a number or its counter that bound the figure rather than name what it counts
("4000名以上", "超过…20人左右")."""
BOUNDS_ABOVE = (
    "超过", "超出", "多于", "高于", "大于", "不少于", "不低于",
    "over", "above", "more than", "at least",
)  # fmt: skip
"""Words before a number that make it a lower bound ("超过100场")."""
BOUNDS_BELOW = (
    "少于", "低于", "小于", "不到", "不足", "未达到", "没有达到", "没达到", "没到", "不超过",
    "less than", "fewer than", "below", "under",
)  # fmt: skip
"""Words before a number that make it an upper bound ("没有达到100%", "不到5名")."""
HAS_HOW_MANY = r"(?:一共|总共|共|现|目前|现在)?有\s*(?:多少|几)"
"""How many something has (一共有几名调解员, 现有多少位律师): a stock, not a count of what was
done with it."""
MEASURES = frozenset(
    ["总额", "总数", "总量", "数量", "金额", "总计", "合计", "共计", "累计", "总共"]
)
"""Words for how much of something there is (罚没款总额, 案件数量): they name a measure, not
the thing measured."""
