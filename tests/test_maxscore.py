"""The pruned BM25 top-k (``index.store.lexical.maxscore``) against scoring every passage: the same
rows, the same float32 scores and the same floor, on random corpora and queries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.store.folder.digests import MANIFEST
from index.store.folder.files import load_index
from index.store.lexical import maxscore
from index.store.lexical.bm25 import LexicalSide
from index.store.lexical.lexicon import BOUNDS_FILE, TokenIds, bm25_from_ids, term_bounds
from index.store.local import LocalStore


def _corpus(seed: int, passages: int, vocabulary: int, common: bool) -> LexicalSide:
    """Passages of Zipf-distributed tokens (a few in most passages, most rare); with
    ``common``, token 0 in every passage (so no passage scores 0)."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 30, passages)
    flat = (rng.zipf(1.3, int(lengths.sum())) - 1) % vocabulary
    if common:
        flat[np.concatenate([[0], np.cumsum(lengths)[:-1]])] = 0
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    vocab = {f"t{i}": i for i in range(vocabulary)}
    bm25 = bm25_from_ids(TokenIds(flat.astype(np.int32), offsets.astype(np.int64)), vocab)
    stored = term_bounds(bm25.scores) if seed % 2 else None  # stored, or found when asked
    return LexicalSide(bm25, stored)


