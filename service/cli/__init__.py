"""The ``fazhi-qa`` command line: build, add, remove, docs, search, ask, serve, eval, migrate.

Start-up matters for one-shot commands: the heavy libraries (FAISS, the encoder, jieba,
pydantic models, FastAPI) are imported inside the commands that need them, never when the
package is imported (``python -X importtime -m service.cli --help``).
"""

from __future__ import annotations

import typer

from service.cli.build import build_command
from service.cli.documents import docs_command
from service.cli.evaluate import eval_bench_command, eval_command
from service.cli.query import ask_command, search_command
from service.cli.serve import serve_command
from service.cli.store import migrate_command
from service.cli.update import add_command, remove_command

app = typer.Typer(help="Q&A over 法治政府建设年度报告 with exact citations.", no_args_is_help=True)
for name, command in (
    ("build", build_command),
    ("add", add_command),
    ("remove", remove_command),
    ("docs", docs_command),
    ("search", search_command),
    ("ask", ask_command),
    ("serve", serve_command),
    ("eval", eval_command),
    ("eval-bench", eval_bench_command),
    ("migrate", migrate_command),
):
    app.command(name)(command)


def main() -> None:  # pragma: no cover
    app()
