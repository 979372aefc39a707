"""Milvus Lite for the tests: an in-process ``.db`` or its gRPC server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from index.store.milvus.client import MilvusAddress, parse_address

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def lite_address(folder: Path, prefix: str = "fazhi") -> MilvusAddress:
    return parse_address(str(folder / "milvus.db"), prefix, None, None)


class LiteServer:
    """``milvus-lite server`` as a child process bound to 127.0.0.1."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir)]
            + ["--host", HOST, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "milvus-lite server exited"
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("milvus-lite server did not start")

    @property
    def store(self) -> str:
        return f"milvus://{HOST}:{self.port}"

    def address(self, prefix: str = "fazhi") -> MilvusAddress:
        return parse_address(self.store, prefix, None, None)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
