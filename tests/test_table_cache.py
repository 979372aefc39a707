"""The gazetteer's tables read back from the table cache (``index.metadata.tablecache``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.metadata import gazetteer as gazetteer_module
from index.metadata.tablecache import cached_tables


def test_tables_are_built_once_then_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path))
    source = tmp_path / "list.txt"
    source.write_text("a\n")
    built: list[int] = []

    def build() -> dict[str, tuple[int, ...]]:
        built.append(1)
        return {"a": (1, 2)}

    assert cached_tables("t", [source], build) == {"a": (1, 2)}
    assert cached_tables("t", [source], build) == {"a": (1, 2)}
    assert len(built) == 1
    source.write_text("a changed list\n")  # another size: built again, the old file replaced
    cached_tables("t", [source], build)
    assert len(built) == 2
    assert len(list(tmp_path.glob("tables-t-*.pickle"))) == 1


def test_a_damaged_cache_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path))
    source = tmp_path / "list.txt"
    source.write_text("a\n")
    cached_tables("t", [source], lambda: [1])
    (cache,) = tmp_path.glob("tables-t-*.pickle")
    cache.write_bytes(b"not a pickle")
    assert cached_tables("t", [source], lambda: [2]) == [2]


def test_the_gazetteer_read_back_is_the_one_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(tmp_path))
    built = gazetteer_module._built()
    sources = gazetteer_module._sources()
    first = cached_tables("gazetteer", sources, gazetteer_module._built)
    again = cached_tables("gazetteer", sources, lambda: pytest.fail("not read back"))
    assert again == first == built
    assert again.divisions("岔河镇") == built.divisions("岔河镇")
