"""Metadata read right on generated reports (region, level, parent, year, publisher).

python3 bench/metadata_accuracy.py            # 200 reports, seed 1
python3 bench/metadata_accuracy.py --n 500 --seed 7 --show 20
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.generator import generate_reports  # noqa: E402
from tests.generator.accuracy import accuracy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=10, help="misses to print")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reports = generate_reports(folder, args.n, args.seed)
        shares, notes = accuracy(folder, reports)
    print(f"{args.n} generated reports (seed {args.seed}):")
    for name, share in shares.items():
        print(f"  {name:<10} {share:.3f}")
    for note in notes[: args.show]:
        print("  miss", note)


if __name__ == "__main__":
    main()
