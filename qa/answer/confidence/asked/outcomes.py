"""An outcome asked of something the reports only say was begun: "…最后获批了吗", "终期评估的
结果如何" asked of "申报市级民主法治示范村", "启动终期评估准备工作". A sentence about the subject
that states no result (a decision, a ruling, a title won, a thing completed, a score, an
agreement reached) but in a clause of intent (力争…通过验收), or only the result the question
starts from (败诉的那起诉讼，二审结果怎么样; 移送公安的案件，最后怎么判的), tells how it began,
not how it ended.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.answer.sentences import SENTENCE
from qa.answer.statements.levels import first_level

_OUTCOME_ASKED = re.compile(
    r"最后|最终|后来|结果(?:如何|怎么样|怎样|咋样|是什么|是啥)"
    r"|(?:获批|批准|通过|建成|入选|评上|成功|验收|办成|落地|达到|实现|完成)了?(?:吗|没有?)"
    r"|(?:有没有|是否|有无)(?:已经?)?(?:被|获|通过|入选|评上|建成|成功|达到|实现|完成)"
    r"|实际(?:上)?(?:达到|完成|实现)"
    r"|\b(?:outcome|result|in the end|eventually|finally)\b",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"维持|撤销|纠错|纠正|变更|确认违法|败诉|胜诉|驳回|判决|裁定|撤诉|调解成功|和解"
    r"|命名|获批|批准|通过[^，,。；;]{0,24}?(?:验收|评审|评估|审定|认定|考核)|验收合格|审议通过"
    r"|入选|评为|获评|荣获|获得|授予|列入"
    r"|建成|完成|办结|结案|达到|成功|\d+(?:\.\d+)?分|得分|免于|不予|移送|追回|挽回|采纳|吸纳"
    r"|拆除|罚款|没收|吊销|责令|整改到位|恢复原状"
    r"|(?:达成|签订|签署)[^，,。；;]{0,8}?协议|履行完毕|当场履行"
)
_INTENDED = re.compile(r"(?:力争|争取|计划|拟|预计|确保|目标)[^，,。；;]*")
"""A clause of intent: "力争2024年通过…评估验收" names a result aimed at, not one reached."""


def outcome_asked(question: str) -> re.Match[str] | None:
    """Where the question asks how something ended (最后…了吗, 结果如何, in the end), if it
    does: what comes before is what it starts from."""
    return _OUTCOME_ASKED.search(question)


def outcome_unstated(
    question: str,
    texts: Sequence[str],
    about: Callable[[str], float],
    states: Callable[[str], bool] | None = None,
) -> bool:
    """Whether an outcome is asked and the sentence most about the question (of ``texts``:
    what was done, no plans) states no result, or no sentence is left (a later year asked).
    With ``states`` (whether a sentence states the amount the question also asks: "有几件？
    结果如何？"), the sentence judged is the one giving that count, if one near the best does."""
    asked = outcome_asked(question)
    if asked is None:
        return False
    shares = [(about(m.group()), m.group()) for text in texts for m in SENTENCE.finditer(text)]
    top = max((share for share, _ in shares), default=0.0)
    counting = [(c, s) for c, s in shares if states and c > 0 and c >= top / 2 and states(s)]
    _, best = max(counting or shares, key=lambda pair: pair[0], default=(0.0, ""))
    best = best if top > 0 else ""
    # the premise's own result is no outcome of it (败诉的那起诉讼，二审结果怎么样: 败诉)
    return not _states_result(best, question[: asked.start()], first_level(question))


def _states_result(sentence: str, premise: str, level: str) -> bool:
    """A result in a clause of ``sentence`` that is no step towards it (完成…申报工作) nor a
    title of another level than the one asked (被命名为牡丹江市… is no 全省 title)."""
    for clause in _CLAUSE.findall(_INTENDED.sub("", sentence)):
        if _STEP.search(clause) or (level and first_level(clause) not in ("", level)):
            continue
        if any(r.group() not in premise for r in _RESULT.finditer(clause)):
            return True
    return False


_CLAUSE = re.compile(r"[^，,。；;]+")
_STEP = re.compile(r"(?:完成|通过)[^，,。；;]{0,20}?(?:申报|申请|推荐|报送|自评|初审|材料)")
"""A step towards a result, not the result: "完成省级法治政府建设示范市申报工作"."""