def _exact(
    side: LexicalSide, ids: np.ndarray, k: int, allowed: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Every passage scored by bm25s; the best first, the lower row first among equals."""
    scores = side.all_scores(ids, allowed)
    rows = np.flatnonzero(scores > 0)
    order = np.lexsort((rows, -scores[rows]))[:k]
    total = side.size if allowed is None else int(allowed.sum())
    floor = float(scores[rows].min()) if rows.size == total and rows.size else 0.0
    return scores[rows][order], rows[order], floor


def _check(side: LexicalSide, ids: np.ndarray, k: int, allowed: np.ndarray | None) -> None:
    best, rows, floor = side.search(ids, k, allowed)
    want_best, want_rows, want_floor = _exact(side, ids, k, allowed)
    assert rows.tolist() == want_rows.tolist()
    assert np.array_equal(best, want_best)
    assert best.dtype == np.float32 and rows.dtype == np.int64
    assert floor == want_floor


@pytest.fixture(autouse=True)
def _pruned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maxscore, "FULL_ROWS", 0)  # the small corpora here take the pruned path


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    passages=st.integers(1, 1500),
    vocabulary=st.integers(2, 400),
    common=st.booleans(),
    query=st.lists(st.integers(0, 450), min_size=0, max_size=25),
    k=st.sampled_from([1, 3, 10, 100, 5000]),
    keep=st.sampled_from([None, 0.0, 0.01, 0.3, 0.9, 1.0]),
)
def test_pruned_top_k_is_exact(
    seed: int,
    passages: int,
    vocabulary: int,
    common: bool,
    query: list[int],
    k: int,
    keep: float | None,
) -> None:
    side = _corpus(seed, passages, vocabulary, common)
    # tokens past the vocabulary are unknown (dropped); repeats count again
    ids = side.token_ids([f"t{t}" for t in query])
    allowed = None
    if keep is not None:
        allowed = np.random.default_rng(seed + 1).random(passages) < keep
    _check(side, ids, k, allowed)


@pytest.mark.parametrize("seed", range(6))
def test_replicated_passages_tie_and_the_lower_rows_are_kept(seed: int) -> None:
    # every passage four times over: scores tie in fours, and k cuts through the ties
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 12, 200)
    tokens = (rng.zipf(1.4, int(lengths.sum())) - 1) % 60
    one = np.split(tokens, np.cumsum(lengths)[:-1])
    lists = [t for t in one for _ in range(4)]
    offsets = np.concatenate([[0], np.cumsum([len(t) for t in lists])])
    vocab = {f"t{i}": i for i in range(60)}
    bm25 = bm25_from_ids(TokenIds(np.concatenate(lists).astype(np.int32), offsets), vocab)
    replicated = LexicalSide(bm25, term_bounds(bm25.scores))
    for k in (1, 2, 5, 7, 30):
        _check(replicated, replicated.token_ids(["t0", "t3", "t3", "t11", "t27"]), k, None)


def test_a_token_in_every_passage_gives_the_lowest_score_as_floor() -> None:
    side = _corpus(3, 800, 50, True)
    ids = side.token_ids(["t0", "t7"])
    best, rows, floor = side.search(ids, 5)
    assert floor > 0
    assert floor == pytest.approx(float(side.all_scores(ids).min()))
    _check(side, ids, 5, None)


def test_no_known_token_and_an_empty_filter_find_nothing() -> None:
    side = _corpus(5, 300, 40, False)
    for ids, allowed in (
        (side.token_ids(["unknown", "t999"]), None),
        (side.token_ids(["t1"]), np.zeros(300, dtype=bool)),
    ):
        best, rows, floor = side.search(ids, 10, allowed)
        assert best.size == rows.size == 0 and floor == 0.0


def test_small_corpora_are_scored_whole_with_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    side = _corpus(9, 1000, 80, False)
    ids = side.token_ids(["t0", "t2", "t5", "t5", "t40"])
    pruned = side.search(ids, 20)
    monkeypatch.setattr(maxscore, "FULL_ROWS", 10_000)
    whole = side.search(ids, 20)
    assert pruned[1].tolist() == whole[1].tolist()
    assert np.array_equal(pruned[0], whole[0]) and pruned[2] == whole[2]


def test_stored_bounds_are_each_tokens_largest_term_score() -> None:
    side = _corpus(1, 500, 30, False)
    bounds = term_bounds(side.bm25.scores)
    assert bounds.size == 31  # and bm25s's empty token
    for token in range(bounds.size):
        _, scores = side.entries(*side.span(token))
        assert bounds[token] == (scores.max() if scores.size else 0.0)
    found = LexicalSide(side.bm25).bounds(np.arange(bounds.size))
    assert np.array_equal(found, bounds)


def test_an_index_keeps_its_bounds_and_one_without_them_finds_them(
    built_index: Path, tmp_path: Path
) -> None:
    stored = load_index(built_index)
    assert stored.bm25_bounds is not None
    assert np.array_equal(stored.bm25_bounds, term_bounds(stored.bm25.scores))
    older = tmp_path / "older"  # written before the bounds were kept
    shutil.copytree(built_index, older)
    (older / BOUNDS_FILE).unlink()
    manifest = json.loads((older / MANIFEST).read_text("utf-8"))
    del manifest["files"][BOUNDS_FILE]
    (older / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    assert load_index(older).bm25_bounds is None
    side, lazy = LocalStore.open(built_index).lexical, LocalStore.open(older).lexical
    ids = side.token_ids(["行政", "复议", "法律", "法律"])
    assert np.array_equal(lazy.bounds(np.unique(ids)), stored.bm25_bounds[np.unique(ids)])
    assert side.search(ids, 5)[1].tolist() == lazy.search(ids, 5)[1].tolist()


def test_memory_mapped_postings_let_go_give_the_same_results(tmp_path: Path) -> None:
    side = _corpus(11, 1200, 120, False)
    side.bm25.save(str(tmp_path / "bm25"))
    loaded = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True)
    on_disk = LexicalSide(loaded, term_bounds(loaded.scores))
    rng = np.random.default_rng(11)
    for _ in range(20):
        ids = on_disk.token_ids([f"t{t}" for t in rng.integers(0, 130, rng.integers(1, 12))])
        allowed = rng.random(1200) < 0.5 if rng.random() < 0.3 else None
        _check(on_disk, ids, int(rng.choice([1, 10, 100])), allowed)
        on_disk.release(ids)  # the pages are mapped again when read
        rows = rng.integers(0, 1200, 50)
        assert np.array_equal(on_disk.scores(ids, rows), side.scores(ids, rows))
