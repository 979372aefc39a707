"""Each question set's own corpus: the seed reports and the set's own reports, which its
unanswerable questions were checked against. Over every set's reports, another set's report may
answer one of them (a term, a place or a year it asks about), and it would be fitted as a
question the reports do not answer although they do."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from index.build.builder import BuildOptions, build_index
from index.config import Settings
from index.embed.embedders import Embedder, make_embedder
from index.load.sources import SUPPORTED_SUFFIXES
from qa.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SETS_DIR = ROOT / "tests" / "eval"


def set_names() -> tuple[str, ...]:
    """The sets of ``tests/eval`` that have a folder of their own (``<set>/questions.jsonl``),
    in natural order (fresh, fresh2, …, fresh10): each was written about reports the rules
    were not tuned on."""

    def natural(name: str) -> tuple[str, int]:
        stem = name.rstrip("0123456789")
        return stem, int(name[len(stem) :] or 0)

    found = (p.parent.name for p in SETS_DIR.glob("*/questions.jsonl"))
    return tuple(sorted(found, key=natural))


def corpus_of(set_name: str) -> tuple[Path, ...]:
    """The seed reports, and the reports of ``tests/eval/<set>/`` (its ``reports/`` folder, or
    the folder itself) when the set has a folder of its own."""
    folder = SETS_DIR / set_name
    reports = folder / "reports" if (folder / "reports").is_dir() else folder
    if not reports.is_dir() or not any(
        p.suffix.lower() in SUPPORTED_SUFFIXES for p in reports.iterdir()
    ):
        return (SEEDS,)  # questions about the seeds alone
    return (SEEDS, reports)


def own_engines(set_names: Iterable[str], root: Path, settings: Settings) -> dict[str, Engine]:
    """An engine per set over its own corpus, built under ``root`` (one index per distinct
    corpus; an unchanged one is left as it is) with the configured encoder and cache."""
    embedder = make_embedder(settings.encoder)
    loaded: dict[tuple[Path, ...], Engine] = {}
    engines: dict[str, Engine] = {}
    for name in set_names:
        corpus = corpus_of(name)
        if corpus not in loaded:
            loaded[corpus] = corpus_engine(corpus, root, embedder, settings)
        engines[name] = loaded[corpus]
    return engines


def corpus_engine(
    corpus: tuple[Path, ...], root: Path, embedder: Embedder, settings: Settings
) -> Engine:
    """The index of ``corpus`` under ``root`` (named by its last folder: ``seeds``, a set's
    name), built or kept when unchanged, loaded."""
    last = corpus[-1]
    folder = root / (last.parent.name if last.name == "reports" else last.name)
    options = BuildOptions(
        index_dir=folder,
        cache_path=settings.embedding_cache,
        index_type=settings.index_type,
        max_passage_chars=settings.max_passage_chars,
        keep_unchanged=True,
    )
    build_index(list(corpus), embedder, options)
    return Engine.load(folder, encoder=embedder, settings=settings)
