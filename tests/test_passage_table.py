"""Passages read from disk (``index.store.folder.passages``) and BM25 grown from its postings
(``index.store.lexical.lexicon.grown_bm25``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.chunk.sections import SECTIONS, section_rows
from index.store.folder.files import load_index
from index.store.folder.passages import (
    IDS_FILE,
    PASSAGES_FILE,
    ROWS_FILE,
    Appended,
    PassageTable,
    row_sample,
    write_passages,
)
from index.store.lexical.lexicon import TokenIds, bm25_from_ids, grown_bm25


def test_rows_read_from_disk_are_the_passages_written(built_index: Path) -> None:
    stored = load_index(built_index)
    table = stored.passages
    assert isinstance(table, PassageTable)
    lines = (built_index / PASSAGES_FILE).read_text("utf-8").splitlines()
    assert len(table) == len(lines) == stored.dense.ntotal
    every = list(table)
    assert [p.to_dict() for p in every] == [json.loads(line) for line in lines]
    assert [table[i] for i in range(len(table))] == every
    assert table[-1] == every[-1] and table[3:7] == every[3:7]
    with pytest.raises(IndexError):
        table[len(table)]
    texts = {d.doc_id: d.text for d in stored.documents}
    assert all(p.text == texts[p.doc_id][p.start : p.end] for p in every)


def test_row_arrays_say_what_the_passages_say(built_index: Path) -> None:
    stored = load_index(built_index)
    table = stored.passages
    assert isinstance(table, PassageTable)
    every = list(table)
    position = {d.doc_id: i for i, d in enumerate(stored.documents)}
    np.testing.assert_array_equal(table.doc_rows, [position[p.doc_id] for p in every])
    for kind in ("header", "heading"):
        np.testing.assert_array_equal(table.kind_mask(kind), [p.kind == kind for p in every])
    for section in SECTIONS:
        np.testing.assert_array_equal(table.part(section), section_rows(every, section))
    assert all(table.row_of(p.passage_id) == row for row, p in enumerate(every))
    assert table.row_of("no-such-passage") is None


def test_a_view_changes_rows_as_they_are_read(built_index: Path) -> None:
    table = load_index(built_index).passages
    assert isinstance(table, PassageTable)
    shouting = table.with_view(lambda p: p.__class__(**{**p.__dict__, "text": p.text + "!"}))
    assert shouting[0].text == table[0].text + "!"
    assert next(iter(shouting)).text == table[0].text + "!"


def test_large_tables_are_checked_by_an_even_sample() -> None:
    assert list(row_sample(10)) == list(range(10))
    sample = row_sample(1_000_000)
    assert len(sample) == 2000 and sample[0] == 0 and sample[-1] == 999_999


def _ids(rng: np.random.Generator, passages: int, vocabulary: int) -> TokenIds:
    lengths = rng.integers(0, 30, passages)
    flat = rng.integers(0, vocabulary, int(lengths.sum())).astype(np.int32)
    return TokenIds(flat, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))


@pytest.mark.parametrize("removed", [0, 7])
def test_grown_bm25_equals_bm25_made_at_once(removed: int) -> None:
    rng = np.random.default_rng(removed)
    vocab = {f"t{i}": i for i in range(40)}
    old_ids = _ids(rng, 60, 40)
    old = bm25_from_ids(old_ids, vocab)
    keep = np.ones(60, dtype=bool)
    keep[rng.choice(60, removed, replace=False)] = False
    grown_vocab = {**vocab, **{f"n{i}": 40 + i for i in range(5)}}
    added = _ids(rng, 12, 45)  # new passages, some with new tokens
    every = old_ids.take(np.flatnonzero(keep)) + added
    grown = grown_bm25(old, old.scores["tf"], keep, added, every, grown_vocab)
    whole = bm25_from_ids(every, grown_vocab)
    assert grown.vocab_dict == whole.vocab_dict
    for name in ("indptr", "indices", "tf"):
        np.testing.assert_array_equal(grown.scores[name], whole.scores[name])
    np.testing.assert_allclose(grown.scores["data"], whole.scores["data"], rtol=1e-6)
    assert grown.scores["num_docs"] == whole.scores["num_docs"] == len(every)


def test_kept_rows_are_copied_as_a_fresh_write_would_make_them(
    built_index: Path, tmp_path: Path
) -> None:
    stored = load_index(built_index)
    table = stored.passages
    assert isinstance(table, PassageTable)
    doc_ids = [d.doc_id for d in stored.documents]
    gone = doc_ids[1]
    kept_docs = [d for d in doc_ids if d != gone]
    position = {d: i for i, d in enumerate(kept_docs)}
    kept = np.flatnonzero(table.doc_rows != 1)
    added = [p for p in table if p.doc_id == gone][:3]  # stands for a new report's passages
    moved = {**position, gone: len(kept_docs)}
    copied, fresh = tmp_path / "copied", tmp_path / "fresh"
    copied.mkdir(), fresh.mkdir()
    write_passages(copied, Appended(table, kept, added, doc_ids), moved)
    write_passages(fresh, [*(table[int(i)] for i in kept), *added], moved)
    for name in (PASSAGES_FILE, ROWS_FILE, IDS_FILE):
        assert (copied / name).read_bytes() == (fresh / name).read_bytes(), name
