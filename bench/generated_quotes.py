"""Generated reports' gold questions: is the quote in the top passage, in the top 5?

Prints the shares over every format (``.txt/.html/.docx/.pdf``) and over PDFs alone, searched
with the fake encoder (what is measured is the reading and chunking that puts a quote whole in
one passage, not the meaning model):

    python3 bench/generated_quotes.py --n 40 --seed 11
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def main() -> None:
    from index.build.builder import BuildOptions, build_index
    from index.embed.embedders import FakeEmbedder
    from index.load.script import to_simplified
    from qa import Engine
    from tests.generator import generate_reports

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reports = generate_reports(Path(tmp, "src"), args.n, seed=args.seed)
        index = Path(tmp, "index")
        build_index([Path(tmp, "src")], FakeEmbedder(32), BuildOptions(index_dir=index))
        engine = Engine.load(index, encoder="fake:32")
        counts = {"all": [0, 0, 0], "pdf": [0, 0, 0]}
        for report in reports:
            for question in report.questions:
                hits = engine.search(question.question, top_k=5).hits
                ranks = [
                    h.rank
                    for h in hits
                    if h.source == report.name and question.quote in to_simplified(h.text)
                ]
                kinds = ["all", "pdf"] if report.name.endswith(".pdf") else ["all"]
                for kind in kinds:
                    counts[kind][0] += 1
                    counts[kind][1] += bool(ranks) and min(ranks) == 1
                    counts[kind][2] += bool(ranks)
    for kind, (total, top1, top5) in counts.items():
        print(
            f"{kind}: {total} questions, quote in top passage {top1 / max(total, 1):.3f}, "
            f"in top 5 {top5 / max(total, 1):.3f}"
        )


if __name__ == "__main__":
    main()
