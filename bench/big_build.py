"""Build of one very large report (default 100 MB) with the fake encoder: time and peak memory.

    nice /usr/bin/time -v python3 bench/big_build.py --mb 100 --work /tmp/big-build

The report's paragraphs are runs of dictionary words drawn by frequency (varied text, like many
reports merged into one file) and seed lines, one in ten an exact or near copy of a recent one.
(A file made of a few lines repeated thousands of times, each copy changed a little, is not what
it measures: every kept variant of a line must then be checked against each new one.)
The encoder is ``fake:64`` (no model): the figure is the builder's own work (loading, cleaning,
duplicate removal, chunking, BM25, writing). Run it under ``/usr/bin/time -v`` for the peak
RSS ("Maximum resident set size").
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import time
from pathlib import Path

from index.build.builder import BuildOptions, build_index
from index.embed.embedders import FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]


def _vocabulary() -> tuple[list[str], list[float]]:
    """jieba's dictionary words (two characters or more) and their cumulative frequencies."""
    import jieba

    words, weights = [], []
    with jieba.get_dict_file() as handle:
        for raw in handle:
            word, freq, *_ = raw.decode("utf-8").split()
            if len(word) >= 2:
                words.append(word)
                weights.append(float(freq))
    return words, list(itertools.accumulate(weights))


def make_report(target: Path, megabytes: float, seed: int = 17) -> int:
    """Write a report of about ``megabytes`` MB of UTF-8 to ``target``; its size in bytes.

    Its paragraphs are runs of dictionary words drawn by their frequency (varied text, as many
    different reports merged into one file would be), with a seed report's line now and then;
    one paragraph in ten repeats a recent one, exactly or with one character changed."""
    rng = random.Random(seed)
    words, cumulative = _vocabulary()
    seeds = [
        line.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if len(line.strip()) >= 20
    ]
    recent: list[str] = []
    limit = int(megabytes * 1024 * 1024)
    size = 0
    with target.open("w", encoding="utf-8") as out:
        out.write("某市2023年度法治政府建设情况报告\n")
        while size < limit:
            roll = rng.random()
            if roll < 0.1 and recent:
                line = rng.choice(recent)
                if roll < 0.05:
                    i = rng.randrange(len(line))
                    line = line[:i] + "镇" + line[i + 1 :]
            elif roll < 0.15:
                line = rng.choice(seeds)
            else:
                picked = rng.choices(words, cum_weights=cumulative, k=rng.randint(20, 80))
                line = "".join(picked) + f"{rng.randint(1, 99999)}件。"
            recent = [*recent[-999:], line]
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
