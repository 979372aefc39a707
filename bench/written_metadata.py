"""Metadata read right on the reports written for the question sets (their ``meta.json``).

    python3 bench/written_metadata.py                 # every set of tests/eval with a meta.json
    python3 bench/written_metadata.py --sets fresh10 /path/to/set --show 20

Each report is read as the build reads it (file, title, header, metadata) and compared with what
its writer recorded: region (the place's own division; a department's report belongs to the place
its name opens with), level (places only), parent (where the report names it), year, publisher
(compared in simplified script). The writers were not shown the extractor, so these figures are
those of reports it was not fitted to when each set was first measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.build.reading import make_document  # noqa: E402
from index.load.script import to_simplified  # noqa: E402
from index.load.sources import load_sources  # noqa: E402
from index.models import Document  # noqa: E402

FIELDS = ("region", "level", "parent", "year", "publisher")
PLACE_LEVELS = ("省", "市", "区县", "乡镇", "街道")
ORGAN_ENDS = ("局", "厅", "委", "办", "院", "署")
SAME_LEVEL = {("乡镇", "街道"), ("市", "区县")}
"""A writer's level read as ours: a 街道 recorded among 乡镇, a county-level 市 among 市."""


def _without_parents(recorded: dict) -> str:
    region = recorded.get("region", "")
    for parent in recorded.get("parents", []):
        if region.startswith(parent) and len(region) > len(parent):
            region = region[len(parent) :]
    return region


def is_department(recorded: dict) -> bool:
    level = str(recorded.get("level", ""))
    return level.startswith("部门") or _without_parents(recorded).endswith(ORGAN_ENDS)


def own_division(recorded: dict) -> str:
    """The place a report is from: the recorded region without the parents written before it;
    for a department, the innermost place its publisher's name opens with (佛山市顺德区司法局:
    顺德区)."""
    region = _without_parents(recorded)
    if is_department(recorded):
        name, found = recorded.get("publisher", ""), ""
        own = [] if region.endswith(ORGAN_ENDS) else [region]
        for place in [*recorded.get("parents", []), *own]:
            if place and name.startswith(place) and len(name) > len(place):
                name, found = name[len(place) :], place
        return found or region
    return region


def expected_fields(recorded: dict, text: str) -> dict[str, object]:
    """The fields a report's writer recorded, as the metadata states them (level and parent for
    a place's own report; publisher without a note in brackets)."""
    fields: dict[str, object] = {"region": own_division(recorded), "year": recorded.get("year")}
    parents = recorded.get("parents", [])
    if recorded.get("level") in PLACE_LEVELS and not is_department(recorded):
        fields["level"] = recorded["level"]
        if parents and parents[-1] in to_simplified(text):
            fields["parent"] = parents[-1]
    if recorded.get("publisher"):
        fields["publisher"] = to_simplified(recorded["publisher"]).split("（")[0]
    return fields


def _agrees(field: str, expected: object, found: object) -> bool:
    return expected == found or (field == "level" and (expected, found) in SAME_LEVEL)


def found_fields(doc: Document) -> dict[str, object]:
    meta = doc.meta
    return {
        "region": meta.region,
        "level": meta.level,
        "parent": meta.parents[-1] if meta.parents else "",
        "year": meta.year,
        "publisher": to_simplified(meta.publisher),
    }


def set_misses(folder: Path) -> tuple[dict[str, list[int]], list[str]]:
    """Per field: [right, counted]; and the misses as ``set/file: field: expected, found``."""
    recorded = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    reports = folder / "reports" if (folder / "reports").is_dir() else folder
    tally = {name: [0, 0] for name in FIELDS}
    notes = []
    for source in load_sources([reports]).files:
        name = Path(source.source).name
        if name not in recorded:
            continue
        doc = make_document(source, Path(name).stem, 300)[0]
        expected, found = expected_fields(recorded[name], source.text), found_fields(doc)
        for field, value in expected.items():
            tally[field][1] += 1
            right = _agrees(field, value, found[field])
            tally[field][0] += right
            if not right:
                notes.append(f"{folder.name}/{name}: {field}: {value!r}, found {found[field]!r}")
    return tally, notes


def set_folders(names: Iterable[str]) -> list[Path]:
    folders = [Path(n) if Path(n).is_dir() else ROOT / "tests" / "eval" / n for n in names]
    return [f for f in folders if (f / "meta.json").is_file()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="*", help="set names of tests/eval or folders")
    parser.add_argument("--show", type=int, default=30, help="misses to print")
    args = parser.parse_args()
    written = (ROOT / "tests" / "eval").glob("*/meta.json")
    names = args.sets or sorted(p.parent.name for p in written)
    total = {name: [0, 0] for name in FIELDS}
    notes: list[str] = []
    for folder in set_folders(names):
        tally, misses = set_misses(folder)
        notes += misses
        shares = "  ".join(f"{f} {r}/{n}" for f, (r, n) in tally.items() if n)
        print(f"{folder.name:<10} {shares}")
        for field, (right, counted) in tally.items():
            total[field][0] += right
            total[field][1] += counted
    shares = "  ".join(f"{f} {r / n:.3f} ({r}/{n})" for f, (r, n) in total.items() if n)
    print(f"all        {shares}")
    for note in notes[: args.show]:
        print("  miss", note)


if __name__ == "__main__":
    main()
