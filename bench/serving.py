"""``fazhi-qa serve`` on an index in a child process on a free port of 127.0.0.1, for the
benchmarks that measure over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def started_service(
    folder: str, encoder: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """The child process and its URL, once ``/readyz`` answers (at most ten minutes)."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child_env = {
        **os.environ,
        "FAZHI_INDEX_DIR": folder,
        "FAZHI_ENCODER": encoder,
        "FAZHI_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    child = subprocess.Popen(command, env=child_env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return child, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    child.kill()
    raise RuntimeError("the service did not get ready")
