"""The build's read stage in worker processes gives what one process gives
(``index.build.reading``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import reading
from index.load.sources import SourceFile, load_sources


def test_reports_read_in_workers_are_the_reports_read_in_one_process(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = list(load_sources([seeds_dir]).files)
    copy = SourceFile(tmp_path / "copy.txt", "copy.txt", sources[0].text)  # a second copy
    empty = SourceFile(tmp_path / "empty.txt", "empty.txt", "\n\n")  # no paragraph text
    files = [*sources, copy, empty]
    monkeypatch.setattr(reading, "PARALLEL_REPORTS", 10_000)
    alone = reading.read_documents(files, 300)
    monkeypatch.setattr(reading, "PARALLEL_REPORTS", 2)
    done: list[int] = []
    workers = reading.read_documents(files, 300, done.append)
    assert workers == alone and sum(done) == len(files)
    skipped = {s.source: s.reason for s in workers[2]}
    assert "same content as" in skipped["copy.txt"] and "empty.txt" in skipped
