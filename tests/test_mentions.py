"""``qa.retrieve.mentions``: "does a report mention T" from the BM25 postings equals a scan of the
texts."""

from __future__ import annotations

import random

from qa import Engine
from qa.answer.statements.amounts import without_names


def _terms(engine: Engine) -> list[str]:
    rng = random.Random(7)
    texts = [p.text for p in engine.passages]  # report content (page furniture is not)
    picked = []
    for _ in range(300):
        text = rng.choice(texts)
        start = rng.randrange(max(len(text) - 6, 1))
        picked.append(text[start : start + rng.randint(2, 6)])
    absent = ["杨柳青镇", "律师事务所联盟", "量子计算", "quantum", "xyz123", "张x6", "2099年"]
    return picked + absent + ["行政复议", "法律顾问", "APP", "app", "12345", "G107"]


def test_any_mentions_is_the_scan(engine: Engine) -> None:
    texts = [d.text for d in engine.documents.values()]
    for term in _terms(engine):
        for ignore_case in (False, True):
            scan = any(term in (t.lower() if ignore_case else t) for t in texts)
            assert engine.reports.any_mentions(term, ignore_case) == scan, (term, ignore_case)


def test_named_reports_by_id(engine: Engine) -> None:
    ids = list(engine.documents)
    assert [d.doc_id for d in engine.reports.named([ids[3], ids[1], "nope"])] == [ids[1], ids[3]]
    assert len(engine.reports) == len(ids) and list(engine.reports)[0].doc_id == ids[0]


def test_writes_outside_names_is_the_scan(engine: Engine) -> None:
    texts = [d.text for d in engine.documents.values()]
    for term in _terms(engine)[:120]:
        scan = any(term in without_names(t) for t in texts)
        assert engine.reports.writes_outside_names(term) == scan, term
