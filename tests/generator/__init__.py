"""A deterministic generator of 法治政府建设 reports for tests and benchmarks.

    from tests.generator import generate_reports
    reports = generate_reports(Path("out"), 200, seed=1)   # files + their known metadata

    python -m tests.generator OUT --n 200 --seed 1         # the same from a shell

Reports are for real divisions of every level (乡镇, 街道, 区县, 市, and county justice bureaus)
picked from the gazetteer, years 2020–2025, some in traditional script, as ``.txt``, ``.html``,
``.docx`` and ``.pdf`` (when a CJK font is installed). Each comes with the region, level,
parents, year and publisher a reader should find, and questions with the sentence answering them.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, replace
from pathlib import Path

from tests.generator.formats import FORMATS, cjk_font, script, write_report
from tests.generator.pages import assemble
from tests.generator.reports import YEARS, Question, Report, pick_division

__all__ = [
    "FORMATS",
    "Question",
    "Report",
    "cjk_font",
    "generate_reports",
    "make_reports",
    "write_questions",
]


def make_reports(n: int, seed: int = 0, traditional_share: float = 0.15) -> list[Report]:
    """``n`` reports (not written), the same for the same seed."""
    rng = random.Random(seed)
    reports = []
    for index in range(n):
        division, kind = pick_division(rng)
        year = rng.choice(list(YEARS))
        web = rng.random() < 0.6
        report = assemble(f"gen{seed}_{index:05d}", division, kind, year, rng, web)
        if rng.random() < traditional_share:
            report = replace(report, traditional=True)
        reports.append(report)
    return reports


def generate_reports(
    folder: Path,
    n: int,
    seed: int = 0,
    formats: tuple[str, ...] = FORMATS,
    traditional_share: float = 0.15,
) -> list[Report]:
    """Write ``n`` reports into ``folder`` (formats in turn; ``.pdf`` only with a CJK font) and
    a ``reports.jsonl`` of their known metadata; return them with their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    usable = tuple(f for f in formats if f != "pdf" or cjk_font())
    written = []
    for index, report in enumerate(make_reports(n, seed, traditional_share)):
        suffix = usable[index % len(usable)]
        name = write_report(folder, report, suffix)
        written.append(replace(report, name=name))
    with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
        for report in written:
            record = {k: v for k, v in asdict(report).items() if k not in ("head", "lines", "tail")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    write_questions(folder / "questions.jsonl", written)
    return written


def write_questions(path: Path, reports: list[Report]) -> None:
    """The reports' questions as an evaluation set (``eval/dev.jsonl`` format): the gold quote in
    the report's own script, as its file has it."""
    with path.open("w", encoding="utf-8") as out:
        for report in reports:
            for index, question in enumerate(report.questions):
                quote = script(report, question.quote)
                record = {
                    "id": f"{report.name}-q{index + 1}",
                    "question": question.question,
                    "lang": "zh",
                    "kind": "fact",
                    "gold": [{"file": report.name, "quote": quote}],
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    reports = generate_reports(args.folder, args.n, args.seed, tuple(args.formats.split(",")))
    print(f"wrote {len(reports)} reports to {args.folder}")
