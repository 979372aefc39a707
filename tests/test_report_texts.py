"""Reports on disk (``index.store.folder.reports``): metadata in memory, texts and outlines read
when asked."""

from __future__ import annotations

import json
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from index.errors import IndexCorruptError
from index.models import Document, DocumentMeta
from index.store.folder import files as store
from index.store.folder.digests import file_hashes
from index.store.folder.files import load_index
from index.store.folder.reports import (
    DOCUMENTS_FILE,
    TEXTS_FILE,
    StoredDocument,
    quoted_names,
    read_reports,
    title_words,
    write_reports,
)


def test_reports_keep_their_texts_on_disk(built_index: Path, seed_texts: dict[str, str]) -> None:
    documents = load_index(built_index).documents
    assert all(isinstance(d, StoredDocument) for d in documents)
    lines = (built_index / DOCUMENTS_FILE).read_text("utf-8").splitlines()
    assert not any({"text", "headings"} & set(json.loads(line)) for line in lines)
    assert {d.doc_id: d.text for d in documents} == seed_texts
    held = ("text", "headings", "duplicates", "removed")
    assert not any(name in d.__dict__ for d in documents for name in held)  # read when asked
    assert all(d.headings for d in documents)


def test_a_stored_report_is_the_report_it_was(built_index: Path, tmp_path: Path) -> None:
    stored = load_index(built_index).documents[0]
    plain = Document(**{f: getattr(stored, f) for f in Document.__dataclass_fields__})
    assert stored == plain and plain == stored and hash(stored) == hash(plain)
    again = pickle.loads(pickle.dumps(stored))  # to another process: a plain report
    assert type(again) is Document and again == plain
    changed = replace(stored, text="改写" + stored.text[2:], headings=stored.headings[:1])
    assert changed.text.startswith("改写") and stored.text == plain.text
    write_reports(tmp_path, [stored, changed])  # a stored text is copied as its bytes
    first, second = read_reports(tmp_path)
    assert (first.text, second.text) == (plain.text, changed.text)
    assert first == plain and second == changed and second.headings == plain.headings[:1]


def test_quoted_names_and_title_words_are_found_at_build(tmp_path: Path) -> None:
    meta = DocumentMeta(title="溪湖区2023年法治政府建设报告")
    doc = Document("d1", "d1.txt", "推行“援法议事”和「法律明白人」制度，“法治”。", "h", meta)
    assert quoted_names(doc) == ("援法议事", "法律明白人")
    words = title_words(doc)
    assert "法治" in words and len(words) == len(set(words))
    write_reports(tmp_path, [doc])
    line = json.loads((tmp_path / DOCUMENTS_FILE).read_text("utf-8"))
    assert line["quoted"] == ["援法议事", "法律明白人"] and line["title_words"] == list(words)
    (stored,) = read_reports(tmp_path)
    assert quoted_names(stored) == ("援法议事", "法律明白人") and title_words(stored) == words
    assert stored.__dict__["_title_words"] == words  # read, not cut again


def test_a_text_outside_the_file_is_a_damaged_index(built_index: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(built_index, tmp_path / "index"))
    (copy / TEXTS_FILE).write_bytes((copy / TEXTS_FILE).read_bytes()[:100])
    manifest = json.loads((copy / store.MANIFEST).read_text("utf-8"))
    manifest["files"] = file_hashes(copy)
    (copy / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexCorruptError, match="rebuild"):
        load_index(copy)


def test_an_index_of_an_older_format_asks_for_a_forced_rebuild(
    built_index: Path, tmp_path: Path
) -> None:
    copy = Path(shutil.copytree(built_index, tmp_path / "index"))
    manifest = json.loads((copy / store.MANIFEST).read_text("utf-8"))
    manifest["format_version"] = store.FORMAT_VERSION - 1
    (copy / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexCorruptError, match="fazhi-qa build --force"):
        load_index(copy)


def test_the_engine_quotes_reports_read_from_disk(engine) -> None:  # noqa: ANN001
    result = engine.search("行政复议", top_k=3)
    for hit in result.hits:
        doc = engine.documents[hit.doc_id]
        assert isinstance(doc, StoredDocument)
        assert doc.text[hit.start : hit.end] == hit.text
