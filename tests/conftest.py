"""Shared fixtures: the seed reports, one index built from them with the fake encoder, an engine.

The index is built once per test session with ``FakeEmbedder(64)`` (no model, deterministic) into
pytest's temporary folder, so no test writes into the repository's ``var/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.builder import BuildOptions, BuildReport, build_index
from index.embed.embedders import FakeEmbedder

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
FAKE_ENCODER = "fake:64"
FAKE_DIM = 64


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the five seed reports shipped with the repository."""
    assert SEEDS_DIR.is_dir(), f"seed reports not found at {SEEDS_DIR}"
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed texts by file stem (``000_8aada575c1984193`` …), exactly as the loader reads them."""
    from index.load.sources import read_text

    return {path.stem: read_text(path) for path in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def built_index_report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The report of the session's seed build (see ``built_index``)."""
    root = tmp_path_factory.mktemp("seed-index")
    options = BuildOptions(index_dir=root / "index", cache_path=root / "cache" / "emb.sqlite")
    return build_index([seeds_dir], FakeEmbedder(FAKE_DIM), options)


@pytest.fixture(scope="session")
def built_index(built_index_report: BuildReport) -> Path:
    """Folder of an index of the seed reports built with the fake encoder (``fake:64``).

    Shared by the whole session: treat it as read-only (copy it before damaging it).
    """
    return built_index_report.index_dir


@pytest.fixture(scope="session")
def engine(built_index: Path):  # -> qa.Engine
    """A ``qa.Engine`` over ``built_index`` with the matching fake encoder (read-only use)."""
    from qa import Engine

    return Engine.load(built_index, encoder=FAKE_ENCODER)


@pytest.fixture(scope="module")
def dense_off(built_index: Path):  # -> qa.Engine
    """Its own engine (never the shared one). Under the fake encoder the confidence model
    leaves the features of meaning at their fitted mean: words, amounts, terms and places
    decide."""
    from qa import Engine

    return Engine.load(built_index, encoder=FAKE_ENCODER)


@pytest.fixture(scope="module")
def lenient(built_index: Path):  # -> qa.Engine
    """Its own engine (never the shared one) answering whatever no verified fact rules out
    (threshold 0): for tests of answers, not of the answerability decision."""
    from qa import Engine

    engine = Engine.load(built_index, encoder=FAKE_ENCODER)
    engine.judge.threshold = 0.0
    return engine


@pytest.fixture
def cache_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point ``FAZHI_CACHE_DIR``/``FAZHI_INDEX_DIR`` at a temporary folder (never ``var/``)."""
    cache = tmp_path / "fazhi-cache"
    monkeypatch.setenv("FAZHI_CACHE_DIR", str(cache))
    monkeypatch.setenv("FAZHI_INDEX_DIR", str(tmp_path / "default-index"))
    return cache
