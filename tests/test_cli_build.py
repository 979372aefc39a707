"""``fazhi-qa build`` names each skipped file once, with a clean reason."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app


def test_each_skipped_file_is_printed_once(
    seeds_dir: Path, tmp_path: Path, cache_env: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "003_fbe45d23903cb0be.txt", src)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\nbroken")
    (src / "empty.txt").write_bytes(b"")
    args = ["build", str(src), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("broken.pdf") == 1 and result.stderr.count("empty.txt") == 1
    assert "skipped broken.pdf: cannot read PDF file" in result.stderr
    assert "EOF marker" not in result.stderr and "Traceback" not in result.stderr
    assert "2 skipped" in " ".join(result.stdout.split())
    assert logging.getLogger("pypdf").getEffectiveLevel() > logging.WARNING
