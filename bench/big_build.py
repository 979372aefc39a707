"""Build of one very large report (default 100 MB) with the fake encoder: time and peak memory.

    nice /usr/bin/time -v python3 bench/big_build.py --mb 100 --work /tmp/big-build

The report is made from the seed reports' paragraphs, each copy changed (numbers, a swapped
character, a cut or an appended clause) so that most paragraphs are new and some are near or
exact duplicates of earlier ones, as in a real merged file. The encoder is ``fake:64`` (no model):
the figure is the builder's own work (loading, cleaning, duplicate removal, chunking, BM25,
writing). Run it under ``/usr/bin/time -v`` for the peak RSS ("Maximum resident set size").
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from index.builder import BuildOptions, build_index
from index.embedders import FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]


def make_report(target: Path, megabytes: float, seed: int = 17) -> int:
    """Write a report of about ``megabytes`` MB of UTF-8 to ``target``; its size in bytes."""
    rng = random.Random(seed)
    pool = [
        line.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if len(line.strip()) >= 20
    ]
    fillers = "镇区县市局委办法治政府建设行政复议执法规范监督宣传教育"
    limit = int(megabytes * 1024 * 1024)
    size = 0
    with target.open("w", encoding="utf-8") as out:
        out.write("某市2023年度法治政府建设情况报告\n")
        while size < limit:
            line = rng.choice(pool)
            if rng.random() < 0.85:  # most copies differ enough to be kept
                i = rng.randrange(len(line))
                noise = "".join(rng.choices(fillers, k=rng.randint(8, 40)))
                line = f"{line[:i]}{noise}{rng.randint(1, 99999)}{line[i:]}"
            written = line + "\n"
            out.write(written)
            size += len(written.encode("utf-8"))
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-big-build"))
    args = parser.parse_args()
    source = args.work / "src"
    source.mkdir(parents=True, exist_ok=True)
    report = source / "big.txt"
    started = time.perf_counter()
    size = make_report(report, args.mb)
    print(f"generated {size / 2**20:.1f} MB in {time.perf_counter() - started:.1f} s")
    options = BuildOptions(index_dir=args.work / "index", cache_path=None)
    started = time.perf_counter()
    built = build_index([source], FakeEmbedder(64), options)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"built {built.documents} document(s), {built.passages} passages, {built.windows} windows "
        f"in {elapsed:.1f} s; peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
