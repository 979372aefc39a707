"""Windows of long passages (``index.chunk.windows``): spans, texts, vectors, best-of scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunk.windows import (
    WINDOW_CHARS,
    Window,
    best_of_windows,
    embed_windows,
    passage_windows,
    window_text,
)
from index.embed.cache import EmbeddingCache
from index.embed.embedders import FakeEmbedder
from index.models import DocumentMeta, Passage
from index.store.folder.files import load_index

META = DocumentMeta(title="独流镇2024年度法治政府建设情况报告")


def _passage(text: str, heading: tuple[str, ...] = ("一、主要举措",)) -> Passage:
    return Passage("p", "d", 1, 1, heading, 0, len(text), text)


_SENTENCE = st.text(
    alphabet=st.sampled_from(list("法治政府建设行政复议执法调解，、")), min_size=1, max_size=80
).map(lambda s: s + "。")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_SENTENCE, min_size=1, max_size=8).map("".join), max_size=6))
def test_windows_tile_each_long_passage_exactly(texts: list[str]) -> None:
    passages = [_passage(t) for t in texts]
    windows = passage_windows(passages)
    for row, passage in enumerate(passages):
        own = [w for w in windows if w.row == row]
        if len(passage.text) <= WINDOW_CHARS:
            assert not own  # a short passage is its own only window
            continue
        assert own[0].start == 0 and own[-1].end == len(passage.text)
        assert all(a.end == b.start for a, b in zip(own, own[1:], strict=False))
        assert "".join(passage.text[w.start : w.end] for w in own) == passage.text


def test_windows_end_at_sentence_ends() -> None:
    text = "".join(f"第{i}句讲行政复议和行政应诉工作的具体做法与成效。" for i in range(12))
    windows = passage_windows([_passage(text)])
    assert len(windows) > 1
    assert all(text[w.end - 1] == "。" for w in windows)
    assert all(w.end - w.start <= WINDOW_CHARS * 1.5 for w in windows)


def test_window_text_carries_the_report_and_headings() -> None:
    text = "甲" * 150 + "。" + "乙" * 50
    passage = _passage(text)
    window = Window(0, 0, 151)
    assert window_text(META, passage, window) == f"{META.title} › 一、主要举措\n{text[:151]}"
    assert window_text(DocumentMeta(), _passage(text, ()), window) == text[:151]


def test_best_of_windows_takes_each_passage_maximum() -> None:
    dense = np.array([0.2, 0.5, 0.1], dtype=np.float32)
    windows = np.array([0.4, 0.3, 0.05, 0.6], dtype=np.float32)
    rows = np.array([0, 0, 2, 2])
    best = best_of_windows(dense, windows, rows)
    assert best.tolist() == pytest.approx([0.4, 0.5, 0.6])
    assert dense.tolist() == pytest.approx([0.2, 0.5, 0.1])  # input untouched
    assert best_of_windows(dense, windows[:0], rows[:0]).tolist() == pytest.approx(dense.tolist())


def test_embed_windows_goes_through_the_cache(tmp_path: Path) -> None:
    long = "".join(f"第{i}件行政复议案件依法办结。" for i in range(20))
    passages = [_passage("短。"), _passage(long)]
    windows = passage_windows(passages)
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    embedder = FakeEmbedder(16)
    first, computed = embed_windows(windows, passages, {"d": META}, embedder, cache)
    again, recomputed = embed_windows(windows, passages, {"d": META}, embedder, cache)
    assert computed == len(windows) and recomputed == 0
    assert first.rows.tolist() == [1] * len(windows)
    assert np.allclose(first.vectors, again.vectors) and first.vectors.shape == (len(windows), 16)


def test_no_long_passage_gives_no_windows(tmp_path: Path) -> None:
    passages = [_passage("短段落。")]
    vectors, computed = embed_windows(
        [], passages, {"d": META}, FakeEmbedder(8), EmbeddingCache(None)
    )
    assert vectors.vectors.shape == (0, 8) and vectors.rows.size == 0 and computed == 0


def test_stored_windows_are_the_windows_of_the_stored_passages(built_index: Path) -> None:
    stored = load_index(built_index)
    expected = passage_windows(stored.passages)
    assert stored.windows.rows.tolist() == [w.row for w in expected]
    meta = {d.doc_id: d.meta for d in stored.documents}
    embedder = FakeEmbedder(64)
    first = expected[0]
    passage = stored.passages[first.row]
    vector = embedder.embed_passages([window_text(meta[passage.doc_id], passage, first)])[0]
    assert np.allclose(stored.windows.vectors[0], vector, atol=1e-5)
