"""How much of a generated report's metadata the build reads right."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from index.build.builder import make_document
from index.load.sources import SourceFile, read_text
from index.models import Document
from tests.generator.reports import Report

FIELDS = ("region", "level", "parent", "year", "publisher")


def read_generated(folder: Path, report: Report) -> Document:
    """The document the builder makes of a generated report's file."""
    path = folder / report.name
    source = SourceFile(path=path, source=report.name, text=read_text(path))
    return make_document(source, Path(report.name).stem, 300)[0]


def misses(report: Report, doc: Document) -> list[str]:
    """The fields read wrong, each with what was expected and found."""
    meta = doc.meta
    wrong = []
    checks = {
        "region": (report.region, meta.region),
        "level": (report.level, meta.level),
        "parent": (report.parents[-1], meta.parents[-1] if meta.parents else ""),
        "year": (report.year, meta.year),
    }
    if not any(p in report.text for p in report.parents):
        del checks["parent"]  # no parent named: which of the divisions so named cannot be told
    if report.publisher:
        checks["publisher"] = (report.publisher, meta.publisher)
    for name, (expected, found) in checks.items():
        if expected != found:
            wrong.append(f"{name}: expected {expected!r}, found {found!r}")
    return wrong


def accuracy(folder: Path, reports: Sequence[Report]) -> tuple[dict[str, float], list[str]]:
    """Share right per field (publisher: of the reports whose header states one), and the
    misses as ``file: field: expected …, found …``."""
    right = dict.fromkeys(FIELDS, 0)
    totals = dict.fromkeys(FIELDS, 0)
    notes = []
    for report in reports:
        wrong = misses(report, read_generated(folder, report))
        for name in FIELDS:
            if name == "publisher" and not report.publisher:
                continue
            if name == "parent" and not any(p in report.text for p in report.parents):
                continue
            totals[name] += 1
            right[name] += not any(w.startswith(name + ":") for w in wrong)
        notes += [f"{report.name}: {w}" for w in wrong]
    return {k: right[k] / totals[k] for k in FIELDS if totals[k]}, notes
