"""``fazhi-qa docs``: the indexed reports and their metadata."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from service.cli.common import EncoderOpt, IndexOpt, console, load_engine


def docs_command(
    index_dir: IndexOpt = None,
    encoder: EncoderOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the indexed reports and their metadata."""
    from rich.table import Table

    engine = load_engine(index_dir, encoder)
    rows = []
    counts = engine.passage_counts()
    for doc_id in engine.documents:
        doc = engine.document(doc_id)
        count = counts.get(doc.doc_id, 0)
        rows.append(
            {"doc_id": doc.doc_id, "source": doc.source, **doc.meta.to_dict(), "passages": count}
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(
        "doc_id", "title", "region", "level", "year", "publisher", "published", "passages"
    )
    for row in rows:
        table.add_row(
            row["doc_id"],
            row["title"],
            row["region"],
            row["level"],
            str(row["year"] or ""),
            row["publisher"],
            row["published"],
            str(row["passages"]),
        )
    console.print(table)
